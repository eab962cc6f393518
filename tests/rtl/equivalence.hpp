// Runs one network on the verilated core and on the reference model side by
// side and names the first difference.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core_sim.hpp"
#include "network.hpp"

namespace synfire::rtl::test {

struct RunStats {
  uint64_t steps = 0;
  uint64_t spikes = 0;
  uint64_t cycles = 0;  // step cycles only (not the readback)
};

// Loads `net` into `sim`, runs inputs.size() steps on both, and after every
// step compares the spikes, u, v, adapt, refractory counter and both traces
// of every neuron and every axon trace; at the end every weight and plastic
// flag. With check_every = k > 1 the neuron and trace state is compared
// every k steps only (spikes always). Returns "" if all agree, otherwise one
// line naming the step, the neuron/axon/synapse, the field and both values.
std::string compare_run(CoreSim& sim, const Network& net,
                        const std::vector<std::vector<uint16_t>>& inputs, RunStats* stats = nullptr,
                        int check_every = 1);

}  // namespace synfire::rtl::test
