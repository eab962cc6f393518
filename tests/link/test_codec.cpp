// The host's codec: COBS, CRC, frames, EXEC segments, INFO and the spike stream.
#include <catch2/catch.hpp>

#include <random>

#include "cobs.hpp"
#include "crc16.hpp"
#include "protocol.hpp"
#include "test_seed.hpp"

using namespace synfire::link;

namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> v) {
  std::vector<uint8_t> out;
  for (int x : v) out.push_back(static_cast<uint8_t>(x));
  return out;
}

std::vector<uint8_t> encoded(const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out;
  cobs_encode(data, out);
  return out;
}

}  // namespace

TEST_CASE("COBS encodes the classic examples", "[link][codec]") {
  CHECK(encoded(bytes({})) == bytes({0x01}));
  CHECK(encoded(bytes({0x00})) == bytes({0x01, 0x01}));
  CHECK(encoded(bytes({0x00, 0x00})) == bytes({0x01, 0x01, 0x01}));
  CHECK(encoded(bytes({0x11, 0x22, 0x00, 0x33})) == bytes({0x03, 0x11, 0x22, 0x02, 0x33}));
  CHECK(encoded(bytes({0x11, 0x00, 0x00, 0x00})) == bytes({0x02, 0x11, 0x01, 0x01, 0x01}));
  // 254 non-zero bytes: one full block, then the 0x01 that ends the frame.
  std::vector<uint8_t> run(254);
  for (size_t i = 0; i < run.size(); ++i) run[i] = static_cast<uint8_t>(i + 1);
  const std::vector<uint8_t> e = encoded(run);
  REQUIRE(e.size() == 256);
  CHECK(e.front() == 0xFF);
  CHECK(e.back() == 0x01);
}

TEST_CASE("COBS round-trips every edge case and random data", "[link][codec]") {
  std::vector<std::vector<uint8_t>> cases;
  for (size_t len : {0, 1, 2, 253, 254, 255, 256, 508, 509, 600}) {
    std::vector<uint8_t> ones(len, 0x5A), zeros(len, 0x00), mixed(len);
    for (size_t i = 0; i < len; ++i) mixed[i] = static_cast<uint8_t>(i % 7 == 3 ? 0 : i);
    cases.push_back(ones);
    cases.push_back(zeros);
    cases.push_back(mixed);
  }
  const uint64_t seed = synfire::test::test_seed("COBS round-trips every edge case and random data");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 500; ++i) {
    std::vector<uint8_t> d(rng() % 700);
    const int zero_pct = static_cast<int>(rng() % 50);
    for (uint8_t& b : d) b = static_cast<int>(rng() % 100) < zero_pct ? 0 : static_cast<uint8_t>(rng());
    cases.push_back(d);
  }
  for (const auto& d : cases) {
    const std::vector<uint8_t> e = encoded(d);
    CHECK(std::find(e.begin(), e.end(), 0) == e.end());
    CHECK(e.size() <= cobs_max_encoded(d.size()));
    const auto back = cobs_decode(e);
    REQUIRE(back.has_value());
    CHECK(*back == d);
  }
}

TEST_CASE("COBS rejects malformed input", "[link][codec]") {
  CHECK_FALSE(cobs_decode(bytes({0x03, 0x11})).has_value());        // block runs past the end
  CHECK_FALSE(cobs_decode(bytes({0x02, 0x00})).has_value());        // a zero inside
  CHECK_FALSE(cobs_decode(bytes({0x00})).has_value());              // a zero code
}

TEST_CASE("CRC-16/CCITT-FALSE matches its check value", "[link][codec]") {
  const std::string check = "123456789";
  CHECK(crc16({reinterpret_cast<const uint8_t*>(check.data()), check.size()}) == 0x29B1);
  CHECK(crc16({}) == 0xFFFF);
  // Appending the CRC big-endian gives 0: the receivers' check.
  std::vector<uint8_t> d = bytes({0x06, 0x2A, 0x10, 0x00, 0x01});
  const uint16_t c = crc16(d);
  d.push_back(static_cast<uint8_t>(c >> 8));
  d.push_back(static_cast<uint8_t>(c));
  CHECK(crc16(d) == 0);
}

TEST_CASE("frames survive the codec and garbage before them", "[link][codec]") {
  const uint64_t seed = synfire::test::test_seed("frames survive the codec and garbage before them");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  FrameDecoder dec;
  std::vector<Frame> out;
  int sent = 0;
  for (int i = 0; i < 300; ++i) {
    // Random garbage (it may contain delimiters), then a delimiter, then a frame.
    std::vector<uint8_t> wire(rng() % 40);
    for (uint8_t& b : wire) b = static_cast<uint8_t>(rng());
    wire.push_back(0);
    Frame f;
    f.type = static_cast<uint8_t>(rng());
    f.seq = static_cast<uint8_t>(i);
    f.payload.resize(rng() % (kMaxBody - 4));
    for (uint8_t& b : f.payload) b = static_cast<uint8_t>(rng() % 3 == 0 ? 0 : rng());
    const std::vector<uint8_t> e = encode_frame(f);
    wire.insert(wire.end(), e.begin(), e.end());
    // Feed in random pieces: frames may arrive split anywhere.
    size_t at = 0;
    while (at < wire.size()) {
      const size_t n = std::min<size_t>(wire.size() - at, 1 + rng() % 64);
      dec.feed({wire.data() + at, n}, out);
      at += n;
    }
    ++sent;
    REQUIRE_FALSE(out.empty());
    CHECK(out.back().type == f.type);
    CHECK(out.back().seq == f.seq);
    CHECK(out.back().payload == f.payload);
  }
  // Garbage is counted, never delivered: every delivered frame is one we sent
  // (a random garbage frame passing COBS, length and CRC is about 1 in 65536).
  CHECK(dec.counters().frames >= static_cast<uint64_t>(sent));
  CHECK(dec.counters().frames <= static_cast<uint64_t>(sent) + 2);
  CHECK(dec.counters().crc_errors + dec.counters().framing_errors > 0);
}

TEST_CASE("frames longer than the protocol allows are refused", "[link][codec]") {
  Frame f;
  f.type = kOpExec;
  f.payload.resize(kMaxBody - 4 + 1);
  CHECK_THROWS_AS(encode_frame(f), std::length_error);
  // The decoder counts an over-long line frame as malformed.
  FrameDecoder dec;
  std::vector<Frame> out;
  std::vector<uint8_t> junk(2000, 0x55);
  junk.push_back(0);
  dec.feed(junk, out);
  CHECK(out.empty());
  CHECK(dec.counters().framing_errors == 1);
}

namespace {

using synfire::rtl::port::Op;

// One core command as the board's bridge issues it.
struct Command {
  uint8_t op;
  uint32_t addr;
  uint32_t data;
  bool operator==(const Command&) const = default;
};

// The bridge's segment interpreter, written from docs/protocol.md ("EXEC"):
// the commands a payload issues and the read bytes its answer carries.
std::vector<Command> interpret(const std::vector<uint8_t>& p, uint32_t& read_bytes) {
  std::vector<Command> out;
  uint32_t addr = 0, stride = 0;
  read_bytes = 0;
  for (size_t at = 0; at < p.size();) {
    const uint8_t ctl = p[at++];
    const uint32_t count = p[at] == 0 ? 256 : p[at];
    ++at;
    const uint8_t op = ctl & 7;
    const uint32_t width = ((ctl >> 3) & 3) + 1;
    if (ctl & 0x20) {
      addr = get_u32(p, at);
      stride = p[at + 4];
      at += 5;
    }
    uint8_t hi = 0;
    if (ctl & 0x40) hi = p[at++];
    const bool data = op == 1 || op == 3 || op == 4;
    const bool repeat = data && (ctl & 0x80);  // one word for every command
    uint32_t w = 0;
    for (uint32_t k = 0; k < count; ++k) {
      if (data && (k == 0 || !repeat)) {
        w = 0;
        for (uint32_t b = 0; b < width; ++b) w |= uint32_t{p[at++]} << (8 * b);
        if (width == 1) w |= uint32_t{hi} << 8;
      }
      if (op == 2) read_bytes += width;
      out.push_back({op, addr, w});
      addr = (addr & 0xFF000000u) | ((addr + stride) & 0xFFFFFFu);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("EXEC segments encode the worked example byte for byte", "[link][codec]") {
  using namespace synfire::rtl::port;
  // docs/protocol.md, "Worked examples": RegSeed = 0x12345678, two steps
  // with axons 1 and 4 before the first, then u, v of neuron 3.
  Exec e;
  const std::vector<uint8_t> seed{0x78, 0x56, 0x34, 0x12};
  REQUIRE(e.add(Op::kWrite, 4, 1, Exec::Addr{reg_addr(kRegSeed), 1}, seed));
  const std::vector<uint8_t> axons{1, 4};
  REQUIRE(e.add(Op::kAxon, 1, 2, std::nullopt, axons));
  REQUIRE(e.add(Op::kStep, 1, 2, std::nullopt));
  REQUIRE(e.add(Op::kRead, 3, 2, Exec::Addr{state_addr(3, kStateU), 1}));
  CHECK(e.read_bytes() == 6);
  CHECK(e.take() == bytes({0x39, 0x01, 0x06, 0x00, 0x00, 0x00, 0x01, 0x78, 0x56, 0x34, 0x12,
                           0x03, 0x02, 0x01, 0x04,
                           0x05, 0x02,
                           0x32, 0x02, 0x18, 0x00, 0x00, 0x02, 0x01}));
  CHECK(e.empty());
  CHECK(e.read_bytes() == 0);
}

TEST_CASE("EXEC segments issue exactly the commands they describe", "[link][codec]") {
  const uint64_t seed = synfire::test::test_seed("EXEC segments issue exactly the commands they describe");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  const Op ops[] = {Op::kNop, Op::kWrite, Op::kRead, Op::kAxon, Op::kPend, Op::kStep, Op::kClear};
  for (int i = 0; i < 300; ++i) {
    Exec e;
    std::vector<Command> want;
    uint32_t addr = 0, stride = 0, reads = 0;
    for (;;) {
      const Op op = ops[rng() % std::size(ops)];
      const uint32_t width = 1 + rng() % 4, count = 1 + rng() % (rng() % 4 ? 8 : 256);
      std::optional<Exec::Addr> a;
      if (rng() % 2) a = Exec::Addr{static_cast<uint32_t>(rng()), static_cast<uint8_t>(rng())};
      const bool data = op == Op::kWrite || op == Op::kAxon || op == Op::kPend;
      const bool repeat = data && rng() % 4 == 0;
      std::vector<uint8_t> d(data ? width * (repeat ? 1 : count) : 0);
      for (uint8_t& x : d) x = static_cast<uint8_t>(rng());
      const uint8_t hi = rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : 0;
      const size_t room = e.room();
      if (!e.add(op, width, count, a, d, hi, repeat)) {
        // Refused only when it really does not fit, and nothing was added.
        const bool reads_fit = op != Op::kRead || width * count <= e.read_room();
        CHECK((Exec::segment_bytes(width, repeat ? 1 : count, a.has_value(), hi != 0, data) > room ||
               !reads_fit));
        CHECK(e.room() == room);
        break;
      }
      if (a) {
        addr = a->addr;
        stride = a->stride;
      }
      for (uint32_t k = 0; k < count; ++k) {
        uint32_t w = 0;
        const uint32_t word = repeat ? 0 : k;
        for (uint32_t b = 0; data && b < width; ++b) w |= uint32_t{d[word * width + b]} << (8 * b);
        if (data && width == 1) w |= uint32_t{hi} << 8;
        if (op == Op::kRead) reads += width;
        want.push_back({static_cast<uint8_t>(op), addr, w});
        addr = (addr & 0xFF000000u) | ((addr + stride) & 0xFFFFFFu);
      }
    }
    const uint32_t read_bytes = e.read_bytes();
    const std::vector<uint8_t> p = e.take();
    CHECK(p.size() <= kMaxPayload);
    CHECK(read_bytes <= kMaxReadBytes);
    uint32_t got_reads = 0;
    const std::vector<Command> got = interpret(p, got_reads);
    CHECK(got_reads == reads);
    CHECK(read_bytes == reads);
    // The first segment without an address continues from an unknown one:
    // compare what does not depend on it.
    REQUIRE(got.size() == want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      CHECK(got[k].op == want[k].op);
      CHECK(got[k].data == want[k].data);
    }
  }
}

TEST_CASE("a DONE status byte names every flag", "[link][codec]") {
  CHECK(status_text(0).empty());
  CHECK(status_text(1u << kStatType) == "unknown request type");
  CHECK_THAT(status_text(0xFF), Catch::Contains("bad core address") &&
                                    Catch::Contains("request ended inside a segment") &&
                                    Catch::Contains("more read data") &&
                                    Catch::Contains("bad link register access"));
}

TEST_CASE("INFO payloads parse field by field", "[link][codec]") {
  const std::vector<uint8_t> p = bytes({2, 0x00, 0x01, 0x00, 0x01, 8, 0x1F, 0, 0, 0, 0x00, 0x6C,
                                        0xDC, 0x02, 0xC0, 0xC6, 0x2D, 0x00, 0x00, 0x04, 0x40, 0x01,
                                        0x78, 0x56, 0x34, 0x12, 0x01,
                                        'i', 'c', 'e', 'b', 'r', 'e', 'a', 'k'});
  const auto info = parse_info(p);
  REQUIRE(info.has_value());
  CHECK(info->version == 2);
  CHECK(info->neurons == 256);
  CHECK(info->inputs == 256);
  CHECK(info->weight_bits == 8);
  CHECK(info->features == 0x1F);
  CHECK(info->clock_hz == 48000000);
  CHECK(info->baud == 3000000);
  CHECK(info->rx_ring == 1024);
  CHECK(info->max_body == 320);
  CHECK(info->build.commit == 0x12345678);
  CHECK(info->build.dirty());
  CHECK(info->build.config == "icebreak");
  CHECK(info->build.text() == "icebreak, commit 12345678, with uncommitted changes");
  CHECK_FALSE(parse_info(std::span(p).first(kInfoBytes - 1)).has_value());
  synfire::BuildId sim{0, 0, "sim256"};
  CHECK(sim.text() == "sim256 (simulation, no commit)");
  CHECK(synfire::BuildId{}.text() == "none");
}

namespace {

std::vector<uint8_t> items(std::initializer_list<uint32_t> v) {
  std::vector<uint8_t> out;
  for (uint32_t x : v) put_u16(out, x);
  return out;
}

using Spikes = std::vector<std::pair<uint64_t, uint32_t>>;

}  // namespace

TEST_CASE("spike stream markers name steps from the floor on", "[link][codec]") {
  SpikeStreamDecoder d(100000, 256);
  Spikes out;
  // 100000 = 0x186A0: low 15 bits 0x06A0.
  REQUIRE(d.decode(items({0x8000 | 0x06A0, 3, 9, 0x8000 | 0x06A2, 5}), out));
  CHECK(out == Spikes{{100000, 3}, {100000, 9}, {100002, 5}});
  // A frame may continue a step (same marker); neurons keep ascending.
  out.clear();
  REQUIRE(d.decode(items({0x8000 | 0x06A2, 7}), out));
  CHECK(out == Spikes{{100002, 7}});
  // A quiet stretch longer than 2^15 steps: the answers moved the floor on.
  d.raise_floor(100002 + 40000);
  out.clear();
  const uint64_t s = 100002 + 40000 + 17;
  REQUIRE(d.decode(items({0x8000 | static_cast<uint32_t>(s & 0x7FFF), 1}), out));
  CHECK(out == Spikes{{s, 1}});
}

TEST_CASE("malformed spike frames are refused", "[link][codec]") {
  // Found by fuzzing in protocol version 1: spikes out of order or outside
  // the core reached the spike file writer. Version 2 keeps the checks.
  Spikes out;
  CHECK_FALSE(SpikeStreamDecoder(0, 16).decode(items({3, 0x8000}), out));           // no marker first
  CHECK_FALSE(SpikeStreamDecoder(0, 16).decode(items({0x8000, 5, 3}), out));        // descending
  CHECK_FALSE(SpikeStreamDecoder(0, 16).decode(items({0x8000, 3, 3}), out));        // repeated
  CHECK_FALSE(SpikeStreamDecoder(0, 16).decode(items({0x8000, 16}), out));          // outside
  CHECK_FALSE(SpikeStreamDecoder(0, 16).decode(bytes({0x00, 0x80, 0x03}), out));    // odd length
  out.clear();
  CHECK(SpikeStreamDecoder(0, 16).decode(items({0x8000, 3, 15, 0x8001, 0}), out));
  CHECK(out == Spikes{{0, 3}, {0, 15}, {1, 0}});
}

TEST_CASE("the worked examples' frames are what docs/protocol.md shows", "[link][codec]") {
  auto line = [](uint8_t type, uint8_t seq, std::vector<uint8_t> payload) {
    Frame f;
    f.type = type;
    f.seq = seq;
    f.payload = std::move(payload);
    return encode_frame(f);
  };
  CHECK(line(kOpInfo, 0, {}) == bytes({0x02, 0x02, 0x03, 0x7B, 0x6D, 0x00}));
  CHECK(line(kOpExec, 1, bytes({0x39, 0x01, 0x06, 0x00, 0x00, 0x00, 0x01, 0x78, 0x56, 0x34, 0x12,
                                0x03, 0x02, 0x01, 0x04, 0x05, 0x02, 0x32, 0x02, 0x18, 0x00, 0x00,
                                0x02, 0x01})) ==
        bytes({0x06, 0x03, 0x01, 0x39, 0x01, 0x06, 0x01, 0x01, 0x0F, 0x01, 0x78, 0x56, 0x34, 0x12,
               0x03, 0x02, 0x01, 0x04, 0x05, 0x02, 0x32, 0x02, 0x18, 0x01, 0x05, 0x02, 0x01, 0x6B,
               0xA8, 0x00}));
  CHECK(line(kRspDone, 1, bytes({0x00, 0xFB, 0xFF, 0xFF, 0x2C, 0x01, 0x00})) ==
        bytes({0x03, 0x80, 0x01, 0x06, 0xFB, 0xFF, 0xFF, 0x2C, 0x01, 0x03, 0x63, 0x97, 0x00}));
  const std::vector<uint8_t> spikes = bytes({0x2A, 0x80, 0x03, 0x00, 0x09, 0x00, 0x2C, 0x80, 0x05, 0x00});
  CHECK(line(kRspSpikes, 7, spikes) ==
        bytes({0x06, 0x90, 0x07, 0x2A, 0x80, 0x03, 0x02, 0x09, 0x04, 0x2C, 0x80, 0x05, 0x03, 0x1E,
               0x8F, 0x00}));
  Spikes out;
  REQUIRE(SpikeStreamDecoder(40, 16).decode(spikes, out));
  CHECK(out == Spikes{{42, 3}, {42, 9}, {44, 5}});
}
