// STDP against closed forms (docs/model.md, "STDP"): the window for both
// signs and both kinds of presynaptic source, stochastic rounding, weight
// bounds, plastic flags, the learning switch and determinism.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "fixed_point.hpp"
#include "random_network.hpp"
#include "reference_model.hpp"
#include "simulator.hpp"

namespace synfire {
namespace {

// k decays of a trace that started at inc (docs/model.md, "Traces").
int32_t trace_after(int32_t inc, int32_t decay, int k) {
  int32_t x = inc;
  for (int i = 0; i < k; ++i) x = static_cast<int32_t>(int64_t{x} * (4096 - decay) / 4096);
  return x;
}

// One plastic synapse onto neuron 0 of weight 0, from input axon 0 or from
// neuron 1; neuron 0 is made to fire by axon 1 (strong, not plastic) and
// nothing else. Returns the weight after a presynaptic event delivered at
// step t_pre and a postsynaptic spike at step t_post.
int32_t weight_after_pairing(bool from_neuron, int t_pre, int t_post, const StdpParams& stdp) {
  Network net = Network::empty(2, 2);
  net.learning = true;
  net.stdp = stdp;
  net.weight_exp_in = 8;
  // Neuron 0 fires only on the 127 * 256 kick of axon 1 (its plastic input
  // stays below 128 and leaks away at once).
  net.params[0] = NeuronParams{.decay_u = 4095, .decay_v = 4095, .threshold = 30000};
  // Neuron 1 fires when axon 0 drives it (used as the presynaptic neuron).
  net.params[1] = NeuronParams{.decay_u = 4095, .decay_v = 4095, .threshold = 30000};
  net.w_in[1 * 2 + 0] = 127;  // axon 1 -> neuron 0
  if (from_neuron) {
    net.w_in[0 * 2 + 1] = 127;   // axon 0 -> neuron 1
    net.plastic_rec[1 * 2 + 0] = 1;  // neuron 1 -> neuron 0
  } else {
    net.plastic_in[0 * 2 + 0] = 1;  // axon 0 -> neuron 0
  }
  Simulator sim(net);
  // A neuron's spike at step s is delivered at s + 1: drive it one step earlier.
  const int drive_pre = from_neuron ? t_pre - 1 : t_pre;
  for (int t = 0; t <= std::max(t_pre, t_post) + 1; ++t) {
    std::vector<uint16_t> axons;
    if (t == drive_pre) axons.push_back(0);
    if (t == t_post) axons.push_back(1);
    const auto& spikes = sim.step(axons);
    const bool post_fired = std::find(spikes.begin(), spikes.end(), 0) != spikes.end();
    REQUIRE(post_fired == (t == t_post));
  }
  return from_neuron ? sim.network().w_rec[1 * 2 + 0] : sim.network().w_in[0];
}

TEST_CASE("STDP window matches the closed form from the traces", "[model][stdp]") {
  // shift 0: no rounding, the change is exactly amplitude * trace.
  const StdpParams stdp{.a_plus = 1, .a_minus = 1, .shift = 0, .trace_inc_pre = 100,
                        .trace_inc_post = 90, .decay_pre = 200, .decay_post = 410,
                        .w_min = -128, .w_max = 127};
  for (bool from_neuron : {false, true}) {
    for (int delta = -40; delta <= 40; ++delta) {
      const int t_pre = 45, t_post = t_pre + delta;
      // Post at or after the delivery: potentiation by the pre trace after
      // delta decays. Post before: depression at the delivery by the post
      // trace after the step before it, i.e. -delta - 1 decays.
      const int32_t want = delta >= 0 ? trace_after(100, 200, delta) : -trace_after(90, 410, -delta - 1);
      INFO((from_neuron ? "neuron" : "axon") << " pre, delta = " << delta);
      REQUIRE(weight_after_pairing(from_neuron, t_pre, t_post, stdp) == want);
    }
  }
}

TEST_CASE("STDP amplitudes and shift scale the window", "[model][stdp]") {
  // With shift s the change is floor((a * x + r) / 2^s), r uniform in [0, 2^s):
  // it is floor(a x / 2^s) or one more.
  const StdpParams stdp{.a_plus = 20, .a_minus = 13, .shift = 7, .trace_inc_pre = 255,
                        .trace_inc_post = 255, .decay_pre = 100, .decay_post = 100,
                        .w_min = -128, .w_max = 127};
  for (int delta : {-10, -1, 0, 1, 10}) {
    const int32_t x = trace_after(255, 100, delta >= 0 ? delta : -delta - 1);
    const int32_t a = delta >= 0 ? 20 : 13;
    const int32_t lo = a * x / 128;
    const int32_t got = weight_after_pairing(false, 20, 20 + delta, stdp);
    INFO("delta " << delta);
    CHECK(std::abs(got) >= lo);
    CHECK(std::abs(got) <= lo + 1);
  }
}

// Many potentiations with the same amplitude * trace: every input axon
// spikes at step t and every neuron fires at step t, so each of the
// N * M synapses (weight 0) gets floor((a x + r) / 2^s) once per pairing.
double mean_potentiation(int32_t a_plus, int32_t inc, int shift, uint32_t seed, int steps) {
  const int n = 64, m = 64;
  Network net = Network::empty(n, m);
  net.learning = true;
  net.seed = seed;
  net.stdp = StdpParams{.a_plus = a_plus, .a_minus = 0, .shift = shift, .trace_inc_pre = inc,
                        .trace_inc_post = 0, .decay_pre = 4095, .decay_post = 0,
                        .w_min = -128, .w_max = 127};
  for (NeuronParams& p : net.params) p = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
  net.plastic_in.assign(net.plastic_in.size(), 1);
  Simulator sim(net);
  std::vector<uint16_t> all(m);
  for (int a = 0; a < m; ++a) all[static_cast<size_t>(a)] = static_cast<uint16_t>(a);
  double total = 0;
  for (int k = 0; k < steps; ++k) {
    // decay_pre 4095 takes any trace <= 255 to 0 in one step: x = inc each time.
    const std::vector<int8_t> before = sim.network().w_in;
    REQUIRE(sim.step(all).size() == static_cast<size_t>(n));
    for (size_t i = 0; i < before.size(); ++i) total += sim.network().w_in[i] - before[i];
  }
  return total / (double{n} * m * steps);
}

TEST_CASE("stochastic rounding is unbiased", "[model][stdp]") {
  const uint64_t seed = test::test_seed("stochastic rounding");
  test::Rng rng(seed);
  INFO("seed " << seed);
  // (a, inc, shift) whose exact change a * inc / 2^s is fractional and at most ~3.
  const int cases[][3] = {{3, 5, 4}, {1, 1, 15}, {255, 1, 8}, {7, 9, 5}, {1, 200, 8}, {100, 3, 7}, {129, 1, 10}};
  for (const auto& c : cases) {
    const int steps = 8;
    const double exact = c[0] * c[1] / std::ldexp(1.0, c[2]);
    const double got = mean_potentiation(c[0], c[1], c[2], static_cast<uint32_t>(rng()), steps);
    // Each sample is floor(exact) + Bernoulli(frac(exact)): 4 standard errors.
    const double frac = exact - std::floor(exact);
    const double sigma = std::sqrt(frac * (1 - frac) / (64.0 * 64 * steps));
    INFO("a " << c[0] << " inc " << c[1] << " shift " << c[2] << " exact " << exact << " mean " << got);
    CHECK(std::abs(got - exact) <= 4 * sigma + 1e-12);
  }
}

TEST_CASE("weights stay within [w_min, w_max], reaching both ends", "[model][stdp]") {
  for (int bits : {2, 5, 8}) {
    Network net = Network::empty(1, 1);
    net.weight_bits = bits;
    net.learning = true;
    net.stdp = StdpParams{.a_plus = 255, .a_minus = 255, .shift = 0, .trace_inc_pre = 255,
                          .trace_inc_post = 255, .decay_pre = 0, .decay_post = 0,
                          .w_min = net.weight_min(), .w_max = net.weight_max()};
    net.params[0] = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
    net.plastic_in[0] = 1;
    Simulator sim(net);
    // Neuron fires every step; an axon spike with both traces at 255 first
    // depresses by 255 * 255 (clipped at w_min), then potentiates (w_max).
    const uint16_t axon = 0;
    sim.step({&axon, 1});
    CHECK(sim.network().w_in[0] == net.weight_max());
    // Depression alone: neuron held refractory so it does not fire.
    sim.set_neuron_state(0, {.refractory = 5, .trace_post = 255});
    sim.step({&axon, 1});
    CHECK(sim.network().w_in[0] == net.weight_min());
  }
}

TEST_CASE("a plastic weight outside [w_min, w_max] is clipped at its first update",
          "[model][stdp]") {
  Network net = Network::empty(1, 1);
  net.learning = true;
  net.stdp = StdpParams{.a_plus = 0, .a_minus = 0, .shift = 0, .w_min = -10, .w_max = 10};
  net.params[0] = NeuronParams{.threshold = fx::kPotentialMax};
  net.w_in[0] = 100;
  net.plastic_in[0] = 1;
  Simulator sim(net);
  sim.step({});
  CHECK(sim.network().w_in[0] == 100);  // no event, no update
  const uint16_t axon = 0;
  sim.step({&axon, 1});
  CHECK(sim.network().w_in[0] == 10);  // depression by 0, then the clip
}

TEST_CASE("plastic flags: a zero plastic synapse grows, a non-plastic one never changes",
          "[model][stdp]") {
  Network net = Network::empty(2, 1);
  net.learning = true;
  net.stdp = StdpParams{.a_plus = 10, .a_minus = 10, .shift = 0, .trace_inc_pre = 10,
                        .trace_inc_post = 10, .decay_pre = 100, .decay_post = 100};
  for (NeuronParams& p : net.params) p = NeuronParams{.bias = 1, .threshold = 3};
  net.w_in = {0, 5};
  net.plastic_in = {1, 0};
  Simulator sim(net);
  const uint16_t axon = 0;
  for (int t = 0; t < 30; ++t) sim.step(t % 2 ? std::span<const uint16_t>{} : std::span{&axon, 1});
  CHECK(sim.network().w_in[0] != 0);
  CHECK(sim.network().w_in[1] == 5);
  CHECK(sim.plastic_updates() > 0);
}

TEST_CASE("the learning switch freezes every weight and resumes", "[model][stdp]") {
  const uint64_t seed = test::test_seed("learning switch");
  INFO("seed " << seed);
  test::Rng rng(seed);
  Network net = test::random_network(
      rng, 20, 10, {.values = test::Values::kExtreme, .per_row_flags = false, .density = 0.7, .learning = {}});
  for (NeuronParams& p : net.params) p.threshold = 100, p.bias = 60, p.adapt_step = 0;
  net.stdp.a_plus = net.stdp.a_minus = 200;
  net.stdp.trace_inc_pre = net.stdp.trace_inc_post = 200;
  net.stdp.shift = 2;
  net.plastic_rec.assign(net.plastic_rec.size(), 1);
  net.plastic_in.assign(net.plastic_in.size(), 1);
  Simulator sim(net);
  sim.set_learning(false);
  std::vector<uint16_t> all(10);
  for (uint16_t a = 0; a < 10; ++a) all[a] = a;
  for (int t = 0; t < 50; ++t) sim.step(all);
  CHECK(sim.network().w_rec == net.w_rec);
  CHECK(sim.network().w_in == net.w_in);
  CHECK(sim.plastic_updates() == 0);
  // Traces run while learning is off, so learning resumes from them.
  CHECK(sim.axon_trace(0) > 0);
  sim.set_learning(true);
  for (int t = 0; t < 50; ++t) sim.step(all);
  CHECK(sim.network().w_in != net.w_in);
}

TEST_CASE("same seed same bits, another seed other rounding", "[model][stdp]") {
  const uint64_t seed = test::test_seed("determinism");
  INFO("seed " << seed);
  test::Rng rng(seed);
  Network net = Network::empty(50, 20);
  net.learning = true;
  net.seed = static_cast<uint32_t>(rng());
  net.stdp = StdpParams{.a_plus = 37, .a_minus = 41, .shift = 9, .trace_inc_pre = 90,
                        .trace_inc_post = 90, .decay_pre = 200, .decay_post = 200};
  std::uniform_int_distribution<int> w(-20, 20);
  for (auto& x : net.w_rec) x = static_cast<int8_t>(w(rng));
  for (auto& x : net.w_in) x = static_cast<int8_t>(w(rng));
  net.plastic_rec.assign(net.plastic_rec.size(), 1);
  net.plastic_in.assign(net.plastic_in.size(), 1);
  for (NeuronParams& p : net.params) p = NeuronParams{.decay_u = 500, .decay_v = 300, .bias = 40, .threshold = 1000, .refractory = 2};
  std::vector<Spike> inputs;
  std::bernoulli_distribution fires(0.1);
  for (uint32_t t = 0; t < 300; ++t) {
    for (uint32_t a = 0; a < 20; ++a) {
      if (fires(rng)) inputs.push_back({t, a});
    }
  }
  auto run_with = [&](uint32_t s) {
    Network copy = net;
    copy.seed = s;
    Simulator sim(copy);
    RunResult r = run(sim, 300, inputs);
    return std::pair{r.spikes, sim.network()};
  };
  const auto a = run_with(net.seed);
  const auto b = run_with(net.seed);
  REQUIRE(!a.first.empty());
  CHECK(a.first == b.first);
  CHECK(a.second == b.second);
  const auto c = run_with(net.seed + 1);
  CHECK(c.second.w_rec != a.second.w_rec);
}

TEST_CASE("the hash matches the worked values of docs/model.md", "[model][stdp]") {
  // Same values in docs/model.md, section "Hash"; the reference
  // implementation is checked against the same numbers.
  const uint32_t key = fx::synapse_key(fx::StdpKind::kPotentiation, fx::axon_pre_id(3), 7);
  CHECK(key == 0xC0030007u);
  CHECK(fx::synapse_key(fx::StdpKind::kDepression, fx::neuron_pre_id(2), 5) == 0x00020005u);
  CHECK(fx::hash3(0, 0, 0) == ref::spec_hash(0, 0, 0));
  CHECK(fx::hash3(1, 42, key) == ref::spec_hash(1, 42, key));
  CHECK(fx::hash3(0, 0, 0) == 0xF67C411Fu);
  CHECK(fx::hash3(1, 42, key) == 0x29D5BAE4u);
}

}  // namespace
}  // namespace synfire

namespace synfire {
namespace {

TEST_CASE("traces saturate at 255 and decay to exactly 0", "[model][stdp]") {
  Network net = Network::empty(1, 1);
  net.stdp = StdpParams{.trace_inc_pre = 200, .trace_inc_post = 200, .decay_pre = 100,
                        .decay_post = 100};
  // The neuron fires every step; the axon spikes every step.
  net.params[0] = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
  Simulator sim(net);
  const uint16_t axon = 0;
  sim.step({&axon, 1});
  CHECK(sim.axon_trace(0) == 200);
  CHECK(sim.neuron_state(0).trace_post == 200);
  CHECK(sim.neuron_state(0).trace_pre == 0);  // its first spike is a pre event next step
  sim.step({&axon, 1});
  CHECK(sim.axon_trace(0) == 255);  // 195 + 200, clamped
  CHECK(sim.neuron_state(0).trace_post == 255);
  CHECK(sim.neuron_state(0).trace_pre == 200);
  sim.step({&axon, 1});
  CHECK(sim.neuron_state(0).trace_pre == 255);
  // Silence: decay to exactly 0 (255 steps is more than enough at d = 100).
  Network quiet = net;
  quiet.params[0] = NeuronParams{.threshold = fx::kPotentialMax};
  Simulator q(quiet);
  q.set_axon_trace(0, 255);
  q.set_neuron_state(0, {.adapt = 1, .trace_pre = 255, .trace_post = 1});
  q.step({});
  CHECK(q.neuron_state(0).trace_post == 0);  // 1 * 3996 / 4096 truncates to 0
  for (int k = 0; k < 255; ++k) q.step({});
  CHECK(q.axon_trace(0) == 0);
  CHECK(q.neuron_state(0).trace_pre == 0);
}

}  // namespace
}  // namespace synfire

namespace synfire {
namespace {

TEST_CASE("soft-bound STDP: worked example and unbiased rounding", "[model][stdp]") {
  // docs/model.md, "Soft-bound STDP": 16 * 100 * 27 = 43200 = 10 * 4096 + 2240.
  CHECK(fx::stdp_delta_soft(16, 100, 27, 4, 0) == 10);
  CHECK(fx::stdp_delta_soft(16, 100, 27, 4, 4096 - 2240 - 1) == 10);
  CHECK(fx::stdp_delta_soft(16, 100, 27, 4, 4096 - 2240) == 11);
  CHECK(fx::stdp_delta_soft(16, 100, 27, 4, 0xFFFFF000u | (4096 - 2240)) == 11);  // low 12 bits only
  // Depression: 16 * 100 * 28 = 44800 = 10 * 4096 + 3840.
  CHECK(fx::stdp_delta_soft(16, 100, 28, 4, 255) == 10);
  CHECK(fx::stdp_delta_soft(16, 100, 28, 4, 256) == 11);
  // A negative span (weight beyond the bound) counts as 0; the largest product fits.
  CHECK(fx::stdp_delta_soft(255, 255, -3, 0, 0xFFFFFFFFu) == 0);
  CHECK(fx::stdp_delta_soft(255, 255, 255, 0, 0xFFFFFFFFu) == (255 * 255 * 255 + 255) >> 8);
  CHECK(fx::stdp_delta_soft(255, 255, 255, 15, 0) == 1);  // 16581375 / 2^23 = 1.98
  CHECK(fx::stdp_delta_soft(255, 255, 255, 15, 0xFFFFFFFFu) == 2);

  const uint64_t seed = test::test_seed("soft-bound rounding");
  test::Rng rng(seed);
  INFO("seed " << seed);
  // (a, trace, span, shift) with a fractional exact amount.
  const int cases[][4] = {{16, 100, 27, 4}, {16, 100, 28, 4}, {1, 1, 1, 15}, {255, 255, 3, 9}, {7, 9, 200, 0}};
  for (const auto& c : cases) {
    const double exact = c[0] * c[1] * c[2] / std::ldexp(1.0, c[3] + 8);
    constexpr int kSamples = 32768;
    double sum = 0;
    for (int k = 0; k < kSamples; ++k) {
      sum += fx::stdp_delta_soft(c[0], c[1], c[2], c[3], static_cast<uint32_t>(rng()));
    }
    const double frac = exact - std::floor(exact);
    const double sigma = std::sqrt(frac * (1 - frac) / kSamples);
    INFO("a " << c[0] << " trace " << c[1] << " span " << c[2] << " shift " << c[3]);
    CHECK(std::abs(sum / kSamples - exact) <= 4 * sigma + 1e-12);
  }
}

TEST_CASE("soft-bound STDP slows weights near their bounds and keeps them inside", "[model][stdp]") {
  // One plastic input onto a neuron that fires at every step, the axon
  // spiking at every step: potentiation only (a_minus = 0).
  Network net = Network::empty(1, 1);
  net.learning = true;
  net.stdp = StdpParams{.a_plus = 8, .a_minus = 0, .shift = 0, .trace_inc_pre = 8,
                        .trace_inc_post = 8, .decay_pre = 4095, .decay_post = 4095,
                        .w_min = -100, .w_max = 100, .rule = StdpRule::kSoftBound};
  net.params[0] = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
  net.plastic_in[0] = 1;
  Simulator sim(net);
  // delta = 64 * (100 - w) / 256 = (100 - w) / 4 (stochastically rounded):
  // the distance to w_max shrinks by about a quarter per step, never past it.
  int prev = 0;
  for (int t = 0; t < 40; ++t) {
    sim.step(std::vector<uint16_t>{0});
    const int w = sim.network().w_in[0];
    INFO("step " << t << " w " << w);
    CHECK(w >= prev);
    CHECK(w <= 100);
    CHECK(100 - w >= (100 - prev) * 3 / 4 - 1);
    prev = w;
  }
  CHECK(prev >= 95);
}

TEST_CASE("a long adaptation time constant decays on the documented steps", "[model][neuron]") {
  // k = 3: adapt decays at t = 0, 8, 16, ... only.
  Network net = Network::empty(1, 0);
  net.adapt_interval_log2 = 3;
  net.params[0] = NeuronParams{.threshold = fx::kPotentialMax, .decay_adapt = 2048};
  Simulator sim(net);
  sim.set_time(5);
  sim.set_neuron_state(0, {.adapt = 4096});
  const int32_t want[] = {4096, 4096, 4096, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 1024};
  for (int32_t w : want) {  // steps 5 .. 16
    sim.step({});
    CHECK(sim.neuron_state(0).adapt == w);
  }
  // The documented example: k = 12, decay_adapt = 56 gives tau = 297540 steps.
  Network slow = Network::empty(1, 0);
  slow.adapt_interval_log2 = 12;
  slow.params[0] = NeuronParams{.threshold = fx::kPotentialMax, .decay_adapt = 56};
  Simulator s(slow);
  constexpr int32_t kStart = 8000000;
  s.set_neuron_state(0, {.adapt = kStart});
  uint32_t t_e = 0;
  for (uint32_t t = 0; t < 400000; ++t) {
    s.step({});
    if (t_e == 0 && s.neuron_state(0).adapt < kStart / std::exp(1.0)) t_e = t + 1;
  }
  INFO("adapt fell below 1/e at step " << t_e);
  // Within the staircase (one interval, 4096 steps) of tau.
  CHECK(std::abs(static_cast<double>(t_e) - 297540.0) <= 4096);
}

}  // namespace
}  // namespace synfire

namespace synfire {
namespace {

// k decays of a 24-bit trace that started at inc * 65536 (docs/model.md, "Trace width").
int32_t wide_trace_after(int32_t inc, int32_t decay, int k) {
  int32_t x = inc * 65536;
  for (int i = 0; i < k; ++i) x = static_cast<int32_t>(int64_t{x} * (4096 - decay) / 4096);
  return x;
}

TEST_CASE("24-bit traces follow a slow exponential that 8-bit traces lose", "[model][stdp][wide]") {
  // decay 20 (tau = 200 steps, 20 ms at dt = 0.1 ms): an 8-bit trace of 128
  // loses its 0.6 per step plus up to 1 of truncation and is 0 within 128
  // steps; a 24-bit one stays within k of inc * (1 - 20/4096)^k * 65536.
  Network net = Network::empty(1, 1);
  net.stdp = StdpParams{.trace_inc_pre = 128, .trace_inc_post = 128, .decay_pre = 20, .decay_post = 20};
  net.params[0] = NeuronParams{.threshold = fx::kPotentialMax};
  Network wide_net = net;
  wide_net.stdp.trace_bits = 24;
  Simulator narrow(net), wide(wide_net);
  const uint16_t axon = 0;
  narrow.step({&axon, 1});
  wide.step({&axon, 1});
  CHECK(narrow.axon_trace(0) == 128);
  CHECK(wide.axon_trace(0) == 128 * 65536);
  for (int k = 1; k <= 400; ++k) {
    narrow.step({});
    wide.step({});
    const double exact = 128 * 65536 * std::pow(1 - 20 / 4096.0, k);
    INFO("step " << k);
    REQUIRE(wide.axon_trace(0) == wide_trace_after(128, 20, k));
    REQUIRE(wide.axon_trace(0) <= exact);
    REQUIRE(wide.axon_trace(0) >= exact - k);  // at most 1 of 2^24 lost per step
    if (k == 100) CHECK(narrow.axon_trace(0) * 65536 < 0.6 * exact);
  }
  CHECK(narrow.axon_trace(0) == 0);
  CHECK(wide.axon_trace(0) > 1000000);  // exp(-2) of the start
}

// The sum of fx::stdp_trace over `steps` steps of a trace that gets an event
// every `period` steps, per event.
double read_sum_per_event(int32_t inc, int32_t decay, int trace_bits, int period, int steps) {
  int32_t x = 0;
  double sum = 0;
  int events = 0;
  for (int t = 0; t < steps; ++t) {
    const bool event = t % period == 0 && t < steps - 40 * period;  // let the last ones decay
    events += event ? 1 : 0;
    x = fx::trace_update(x, decay, event, inc, trace_bits);
    sum += fx::stdp_trace(x, trace_bits);
  }
  return sum / events;
}

TEST_CASE("a 24-bit trace's window does not depend on how its events overlap", "[model][stdp][wide]") {
  // What a 200-step window needs (Song's experiment at dt = 0.1 ms): the
  // truncation of a narrower trace loses up to 1 per step whatever the trace
  // holds, so a trace with overlapping events (a neuron firing at 70 Hz)
  // lost a smaller part of each event's sum than an isolated event did, and
  // depression, calibrated on isolated events, came out percents too strong.
  // At 24 bits the sum per event is within 0.5 % of the exponential's,
  // isolated (one event every 4000 steps) or overlapping (every 20).
  for (int32_t inc : {8, 16, 64, 255}) {
    const double exponential = inc * 256.0 * 4096 / 20;  // the product's units: inc * 256 at the event
    const double isolated = read_sum_per_event(inc, 20, 24, 4000, 4000 * 50) / exponential;
    INFO("inc " << inc << ": isolated " << isolated << " of the exponential's sum");
    CHECK(std::abs(isolated - 1) < 0.005);
    if (inc > 16) continue;  // every 20 steps, larger increments saturate
    const double overlapping = read_sum_per_event(inc, 20, 24, 20, 20 * 4000) / exponential;
    INFO("overlapping " << overlapping);
    CHECK(std::abs(overlapping - 1) < 0.005);
    CHECK(std::abs(overlapping - isolated) < 0.005);
  }
  // The 8-bit trace at the same decay loses most of an isolated event's sum.
  CHECK(read_sum_per_event(16, 20, 8, 4000, 4000 * 50) < 0.2 * 16 * 4096 / 20);
}

TEST_CASE("24-bit traces saturate at 16777215 and add inc * 65536", "[model][stdp][wide]") {
  CHECK(fx::trace_update(0, 0, true, 200, 24) == 13107200);
  CHECK(fx::trace_update(13107200, 100, true, 200, 24) == 16777215);  // 12787200 + 13107200, clamped
  CHECK(fx::trace_update(16777215, 4095, false, 255, 24) == 4095);     // 16777215 / 4096
  CHECK(fx::trace_update(16777215, 4095, true, 255, 24) == 4095 + 255 * 65536);
  CHECK(fx::trace_update(200, 100, true, 50, 8) == 245);               // the 8-bit rule unchanged
  // The STDP product reads the upper 16 bits, which have 8 fraction bits: the
  // amount divides by 2^(shift + 8), so amplitudes and shifts mean what they
  // mean with 8-bit traces.
  CHECK(fx::stdp_trace(16777215, 24) == 65535);
  CHECK(fx::stdp_trace(255, 24) == 0);
  CHECK(fx::stdp_trace(255, 8) == 255);
  CHECK(fx::stdp_frac_bits(24) == 8);
  CHECK(fx::stdp_frac_bits(8) == 0);
  CHECK(fx::stdp_delta(255, 65535, 0 + 8, 0) == 65279);           // 255 * 65535 / 256 = 65279.0
  CHECK(fx::stdp_delta(255, 65535, 15 + 8, 0xFFFFFFFFu) == 2);    // (16711425 + 2^23 - 1) >> 23
  CHECK(fx::stdp_delta_soft(255, 65535, 255, 15 + 8, 0xFFFFFFFFu) == 2);
  CHECK(fx::stdp_delta_soft(255, 65535, 255, 0 + 8, 0) == 255 * 65535 * uint64_t{255} >> 16);
  // Saturation in a network: the neuron fires and the axon spikes every step.
  Network net = Network::empty(1, 1);
  net.stdp = StdpParams{.trace_inc_pre = 200, .trace_inc_post = 200, .decay_pre = 100, .decay_post = 100,
                        .trace_bits = 24};
  net.params[0] = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
  Simulator sim(net);
  const uint16_t axon = 0;
  sim.step({&axon, 1});
  CHECK(sim.axon_trace(0) == 13107200);
  CHECK(sim.neuron_state(0).trace_post == 13107200);
  sim.step({&axon, 1});
  CHECK(sim.axon_trace(0) == 16777215);
  CHECK(sim.neuron_state(0).trace_post == 16777215);
  CHECK(sim.neuron_state(0).trace_pre == 13107200);
}

TEST_CASE("24-bit traces: the window and its stochastic rounding", "[model][stdp][wide]") {
  // a = 1, shift 0: the change is floor(((x >> 8) + r mod 256) / 256) for the
  // 24-bit trace x: floor(x / 65536) or one more.
  const StdpParams stdp{.a_plus = 1, .a_minus = 1, .shift = 0, .trace_inc_pre = 100,
                        .trace_inc_post = 90, .decay_pre = 20, .decay_post = 41,
                        .w_min = -128, .w_max = 127, .trace_bits = 24};
  for (bool from_neuron : {false, true}) {
    for (int delta = -60; delta <= 60; delta += 3) {
      const int32_t x = delta >= 0 ? wide_trace_after(100, 20, delta) : wide_trace_after(90, 41, -delta - 1);
      const int32_t got = std::abs(weight_after_pairing(from_neuron, 70, 70 + delta, stdp));
      INFO((from_neuron ? "neuron" : "axon") << " pre, delta = " << delta << ", trace " << x);
      REQUIRE(got >= x / 65536);
      REQUIRE(got <= x / 65536 + 1);
    }
  }
  // Unbiased: 64 x 64 synapses potentiated at once, each step, from traces
  // whose exact amounts a * (x >> 8) / 2^(shift + 8) are fractional.
  const uint64_t seed = test::test_seed("wide stochastic rounding");
  test::Rng rng(seed);
  INFO("seed " << seed);
  const int cases[][3] = {{3, 5, 4}, {1, 1, 15}, {255, 1, 8}, {7, 9, 5}, {100, 3, 7}};
  for (const auto& c : cases) {
    const int n = 64, m = 64, steps = 6;
    Network net = Network::empty(n, m);
    net.learning = true;
    net.seed = static_cast<uint32_t>(rng());
    net.stdp = StdpParams{.a_plus = c[0], .a_minus = 0, .shift = c[2], .trace_inc_pre = c[1],
                          .trace_inc_post = 0, .decay_pre = 4095, .decay_post = 0,
                          .w_min = -128, .w_max = 127, .trace_bits = 24};
    for (NeuronParams& p : net.params) p = NeuronParams{.bias = fx::kPotentialMax, .threshold = fx::kPotentialMin};
    net.plastic_in.assign(net.plastic_in.size(), 1);
    Simulator sim(net);
    std::vector<uint16_t> all(m);
    for (int a = 0; a < m; ++a) all[static_cast<size_t>(a)] = static_cast<uint16_t>(a);
    double total = 0, exact = 0;
    int32_t x = 0;
    for (int k = 0; k < steps; ++k) {
      x = fx::trace_update(x, 4095, true, c[1], 24);  // inc * 65536 plus what 4095 leaves of the last
      exact += c[0] * (x >> 8) / std::ldexp(1.0, c[2] + 8);
      const std::vector<int8_t> before = sim.network().w_in;
      REQUIRE(sim.step(all).size() == static_cast<size_t>(n));
      REQUIRE(sim.axon_trace(0) == x);
      for (size_t i = 0; i < before.size(); ++i) total += sim.network().w_in[i] - before[i];
    }
    const double mean = total / (double{n} * m * steps), want = exact / steps;
    INFO("a " << c[0] << " inc " << c[1] << " shift " << c[2] << " exact " << want << " mean " << mean);
    CHECK(std::abs(mean - want) <= 4 * std::sqrt(0.25 / (double{n} * m * steps)));
  }
}

TEST_CASE("trace_bits is 8 or 24, and a state's traces fit the network's width", "[model][stdp][wide]") {
  Network net = Network::empty(2, 1);
  net.stdp.trace_bits = 12;
  CHECK(validate(net) == "stdp.trace_bits = 12 is neither 8 nor 24");
  net.stdp.trace_bits = 16;  // 16-bit traces lost percents of a slow window to truncation
  CHECK(validate(net) == "stdp.trace_bits = 16 is neither 8 nor 24");
  net.stdp.trace_bits = 24;
  CHECK(validate(net).empty());
}

}  // namespace
}  // namespace synfire
