// The RTL link against abuse: random bytes, truncated frames, bad CRCs,
// unknown request types, truncated segments, bad addresses and random
// well-formed requests never wedge it; the next valid frame always works; the
// counters report what was dropped; answers flag what went wrong.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "core_port.hpp"
#include "link_sim.hpp"
#include "protocol.hpp"
#include "test_seed.hpp"

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
      if (f->seq == seq && f->type >= kRspDone && f->type <= kRspDuplicate) return f;
    }
    return std::nullopt;
  }

  // Proof the link is alive: an INFO with `seq` (it resynchronises the
  // sequence numbers, whatever random garbage that passed the CRC by chance,
  // about 1 frame in 65536, did to them) and an empty EXEC with seq + 1, each
  // answered (its status may carry core errors the garbage caused).
  void ping(uint8_t seq) {
    send_bytes({0});  // ends any partial frame the garbage left behind
    send(request(kOpInfo, seq, {}));
    const auto i = answer(seq);
    REQUIRE(i.has_value());
    CHECK(i->type == kRspInfo);
    const uint8_t next_seq = static_cast<uint8_t>(seq + 1);
    send(request(kOpExec, next_seq, {}));
    const auto a = answer(next_seq);
    REQUIRE(a.has_value());
    if (a->type != kRspDone || a->payload.size() != 1) {
      std::ostringstream recent;
      for (const std::string& l : log) recent << l << "\n";
      FAIL("the empty EXEC got " << type_name(a->type) << " status "
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

// One segment's bytes (docs/protocol.md, "EXEC").
std::vector<uint8_t> segment(rtl::port::Op op, uint32_t width, uint32_t count,
                             std::optional<Exec::Addr> addr = std::nullopt,
                             std::vector<uint8_t> data = {}) {
  Exec e;
  REQUIRE(e.add(op, width, count, addr, data));
  return e.take();
}

std::vector<uint8_t> cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Link counters crc, framing, dropped, overflow, late.
std::vector<uint32_t> counters(RawBoard& b, uint8_t seq) {
  b.send(request(kOpExec, seq, segment(rtl::port::Op::kRead, 2, 5, Exec::Addr{link_addr(kLinkRegCrc), 1})));
  const auto a = b.answer(seq);
  REQUIRE(a.has_value());
  REQUIRE(a->type == kRspDone);
  REQUIRE(a->payload.size() == 1 + 10);
  CHECK(a->payload[0] == 0);
  std::vector<uint32_t> c;
  for (int i = 0; i < 5; ++i) c.push_back(get_u16(a->payload, 1 + 2 * i));
  return c;
}

// The core's step counter.
uint32_t step_counter(RawBoard& b, uint8_t seq) {
  b.send(request(kOpExec, seq,
                 segment(rtl::port::Op::kRead, 4, 1, Exec::Addr{rtl::port::reg_addr(rtl::port::kRegStep), 1})));
  const auto a = b.answer(seq);
  REQUIRE(a.has_value());
  REQUIRE(a->type == kRspDone);
  REQUIRE(a->payload.size() == 5);
  return get_u32(a->payload, 1);
}

// A random request with a good CRC: any type, any payload, any sequence
// number. EXEC payloads are random bytes or random plausible segments (their
// steps unpaced: the period register stays 0, so paced ones would not wait
// anyway).
Frame random_request(std::mt19937& rng, uint8_t expected) {
  Frame f;
  const uint8_t types[] = {kOpExec, kOpExec, kOpExec, 0x00, 0x01, 0x7F, 0x80, 0xFF, kOpInfo};
  f.type = types[rng() % std::size(types)];
  f.seq = rng() % 2 ? expected : static_cast<uint8_t>(rng());
  if (f.type == kOpExec && rng() % 2) {
    Exec e;
    for (int k = 0; k < 8; ++k) {
      const auto op = static_cast<rtl::port::Op>(rng() % 8);
      const uint32_t width = 1 + rng() % 4, count = 1 + rng() % 40;
      std::optional<Exec::Addr> a;
      if (rng() % 2) a = Exec::Addr{static_cast<uint32_t>((rng() % 8) << 24 | (rng() % 4096)), static_cast<uint8_t>(rng() % 9)};
      const bool data = op == rtl::port::Op::kWrite || op == rtl::port::Op::kAxon || op == rtl::port::Op::kPend;
      std::vector<uint8_t> d(data ? width * count : 0);
      for (uint8_t& x : d) x = static_cast<uint8_t>(rng());
      if (!e.add(op, width, count, a, d)) break;
    }
    f.payload = e.take();
    if (!f.payload.empty() && rng() % 3 == 0) f.payload.resize(rng() % f.payload.size());  // cut
    return f;
  }
  f.payload.resize(rng() % 2 ? rng() % 12 : rng() % (kMaxBody - 4));
  for (uint8_t& b : f.payload) b = static_cast<uint8_t>(rng());
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

TEST_CASE("bad CRCs, truncated frames and garbage are counted and harmless", "[link][robust]") {
  RawBoard b("small");
  uint8_t seq = 0;
  b.send(request(kOpInfo, seq++, {}));
  REQUIRE(b.answer(0).has_value());
  const std::vector<uint32_t> c0 = counters(b, seq++);
  // Three frames with a flipped bit in their CRC.
  for (int i = 0; i < 3; ++i) {
    std::vector<uint8_t> w = encode_frame(request(kOpExec, seq, {}));
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

TEST_CASE("unknown types, cut segments and bad addresses are flagged, then work goes on",
          "[link][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  uint8_t seq = 0;
  b.send(request(kOpInfo, seq++, {}));
  REQUIRE(b.answer(0).has_value());
  const std::vector<uint8_t> four(4, 0);
  const std::vector<uint8_t> write_seed = segment(Op::kWrite, 4, 1, Exec::Addr{reg_addr(kRegSeed), 1}, four);
  const std::vector<uint8_t> clear_errors =
      segment(Op::kWrite, 1, 1, Exec::Addr{reg_addr(kRegStatus), 1}, {0x1E});
  struct Case {
    std::string what;
    Frame f;
    uint32_t status;    // the answer's status bits
    size_t data = 0;    // read bytes in the answer
  };
  std::vector<Case> cases;
  cases.push_back({"unknown type", request(0x42, 0, write_seed), 1u << kStatType});
  cases.push_back({"cut in the address", request(kOpExec, 0, std::vector<uint8_t>(write_seed.begin(), write_seed.begin() + 4)),
                   1u << kStatTruncated});
  cases.push_back({"cut in the data", request(kOpExec, 0, std::vector<uint8_t>(write_seed.begin(), write_seed.end() - 1)),
                   1u << kStatTruncated});
  // 79 words of 4 bytes (316) and one more byte: past what one answer holds
  // (Exec refuses to build it, so the bytes are written out).
  std::vector<uint8_t> too_much{0x3A, 79};
  put_u32(too_much, reg_addr(kRegId));
  too_much.push_back(0);
  too_much.insert(too_much.end(), {0x02, 0x01});
  cases.push_back({"too much read data", request(kOpExec, 0, too_much), 1u << kStatOverflow, kMaxReadBytes});
  cases.push_back({"write to a read-only link register",
                   request(kOpExec, 0, segment(Op::kWrite, 2, 1, Exec::Addr{link_addr(kLinkRegCrc), 1}, {1, 0})),
                   1u << kStatLinkAddr});
  cases.push_back({"read of a missing link register",
                   request(kOpExec, 0, segment(Op::kRead, 2, 1, Exec::Addr{link_addr(7), 1})),
                   1u << kStatLinkAddr, 2});
  cases.push_back({"core address outside the map",
                   request(kOpExec, 0, cat({segment(Op::kWrite, 4, 1, Exec::Addr{addr(static_cast<Region>(0x77), 5), 1}, four)})),
                   1u << kStatusErrAddr});
  cases.push_back({"axon beyond M", request(kOpExec, 0, segment(Op::kAxon, 1, 1, std::nullopt, {200})),
                   1u << kStatusErrAxon});
  for (Case& c : cases) {
    INFO(c.what);
    c.f.seq = seq++;
    b.send(c.f);
    const auto a = b.answer(c.f.seq);
    REQUIRE(a.has_value());
    REQUIRE(a->type == kRspDone);
    REQUIRE(a->payload.size() == 1 + c.data);
    CHECK(int{a->payload[0]} == static_cast<int>(c.status));
    // The core's error bits are sticky until the host clears them.
    if (c.status & 0x1E) {
      b.send(request(kOpExec, seq, clear_errors));
      const auto cleared = b.answer(seq++);
      REQUIRE(cleared.has_value());
      CHECK(cleared->payload == std::vector<uint8_t>{0});
    }
  }
  // Out of order: the board keeps waiting for `seq` and says so.
  b.send(request(kOpExec, static_cast<uint8_t>(seq + 5), {}));
  const auto a = b.answer(static_cast<uint8_t>(seq + 5));
  REQUIRE(a.has_value());
  CHECK(a->type == kRspOrder);
  CHECK(a->payload == std::vector<uint8_t>{seq});
  // A repetition of an executed request is answered, not executed again.
  const uint32_t t = step_counter(b, seq++);
  b.send(request(kOpExec, seq, segment(Op::kStep, 1, 3)));
  REQUIRE(b.answer(seq).has_value());
  b.send(request(kOpExec, seq, segment(Op::kStep, 1, 3)));
  const auto d = b.answer(seq++);
  REQUIRE(d.has_value());
  CHECK(d->type == kRspDuplicate);
  CHECK(d->payload.empty());
  CHECK(step_counter(b, seq++) == t + 3);
  b.ping(seq);
}

TEST_CASE("a request's reads see its earlier commands, and its spikes come before its answer",
          "[link][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  // Neuron 2 fires every step (threshold 0, bias 1, no refractory time);
  // the others never (threshold 2^23 - 1, bias -2^23); every weight 0.
  uint8_t seq = 1;
  auto exec = [&](const std::vector<uint8_t>& payload) {
    b.send(request(kOpExec, seq, payload));
    const auto a = b.answer(seq++);
    REQUIRE(a.has_value());
    REQUIRE(a->payload == std::vector<uint8_t>{0});
  };
  for (uint32_t j0 = 0; j0 < 16; j0 += 8) {
    std::vector<uint8_t> params;
    for (uint32_t j = j0; j < j0 + 8; ++j) {
      const uint32_t bias = j == 2 ? 1 : 0x800000, threshold = j == 2 ? 0 : 0x7FFFFF;
      for (uint32_t v : {0u, 0u, 0u, bias, threshold, 0u, 0u, 0u}) {
        params.insert(params.end(), {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                                     static_cast<uint8_t>(v >> 16)});
      }
    }
    exec(segment(Op::kWrite, 3, 64, Exec::Addr{param_addr(j0, kParamDecayU), 1}, params));
  }
  for (uint32_t w0 = 0; w0 < 24 * 16; w0 += 128) {
    exec(segment(Op::kWrite, 1, 128, Exec::Addr{weight_addr(16, 0, w0), 1}, std::vector<uint8_t>(128, 0)));
  }
  exec(segment(Op::kClear, 1, 1));
  // Steps, then the step counter (twice: the second segment keeps the address).
  const uint8_t run = seq;
  b.send(request(kOpExec, run, cat({segment(Op::kStep, 1, 5),
                                    segment(Op::kRead, 4, 1, Exec::Addr{reg_addr(kRegStep), 0}),
                                    segment(Op::kStep, 1, 2),
                                    segment(Op::kRead, 4, 1)})));
  std::vector<uint32_t> stream;
  std::optional<Frame> done;
  while (auto f = b.next()) {
    if (f->type == kRspSpikes) {
      CHECK_FALSE(done.has_value());  // every spike frame before the answer
      for (size_t at = 0; at + 1 < f->payload.size(); at += 2) stream.push_back(get_u16(f->payload, at));
    } else if (f->seq == run) {
      done = f;
      break;
    }
  }
  REQUIRE(done.has_value());
  REQUIRE(done->payload.size() == 1 + 8);
  CHECK(done->payload[0] == 0);
  CHECK(get_u32(done->payload, 1) == 5);
  CHECK(get_u32(done->payload, 5) == 7);
  // Neuron 2 in each of the 7 steps (steps 0..6), each after its marker.
  std::vector<uint32_t> want;
  for (uint32_t t = 0; t < 7; ++t) {
    want.push_back(kMarkerBit | t);
    want.push_back(2);
  }
  CHECK(stream == want);
}

TEST_CASE("a repeat segment writes one word to every address, then the next segment goes on",
          "[link][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  // 300 weights of 0x55 with the plastic flag (high byte 1: bit 8), then 3
  // more words, then all 303 read back as 2-byte words.
  Exec e;
  const uint8_t word = 0x55;
  REQUIRE(e.add(Op::kWrite, 1, 256, Exec::Addr{weight_addr(16, 0, 0), 1}, {&word, 1}, 1, true));
  REQUIRE(e.add(Op::kWrite, 1, 44, std::nullopt, {&word, 1}, 1, true));
  const std::vector<uint8_t> tail{1, 2, 3};
  REQUIRE(e.add(Op::kWrite, 1, 3, std::nullopt, tail));
  b.send(request(kOpExec, 1, e.take()));
  const auto w = b.answer(1);
  REQUIRE(w.has_value());
  REQUIRE(w->payload == std::vector<uint8_t>{0});
  b.send(request(kOpExec, 2, cat({segment(Op::kRead, 2, 151, Exec::Addr{weight_addr(16, 0, 0), 1}),
                                  segment(Op::kRead, 2, 1, Exec::Addr{weight_addr(16, 0, 300), 1}),
                                  segment(Op::kRead, 2, 2)})));
  const auto r = b.answer(2);
  REQUIRE(r.has_value());
  REQUIRE(r->payload.size() == 1 + 2 * 154);
  CHECK(r->payload[0] == 0);
  for (int k = 0; k < 151; ++k) CHECK(get_u16(r->payload, 1 + 2 * k) == 0x155);
  CHECK(get_u16(r->payload, 1 + 2 * 151) == 0x001);  // the literal words: no high byte
  CHECK(get_u16(r->payload, 1 + 2 * 152) == 0x002);
  CHECK(get_u16(r->payload, 1 + 2 * 153) == 0x003);
}

TEST_CASE("random abuse never wedges the link", "[link][robust]") {
  const uint64_t seed = synfire::test::test_seed("random abuse never wedges the link");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  abuse(b, rng, 300, 1);
}

TEST_CASE("10,000 random frames never wedge the link", "[link][robust][slow]") {
  const uint64_t seed = synfire::test::test_seed("10,000 random frames never wedge the link");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  abuse(b, rng, 10000, 1);
}

TEST_CASE("a host that ignores the window loses frames, counted", "[link][robust]") {
  using namespace rtl::port;
  RawBoard b("small");
  b.send(request(kOpInfo, 0, {}));
  REQUIRE(b.answer(0).has_value());
  // 20 maximal writes at once: about 6 KB into a 1 KB receive ring.
  const std::vector<uint8_t> data(2 * 150, 0);
  for (int i = 0; i < 20; ++i) {
    b.send(request(kOpExec, static_cast<uint8_t>(1 + i),
                   segment(Op::kWrite, 2, 150, Exec::Addr{reg_addr(kRegSeed), 0}, data)));
  }
  // Some executed, the rest were dropped whole (then answered as out of order).
  int done = 0, order = 0;
  for (int i = 0; i < 20; ++i) {
    const auto f = b.next(5'000'000);
    if (!f) break;
    if (f->type == kRspDone) ++done;
    if (f->type == kRspOrder) ++order;
  }
  CHECK(done >= 2);
  CHECK(done < 20);
  const std::vector<uint32_t> c = counters(b, static_cast<uint8_t>(1 + done));
  CHECK(c[2] > 0);  // dropped: ring full
  CHECK(c[2] + done + order >= 20);
}
