// SimClock: the controller every C++ simulation of a verilated model shares
// (CoreSim, LinkSim; after ibex's VerilatorSimCtrl): it owns the Verilator
// context and the model, opens the FST trace on request, clocks the model in
// two phases and counts cycles, and on destruction closes the trace (so a test
// that fails by exception keeps its waveform) and runs the final blocks.
//
// This header does not include Verilator's, so the owner's users need none:
// the owner includes sim_clock_impl.hpp (constructor and destructor, with
// verilated.h) in the one .cpp that constructs and destroys it, and declares
// its own destructor there.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

class VerilatedContext;

namespace synfire::sim {

template <class Model>
class SimClock {
 public:
  // Makes a model with `make(ctx)`. The trace goes to `trace_path` if it is
  // not empty, else to `env_trace_path` if the environment sets
  // SYNFIRE_TRACE, else nowhere.
  SimClock(const std::function<std::unique_ptr<Model>(VerilatedContext*)>& make,
           const std::string& trace_path, const std::string& env_trace_path);
  ~SimClock();
  SimClock(const SimClock&) = delete;
  SimClock& operator=(const SimClock&) = delete;

  Model& model() { return *model_; }
  const Model& model() const { return *model_; }
  uint64_t cycles() const { return cycles_; }
  // Empty without a trace.
  const std::string& trace_path() const { return trace_path_; }
  void close_trace() { model_->close_trace(); }

  // The low phase of a cycle: inputs set before it are seen (away from the
  // sampling edge); outputs read after it are those the rising edge samples.
  void fall() {
    model_->set_clock(false);
    model_->eval();
    if (tracing_) model_->dump_trace(2 * cycles_);
  }
  // The rising edge that ends the cycle.
  void rise() {
    model_->set_clock(true);
    model_->eval();
    if (tracing_) model_->dump_trace(2 * cycles_ + 1);
    ++cycles_;
  }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> model_;
  std::string trace_path_;
  bool tracing_ = false;
  uint64_t cycles_ = 0;
};

}  // namespace synfire::sim
