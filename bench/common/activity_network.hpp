// The benchmark workload of bench_rtl and bench_link: a network whose
// activity is exact. Input axon j drives neuron j hard enough to fire it in
// the same step and nothing else can, so a step with p*N random axons makes
// the same neurons spike, delivered the next step. Recurrent weights are
// dense and small (every row is a full row of work); with learning on every
// synapse is plastic, with STDP steps small enough to keep the activity.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>

#include "fixed_point.hpp"
#include "network.hpp"

namespace synfire::bench {

inline Network activity_network(uint32_t n, uint32_t m, bool learning, std::mt19937_64& rng) {
  Network net = Network::empty(static_cast<int>(n), static_cast<int>(m));
  net.weight_exp_rec = 0;
  net.weight_exp_in = 8;
  net.learning = learning;
  net.seed = 12345;
  for (NeuronParams& p : net.params) {
    p.decay_u = fx::kDecayMax;  // the input is gone by the next step
    p.decay_v = fx::kDecayMax;
    p.threshold = 20000;
    p.v_reset = 0;
  }
  std::uniform_int_distribution<int> small(-8, 8);
  for (size_t k = 0; k < net.w_rec.size(); ++k) net.w_rec[k] = static_cast<int8_t>(small(rng));
  for (uint32_t a = 0; a < std::min(n, m); ++a) net.w_in[static_cast<size_t>(a) * n + a] = 127;
  net.stdp = {.a_plus = 1, .a_minus = 1, .shift = 15, .trace_inc_pre = 32, .trace_inc_post = 32,
              .decay_pre = 512, .decay_post = 512, .w_min = -8, .w_max = 127};
  if (learning) {
    std::fill(net.plastic_rec.begin(), net.plastic_rec.end(), 1);
    std::fill(net.plastic_in.begin(), net.plastic_in.end(), 1);
  }
  return net;
}

}  // namespace synfire::bench
