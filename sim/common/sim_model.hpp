// SimModel: the interface of one verilated top behind a parameter-independent
// adapter (sim/core: syn_core, sim/link: syn_linked_core). Every parameter set
// is verilated with its own PREFIX; an adapter generated for it
// (verilated_adapter.hpp) maps its pins to Pins structs, so code picks a
// configuration by name at run time.
#pragma once

#include <cstdint>
#include <string>

namespace synfire::sim {

template <class Params, class PinsIn, class PinsOut>
class SimModel {
 public:
  using ParamsType = Params;
  using PinsInType = PinsIn;
  using PinsOutType = PinsOut;
  virtual ~SimModel() = default;
  virtual const Params& params() const = 0;
  virtual void set_clock(bool clk) = 0;
  virtual void set_inputs(const PinsIn& in) = 0;
  virtual void eval() = 0;
  virtual PinsOut outputs() const = 0;
  // FST tracing: the context must have traceEverOn(true) before the model was made.
  virtual void open_trace(const std::string& path) = 0;
  virtual void dump_trace(uint64_t time) = 0;
  virtual void close_trace() = 0;
  // Runs the model's final blocks.
  virtual void finish() = 0;
};

}  // namespace synfire::sim
