// Neuron dynamics against closed forms (docs/model.md, "Phase 2"): the f-I
// curve, refractoriness, reset, adaptation and saturation of every width.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "fixed_point.hpp"
#include "simulator.hpp"

namespace synfire {
namespace {

using fx::kPotentialMax;
using fx::kPotentialMin;

// Steps of one run of a single neuron with no synaptic input; returns its spike steps.
std::vector<uint32_t> spike_steps(const NeuronParams& p, uint32_t steps) {
  Network net = Network::empty(1, 0);
  net.params[0] = p;
  Simulator sim(net);
  std::vector<uint32_t> out;
  for (uint32_t t = 0; t < steps; ++t) {
    if (!sim.step({}).empty()) out.push_back(t);
  }
  return out;
}

// Closed-form interspike interval of the real-valued recursion
// v_k = v_{k-1} (1 - p) + b from v_0 = v_reset: R refractory steps, then the
// first k with v_k >= threshold. 0 if it never fires.
int64_t closed_form_isi(double b, int32_t d, int32_t threshold, int32_t v_reset, int32_t refractory) {
  const double p = d / 4096.0;
  if (d == 0) {
    if (b <= 0) return 0;
    return refractory + static_cast<int64_t>(std::ceil((threshold - v_reset) / b));
  }
  const double v_inf = b / p;
  if (v_inf < threshold) return 0;
  if (v_inf == threshold) return 0;  // approached, never reached
  const double k = std::log((v_inf - threshold) / (v_inf - v_reset)) / std::log(1.0 - p);
  return refractory + std::max<int64_t>(1, static_cast<int64_t>(std::ceil(k - 1e-12)));
}

TEST_CASE("f-I curve of a leaky neuron matches the closed form of the discrete model",
          "[model][neuron]") {
  // Truncation toward zero loses less than 1 per step, so the integer
  // potential lies between the real recursions with bias b - 1 and b: the
  // integer ISI is bracketed by the closed forms for b and b - 1.
  for (int32_t d : {0, 1, 41, 200, 742, 2048, 4095}) {
    for (int32_t refractory : {0, 2, 17}) {
      NeuronParams p;
      p.decay_v = d;
      p.threshold = 100000;
      p.v_reset = 0;
      p.refractory = refractory;
      // Biases from below rheobase (threshold * p) to 200 x above it.
      const double rheobase = std::max(1.0, p.threshold * d / 4096.0);
      for (double f = 0.5; f < 200 && rheobase * f < kPotentialMax; f *= 1.7) {
        p.bias = static_cast<int32_t>(std::lround(rheobase * f));
        const int64_t fast = closed_form_isi(p.bias, d, p.threshold, 0, refractory);
        const int64_t slow = closed_form_isi(p.bias - 1, d, p.threshold, 0, refractory);
        const std::vector<uint32_t> spikes = spike_steps(p, 3000);
        INFO("decay " << d << " refractory " << refractory << " bias " << p.bias
                      << " closed-form ISI in [" << fast << ", " << slow << "]");
        if (fast == 0) {
          REQUIRE(spikes.empty());  // below rheobase even without truncation
          continue;
        }
        if (slow == 0 || slow > 3000 / 4) continue;  // too slow to measure a rate here
        REQUIRE(spikes.size() >= 3);
        // The first spike starts from v = 0 without refractoriness: ISI - R.
        CHECK(static_cast<int64_t>(spikes[0]) + 1 + refractory >= fast);
        CHECK(static_cast<int64_t>(spikes[0]) + 1 + refractory <= slow);
        // After a reset the state is always the same, so every ISI is equal.
        const int64_t isi = spikes[1] - spikes[0];
        for (size_t k = 2; k < spikes.size(); ++k) REQUIRE(spikes[k] - spikes[k - 1] == isi);
        REQUIRE(isi >= fast);
        REQUIRE(isi <= slow);
        if (d == 0) REQUIRE(isi == fast);  // no leak: no truncation, exact
        // Rate in Hz at dt = 1 ms.
        const double rate = 1000.0 * static_cast<double>(spikes.size() - 1) /
                            static_cast<double>(spikes.back() - spikes.front());
        CHECK(rate == Approx(1000.0 / static_cast<double>(isi)));
      }
    }
  }
}

TEST_CASE("refractory steps hold v, still integrate u, and block spikes", "[model][neuron]") {
  for (int32_t refractory : {0, 1, 5, 255}) {
    Network net = Network::empty(1, 1);
    net.params[0] = NeuronParams{.decay_u = 0, .decay_v = 0, .bias = 10, .threshold = 10,
                                 .v_reset = -7, .refractory = refractory};
    net.w_in[0] = 3;
    Simulator sim(net);
    const uint16_t axon = 0;
    // Step 0: v = 0 + u + 10 = 10 >= 10, spike, v = -7, refractory = R.
    REQUIRE(sim.step({}).size() == 1);
    CHECK(sim.neuron_state(0).v == -7);
    CHECK(sim.neuron_state(0).refractory == refractory);
    for (int32_t k = 1; k <= refractory; ++k) {
      // Input during refractoriness reaches u (no decay here) but not v.
      const auto spikes = sim.step({&axon, 1});
      INFO("refractory " << refractory << " step " << k);
      REQUIRE(spikes.empty());
      REQUIRE(sim.neuron_state(0).v == -7);
      REQUIRE(sim.neuron_state(0).u == 3 * k);
      REQUIRE(sim.neuron_state(0).refractory == refractory - k);
    }
    // First step after: v = -7 + u + 10 with u = 3R >= 0.
    const int32_t v = -7 + 3 * refractory + 10;
    const bool fires = v >= 10;
    REQUIRE(sim.step({}).size() == (fires ? 1u : 0u));
    CHECK(sim.neuron_state(0).v == (fires ? -7 : v));
  }
}

TEST_CASE("a neuron above threshold every step fires every R + 1 steps", "[model][neuron]") {
  for (int32_t refractory : {0, 3, 255}) {
    NeuronParams p;
    p.bias = kPotentialMax;
    p.threshold = kPotentialMin;
    p.refractory = refractory;
    const std::vector<uint32_t> spikes = spike_steps(p, 1000);
    REQUIRE(!spikes.empty());
    for (size_t k = 0; k < spikes.size(); ++k) {
      REQUIRE(spikes[k] == k * static_cast<uint32_t>(refractory + 1));
    }
  }
}

TEST_CASE("reset sets v to v_reset, even above threshold", "[model][neuron]") {
  // v_reset >= threshold: the neuron fires again on its first non-refractory step.
  NeuronParams p{.decay_u = 0, .decay_v = 0, .bias = 0, .threshold = 50, .v_reset = 60,
                 .refractory = 2};
  Network net = Network::empty(1, 0);
  net.params[0] = p;
  Simulator sim(net);
  sim.set_neuron_state(0, {.u = 0, .v = 50});
  std::vector<uint32_t> spikes;
  for (uint32_t t = 0; t < 10; ++t) {
    if (!sim.step({}).empty()) spikes.push_back(t);
    CHECK(sim.neuron_state(0).v == 60);
  }
  CHECK(spikes == std::vector<uint32_t>{0, 3, 6, 9});
}

TEST_CASE("adaptive threshold: raise per spike, decay, saturation at 2^23 - 1", "[model][neuron]") {
  Network net = Network::empty(1, 0);
  net.params[0] = NeuronParams{.bias = 100, .threshold = 100, .v_reset = 0,
                               .adapt_step = 1000, .decay_adapt = 2048};
  Simulator sim(net);
  REQUIRE(sim.step({}).size() == 1);  // v = 100 >= 100 + 0
  CHECK(sim.neuron_state(0).adapt == 1000);
  // Now v = 100 per step with no leak needs 100 + adapt; adapt halves each step: 500, 250, ...
  int32_t adapt = 1000;
  for (int k = 0; k < 4; ++k) {
    const bool spiked = !sim.step({}).empty();
    adapt = adapt / 2 + (spiked ? 1000 : 0);
    REQUIRE(sim.neuron_state(0).adapt == adapt);
  }
  // Decays to exactly 0 (truncation toward zero), never below.
  Network quiet = Network::empty(1, 0);
  quiet.params[0] = NeuronParams{.threshold = kPotentialMax, .decay_adapt = 1};
  Simulator q(quiet);
  q.set_neuron_state(0, {.adapt = 5});
  for (int k = 0; k < 10; ++k) q.step({});
  CHECK(q.neuron_state(0).adapt == 0);
  // Upper end: saturates at 2^23 - 1.
  Network hot = Network::empty(1, 0);
  hot.params[0] = NeuronParams{.bias = kPotentialMax, .threshold = kPotentialMin,
                               .adapt_step = kPotentialMax, .decay_adapt = 0};
  Simulator h(hot);
  h.set_neuron_state(0, {.adapt = kPotentialMax - 3});
  REQUIRE(h.step({}).size() == 1);  // kPotentialMax >= -2^23 + 2^23 - 4
  CHECK(h.neuron_state(0).adapt == kPotentialMax);
}

TEST_CASE("u and v saturate at both ends of 24 bits", "[model][neuron]") {
  SECTION("v from the bias") {
    for (int32_t bias : {kPotentialMax, kPotentialMin}) {
      NeuronParams p{.bias = bias, .threshold = kPotentialMax, .adapt_step = 0};
      Network net = Network::empty(1, 0);
      net.params[0] = p;
      Simulator sim(net);
      sim.set_neuron_state(0, {.adapt = 1});  // threshold + adapt is above any v
      for (int k = 0; k < 3; ++k) REQUIRE(sim.step({}).empty());
      CHECK(sim.neuron_state(0).v == (bias > 0 ? kPotentialMax : kPotentialMin));
    }
  }
  SECTION("u from the synapses, saturating once per sum") {
    Network net = Network::empty(1, 3);
    net.weight_exp_in = 8;
    net.params[0] = NeuronParams{.threshold = kPotentialMax};
    net.w_in = {127, -128, 100};
    Simulator sim(net);
    sim.set_neuron_state(0, {.u = kPotentialMax - 10, .adapt = 1});
    // +127*256 - 128*256: the partial sum after the first axon is above the
    // range, but only the total is saturated: u goes down by 256.
    const std::vector<uint16_t> both{0, 1};
    sim.step(both);
    CHECK(sim.neuron_state(0).u == kPotentialMax - 10 - 256);
    const uint16_t up = 2;
    sim.step({&up, 1});
    CHECK(sim.neuron_state(0).u == kPotentialMax);
    sim.set_neuron_state(0, {.u = kPotentialMin + 5, .adapt = 1});
    const uint16_t down = 1;
    sim.step({&down, 1});
    CHECK(sim.neuron_state(0).u == kPotentialMin);
  }
  SECTION("decay brings u and v of either sign to exactly 0") {
    Network net = Network::empty(1, 0);
    net.params[0] = NeuronParams{.decay_u = 1, .decay_v = 4095, .threshold = kPotentialMax};
    Simulator sim(net);
    sim.set_neuron_state(0, {.u = -3, .v = kPotentialMin, .adapt = 1});
    for (int k = 0; k < 8; ++k) sim.step({});
    CHECK(sim.neuron_state(0).u == 0);
    CHECK(sim.neuron_state(0).v == 0);
  }
}

TEST_CASE("the largest input sum fits the 32-bit accumulator", "[model][neuron]") {
  // N + M = 8192 presynaptic events of weight -128 at exponent 8: -2^28 in
  // one sum, saturated once to -2^23 (docs/model.md, "Accumulator").
  Network net = Network::empty(4096, 4096);
  net.weight_exp_rec = 8;
  net.weight_exp_in = 8;
  for (NeuronParams& p : net.params) p = NeuronParams{.bias = kPotentialMax, .threshold = kPotentialMin};
  net.w_rec.assign(net.w_rec.size(), -128);
  net.w_in.assign(net.w_in.size(), -128);
  Simulator sim(net);
  REQUIRE(sim.step({}).size() == 4096);  // all fire; delivered next step
  std::vector<uint16_t> all(4096);
  for (uint16_t a = 0; a < 4096; ++a) all[a] = a;
  sim.step(all);
  for (int j : {0, 4095}) CHECK(sim.neuron_state(j).u == kPotentialMin);
  CHECK(sim.deliveries() == uint64_t{8192} * 4096);
}

}  // namespace
}  // namespace synfire
