// The worked example of docs/model.md ("Worked example: one step of one
// neuron"), number for number, so that the document cannot drift from the code.
#include <catch2/catch.hpp>

#include "fixed_point.hpp"
#include "simulator.hpp"

namespace synfire {
namespace {

TEST_CASE("the worked example of docs/model.md", "[model]") {
  Network net = Network::empty(2, 1);
  net.weight_exp_rec = 2;
  net.weight_exp_in = 4;
  net.seed = 42;
  net.learning = true;
  net.params[0] = NeuronParams{.decay_u = 742, .decay_v = 200, .bias = 30, .threshold = 1024,
                               .v_reset = 0, .refractory = 2, .adapt_step = 100,
                               .decay_adapt = 41};
  net.params[1] = NeuronParams{.threshold = fx::kPotentialMax};  // fires only when forced
  net.stdp = StdpParams{.a_plus = 9, .a_minus = 7, .shift = 4, .trace_inc_pre = 64,
                        .trace_inc_post = 64, .decay_pre = 200, .decay_post = 200,
                        .w_min = -128, .w_max = 127};
  net.w_rec[1 * 2 + 0] = 20;
  net.plastic_rec[1 * 2 + 0] = 1;
  net.w_in[0] = -3;
  Simulator sim(net);

  // Step 4: neuron 1 spikes (v at the maximum reaches its threshold).
  sim.set_time(4);
  sim.set_neuron_state(1, {.v = fx::kPotentialMax});
  REQUIRE(sim.step({}) == std::vector<uint16_t>{1});
  // The state of the example before step 5.
  sim.set_neuron_state(0, {.u = 500, .v = 1000, .adapt = 0, .refractory = 0, .trace_post = 30});
  sim.set_neuron_state(1, {.trace_pre = 50});

  // The hash values quoted in the example.
  CHECK(fx::hash3(42, 5, 0x00010000u) == 0x3A6D6DCCu);
  CHECK(fx::hash3(42, 5, 0x80010000u) == 0x439E6091u);

  const uint16_t axon = 0;
  REQUIRE(sim.step({&axon, 1}) == std::vector<uint16_t>{0});
  const NeuronState s = sim.neuron_state(0);
  CHECK(s.u == 441);
  CHECK(s.v == 0);
  CHECK(s.adapt == 100);
  CHECK(s.refractory == 2);
  CHECK(s.trace_post == 92);
  CHECK(sim.neuron_state(1).trace_pre == 111);
  CHECK(sim.axon_trace(0) == 64);
  CHECK(sim.network().w_rec[1 * 2 + 0] == 69);  // 20 - 13 + 62
  CHECK(sim.network().w_in[0] == -3);           // not plastic
}

}  // namespace
}  // namespace synfire
