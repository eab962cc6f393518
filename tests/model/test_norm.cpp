// Weight normalisation (docs/model.md, "Weight normalisation"): the worked
// example, the rounding of the common amount, which weights take part, the
// interval, the learning switch, clipping, and the model against the plain
// reference on random networks that use it.
#include <catch2/catch.hpp>

#include <numeric>
#include <sstream>

#include "fixed_point.hpp"
#include "random_network.hpp"
#include "reference_model.hpp"
#include "simulator.hpp"

namespace synfire {
namespace {

// One silent neuron (it never fires: no STDP moves a weight) with four
// plastic input weights and one fixed one; normalisation every step.
Network four_inputs(int32_t target, int32_t shift) {
  Network net = Network::empty(1, 5);
  net.learning = true;
  net.params[0] = NeuronParams{.threshold = fx::kPotentialMax};
  net.w_in = {10, 20, 30, 40, 50};
  net.plastic_in = {1, 1, 1, 1, 0};
  net.norm = NormParams{.enabled = true, .target = target, .shift = shift, .interval_log2 = 0};
  return net;
}

std::vector<int8_t> after_one_step(const Network& net) {
  Simulator sim(net);
  sim.step({});
  return sim.network().w_in;
}

TEST_CASE("norm_delta rounds (target - sum) / 2^shift to nearest, halves up", "[model][norm]") {
  CHECK(fx::norm_delta(60, 100, 2) == -10);   // -40 / 4
  CHECK(fx::norm_delta(61, 100, 2) == -10);   // -9.75
  CHECK(fx::norm_delta(62, 100, 2) == -9);    // -9.5: halves up
  CHECK(fx::norm_delta(63, 100, 2) == -9);    // -9.25
  CHECK(fx::norm_delta(102, 100, 2) == 1);    // 0.5: halves up
  CHECK(fx::norm_delta(101, 100, 2) == 0);    // 0.25
  CHECK(fx::norm_delta(-7, 0, 0) == -7);      // shift 0: the whole difference
  CHECK(fx::norm_delta(100000, 0, 0) == 256);   // saturated: moves any weight to w_max
  CHECK(fx::norm_delta(-100000, 0, 0) == -256);
  CHECK(fx::norm_delta(fx::kPotentialMax, -65536, 15) == 256);  // (2^23 + 2^16) / 2^15 > 256
  CHECK(fx::norm_delta(fx::kPotentialMin, 65536, 15) == -256);
}

TEST_CASE("the worked example: four plastic inputs held at their target", "[model][norm]") {
  // Plastic sum 10 + 20 + 30 + 40 = 100; target 60, shift 2: delta = -10.
  CHECK(after_one_step(four_inputs(60, 2)) == std::vector<int8_t>{0, 10, 20, 30, 50});
  // target 62: -38 / 4 = -9.5, rounded up to -9; the fixed weight 50 is
  // neither summed nor moved.
  CHECK(after_one_step(four_inputs(62, 2)) == std::vector<int8_t>{1, 11, 21, 31, 50});
  // Moves are clipped to [w_min, w_max]: the sum then misses the target.
  Network clipped = four_inputs(-100, 2);
  clipped.stdp.w_min = 0;
  CHECK(after_one_step(clipped) == std::vector<int8_t>{0, 0, 0, 0, 50});
  Network high = four_inputs(500, 0);
  high.stdp.w_max = 100;
  CHECK(after_one_step(high) == std::vector<int8_t>{100, 100, 100, 100, 50});
}

TEST_CASE("normalisation runs every 2^k steps, only with learning on", "[model][norm]") {
  Network net = four_inputs(60, 4);  // delta = round(-40 / 16) = -2 per pass (-2.5 rounds up)
  net.norm.interval_log2 = 2;
  Simulator sim(net);
  sim.set_time(1);
  const int32_t want_w0[] = {10, 10, 10, 8, 8, 8, 8, 6};  // t = 1 .. 8: passes at t = 4 and 8
  for (int32_t w : want_w0) {
    sim.step({});
    CHECK(sim.network().w_in[0] == w);
  }
  sim.set_learning(false);
  sim.set_time(12);
  sim.step({});
  CHECK(sim.network().w_in[0] == 6);
  Network off = four_inputs(60, 2);
  off.norm.enabled = false;
  CHECK(after_one_step(off) == off.w_in);
}

TEST_CASE("recurrent and input weights onto a neuron are normalised together", "[model][norm]") {
  Network net = Network::empty(2, 1);
  net.learning = true;
  for (NeuronParams& p : net.params) p.threshold = fx::kPotentialMax;
  // Column 1: recurrent 0->1 = 20 and 1->1 = 4 (fixed), input 0->1 = 30.
  net.w_rec = {0, 20, 0, 4};
  net.plastic_rec = {1, 1, 1, 0};
  net.w_in = {7, 30};
  net.plastic_in = {1, 1};
  net.norm = NormParams{.enabled = true, .target = 10, .shift = 1, .interval_log2 = 0};
  Simulator sim(net);
  sim.step({});
  // Column 1: sum 50, delta round(-40 / 2) = -20. Column 0: sum 0 + 0 + 7
  // (1->0 plastic, 0) = 7, delta round(3 / 2) = 2 (1.5 rounds up).
  CHECK(sim.network().w_rec == std::vector<int8_t>{2, 0, 2, 4});
  CHECK(sim.network().w_in == std::vector<int8_t>{9, 10});
}

TEST_CASE("the model equals the reference with normalisation on", "[model][norm]") {
  const uint64_t seed = test::test_seed("norm-equivalence");
  INFO("seed " << seed);
  test::Rng rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int c = 0; c < 200; ++c) {
    const int n = std::uniform_int_distribution<int>(1, 20)(rng);
    const int m = std::uniform_int_distribution<int>(0, 12)(rng);
    Network net = test::random_network(rng, n, m,
                                       {.values = test::Values::kCorners, .per_row_flags = false, .density = {},
                                        .learning = true, .soft_bound = true, .adapt_interval = true,
                                        .weight_norm = true});
    net.norm.enabled = true;
    Simulator sim(net);
    ref::State rs = ref::zero_state(net);
    Network ref_net = net;
    const double rate = unit(rng);
    for (int k = 0; k < 40; ++k) {
      std::vector<bool> axons(static_cast<size_t>(m), false);
      std::vector<uint16_t> list;
      for (int a = 0; a < m; ++a) {
        if (unit(rng) < rate) {
          axons[static_cast<size_t>(a)] = true;
          list.push_back(static_cast<uint16_t>(a));
        }
      }
      const std::vector<uint16_t> got = sim.step(list);
      const std::vector<bool> want = ref::step(ref_net, rs, axons);
      std::vector<bool> got_flags(static_cast<size_t>(n), false);
      for (uint16_t j : got) got_flags[j] = true;
      INFO("case " << c << " step " << k << " (N=" << n << " M=" << m << ", target " << net.norm.target
                   << ", shift " << net.norm.shift << ", interval_log2 " << net.norm.interval_log2 << ")");
      REQUIRE(got_flags == want);
      REQUIRE(sim.network().w_rec == ref_net.w_rec);
      REQUIRE(sim.network().w_in == ref_net.w_in);
    }
  }
}

}  // namespace
}  // namespace synfire
