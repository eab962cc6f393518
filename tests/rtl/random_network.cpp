#include "random_network.hpp"

#include <algorithm>

#include "fixed_point.hpp"

namespace synfire::rtl::test {

namespace {

int32_t uniform(std::mt19937_64& rng, int32_t lo, int32_t hi) {
  return std::uniform_int_distribution<int32_t>(lo, hi)(rng);
}

bool chance(std::mt19937_64& rng, double p) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p;
}

// A value in [lo, hi], one of the ends a third of the time.
int32_t edgy(std::mt19937_64& rng, int32_t lo, int32_t hi) {
  const int pick = uniform(rng, 0, 5);
  if (pick == 0) return lo;
  if (pick == 1) return hi;
  return uniform(rng, lo, hi);
}

int32_t decay(std::mt19937_64& rng) {
  const int pick = uniform(rng, 0, 7);
  if (pick == 0) return 0;
  if (pick == 1) return fx::kDecayMax;
  if (pick == 2) return uniform(rng, 1, 64);
  return uniform(rng, 0, fx::kDecayMax);
}

}  // namespace

Network random_network(std::mt19937_64& rng, const NetworkShape& shape) {
  const int n = chance(rng, 0.5) ? shape.max_neurons : uniform(rng, 1, shape.max_neurons);
  const int m = chance(rng, 0.5) ? shape.max_inputs : uniform(rng, 0, shape.max_inputs);
  Network net = Network::empty(n, m);
  net.weight_bits = chance(rng, 0.6) ? 8 : uniform(rng, fx::kWeightBitsMin, fx::kWeightBitsMax);
  net.weight_exp_rec = edgy(rng, 0, fx::kWeightExpMax);
  net.weight_exp_in = edgy(rng, 0, fx::kWeightExpMax);
  net.seed = static_cast<uint32_t>(rng());
  net.learning = chance(rng, 0.7);

  // The scale of potentials for this network: small scales make neurons
  // fire often; the largest reach saturation.
  const int scale_bits = uniform(rng, 4, 23);
  const int32_t scale = (1 << scale_bits) - 1;
  for (NeuronParams& p : net.params) {
    p.decay_u = decay(rng);
    p.decay_v = decay(rng);
    p.decay_adapt = decay(rng);
    p.bias = chance(rng, 0.1) ? edgy(rng, fx::kPotentialMin, fx::kPotentialMax)
                              : uniform(rng, -scale / 4, scale / 2);
    p.threshold = chance(rng, 0.1) ? edgy(rng, fx::kPotentialMin, fx::kPotentialMax)
                                   : uniform(rng, 1, scale);
    p.v_reset = chance(rng, 0.1) ? edgy(rng, fx::kPotentialMin, fx::kPotentialMax)
                                 : uniform(rng, -scale, scale / 2);
    p.refractory = chance(rng, 0.5) ? 0 : edgy(rng, 0, fx::kRefractoryMax);
    p.adapt_step = chance(rng, 0.5) ? 0 : edgy(rng, 0, fx::kPotentialMax);
  }

  StdpParams& s = net.stdp;
  s.a_plus = edgy(rng, 0, fx::kStdpAmplitudeMax);
  s.a_minus = edgy(rng, 0, fx::kStdpAmplitudeMax);
  s.shift = edgy(rng, 0, fx::kStdpShiftMax);
  s.trace_inc_pre = edgy(rng, 0, fx::kTraceMax);
  s.trace_inc_post = edgy(rng, 0, fx::kTraceMax);
  s.decay_pre = decay(rng);
  s.decay_post = decay(rng);
  const int32_t wlo = net.weight_min();
  const int32_t whi = net.weight_max();
  s.w_min = chance(rng, 0.5) ? wlo : uniform(rng, wlo, whi);
  s.w_max = chance(rng, 0.5) ? whi : uniform(rng, s.w_min, whi);

  const double density = std::array<double, 5>{0.0, 0.05, 0.3, 0.7, 1.0}[uniform(rng, 0, 4)];
  const double plastic = std::array<double, 4>{0.0, 0.3, 0.8, 1.0}[uniform(rng, 0, 3)];
  auto fill = [&](std::vector<int8_t>& w, std::vector<uint8_t>& flags, int rows) {
    for (int r = 0; r < rows; ++r) {
      const uint8_t row_flag = chance(rng, plastic) ? 1 : 0;
      for (int j = 0; j < n; ++j) {
        const size_t k = static_cast<size_t>(r) * n + j;
        if (chance(rng, density)) w[k] = static_cast<int8_t>(edgy(rng, wlo, whi));
        flags[k] = shape.per_row_flags ? row_flag : (chance(rng, plastic) ? 1 : 0);
      }
    }
  };
  fill(net.w_rec, net.plastic_rec, n);
  fill(net.w_in, net.plastic_in, m);
  // The optional learning features, drawn last and only where the core has
  // them, so that the networks of the other cores stay those of before.
  if (shape.soft_bound && chance(rng, 0.6)) s.rule = StdpRule::kSoftBound;
  if (shape.adapt_interval && chance(rng, 0.6)) {
    net.adapt_interval_log2 = chance(rng, 0.8) ? uniform(rng, 1, 4) : edgy(rng, 0, fx::kAdaptIntervalLog2Max);
  }
  return net;
}

std::vector<std::vector<uint16_t>> random_inputs(std::mt19937_64& rng, const Network& net,
                                                 int steps) {
  const double rate = std::array<double, 5>{0.0, 0.05, 0.2, 0.5, 1.0}[uniform(rng, 0, 4)];
  std::vector<std::vector<uint16_t>> inputs(static_cast<size_t>(steps));
  for (auto& step : inputs) {
    for (int a = 0; a < net.inputs; ++a) {
      if (chance(rng, rate)) step.push_back(static_cast<uint16_t>(a));
    }
    // Sometimes out of order and with a duplicate, as a user may give them.
    std::shuffle(step.begin(), step.end(), rng);
    if (!step.empty() && chance(rng, 0.2)) step.push_back(step.front());
  }
  return inputs;
}

}  // namespace synfire::rtl::test
