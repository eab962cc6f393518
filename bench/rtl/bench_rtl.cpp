// bench_rtl: how many clock cycles a timestep costs on the verilated core,
// next to the lower bound max(N / neuron lanes, synaptic updates / synapse
// lanes), for each core configuration, activity level and learning switch;
// Verilator's speed; and the iCE40 synthesis figures (tools/synth-core).
// Prints one JSON line per measurement on stdout.
//
// The workload: bench/common/activity_network.hpp (exact activity; dense
// small recurrent weights; every synapse plastic when learning is on).
//
// Usage: bench_rtl [--steps K] [--no-synth] [--config NAME]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "activity_network.hpp"
#include "core_network.hpp"
#include "core_sim.hpp"
#include "fixed_point.hpp"
#include "network.hpp"

using namespace synfire;
using namespace synfire::rtl;

namespace {

struct Options {
  int steps = 200;
  bool synth = true;
  std::string config;  // empty: all
};

void print(const std::string& metric, double value, const std::string& unit,
           const CoreParams& p, const std::string& extra = "") {
  std::printf(
      "{\"bench\": \"rtl\", \"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\", "
      "\"config\": \"%s\", \"neurons\": %u, \"inputs\": %u, \"lanes\": %u, "
      "\"single_port\": %s%s}\n",
      metric.c_str(), value, unit.c_str(), p.name.c_str(), p.neurons, p.inputs, p.lanes,
      p.weight_ram != 0 ? "true" : "false", extra.c_str());
}

void bench_config(const std::string& config, const Options& opt) {
  CoreSim sim(config);
  const CoreParams p = sim.params();
  const uint32_t n = p.neurons, m = p.inputs;
  std::mt19937_64 rng(7);
  double total_cycles = 0, total_seconds = 0, total_steps = 0;
  for (bool learning : {false, true}) {
    for (double activity : {0.001, 0.01, 0.1}) {
      load_network(sim, bench::activity_network(n, m, learning, rng));
      std::bernoulli_distribution fire(activity);
      uint64_t cycles = 0, rows = 0, spikes = 0;
      std::vector<uint16_t> axons;
      const auto t0 = std::chrono::steady_clock::now();
      size_t prev_spikes = 0;
      for (int k = 0; k < opt.steps; ++k) {
        axons.clear();
        for (uint32_t a = 0; a < std::min(n, m); ++a) {
          if (fire(rng)) axons.push_back(static_cast<uint16_t>(a));
        }
        const StepResult r = sim.step(axons);
        cycles += r.cycles;
        rows += axons.size() + prev_spikes;
        spikes += r.spikes.size();
        prev_spikes = r.spikes.size();
      }
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      total_cycles += static_cast<double>(cycles);
      total_seconds += seconds;
      total_steps += opt.steps;
      // Lower bound: the neuron pass (N / neuron lanes: one neuron per
      // cycle, or per two cycles in the iCE40 configuration's syn_neuron_half)
      // or the synaptic updates spread over the lanes: deliveries (a row of
      // N per event) plus, with learning, potentiation (a column of N + M
      // per spike).
      const double steps = opt.steps;
      const double neuron_lanes = p.weight_ram == 2 ? 0.5 : 1.0;
      const double updates = static_cast<double>(rows) * n +
                             (learning ? static_cast<double>(spikes) * (n + m) : 0.0);
      const double bound = std::max(n / neuron_lanes, updates / p.lanes / steps);
      const double measured = static_cast<double>(cycles) / steps;
      char extra[256];
      std::snprintf(extra, sizeof extra,
                    ", \"activity\": %g, \"learning\": %s, \"spikes_per_step\": %.3f, "
                    "\"neuron_lanes\": %g, \"bound\": %.1f, \"ratio\": %.3f",
                    activity, learning ? "true" : "false", static_cast<double>(spikes) / steps,
                    neuron_lanes, bound, measured / bound);
      print("cycles_per_step", measured, "cycles", p, extra);
      // With single-port weight RAM a read-modify-write takes two cycles of
      // the bank: the bound the memory itself allows for learning steps.
      if (learning && p.weight_ram != 0) {
        const double rmw_bound = std::max(n / neuron_lanes, 2.0 * updates / p.lanes / steps);
        std::snprintf(extra, sizeof extra,
                      ", \"activity\": %g, \"learning\": true, \"rmw_bound\": %.1f, "
                      "\"ratio\": %.3f",
                      activity, rmw_bound, measured / rmw_bound);
        print("cycles_per_step_vs_rmw_bound", measured, "cycles", p, extra);
      }
    }
  }
  print("verilator_cycles_per_second", total_cycles / total_seconds, "cycles/s", p);
  print("verilator_steps_per_second", total_steps / total_seconds, "steps/s", p);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--steps" && k + 1 < argc) {
      opt.steps = std::atoi(argv[++k]);
    } else if (a == "--no-synth") {
      opt.synth = false;
    } else if (a == "--config" && k + 1 < argc) {
      opt.config = argv[++k];
    } else {
      std::cerr << "usage: bench_rtl [--steps K] [--no-synth] [--config NAME]\n";
      return 2;
    }
  }
  if (opt.steps < 1) {
    std::cerr << "bench_rtl: --steps must be at least 1\n";
    return 2;
  }
  try {
    for (const std::string& c : core_configs()) {
      if (opt.config.empty() || opt.config == c) bench_config(c, opt);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_rtl: " << e.what() << "\n";
    return 1;
  }
  std::fflush(stdout);
  if (opt.synth) {
    // The synthesis figures come from the script; it exits 1 when the core
    // leaves too little room for the board top, which is a finding to
    // report (the JSON says so), not a failure of the benchmark.
    const std::string cmd = std::string(SYNFIRE_SOURCE_DIR) + "/tools/synth-core --out " +
                            SYNFIRE_BUILD_DIR + "/synth";
    const int rc = std::system(cmd.c_str());
    if (rc != 0 && rc != 256) {
      std::cerr << "bench_rtl: tools/synth-core failed (status " << rc << ")\n";
      return 1;
    }
  }
  return 0;
}
