// SimClock's constructor and destructor (sim_clock.hpp): included by the one
// .cpp of each owner (CoreSim, LinkSim), with Verilator's header.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "sim_clock.hpp"
#include "verilated.h"

namespace synfire::sim {

// The trace goes to `trace_path` if it is not empty, else to `env_trace_path`
// if the environment sets SYNFIRE_TRACE, else nowhere.
template <class Model>
SimClock<Model>::SimClock(const std::function<std::unique_ptr<Model>(VerilatedContext*)>& make,
                          const std::string& trace_path, const std::string& env_trace_path)
    : ctx_(std::make_unique<VerilatedContext>()) {
  trace_path_ = trace_path;
  if (trace_path_.empty() && std::getenv("SYNFIRE_TRACE") != nullptr) trace_path_ = env_trace_path;
  tracing_ = !trace_path_.empty();
  if (tracing_) ctx_->traceEverOn(true);
  model_ = make(ctx_.get());
  if (tracing_) {
    std::filesystem::create_directories(std::filesystem::path(trace_path_).parent_path());
    model_->open_trace(trace_path_);
  }
}

template <class Model>
SimClock<Model>::~SimClock() {
  model_->close_trace();
  model_->finish();
}

}  // namespace synfire::sim
