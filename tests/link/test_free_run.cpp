// Free-running at a fixed step period: the steps still equal the model when
// the link keeps up; when it cannot, the spikes the board drops are counted
// (LinkStats.output_overflows: steps that lost spikes), and steps that start
// late are counted too. Probe samples are answers: never dropped.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "board_process.hpp"
#include "link_backend.hpp"
#include "random_network.hpp"
#include "sim_fixture.hpp"

using namespace synfire;
using namespace synfire::test;

TEST_CASE("a free run with room to spare equals the model", "[link][free]") {
  std::mt19937 rng(21);
  auto board = sim_backend("small");
  CHECK((board->info().features & kFeatureFreeRun) != 0);
  auto model = make_model_backend();
  const Network net = random_network(rng, 16, 8);
  const std::vector<Spike> in = random_inputs(rng, 8, 100, 0.3);
  board->load(net);
  model->load(net);
  RunRequest req;
  req.steps = 100;
  req.inputs = in;
  req.period_us = 200;  // 2400 cycles at 12 MHz: far more than a step needs
  const Collected got = collect(*board, req);
  const Collected want = collect(*model, req);
  CHECK(got.spikes == want.spikes);
  CHECK(got.summary.link.output_overflows == 0);
  CHECK(got.summary.link.late_steps == 0);
  CHECK(board->read_network() == model->read_network());
}

TEST_CASE("steps that cannot keep their period are counted as late", "[link][free]") {
  std::mt19937 rng(22);
  auto board = sim_backend("small");
  board->load(random_network(rng, 16, 8));
  RunRequest req;
  req.steps = 60;
  req.period_us = 1;  // 12 cycles: no step is that fast
  const Collected got = collect(*board, req);
  CHECK(got.summary.steps == 60);
  CHECK(got.summary.link.late_steps >= 50);
  // An unpaced run afterwards counts nothing.
  req.period_us = 0;
  CHECK(collect(*board, req).summary.link.late_steps == 0);
}

TEST_CASE("spikes the UART cannot carry in a free run are dropped and counted, never silently",
          "[link][free]") {
  board::BoardProcess proc(SYNFIRE_BOARD_BIN, {"--config", "small"});
  auto board = make_serial_backend(proc.port(), 3000000, 5000);
  auto model = make_model_backend();
  // All 16 neurons fire every step: 16 spikes and a marker, 34 bytes and
  // more per step, about 115 us of a 3 Mbaud line: far more than a step
  // every 20 us leaves.
  Network net = Network::empty(16, 8);
  for (NeuronParams& p : net.params) {
    p.threshold = 0;
    p.bias = 1;
  }
  board->load(net);
  model->load(net);
  RunRequest req;
  req.steps = 200;
  req.period_us = 20;
  const Collected got = collect(*board, req);
  const Collected want = collect(*model, req);
  REQUIRE(want.spikes.size() == 16 * 200);
  // What arrived is the model's, and every step that lost spikes is counted.
  CHECK(std::includes(want.spikes.begin(), want.spikes.end(), got.spikes.begin(), got.spikes.end()));
  std::vector<uint32_t> per_step(req.steps, 0);
  for (const Spike& s : got.spikes) ++per_step[s.step];
  const auto whole = static_cast<uint64_t>(std::count(per_step.begin(), per_step.end(), 16u));
  INFO("steps delivered whole " << whole << ", counted as dropping spikes "
                                << got.summary.link.output_overflows);
  CHECK(got.summary.link.output_overflows > 0);
  CHECK(whole > 0);
  CHECK(whole + got.summary.link.output_overflows == 200);
  CHECK(got.summary.link.dropped_frames == 0);
}

TEST_CASE("probes in a free run are never dropped: the board waits, and counts late steps",
          "[link][free]") {
  auto board = sim_backend("small");
  auto model = make_model_backend();
  std::mt19937 rng(23);
  const Network net = random_network(rng, 16, 8);
  board->load(net);
  model->load(net);
  std::vector<uint32_t> probes;
  for (uint32_t j = 0; j < 16; ++j) probes.push_back(j);
  RunRequest req;
  req.steps = 100;
  req.probes = probes;
  req.period_us = 5;
  const Collected got = collect(*board, req);
  const Collected want = collect(*model, req);
  CHECK(got.probes == want.probes);
  CHECK(got.probes.size() == 16 * 100);
}
