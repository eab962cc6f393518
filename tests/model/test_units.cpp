// The physical-units mapping (host/model/units.hpp, docs/model.md "From
// physical parameters to integers").
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "fixed_point.hpp"
#include "random_network.hpp"
#include "simulator.hpp"
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

TEST_CASE("weight rounding stays within the documented relative errors", "[model][units]") {
  // docs/model.md "Weights": with 8-bit weights and an exponent above 0 the
  // largest weight is at least 64 steps (relative error below 0.8 %), a
  // weight of 1/10 of it is within 8 %.
  const double lsb = 1.0 / 1024;
  for (double largest = 0.13; largest < 30.0; largest *= 1.017) {
    const int e = weight_exp_for(largest, lsb, 8);
    if (e == 0) continue;
    const double step = lsb * std::ldexp(1.0, e);
    INFO("largest " << largest << " exponent " << e);
    REQUIRE(std::abs(weight_from_value(largest, lsb, e, 8)) >= 64);
    REQUIRE(std::abs(weight_from_value(largest, lsb, e, 8) * step - largest) <= 0.008 * largest);
    REQUIRE(std::abs(weight_from_value(largest / 10, lsb, e, 8) * step - largest / 10) <= 0.08 * largest / 10);
  }
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

// The exactly integrated PSP of tau_mem dv/dt = -v + I, tau_syn dI/dt = -I
// after I jumps by w at t = 0: v(t) = w / tau_mem * exp(-t / tau_mem) * (1 - exp(-k t)) / k.
double exact_psp(double t, double w, double tau_syn, double tau_mem) {
  const double k = 1.0 / tau_syn - 1.0 / tau_mem;
  const double frac = k == 0.0 ? t : -std::expm1(-k * t) / k;
  return w / tau_mem * std::exp(-t / tau_mem) * frac;
}

TEST_CASE("the PSP coupling is the exact one-step propagator", "[model][units]") {
  // c against a fine Euler-free integral: (1 / dt) * int_0^dt exp(-(dt - s) / tm) exp(-s / ts) ds.
  for (double ts : {0.5, 2.0, 5.0, 20.0, 80.0}) {
    for (double tm : {3.0, 10.0, 20.0, 60.0}) {
      const double dt = 1.0;
      double integral = 0;
      const int n = 200000;
      for (int i = 0; i < n; ++i) {  // midpoint rule, error ~1e-11
        const double s = (i + 0.5) * dt / n;
        integral += std::exp(-(dt - s) / tm) * std::exp(-s / ts) * dt / n;
      }
      INFO("tau_syn " << ts << " tau_mem " << tm);
      REQUIRE(psp_coupling(ts, tm, dt) == Approx(integral / dt).epsilon(1e-9));
      // One step of the exact solution from v = 0, I = w.
      REQUIRE(current_jump(1.0, ts, tm, dt) == Approx(exact_psp(dt, 1.0, ts, tm)).epsilon(1e-12));
    }
  }
  CHECK(psp_coupling(20.0, 20.0, 1.0) == Approx(std::exp(-1.0 / 20)).epsilon(1e-15));  // k = 0
  const double x = 1.0 / 20;
  CHECK(psp_coupling(kInfinity, 20.0, 1.0) == Approx(-std::expm1(-x) / x).epsilon(1e-15));  // constant current
  CHECK(voltage_jump(2.0, 20.0, 1.0) == Approx(2.0 * std::exp(-x)).epsilon(1e-15));
  CHECK(voltage_jump(2.0, kInfinity, 1.0) == 2.0);
  CHECK_THROWS_WITH(psp_coupling(5.0, kInfinity, 1.0), Contains("tau_mem"));
  CHECK_THROWS_WITH(psp_coupling(0.0, 20.0, 1.0), Contains("tau_syn = 0"));
}

// Runs one input spike through the reference simulator with the mapping of
// docs/model.md and returns v per step (step 0 .. steps-1).
std::vector<double> simulated_psp(double ts, double tm, double dt, double lsb, int input_step,
                                  double jump, int steps) {
  Network net = Network::empty(1, 1);
  net.params[0].decay_u = decay_from_tau(ts, dt);
  net.params[0].decay_v = decay_from_tau(tm, dt);
  net.params[0].threshold = 8000000;
  net.weight_exp_in = weight_exp_for(std::abs(jump), lsb, 8);
  net.w_in[0] = weight_from_value(jump, lsb, net.weight_exp_in, 8);
  Simulator sim(net);
  std::vector<double> v;
  for (int t = 0; t < steps; ++t) {
    const uint16_t axon = 0;
    sim.step(t == input_step ? std::span<const uint16_t>(&axon, 1) : std::span<const uint16_t>());
    v.push_back(sim.neuron_state(0).v * lsb);
  }
  return v;
}

TEST_CASE("a PSP through the model matches the exact solution within 1 % of its peak", "[model][units]") {
  // Brian2's exact integration of a CUBA synapse (I += w), input spike at t = 0.
  const double dt = 1.0, w = 1.0, lsb = 1.0 / (1 << 17);
  for (double ts : {1.0, 2.0, 5.0, 10.0}) {
    for (double tm : {10.0, 20.0, 40.0}) {
      const int steps = 150;
      const auto v = simulated_psp(ts, tm, dt, lsb, 1, current_jump(w, ts, tm, dt), steps);
      double peak = 0, worst = 0;
      int peak_step = 0, sim_peak_step = 0;
      for (int n = 0; n < steps; ++n) {
        const double exact = exact_psp(n * dt, w, ts, tm);  // synfire step n is t = n dt
        if (exact > peak) {
          peak = exact;
          peak_step = n;
        }
        if (v[static_cast<size_t>(n)] > v[static_cast<size_t>(sim_peak_step)]) sim_peak_step = n;
      }
      for (int n = 0; n < steps; ++n) worst = std::max(worst, std::abs(v[static_cast<size_t>(n)] - exact_psp(n * dt, w, ts, tm)));
      INFO("tau_syn " << ts << " tau_mem " << tm << ": peak " << peak << " at step " << peak_step
                      << ", largest error " << worst / peak * 100 << " % of the peak");
      // The peak within 1 % (weight rounding below 0.8 %, time constants
      // below 0.3 %, truncation below (1 + 1/p_u) / p_v lsb) at the exact
      // step, and the whole curve within psp_error_bound.
      const double sim_peak = v[static_cast<size_t>(sim_peak_step)];
      const double bound = psp_error_bound(w, ts, tm, dt, lsb);
      INFO("simulated peak " << sim_peak << " (" << (sim_peak / peak - 1) * 100 << " %), bound "
                             << bound * 100 << " %");
      REQUIRE(std::abs(sim_peak - peak) < 0.01 * peak);
      REQUIRE(sim_peak_step == peak_step);
      REQUIRE(worst <= bound * peak);

      // The mapping docs/model.md had before: jump p_v * w, input in the spike's own step.
      const double p_v = -std::expm1(-dt / tm);
      const auto old = simulated_psp(ts, tm, dt, lsb, 0, p_v * w, steps);
      const double old_peak = *std::max_element(old.begin(), old.end());
      INFO("old mapping: peak " << old_peak << " (" << (old_peak / peak - 1) * 100 << " %)");
      REQUIRE(old_peak > 1.04 * peak);
    }
  }
}

// v of the model's recursion in floating point (no truncation), with the
// represented decays and the integer jump J (lsb): the reference of the
// truncation bound.
std::vector<double> float_psp(int32_t du, int32_t dv, double jump_lsb, int input_step, int steps) {
  std::vector<double> v;
  double uf = 0, vf = 0;
  for (int t = 0; t < steps; ++t) {
    uf = uf * (1 - du / 4096.0) + (t == input_step ? jump_lsb : 0.0);
    vf = vf * (1 - dv / 4096.0) + uf;
    v.push_back(vf);
  }
  return v;
}

TEST_CASE("the decays' truncation stays below (1 + 1/p_u) / p_v lsb", "[model][units]") {
  // docs/model.md: u loses less than 1 lsb per step, so it stays less than
  // 1/p_u below the untruncated recursion; v integrates that and its own
  // loss: 0 <= v_float - v_model < (1 + 1/p_u) / p_v lsb.
  double largest = 0;
  for (double lsb : {1.0 / 1024, 1.0 / (1 << 17)}) {
    for (double ts : {1.0, 2.0, 5.0, 10.0}) {
      for (double tm : {10.0, 20.0, 40.0}) {
        const double dt = 1.0;
        const double jump = current_jump(1.0, ts, tm, dt);
        const int e = weight_exp_for(jump, lsb, 8);
        const double J = weight_from_value(jump, lsb, e, 8) * std::ldexp(1.0, e);
        const int32_t du = decay_from_tau(ts, dt), dv = decay_from_tau(tm, dt);
        const auto sim = simulated_psp(ts, tm, dt, lsb, 1, jump, 400);
        const auto ref = float_psp(du, dv, J, 1, 400);
        const double bound = (1 + 4096.0 / du) * 4096.0 / dv;
        double worst = 0;
        for (size_t n = 0; n < sim.size(); ++n) {
          const double diff = ref[n] - sim[n] / lsb;
          REQUIRE(diff >= -1e-9);  // truncation only loses
          worst = std::max(worst, diff);
        }
        INFO("lsb " << lsb << " tau_syn " << ts << " tau_mem " << tm << ": largest loss " << worst << " lsb, bound "
                    << bound);
        REQUIRE(worst < bound);
        if (lsb < 1e-4) largest = std::max(largest, worst);
      }
    }
  }
  // The old claim (below tau_mem / dt lsb) is false: 116 lsb at tau_syn 10, tau_mem 20.
  CHECK(largest > 40.0);
}

TEST_CASE("psp_error_bound holds against the exact PSP, and lsb_for_psp meets it", "[model][units]") {
  const double dt = 1.0, w = 1.0;
  for (double ts : {2.0, 5.0, 10.0}) {
    for (double tm : {10.0, 20.0, 40.0}) {
      for (double lsb : {1.0 / 1024, 1.0 / 8192, 1.0 / (1 << 17)}) {
        const int steps = 200;
        const auto v = simulated_psp(ts, tm, dt, lsb, 1, current_jump(w, ts, tm, dt), steps);
        double peak = 0, worst = 0;
        for (int n = 0; n < steps; ++n) {
          const double x = exact_psp(n * dt, w, ts, tm);
          peak = std::max(peak, x);
          worst = std::max(worst, std::abs(v[static_cast<size_t>(n)] - x));
        }
        const double bound = psp_error_bound(w, ts, tm, dt, lsb);
        INFO("tau_syn " << ts << " tau_mem " << tm << " lsb " << lsb << ": error " << worst / peak * 100
                        << " % of the peak, bound " << bound * 100 << " %");
        REQUIRE(worst <= bound * peak);
      }
      // The lsb it picks keeps the peak within 1 % at the exact step.
      const double lsb = lsb_for_psp(w, ts, tm, dt, 0.01);
      REQUIRE(psp_error_bound(w, ts, tm, dt, lsb) <= 0.01);
      REQUIRE(psp_error_bound(w, ts, tm, dt, 2 * lsb) > 0.01);  // the largest such power of two
      const auto v = simulated_psp(ts, tm, dt, lsb, 1, current_jump(w, ts, tm, dt), 200);
      int peak_step = 0, sim_step = 0;
      for (int n = 0; n < 200; ++n) {
        if (exact_psp(n * dt, w, ts, tm) > exact_psp(peak_step * dt, w, ts, tm)) peak_step = n;
        if (v[static_cast<size_t>(n)] > v[static_cast<size_t>(sim_step)]) sim_step = n;
      }
      INFO("tau_syn " << ts << " tau_mem " << tm << ": lsb_for_psp " << lsb);
      REQUIRE(std::abs(v[static_cast<size_t>(sim_step)] / exact_psp(peak_step * dt, w, ts, tm) - 1) <= 0.01);
      REQUIRE(sim_step == peak_step);
    }
  }
  // At the old default lsb 1/1024 the bound is several % (measured 2.6-6.8 %
  // low): a conversion that requires 1 % says so, with the lsb that would.
  CHECK(psp_error_bound(1.0, 5.0, 20.0, 1.0, 1.0 / 1024) > 0.02);
  CHECK_THROWS_WITH(require_psp_error(1.0, 5.0, 20.0, 1.0, 1.0 / 1024, 0.01),
                    Contains("more than 1 %") && Contains("lsb = "));
  CHECK_NOTHROW(require_psp_error(1.0, 5.0, 20.0, 1.0, lsb_for_psp(1.0, 5.0, 20.0, 1.0, 0.01), 0.01));
  // The message (Python: a UserWarning) names the lsb that would, and is empty when the bound holds.
  CHECK_THAT(psp_error_message(1.0, 5.0, 20.0, 1.0, 1.0 / 1024, 0.01), Contains("lsb = 3.8147e-06 meets it"));
  CHECK(psp_error_message(1.0, 5.0, 20.0, 1.0, std::ldexp(1.0, -18), 0.01).empty());
  CHECK_THAT(psp_error_message(1.0, 5.0, 20.0, 1.0, 1.0 / 1024, 1e-4), Contains("use a smaller dt"));
  CHECK_THROWS_WITH(lsb_for_psp(1.0, 5.0, 20.0, 1.0, 1e-4), Contains("use a smaller dt"));
}

TEST_CASE("at lsb 1/1024 a 1 mV synapse's PSP is 8-10 % low, and the conversion says so", "[model][units]") {
  // docs/model.md "Potentials and currents": I += 1 mV, tau_mem = 20 ms,
  // tau_syn 2, 5, 10 ms, dt = 1 ms, against the exact solution.
  const double dt = 1.0, w = 1.0, tm = 20.0, lsb = 1.0 / 1024;
  for (double ts : {2.0, 5.0, 10.0}) {
    const auto v = simulated_psp(ts, tm, dt, lsb, 1, current_jump(w, ts, tm, dt), 150);
    double peak = 0, sim_peak = 0;
    int peak_step = 0, sim_step = 0;
    for (int n = 0; n < 150; ++n) {
      const double x = exact_psp(n * dt, w, ts, tm);
      if (x > peak) {
        peak = x;
        peak_step = n;
      }
      if (v[static_cast<size_t>(n)] > sim_peak) {
        sim_peak = v[static_cast<size_t>(n)];
        sim_step = n;
      }
    }
    INFO("tau_syn " << ts << ": peak " << (sim_peak / peak - 1) * 100 << " %, step " << sim_step << " against "
                    << peak_step);
    CHECK(sim_peak / peak - 1 < -0.075);
    CHECK(sim_peak / peak - 1 > -0.105);
    CHECK(peak_step - sim_step >= 1);
    CHECK(peak_step - sim_step <= 2);
    CHECK_THAT(psp_error_message(w, ts, tm, dt, lsb, 0.01), Contains("meets it"));
  }
}

TEST_CASE("STDP bins from a continuous rule keep A- tau- / A+ tau+", "[model][units]") {
  // Song, Miller & Abbott (2000): A-/A+ = 1.05, tau+ = tau- = 20 ms; and
  // unequal windows (Bi & Poo's 16.8 / 33.7 ms fits) with the same balance.
  for (auto [tp, tm] : {std::pair{20.0, 20.0}, std::pair{16.8, 33.7}, std::pair{10.0, 40.0}}) {
    for (double dt : {0.5, 1.0}) {
      StdpSpec rule;
      rule.a_plus = 1.0;
      rule.a_minus = 1.05 * tp / tm;  // A- tau- / (A+ tau+) = 1.05
      rule.tau_plus = tp;
      rule.tau_minus = tm;
      rule.dt = dt;
      rule.trace_inc = 255;
      const StdpSpec bins = stdp_bins_from_rule(rule);
      // The bins of the represented geometric window sum to A tau / dt exactly.
      const double pp = decay_from_tau(tp, dt) / 4096.0, pm = decay_from_tau(tm, dt) / 4096.0;
      INFO("tau+ " << tp << " tau- " << tm << " dt " << dt);
      REQUIRE(bins.a_plus / pp == Approx(rule.a_plus * tp / dt).epsilon(1e-12));
      REQUIRE(bins.a_minus / pm == Approx(rule.a_minus * tm / dt).epsilon(1e-12));
      // Integers with the truncated traces: each side sums to A tau / dt and
      // the balance holds, within the amplitude rounding.
      const StdpParams p = stdp_from_rule(rule);
      const StdpWindowSums sums = stdp_window_sums(p);
      INFO("represented balance " << sums.balance() << ", sums " << sums.potentiation << " " << sums.depression);
      // An integer amplitude a is within 0.5 / a of its value (plus 0.1 % for
      // the rounding of the first quantisation's shift).
      const double rp = 0.5 / p.a_plus + 1e-3, rm = 0.5 / p.a_minus + 1e-3;
      REQUIRE(sums.potentiation == Approx(rule.a_plus * tp / dt).epsilon(rp));
      REQUIRE(sums.depression == Approx(rule.a_minus * tm / dt).epsilon(rm));
      REQUIRE(std::abs(sums.balance() / 1.05 - 1) < rp + rm);
      REQUIRE(sums.balance() > 1.0);
      // Quantising the bins alone leaves the truncation's loss in the balance.
      const double uncorrected = stdp_window_sums(stdp_from_spec(bins)).balance();
      INFO("balance without the tail correction " << uncorrected);
      if (tp != tm) REQUIRE(std::abs(uncorrected - 1.05) > std::abs(sums.balance() - 1.05));
    }
  }
  // The conversion docs/model.md had (A- = |dApost| exp(-dt / tau-) per bin) flipped it.
  StdpSpec old;
  old.a_plus = 1.0;
  old.a_minus = 1.05 * std::exp(-1.0 / 20);
  old.trace_inc = 255;
  CHECK(stdp_window_sums(stdp_from_spec(old)).balance() < 1.0);
}

// The mean weight change of the integer window at D >= 0 (side +1, the pre
// trace) or D = -1 - k (side -1, the post trace after k decays), weight steps.
std::vector<double> integer_window(const StdpParams& p, int side) {
  const int32_t amplitude = side > 0 ? p.a_plus : p.a_minus;
  const int32_t inc = side > 0 ? p.trace_inc_pre : p.trace_inc_post;
  const int32_t decay = side > 0 ? p.decay_pre : p.decay_post;
  // 24-bit traces: inc * 65536, read as x >> 8, amounts / 2^(shift + 8).
  const int frac = fx::trace_frac_bits(p.trace_bits);
  std::vector<double> bins;
  for (int32_t x = inc << frac; x > 0; x = fx::decay(x, decay)) {
    const double read = fx::stdp_trace(x, p.trace_bits);
    bins.push_back(amplitude * read / std::ldexp(1.0, p.shift + fx::stdp_frac_bits(p.trace_bits)));
  }
  return bins;
}

TEST_CASE("the window of stdp_from_rule follows the rule's exponential", "[model][units]") {
  // The exact bins of W(s) = A exp(-|s| / tau): A tau (1 - r) r^k / dt, r = exp(-dt / tau),
  // for k = D >= 0 (potentiation) and k = -1 - D (depression). docs/model.md
  // "STDP": with the decays of trace_decay_for the bins next to zero delay are
  // within 6 % of them for trace_inc 64-255 at tau = 20 dt (the decays of
  // decay_from_tau with the sums kept put them 14, 25 and 44 % above), and
  // the whole window within trace_shape_error plus the amplitude rounding.
  for (int32_t inc : {64, 128, 255}) {
    for (double tau : {5.0, 20.0, 40.0}) {
      if (inc == 64 && tau == 40.0) continue;  // 64 events' worth of trace is too coarse for 40 steps
      StdpSpec rule;
      rule.a_plus = 1.0;
      rule.a_minus = 1.05;
      rule.tau_plus = rule.tau_minus = tau;
      rule.trace_inc = inc;
      const StdpParams p = stdp_from_rule(rule);
      REQUIRE(p.decay_pre == trace_decay_for(tau, 1.0, inc));
      REQUIRE(p.decay_pre <= decay_from_tau(tau, 1.0));
      const double shape = trace_shape_error(inc, p.decay_pre, tau, 1.0);
      REQUIRE(shape <= trace_shape_error(inc, decay_from_tau(tau, 1.0), tau, 1.0));
      for (int side : {1, -1}) {
        const double a = side > 0 ? rule.a_plus : rule.a_minus;
        const double r = std::exp(-1.0 / tau);
        const auto bins = integer_window(p, side);
        double err2 = 0, ref2 = 0, sum = 0;
        for (size_t k = 0; k < bins.size() + 2000; ++k) {
          const double exact = a * tau * (1 - r) * std::pow(r, static_cast<double>(k));
          const double got = k < bins.size() ? bins[k] : 0.0;
          err2 += (got - exact) * (got - exact);
          ref2 += exact * exact;
          sum += got;
        }
        const double rounding = 0.5 / (side > 0 ? p.a_plus : p.a_minus);
        const double near = bins[0] / (a * tau * (1 - r)) - 1;
        INFO("trace_inc " << inc << " tau " << tau << " side " << side << ": decay " << p.decay_pre
                          << ", bin next to zero delay " << near * 100 << " %, window " << std::sqrt(err2 / ref2) * 100
                          << " % (trace_shape_error " << shape * 100 << " %), sum " << sum << " of " << a * tau);
        REQUIRE(sum == Approx(a * tau).epsilon(rounding + 1e-3));
        REQUIRE(std::sqrt(err2 / ref2) <= shape + rounding + 1e-3);
        if (tau == 20.0) CHECK(std::abs(near) < 0.06);
      }
    }
  }
  // The decays of decay_from_tau, sums kept: 14, 25 and 44 % above next to zero delay.
  for (auto [inc, above] : std::vector<std::pair<int32_t, double>>{{255, 0.144}, {128, 0.247}, {64, 0.439}}) {
    int64_t sum = 0;
    for (int32_t x = inc; x > 0; x = fx::decay(x, 200)) sum += x;
    const double bin0 = 20.0 * inc / static_cast<double>(sum);  // sum kept at A tau / dt, A = 1
    CHECK(bin0 / (20.0 * 200 / 4096.0) - 1 == Approx(above).margin(0.01));
  }
  CHECK(trace_decay_for(20.0, 1.0, 128) == 146);
  CHECK(trace_decay_for(20.0, 1.0, 255) == 170);
  CHECK_THROWS_WITH(trace_decay_for(kInfinity, 1.0, 128), Contains("infinite"));
  CHECK_THROWS_WITH(trace_decay_for(20.0, 1.0, 0), Contains("trace_inc"));
}

TEST_CASE("STDP bins from Brian2's classic rule", "[model][units]") {
  StdpSpec b;
  b.a_plus = 0.5;    // dApre
  b.a_minus = 0.6;   // |dApost|
  b.tau_plus = 20;
  b.tau_minus = 30;
  b.dt = 1;
  const StdpSpec bins = stdp_bins_from_brian2(b);
  CHECK(bins.a_plus == Approx(0.5 * std::exp(-1.0 / 20)).epsilon(1e-15));
  CHECK(bins.a_minus == 0.6);
  CHECK(bins.tau_plus == 20);
  CHECK(bins.tau_minus == 30);
  b.a_minus = -1;
  CHECK_THROWS_WITH(stdp_bins_from_brian2(b), Contains("a_minus"));
}

TEST_CASE("Brian2's classic rule at a fine dt keeps Brian2's window sums", "[model][units]") {
  for (double dt : {0.1, 1.0}) {
    StdpSpec b;
    b.a_plus = 1.27;    // dApre
    b.a_minus = 1.3335;  // |dApost|
    b.tau_plus = 20;
    b.tau_minus = 30;
    b.dt = dt;
    b.trace_inc = 16;
    b.trace_bits = 24;
    const StdpSpec rule = stdp_rule_from_brian2(b);
    // Brian2's discrete window: dApre r+^k for k >= 0, |dApost| r-^k for k >= 1.
    double pot = 0, dep = 0;
    for (int k = 0; k < 100000; ++k) {
      pot += b.a_plus * std::exp(-k * dt / b.tau_plus);
      dep += k >= 1 ? b.a_minus * std::exp(-k * dt / b.tau_minus) : 0.0;
    }
    INFO("dt " << dt);
    CHECK(rule.a_plus * rule.tau_plus / dt == Approx(pot).epsilon(1e-9));
    CHECK(rule.a_minus * rule.tau_minus / dt == Approx(dep).epsilon(1e-9));
    CHECK(rule.trace_bits == 24);
    const StdpWindowSums sums = stdp_window_sums(stdp_from_rule(rule));
    const StdpParams p = stdp_from_rule(rule);
    CHECK(sums.potentiation == Approx(pot).epsilon(0.5 / p.a_plus + 1e-3));
    CHECK(sums.depression == Approx(dep).epsilon(0.5 / p.a_minus + 1e-3));
  }
  // Song's rule at dt = 0.1 ms: Brian2's balance is 1.05 * r / 1 = 1.0448.
  StdpSpec song;
  song.a_plus = 1;
  song.a_minus = 1.05;
  song.dt = 0.1;
  const StdpSpec r = stdp_rule_from_brian2(song);
  CHECK(r.a_minus / r.a_plus == Approx(1.05 * std::exp(-0.1 / 20)).epsilon(1e-12));
  song.a_minus = -1;
  CHECK_THROWS_WITH(stdp_rule_from_brian2(song), Contains("a_minus"));
}

TEST_CASE("window sums follow the truncated traces", "[model][units]") {
  StdpParams p;
  p.a_plus = 4;
  p.a_minus = 2;
  p.shift = 1;
  p.trace_inc_pre = 64;
  p.trace_inc_post = 64;
  p.decay_pre = 200;
  p.decay_post = 4095;
  // Post: 64 is gone after one decay at 4095 (64 * 1 >> 12 = 0): the sum is 64.
  CHECK(stdp_window_sums(p).depression == 2 * 64 / 2.0);
  int64_t sum = 0;
  for (int32_t x = 64; x > 0; x = fx::decay(x, 200)) sum += x;
  CHECK(stdp_window_sums(p).potentiation == 4.0 * static_cast<double>(sum) / 2);
}

TEST_CASE("with 24-bit traces stdp_from_rule follows a 200-step window that 8-bit traces cannot",
          "[model][units][wide]") {
  // tau = 20 ms at dt = 0.1 ms (docs/model.md "STDP", the table of trace_inc):
  // the window error is at most trace_shape_error plus the amplitude
  // rounding, each side sums to A tau / dt, and trace_shape_error is within
  // the documented bound for each increment; 8-bit traces are off by more
  // than the window itself.
  const double tau = 20.0, dt = 0.1;
  // With 24-bit traces the truncation no longer shapes the window: what is
  // left is the 12-bit decay's resolution (decay 20 is tau = 204.3 steps).
  const std::vector<std::pair<int32_t, double>> bounds = {{8, 0.016}, {16, 0.016}, {64, 0.016}, {128, 0.016}, {255, 0.016}};
  for (auto [inc, bound] : bounds) {
    StdpSpec rule;
    rule.a_plus = 1.27;  // Song's 0.01 w_max at w_max = 127 steps
    rule.a_minus = 1.05 * 1.27;
    rule.tau_plus = rule.tau_minus = tau;
    rule.dt = dt;
    rule.trace_inc = inc;
    rule.trace_bits = 24;
    const StdpParams p = stdp_from_rule(rule);
    REQUIRE(p.trace_bits == 24);
    REQUIRE(p.decay_pre == trace_decay_for(tau, dt, inc, 24));
    const double shape = trace_shape_error(inc, p.decay_pre, tau, dt, 24);
    INFO("trace_inc " << inc << ": decay " << p.decay_pre << ", trace_shape_error " << shape * 100 << " %");
    CHECK(shape <= bound);
    for (int side : {1, -1}) {
      const double a = side > 0 ? rule.a_plus : rule.a_minus;
      const double r = std::exp(-dt / tau);
      const auto bins = integer_window(p, side);
      double err2 = 0, ref2 = 0, sum = 0;
      for (size_t k = 0; k < bins.size() + 20000; ++k) {
        const double exact = a * tau / dt * (1 - r) * std::pow(r, static_cast<double>(k));
        const double got = k < bins.size() ? bins[k] : 0.0;
        err2 += (got - exact) * (got - exact);
        ref2 += exact * exact;
        sum += got;
      }
      const double rounding = 0.5 / (side > 0 ? p.a_plus : p.a_minus);
      INFO("side " << side << ": window " << std::sqrt(err2 / ref2) * 100 << " %, sum " << sum << " of "
                   << a * tau / dt);
      REQUIRE(sum == Approx(a * tau / dt).epsilon(rounding + 1e-3));
      REQUIRE(std::sqrt(err2 / ref2) <= shape + rounding + 1e-3);
      const StdpWindowSums sums = stdp_window_sums(p);
      REQUIRE((side > 0 ? sums.potentiation : sums.depression) == Approx(sum).epsilon(1e-9));
    }
    // 8-bit traces: the truncation empties the trace long before the window ends.
    const int32_t d8 = trace_decay_for(tau, dt, inc, 8);
    CHECK(trace_shape_error(inc, d8, tau, dt, 8) > 0.5);
  }
  CHECK_THROWS_WITH(trace_decay_for(tau, dt, 128, 12), Contains("trace_bits = 12"));
  StdpSpec bad;
  bad.a_plus = 1;
  bad.trace_bits = 9;
  CHECK_THROWS_WITH(stdp_from_rule(bad), Contains("neither 8 nor 24"));
}

TEST_CASE("with 24-bit traces stdp_from_rule represents both sums within 0.3 %", "[model][units][wide]") {
  // Song's rule as Brian2 computes it at dt = 0.1 ms (balance 1.0448), and
  // random amplitudes and time constants: each side's sum A tau / dt within
  // 0.3 % (Song's within 0.1 %), each increment in [ceil(trace_inc / 2), trace_inc]. One 8-bit
  // amplitude with both increments at trace_inc (stdp_from_spec) is up to
  // 0.5 / a off: 0.3 % at a = 159, which moved Song's rate by 8 %.
  StdpSpec song;
  song.a_plus = 1.27;
  song.a_minus = 1.05 * 1.27;
  song.dt = 0.1;
  song.trace_inc = 16;
  song.w_min = 0;
  song.w_max = 127;
  song.trace_bits = 24;
  std::vector<StdpSpec> rules = {stdp_rule_from_brian2(song)};
  const uint64_t seed = test::test_seed("wide conversion");
  test::Rng rng(seed);
  INFO("seed " << seed);
  // Amplitudes within a factor 2 of each other, as in published rules: the
  // shift is shared, so a much smaller side gets a small integer amplitude.
  std::uniform_real_distribution<double> amp(0.05, 5.0), ratio(0.5, 2.0), tau(2.0, 60.0);
  std::uniform_int_distribution<int> inc(8, 255);
  for (int k = 0; k < 40; ++k) {
    StdpSpec r = song;
    r.a_plus = amp(rng);
    r.a_minus = r.a_plus * ratio(rng);
    r.tau_plus = tau(rng);
    r.tau_minus = tau(rng);
    r.trace_inc = inc(rng);
    rules.push_back(r);
  }
  for (const StdpSpec& r : rules) {
    const StdpParams p = stdp_from_rule(r);
    const StdpWindowSums sums = stdp_window_sums(p);
    INFO("a+ " << r.a_plus << " a- " << r.a_minus << " tau+ " << r.tau_plus << " tau- " << r.tau_minus
               << " trace_inc " << r.trace_inc << " -> a_plus " << p.a_plus << " a_minus " << p.a_minus
               << " shift " << p.shift << " inc " << p.trace_inc_pre << "/" << p.trace_inc_post);
    CHECK(p.trace_bits == 24);
    CHECK(sums.potentiation == Approx(r.a_plus * r.tau_plus / r.dt).epsilon(0.003));
    CHECK(sums.depression == Approx(r.a_minus * r.tau_minus / r.dt).epsilon(0.003));
    for (int32_t i : {p.trace_inc_pre, p.trace_inc_post}) {
      CHECK(i >= (r.trace_inc + 1) / 2);
      CHECK(i <= r.trace_inc);
    }
  }
  // Song's: both sums within 0.1 % and the balance within 0.02 %, where stdp_from_spec's one amplitude
  // per side (both increments 16) is 0.3 % off in the balance.
  const StdpParams p = stdp_from_rule(rules[0]);
  CHECK(stdp_window_sums(p).potentiation == Approx(rules[0].a_plus * 200).epsilon(0.001));
  CHECK(stdp_window_sums(p).depression == Approx(rules[0].a_minus * 200).epsilon(0.001));
  CHECK(stdp_window_sums(p).balance() == Approx(1.05 * std::exp(-0.1 / 20)).epsilon(0.0002));
}

TEST_CASE("current_jump_mean keeps the PSP's sum with the represented decays", "[model][units]") {
  for (double dt : {0.1, 0.5, 1.0}) {
    for (auto [ts, tm] : {std::pair{5.0, 10.0}, std::pair{5.0, 20.0}, std::pair{2.0, 20.0}, std::pair{kInfinity, 20.0}}) {
      if (std::isinf(ts)) {
        CHECK(current_jump_mean(0.5, ts, tm, dt) ==
              Approx(current_jump(0.5, ts, tm, dt) * decay_from_tau(tm, dt) / 4096.0 / -std::expm1(-dt / tm)));
        continue;
      }
      // The PSP of a jump J with per-step keeps ku, kv sums to J / ((1 - ku) (1 - kv)).
      auto psp_sum = [](double jump, double ku, double kv) {
        double u = jump, v = 0, sum = 0;
        for (int n = 0; n < 200000; ++n) {
          v = v * kv + u;
          sum += v;
          u *= ku;
        }
        return sum;
      };
      const double exact = psp_sum(current_jump(0.5, ts, tm, dt), std::exp(-dt / ts), std::exp(-dt / tm));
      const double represented = psp_sum(current_jump_mean(0.5, ts, tm, dt), 1 - decay_from_tau(ts, dt) / 4096.0,
                                         1 - decay_from_tau(tm, dt) / 4096.0);
      INFO("dt " << dt << " tau_syn " << ts << " tau_mem " << tm);
      CHECK(represented == Approx(exact).epsilon(1e-6));
    }
  }
  // The case of docs/model.md: Song's neuron at dt = 0.1 ms.
  CHECK(current_jump_mean(0.5, 5, 10, 0.1) / current_jump(0.5, 5, 10, 0.1) == Approx(1.0047).margin(1e-4));
  CHECK_THROWS(current_jump_mean(0.5, 5, 10, 0));
}

}  // namespace
}  // namespace synfire::units
