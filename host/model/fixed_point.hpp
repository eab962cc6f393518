// The fixed-point primitives of the synfire neuron and STDP model.
//
// This header is the single definition of synfire's arithmetic: the reference
// simulator, the RTL equivalence tests and the documentation (docs/model.md)
// all follow it. Every function is pure, integer-only and total (no input
// makes it overflow or wrap).
#pragma once

#include <algorithm>
#include <cstdint>

namespace synfire::fx {

// Widths of the state and parameters (docs/model.md, "Widths").
inline constexpr int kPotentialBits = 24;  // u, v, bias, threshold, v_reset, adaptation
inline constexpr int32_t kPotentialMax = (1 << (kPotentialBits - 1)) - 1;  //  8388607
inline constexpr int32_t kPotentialMin = -(1 << (kPotentialBits - 1));     // -8388608
inline constexpr int kDecayBits = 12;       // decay fractions: d/4096 is lost per step
inline constexpr int32_t kDecayOne = 1 << kDecayBits;  // 4096
inline constexpr int32_t kDecayMax = kDecayOne - 1;    // 4095
inline constexpr int kTraceBits = 8;        // STDP traces, unsigned (stdp.trace_bits 8)
inline constexpr int32_t kTraceMax = (1 << kTraceBits) - 1;  // 255, also the largest increment
// Wide traces (stdp.trace_bits 24): the same traces with 16 more fraction
// bits, so that a trace whose tau is hundreds of steps loses a negligible
// part of its sum to the decay's truncation, however events overlap
// (docs/model.md, "Trace width"). The STDP product reads its upper 16 bits.
inline constexpr int kWideTraceBits = 24;
inline constexpr int kStdpTraceBitsMax = 16;  // the trace bits an STDP product reads
inline constexpr int32_t kRefractoryMax = 255;               // 8-bit counter
inline constexpr int32_t kStdpAmplitudeMax = 255;            // a_plus, a_minus: 8-bit unsigned
inline constexpr int kStdpShiftMax = 15;
inline constexpr int kWeightBitsMin = 2;
inline constexpr int kWeightBitsMax = 8;
inline constexpr int kWeightExpMax = 8;
inline constexpr int kSoftBoundBits = 8;     // soft-bound STDP: the span (w_max - w) counts in 1/256
inline constexpr int kAdaptIntervalLog2Max = 15;  // adaptation decays every 2^k steps, k <= 15
// Axonal delays: a spike arrives up to 15 steps later than without one, so
// the events in flight fit a ring of 16 steps (docs/model.md, "Axonal delays").
inline constexpr int kDelayMax = 15;
inline constexpr int kDelaySlots = kDelayMax + 1;
inline constexpr int kNormShiftMax = 15;          // weight normalisation: delta = (target - sum) / 2^shift
inline constexpr int kNormIntervalLog2Max = 15;   // weight normalisation every 2^k steps, k <= 15
inline constexpr int32_t kNormDeltaLimit = 256;   // |delta| beyond this moves any weight past both bounds

// Saturates a wide value into the signed 24-bit potential range.
constexpr int32_t sat_potential(int64_t x) {
  return static_cast<int32_t>(std::clamp<int64_t>(x, kPotentialMin, kPotentialMax));
}

// Multiplicative decay with truncation toward zero: x * (4096 - d) / 4096,
// computed on the magnitude so that positive and negative values decay alike
// and every value reaches exactly 0. |result| <= |x|, so it never overflows.
constexpr int32_t decay(int32_t x, int32_t d) {
  const int64_t keep = kDecayOne - d;
  const int64_t mag = x < 0 ? -static_cast<int64_t>(x) : x;
  const int64_t kept = (mag * keep) >> kDecayBits;
  return static_cast<int32_t>(x < 0 ? -kept : kept);
}

// The fraction bits of a trace of `trace_bits` (8 or 24) bits: a trace of
// 24 bits is a trace of 8 scaled by 2^16.
constexpr int trace_frac_bits(int trace_bits) { return trace_bits - kTraceBits; }
// The largest trace of `trace_bits` bits: 255 or 16777215.
constexpr int32_t trace_max(int trace_bits) { return (int32_t{1} << trace_bits) - 1; }

// The trace update: decay, add the increment (scaled to the trace's fraction
// bits) if an event occurred, saturate at the largest trace: with 8-bit
// traces min(decay(x, d) + inc, 255), with 24-bit
// min(decay(x, d) + inc * 65536, 16777215).
constexpr int32_t trace_update(int32_t x, int32_t d, bool event, int32_t inc,
                               int trace_bits = kTraceBits) {
  return std::min(decay(x, d) + (event ? inc << trace_frac_bits(trace_bits) : 0),
                  trace_max(trace_bits));
}

// The STDP product reads a trace's upper bits, at most 16 (8-bit traces
// whole, 24-bit traces as x >> 8): the multiplier stays 8 x 16 bits. The
// bits it drops cost half a unit of the product's trace per step on average
// (0.1 % of a 200-step window's sum at trace_inc 16); a 16-bit trace, whose
// truncation accumulates from step to step, lost 10 %.
constexpr int stdp_trace_drop(int trace_bits) { return std::max(trace_bits - kStdpTraceBitsMax, 0); }
constexpr int32_t stdp_trace(int32_t x, int trace_bits) { return x >> stdp_trace_drop(trace_bits); }
// The bits the STDP amount drops besides the rule's shift: the fraction bits
// of the trace the product reads (0 with 8-bit traces, 8 with 24-bit), so
// that amplitudes and shifts mean the same at either width.
constexpr int stdp_frac_bits(int trace_bits) { return trace_frac_bits(trace_bits) - stdp_trace_drop(trace_bits); }

// Stochastic rounding of (amplitude * trace) / 2^shift: adds the low `shift`
// bits of a random word before the shift, so the expected result is exact.
// `trace` is stdp_trace(x) and `shift` the rule's shift + stdp_frac_bits;
// amplitude * trace < 2^24 and the dither < 2^23, so the sum fits 32 bits.
constexpr int32_t stdp_delta(int32_t amplitude, int32_t trace, int shift, uint32_t random) {
  const uint32_t product = static_cast<uint32_t>(amplitude) * static_cast<uint32_t>(trace);
  const uint32_t dither = random & ((1u << shift) - 1u);
  return static_cast<int32_t>((product + dither) >> shift);
}

// Soft-bound (weight-dependent) STDP: the additive amount scaled by
// span / 256, where span = w_max - w (potentiation) or w - w_min
// (depression), at least 0, and stochastically rounded in one go:
// (amplitude * trace * span + (random mod 2^(shift+8))) >> (shift + 8).
// `trace` and `shift` as for stdp_delta (with 24-bit traces x >> 8 and the
// rule's shift + 8). The product is below 2^40 and the dither below 2^31, so the sum
// fits 64 bits; E[result] = amplitude * trace * span / 2^(shift+8) exactly.
// With 8-bit traces (product < 2^24, dither < 2^23) it is the same as in 32 bits.
constexpr int32_t stdp_delta_soft(int32_t amplitude, int32_t trace, int32_t span, int shift,
                                  uint32_t random) {
  const uint64_t s = static_cast<uint64_t>(std::max(span, 0));
  const uint64_t product = static_cast<uint64_t>(amplitude) * static_cast<uint64_t>(trace) * s;
  const int total = shift + kSoftBoundBits;
  const uint64_t dither = random & ((uint64_t{1} << total) - 1u);
  return static_cast<int32_t>((product + dither) >> total);
}

// Whether the adaptation decays at step t: every 2^k steps, on the steps
// whose low k bits are 0 (k = 0: every step).
constexpr bool adapt_decays(uint32_t t, int interval_log2) {
  return (t & ((1u << interval_log2) - 1u)) == 0;
}

// Weight normalisation (docs/model.md, "Weight normalisation"): the amount
// added to each plastic input weight of a neuron whose plastic input weights
// sum to `sum`: (target - sum) / 2^shift rounded to nearest, halves up
// (floor((target - sum + 2^shift / 2) / 2^shift); an arithmetic shift is a
// floor). Exact in 64 bits for any 32-bit target and sum.
constexpr int32_t norm_delta(int32_t target, int64_t sum, int shift) {
  const int64_t diff = int64_t{target} - sum;
  const int64_t half = (int64_t{1} << shift) >> 1;
  const int64_t d = (diff + half) >> shift;
  // Saturated to +-kNormDeltaLimit: a larger amount gives the same clipped
  // weight (|w| <= 128), and the RTL carries 10 bits.
  return static_cast<int32_t>(std::clamp<int64_t>(d, -kNormDeltaLimit, kNormDeltaLimit));
}

constexpr int32_t clip_weight(int32_t w, int32_t w_min, int32_t w_max) {
  return std::clamp(w, w_min, w_max);
}

constexpr uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

// Counter-based hash (the final mix of Bob Jenkins' lookup3, after XOR with
// fixed constants). Only XOR, subtract and rotate: cheap in LUTs, and it does
// not depend on the order in which synapses are processed.
constexpr uint32_t hash3(uint32_t k0, uint32_t k1, uint32_t k2) {
  uint32_t a = k0 ^ 0x243F6A88u;
  uint32_t b = k1 ^ 0x85A308D3u;
  uint32_t c = k2 ^ 0x13198A2Eu;
  c ^= b; c -= rotl(b, 14);
  a ^= c; a -= rotl(c, 11);
  b ^= a; b -= rotl(a, 25);
  c ^= b; c -= rotl(b, 16);
  a ^= c; a -= rotl(c, 4);
  b ^= a; b -= rotl(a, 14);
  c ^= b; c -= rotl(b, 24);
  return c;
}

// Which STDP update a random word is for.
enum class StdpKind : uint32_t { kDepression = 0, kPotentiation = 1 };

// Presynaptic identifier used in the hash: neuron i -> i, input axon a -> 0x4000 | a.
inline constexpr uint32_t kAxonIdBit = 0x4000;
constexpr uint32_t neuron_pre_id(uint32_t i) { return i; }
constexpr uint32_t axon_pre_id(uint32_t a) { return kAxonIdBit | a; }

// Third hash key: kind in bit 31, presynaptic id in bits 30..16, postsynaptic neuron in 15..0.
constexpr uint32_t synapse_key(StdpKind kind, uint32_t pre_id, uint32_t post) {
  return (static_cast<uint32_t>(kind) << 31) | (pre_id << 16) | post;
}

// The random word for one STDP update of synapse (pre_id -> post) at step t.
constexpr uint32_t stdp_random(uint32_t seed, uint32_t step, StdpKind kind, uint32_t pre_id,
                               uint32_t post) {
  return hash3(seed, step, synapse_key(kind, pre_id, post));
}

}  // namespace synfire::fx
