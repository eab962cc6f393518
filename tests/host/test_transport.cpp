// Host transports and the protocol client: a port with nothing behind it
// fails within its timeout with a clear message; a lossy link is repaired
// by retransmission and still gives the model's results.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "link_backend.hpp"
#include "random_net.hpp"
#include "fake_transports.hpp"
#include "sim_fixture.hpp"
#include "transport.hpp"

using namespace synfire;
using namespace synfire::test;

namespace {

// A pseudo-terminal pair whose master end nobody serves.
struct DeadPty {
  int master = -1;
  std::string slave;
  DeadPty() {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(grantpt(master) == 0);
    REQUIRE(unlockpt(master) == 0);
    slave = ptsname(master);
  }
  ~DeadPty() { close(master); }
};

}  // namespace

TEST_CASE("a host talking to nothing fails within its timeout, saying so", "[host][transport]") {
  DeadPty pty;
  CHECK(link::is_pseudo_terminal(pty.slave));
  const auto t0 = std::chrono::steady_clock::now();
  try {
    make_serial_backend(pty.slave, 3000000, 300);
    FAIL("no exception");
  } catch (const BackendError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains("no answer from " + pty.slave + " within 300 ms"));
    CHECK_THAT(msg, Catch::Contains("synfire bitstream"));
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - t0).count();
  CHECK(ms >= 250);
  CHECK(ms < 1500);
}

TEST_CASE("a device with nothing behind it fails within its timeout", "[host][transport]") {
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(link::Device(std::make_unique<link::NullTransport>("nowhere"), 200),
                    Catch::Contains("no answer from nowhere within 200 ms"));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - t0).count();
  CHECK(ms < 1000);
}

TEST_CASE("a port that does not exist is named in the error", "[host][transport]") {
  CHECK_THROWS_WITH(make_serial_backend("/dev/ttyUSB-synfire-none", 3000000, 200),
                    Catch::Contains("/dev/ttyUSB-synfire-none"));
  CHECK_FALSE(link::is_pseudo_terminal("/dev/null"));
}

TEST_CASE("serial ports are listed without error", "[host][transport]") {
  // No board is attached here: the list may be empty, but enumeration works
  // and no entry is a pseudo-terminal.
  const std::vector<PortInfo> ports = list_serial_ports();
  for (const PortInfo& p : ports) {
    CHECK_FALSE(p.path.empty());
    CHECK_FALSE(link::is_pseudo_terminal(p.path));
  }
}

TEST_CASE("a lossy link is repaired by retransmission", "[host][transport]") {
  const unsigned seed = synfire::test::test_seed();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  auto lossy = std::make_unique<link::FaultyTransport>(board::open_sim_transport("small"), seed,
                                                       0.002);
  link::FaultyTransport* raw = lossy.get();
  auto dev = std::make_unique<link::Device>(std::move(lossy), 2000);
  auto board = link::make_device_backend(std::move(dev), "lossy");
  auto model = make_model_backend();
  const Network net = random_network(rng, 16, 8, false);
  const std::vector<Spike> in = random_inputs(rng, 8, 200, 0.2);
  board->load(net);
  model->load(net);
  RunRequest req;
  req.steps = 200;
  req.inputs = in;
  const Collected want = collect(*model, req);
  const Collected got = collect(*board, req);
  // Requests and their answers are repaired; stream frames cannot be sent
  // again, so a lost one must show in the counters instead.
  const LinkStats& s = got.summary.link;
  if (s.crc_errors == 0 && s.framing_errors == 0 && s.dropped_frames == 0) {
    CHECK(got.spikes == want.spikes);
  } else {
    CHECK(got.spikes.size() <= want.spikes.size());
  }
  CHECK(board->read_network() == model->read_network());
  CHECK(raw->damaged > 0);
}
