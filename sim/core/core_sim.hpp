// CoreSim: the controller of one verilated syn_core. It owns the Verilator
// context and model, drives the clock and reset, bounds every blocking call
// by a cycle limit, writes an FST trace on request, and drives the control
// port: reads, writes, the axon/pending lists, OpClear and OpStep with the
// spike stream collected per step.
//
// Every blocking call throws std::runtime_error naming what it waited for
// when the core does not finish within the cycle limit. The trace (if any)
// is closed by the destructor, so a test that fails by exception keeps it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core_model.hpp"
#include "core_port.hpp"
#include "sim_clock.hpp"

class VerilatedContext;

namespace synfire::rtl {

struct StepResult {
  uint32_t step = 0;             // the step counter t of this step
  std::vector<uint16_t> spikes;  // neurons that spiked, ascending
  uint64_t cycles = 0;           // OpStep accepted to core idle again
};

class CoreSim {
 public:
  // Makes configuration `config` (core_configs()) and resets it. An FST trace
  // goes to <build>/traces/<trace_name>.fst when trace_name is not empty, or
  // to <build>/traces/<config>.fst when the environment sets SYNFIRE_TRACE.
  explicit CoreSim(const std::string& config, const std::string& trace_name = "");
  ~CoreSim();
  CoreSim(const CoreSim&) = delete;
  CoreSim& operator=(const CoreSim&) = delete;

  const CoreParams& params() const { return clock_.model().params(); }
  uint64_t cycles() const { return clock_.cycles(); }
  // Path of the trace being written, empty without one.
  const std::string& trace_path() const { return clock_.trace_path(); }
  void close_trace() { clock_.close_trace(); }

  // Holds reset for a few cycles; queued commands and collected words are dropped.
  void reset();
  // One clock cycle: inputs applied in the low phase, outputs sampled before the edge.
  // Never inlined: tests/speed counts its calls to measure instructions per cycle.
  [[gnu::noinline]] void tick();
  // Cycles one blocking call may take before it throws (default 50 M).
  void set_cycle_limit(uint64_t limit) { cycle_limit_ = limit; }
  // Consumer back-pressure: each cycle the spike and response channels are
  // ready with these probabilities (1 = always), drawn from `seed`.
  void set_ready_probability(double spikes, double responses, uint64_t seed);

  // Port transactions.
  void write(uint32_t addr, uint32_t data);
  uint32_t read(uint32_t addr);
  // Pipelined: one command per cycle while the core accepts them.
  void write_many(std::span<const uint32_t> addrs, std::span<const uint32_t> data);
  std::vector<uint32_t> read_many(std::span<const uint32_t> addrs);
  // Any command, as is (for tests of the error handling); waits until executed.
  void command(port::Op op, uint32_t addr, uint32_t data);
  // The same op with each data word, back to back (one every other cycle:
  // the core reads the data in the cycle after it takes it), then waits.
  void command_burst(port::Op op, std::span<const uint32_t> data);
  // OpClear, then waits until the core is idle.
  void clear();
  // Queues the axons (sorted, duplicates dropped: the model's semantics),
  // runs OpStep and returns its spikes.
  StepResult step(std::span<const uint16_t> axons);
  // The pins after the last cycle.
  const PinsOut& pins() const { return out_; }
  // The core's status bits (a register read).
  uint32_t status() { return read(port::reg_addr(port::kRegStatus)); }

 private:
  struct Cmd {
    port::Op op;
    uint32_t addr;
    uint32_t data;
  };
  void run_until(const std::function<bool()>& done, const std::string& what);
  void drain(const std::string& what);

  sim::SimClock<CoreModel> clock_;
  uint64_t cycle_limit_ = 50'000'000;
  PinsIn in_;
  PinsOut out_;
  std::deque<Cmd> queue_;
  bool held_ = false;  // the last cycle's command was taken: its data stays on the pins
  size_t reads_in_flight_ = 0;
  std::vector<uint32_t> responses_;
  std::vector<uint32_t> spike_words_;
  bool step_accepted_ = false;
  uint64_t last_accept_cycle_ = 0;
  uint64_t step_start_cycle_ = 0;
  double spk_ready_p_ = 1.0;
  double rsp_ready_p_ = 1.0;
  std::mt19937_64 rng_{1};
};

}  // namespace synfire::rtl
