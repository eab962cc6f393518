// Free-running at a fixed step period: the steps still equal the model when
// the link keeps up; when it cannot, whatever the board drops is counted
// (LinkStats.output_overflows), and steps that start late are counted too.
#include <catch2/catch.hpp>

#include <random>

#include "board_process.hpp"
#include "link_backend.hpp"
#include "random_net.hpp"
#include "sim_fixture.hpp"

using namespace synfire;
using namespace synfire::test;

TEST_CASE("a free run with room to spare equals the model", "[host][free]") {
  std::mt19937 rng(21);
  auto board = sim_backend("small");
  CHECK((board->info().features & kFeatureFreeRun) != 0);
  auto model = make_model_backend();
  const Network net = random_network(rng, 16, 8, false);
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

TEST_CASE("steps that cannot keep their period are counted as late", "[host][free]") {
  std::mt19937 rng(22);
  auto board = sim_backend("small");
  board->load(random_network(rng, 16, 8, false));
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

TEST_CASE("output the UART cannot carry in a free run is dropped and counted, never silently",
          "[host][free]") {
  board::BoardProcess proc(SYNFIRE_BOARD_BIN, {"--config", "small"});
  auto board = make_serial_backend(proc.port(), 3000000, 5000);
  // A silent network, all 16 neurons probed every step: 16 x 14 bytes per
  // step, far more than 3 Mbaud carries at one step every 40 us.
  Network net = Network::empty(16, 8);
  for (NeuronParams& p : net.params) p.threshold = 1000;
  board->load(net);
  std::vector<uint32_t> probes;
  for (uint32_t j = 0; j < 16; ++j) probes.push_back(j);
  RunRequest req;
  req.steps = 200;
  req.probes = probes;
  req.probe_every = 1;
  req.period_us = 40;
  const Collected got = collect(*board, req);
  const uint64_t frames = got.probes.size() / 16;
  INFO("probe frames delivered " << frames << ", dropped " << got.summary.link.output_overflows);
  CHECK(got.probes.size() % 16 == 0);
  CHECK(got.summary.link.output_overflows > 0);
  CHECK(frames > 0);
  CHECK(frames + got.summary.link.output_overflows == 200);
  CHECK(got.summary.link.dropped_frames == 0);
}
