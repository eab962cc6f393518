// The byte-stream pins of one verilated syn_linked_core (the link protocol in
// front of the core, without the UART), whatever its parameters. Each
// parameter set is verilated with its own PREFIX (sim/link/CMakeLists.txt)
// behind this interface, so a back end picks a configuration by name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim_model.hpp"

class VerilatedContext;

namespace synfire::board {

// The parameters a configuration was verilated with.
struct LinkParams {
  std::string name;
  uint32_t neurons;          // N
  uint32_t inputs;           // M
  uint32_t weight_bits;
  uint32_t lanes;            // synapse lanes
  bool plastic_per_synapse;
  uint32_t weight_ram;       // syn_pkg::WramXxx
  uint32_t clock_hz;         // reported by INFO
};

struct LinkPinsIn {
  bool rst_n = false;
  bool in_valid = false;
  uint8_t in_data = 0;
  bool out_ready = true;
};

struct LinkPinsOut {
  bool out_valid = false;
  uint8_t out_data = 0;
  bool idle = false;
};

using LinkModel = sim::SimModel<LinkParams, LinkPinsIn, LinkPinsOut>;

// Names of the parameter sets linked in.
std::vector<std::string> link_configs();

// Makes the model of a configuration in `ctx`; throws std::invalid_argument
// naming the known configurations for an unknown name.
std::unique_ptr<LinkModel> make_link_model(const std::string& name, VerilatedContext* ctx);

}  // namespace synfire::board
