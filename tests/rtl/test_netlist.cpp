// Yosys's netlist of the core against synfire::Simulator on random networks.
// The other equivalence tests simulate the RTL source under Verilator; this
// one simulates what yosys 0.23 synthesised from it (sim/core/netlist.cmake),
// so a construct the two tools read differently shows up as a mismatch here
// and not in test_equivalence.cpp. SYNFIRE_SEED=<n> replays one seed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "core_sim.hpp"
#include "equivalence.hpp"
#include "random_network.hpp"

using namespace synfire;
using namespace synfire::rtl;

namespace {

// `count` random networks of `steps` steps each on one netlist model;
// random_network() turns learning on in about 70 % of the networks.
void run_netlist(const std::string& config, int count, int steps, uint64_t default_seed) {
  uint64_t seed = default_seed;
  if (const char* s = std::getenv("SYNFIRE_SEED")) seed = std::strtoull(s, nullptr, 0);
  std::cout << "[netlist] " << config << ": " << count << " random networks, seed " << seed
            << std::endl;
  CoreSim sim(config);
  test::NetworkShape shape;
  shape.max_neurons = static_cast<int>(sim.params().neurons);
  shape.max_inputs = static_cast<int>(sim.params().inputs);
  shape.per_row_flags = !sim.params().plastic_per_synapse;
  std::mt19937_64 rng(seed);
  int learning = 0;
  for (int k = 0; k < count; ++k) {
    const Network net = test::random_network(rng, shape);
    learning += net.learning ? 1 : 0;
    const auto inputs = test::random_inputs(rng, net, steps);
    const std::string err = test::compare_run(sim, net, inputs);
    INFO("config " << config << ", seed " << seed << ", network " << k << " (" << net.neurons
                   << " neurons, " << net.inputs << " inputs, learning "
                   << (net.learning ? "on" : "off") << ")");
    REQUIRE(err == "");
  }
  // Both halves of the datapath must have been exercised.
  CHECK(learning > 0);
  CHECK(learning < count);
}

}  // namespace

TEST_CASE("small core's yosys netlist equals the model on random networks", "[rtl][netlist]") {
  run_netlist("small_netlist", 30, 30, 20251125);
}

TEST_CASE("tiny40 core's yosys netlist equals the model on random networks", "[rtl][netlist]") {
  run_netlist("tiny40_netlist", 30, 30, 20251126);
}
