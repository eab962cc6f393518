// LinkSim: the controller of one verilated syn_linked_core (link protocol and
// core, byte streams without the UART). It owns the Verilator context and
// model, drives clock and reset, moves bytes in and out one per cycle, and
// writes an FST trace on request (SYNFIRE_TRACE=1 in the environment, or a
// path given here; written under the build tree).
//
// SimTransport puts it behind the link::Transport interface, so the host's
// protocol code talks to the RTL in this process exactly as to a board:
// only the bit-level UART timing is skipped.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "link_model.hpp"
#include "sim_clock.hpp"
#include "transport.hpp"

class VerilatedContext;

namespace synfire::board {

class LinkSim {
 public:
  // Makes configuration `config` (link_configs()) and resets it.
  explicit LinkSim(const std::string& config, const std::string& trace_path = "");
  ~LinkSim();
  LinkSim(const LinkSim&) = delete;
  LinkSim& operator=(const LinkSim&) = delete;

  const LinkParams& params() const { return clock_.model().params(); }
  uint64_t cycles() const { return clock_.cycles(); }

  // Queues bytes for the board's input (one enters per cycle).
  void push(const uint8_t* data, size_t n);
  // Runs up to `max_cycles` cycles, stopping early once output bytes have
  // arrived and the output has paused, or once the board is idle with no
  // input left. Returns the cycles run.
  uint64_t run(uint64_t max_cycles);
  // Bytes the board has sent and nobody took yet.
  std::deque<uint8_t>& output() { return out_; }
  bool idle() const { return idle_ && in_.empty(); }

 private:
  // Never inlined: tests/speed counts its calls to measure instructions per cycle.
  [[gnu::noinline]] void tick();
  sim::SimClock<LinkModel> clock_;
  std::deque<uint8_t> in_, out_;
  // Cycles after the last input byte before an idle board is believed.
  static constexpr uint64_t kSettleCycles = 16;
  uint64_t quiet_ = 0;
  bool idle_ = false;
};

// The Transport over a LinkSim of configuration `config`.
std::unique_ptr<link::Transport> open_sim_transport(const std::string& config);

}  // namespace synfire::board
