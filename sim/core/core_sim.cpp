#include "core_sim.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim_clock_impl.hpp"
#include "verilated.h"

namespace synfire::rtl {

CoreSim::CoreSim(const std::string& config, const std::string& trace_name)
    : clock_([&](VerilatedContext* ctx) { return make_core_model(config, ctx); },
             trace_name.empty() ? "" : std::string(SYNFIRE_TRACE_DIR) + "/" + trace_name + ".fst",
             std::string(SYNFIRE_TRACE_DIR) + "/" + config + ".fst") {
  reset();
}

CoreSim::~CoreSim() = default;

void CoreSim::set_ready_probability(double spikes, double responses, uint64_t seed) {
  spk_ready_p_ = spikes;
  rsp_ready_p_ = responses;
  rng_.seed(seed);
}

void CoreSim::reset() {
  queue_.clear();
  responses_.clear();
  spike_words_.clear();
  reads_in_flight_ = 0;
  step_accepted_ = false;
  held_ = false;
  in_ = PinsIn{};
  in_.rst_n = false;
  for (int k = 0; k < 4; ++k) tick();
  in_.rst_n = true;
  tick();
}

void CoreSim::tick() {
  // Low phase: present this cycle's inputs (away from the sampling edge).
  // The core reads a command's data in the cycle after taking it: the data
  // of a command taken in the last cycle stays on the pins for this one.
  in_.cmd_valid = in_.rst_n && !queue_.empty() && !held_;
  if (in_.cmd_valid) {
    in_.cmd_op = static_cast<uint8_t>(queue_.front().op);
    in_.cmd_addr = queue_.front().addr;
    in_.cmd_data = queue_.front().data;
  }
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  in_.spk_ready = spk_ready_p_ >= 1.0 || coin(rng_) < spk_ready_p_;
  in_.rsp_ready = rsp_ready_p_ >= 1.0 || coin(rng_) < rsp_ready_p_;
  CoreModel& model = clock_.model();
  model.set_inputs(in_);
  clock_.fall();
  out_ = model.outputs();
  const bool cmd_fire = in_.cmd_valid && out_.cmd_ready;
  const bool rsp_fire = out_.rsp_valid && in_.rsp_ready;
  const bool spk_fire = out_.spk_valid && in_.spk_ready;

  // Rising edge.
  clock_.rise();
  const uint64_t cycles = clock_.cycles();

  held_ = cmd_fire;
  if (cmd_fire) {
    last_accept_cycle_ = cycles - 1;
    if (queue_.front().op == port::Op::kStep) {
      step_accepted_ = true;
      step_start_cycle_ = cycles - 1;
    }
    queue_.pop_front();
  }
  if (rsp_fire) {
    responses_.push_back(out_.rsp_data);
    --reads_in_flight_;
  }
  if (spk_fire) spike_words_.push_back(out_.spk_data);
  out_ = model.outputs();
}

void CoreSim::run_until(const std::function<bool()>& done, const std::string& what) {
  const uint64_t start = clock_.cycles();
  while (!done()) {
    if (clock_.cycles() - start >= cycle_limit_) {
      throw std::runtime_error("core " + params().name + ": " + what + " took more than " +
                               std::to_string(cycle_limit_) + " cycles");
    }
    tick();
  }
}

// Waits until every queued command is accepted and executed (the core
// executes a command the cycle after accepting it), every read answered
// and the core is idle.
void CoreSim::drain(const std::string& what) {
  run_until([&] {
    return queue_.empty() && reads_in_flight_ == 0 && !out_.busy &&
           clock_.cycles() > last_accept_cycle_ + 1;
  }, what);
}

void CoreSim::write(uint32_t addr, uint32_t data) {
  queue_.push_back({port::Op::kWrite, addr, data});
  drain("write");
}

uint32_t CoreSim::read(uint32_t addr) {
  responses_.clear();
  queue_.push_back({port::Op::kRead, addr, 0});
  ++reads_in_flight_;
  drain("read");
  return responses_.at(0);
}

void CoreSim::write_many(std::span<const uint32_t> addrs, std::span<const uint32_t> data) {
  if (addrs.size() != data.size()) throw std::invalid_argument("write_many: size mismatch");
  for (size_t k = 0; k < addrs.size(); ++k) queue_.push_back({port::Op::kWrite, addrs[k], data[k]});
  drain("burst write");
}

std::vector<uint32_t> CoreSim::read_many(std::span<const uint32_t> addrs) {
  responses_.clear();
  for (uint32_t a : addrs) queue_.push_back({port::Op::kRead, a, 0});
  reads_in_flight_ += addrs.size();
  drain("burst read");
  return std::move(responses_);
}

void CoreSim::command(port::Op op, uint32_t addr, uint32_t data) {
  if (op == port::Op::kRead) {
    read(addr);
    return;
  }
  queue_.push_back({op, addr, data});
  drain("command");
}

void CoreSim::command_burst(port::Op op, std::span<const uint32_t> data) {
  for (uint32_t d : data) queue_.push_back({op, 0, d});
  drain("command burst");
}

void CoreSim::clear() { command(port::Op::kClear, 0, 0); }

StepResult CoreSim::step(std::span<const uint16_t> axons) {
  std::vector<uint16_t> sorted(axons.begin(), axons.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (uint16_t a : sorted) queue_.push_back({port::Op::kAxon, 0, a});
  queue_.push_back({port::Op::kStep, 0, 0});
  spike_words_.clear();
  step_accepted_ = false;
  const auto eos = [&] {
    return !spike_words_.empty() && (spike_words_.back() >> port::kSpkEosBit) != 0;
  };
  run_until([&] { return step_accepted_ && eos() && !out_.busy; }, "step");

  StepResult r;
  r.cycles = clock_.cycles() - step_start_cycle_;
  const uint32_t last = spike_words_.back();
  r.step = (last >> 16) & 0x7FFF;
  for (size_t k = 0; k + 1 < spike_words_.size(); ++k) {
    const uint32_t w = spike_words_[k];
    if ((w >> port::kSpkEosBit) != 0 || ((w >> 16) & 0x7FFF) != r.step) {
      throw std::runtime_error("core " + params().name + ": malformed spike word " +
                               std::to_string(w) + " in step " + std::to_string(r.step));
    }
    r.spikes.push_back(static_cast<uint16_t>(w & 0xFFFF));
  }
  if ((last & 0xFFFF) != r.spikes.size()) {
    throw std::runtime_error("core " + params().name + ": end-of-step word counts " +
                             std::to_string(last & 0xFFFF) + " spikes but " +
                             std::to_string(r.spikes.size()) + " arrived");
  }
  return r;
}

}  // namespace synfire::rtl
