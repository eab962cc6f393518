#include "link_sim.hpp"

#include <chrono>

#include "sim_clock_impl.hpp"
#include "verilated.h"

namespace synfire::board {

LinkSim::LinkSim(const std::string& config, const std::string& trace_path)
    : clock_([&](VerilatedContext* ctx) { return make_link_model(config, ctx); }, trace_path,
             std::string(SYNFIRE_TRACE_DIR) + "/link_" + config + ".fst") {
  LinkPinsIn in;
  in.rst_n = false;
  clock_.model().set_inputs(in);
  for (int i = 0; i < 4; ++i) tick();
  in.rst_n = true;
  clock_.model().set_inputs(in);
  tick();
}

LinkSim::~LinkSim() = default;

void LinkSim::push(const uint8_t* data, size_t n) { in_.insert(in_.end(), data, data + n); }

void LinkSim::tick() {
  // Inputs change in the low phase, away from the rising edge.
  clock_.fall();
  clock_.rise();
}

uint64_t LinkSim::run(uint64_t max_cycles) {
  LinkPinsIn in;
  in.rst_n = true;
  in.out_ready = true;
  uint64_t n = 0;
  bool got = false;
  for (; n < max_cycles; ++n) {
    const LinkPinsOut o = clock_.model().outputs();
    // A byte offered before this edge is taken at it (out_ready stays high).
    if (o.out_valid) {
      out_.push_back(o.out_data);
      got = true;
    } else if (got && in_.empty()) {
      break;  // a burst of output ended
    }
    // Idle only counts once the last input byte has had time to pass the
    // receive pipeline (decoder, CRC, ring commit: a few cycles).
    quiet_ = in.in_valid ? 0 : quiet_ + 1;
    idle_ = o.idle && !o.out_valid && quiet_ > kSettleCycles;
    if (idle_ && in_.empty()) break;
    in.in_valid = !in_.empty();
    if (in.in_valid) {
      in.in_data = in_.front();
      in_.pop_front();
    }
    clock_.model().set_inputs(in);
    tick();
  }
  return n;
}

namespace {

class SimTransport final : public link::Transport {
 public:
  explicit SimTransport(const std::string& config) : sim_(config) {}

  void write(std::span<const uint8_t> data, uint32_t) override {
    sim_.push(data.data(), data.size());
  }

  size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) override {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
    std::deque<uint8_t>& out = sim_.output();
    while (out.empty() && timeout_ms > 0 && !sim_.idle()) {
      sim_.run(1 << 16);
      if (clock::now() >= deadline) break;
    }
    size_t n = 0;
    while (n < buf.size() && !out.empty()) {
      buf[n++] = out.front();
      out.pop_front();
    }
    return n;
  }

  void discard_input() override { sim_.output().clear(); }
  std::string name() const override { return "sim"; }

 private:
  LinkSim sim_;
};

}  // namespace

std::unique_ptr<link::Transport> open_sim_transport(const std::string& config) {
  return std::make_unique<SimTransport>(config);
}

}  // namespace synfire::board
