// The UART RTL alone (syn_uart_rx, syn_uart_tx, verilated into this test):
// bytes survive a transmitter up to 2 % off the baud rate, glitches on an
// idle line are ignored, a low stop bit is one counted framing error and the
// receiver recovers; the transmitter sends back-to-back bytes at exactly 10
// bit times each.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "Vuart_rx16.h"
#include "Vuart_rx4.h"
#include "Vuart_tx16.h"
#include "test_seed.hpp"
#include "verilated.h"

namespace {

struct RxResult {
  std::vector<uint8_t> bytes;
  int framing_errors = 0;
};

// Holds reset low for four clock cycles, then releases it; the caller sets
// the idle inputs first.
template <class Model>
void reset(Model& m) {
  m.rst_ni = 0;
  for (int i = 0; i < 4; ++i) {
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
  }
  m.rst_ni = 1;
}

// Drives a receiver's pin from a waveform in continuous time (seconds) at
// clk_hz and collects what it receives.
template <class Model>
RxResult receive(double clk_hz, double duration, const std::function<bool(double)>& line) {
  VerilatedContext ctx;
  Model m(&ctx);
  RxResult r;
  m.rx_i = 1;
  reset(m);
  const auto cycles = static_cast<uint64_t>(duration * clk_hz);
  for (uint64_t c = 0; c < cycles; ++c) {
    m.rx_i = line(static_cast<double>(c) / clk_hz);
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
    if (m.valid_o) r.bytes.push_back(m.data_o);
    if (m.frame_err_o) ++r.framing_errors;
  }
  m.final();
  return r;
}

// An 8N1 waveform of `bytes` at `baud`, each byte after `gap_bits` idle bit
// times (per byte), starting at 1 us.
std::function<bool(double)> waveform(const std::vector<uint8_t>& bytes, double baud,
                                     const std::vector<double>& gap_bits, double* end) {
  struct Span {
    double start;
    uint8_t byte;
  };
  std::vector<Span> spans;
  double t = 1e-6;
  for (size_t i = 0; i < bytes.size(); ++i) {
    t += gap_bits[i] / baud;
    spans.push_back({t, bytes[i]});
    t += 10 / baud;
  }
  *end = t + 20 / baud;
  return [spans, baud](double x) {
    // The last byte that started at or before x.
    auto it = std::upper_bound(spans.begin(), spans.end(), x,
                               [](double v, const Span& s) { return v < s.start; });
    if (it == spans.begin()) return true;
    --it;
    const int bit = static_cast<int>(std::floor((x - it->start) * baud));
    if (bit == 0) return false;                    // start bit
    if (bit >= 1 && bit <= 8) return ((it->byte >> (bit - 1)) & 1) != 0;
    return true;                                   // stop bit and idle
  };
}

}  // namespace

TEST_CASE("the UART receiver tolerates a transmitter 2 % off its rate", "[rtl][uart]") {
  const uint64_t seed = synfire::test::test_seed("the UART receiver tolerates a transmitter 2 % off its rate");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (double error : {-0.02, -0.01, 0.0, 0.01, 0.02}) {
    INFO("baud error " << error);
    std::vector<uint8_t> bytes(150);
    std::vector<double> gaps(150);
    for (size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<uint8_t>(rng());
      gaps[i] = rng() % 3 == 0 ? 0 : (rng() % 40) / 10.0;  // back to back or a fraction of bits
    }
    double end = 0;
    const auto wave = waveform(bytes, 3e6 * (1 + error), gaps, &end);
    const RxResult r16 = receive<Vuart_rx16>(48e6, end, wave);
    CHECK(r16.bytes == bytes);
    CHECK(r16.framing_errors == 0);
    // At 4 clocks per bit (the small virtual board) the margin is one clock.
    if (std::abs(error) <= 0.01) {
      const RxResult r4 = receive<Vuart_rx4>(12e6, end, wave);
      CHECK(r4.bytes == bytes);
      CHECK(r4.framing_errors == 0);
    }
  }
}

TEST_CASE("glitches shorter than a third of a bit are no start bit", "[rtl][uart]") {
  // Idle line with 1- and 4-clock low pulses (a bit is 16 clocks), then a byte.
  double end = 0;
  const auto byte = waveform({0xA5}, 3e6, {30}, &end);
  const auto wave = [&](double t) {
    const double c = t * 48e6;
    if ((c >= 100 && c < 101) || (c >= 300 && c < 304)) return false;
    return byte(t);
  };
  const RxResult r = receive<Vuart_rx16>(48e6, end, wave);
  CHECK(r.bytes == std::vector<uint8_t>{0xA5});
  CHECK(r.framing_errors == 0);
}

TEST_CASE("a low stop bit is one framing error, and the receiver recovers", "[rtl][uart]") {
  // A byte, a 3-byte-long break, then two good bytes.
  double end = 0;
  const auto good = waveform({0x11, 0x00, 0x5A, 0xC3}, 3e6, {0, 40, 20, 0}, &end);
  const double brk0 = 1e-6 + 10 / 3e6 + 5 / 3e6, brk1 = brk0 + 30 / 3e6;
  const auto wave = [&](double t) { return (t >= brk0 && t < brk1) ? false : good(t); };
  const RxResult r = receive<Vuart_rx16>(48e6, end, wave);
  // The break reads as a 0x00 byte with a low stop bit: dropped, counted once.
  CHECK(r.framing_errors == 1);
  CHECK(r.bytes == std::vector<uint8_t>({0x11, 0x00, 0x5A, 0xC3}));
}

TEST_CASE("the UART transmitter sends back-to-back bytes at 10 bit times each", "[rtl][uart]") {
  VerilatedContext ctx;
  Vuart_tx16 m(&ctx);
  const std::vector<uint8_t> bytes{0x00, 0xFF, 0x55, 0x81, 0x3C};
  m.valid_i = 0;
  reset(m);
  std::vector<int> line;
  size_t next = 0;
  for (int c = 0; c < 16 * 10 * 6; ++c) {
    m.valid_i = next < bytes.size();
    m.data_i = next < bytes.size() ? bytes[next] : 0;
    m.clk_i = 0;
    m.eval();
    const bool take = m.valid_i && m.ready_o;
    m.clk_i = 1;
    m.eval();
    if (take) ++next;
    line.push_back(m.tx_o);
  }
  m.final();
  // Find the first start bit, then read every byte at bit centres, 160 cycles apart.
  const auto first = std::find(line.begin(), line.end(), 0) - line.begin();
  for (size_t k = 0; k < bytes.size(); ++k) {
    const size_t base = static_cast<size_t>(first) + k * 160;
    CHECK(line[base + 8] == 0);  // start bit
    uint8_t b = 0;
    for (int i = 0; i < 8; ++i) b = static_cast<uint8_t>(b | (line[base + 8 + 16 * (i + 1)] << i));
    CHECK(b == bytes[k]);
    CHECK(line[base + 8 + 16 * 9] == 1);  // stop bit
  }
}
