// The host's codec: COBS, CRC, frames, the weight and index encodings.
#include <catch2/catch.hpp>

#include <random>

#include "cobs.hpp"
#include "crc16.hpp"
#include "protocol.hpp"
#include "random_net.hpp"

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

TEST_CASE("COBS encodes the classic examples", "[host][codec]") {
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

TEST_CASE("COBS round-trips every edge case and random data", "[host][codec]") {
  std::vector<std::vector<uint8_t>> cases;
  for (size_t len : {0, 1, 2, 253, 254, 255, 256, 508, 509, 600}) {
    std::vector<uint8_t> ones(len, 0x5A), zeros(len, 0x00), mixed(len);
    for (size_t i = 0; i < len; ++i) mixed[i] = static_cast<uint8_t>(i % 7 == 3 ? 0 : i);
    cases.push_back(ones);
    cases.push_back(zeros);
    cases.push_back(mixed);
  }
  const unsigned seed = synfire::test::test_seed();
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

TEST_CASE("COBS rejects malformed input", "[host][codec]") {
  CHECK_FALSE(cobs_decode(bytes({0x03, 0x11})).has_value());        // block runs past the end
  CHECK_FALSE(cobs_decode(bytes({0x02, 0x00})).has_value());        // a zero inside
  CHECK_FALSE(cobs_decode(bytes({0x00})).has_value());              // a zero code
}

TEST_CASE("CRC-16/CCITT-FALSE matches its check value", "[host][codec]") {
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

TEST_CASE("frames survive the codec and garbage before them", "[host][codec]") {
  const unsigned seed = synfire::test::test_seed();
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

TEST_CASE("frames longer than the protocol allows are refused", "[host][codec]") {
  Frame f;
  f.type = kOpWrite;
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

TEST_CASE("weight groups round-trip through the read format", "[host][codec]") {
  std::mt19937 rng(7);
  for (uint32_t count : {1u, 7u, 8u, 9u, 100u, 256u}) {
    std::vector<WeightWord> w(count);
    for (auto& x : w) x = {static_cast<int8_t>(rng()), (rng() & 1) != 0};
    // The board's READ layout: each group's weights, then its flag byte.
    std::vector<uint8_t> data;
    for (uint32_t g = 0; g < count; g += 8) {
      uint8_t flags = 0;
      for (uint32_t i = g; i < std::min(count, g + 8); ++i) {
        data.push_back(static_cast<uint8_t>(w[i].weight));
        flags |= static_cast<uint8_t>(w[i].plastic << (i - g));
      }
      data.push_back(flags);
    }
    CHECK(data.size() == read_data_bytes(kFmtWeights, count));
    CHECK(unpack_read_weights(data, count) == w);
    CHECK(pack_weights(w).size() == data.size());
  }
}

namespace {

// The board's run-length decoder, written from docs/protocol.md.
std::vector<WeightWord> unrle(const std::vector<uint8_t>& d) {
  const bool f0 = d[0] & 1, f1 = (d[0] >> 1) & 1;
  const uint32_t count = d[1] | (d[2] << 8);
  std::vector<WeightWord> out;
  for (size_t at = 3; at + 1 < d.size(); at += 2) {
    for (int z = 0; z < d[at]; ++z) out.push_back({0, f1});
    out.push_back({static_cast<int8_t>(d[at + 1]), f0});
  }
  while (out.size() < count) out.push_back({0, f1});
  return out;
}

}  // namespace

TEST_CASE("run-length weights cover what they claim, exactly", "[host][codec]") {
  const unsigned seed = synfire::test::test_seed();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 400; ++i) {
    const size_t len = 1 + rng() % 2000;
    const int density = static_cast<int>(rng() % 30);
    const bool zero_flag = rng() & 1, listed_flag = rng() & 1;
    const bool mixed = rng() % 4 == 0;
    std::vector<WeightWord> w(len);
    for (auto& x : w) {
      x.weight = static_cast<int>(rng() % 100) < density ? static_cast<int8_t>(1 + rng() % 100) : 0;
      x.plastic = x.weight != 0 ? listed_flag : zero_flag;
      if (mixed && rng() % 50 == 0) x.plastic = !x.plastic;
    }
    const size_t max_bytes = 10 + rng() % 300;
    auto [data, covered] = pack_weights_rle(w, max_bytes);
    if (covered == 0) continue;
    CHECK(data.size() <= max_bytes);
    const std::vector<WeightWord> back = unrle(data);
    REQUIRE(back.size() == covered);
    CHECK(std::equal(back.begin(), back.end(), w.begin()));
  }
}

TEST_CASE("step indices go as a list or a bitmap, whichever is shorter", "[host][codec]") {
  std::mt19937 rng(3);
  for (uint32_t capacity : {8u, 16u, 256u, 512u, 2048u}) {
    for (int i = 0; i < 50; ++i) {
      std::vector<uint32_t> idx;
      const uint32_t p = rng() % 100;
      for (uint32_t j = 0; j < capacity; ++j) {
        if (rng() % 100 < p) idx.push_back(j);
      }
      auto [count, data] = encode_step_indices(idx, capacity);
      const size_t ib = capacity > 256 ? 2 : 1;
      const size_t list = idx.size() * ib, map = (capacity + 7) / 8;
      CHECK(data.size() == (list <= map && idx.size() < 255 ? list : map));
      size_t used = 0;
      const auto back = decode_step_indices(count, data, capacity, used);
      REQUIRE(back.has_value());
      CHECK(*back == idx);
      CHECK(used == data.size());
    }
  }
}

TEST_CASE("INFO payloads parse field by field", "[host][codec]") {
  const std::vector<uint8_t> p = bytes({1, 0x00, 0x01, 0x00, 0x01, 8, 0x1F, 0, 0, 0, 0x00, 0x6C,
                                        0xDC, 0x02, 0xC0, 0xC6, 0x2D, 0x00, 0x00, 0x04, 0x40, 0x01,
                                        16});
  const auto info = parse_info(p);
  REQUIRE(info.has_value());
  CHECK(info->version == 1);
  CHECK(info->neurons == 256);
  CHECK(info->inputs == 256);
  CHECK(info->weight_bits == 8);
  CHECK(info->features == 0x1F);
  CHECK(info->clock_hz == 48000000);
  CHECK(info->baud == 3000000);
  CHECK(info->rx_ring == 1024);
  CHECK(info->max_body == 320);
  CHECK(info->max_probes == 16);
  CHECK_FALSE(parse_info(std::span(p).first(22)).has_value());
}

TEST_CASE("spike records out of order or outside the core are malformed", "[host][codec]") {
  // Found by fuzzing: such a record passed, and its spikes reached the spike
  // file writer out of order (or named neurons the core does not have).
  size_t used = 0;
  const std::vector<uint8_t> descending{5, 3};
  CHECK_FALSE(decode_step_indices(2, descending, 16, used).has_value());
  const std::vector<uint8_t> repeated{3, 3};
  CHECK_FALSE(decode_step_indices(2, repeated, 16, used).has_value());
  const std::vector<uint8_t> outside{3, 16};
  CHECK_FALSE(decode_step_indices(2, outside, 16, used).has_value());
  const std::vector<uint8_t> wide{0x00, 0x10};  // 4096 with 2-byte indices
  CHECK_FALSE(decode_step_indices(1, wide, 4096, used).has_value());
  const std::vector<uint8_t> good{3, 15};
  CHECK(decode_step_indices(2, good, 16, used) == std::vector<uint32_t>{3, 15});
}
