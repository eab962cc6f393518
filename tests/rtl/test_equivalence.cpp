// The verilated core against synfire::Simulator on random networks: every
// step's spikes and state, every weight at the end. Each configuration
// prints its seed; SYNFIRE_TEST_SEED=<n> in the environment replays one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>

#include "core_sim.hpp"
#include "equivalence.hpp"
#include "fixed_point.hpp"
#include "random_network.hpp"
#include "simulator.hpp"

using namespace synfire;
using namespace synfire::rtl;

namespace {

// The largest network configuration `p` holds, with the features it has built in.
synfire::test::NetworkShape core_network_shape(const CoreParams& p) {
  synfire::test::NetworkShape shape;
  shape.max_neurons = static_cast<int>(p.neurons);
  shape.max_inputs = static_cast<int>(p.inputs);
  shape.per_row_flags = !p.plastic_per_synapse;
  shape.soft_bound = p.soft_bound;
  shape.adapt_interval = p.adapt_interval;
  shape.weight_norm = p.weight_norm;
  shape.delays = p.delays;
  shape.wide_traces = p.wide_traces;
  return shape;
}

// Runs `count` random networks of `steps` steps on configuration `config`.
void run_random(const std::string& config, int count, int steps, uint64_t default_seed,
                int check_every = 1) {
  const std::string name = "[rtl] " + config + ": " + std::to_string(count) + " random networks";
  const uint64_t seed = synfire::test::test_seed(name.c_str(), default_seed);
  CoreSim sim(config);
  const synfire::test::NetworkShape shape = core_network_shape(sim.params());
  std::mt19937_64 rng(seed);
  rtl::test::RunStats stats;
  for (int k = 0; k < count; ++k) {
    const Network net = synfire::test::random_network(rng, shape);
    const auto inputs = synfire::test::random_step_inputs(rng, net, steps);
    const std::string err = rtl::test::compare_run(sim, net, inputs, &stats, check_every);
    INFO("config " << config << ", seed " << seed << ", network " << k << " (" << net.neurons
                   << " neurons, " << net.inputs << " inputs, learning "
                   << (net.learning ? "on" : "off") << ", rule "
                   << (net.stdp.rule == StdpRule::kSoftBound ? "soft-bound" : "additive")
                   << ", adapt_interval_log2 " << net.adapt_interval_log2 << ", weight_norm "
                   << (net.norm.enabled ? "on" : "off") << ", delays "
                   << (net.has_delays() ? "on" : "off") << ", trace_bits " << net.stdp.trace_bits << ")");
    REQUIRE(err == "");
  }
  std::cout << "[rtl] " << config << ": " << stats.steps << " steps, " << stats.spikes
            << " spikes, " << stats.cycles << " step cycles" << std::endl;
}

}  // namespace

TEST_CASE("small core equals the model on random networks", "[rtl]") {
  run_random("small", 200, 40, 20240601);
}

TEST_CASE("tiny iCE40-datapath core equals the model on random networks", "[rtl]") {
  run_random("tiny40", 200, 40, 20240602);
}

TEST_CASE("iCE40 core equals the model on random networks", "[rtl]") {
  run_random("ice40", 6, 16, 7001, 4);
}

TEST_CASE("sim256 core equals the model on random networks", "[rtl]") {
  run_random("sim256", 6, 16, 7002, 4);
}

// Weight normalisation on every network, learning on, on each configuration
// built with it: the core must move the weights as the model does, and the
// model's moves must matter (the same runs without normalisation end with
// other weights in most networks, so a core that skipped the pass fails).
TEST_CASE("weight normalisation on the core equals the model", "[rtl]") {
  for (const std::string config : {"small", "tiny40"}) {
    const std::vector<std::string> built = core_configs();
    if (std::find(built.begin(), built.end(), config) == built.end()) continue;
    CoreSim sim(config);
    if (!sim.params().weight_norm) continue;
    const std::string name = "[rtl] " + config + ": weight normalisation";
    const uint64_t seed = synfire::test::test_seed(name.c_str(), 20261206);
    std::mt19937_64 rng(seed);
    synfire::test::NetworkShape shape = core_network_shape(sim.params());
    shape.weight_norm = true;
    int mattered = 0;
    const int count = 60;
    for (int k = 0; k < count; ++k) {
      Network net = synfire::test::random_network(rng, shape);
      net.learning = true;
      net.norm.enabled = true;
      net.norm.interval_log2 = static_cast<int>(rng() % 3);
      const auto inputs = synfire::test::random_step_inputs(rng, net, 30);
      INFO("config " << config << ", seed " << seed << ", network " << k << " (target " << net.norm.target
                     << ", shift " << net.norm.shift << ", interval_log2 " << net.norm.interval_log2 << ")");
      REQUIRE(rtl::test::compare_run(sim, net, inputs) == "");
      Network without = net;
      without.norm.enabled = false;
      Simulator a(net), b(without);
      for (const auto& axons : inputs) {
        a.step(axons);
        b.step(axons);
      }
      if (a.network().w_in != b.network().w_in || a.network().w_rec != b.network().w_rec) ++mattered;
    }
    std::cout << name << ": normalisation changed the weights of " << mattered << " of " << count
              << " networks" << std::endl;
    CHECK(mattered > count / 2);
  }
}

// 24-bit traces (stdp.trace_bits 24) on every network, learning on, on
// each configuration built with them (WideTraces): traces every step and the
// weights at the end must equal the model, and the width must matter (the
// same runs with 8-bit traces end with other weights in a fifth of the
// networks or more, so a core that dropped the wider dither fails).
TEST_CASE("24-bit traces on the core equal the model", "[rtl]") {
  for (const std::string config : {"small", "sim256"}) {
    const std::vector<std::string> built = core_configs();
    if (std::find(built.begin(), built.end(), config) == built.end()) continue;
    CoreSim sim(config);
    if (!sim.params().wide_traces) continue;
    const std::string name = "[rtl] " + config + ": 24-bit traces";
    const uint64_t seed = synfire::test::test_seed(name.c_str(), 20261207);
    std::mt19937_64 rng(seed);
    const synfire::test::NetworkShape shape = core_network_shape(sim.params());
    const bool big = sim.params().neurons > 64;
    const int count = big ? 4 : 60;
    const int steps = big ? 12 : 30;
    int mattered = 0;
    for (int k = 0; k < count; ++k) {
      Network net = synfire::test::random_network(rng, shape);
      net.learning = true;
      net.stdp.trace_bits = fx::kWideTraceBits;
      const auto inputs = synfire::test::random_step_inputs(rng, net, steps);
      INFO("config " << config << ", seed " << seed << ", network " << k << " (rule "
                     << (net.stdp.rule == StdpRule::kSoftBound ? "soft-bound" : "additive")
                     << ", shift " << net.stdp.shift << ", decays " << net.stdp.decay_pre << "/"
                     << net.stdp.decay_post << ")");
      REQUIRE(rtl::test::compare_run(sim, net, inputs, nullptr, big ? 4 : 1) == "");
      Network narrow = net;
      narrow.stdp.trace_bits = fx::kTraceBits;
      Simulator a(net), b(narrow);
      for (const auto& axons : inputs) {
        a.step(axons);
        b.step(axons);
      }
      if (a.network().w_in != b.network().w_in || a.network().w_rec != b.network().w_rec) ++mattered;
    }
    // (Many corner networks learn nothing either way: amplitudes 0, no
    // plastic synapse, no spikes. A core that ignored the width fails the
    // trace comparison of every network with an event.)
    std::cout << name << ": the width changed the weights of " << mattered << " of " << count
              << " networks" << std::endl;
    CHECK(mattered >= std::max(1, count / 5));
  }
}

// Axonal delays on every network (each source's delay 0..15, a third of
// them 0), with inputs and learning drawn, on each configuration built with
// them: every step's spikes, states and events in flight (all 16 lists of
// the ring), every weight at the end. The delays must matter: the same runs
// without them end otherwise in most networks, so a core that ignored them
// fails.
TEST_CASE("axonal delays on the core equal the model", "[rtl]") {
  int configs = 0;
  for (const std::string config : {"small", "sim256"}) {
    const std::vector<std::string> built = core_configs();
    if (std::find(built.begin(), built.end(), config) == built.end()) continue;
    CoreSim sim(config);
    if (!sim.params().delays) continue;
    ++configs;
    const std::string name = "[rtl] " + config + ": axonal delays";
    const uint64_t seed = synfire::test::test_seed(name.c_str(), 20261207);
    std::mt19937_64 rng(seed);
    const synfire::test::NetworkShape shape = core_network_shape(sim.params());
    const bool big = sim.params().neurons > 64;
    const int count = big ? 4 : 80;
    const int steps = big ? 24 : 40;
    int mattered = 0;
    rtl::test::RunStats stats;
    for (int k = 0; k < count; ++k) {
      Network net = synfire::test::random_network(rng, shape);
      for (auto* delays : {&net.delay_rec, &net.delay_in}) {
        for (uint8_t& d : *delays) d = rng() % 3 == 0 ? 0 : static_cast<uint8_t>(rng() % 16);
      }
      const auto inputs = synfire::test::random_step_inputs(rng, net, steps);
      INFO("config " << config << ", seed " << seed << ", network " << k << " (" << net.neurons
                     << " neurons, " << net.inputs << " inputs, learning "
                     << (net.learning ? "on" : "off") << ")");
      REQUIRE(rtl::test::compare_run(sim, net, inputs, &stats, big ? 4 : 1) == "");
      Network without = net;
      std::fill(without.delay_rec.begin(), without.delay_rec.end(), 0);
      std::fill(without.delay_in.begin(), without.delay_in.end(), 0);
      Simulator a(net), b(without);
      bool differ = false;
      for (const auto& axons : inputs) differ = (a.step(axons) != b.step(axons)) || differ;
      if (differ || a.network().w_in != b.network().w_in || a.network().w_rec != b.network().w_rec) {
        ++mattered;
      }
    }
    std::cout << name << ": " << stats.steps << " steps, " << stats.spikes
              << " spikes; the delays changed the run of " << mattered << " of " << count
              << " networks" << std::endl;
    CHECK(mattered > count / 2);
  }
  CHECK(configs > 0);
}

#ifdef SYNFIRE_NETLIST_MODELS
// Yosys's netlists of the same configurations (opt-in; docs/rtl.md,
// "Post-synthesis models"): what synthesis made of the source. Slow tier:
// the build that has them is the slow part.
TEST_CASE("small core's yosys netlist equals the model on random networks",
          "[rtl][netlist][slow]") {
  run_random("small_netlist", 200, 40, 20251125);
}

TEST_CASE("tiny40 core's yosys netlist equals the model on random networks",
          "[rtl][netlist][slow]") {
  run_random("tiny40_netlist", 200, 40, 20251126);
}
#endif

TEST_CASE("small cores equal the model: thousands of networks", "[rtl][slow]") {
  run_random("small", 4000, 60, 99001);
  run_random("tiny40", 4000, 60, 99004);
}

TEST_CASE("256-neuron cores equal the model: many networks", "[rtl][slow]") {
  run_random("ice40", 40, 40, 99002, 5);
  run_random("sim256", 40, 40, 99003, 5);
}
