// The RTL link against abuse: random bytes, truncated frames, bad CRCs,
// unknown request types, out-of-range addresses and random well-formed
// requests never wedge it; the next valid frame always works; the counters
// report what was dropped.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "core_port.hpp"
#include "link_sim.hpp"
#include "protocol.hpp"
#include "random_net.hpp"

using namespace synfire;
using namespace synfire::link;

namespace {

Frame request(uint8_t type, uint8_t seq, std::vector<uint8_t> payload) {
  Frame f;
  f.type = type;
  f.seq = seq;
  f.payload = std::move(payload);
  return f;
}

// Raw access to the in-process RTL link: frames in, frames out.
class RawBoard {
 public:
  explicit RawBoard(const std::string& config) : sim_(config) {}

  void send_bytes(const std::vector<uint8_t>& b) {
    sim_.push(b.data(), b.size());
    raw.insert(raw.end(), b.begin(), b.end());
    if (raw.size() > 3000) raw.erase(raw.begin(), raw.begin() + 1000);
  }
  std::vector<uint8_t> raw;
  std::vector<std::string> log;  // recent traffic, for failure messages
  void send(const Frame& f) {
    std::ostringstream line;
    line << "> " << type_name(f.type) << " seq " << int{f.seq} << " len " << f.payload.size();
    log.push_back(line.str());
    if (log.size() > 40) log.erase(log.begin());
    send_bytes(encode_frame(f));
  }

  // Runs until a frame arrives (returned) or `max_cycles` pass (nothing).
  std::optional<Frame> next(uint64_t max_cycles = 2'000'000) {
    uint64_t ran = 0;
    while (frames_.empty() && ran < max_cycles) {
      const uint64_t n = sim_.run(4096);
      ran += std::max<uint64_t>(n, 1);
      auto& out = sim_.output();
      std::vector<uint8_t> bytes(out.begin(), out.end());
      out.clear();
      dec_.feed(bytes, frames_);
      if (n == 0 && sim_.idle() && frames_.empty()) break;
    }
    if (frames_.empty()) return std::nullopt;
    Frame f = std::move(frames_.front());
    frames_.erase(frames_.begin());
    std::ostringstream line;
    line << "< " << type_name(f.type) << " seq " << int{f.seq};
    if (!f.payload.empty()) line << " " << int{f.payload[0]};
    log.push_back(line.str());
    if (log.size() > 40) log.erase(log.begin());
    return f;
  }

  // The answer to request `seq`, skipping stream frames and older answers.
  std::optional<Frame> answer(uint8_t seq) {
    while (auto f = next()) {
      if (f->seq == seq && f->type >= kRspAck && f->type <= kRspData) return f;
    }
    return std::nullopt;
  }

  // Proof the link is alive: an INFO with `seq` (it resynchronises the
  // sequence numbers, whatever random garbage that passed the CRC by chance,
  // about 1 frame in 65536, did to them) and a PING with seq + 1, each answered.
  void ping(uint8_t seq) {
    send_bytes({0});  // ends any partial frame the garbage left behind
    send(request(kOpInfo, seq, {}));
    const auto i = answer(seq);
    REQUIRE(i.has_value());
    CHECK(i->type == kRspInfo);
    const uint8_t next_seq = static_cast<uint8_t>(seq + 1);
    send(request(kOpPing, next_seq, {}));
    const auto a = answer(next_seq);
    REQUIRE(a.has_value());
    if (a->type != kRspAck) {
      std::ostringstream recent;
      for (const std::string& l : log) recent << l << "\n";
      FAIL("the Ping got " << type_name(a->type) << " code "
                           << (a->payload.empty() ? 0 : int{a->payload[0]})
                           << "; recent traffic:\n" << recent.str() << "\nbytes:" << dump());
    }
  }

  std::string dump() const {
    std::ostringstream o;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == 0) o << " 00\n";
      else o << " " << std::hex << int{raw[i]} << std::dec;
    }
    return o.str();
  }
  const FrameDecoder::Counters& host_counters() const { return dec_.counters(); }

 private:
  board::LinkSim sim_;
  FrameDecoder dec_;
  std::vector<Frame> frames_;
};

// Link counters crc, framing, dropped, overflow, late.
std::vector<uint32_t> counters(RawBoard& b, uint8_t seq) {
  b.send(request(kOpRead, seq, read_payload(kFmt2, 1, link_addr(kLinkRegCrc), 5)));
  const auto a = b.answer(seq);
  REQUIRE(a.has_value());
  REQUIRE(a->type == kRspData);
  REQUIRE(a->payload.size() == 10 + 1);
  CHECK(a->payload.back() == 0);
  std::vector<uint32_t> c;
  for (int i = 0; i < 5; ++i) c.push_back(get_u16(a->payload, 2 * i));
  return c;
}

// A random request with a good CRC: any type, any payload, any sequence
// number (RUN kept short so the test stays fast).
Frame random_request(std::mt19937& rng, uint8_t expected) {
  Frame f;
  const uint8_t types[] = {kOpPing, kOpWrite, kOpRead, kOpClear, kOpRun, kOpProbe, 0x00, 0x08,
                           0x7F, 0x80, 0xFF, kOpInfo};
  f.type = types[rng() % std::size(types)];
  f.seq = rng() % 2 ? expected : static_cast<uint8_t>(rng());
  f.payload.resize(rng() % 2 ? rng() % 12 : rng() % (kMaxBody - 4));
  for (uint8_t& b : f.payload) b = static_cast<uint8_t>(rng());
  if (f.type == kOpRun && f.payload.size() >= 2) {
    f.payload[0] = static_cast<uint8_t>(1 + rng() % 20);  // 1..20 steps, never "until the next frame"
    f.payload[1] = 0;
    if (f.payload.size() >= 3) f.payload[2] &= static_cast<uint8_t>(~kRunFree);  // unpaced
  }
  if ((f.type == kOpWrite || f.type == kOpRead) && f.payload.size() >= 6 && rng() % 2) {
    // A plausible header: real formats, sometimes a real region.
    const uint8_t fmts[] = {kFmt1, kFmt2, kFmt3, kFmt4, kFmtWeights, kFmtWeightsRle};
    f.payload[0] = fmts[rng() % std::size(fmts)];
    f.payload[5] = static_cast<uint8_t>(rng() % 8);
  }
  return f;
}

// Sends `frames` random abuses, pinging every few; returns the seq to use next.
uint8_t abuse(RawBoard& b, std::mt19937& rng, int frames, uint8_t seq) {
  for (int i = 0; i < frames; ++i) {
    const int kind = static_cast<int>(rng() % 5);
    if (kind == 0) {
      // Garbage, ended by a delimiter so that it does not swallow the next frame.
      std::vector<uint8_t> junk(rng() % 200);
      for (uint8_t& x : junk) x = static_cast<uint8_t>(rng());
      junk.push_back(0);
      b.send_bytes(junk);
    } else if (kind == 1 || kind == 2) {
      // Truncated or corrupted copies of a real request.
      std::vector<uint8_t> w = encode_frame(random_request(rng, seq));
      if (kind == 1) {
        w.resize(rng() % (w.size() - 1));  // at least one byte before the delimiter goes
        w.push_back(0);
      } else {
        w[rng() % (w.size() - 1)] ^= static_cast<uint8_t>(1 + rng() % 255);
      }
      b.send_bytes(w);
    } else {
      // A well-formed request: every one gets exactly one answer.
      const Frame f = random_request(rng, seq);
      INFO("request " << i << ": " << type_name(f.type) << " seq " << int{f.seq} << ", "
                      << f.payload.size() << " bytes, expected seq " << int{seq});
      if (f.type == kOpInfo) seq = static_cast<uint8_t>(f.seq + 1);
      else if (f.seq == seq) ++seq;
      b.send(f);
      REQUIRE(b.answer(f.seq).has_value());
    }
    if (i % 10 == 9) {
      INFO("ping after abuse " << i);
      b.ping(seq);
      seq = static_cast<uint8_t>(seq + 2);
    }
  }
  return seq;
}

}  // namespace

TEST_CASE("bad CRCs, truncated frames and garbage are counted and harmless", "[host][robust]") {
  RawBoard b("small");
  uint8_t seq = 0;
  b.send(request(kOpInfo, seq++, {}));
  REQUIRE(b.answer(0).has_value());
  const std::vector<uint32_t> c0 = counters(b, seq++);
  // Three frames with a flipped bit in their CRC.
  for (int i = 0; i < 3; ++i) {
    std::vector<uint8_t> w = encode_frame(request(kOpPing, seq, {}));
    w[w.size() - 2] ^= 0x40;
    b.send_bytes(w);
  }
  // Two frames cut inside a COBS block, one shorter than MinBody.
  for (int i = 0; i < 2; ++i) b.send_bytes({0x05, 0x11, 0x22, 0x00});
  b.send_bytes({0x02, 0x01, 0x00});
  b.ping(seq);
  seq = static_cast<uint8_t>(seq + 2);
  const std::vector<uint32_t> c1 = counters(b, seq++);
  CHECK(c1[0] - c0[0] == 3);
  CHECK(c1[1] - c0[1] == 3);
  CHECK(c1[2] - c0[2] == 0);
}

TEST_CASE("unknown types, wrong lengths and bad addresses get a Nack, then work goes on",
          "[host][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  uint8_t seq = 0;
  b.send(request(kOpInfo, seq++, {}));
  REQUIRE(b.answer(0).has_value());
  struct Case {
    Frame f;
    uint8_t code;
  };
  std::vector<Case> cases;
  cases.push_back({request(0x42, seq, {}), kNackOpcode});
  cases.push_back({request(kOpPing, static_cast<uint8_t>(seq + 1), {1, 2}), kNackLength});
  cases.push_back({request(kOpRead, static_cast<uint8_t>(seq + 2), {1}), kNackLength});
  cases.push_back({request(kOpRead, static_cast<uint8_t>(seq + 3),
                           read_payload(kFmt4, 1, reg_addr(kRegStep), 200)), kNackArgument});
  cases.push_back({request(kOpWrite, static_cast<uint8_t>(seq + 4),
                           write_payload(0x33, 1, reg_addr(kRegSeed), std::vector<uint8_t>(4))),
                   kNackArgument});
  cases.push_back({request(kOpWrite, static_cast<uint8_t>(seq + 5),
                           write_payload(kFmt4, 1, addr(static_cast<Region>(0x77), 5),
                                         std::vector<uint8_t>(4))), kNackCore});
  cases.push_back({request(kOpWrite, static_cast<uint8_t>(seq + 6),
                           write_payload(kFmt4, 1, reg_addr(kRegSeed), std::vector<uint8_t>(3))),
                   kNackLength});
  cases.push_back({request(kOpProbe, static_cast<uint8_t>(seq + 7), {1, 0, 40}), kNackArgument});
  for (const Case& c : cases) {
    INFO(type_name(c.f.type) << " seq " << int{c.f.seq});
    b.send(c.f);
    const auto a = b.answer(c.f.seq);
    REQUIRE(a.has_value());
    REQUIRE(a->type == kRspNack);
    CHECK(a->payload[0] == c.code);
  }
  seq = static_cast<uint8_t>(seq + cases.size());
  // Out of order: the board keeps waiting for `seq` and says so.
  b.send(request(kOpPing, static_cast<uint8_t>(seq + 5), {}));
  const auto a = b.answer(static_cast<uint8_t>(seq + 5));
  REQUIRE(a.has_value());
  CHECK(a->type == kRspNack);
  CHECK(a->payload[0] == kNackOrder);
  CHECK(a->payload[1] == seq);
  // A duplicate of an executed request is acknowledged, not executed again.
  b.send(request(kOpClear, static_cast<uint8_t>(seq - 1), {}));
  const auto d = b.answer(static_cast<uint8_t>(seq - 1));
  REQUIRE(d.has_value());
  CHECK(d->type == kRspAck);
  CHECK(d->payload[0] == kAckDuplicate);
  b.ping(seq);
}

TEST_CASE("random abuse never wedges the link", "[host][robust]") {
  const unsigned seed = synfire::test::test_seed();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  abuse(b, rng, 300, 1);
}

TEST_CASE("10,000 random frames never wedge the link", "[host][robust][slow]") {
  const unsigned seed = synfire::test::test_seed();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  abuse(b, rng, 10000, 1);
}

TEST_CASE("a host that ignores the window loses frames, counted", "[host][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  // 20 maximal writes at once: about 6 KB into a 1 KB receive ring.
  std::vector<uint8_t> data(kMaxBody - 4 - 6, 0);
  for (int i = 0; i < 20; ++i) {
    b.send(request(kOpWrite, static_cast<uint8_t>(1 + i),
                   write_payload(kFmt2, 0, reg_addr(kRegSeed), data)));
  }
  // Some executed, the rest were dropped whole (then Nacked as out of order).
  int acks = 0, order_nacks = 0;
  for (int i = 0; i < 20; ++i) {
    const auto f = b.next(5'000'000);
    if (!f) break;
    if (f->type == kRspAck) ++acks;
    if (f->type == kRspNack && f->payload[0] == kNackOrder) ++order_nacks;
  }
  CHECK(acks >= 2);
  CHECK(acks < 20);
  const std::vector<uint32_t> c = counters(b, static_cast<uint8_t>(1 + acks));
  CHECK(c[2] > 0);  // dropped: ring full
  CHECK(c[2] + acks + order_nacks >= 20);
}

TEST_CASE("a RUN of 0 steps runs until the next frame arrives", "[host][robust]") {
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  b.send(request(kOpRun, 1, {0, 0, 0}));  // 0 steps: until the next frame
  // Let it run a while (no answer comes: only stream frames, if the
  // uninitialised network spikes), then a PING ends it at a step boundary.
  for (int i = 0; i < 20; ++i) {
    if (const auto f = b.next(2000)) CHECK(f->type >= kRspSpikes);
  }
  b.send(request(kOpPing, 2, {}));
  const auto run = b.answer(1);
  REQUIRE(run.has_value());
  REQUIRE(run->type == kRspAck);
  CHECK(get_u32(run->payload, 1) > 10);  // steps done before the PING came
  const auto ping = b.answer(2);
  REQUIRE(ping.has_value());
  CHECK(ping->type == kRspAck);
  CHECK(get_u32(ping->payload, 1) == get_u32(run->payload, 1));
}

TEST_CASE("RUN records past the last step are refused after the run", "[host][robust]") {
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  // 2 steps; records at steps 0 and 5.
  b.send(request(kOpRun, 1, {2, 0, 0, 0, 1, 3, 5, 1, 2}));
  const auto a = b.answer(1);
  REQUIRE(a.has_value());
  CHECK(a->type == kRspNack);
  CHECK(a->payload[0] == kNackArgument);
  // The two steps ran anyway: the step counter says so.
  b.ping(2);
}
