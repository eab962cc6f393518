#include "units.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "fixed_point.hpp"

namespace synfire::units {

namespace {

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

std::string num(double x) {
  std::ostringstream s;
  s.precision(6);
  s << x;
  return s.str();
}

void check_trace_bits(int trace_bits) {
  if (trace_bits != fx::kTraceBits && trace_bits != fx::kWideTraceBits) {
    fail("trace_bits = " + std::to_string(trace_bits) + " is neither 8 nor 24");
  }
}

void check_dt(double dt) {
  if (!(dt > 0) || !std::isfinite(dt)) fail("dt = " + num(dt) + " must be a positive finite time step");
}

void check_lsb(double lsb) {
  if (!(lsb > 0) || !std::isfinite(lsb)) fail("lsb = " + num(lsb) + " must be positive and finite");
}

}  // namespace

int32_t decay_from_tau(double tau, double dt) {
  check_dt(dt);
  if (std::isinf(tau) && tau > 0) return 0;
  if (!(tau > 0) || std::isnan(tau)) fail("tau = " + num(tau) + " must be positive (or infinity for no decay)");
  // -expm1(-x) = 1 - exp(-x), accurate for small x.
  const double d = std::round(fx::kDecayOne * -std::expm1(-dt / tau));
  if (d > fx::kDecayMax) {
    fail("tau = " + num(tau) + " is too short for dt = " + num(dt) +
         ": the decay rounds to 4096 (everything lost in one step); tau must exceed dt / ln(8192) = " +
         num(dt / std::log(2.0 * fx::kDecayOne)));
  }
  if (d < 1) {
    fail("tau = " + num(tau) + " is too long for dt = " + num(dt) +
         ": the decay rounds to 0 (no decay at all); use tau = infinity for no decay, or tau <= " +
         num(-dt / std::log1p(-1.0 / (2.0 * fx::kDecayOne))));
  }
  return static_cast<int32_t>(d);
}

double tau_from_decay(int32_t d, double dt) {
  check_dt(dt);
  if (d < 0 || d > fx::kDecayMax) fail("decay " + std::to_string(d) + " is outside [0, 4095]");
  if (d == 0) return kInfinity;
  return -dt / std::log1p(-static_cast<double>(d) / fx::kDecayOne);
}

double tau_relative_error(double tau, double dt) {
  const int32_t d = decay_from_tau(tau, dt);
  if (d == 0) return 0.0;  // tau = infinity is exact
  return (tau_from_decay(d, dt) - tau) / tau;
}

int32_t steps_from_duration(double duration, double dt) {
  check_dt(dt);
  if (!(duration >= 0) || !std::isfinite(duration)) {
    fail("duration " + num(duration) + " must be non-negative and finite");
  }
  const double steps = std::round(duration / dt);
  if (steps > fx::kRefractoryMax) {
    fail("duration " + num(duration) + " is " + num(steps) + " steps of dt = " + num(dt) +
         ", more than the largest 255");
  }
  return static_cast<int32_t>(steps);
}

int32_t potential_from_value(double value, double lsb, const std::string& what) {
  check_lsb(lsb);
  if (!std::isfinite(value)) fail(what + " = " + num(value) + " is not finite");
  const double x = std::round(value / lsb);
  if (x < fx::kPotentialMin || x > fx::kPotentialMax) {
    fail(what + " = " + num(value) + " is " + num(x) + " steps of lsb = " + num(lsb) +
         ", outside the signed 24-bit range [-8388608, 8388607]; use a larger lsb");
  }
  return static_cast<int32_t>(x);
}

int weight_exp_for(double max_abs_weight, double lsb, int weight_bits) {
  check_lsb(lsb);
  if (weight_bits < fx::kWeightBitsMin || weight_bits > fx::kWeightBitsMax) {
    fail("weight_bits = " + std::to_string(weight_bits) + " is outside [2, 8]");
  }
  if (!(max_abs_weight >= 0) || !std::isfinite(max_abs_weight)) {
    fail("largest weight " + num(max_abs_weight) + " must be non-negative and finite");
  }
  // The negative end has one more step, but a weight of either sign must fit.
  const double limit = (1 << (weight_bits - 1)) - 1;
  for (int e = 0; e <= fx::kWeightExpMax; ++e) {
    if (std::round(max_abs_weight / (lsb * std::ldexp(1.0, e))) <= limit) return e;
  }
  fail("largest weight " + num(max_abs_weight) + " needs more than " + std::to_string(weight_bits) +
       "-bit weights at exponent 8 (lsb = " + num(lsb) + "); use a larger lsb or more weight bits");
}

int8_t weight_from_value(double w, double lsb, int exp, int weight_bits) {
  check_lsb(lsb);
  if (exp < 0 || exp > fx::kWeightExpMax) fail("weight exponent " + std::to_string(exp) + " is outside [0, 8]");
  if (weight_bits < fx::kWeightBitsMin || weight_bits > fx::kWeightBitsMax) {
    fail("weight_bits = " + std::to_string(weight_bits) + " is outside [2, 8]");
  }
  if (!std::isfinite(w)) fail("weight " + num(w) + " is not finite");
  const double x = std::round(w / (lsb * std::ldexp(1.0, exp)));
  const int lo = -(1 << (weight_bits - 1));
  const int hi = (1 << (weight_bits - 1)) - 1;
  if (x < lo || x > hi) {
    fail("weight " + num(w) + " is " + num(x) + " steps of lsb * 2^" + std::to_string(exp) +
         ", outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int8_t>(x);
}

namespace {

void check_weight_bounds(const StdpSpec& spec) {
  if (spec.w_min < -128 || spec.w_max > 127 || spec.w_min > spec.w_max) {
    fail("w_min = " + std::to_string(spec.w_min) + ", w_max = " + std::to_string(spec.w_max) +
         " must satisfy -128 <= w_min <= w_max <= 127");
  }
}

}  // namespace

StdpParams stdp_from_spec(const StdpSpec& spec) {
  if (spec.trace_inc < 1 || spec.trace_inc > fx::kTraceMax) {
    fail("trace_inc = " + std::to_string(spec.trace_inc) + " is outside [1, 255]");
  }
  check_trace_bits(spec.trace_bits);
  for (const auto& [name, a] : {std::pair{"a_plus", spec.a_plus}, std::pair{"a_minus", spec.a_minus}}) {
    if (!(a >= 0) || !std::isfinite(a)) fail(std::string(name) + " = " + num(a) + " must be non-negative and finite");
    if (std::round(a / spec.trace_inc) > fx::kStdpAmplitudeMax) {
      fail(std::string(name) + " = " + num(a) + " weight steps is above the largest " +
           num(fx::kStdpAmplitudeMax * spec.trace_inc) + " (255 * trace_inc)");
    }
  }
  StdpParams p;
  p.decay_pre = decay_from_tau(spec.tau_plus, spec.dt);
  p.decay_post = decay_from_tau(spec.tau_minus, spec.dt);
  p.trace_inc_pre = spec.trace_inc;
  p.trace_inc_post = spec.trace_inc;
  p.trace_bits = spec.trace_bits;
  int shift = fx::kStdpShiftMax;
  const double larger = std::max(spec.a_plus, spec.a_minus);
  while (shift > 0 && std::round(larger * std::ldexp(1.0, shift) / spec.trace_inc) > fx::kStdpAmplitudeMax) {
    --shift;
  }
  p.shift = shift;
  auto amplitude = [&](const char* name, double a) {
    const auto x = static_cast<int32_t>(std::llround(a * std::ldexp(1.0, shift) / spec.trace_inc));
    if (a > 0 && x == 0) {
      fail(std::string(name) + " = " + num(a) + " weight steps rounds to 0 even at shift 15 (smallest " +
           num(0.5 * spec.trace_inc / std::ldexp(1.0, fx::kStdpShiftMax)) + "); raise trace_inc");
    }
    return x;
  };
  p.a_plus = amplitude("a_plus", spec.a_plus);
  p.a_minus = amplitude("a_minus", spec.a_minus);
  check_weight_bounds(spec);
  p.w_min = spec.w_min;
  p.w_max = spec.w_max;
  return p;
}

double stdp_effective_amplitude(int32_t amplitude, int32_t trace_inc, int32_t shift) {
  return static_cast<double>(amplitude) * trace_inc / std::ldexp(1.0, shift);
}

double psp_coupling(double tau_syn, double tau_mem, double dt) {
  check_dt(dt);
  if (!(tau_mem > 0) || !std::isfinite(tau_mem)) {
    fail("tau_mem = " + num(tau_mem) + " must be positive and finite");
  }
  if (!(tau_syn > 0) || std::isnan(tau_syn)) fail("tau_syn = " + num(tau_syn) + " must be positive (or infinity)");
  const double x = dt / tau_mem;
  const double kdt = (std::isinf(tau_syn) ? 0.0 : dt / tau_syn) - x;
  // (1 - exp(-y)) / y, accurate also for tiny |y|; 1 at y = 0.
  const double frac = kdt == 0.0 ? 1.0 : -std::expm1(-kdt) / kdt;
  return std::exp(-x) * frac;
}

double current_jump(double w, double tau_syn, double tau_mem, double dt) {
  if (!std::isfinite(w)) fail("weight " + num(w) + " is not finite");
  return dt / tau_mem * psp_coupling(tau_syn, tau_mem, dt) * w;
}

double current_jump_mean(double w, double tau_syn, double tau_mem, double dt) {
  const double jump = current_jump(w, tau_syn, tau_mem, dt);  // checks the arguments
  // The sum of a PSP of jump J over all steps is J / (p_u p_v): the ratio of
  // the exact and the represented per-step losses keeps it.
  auto ratio = [&](double tau) {
    if (std::isinf(tau)) return 1.0;
    return decay_from_tau(tau, dt) / static_cast<double>(fx::kDecayOne) / -std::expm1(-dt / tau);
  };
  return jump * ratio(tau_syn) * ratio(tau_mem);
}

double psp_error_bound(double w, double tau_syn, double tau_mem, double dt, double lsb, int weight_bits) {
  check_lsb(lsb);
  const double jump = current_jump(w, tau_syn, tau_mem, dt);  // model units
  if (jump == 0.0) return 0.0;
  const int e = weight_exp_for(std::abs(jump), lsb, weight_bits);
  const double step = std::ldexp(1.0, e);  // lsb per weight step
  const double j = std::abs(jump) / lsb;   // the exact jump in lsb
  const double w_int = std::round(j / step);
  const int32_t du = decay_from_tau(tau_syn, dt);
  const int32_t dv = decay_from_tau(tau_mem, dt);
  const double pu = du / static_cast<double>(fx::kDecayOne);
  const double pv = dv / static_cast<double>(fx::kDecayOne);
  // The exact PSP (in lsb) at the end of step n after the input's step:
  // v(n dt) of tau_mem dv/dt = -v + I with I jumping by |w| at t = 0.
  const double a = std::abs(w) / lsb;
  auto exact = [&](double t) {
    const double k = (std::isinf(tau_syn) ? 0.0 : 1.0 / tau_syn) - 1.0 / tau_mem;
    const double frac = k == 0.0 ? t : -std::expm1(-k * t) / k;
    return a / tau_mem * std::exp(-t / tau_mem) * frac;
  };
  // Float recursion with the represented decays and the exact jump; runs
  // until both curves have decayed below 1e-6 of the peak.
  double uf = 0, vf = 0, peak = 0, peak_f = 0, tau_part = 0;
  const double longest = std::max(std::isinf(tau_syn) ? 0.0 : tau_syn, tau_mem);
  const int64_t steps = static_cast<int64_t>(std::ceil(40.0 * longest / dt)) + 10;
  for (int64_t n = 1; n <= steps; ++n) {
    uf = uf * (1.0 - pu) + (n == 1 ? j : 0.0);
    vf = vf * (1.0 - pv) + uf;
    const double x = exact(static_cast<double>(n) * dt);
    peak = std::max(peak, x);
    peak_f = std::max(peak_f, vf);
    tau_part = std::max(tau_part, std::abs(vf - x));
  }
  if (!(peak > 0)) return kInfinity;
  const double weight_part = std::abs(w_int * step - j) / j * peak_f;
  // decay 0 (tau_syn = infinity) keeps u exactly: no loss in u. dv > 0 since tau_mem is finite.
  const double trunc_part = (1.0 + (du == 0 ? 0.0 : 1.0 / pu)) / pv;
  return (weight_part + tau_part + trunc_part) / peak;
}

double lsb_for_psp(double w, double tau_syn, double tau_mem, double dt, double max_relative_error, int weight_bits) {
  if (!(max_relative_error > 0)) fail("max_relative_error = " + num(max_relative_error) + " must be positive");
  double best_bound = kInfinity;
  for (int k = 0; k <= 40; ++k) {
    const double lsb = std::ldexp(1.0, -k);
    double b = kInfinity;
    try {
      b = psp_error_bound(w, tau_syn, tau_mem, dt, lsb, weight_bits);
    } catch (const std::invalid_argument&) {
      continue;  // the weight does not fit at this lsb (too fine: needs exponent > 8)
    }
    if (b <= max_relative_error) return lsb;
    best_bound = std::min(best_bound, b);
  }
  fail("no lsb down to 2^-40 keeps the PSP of weight " + num(w) + " (tau_syn = " + num(tau_syn) +
       ", tau_mem = " + num(tau_mem) + ", dt = " + num(dt) + ") within " + num(max_relative_error * 100) +
       " % of its peak (best " + num(best_bound * 100) +
       " %): the rounding of the time constants or of the weight dominates; use a smaller dt");
}

std::string psp_error_message(double w, double tau_syn, double tau_mem, double dt, double lsb,
                              double max_relative_error, int weight_bits) {
  const double b = psp_error_bound(w, tau_syn, tau_mem, dt, lsb, weight_bits);
  if (b <= max_relative_error) return {};
  std::string remedy;
  try {
    remedy = "lsb = " + num(lsb_for_psp(w, tau_syn, tau_mem, dt, max_relative_error, weight_bits)) + " meets it";
  } catch (const std::invalid_argument& e) {
    remedy = e.what();
  }
  return "at lsb = " + num(lsb) + " the PSP of weight " + num(w) + " (tau_syn = " + num(tau_syn) +
         ", tau_mem = " + num(tau_mem) + ", dt = " + num(dt) + ") may be off by " + num(b * 100) +
         " % of its peak, more than " + num(max_relative_error * 100) + " %; " + remedy;
}

void require_psp_error(double w, double tau_syn, double tau_mem, double dt, double lsb, double max_relative_error,
                       int weight_bits) {
  const std::string message = psp_error_message(w, tau_syn, tau_mem, dt, lsb, max_relative_error, weight_bits);
  if (!message.empty()) fail(message);
}

double voltage_jump(double w, double tau_mem, double dt) {
  check_dt(dt);
  if (!std::isfinite(w)) fail("weight " + num(w) + " is not finite");
  if (std::isinf(tau_mem) && tau_mem > 0) return w;
  if (!(tau_mem > 0) || std::isnan(tau_mem)) fail("tau_mem = " + num(tau_mem) + " must be positive (or infinity)");
  return std::exp(-dt / tau_mem) * w;
}

namespace {

void check_amplitude(const char* name, double a) {
  if (!(a >= 0) || !std::isfinite(a)) fail(std::string(name) + " = " + num(a) + " must be non-negative and finite");
}

}  // namespace

StdpSpec stdp_bins_from_rule(const StdpSpec& rule) {
  check_amplitude("a_plus", rule.a_plus);
  check_amplitude("a_minus", rule.a_minus);
  StdpSpec bins = rule;
  // The bin average of A exp(-s / tau) over a step is A * tau * (1 - exp(-dt / tau)) / dt;
  // with the represented decay p in place of 1 - exp(-dt / tau) the geometric
  // bins a (1 - p)^D sum to A * tau / dt exactly, whatever the rounding of p.
  auto bin = [&](double a, double tau) {
    const int32_t d = decay_from_tau(tau, rule.dt);
    if (d == 0) fail("tau = infinity has an infinite STDP window");
    return a * tau / rule.dt * (static_cast<double>(d) / fx::kDecayOne);
  };
  bins.a_plus = bin(rule.a_plus, rule.tau_plus);
  bins.a_minus = bin(rule.a_minus, rule.tau_minus);
  return bins;
}

StdpSpec stdp_bins_from_brian2(const StdpSpec& brian2) {
  check_amplitude("a_plus (dApre)", brian2.a_plus);
  check_amplitude("a_minus (|dApost|)", brian2.a_minus);
  check_dt(brian2.dt);
  decay_from_tau(brian2.tau_plus, brian2.dt);  // throws for an unrepresentable tau
  StdpSpec bins = brian2;
  bins.a_plus = brian2.a_plus * std::exp(-brian2.dt / brian2.tau_plus);
  return bins;
}

StdpSpec stdp_rule_from_brian2(const StdpSpec& brian2) {
  check_amplitude("a_plus (dApre)", brian2.a_plus);
  check_amplitude("a_minus (|dApost|)", brian2.a_minus);
  check_dt(brian2.dt);
  decay_from_tau(brian2.tau_plus, brian2.dt);  // throws for an unrepresentable tau
  decay_from_tau(brian2.tau_minus, brian2.dt);
  StdpSpec rule = brian2;
  // A continuous side A exp(-s / tau) sums to A tau / dt in stdp_from_rule;
  // Brian2's discrete sides are geometric series.
  const double one_minus_rp = -std::expm1(-brian2.dt / brian2.tau_plus);
  const double one_minus_rm = -std::expm1(-brian2.dt / brian2.tau_minus);
  rule.a_plus = brian2.a_plus * brian2.dt / brian2.tau_plus / one_minus_rp;
  rule.a_minus = brian2.a_minus * brian2.dt / brian2.tau_minus * (1 - one_minus_rm) / one_minus_rm;
  return rule;
}

namespace {

// The sum over all steps of a `trace_bits`-bit trace after one event, with
// truncating decays (docs/model.md "Traces"), as the STDP product reads it
// (fx::stdp_trace: a 24-bit trace starts at inc * 65536 and is read as
// x >> 8, from inc * 256); infinite for decay 0.
double trace_sum(int32_t inc, int32_t decay, int trace_bits) {
  if (decay == 0) return inc > 0 ? kInfinity : 0.0;
  int64_t sum = 0;
  for (int32_t x = fx::trace_update(0, 0, true, std::min(inc, fx::kTraceMax), trace_bits); x > 0;
       x = fx::decay(x, decay)) {
    sum += fx::stdp_trace(x, trace_bits);
  }
  return static_cast<double>(sum);
}

}  // namespace

StdpWindowSums stdp_window_sums(const StdpParams& p) {
  auto side = [&](int32_t amplitude, int32_t inc, int32_t decay) {
    if (inc <= 0 || amplitude <= 0) return 0.0;
    return static_cast<double>(amplitude) * trace_sum(inc, decay, p.trace_bits) /
           std::ldexp(1.0, p.shift + fx::stdp_frac_bits(p.trace_bits));
  };
  return {side(p.a_plus, p.trace_inc_pre, p.decay_pre), side(p.a_minus, p.trace_inc_post, p.decay_post)};
}

double trace_shape_error(int32_t inc, int32_t decay, double tau, double dt, int trace_bits) {
  check_dt(dt);
  check_trace_bits(trace_bits);
  if (inc < 1 || inc > fx::kTraceMax) fail("trace_inc = " + std::to_string(inc) + " is outside [1, 255]");
  if (decay < 1 || decay > fx::kDecayMax) fail("decay " + std::to_string(decay) + " is outside [1, 4095]");
  if (!(tau > 0) || !std::isfinite(tau)) fail("tau = " + num(tau) + " must be positive and finite");
  // e(D) = r^D: sum e = 1 / (1 - r), sum e^2 = 1 / (1 - r^2) in closed form;
  // the trace is 0 after at most inc * 2^(trace_bits - 8) steps (it loses at
  // least 1 per step). The shape is the trace as the STDP product reads it.
  const double r = std::exp(-dt / tau);
  const double sum_e = 1.0 / -std::expm1(-dt / tau);
  const double sum_e2 = 1.0 / -std::expm1(-2.0 * dt / tau);
  double sum_x = 0, sum_x2 = 0, sum_xe = 0, e = 1;
  for (int32_t x = inc << fx::trace_frac_bits(trace_bits); x > 0; x = fx::decay(x, decay), e *= r) {
    const double v = fx::stdp_trace(x, trace_bits);
    sum_x += v;
    sum_x2 += v * v;
    sum_xe += v * e;
  }
  const double s = sum_e / sum_x;
  const double err2 = s * s * sum_x2 - 2.0 * s * sum_xe + sum_e2;
  return std::sqrt(std::max(err2, 0.0) / sum_e2);
}

int32_t trace_decay_for(double tau, double dt, int32_t inc, int trace_bits) {
  const int32_t nominal = decay_from_tau(tau, dt);
  if (nominal == 0) fail("tau = infinity has an infinite STDP window");
  if (inc < 1 || inc > fx::kTraceMax) fail("trace_inc = " + std::to_string(inc) + " is outside [1, 255]");
  check_trace_bits(trace_bits);
  int32_t best = nominal;
  double best_error = trace_shape_error(inc, nominal, tau, dt, trace_bits);
  for (int32_t d = nominal - 1; d >= 1; --d) {
    const double e = trace_shape_error(inc, d, tau, dt, trace_bits);
    if (e < best_error) {
      best_error = e;
      best = d;
    }
  }
  return best;
}

namespace {

// stdp_from_rule with 24-bit traces. Each side's bin amplitude is
// a * trace_inc / 2^shift, two 8-bit integers, and a 24-bit trace's
// increment only sets how many quick events it counts before it saturates
// (its shape is the same for every increment). So each side's increment is
// chosen in [ceil(trace_inc / 2), trace_inc], with the shift, for the
// balance A- tau- / (A+ tau+) closest to the rule's, each sum's own error
// counting a tenth: one 8-bit amplitude per side is 0.3 % coarse, and Song's
// experiment moves its output rate by 10 % for a 0.6 % change of the
// balance (docs/model.md, "Checked against Brian2").
StdpParams wide_stdp_from_rule(const StdpSpec& rule, int32_t decay_pre, int32_t decay_post) {
  const double want_pre = rule.a_plus * rule.tau_plus / rule.dt;
  const double want_post = rule.a_minus * rule.tau_minus / rule.dt;
  struct Choice {
    int32_t inc, amplitude;
    double error;  // signed, relative to the wanted sum
  };
  // Each candidate increment's trace sum (the window of amplitude 1 at
  // shift -stdp_frac_bits), from trace_inc down.
  const int32_t lowest = (rule.trace_inc + 1) / 2;
  auto sums = [&](int32_t decay) {
    std::vector<double> out;
    for (int32_t inc = rule.trace_inc; inc >= lowest; --inc) out.push_back(trace_sum(inc, decay, rule.trace_bits));
    return out;
  };
  const std::vector<double> sums_pre = sums(decay_pre), sums_post = sums(decay_post);
  // The representable choices of one side at one shift.
  auto choices = [&](double want, const std::vector<double>& sum, int shift) {
    std::vector<Choice> out;
    for (int32_t inc = rule.trace_inc; inc >= lowest; --inc) {
      const double unit = sum[static_cast<size_t>(rule.trace_inc - inc)] /
                          std::ldexp(1.0, shift + fx::stdp_frac_bits(rule.trace_bits));
      const double a = std::round(want / unit);
      if (a > fx::kStdpAmplitudeMax || (want > 0 && a == 0)) continue;
      out.push_back({inc, static_cast<int32_t>(a), want > 0 ? (a * unit - want) / want : 0.0});
    }
    return out;
  };
  StdpParams p;
  p.trace_bits = rule.trace_bits;
  p.decay_pre = decay_pre;
  p.decay_post = decay_post;
  p.w_min = rule.w_min;
  p.w_max = rule.w_max;
  const bool both = want_pre > 0 && want_post > 0;
  double best_error = kInfinity;
  for (int shift = fx::kStdpShiftMax; shift >= 0; --shift) {
    const std::vector<Choice> pre = choices(want_pre, sums_pre, shift);
    const std::vector<Choice> post = choices(want_post, sums_post, shift);
    for (const Choice& a : pre) {
      for (const Choice& b : post) {
        const double balance = both ? std::abs((1 + b.error) / (1 + a.error) - 1) : 0.0;
        const double error = balance + 0.1 * std::max(std::abs(a.error), std::abs(b.error));
        if (error < best_error) {
          best_error = error;
          p.shift = shift;
          p.a_plus = a.amplitude;
          p.trace_inc_pre = a.inc;
          p.a_minus = b.amplitude;
          p.trace_inc_post = b.inc;
        }
      }
    }
  }
  if (!std::isfinite(best_error)) {
    fail("a_plus = " + num(rule.a_plus) + ", a_minus = " + num(rule.a_minus) +
         " weight steps have no 8-bit amplitudes at one shift in [0, 15] with trace_inc " +
         std::to_string(rule.trace_inc) + " (a bin is at most 255 * trace_inc and at least trace_inc / 2^16)");
  }
  return p;
}

}  // namespace

StdpParams stdp_from_rule(const StdpSpec& rule) {
  check_amplitude("a_plus", rule.a_plus);
  check_amplitude("a_minus", rule.a_minus);
  if (rule.trace_inc < 1 || rule.trace_inc > fx::kTraceMax) {
    fail("trace_inc = " + std::to_string(rule.trace_inc) + " is outside [1, 255]");
  }
  check_dt(rule.dt);
  check_trace_bits(rule.trace_bits);
  const int32_t decay_pre = trace_decay_for(rule.tau_plus, rule.dt, rule.trace_inc, rule.trace_bits);
  const int32_t decay_post = trace_decay_for(rule.tau_minus, rule.dt, rule.trace_inc, rule.trace_bits);
  // Bin amplitudes (the mean change at D = 0 and D = -1) at which each side
  // of the integer window, amplitude * trace_sum / first trace value, is A * tau / dt.
  if (rule.trace_bits == fx::kWideTraceBits) return wide_stdp_from_rule(rule, decay_pre, decay_post);
  StdpSpec bins = rule;
  const double first = std::ldexp(rule.trace_inc, fx::stdp_frac_bits(rule.trace_bits));
  bins.a_plus = rule.a_plus * rule.tau_plus / rule.dt * first / trace_sum(rule.trace_inc, decay_pre, rule.trace_bits);
  bins.a_minus = rule.a_minus * rule.tau_minus / rule.dt * first / trace_sum(rule.trace_inc, decay_post, rule.trace_bits);
  StdpParams p = stdp_from_spec(bins);
  p.decay_pre = decay_pre;
  p.decay_post = decay_post;
  return p;
}

NeuronParams neuron_from_spec(const LifSpec& s) {
  NeuronParams p;
  p.decay_u = decay_from_tau(s.tau_u, s.dt);
  p.decay_v = decay_from_tau(s.tau_v, s.dt);
  p.threshold = potential_from_value(s.threshold, s.lsb, "threshold");
  p.v_reset = potential_from_value(s.v_reset, s.lsb, "v_reset");
  p.bias = potential_from_value(s.bias, s.lsb, "bias");
  p.refractory = steps_from_duration(s.refractory, s.dt);
  p.adapt_step = potential_from_value(s.adapt_step, s.lsb, "adapt_step");
  if (p.adapt_step < 0) fail("adapt_step = " + num(s.adapt_step) + " must be non-negative");
  p.decay_adapt = decay_from_tau(s.tau_adapt, s.dt);
  return p;
}

}  // namespace synfire::units
