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

// Corrupts or drops bytes in both directions, with a seeded generator.
class LossyTransport final : public link::Transport {
 public:
  LossyTransport(std::unique_ptr<link::Transport> inner, unsigned seed, double p)
      : inner_(std::move(inner)), rng_(seed), p_(p) {}
  void write(std::span<const uint8_t> data, uint32_t t) override {
    std::vector<uint8_t> d(data.begin(), data.end());
    mangle(d);
    inner_->write(d, t);
  }
  size_t read(std::span<uint8_t> buf, uint32_t t) override {
    const size_t n = inner_->read(buf, t);
    std::vector<uint8_t> d(buf.begin(), buf.begin() + static_cast<long>(n));
    mangle(d);
    std::copy(d.begin(), d.end(), buf.begin());
    return d.size();
  }
  void discard_input() override { inner_->discard_input(); }
  std::string name() const override { return "lossy " + inner_->name(); }
  int events = 0;

 private:
  void mangle(std::vector<uint8_t>& d) {
    std::bernoulli_distribution hit(p_);
    for (size_t i = 0; i < d.size(); ++i) {
      if (!hit(rng_)) continue;
      ++events;
      if (rng_() % 2) d[i] ^= static_cast<uint8_t>(1 + rng_() % 255);
      else d.erase(d.begin() + static_cast<long>(i));
    }
  }
  std::unique_ptr<link::Transport> inner_;
  std::mt19937 rng_;
  double p_;
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
  auto lossy = std::make_unique<LossyTransport>(board::open_sim_transport("small"), seed, 0.002);
  LossyTransport* raw = lossy.get();
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
  CHECK(raw->events > 0);
}
