#include "workload.hpp"

#include <random>

namespace synfire::cli {

Network make_bench_network(int neurons, int inputs, uint32_t seed) {
  Network net = Network::empty(neurons, inputs);
  net.seed = seed;
  net.learning = true;
  net.weight_exp_in = 4;
  net.weight_exp_rec = 2;
  NeuronParams p;
  p.decay_u = 1024;  // the current loses a quarter per step
  p.decay_v = 512;
  p.threshold = 40000;
  p.refractory = 2;
  p.adapt_step = 400;
  p.decay_adapt = 256;
  net.params.assign(static_cast<size_t>(neurons), p);
  net.stdp = {.a_plus = 20, .a_minus = 24, .shift = 8, .trace_inc_pre = 64, .trace_inc_post = 64,
              .decay_pre = 600, .decay_post = 600, .w_min = -64, .w_max = 64};
  // std::mt19937 is the same everywhere; the distributions are not, so map by hand.
  std::mt19937 rng(seed);
  for (auto& w : net.w_in) w = static_cast<int8_t>(rng() % 41);                    // [0, 40]
  for (auto& w : net.w_rec) w = static_cast<int8_t>(static_cast<int>(rng() % 33) - 18);  // [-18, 14]
  net.plastic_in.assign(net.plastic_in.size(), 1);
  net.plastic_rec.assign(net.plastic_rec.size(), 1);
  return net;
}

std::vector<Spike> poisson_inputs(int inputs, uint32_t steps, double rate, uint32_t seed) {
  std::mt19937 rng(seed ^ 0x9E3779B9u);
  const auto limit = static_cast<uint32_t>(rate * 4294967296.0);
  std::vector<Spike> spikes;
  for (uint32_t t = 0; t < steps; ++t) {
    for (int a = 0; a < inputs; ++a) {
      if (rng() < limit) spikes.push_back({t, static_cast<uint32_t>(a)});
    }
  }
  return spikes;
}

}  // namespace synfire::cli
