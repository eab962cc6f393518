// The iCEBreaker's synthesised netlist behind the virtual board's UART
// equals the model (slow tier, built with -DSYNFIRE_NETLIST_MODELS=ON): the
// netlist is the one tools/bitstream places for the image
// (sim/board/board_netlist.cmake), so the bitstream is what was tested.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "board_process.hpp"
#include "boards.hpp"
#include "link_backend.hpp"
#include "random_network.hpp"
#include "sim_fixture.hpp"

using namespace synfire;
using namespace synfire::test;
using synfire::board::BoardProcess;

TEST_CASE("the iCEBreaker's netlist behind the UART equals the model, learning on",
          "[link][board][netlist][slow]") {
  const uint64_t seed = test_seed("the iCEBreaker's netlist behind the UART equals the model");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "ice40_netlist"});
  // The netlist simulates far slower than the board runs: long answers.
  auto b = make_serial_backend(board.port(), 3000000, 60000);
  const BoardInfo info = b->info();
  const boards::Board& icebreaker = boards::board_by_name("icebreaker");
  CHECK(info.neurons == icebreaker.neurons);
  CHECK(info.inputs == icebreaker.inputs);
  CHECK(info.clock_hz == icebreaker.core_clock_hz);
  CHECK(info.baud == icebreaker.baud);
  CHECK(info.build.config == "icebreak");  // the image's build id: the board name, 8 characters
  for (int i = 0; i < 3; ++i) {
    INFO("network " << i);
    const Network net = random_network(
        rng, 24, 12, {.values = Values::kLively, .per_row_flags = true, .density = {}, .learning = true});
    const std::vector<Spike> in = random_inputs(rng, 12, 60, 0.3);
    RunRequest req;
    req.steps = 60;
    req.inputs = in;
    const std::vector<uint32_t> probes{0, 5, 23};
    req.probes = probes;
    req.probe_every = 7;
    compare_with_model(*b, net, req);
  }
}
