#include "random_net.hpp"

#include <cstdlib>
#include <string>

namespace synfire::test {

unsigned test_seed() {
  if (const char* s = std::getenv("SYNFIRE_TEST_SEED")) return static_cast<unsigned>(std::stoul(s));
  return std::random_device{}();
}

Network random_network(std::mt19937& rng, int n, int m, bool per_row_flags) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Network net = Network::empty(n, m);
  net.weight_bits = 8;
  net.weight_exp_rec = uni(0, 4);
  net.weight_exp_in = uni(2, 6);
  net.seed = static_cast<uint32_t>(rng());
  net.learning = uni(0, 3) != 0;
  for (NeuronParams& p : net.params) {
    p.decay_u = uni(0, 4095);
    p.decay_v = uni(0, 2000);
    p.decay_adapt = uni(0, 4095);
    p.bias = uni(-200, 600);
    p.threshold = uni(200, 3000);
    p.v_reset = uni(-500, 100);
    p.refractory = uni(0, 5);
    p.adapt_step = uni(0, 300);
  }
  StdpParams& s = net.stdp;
  s.a_plus = uni(0, 255);
  s.a_minus = uni(0, 255);
  s.shift = uni(0, 15);
  s.trace_inc_pre = uni(0, 255);
  s.trace_inc_post = uni(0, 255);
  s.decay_pre = uni(0, 4095);
  s.decay_post = uni(0, 4095);
  s.w_min = uni(-128, 0);
  s.w_max = uni(0, 127);
  const int density = uni(10, 100);  // percent of synapses present
  auto fill = [&](std::vector<int8_t>& w, std::vector<uint8_t>& f, int rows) {
    for (int r = 0; r < rows; ++r) {
      const uint8_t row_flag = static_cast<uint8_t>(uni(0, 1));
      for (int j = 0; j < n; ++j) {
        const size_t k = static_cast<size_t>(r) * n + j;
        w[k] = uni(1, 100) <= density ? static_cast<int8_t>(uni(-128, 127)) : 0;
        f[k] = per_row_flags ? row_flag : static_cast<uint8_t>(uni(0, 1));
      }
    }
  };
  fill(net.w_rec, net.plastic_rec, n);
  fill(net.w_in, net.plastic_in, m);
  return net;
}

std::vector<Spike> random_inputs(std::mt19937& rng, int m, uint32_t steps, double p) {
  std::bernoulli_distribution fire(p);
  std::vector<Spike> in;
  for (uint32_t t = 0; t < steps; ++t) {
    for (int a = 0; a < m; ++a) {
      if (fire(rng)) in.push_back({t, static_cast<uint32_t>(a)});
    }
  }
  return in;
}

}  // namespace synfire::test
