#include "reference_model.hpp"

#include <algorithm>

namespace synfire::ref {

namespace {

constexpr int64_t kPotMin = -(int64_t{1} << 23);
constexpr int64_t kPotMax = (int64_t{1} << 23) - 1;

int64_t saturate(int64_t x) { return std::min(std::max(x, kPotMin), kPotMax); }

// "x * (4096 - d) / 4096 with truncation toward zero" (docs/model.md, Decay).
// Written with a division on purpose: the simulator uses a shift on the magnitude.
int64_t decay(int64_t x, int64_t d) { return x * (4096 - d) / 4096; }

// "min(decay(x, d) + inc * 2^(bits - 8), 2^bits - 1)": an 8-bit trace adds
// inc and saturates at 255, a 24-bit one adds inc * 65536 and saturates at
// 16777215.
int64_t trace(int64_t x, int64_t d, bool event, int64_t inc, int64_t bits) {
  const int64_t scale = bits == 24 ? 65536 : 1;
  const int64_t top = bits == 24 ? 16777215 : 255;
  return std::min<int64_t>(decay(x, d) + (event ? inc * scale : 0), top);
}

uint32_t rot(uint32_t x, unsigned k) { return (x << k) | (x >> (32u - k)); }

// "(amplitude * trace + (r mod 2^shift)) / 2^shift, rounded down".
int64_t delta(int64_t amplitude, int64_t tr, int64_t shift, uint32_t r) {
  const int64_t divisor = int64_t{1} << shift;
  return (amplitude * tr + static_cast<int64_t>(r % static_cast<uint32_t>(divisor))) / divisor;
}

// Soft-bound rule: "amplitude * trace * max(span, 0) / 2^(shift + 8), with
// (r mod 2^(shift + 8)) added before rounding down" (docs/model.md, STDP).
int64_t soft_delta(int64_t amplitude, int64_t tr, int64_t span, int64_t shift, uint32_t r) {
  const int64_t divisor = int64_t{1} << (shift + 8);
  const int64_t dither = static_cast<int64_t>(r % static_cast<uint32_t>(divisor));
  return (amplitude * tr * std::max<int64_t>(span, 0) + dither) / divisor;
}

// The amount of one update under the network's rule; `span` is w_max - w
// for a potentiation and w - w_min for a depression.
// A 24-bit trace is read as "x >> 8, its upper 16 bits" (written as a
// division), which has 8 fraction bits: the amount divides by 2^8 more
// ("amplitude * (x >> 8) / 2^(shift + 8)").
int64_t rule_delta(const StdpParams& p, int64_t amplitude, int64_t x, int64_t span, uint32_t r) {
  const bool wide = p.trace_bits == 24;
  const int64_t tr = wide ? x / 256 : x;
  const int64_t shift = p.shift + (wide ? 8 : 0);
  if (p.rule == StdpRule::kSoftBound) return soft_delta(amplitude, tr, span, shift, r);
  return delta(amplitude, tr, shift, r);
}

int64_t clip(int64_t w, int64_t lo, int64_t hi) { return std::min(std::max(w, lo), hi); }

uint32_t key(uint32_t kind, uint32_t pre, uint32_t post) {
  return kind * 0x80000000u + pre * 0x10000u + post;
}

}  // namespace

uint32_t spec_hash(uint32_t seed, uint32_t step, uint32_t k) {
  uint32_t a = seed ^ 0x243F6A88u;
  uint32_t b = step ^ 0x85A308D3u;
  uint32_t c = k ^ 0x13198A2Eu;
  c = (c ^ b) - rot(b, 14);
  a = (a ^ c) - rot(c, 11);
  b = (b ^ a) - rot(a, 25);
  c = (c ^ b) - rot(b, 16);
  a = (a ^ c) - rot(c, 4);
  b = (b ^ a) - rot(a, 14);
  c = (c ^ b) - rot(b, 24);
  return c;
}

State zero_state(const Network& net) {
  const auto n = static_cast<size_t>(net.neurons);
  State s;
  s.u.assign(n, 0);
  s.v.assign(n, 0);
  s.adapt.assign(n, 0);
  s.refractory.assign(n, 0);
  s.trace_pre.assign(n, 0);
  s.trace_post.assign(n, 0);
  s.trace_axon.assign(static_cast<size_t>(net.inputs), 0);
  s.past_spikes.assign(16, std::vector<bool>(n, false));
  s.past_axons.assign(15, std::vector<bool>(static_cast<size_t>(net.inputs), false));
  return s;
}

std::vector<bool> step(Network& net, State& s, const std::vector<bool>& axon_spikes) {
  const int n = net.neurons;
  const int m = net.inputs;
  const StdpParams& p = net.stdp;
  const uint32_t t = s.step;
  auto w_rec = [&](int i, int j) -> int8_t& { return net.w_rec[static_cast<size_t>(i * n + j)]; };
  auto w_in = [&](int a, int j) -> int8_t& { return net.w_in[static_cast<size_t>(a * n + j)]; };
  auto pl_rec = [&](int i, int j) { return net.plastic_rec[static_cast<size_t>(i * n + j)] != 0; };
  auto pl_in = [&](int a, int j) { return net.plastic_in[static_cast<size_t>(a * n + j)] != 0; };

  // The presynaptic events of step t (docs/model.md, "Axonal delays"):
  // neuron i's spike of step t - 1 - delay_rec[i], axon a's input of step
  // t - delay_in[a]. Without delays, last step's spikes and this step's axons.
  std::vector<bool> pre_event(static_cast<size_t>(n)), axon_event(static_cast<size_t>(m));
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<size_t>(i);
    pre_event[k] = s.past_spikes[net.delay_rec[k]][k];
  }
  for (int a = 0; a < m; ++a) {
    const auto k = static_cast<size_t>(a);
    axon_event[k] = net.delay_in[k] == 0 ? axon_spikes[k] : s.past_axons[net.delay_in[k] - 1u][k];
  }

  // Phase 1: deliver the events; depress plastic synapses from the post
  // traces as they were after step t-1.
  std::vector<int64_t> input(static_cast<size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    if (!pre_event[static_cast<size_t>(i)]) continue;
    for (int j = 0; j < n; ++j) {
      const int64_t w = w_rec(i, j);
      input[static_cast<size_t>(j)] += w * (int64_t{1} << net.weight_exp_rec);
      if (net.learning && pl_rec(i, j)) {
        const uint32_t r = spec_hash(net.seed, t, key(0, static_cast<uint32_t>(i), static_cast<uint32_t>(j)));
        w_rec(i, j) = static_cast<int8_t>(
            clip(w - rule_delta(p, p.a_minus, s.trace_post[static_cast<size_t>(j)], w - p.w_min, r), p.w_min, p.w_max));
      }
    }
  }
  for (int a = 0; a < m; ++a) {
    if (!axon_event[static_cast<size_t>(a)]) continue;
    for (int j = 0; j < n; ++j) {
      const int64_t w = w_in(a, j);
      input[static_cast<size_t>(j)] += w * (int64_t{1} << net.weight_exp_in);
      if (net.learning && pl_in(a, j)) {
        const uint32_t r = spec_hash(net.seed, t, key(0, 0x4000u + static_cast<uint32_t>(a), static_cast<uint32_t>(j)));
        w_in(a, j) = static_cast<int8_t>(
            clip(w - rule_delta(p, p.a_minus, s.trace_post[static_cast<size_t>(j)], w - p.w_min, r), p.w_min, p.w_max));
      }
    }
  }

  // Phase 2: neurons. The adaptation decays only when t is a multiple of
  // 2^adapt_interval_log2.
  const bool adapt_decays = t % (uint32_t{1} << net.adapt_interval_log2) == 0;
  std::vector<bool> spike(static_cast<size_t>(n), false);
  for (int j = 0; j < n; ++j) {
    const auto k = static_cast<size_t>(j);
    const NeuronParams& q = net.params[k];
    s.u[k] = saturate(decay(s.u[k], q.decay_u) + input[k]);
    if (s.refractory[k] > 0) {
      s.refractory[k] -= 1;
    } else {
      s.v[k] = saturate(decay(s.v[k], q.decay_v) + s.u[k] + q.bias);
      if (s.v[k] >= q.threshold + s.adapt[k]) {
        spike[k] = true;
        s.v[k] = q.v_reset;
        s.refractory[k] = q.refractory;
      }
    }
    s.adapt[k] = std::min(decay(s.adapt[k], adapt_decays ? q.decay_adapt : 0) + (spike[k] ? q.adapt_step : 0), kPotMax);
  }

  // Phase 3: traces.
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<size_t>(i);
    s.trace_pre[k] = trace(s.trace_pre[k], p.decay_pre, pre_event[k], p.trace_inc_pre, p.trace_bits);
    s.trace_post[k] = trace(s.trace_post[k], p.decay_post, spike[k], p.trace_inc_post, p.trace_bits);
  }
  for (int a = 0; a < m; ++a) {
    const auto k = static_cast<size_t>(a);
    s.trace_axon[k] = trace(s.trace_axon[k], p.decay_pre, axon_event[k], p.trace_inc_pre, p.trace_bits);
  }

  // Phase 4: potentiate plastic synapses onto neurons that spiked now, from
  // the pre traces just updated.
  if (net.learning) {
    for (int j = 0; j < n; ++j) {
      if (!spike[static_cast<size_t>(j)]) continue;
      for (int i = 0; i < n; ++i) {
        if (!pl_rec(i, j)) continue;
        const uint32_t r = spec_hash(net.seed, t, key(1, static_cast<uint32_t>(i), static_cast<uint32_t>(j)));
        w_rec(i, j) = static_cast<int8_t>(
            clip(w_rec(i, j) + rule_delta(p, p.a_plus, s.trace_pre[static_cast<size_t>(i)], p.w_max - w_rec(i, j), r), p.w_min, p.w_max));
      }
      for (int a = 0; a < m; ++a) {
        if (!pl_in(a, j)) continue;
        const uint32_t r = spec_hash(net.seed, t, key(1, 0x4000u + static_cast<uint32_t>(a), static_cast<uint32_t>(j)));
        w_in(a, j) = static_cast<int8_t>(
            clip(w_in(a, j) + rule_delta(p, p.a_plus, s.trace_axon[static_cast<size_t>(a)], p.w_max - w_in(a, j), r), p.w_min, p.w_max));
      }
    }
  }

  // Phase 5: weight normalisation, on the steps that are multiples of
  // 2^interval_log2 while learning: each neuron's plastic input weights move
  // by "(target - sum) / 2^shift rounded to the nearest integer, halves
  // toward +infinity, limited to [-256, 256]", then clipped to [w_min, w_max].
  const NormParams& q = net.norm;
  if (net.learning && q.enabled && t % (uint32_t{1} << q.interval_log2) == 0) {
    for (int j = 0; j < n; ++j) {
      int64_t sum = 0;
      for (int i = 0; i < n; ++i) sum += pl_rec(i, j) ? w_rec(i, j) : 0;
      for (int a = 0; a < m; ++a) sum += pl_in(a, j) ? w_in(a, j) : 0;
      // Written with a division and an explicit floor on purpose (the
      // simulator shifts): round half up = floor(x + 1/2).
      const int64_t divisor = int64_t{1} << q.shift;
      const int64_t num = 2 * (q.target - sum) + divisor;  // 2x + d over 2d: x/d + 1/2
      int64_t d = num / (2 * divisor);
      if (num % (2 * divisor) != 0 && num < 0) d -= 1;
      d = clip(d, -256, 256);
      for (int i = 0; i < n; ++i) {
        if (pl_rec(i, j)) w_rec(i, j) = static_cast<int8_t>(clip(w_rec(i, j) + d, p.w_min, p.w_max));
      }
      for (int a = 0; a < m; ++a) {
        if (pl_in(a, j)) w_in(a, j) = static_cast<int8_t>(clip(w_in(a, j) + d, p.w_min, p.w_max));
      }
    }
  }

  s.past_spikes.insert(s.past_spikes.begin(), spike);
  s.past_spikes.pop_back();
  s.past_axons.insert(s.past_axons.begin(), axon_spikes);
  s.past_axons.pop_back();
  s.step = t + 1;
  return spike;
}

}  // namespace synfire::ref
