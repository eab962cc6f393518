// The `sim` back end: the link and the core (syn_linked_core) verilated for C++
// and driven byte by byte in this process, through the same protocol back end
// as a board (docs/protocol.md). It sits above the host driver: the driver
// knows nothing of Verilator.
#pragma once

#include <memory>

#include "backend.hpp"

namespace synfire {

// The N = 256, M = 256 configuration with a plastic flag per synapse
// ("sim256"). Throws BackendError if the model cannot be built.
std::unique_ptr<Backend> make_sim_backend();

}  // namespace synfire
