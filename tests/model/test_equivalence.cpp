// The simulator against the plain reference implementation of
// docs/model.md (reference_model.cpp): random small networks with extreme
// parameters, learning on (switched off and on at random), random initial
// states, random inputs; every state variable and weight compared after
// every step.
#include <catch2/catch.hpp>

#include <sstream>

#include "fixed_point.hpp"
#include "random_network.hpp"
#include "reference_model.hpp"
#include "simulator.hpp"

namespace synfire {
namespace {

// Runs one random case; returns an empty string if the two agree, else the
// first difference.
// With `busy`, most neurons fire every step (many potentiated columns at once).
std::string compare_case(test::Rng& rng, int n, int m, int steps, bool busy) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Network net = test::random_network(
      rng, n, m, {.values = test::Values::kExtreme, .per_row_flags = false, .density = unit(rng), .learning = {}});
  if (busy) {
    for (NeuronParams& p : net.params) {
      if (unit(rng) < 0.8) {
        p.threshold = fx::kPotentialMin;  // v >= threshold + 0 always holds
        p.adapt_step = 0;
        p.refractory = 0;
      }
    }
  }
  Simulator sim(net);
  ref::State rs = ref::zero_state(net);
  Network ref_net = net;

  // Start at a random time (also near the 32-bit wrap) from a random state.
  const auto t0 = static_cast<uint32_t>(test::extreme(rng, 0, UINT32_MAX));
  sim.set_time(t0);
  rs.step = t0;
  for (int j = 0; j < n; ++j) {
    const NeuronState st = test::random_state(rng, net.stdp.trace_bits);
    sim.set_neuron_state(j, st);
    const auto k = static_cast<size_t>(j);
    rs.u[k] = st.u;
    rs.v[k] = st.v;
    rs.adapt[k] = st.adapt;
    rs.refractory[k] = st.refractory;
    rs.trace_pre[k] = st.trace_pre;
    rs.trace_post[k] = st.trace_post;
  }
  for (int a = 0; a < m; ++a) {
    const auto x = static_cast<int32_t>(test::extreme(rng, 0, fx::trace_max(net.stdp.trace_bits)));
    sim.set_axon_trace(a, x);
    rs.trace_axon[static_cast<size_t>(a)] = x;
  }

  const double input_rate = unit(rng);
  for (int k = 0; k < steps; ++k) {
    if (unit(rng) < 0.05) {
      const bool on = !sim.learning();
      sim.set_learning(on);
      ref_net.learning = on;
    }
    std::vector<bool> axons(static_cast<size_t>(m), false);
    std::vector<uint16_t> list;
    for (int a = 0; a < m; ++a) {
      if (unit(rng) < input_rate) {
        axons[static_cast<size_t>(a)] = true;
        list.push_back(static_cast<uint16_t>(a));
        if (unit(rng) < 0.2) list.push_back(static_cast<uint16_t>(a));  // duplicates count once
      }
    }
    std::shuffle(list.begin(), list.end(), rng);
    const std::vector<uint16_t> got = sim.step(list);
    const std::vector<bool> want = ref::step(ref_net, rs, axons);

    std::ostringstream where;
    where << "N=" << n << " M=" << m << " step " << k << " (t=" << (t0 + static_cast<uint32_t>(k))
          << "): ";
    std::vector<bool> got_flags(static_cast<size_t>(n), false);
    for (uint16_t j : got) got_flags[j] = true;
    if (got_flags != want) return where.str() + "spikes differ";
    for (int j = 0; j < n; ++j) {
      const NeuronState s = sim.neuron_state(j);
      const auto q = static_cast<size_t>(j);
      const NeuronState r{static_cast<int32_t>(rs.u[q]),          static_cast<int32_t>(rs.v[q]),
                          static_cast<int32_t>(rs.adapt[q]),      static_cast<int32_t>(rs.refractory[q]),
                          static_cast<int32_t>(rs.trace_pre[q]),  static_cast<int32_t>(rs.trace_post[q])};
      if (!(s == r)) {
        std::ostringstream o;
        o << where.str() << "neuron " << j << " state differs: sim u=" << s.u << " v=" << s.v
          << " adapt=" << s.adapt << " ref=" << s.refractory << " x=" << s.trace_pre
          << " y=" << s.trace_post << "; reference u=" << r.u << " v=" << r.v
          << " adapt=" << r.adapt << " ref=" << r.refractory << " x=" << r.trace_pre
          << " y=" << r.trace_post;
        return o.str();
      }
    }
    for (int a = 0; a < m; ++a) {
      if (sim.axon_trace(a) != rs.trace_axon[static_cast<size_t>(a)]) {
        return where.str() + "axon trace " + std::to_string(a) + " differs";
      }
    }
    if (sim.network().w_rec != ref_net.w_rec) return where.str() + "recurrent weights differ";
    if (sim.network().w_in != ref_net.w_in) return where.str() + "input weights differ";
  }
  return {};
}

void run_cases(const char* name, int cases, int max_n, int max_m, int steps, bool busy = false) {
  const uint64_t seed = test::test_seed(name);
  INFO("seed " << seed);
  test::Rng rng(seed);
  for (int c = 0; c < cases; ++c) {
    const int n = std::uniform_int_distribution<int>(1, max_n)(rng);
    const int m = std::uniform_int_distribution<int>(0, max_m)(rng);
    const std::string diff = compare_case(rng, n, m, steps, busy);
    INFO("case " << c);
    REQUIRE(diff == "");
  }
}

TEST_CASE("simulator equals the reference implementation on random networks", "[model]") {
  run_cases("equivalence", 400, 24, 12, 60);
  // Enough neurons for more than one chunk of potentiated columns (32).
  run_cases("equivalence-busy", 10, 120, 40, 60, true);
}

TEST_CASE("simulator equals the reference implementation on larger networks", "[model][slow]") {
  run_cases("equivalence-large", 300, 300, 200, 300);
  run_cases("equivalence-large-busy", 40, 400, 200, 100, true);
}

}  // namespace
}  // namespace synfire
