// The RTL link in process (syn_linked_core verilated, bytes in and out) against
// the reference model: random networks with learning on, spikes of every
// step, probes, and every weight at the end; bulk upload and readback.
#include <catch2/catch.hpp>

#include <random>

#include "sim_backend.hpp"
#include "random_network.hpp"
#include "sim_fixture.hpp"

using namespace synfire;
using namespace synfire::test;

TEST_CASE("in-process RTL link equals the model on random networks", "[link][sim]") {
  const uint64_t seed = synfire::test::test_seed("in-process RTL link equals the model on random networks");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  auto board = sim_backend("small");
  const BoardInfo info = board->info();
  CHECK(info.protocol_version == 2);
  CHECK(info.neurons == 16);
  CHECK(info.inputs == 8);
  for (int i = 0; i < 12; ++i) {
    const int n = 1 + static_cast<int>(rng() % info.neurons);
    const int m = static_cast<int>(rng() % (info.inputs + 1));
    INFO("network " << i << ": " << n << " neurons, " << m << " inputs");
    const Network net = random_network(rng, n, m);
    const std::vector<Spike> in = random_inputs(rng, m, 150, 0.05 + 0.4 * (rng() % 3));
    std::vector<uint32_t> probes{0, static_cast<uint32_t>(n - 1)};
    RunRequest req;
    req.steps = 150;
    req.inputs = in;
    req.probes = probes;
    req.probe_every = 1 + rng() % 10;
    compare_with_model(*board, net, req);
  }
}

TEST_CASE("runs continue where the last one stopped, with learning switched", "[link][sim]") {
  std::mt19937 rng(11);
  auto board = sim_backend("small");
  auto model = make_model_backend();
  Network net = random_network(rng, 16, 8);
  net.learning = true;
  board->load(net);
  model->load(net);
  for (int k = 0; k < 4; ++k) {
    const bool learn = k % 2 == 0;
    board->set_learning(learn);
    model->set_learning(learn);
    const std::vector<Spike> in = random_inputs(rng, 8, 40 + 30 * k, 0.3);
    RunRequest req;
    req.steps = 40 + 30 * k;
    req.inputs = in;
    const Collected got = collect(*board, req);
    const Collected want = collect(*model, req);
    INFO("run " << k << ": " << first_difference(got.spikes, want.spikes));
    CHECK(got.spikes == want.spikes);
  }
  CHECK(board->read_network() == model->read_network());
}

TEST_CASE("bulk upload and readback round-trip every bit", "[link][sim]") {
  const uint64_t seed = synfire::test::test_seed("bulk upload and readback round-trip every bit");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  auto board = sim_backend("small");
  for (int i = 0; i < 6; ++i) {
    Network net = random_network(rng, 16, 8);
    // Extremes of every weight and both flags, everywhere.
    for (auto& w : net.w_rec) w = static_cast<int8_t>(rng());
    for (auto& w : net.w_in) w = static_cast<int8_t>(rng());
    for (auto& f : net.plastic_rec) f = rng() & 1;
    for (auto& f : net.plastic_in) f = rng() & 1;
    net.w_rec[0] = -128;
    net.w_rec[1] = 127;
    board->load(net);
    CHECK(board->read_network() == net);
    CHECK(board->time() == 0);
    for (uint32_t j = 0; j < 16; ++j) CHECK(board->neuron_state(j) == NeuronState{});
  }
}

TEST_CASE("the sim back end is the N=256 per-synapse RTL", "[link][sim]") {
  std::mt19937 rng(5);
  auto board = make_sim_backend();
  const BoardInfo info = board->info();
  CHECK(info.kind == "sim");
  CHECK(info.neurons == 256);
  CHECK(info.inputs == 256);
  CHECK((info.features & kFeaturePlasticPerSynapse) != 0);
  CHECK((info.features & kFeatureWideTraces) != 0);  // RegConfig [22] of sim256
  const Network net = random_network(rng, 40, 30);
  const std::vector<Spike> in = random_inputs(rng, 30, 60, 0.2);
  std::vector<uint32_t> probes{3};
  RunRequest req;
  req.steps = 60;
  req.inputs = in;
  req.probes = probes;
  compare_with_model(*board, net, req);
}

TEST_CASE("bad requests to the back end fail with a clear message", "[link][sim]") {
  auto board = sim_backend("small");
  RunRequest req;
  req.steps = 1;
  CHECK_THROWS_WITH(board->run(req), Catch::Contains("no network is loaded"));
  CHECK_THROWS_WITH(board->load(Network::empty(17, 1)), Catch::Contains("17 neurons"));
  std::mt19937 rng(2);
  board->load(random_network(rng, 8, 4));
  std::vector<Spike> bad{{0, 4}};
  req.inputs = bad;
  CHECK_THROWS_WITH(board->run(req), Catch::Contains("names axon 4"));
  // A step's samples must fit one answer: 17 neurons of 18 bytes.
  std::vector<uint32_t> probes(18, 0);
  req.inputs = {};
  req.probes = probes;
  CHECK_THROWS_WITH(board->run(req), Catch::Contains("at most 17 neurons per step"));
  CHECK_THROWS_WITH(board->neuron_state(8), Catch::Contains("outside the network"));
}
