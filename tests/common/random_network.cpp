#include "random_network.hpp"

#include <algorithm>
#include <array>

#include "fixed_point.hpp"

namespace synfire::test {

namespace {

template <class E>
int32_t uniform(E& rng, int32_t lo, int32_t hi) {
  return std::uniform_int_distribution<int32_t>(lo, hi)(rng);
}

template <class E>
bool chance(E& rng, double p) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p;
}

// kExtreme: a value in [lo, hi], half the time one of the ends (or 0).
template <class E>
int64_t extreme_in(E& rng, int64_t lo, int64_t hi) {
  switch (std::uniform_int_distribution<int>(0, 7)(rng)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return (lo <= 0 && hi >= 0) ? 0 : lo;
    case 3: return std::min(lo + 1, hi);
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
}

// kCorners: a value in [lo, hi], one of the ends a third of the time.
template <class E>
int32_t edgy(E& rng, int32_t lo, int32_t hi) {
  const int pick = uniform(rng, 0, 5);
  if (pick == 0) return lo;
  if (pick == 1) return hi;
  return uniform(rng, lo, hi);
}

// kCorners: a decay, often 0, the maximum or a short time constant.
template <class E>
int32_t corner_decay(E& rng) {
  const int pick = uniform(rng, 0, 7);
  if (pick == 0) return 0;
  if (pick == 1) return fx::kDecayMax;
  if (pick == 2) return uniform(rng, 1, 64);
  return uniform(rng, 0, fx::kDecayMax);
}

// One drawing style (random_network.hpp): each draw of the generator in the
// style's distribution.
template <class E>
class Drawer {
 public:
  Drawer(E& rng, Values values) : rng_(rng), v_(values) {}

  int weight_bits() {
    switch (v_) {
      case Values::kLively: return 8;
      case Values::kExtreme: return static_cast<int>(x(fx::kWeightBitsMin, fx::kWeightBitsMax));
      case Values::kCorners:
        return chance(rng_, 0.6) ? 8 : uniform(rng_, fx::kWeightBitsMin, fx::kWeightBitsMax);
    }
    return 8;
  }

  // The weight exponent of recurrent (rec) or input synapses.
  int weight_exp(bool rec) {
    switch (v_) {
      case Values::kLively: return rec ? uniform(rng_, 0, 4) : uniform(rng_, 2, 6);
      case Values::kExtreme: return static_cast<int>(x(0, fx::kWeightExpMax));
      case Values::kCorners: return edgy(rng_, 0, fx::kWeightExpMax);
    }
    return 0;
  }

  uint32_t seed() {
    if (v_ == Values::kExtreme) return static_cast<uint32_t>(x(0, UINT32_MAX));
    return static_cast<uint32_t>(rng_());
  }

  bool learning() {
    switch (v_) {
      case Values::kLively: return uniform(rng_, 0, 3) != 0;
      case Values::kExtreme: return true;
      case Values::kCorners: return chance(rng_, 0.7);
    }
    return true;
  }

  void neurons(std::vector<NeuronParams>& params) {
    using namespace fx;
    if (v_ == Values::kLively) {
      for (NeuronParams& p : params) {
        p.decay_u = uniform(rng_, 0, 4095);
        p.decay_v = uniform(rng_, 0, 2000);
        p.decay_adapt = uniform(rng_, 0, 4095);
        p.bias = uniform(rng_, -200, 600);
        p.threshold = uniform(rng_, 200, 3000);
        p.v_reset = uniform(rng_, -500, 100);
        p.refractory = uniform(rng_, 0, 5);
        p.adapt_step = uniform(rng_, 0, 300);
      }
    } else if (v_ == Values::kExtreme) {
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      for (NeuronParams& p : params) {
        p.decay_u = static_cast<int32_t>(x(0, kDecayMax));
        p.decay_v = static_cast<int32_t>(x(0, kDecayMax));
        // Biases and thresholds mostly moderate so that neurons do fire, sometimes extreme.
        p.bias = static_cast<int32_t>(unit(rng_) < 0.3 ? x(kPotentialMin, kPotentialMax) : x(-2000, 6000));
        p.threshold = static_cast<int32_t>(unit(rng_) < 0.3 ? x(kPotentialMin, kPotentialMax) : x(-1000, 20000));
        p.v_reset = static_cast<int32_t>(x(kPotentialMin, kPotentialMax));
        p.refractory = static_cast<int32_t>(unit(rng_) < 0.5 ? x(0, 3) : x(0, kRefractoryMax));
        p.adapt_step = static_cast<int32_t>(x(0, kPotentialMax));
        p.decay_adapt = static_cast<int32_t>(x(0, kDecayMax));
      }
    } else {
      // The scale of potentials for this network: small scales make neurons
      // fire often; the largest reach saturation.
      const int scale_bits = uniform(rng_, 4, 23);
      const int32_t scale = (1 << scale_bits) - 1;
      for (NeuronParams& p : params) {
        p.decay_u = corner_decay(rng_);
        p.decay_v = corner_decay(rng_);
        p.decay_adapt = corner_decay(rng_);
        p.bias = chance(rng_, 0.1) ? edgy(rng_, kPotentialMin, kPotentialMax) : uniform(rng_, -scale / 4, scale / 2);
        p.threshold = chance(rng_, 0.1) ? edgy(rng_, kPotentialMin, kPotentialMax) : uniform(rng_, 1, scale);
        p.v_reset = chance(rng_, 0.1) ? edgy(rng_, kPotentialMin, kPotentialMax) : uniform(rng_, -scale, scale / 2);
        p.refractory = chance(rng_, 0.5) ? 0 : edgy(rng_, 0, kRefractoryMax);
        p.adapt_step = chance(rng_, 0.5) ? 0 : edgy(rng_, 0, kPotentialMax);
      }
    }
  }

  void stdp(StdpParams& s, int wlo, int whi) {
    using namespace fx;
    if (v_ == Values::kLively) {
      s.a_plus = uniform(rng_, 0, 255);
      s.a_minus = uniform(rng_, 0, 255);
      s.shift = uniform(rng_, 0, 15);
      s.trace_inc_pre = uniform(rng_, 0, 255);
      s.trace_inc_post = uniform(rng_, 0, 255);
      s.decay_pre = uniform(rng_, 0, 4095);
      s.decay_post = uniform(rng_, 0, 4095);
      s.w_min = uniform(rng_, -128, 0);
      s.w_max = uniform(rng_, 0, 127);
    } else if (v_ == Values::kExtreme) {
      s.a_plus = static_cast<int32_t>(x(0, kStdpAmplitudeMax));
      s.a_minus = static_cast<int32_t>(x(0, kStdpAmplitudeMax));
      s.shift = static_cast<int32_t>(x(0, kStdpShiftMax));
      s.trace_inc_pre = static_cast<int32_t>(x(0, kTraceMax));
      s.trace_inc_post = static_cast<int32_t>(x(0, kTraceMax));
      s.decay_pre = static_cast<int32_t>(x(0, kDecayMax));
      s.decay_post = static_cast<int32_t>(x(0, kDecayMax));
      s.w_min = static_cast<int32_t>(x(wlo, whi));
      s.w_max = static_cast<int32_t>(x(s.w_min, whi));
    } else {
      s.a_plus = edgy(rng_, 0, kStdpAmplitudeMax);
      s.a_minus = edgy(rng_, 0, kStdpAmplitudeMax);
      s.shift = edgy(rng_, 0, kStdpShiftMax);
      s.trace_inc_pre = edgy(rng_, 0, kTraceMax);
      s.trace_inc_post = edgy(rng_, 0, kTraceMax);
      s.decay_pre = corner_decay(rng_);
      s.decay_post = corner_decay(rng_);
      s.w_min = chance(rng_, 0.5) ? wlo : uniform(rng_, wlo, whi);
      s.w_max = chance(rng_, 0.5) ? whi : uniform(rng_, s.w_min, whi);
    }
  }

  // The share of synapses present.
  double density() {
    switch (v_) {
      case Values::kLively: return uniform(rng_, 10, 100) / 100.0;
      case Values::kExtreme: return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      case Values::kCorners: return std::array<double, 5>{0.0, 0.05, 0.3, 0.7, 1.0}[uniform(rng_, 0, 4)];
    }
    return 1.0;
  }

  // The share of plastic synapses (kExtreme: none, all or some: the
  // simulator has a path for each).
  double plastic() {
    switch (v_) {
      case Values::kLively: return 0.5;
      case Values::kExtreme: {
        const int kind = uniform(rng_, 0, 3);
        return kind == 0 ? 0.0 : kind == 1 ? 1.0 : std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      }
      case Values::kCorners: return std::array<double, 4>{0.0, 0.3, 0.8, 1.0}[uniform(rng_, 0, 3)];
    }
    return 0.5;
  }

  // A weight anywhere in the width's range, also outside [w_min, w_max]:
  // the first update of such a plastic weight clips it.
  int8_t weight(int wlo, int whi) {
    switch (v_) {
      case Values::kLively: return static_cast<int8_t>(uniform(rng_, wlo, whi));
      case Values::kExtreme: return static_cast<int8_t>(x(wlo, whi));
      case Values::kCorners: return static_cast<int8_t>(edgy(rng_, wlo, whi));
    }
    return 0;
  }

 private:
  int64_t x(int64_t lo, int64_t hi) { return extreme_in(rng_, lo, hi); }
  E& rng_;
  Values v_;
};

}  // namespace

template <class Engine>
Network random_network(Engine& rng, int n, int m, const NetworkDraw& draw) {
  Drawer<Engine> d(rng, draw.values);
  Network net = Network::empty(n, m);
  net.weight_bits = d.weight_bits();
  net.weight_exp_rec = d.weight_exp(true);
  net.weight_exp_in = d.weight_exp(false);
  net.seed = d.seed();
  net.learning = draw.learning ? *draw.learning : d.learning();
  d.neurons(net.params);
  const int wlo = net.weight_min();
  const int whi = net.weight_max();
  d.stdp(net.stdp, wlo, whi);
  const double density = draw.density ? *draw.density : d.density();
  const double plastic = d.plastic();
  auto fill = [&](std::vector<int8_t>& w, std::vector<uint8_t>& flags, int rows) {
    for (int r = 0; r < rows; ++r) {
      const uint8_t row_flag = chance(rng, plastic) ? 1 : 0;
      for (int j = 0; j < n; ++j) {
        const size_t k = static_cast<size_t>(r) * n + j;
        if (chance(rng, density)) w[k] = d.weight(wlo, whi);
        flags[k] = draw.per_row_flags ? row_flag : (chance(rng, plastic) ? 1 : 0);
      }
    }
  };
  fill(net.w_rec, net.plastic_rec, n);
  fill(net.w_in, net.plastic_in, m);
  // The optional learning features, drawn last, so that the draws above
  // (and the networks of cores without the features) stay those of before.
  if (draw.values == Values::kExtreme) {
    if (chance(rng, 0.5)) net.stdp.rule = StdpRule::kSoftBound;
    net.adapt_interval_log2 = chance(rng, 0.5) ? static_cast<int>(extreme_in(rng, 0, fx::kAdaptIntervalLog2Max)) : 0;
  } else {
    if (draw.soft_bound && chance(rng, 0.6)) net.stdp.rule = StdpRule::kSoftBound;
    if (draw.adapt_interval && chance(rng, 0.6)) {
      net.adapt_interval_log2 = chance(rng, 0.8) ? uniform(rng, 1, 4) : edgy(rng, 0, fx::kAdaptIntervalLog2Max);
    }
  }
  // Axonal delays, after every other draw for the same reason: half the
  // networks have some, each neuron or axon then 0 (often), small, or 15.
  if ((draw.values == Values::kExtreme || draw.delays) && chance(rng, 0.5)) {
    auto fill_delays = [&](std::vector<uint8_t>& delays) {
      for (uint8_t& d : delays) {
        d = static_cast<uint8_t>(chance(rng, 0.3) ? 0 : chance(rng, 0.7) ? uniform(rng, 1, 4) : edgy(rng, 0, fx::kDelayMax));
      }
    };
    fill_delays(net.delay_rec);
    fill_delays(net.delay_in);
  }
  // Weight normalisation, drawn after everything else for the same reason.
  // The target is mostly near sums the weights can reach (so the amounts
  // are small and the rounding matters), sometimes anywhere in its range.
  // A network without it keeps the defaults (the format has no fields for
  // a normalisation that is off).
  if ((draw.values == Values::kExtreme && chance(rng, 0.5)) || (draw.weight_norm && chance(rng, 0.6))) {
    NormParams& q = net.norm;
    q.enabled = true;
    const int rows = n + m;
    q.target = chance(rng, 0.8) ? uniform(rng, -rows * 32, rows * 64)
                                : static_cast<int32_t>(extreme_in(rng, fx::kPotentialMin, fx::kPotentialMax));
    q.shift = chance(rng, 0.8) ? uniform(rng, 0, 6) : static_cast<int32_t>(extreme_in(rng, 0, fx::kNormShiftMax));
    q.interval_log2 = chance(rng, 0.8) ? uniform(rng, 0, 3)
                                       : static_cast<int32_t>(extreme_in(rng, 0, fx::kNormIntervalLog2Max));
  }
  // 24-bit traces, drawn last for the same reason: half the networks of
  // the model's arithmetic (kExtreme) and of a core that has them.
  if ((draw.values == Values::kExtreme || draw.wide_traces) && chance(rng, 0.5)) {
    net.stdp.trace_bits = fx::kWideTraceBits;
  }
  return net;
}

template <class Engine>
Network random_network(Engine& rng, const NetworkShape& shape) {
  const int n = chance(rng, 0.5) ? shape.max_neurons : uniform(rng, 1, shape.max_neurons);
  const int m = chance(rng, 0.5) ? shape.max_inputs : uniform(rng, 0, shape.max_inputs);
  return random_network(
      rng, n, m,
      {.values = Values::kCorners, .per_row_flags = shape.per_row_flags, .density = {}, .learning = {},
       .soft_bound = shape.soft_bound, .adapt_interval = shape.adapt_interval, .delays = shape.delays,
       .weight_norm = shape.weight_norm, .wide_traces = shape.wide_traces});
}

template <class Engine>
std::vector<Spike> random_inputs(Engine& rng, int m, uint32_t steps, double p) {
  std::bernoulli_distribution fire(p);
  std::vector<Spike> in;
  for (uint32_t t = 0; t < steps; ++t) {
    for (int a = 0; a < m; ++a) {
      if (fire(rng)) in.push_back({t, static_cast<uint32_t>(a)});
    }
  }
  return in;
}

template <class Engine>
std::vector<std::vector<uint16_t>> random_step_inputs(Engine& rng, const Network& net, int steps) {
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

int64_t extreme(Rng& rng, int64_t lo, int64_t hi) { return extreme_in(rng, lo, hi); }

NeuronState random_state(Rng& rng, int trace_bits) {
  using namespace fx;
  NeuronState s;
  s.u = static_cast<int32_t>(extreme(rng, kPotentialMin, kPotentialMax));
  s.v = static_cast<int32_t>(extreme(rng, kPotentialMin, kPotentialMax));
  s.adapt = static_cast<int32_t>(extreme(rng, 0, kPotentialMax));
  s.refractory = static_cast<int32_t>(extreme(rng, 0, kRefractoryMax));
  s.trace_pre = static_cast<int32_t>(extreme(rng, 0, trace_max(trace_bits)));
  s.trace_post = static_cast<int32_t>(extreme(rng, 0, trace_max(trace_bits)));
  return s;
}

#define SYNFIRE_INSTANTIATE(E)                                                                    \
  template Network random_network(E&, int, int, const NetworkDraw&);                              \
  template Network random_network(E&, const NetworkShape&);                                       \
  template std::vector<Spike> random_inputs(E&, int, uint32_t, double);                           \
  template std::vector<std::vector<uint16_t>> random_step_inputs(E&, const Network&, int);
SYNFIRE_INSTANTIATE(std::mt19937)
SYNFIRE_INSTANTIATE(std::mt19937_64)
#undef SYNFIRE_INSTANTIATE

}  // namespace synfire::test
