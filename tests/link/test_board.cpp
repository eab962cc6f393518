// The virtual board (synfire-board): host -> pseudo-terminal -> the RTL's
// bit-level UART -> core and back equals the reference model; any serial
// program can talk to it; it stops cleanly on a signal or when told to.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <random>

#include "board_process.hpp"
#include "boards.hpp"
#include "link_backend.hpp"
#include "network_json.hpp"
#include "random_network.hpp"
#include "sim_fixture.hpp"

using namespace synfire;
using namespace synfire::test;
using synfire::board::BoardProcess;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A run of `in` split at `half`: the first part on the board and on the
// model, the board's state then written into a fresh load of the weights
// learned so far, the second part: board and model must end alike. Returns
// the state at the split (for checks of what it must hold).
NetworkState check_split_run(Backend& b, const Network& net, RunRequest req, const std::vector<Spike>& in,
                             uint32_t half) {
  std::vector<Spike> first, second;
  for (const Spike& x : in) (x.step < half ? first : second).push_back(x.step < half ? x : Spike{x.step - half, x.index});
  auto model = make_model_backend();
  model->load(net);
  req.probes = {};
  req.steps = half;
  req.inputs = first;
  collect(*model, req);
  b.load(net);
  collect(b, req);
  const NetworkState mid = b.read_state();
  CHECK(mid == model->read_state());
  b.load(b.read_network());  // the weights learned so far
  b.write_state(mid);
  req.inputs = second;
  const Collected want = collect(*model, req);
  const Collected got = collect(b, req);
  CHECK(got.spikes == want.spikes);
  CHECK(b.read_state() == model->read_state());
  CHECK(b.read_network() == model->read_network());
  return mid;
}

}  // namespace

TEST_CASE("host -> pty -> RTL UART -> core and back equals the model", "[link][board]") {
  const uint64_t seed = test_seed("host -> pty -> RTL UART -> core and back equals the model");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small"});
  INFO("board on " << board.port());
  auto b = make_serial_backend(board.port(), 3000000, 2000);
  const BoardInfo info = b->info();
  CHECK(info.kind == board.port());
  CHECK(info.neurons == 16);
  CHECK(info.baud == 3000000);
  CHECK(info.clock_hz == 12000000);
  for (int i = 0; i < 3; ++i) {
    const Network net = random_network(rng, 16, 8);
    const std::vector<Spike> in = random_inputs(rng, 8, 120, 0.2);
    std::vector<uint32_t> probes{1, 7};
    RunRequest req;
    req.steps = 120;
    req.inputs = in;
    req.probes = probes;
    req.probe_every = 5;
    b->load(net);
    CHECK(b->read_network() == net);
    INFO("network " << i);
    compare_with_model(*b, net, req);
  }
  b.reset();
  CHECK(board.stop() == 0);
  CHECK_THAT(board.error_output(), Catch::Contains("stopped by a signal"));
}

TEST_CASE("the virtual board runs axonal delays as the model, and saves and restores events in flight",
          "[link][board]") {
  const uint64_t seed = test_seed("virtual board with axonal delays");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small"});
  auto b = make_serial_backend(board.port(), 3000000, 2000);
  REQUIRE((b->info().features & kFeatureDelays) != 0);
  Network net = random_network(rng, 16, 8);
  for (auto* delays : {&net.delay_rec, &net.delay_in}) {
    for (uint8_t& d : *delays) d = static_cast<uint8_t>(rng() % 16);
  }
  const std::vector<Spike> in = random_inputs(rng, 8, 120, 0.3);
  RunRequest req;
  req.steps = 120;
  req.inputs = in;
  b->load(net);
  CHECK(b->read_network() == net);  // the delays read back too
  compare_with_model(*b, net, req);
  // Half a run, its state (with spikes and inputs in flight) into a fresh
  // load, the other half: as one run on the model.
  CHECK(!check_split_run(*b, net, req, in, 60).arrivals.empty());
}

TEST_CASE("the virtual board runs 24-bit traces as the model, and saves and restores them",
          "[link][board]") {
  const uint64_t seed = test_seed("virtual board with 24-bit traces");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small"});
  auto b = make_serial_backend(board.port(), 3000000, 2000);
  REQUIRE((b->info().features & kFeatureWideTraces) != 0);
  Network net = random_network(rng, 16, 8);
  net.learning = true;
  net.stdp.trace_bits = 24;
  net.stdp.decay_pre = 15;  // slow traces, where the width matters
  net.stdp.decay_post = 25;
  const std::vector<Spike> in = random_inputs(rng, 8, 120, 0.3);
  RunRequest req;
  req.steps = 120;
  req.inputs = in;
  const std::vector<uint32_t> probes{0, 5};
  req.probes = probes;
  b->load(net);
  CHECK(b->read_network() == net);  // trace_bits reads back from RegRule
  compare_with_model(*b, net, req);
  // Half a run, its state (24-bit traces) into a fresh load, the other
  // half: as one run on the model.
  const NetworkState mid = check_split_run(*b, net, req, in, 60);
  int32_t widest = 0;
  for (int32_t x : mid.axon_traces) widest = std::max(widest, x);
  for (const NeuronState& s : mid.neurons) widest = std::max({widest, s.trace_pre, s.trace_post});
  CHECK(widest > 65535);  // above 16 bits: all three bytes of a trace word travel
}

TEST_CASE("the iCE40 configuration of the virtual board runs a network", "[link][board]") {
  std::mt19937 rng(9);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "ice40"});
  auto b = make_serial_backend(board.port(), 3000000, 5000);
  const BoardInfo info = b->info();
  CHECK(info.neurons == 256);
  CHECK(info.inputs == 256);
  // The virtual board is boards.json's iCEBreaker row as it is built.
  const boards::Board& icebreaker = boards::board_by_name("icebreaker");
  CHECK(info.clock_hz == icebreaker.core_clock_hz);
  CHECK(info.baud == icebreaker.baud);
  CHECK(info.neurons == icebreaker.neurons);
  CHECK(info.inputs == icebreaker.inputs);
  CHECK((info.features & kFeaturePlasticPerSynapse) == 0);
  const Network net =
      random_network(rng, 20, 10, {.values = Values::kLively, .per_row_flags = true, .density = {}, .learning = {}});
  const std::vector<Spike> in = random_inputs(rng, 10, 40, 0.3);
  RunRequest req;
  req.steps = 40;
  req.inputs = in;
  compare_with_model(*b, net, req);

  // The example of docs/network-format.md runs here too (it was refused: a
  // row mixing plastic and fixed synapses).
  const std::string doc = read_file(std::string(SYNFIRE_SOURCE_DIR) + "/docs/network-format.md");
  const size_t fence = doc.find("```json example.json\n");
  REQUIRE(fence != std::string::npos);
  const size_t start = doc.find('\n', fence) + 1;
  const size_t end = doc.find("```", start);
  const Network example = network_from_text(doc.substr(start, end - start));
  const std::vector<Spike> ex_in = random_inputs(rng, 2, 40, 0.5);
  req.inputs = ex_in;
  compare_with_model(*b, example, req);
}

TEST_CASE("unused neurons of the iCE40 core never fire, even with clipped padding weights",
          "[link][board]") {
  // Per-row plastic flags make the padding columns of a plastic row plastic
  // too; with w_min > 0 their weights clip up to 50 at the first update and
  // drive the padding neurons hard. They must stay silent (docs/rtl.md).
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "ice40"});
  auto b = make_serial_backend(board.port(), 3000000, 5000);
  Network net = Network::empty(4, 2);
  net.learning = true;
  net.weight_exp_in = 8;
  net.stdp = {.a_plus = 40, .a_minus = 40, .shift = 4, .trace_inc_pre = 100,
              .trace_inc_post = 100, .decay_pre = 400, .decay_post = 400, .w_min = 50,
              .w_max = 127};
  for (auto& p : net.params) p.threshold = 100000;
  std::fill(net.w_in.begin(), net.w_in.end(), int8_t{60});
  std::fill(net.plastic_in.begin(), net.plastic_in.end(), uint8_t{1});
  std::fill(net.plastic_rec.begin(), net.plastic_rec.end(), uint8_t{1});
  std::vector<Spike> in;
  for (uint32_t t = 0; t < 60; ++t) in.insert(in.end(), {{t, 0}, {t, 1}});
  RunRequest req;
  req.steps = 60;
  req.inputs = in;
  compare_with_model(*b, net, req);
}

TEST_CASE("any serial program can talk to the virtual board", "[link][board]") {
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small"});
  // A tiny python3 client: raw mode with termios, an INFO frame written by
  // hand (COBS of 02 00 7B 6D), the answer's type and N read back.
  const std::string script = R"PY(
import os, sys, termios, tty, select
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
tty.setraw(fd)
os.write(fd, bytes([0x00, 0x02, 0x02, 0x03, 0x7B, 0x6D, 0x00]))
buf = b""
while buf.count(b"\x00") < 1 or len(buf) < 10:
    r, _, _ = select.select([fd], [], [], 5)
    if not r:
        sys.exit("no answer")
    buf += os.read(fd, 256)
frame = buf.split(b"\x00")[0]
out, i = bytearray(), 0
while i < len(frame):
    code = frame[i]; out += frame[i + 1:i + code]; i += code
    if code < 255 and i < len(frame): out.append(0)
print("type %02x seq %d version %d neurons %d" % (out[0], out[1], out[2], out[3] | out[4] << 8))
)PY";
  const std::string path = std::string(SYNFIRE_BINARY_DIR) + "/tests/link/info_client.py";
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fputs(script.c_str(), f);
  std::fclose(f);
  const std::string cmd = "timeout 10 python3 " + path + " " + board.port();
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char line[256] = {};
  const bool got = std::fgets(line, sizeof line, p) != nullptr;
  const int rc = pclose(p);
  CHECK(rc == 0);
  REQUIRE(got);
  CHECK(std::string(line) == "type 82 seq 0 version 2 neurons 16\n");
}

TEST_CASE("the virtual board stops when the host closes the port, or after idling",
          "[link][board]") {
  {
    BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small", "--exit-on-close"});
    {
      auto b = make_serial_backend(board.port(), 3000000, 2000);
      CHECK(b->info().neurons == 16);
    }
    CHECK(board.wait_exit(5000) == 0);
    CHECK_THAT(board.error_output(), Catch::Contains("closed the port"));
  }
  {
    BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small", "--exit-after-idle", "0.3"});
    CHECK(board.wait_exit(5000) == 0);
    CHECK_THAT(board.error_output(), Catch::Contains("idle"));
  }
}

TEST_CASE("the virtual board refuses bad options clearly", "[link][board]") {
  CHECK_THROWS_WITH(BoardProcess(SYNFIRE_BOARD_BIN, {"--config", "nonsense"}, 5000),
                    Catch::Contains("nonsense"));
}

TEST_CASE("a later session reads the loaded network back from the board, whatever its shape",
          "[link][board]") {
  // Sizes are not board registers: an upload marks them in padding neurons
  // or, when the network fills the core's neurons, in the last input row.
  const uint64_t seed = test_seed("a later session reads the loaded network back from the board, whatever its shape");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  BoardProcess board(SYNFIRE_BOARD_BIN, {"--config", "small"});
  for (const auto& [n, m] : {std::pair{16, 8}, {16, 3}, {5, 8}, {7, 2}, {16, 0}, {1, 1}}) {
    INFO(n << " neurons, " << m << " inputs");
    Network net = random_network(rng, n, m);
    net.weight_bits = 8;  // reads back as the board's
    {
      auto first = make_serial_backend(board.port(), 3000000, 2000);
      first->load(net);
    }
    auto later = make_serial_backend(board.port(), 3000000, 2000);
    CHECK(later->read_network() == net);
  }
}
