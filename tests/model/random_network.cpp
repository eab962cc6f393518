#include "random_network.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

#include "fixed_point.hpp"

namespace synfire::test {

uint64_t test_seed(const char* test_name) {
  uint64_t seed = 0;
  if (const char* env = std::getenv("SYNFIRE_TEST_SEED"); env && *env) {
    seed = std::stoull(env);
  } else {
    seed = (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  }
  std::cout << test_name << ": seed " << seed << " (set SYNFIRE_TEST_SEED=" << seed
            << " to replay)\n";
  return seed;
}

int64_t extreme(Rng& rng, int64_t lo, int64_t hi) {
  switch (std::uniform_int_distribution<int>(0, 7)(rng)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return (lo <= 0 && hi >= 0) ? 0 : lo;
    case 3: return std::min(lo + 1, hi);
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
}

Network random_network(Rng& rng, int n, int m, double density) {
  using namespace fx;
  Network net = Network::empty(n, m);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  net.weight_bits = static_cast<int>(extreme(rng, kWeightBitsMin, kWeightBitsMax));
  net.weight_exp_rec = static_cast<int>(extreme(rng, 0, kWeightExpMax));
  net.weight_exp_in = static_cast<int>(extreme(rng, 0, kWeightExpMax));
  net.seed = static_cast<uint32_t>(extreme(rng, 0, UINT32_MAX));
  net.learning = true;
  for (NeuronParams& p : net.params) {
    p.decay_u = static_cast<int32_t>(extreme(rng, 0, kDecayMax));
    p.decay_v = static_cast<int32_t>(extreme(rng, 0, kDecayMax));
    // Biases and thresholds mostly moderate so that neurons do fire, sometimes extreme.
    p.bias = static_cast<int32_t>(unit(rng) < 0.3 ? extreme(rng, kPotentialMin, kPotentialMax)
                                                  : extreme(rng, -2000, 6000));
    p.threshold = static_cast<int32_t>(unit(rng) < 0.3 ? extreme(rng, kPotentialMin, kPotentialMax)
                                                       : extreme(rng, -1000, 20000));
    p.v_reset = static_cast<int32_t>(extreme(rng, kPotentialMin, kPotentialMax));
    p.refractory = static_cast<int32_t>(unit(rng) < 0.5 ? extreme(rng, 0, 3) : extreme(rng, 0, kRefractoryMax));
    p.adapt_step = static_cast<int32_t>(extreme(rng, 0, kPotentialMax));
    p.decay_adapt = static_cast<int32_t>(extreme(rng, 0, kDecayMax));
  }
  StdpParams& s = net.stdp;
  s.a_plus = static_cast<int32_t>(extreme(rng, 0, kStdpAmplitudeMax));
  s.a_minus = static_cast<int32_t>(extreme(rng, 0, kStdpAmplitudeMax));
  s.shift = static_cast<int32_t>(extreme(rng, 0, kStdpShiftMax));
  s.trace_inc_pre = static_cast<int32_t>(extreme(rng, 0, kTraceMax));
  s.trace_inc_post = static_cast<int32_t>(extreme(rng, 0, kTraceMax));
  s.decay_pre = static_cast<int32_t>(extreme(rng, 0, kDecayMax));
  s.decay_post = static_cast<int32_t>(extreme(rng, 0, kDecayMax));
  s.w_min = static_cast<int32_t>(extreme(rng, net.weight_min(), net.weight_max()));
  s.w_max = static_cast<int32_t>(extreme(rng, s.w_min, net.weight_max()));
  // Weights anywhere in the width's range, also outside [w_min, w_max]: the
  // first update of such a plastic weight clips it.
  // No, all or some synapses plastic: the simulator has a path for each.
  const int plastic_kind = std::uniform_int_distribution<int>(0, 3)(rng);
  const double plastic_p = plastic_kind == 0 ? 0.0 : plastic_kind == 1 ? 1.0 : unit(rng);
  auto fill = [&](std::vector<int8_t>& w, std::vector<uint8_t>& plastic) {
    for (size_t k = 0; k < w.size(); ++k) {
      if (unit(rng) < density) {
        w[k] = static_cast<int8_t>(extreme(rng, net.weight_min(), net.weight_max()));
      }
      plastic[k] = unit(rng) < plastic_p ? 1 : 0;
    }
  };
  fill(net.w_rec, net.plastic_rec);
  fill(net.w_in, net.plastic_in);
  // Drawn last, so that the draws above stay those of earlier seeds.
  s.rule = unit(rng) < 0.5 ? StdpRule::kSoftBound : StdpRule::kAdditive;
  net.adapt_interval_log2 =
      unit(rng) < 0.5 ? static_cast<int>(extreme(rng, 0, kAdaptIntervalLog2Max)) : 0;
  return net;
}

NeuronState random_state(Rng& rng) {
  using namespace fx;
  NeuronState s;
  s.u = static_cast<int32_t>(extreme(rng, kPotentialMin, kPotentialMax));
  s.v = static_cast<int32_t>(extreme(rng, kPotentialMin, kPotentialMax));
  s.adapt = static_cast<int32_t>(extreme(rng, 0, kPotentialMax));
  s.refractory = static_cast<int32_t>(extreme(rng, 0, kRefractoryMax));
  s.trace_pre = static_cast<int32_t>(extreme(rng, 0, kTraceMax));
  s.trace_post = static_cast<int32_t>(extreme(rng, 0, kTraceMax));
  return s;
}

}  // namespace synfire::test
