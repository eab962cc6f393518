// The byte-stream pins of one verilated syn_link_core (the link protocol in
// front of the core, without the UART), whatever its parameters. Each
// parameter set is verilated with its own PREFIX (sim/board/CMakeLists.txt)
// behind this interface, so a back end picks a configuration by name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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

class LinkModel {
 public:
  virtual ~LinkModel() = default;
  virtual const LinkParams& params() const = 0;
  virtual void set_clock(bool clk) = 0;
  virtual void set_inputs(const LinkPinsIn& in) = 0;
  virtual void eval() = 0;
  virtual LinkPinsOut outputs() const = 0;
  // FST tracing: the context must have traceEverOn(true) before the model was made.
  virtual void open_trace(const std::string& path) = 0;
  virtual void dump_trace(uint64_t time) = 0;
  virtual void close_trace() = 0;
  virtual void finish() = 0;
};

// Names of the parameter sets linked in.
std::vector<std::string> link_configs();

// Makes the model of a configuration in `ctx`; throws std::invalid_argument
// naming the known configurations for an unknown name.
std::unique_ptr<LinkModel> make_link_model(const std::string& name, VerilatedContext* ctx);

}  // namespace synfire::board
