// The physical-units mapping (host/model/units.hpp, docs/model.md "From
// physical parameters to integers").
#include <catch2/catch.hpp>

#include <cmath>

#include "units.hpp"

namespace synfire::units {
namespace {

using Catch::Matchers::Contains;

TEST_CASE("decay from tau is round(4096 * (1 - exp(-dt/tau)))", "[model][units]") {
  CHECK(decay_from_tau(20.0, 1.0) == 200);   // 4096 * 0.04877 = 199.77
  CHECK(decay_from_tau(5.0, 1.0) == 742);    // 4096 * 0.18127 = 742.5 -> 742.47
  CHECK(decay_from_tau(10.0, 0.1) == 41);    // 4096 * 0.00995 = 40.76
  CHECK(decay_from_tau(kInfinity, 1.0) == 0);
  CHECK(decay_from_tau(1.0, 1.0) == 2589);   // 4096 * 0.63212 = 2589.2
}

TEST_CASE("tau_from_decay inverts decay_from_tau for every decay", "[model][units]") {
  for (int32_t d = 1; d <= 4095; ++d) {
    const double tau = tau_from_decay(d, 0.5);
    INFO("d = " << d << ", tau = " << tau);
    REQUIRE(decay_from_tau(tau, 0.5) == d);
  }
  CHECK(std::isinf(tau_from_decay(0, 1.0)));
}

TEST_CASE("relative error of tau stays within the stated bound", "[model][units]") {
  // docs/model.md: |error| <= tau * exp(dt/tau) / (8192 dt) to first order;
  // the second order adds at most 1/d of it, d >= 8 here.
  for (double tau = 1.0; tau <= 500.0; tau *= 1.01) {
    const double bound = tau * std::exp(1.0 / tau) / 8192.0 * 1.13;
    INFO("tau = " << tau);
    REQUIRE(std::abs(tau_relative_error(tau, 1.0)) <= bound);
  }
  CHECK(std::abs(tau_relative_error(20.0, 1.0)) < 0.0026);
  CHECK(tau_relative_error(kInfinity, 1.0) == 0.0);
}

TEST_CASE("unrepresentable time constants are rejected with the reason", "[model][units]") {
  CHECK_THROWS_WITH(decay_from_tau(0.1, 1.0), Contains("too short") && Contains("rounds to 4096"));
  CHECK_THROWS_WITH(decay_from_tau(1e5, 1.0), Contains("too long") && Contains("rounds to 0"));
  CHECK_THROWS_WITH(decay_from_tau(-3.0, 1.0), Contains("tau = -3") && Contains("positive"));
  CHECK_THROWS_WITH(decay_from_tau(std::nan(""), 1.0), Contains("positive"));
  CHECK_THROWS_WITH(decay_from_tau(10.0, 0.0), Contains("dt = 0"));
  CHECK_THROWS_WITH(tau_from_decay(4096, 1.0), Contains("outside [0, 4095]"));
  // The limits given in the messages are the real limits.
  const double shortest = 1.0 / std::log(8192.0);
  CHECK(decay_from_tau(shortest * 1.001, 1.0) == 4095);
  CHECK_THROWS(decay_from_tau(shortest * 0.999, 1.0));
}

TEST_CASE("durations, potentials and weights", "[model][units]") {
  CHECK(steps_from_duration(2.0, 0.5) == 4);
  CHECK(steps_from_duration(0.0, 1.0) == 0);
  CHECK(steps_from_duration(255.4, 1.0) == 255);
  CHECK_THROWS_WITH(steps_from_duration(300.0, 1.0), Contains("more than the largest 255"));
  CHECK_THROWS_WITH(steps_from_duration(-1.0, 1.0), Contains("non-negative"));

  CHECK(potential_from_value(1.0, 1.0 / 1024, "threshold") == 1024);
  CHECK(potential_from_value(-0.5, 1.0 / 1024, "v_reset") == -512);
  CHECK(potential_from_value(8388607.0, 1.0, "bias") == 8388607);
  CHECK_THROWS_WITH(potential_from_value(8388608.0, 1.0, "bias"),
                    Contains("bias = 8.38861e+06") && Contains("signed 24-bit"));
  CHECK_THROWS_WITH(potential_from_value(1.0, 0.0, "threshold"), Contains("lsb = 0"));

  // 0.5 at lsb 1/1024 is 512 steps: 512 / 2^3 = 64 fits 8 bits, 512 / 2^2 = 128 does not.
  CHECK(weight_exp_for(0.5, 1.0 / 1024, 8) == 3);
  CHECK(weight_exp_for(0.0, 1.0, 8) == 0);
  CHECK(weight_exp_for(127.0, 1.0, 8) == 0);
  CHECK(weight_exp_for(128.0, 1.0, 8) == 1);
  CHECK(weight_exp_for(1.0, 1.0, 2) == 0);
  CHECK(weight_exp_for(2.0, 1.0, 2) == 1);  // 2-bit weights are [-2, 1]: 2 needs 1 * 2^1
  CHECK_THROWS_WITH(weight_exp_for(1e6, 1.0, 8), Contains("exponent 8"));
  CHECK(weight_from_value(0.25, 1.0 / 1024, 3, 8) == 32);
  CHECK(weight_from_value(-0.5, 1.0 / 1024, 3, 8) == -64);
  CHECK_THROWS_WITH(weight_from_value(1.0, 1.0 / 1024, 3, 8), Contains("outside [-128, 127]"));
  CHECK_THROWS_WITH(weight_from_value(1.0, 1.0, 9, 8), Contains("exponent 9"));
}

TEST_CASE("STDP amplitudes get the finest shift that fits", "[model][units]") {
  StdpSpec spec;
  spec.a_plus = 1.0;
  spec.a_minus = 0.5;
  spec.tau_plus = 20;
  spec.tau_minus = 40;
  spec.trace_inc = 64;
  spec.w_min = 0;
  spec.w_max = 100;
  const StdpParams p = stdp_from_spec(spec);
  // round(1.0 * 2^13 / 64) = 128 <= 255; at shift 14 it would be 256.
  CHECK(p.shift == 13);
  CHECK(p.a_plus == 128);
  CHECK(p.a_minus == 64);
  CHECK(p.decay_pre == decay_from_tau(20, 1));
  CHECK(p.decay_post == decay_from_tau(40, 1));
  CHECK(p.trace_inc_pre == 64);
  CHECK(p.trace_inc_post == 64);
  CHECK(p.w_min == 0);
  CHECK(p.w_max == 100);
  CHECK(stdp_effective_amplitude(p.a_plus, p.trace_inc_pre, p.shift) == 1.0);

  // Any amplitude comes out within half an integer amplitude step, at the largest usable shift.
  for (double a = 0.01; a < 255.0 * 64; a *= 1.37) {
    spec.a_plus = a;
    spec.a_minus = a / 3;
    const StdpParams q = stdp_from_spec(spec);
    const double step = 64.0 / std::ldexp(1.0, q.shift);
    INFO("a = " << a << " shift " << q.shift << " a_plus " << q.a_plus);
    REQUIRE(std::abs(stdp_effective_amplitude(q.a_plus, 64, q.shift) - a) <= step / 2 + 1e-12);
    REQUIRE((q.shift == 15 || std::round(a * std::ldexp(1.0, q.shift + 1) / 64) > 255));
  }
}

TEST_CASE("unrepresentable STDP parameters are rejected with the reason", "[model][units]") {
  StdpSpec spec;
  spec.a_plus = 255.0 * spec.trace_inc + 100;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("a_plus") && Contains("above the largest"));
  spec.a_plus = -1;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("a_plus = -1"));
  spec.a_plus = 1e-6;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("a_plus") && Contains("rounds to 0"));
  spec.a_plus = 1;
  spec.trace_inc = 0;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("trace_inc = 0"));
  spec.trace_inc = 64;
  spec.w_min = 10;
  spec.w_max = 5;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("w_min = 10"));
  spec.w_min = -128;
  spec.w_max = 127;
  spec.tau_plus = 0.01;
  CHECK_THROWS_WITH(stdp_from_spec(spec), Contains("too short"));
}

TEST_CASE("a neuron in physical form", "[model][units]") {
  LifSpec s;
  s.dt = 1;
  s.tau_u = 5;
  s.tau_v = 20;
  s.threshold = 1.0;
  s.v_reset = -0.25;
  s.bias = 0.05;
  s.refractory = 2;
  s.adapt_step = 0.125;
  s.tau_adapt = 100;
  s.lsb = 1.0 / 1024;
  const NeuronParams p = neuron_from_spec(s);
  CHECK(p.decay_u == 742);
  CHECK(p.decay_v == 200);
  CHECK(p.threshold == 1024);
  CHECK(p.v_reset == -256);
  CHECK(p.bias == 51);
  CHECK(p.refractory == 2);
  CHECK(p.adapt_step == 128);
  CHECK(p.decay_adapt == decay_from_tau(100, 1));
  s.adapt_step = -1;
  CHECK_THROWS_WITH(neuron_from_spec(s), Contains("adapt_step"));
}

}  // namespace
}  // namespace synfire::units
