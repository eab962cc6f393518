// bench_model: throughput of the reference simulator (docs/model.md,
// "Benchmark"). A network of N neurons, all-to-all recurrent synapses and
// M = N/10 input axons, every synapse plastic, firing at about 20 Hz with
// dt = 1 ms, is run with learning on and off. Prints one JSON line per
// measurement on stdout.
//
// Metrics (per second of this process's CPU time, so that other jobs on a
// shared machine do not count against it; wall time is reported alongside):
//   synaptic_events_per_s  deliveries: (presynaptic event, postsynaptic neuron)
//                          pairs in phase 1, zero weights included;
//   plastic_updates_per_s  STDP updates of plastic synapses (a depression per
//                          delivery, a potentiation per (pre, spiking post) pair).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "simulator.hpp"

namespace {

using synfire::Network;
using synfire::Simulator;

// Neurons driven by a bias towards a regular ~20 Hz, desynchronised by random
// initial potentials and perturbed by balanced random recurrent and input
// weights; symmetric STDP with slightly stronger depression so that the
// weights do not run away during the measurement.
Network bench_network(int n, int m, std::mt19937& rng) {
  Network net = Network::empty(n, m);
  net.weight_exp_rec = 2;
  net.weight_exp_in = 2;
  net.seed = 12345;
  for (synfire::NeuronParams& p : net.params) {
    p.decay_u = 742;  // tau_u = 5 ms
    p.decay_v = 200;  // tau_v = 20 ms
    p.threshold = 10000;
    p.bias = 530;
    p.v_reset = 0;
    p.refractory = 2;
  }
  net.stdp = {.a_plus = 4, .a_minus = 4, .shift = 12, .trace_inc_pre = 64,
              .trace_inc_post = 64, .decay_pre = 200, .decay_post = 200,
              .w_min = -16, .w_max = 16};
  std::uniform_int_distribution<int> w(-8, 8);
  for (auto& x : net.w_rec) x = static_cast<int8_t>(w(rng));
  for (auto& x : net.w_in) x = static_cast<int8_t>(w(rng));
  net.plastic_rec.assign(net.plastic_rec.size(), 1);
  net.plastic_in.assign(net.plastic_in.size(), 1);
  return net;
}

constexpr double kMinCpuSeconds = 0.5;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

void print(const char* metric, double value, const char* unit, int n, int m, bool learning,
           int steps, double cpu_s, double wall_s) {
  std::printf(
      "{\"bench\": \"model\", \"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\", "
      "\"neurons\": %d, \"inputs\": %d, \"learning\": %s, \"steps\": %d, \"dt_ms\": 1, "
      "\"cpu_s\": %.4f, \"wall_s\": %.4f}\n",
      metric, value, unit, n, m, learning ? "true" : "false", steps, cpu_s, wall_s);
}

void run(int n, bool learning, int steps) {
  const int m = n / 10;
  std::mt19937 rng(7);
  Network net = bench_network(n, m, rng);
  net.learning = learning;
  Simulator sim(net);
  std::uniform_int_distribution<int32_t> v0(0, 9999);
  for (int j = 0; j < n; ++j) {
    synfire::NeuronState s;
    s.v = v0(rng);
    sim.set_neuron_state(j, s);
  }
  // Poisson inputs at 20 Hz, drawn in advance so that drawing is not timed.
  const int warmup = 200;
  std::bernoulli_distribution fires(0.02);
  std::vector<std::vector<uint16_t>> inputs(static_cast<size_t>(warmup + steps));
  for (auto& list : inputs) {
    for (int a = 0; a < m; ++a) {
      if (fires(rng)) list.push_back(static_cast<uint16_t>(a));
    }
  }
  for (int k = 0; k < warmup; ++k) sim.step(inputs[static_cast<size_t>(k)]);

  const uint64_t d0 = sim.deliveries();
  const uint64_t p0 = sim.plastic_updates();
  uint64_t spikes = 0;
  int done = 0;
  const double c0 = cpu_seconds();
  const auto w0 = std::chrono::steady_clock::now();
  // At least `steps` steps and at least kMinCpuSeconds, so that short
  // configurations are not lost in timer noise (inputs repeat cyclically).
  do {
    for (int k = 0; k < steps; ++k) {
      spikes += sim.step(inputs[static_cast<size_t>(warmup + k)]).size();
    }
    done += steps;
  } while (cpu_seconds() - c0 < kMinCpuSeconds);
  const double cpu_s = cpu_seconds() - c0;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  const double deliveries = static_cast<double>(sim.deliveries() - d0);
  const double updates = static_cast<double>(sim.plastic_updates() - p0);
  const double rate = static_cast<double>(spikes) / (n * (done * 1e-3));
  print("synaptic_events_per_s", deliveries / cpu_s, "1/s", n, m, learning, done, cpu_s, wall_s);
  if (learning) {
    print("plastic_updates_per_s", updates / cpu_s, "1/s", n, m, learning, done, cpu_s, wall_s);
  }
  print("firing_rate", rate, "Hz", n, m, learning, done, cpu_s, wall_s);
  print("realtime_factor", done * 1e-3 / cpu_s, "x", n, m, learning, done, cpu_s, wall_s);
}

}  // namespace

int main(int argc, char** argv) {
  // Optional argument: the number of measured steps (default 4000 = 4 s of
  // model time; repeated until 0.5 s of CPU time).
  int steps = 4000;
  if (argc > 1) {
    try {
      steps = std::stoi(argv[1]);
    } catch (const std::exception&) {
      steps = 0;
    }
    if (steps < 1) {
      std::fprintf(stderr, "bench_model: steps must be a positive integer, got '%s'\n", argv[1]);
      return 2;
    }
  }
  for (int n : {1000, 256}) {
    for (bool learning : {true, false}) run(n, learning, steps);
  }
  return 0;
}
