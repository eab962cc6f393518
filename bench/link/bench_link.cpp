// bench_link: what the link protocol costs on the line and how fast the
// virtual board simulates. Prints one JSON object per measurement on stdout:
//   upload: payload bytes / line bytes, line time at the board's baud and the
//           board's simulated time for 256 x 256 networks (dense and sparse);
//   spikes: line bytes per output spike and stream efficiency at 1 % and 10 %
//           of the neurons spiking per step;
//   step:   cycles and microseconds per timestep of the whole board (link
//           and core, inputs arriving over the UART), bench_rtl's workload at
//           1 % activity with learning on: the difference of two runs'
//           simulated time, so that setting up and uploading cancel out;
//   speed:  the virtual board's simulated cycles per wall-clock second, and
//           the in-process RTL's steps per second.
// Every measurement runs on the virtual board (ice40 configuration: N=256,
// M=256, 24 MHz, 3 Mbaud), through its pseudo-terminal and bit-level UART.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "activity_network.hpp"
#include "board_process.hpp"
#include "counting_transport.hpp"
#include "device_backend.hpp"
#include "random_network.hpp"
#include "sim_backend.hpp"

using namespace synfire;

namespace {

void emit(const std::string& metric, double value, const std::string& unit,
          const std::string& extra = "") {
  std::printf("{\"bench\": \"link\", \"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"%s%s}\n",
              metric.c_str(), value, unit.c_str(), extra.empty() ? "" : ", ", extra.c_str());
  std::fflush(stdout);
}

struct Session {
  board::BoardProcess board{SYNFIRE_BOARD_BIN, {"--config", "ice40"}};
  link::CountingTransport* counter = nullptr;
  std::unique_ptr<Backend> backend;
  Session() {
    auto t = std::make_unique<link::CountingTransport>(link::open_serial(board.port(), 3000000));
    counter = t.get();
    backend = link::make_device_backend(
        std::make_unique<link::Device>(std::move(t), 20000), board.port());
  }
};

Network random_dense(std::mt19937& rng, int n, int m, int density_pct) {
  Network net = Network::empty(n, m);
  std::uniform_int_distribution<int> w(-128, 127), pct(0, 99);
  for (auto& x : net.w_rec) x = pct(rng) < density_pct ? static_cast<int8_t>(w(rng)) : 0;
  for (auto& x : net.w_in) x = pct(rng) < density_pct ? static_cast<int8_t>(w(rng)) : 0;
  // One plastic flag per row (the iCE40 board stores them so).
  for (int r = 0; r < n; ++r) {
    const uint8_t f = static_cast<uint8_t>(rng() & 1);
    for (int j = 0; j < n; ++j) net.plastic_rec[static_cast<size_t>(r) * n + j] = f;
  }
  for (auto& p : net.params) {
    p.threshold = 1000 + static_cast<int>(rng() % 1000);
    p.decay_u = 400;
    p.decay_v = 300;
  }
  return net;
}

// The information a load carries: weights (a byte each), plastic flags (a
// bit each), neuron parameters (8 fields of 3 bytes), 13 registers of 4.
double payload_bytes(const Network& net) {
  const double synapses = static_cast<double>(net.w_rec.size() + net.w_in.size());
  return synapses + synapses / 8 + 24.0 * net.neurons + 13 * 4;
}

void bench_upload(const std::string& name, const Network& net) {
  Session s;
  const uint64_t before = s.counter->written;
  s.backend->load(net);
  const double line = static_cast<double>(s.counter->written - before);
  s.backend.reset();
  s.board.stop();
  const std::string extra = "\"network\": \"" + name + "\"";
  // Sparse networks carry less than their dense payload: efficiency above 1.
  emit("upload_line_efficiency", payload_bytes(net) / line, "payload/line", extra);
  emit("upload_line_bytes", line, "bytes", extra);
  emit("upload_line_time", line * 10 / 3e6, "s", extra + ", \"baud\": 3000000");
  emit("upload_simulated_time", s.board.simulated_s(), "s",
       extra + ", \"note\": \"whole session on the virtual board: INFO, counters, load\"");
}

// The random inputs of the tests (tests/common): each axon spikes with
// probability p in each step.
using test::random_inputs;

// A network whose neuron j fires exactly when input axon j does: one input
// spike adds 127 * 2^8 to u, which crosses the threshold at once; the 1/4096
// of u left a step later does not.
Network relay(int n) {
  Network net = Network::empty(n, n);
  net.weight_exp_in = 8;
  for (int j = 0; j < n; ++j) net.w_in[static_cast<size_t>(j) * n + j] = 127;
  for (auto& p : net.params) {
    p.threshold = 1000;
    p.decay_u = 4095;
    p.decay_v = 4095;
  }
  return net;
}

void bench_spikes(double activity, uint32_t steps) {
  Session s;
  const int n = 256;
  s.backend->load(relay(n));
  std::mt19937 rng(1);
  const std::vector<Spike> in = random_inputs(rng, n, steps, activity);
  RunRequest req;
  req.steps = steps;
  req.inputs = in;
  const uint64_t rx0 = s.counter->received, tx0 = s.counter->written;
  const RunSummary sum = s.backend->run(req);
  const double rx = static_cast<double>(s.counter->received - rx0);
  const double tx = static_cast<double>(s.counter->written - tx0);
  const double clock_hz = s.backend->info().clock_hz;
  s.backend.reset();
  s.board.stop();
  const double spikes = static_cast<double>(sum.spikes);
  char extra[200];
  std::snprintf(extra, sizeof extra,
                "\"activity\": %.2f, \"neurons\": %d, \"steps\": %u, \"spikes\": %.0f", activity, n,
                steps, spikes);
  emit("bytes_per_output_spike", rx / spikes, "bytes/spike", extra);
  emit("spike_stream_efficiency", spikes / rx, "payload/line", extra);
  emit("bytes_per_input_spike", tx / static_cast<double>(in.size()), "bytes/spike", extra);
  emit("board_cycles_per_wall_second",
       s.board.busy_wall_s() > 0 ? s.board.simulated_s() * clock_hz / s.board.busy_wall_s() : 0,
       "cycles/s", std::string(extra) + ", \"config\": \"ice40\"");
  emit("board_real_time_factor",
       s.board.busy_wall_s() > 0 ? s.board.simulated_s() / s.board.busy_wall_s() : 0,
       "simulated s/wall s", std::string(extra) + ", \"config\": \"ice40\"");
}

// Simulated seconds of a session that loads bench_rtl's workload and runs
// `steps` steps at `activity`, learning on.
double board_session_s(double activity, uint32_t steps, double& clock_hz) {
  Session s;
  std::mt19937_64 rng(11);
  s.backend->load(bench::activity_network(256, 256, true, rng));
  const std::vector<Spike> in = random_inputs(rng, 256, steps, activity);
  RunRequest req;
  req.steps = steps;
  req.inputs = in;
  s.backend->run(req);
  clock_hz = s.backend->info().clock_hz;
  s.backend.reset();
  s.board.stop();
  return s.board.simulated_s();
}

void bench_board_step(double activity) {
  double clock_hz = 0;
  const uint32_t a = 200, b = 1200;
  const double ta = board_session_s(activity, a, clock_hz);
  const double tb = board_session_s(activity, b, clock_hz);
  const double per_step = (tb - ta) / (b - a);
  char extra[160];
  std::snprintf(extra, sizeof extra,
                "\"activity\": %.2f, \"learning\": true, \"config\": \"ice40\", \"clock_hz\": %.0f",
                activity, clock_hz);
  emit("board_cycles_per_step", per_step * clock_hz, "cycles", extra);
  emit("board_us_per_step", per_step * 1e6, "us", extra);
}

void bench_in_process(uint32_t steps) {
  auto b = make_sim_backend();
  b->load(relay(256));
  std::mt19937 rng(2);
  const std::vector<Spike> in = random_inputs(rng, 256, steps, 0.05);
  RunRequest req;
  req.steps = steps;
  req.inputs = in;
  const auto t0 = std::chrono::steady_clock::now();
  b->run(req);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  emit("in_process_steps_per_second", steps / s, "steps/s",
       "\"config\": \"sim256\", \"activity\": 0.05");
}

}  // namespace

int main() {
  try {
    std::mt19937 rng(7);
    if (std::getenv("SYNFIRE_BENCH_QUICK") == nullptr) {
      bench_upload("256x256 dense, no inputs", random_dense(rng, 256, 0, 100));
      bench_upload("256x256 dense + 256 dense inputs", random_dense(rng, 256, 256, 100));
      bench_upload("256x256 10% + 256 inputs 10%", random_dense(rng, 256, 256, 10));
    }
    bench_board_step(0.01);
    bench_spikes(0.01, 1000);
    bench_spikes(0.10, 1000);
    bench_in_process(2000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_link: %s\n", e.what());
    return 1;
  }
  return 0;
}
