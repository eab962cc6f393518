// VerilatedAdapter: what every generated adapter (sim/core/core_model_adapter
// .cpp.in, sim/link/link_model_adapter.cpp.in) shares: the Verilator top
// `Top` of one PREFIX, its clock, evaluation, FST trace and final blocks. A
// generated adapter adds only its pin mapping (set_inputs, outputs) and
// factory. Include it only from generated adapters: it pulls in Verilator's
// headers.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace synfire::sim {

template <class Top, class Model>
class VerilatedAdapter : public Model {
 public:
  using Params = typename Model::ParamsType;
  VerilatedAdapter(VerilatedContext* ctx, Params params)
      : params_(std::move(params)), top_(std::make_unique<Top>(ctx)) {}
  ~VerilatedAdapter() override { close_trace(); }

  const Params& params() const override { return params_; }
  void set_clock(bool clk) override { top_->clk_i = clk; }
  void eval() override { top_->eval(); }
  void open_trace(const std::string& path) override {
    trace_ = std::make_unique<VerilatedFstC>();
    top_->trace(trace_.get(), 99);
    trace_->open(path.c_str());
  }
  void dump_trace(uint64_t time) override {
    if (trace_) trace_->dump(time);
  }
  void close_trace() override {
    if (trace_) trace_->close();
    trace_.reset();
  }
  void finish() override { top_->final(); }

 protected:
  Top& top() { return *top_; }
  const Top& top() const { return *top_; }

 private:
  Params params_;
  std::unique_ptr<Top> top_;
  std::unique_ptr<VerilatedFstC> trace_;
};

}  // namespace synfire::sim
