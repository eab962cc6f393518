// Mapping physical parameters (time constants in ms, durations, potentials
// and weights in the user's model units, STDP amplitudes) to the integers of
// a synfire network, for users converting a Brian2 or NIR model.
// docs/model.md ("From physical parameters to integers") explains each
// mapping and its quantisation error. Every function throws
// std::invalid_argument, with a message naming the value and the limit, for
// a value that cannot be represented; none of them prints or exits.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "network.hpp"

namespace synfire::units {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The decay integer of time constant tau at step dt (same time unit):
// round(4096 * (1 - exp(-dt / tau))). tau = kInfinity gives 0 (no decay).
// Throws if dt or tau is not positive, or if tau is so short that the decay
// rounds to 4096 or so long that it rounds to 0.
int32_t decay_from_tau(double tau, double dt);

// The time constant a decay integer represents: -dt / ln(1 - d / 4096),
// kInfinity for d = 0. Throws for d outside [0, 4095] or dt not positive.
double tau_from_decay(int32_t d, double dt);

// Relative error (tau_eff - tau) / tau of the time constant actually
// represented by decay_from_tau(tau, dt). Throws as decay_from_tau does.
double tau_relative_error(double tau, double dt);

// A duration (a refractory period) in whole steps: round(duration / dt), in
// [0, 255]. Throws for a negative duration or one longer than 255 steps.
// Brian2's `refractory = R` corresponds to a duration of R - dt (docs/model.md).
int32_t steps_from_duration(double duration, double dt);

// A potential-like quantity (threshold, v_reset, bias per step, adaptation
// step) in model units as an integer: round(value / lsb), where lsb is the
// model units of one integer step. Throws if it does not fit in signed
// 24 bits; `what` names the quantity in the message.
int32_t potential_from_value(double value, double lsb, const std::string& what);

// The weight exponent for weights up to max_abs_weight (model units, the
// jump of u per spike): the smallest e in [0, 8] at which
// round(max_abs_weight / (lsb * 2^e)) fits a signed weight_bits-bit weight,
// i.e. the finest weight step lsb * 2^e that still fits. Throws if even
// e = 8 is not enough.
int weight_exp_for(double max_abs_weight, double lsb, int weight_bits);

// A weight in model units as an integer: round(w / (lsb * 2^exp)). Throws if
// outside the signed weight_bits-bit range.
int8_t weight_from_value(double w, double lsb, int exp, int weight_bits);

// The exact coupling of an exponentially decaying current into v over one
// step (docs/model.md "Weights"): for a current-based neuron
// tau_mem dv/dt = v_leak - v + I, tau_syn dI/dt = -I, a current I at the
// start of a step adds (dt / tau_mem) * c * I to v by the end of it, with
//     c = exp(-dt / tau_mem) * (1 - exp(-k dt)) / (k dt),  k = 1/tau_syn - 1/tau_mem
// (c = exp(-dt / tau_mem) for k = 0; tau_syn = kInfinity is a constant
// current, c = (1 - exp(-dt / tau_mem)) / (dt / tau_mem)). Throws for a
// time constant or dt that is not positive, or tau_mem = kInfinity.
double psp_coupling(double tau_syn, double tau_mem, double dt);

// The u jump (model units) of a current-based synapse that adds w to I on a
// spike (Brian2's `I += w` with dv/dt = (v_leak - v + I) / tau_mem):
// (dt / tau_mem) * psp_coupling(tau_syn, tau_mem, dt) * w. With it, and the
// input spikes of step s delivered at synfire step s + 1 (NIR's and Brian2's
// input first moves v in the step after the spike), synfire's v at step n is
// the exactly integrated v at the end of step n, up to quantisation.
double current_jump(double w, double tau_syn, double tau_mem, double dt);

// current_jump corrected for the rounding of the two decays (decay_from_tau):
// the jump at which the PSP with the represented decays has the same sum
// over all steps (the same mean drive: many inputs add up to the exact mean v)
// as current_jump's PSP with exact decays. current_jump times
// p_u p_v / ((1 - exp(-dt / tau_syn)) (1 - exp(-dt / tau_mem))), p = decay / 4096
// (a factor 1 for tau_syn = kInfinity). At dt = 0.1 ms, tau_syn 5 and tau_mem
// 10 ms the decays are 81 and 41 and the factor 1.0047: a neuron near its
// threshold fires 9 % less with current_jump (docs/model.md "Weights"). The
// peak moves by the same factor. Throws as current_jump does.
double current_jump_mean(double w, double tau_syn, double tau_mem, double dt);

// A bound on the error of the PSP that the model computes for a synapse
// converted with current_jump (weight w, I += w, at the given lsb), relative
// to the exact PSP's peak: the largest |v_model(n) - v_exact(n)| over all
// steps n divided by the exact peak is at most the sum of
//   - the weight's rounding: 0.5 * 2^exp / |J| of the PSP (J the integer jump
//     w_int * 2^exp in lsb, exp from weight_exp_for),
//   - the rounding of the time constants: max |v_float(n) - v_exact(n)| of a
//     float recursion with the represented decays and the exact jump,
//   - the truncation of the decays: below (1 + 1 / p_u) / p_v lsb with
//     p = decay / 4096 (u loses less than 1 lsb per step, so its error stays
//     below 1 / p_u; v integrates it and its own loss), docs/model.md.
// Throws as current_jump and weight_exp_for do.
double psp_error_bound(double w, double tau_syn, double tau_mem, double dt, double lsb, int weight_bits = 8);

// The largest lsb, a power of two, at which psp_error_bound is at most
// max_relative_error (e.g. 0.01 for 1 % of the peak). Throws, naming the
// part that cannot be met (the time constants' rounding at this dt), when no
// lsb down to 2^-40 meets it.
double lsb_for_psp(double w, double tau_syn, double tau_mem, double dt, double max_relative_error,
                   int weight_bits = 8);

// The message for a conversion whose psp_error_bound at this lsb exceeds
// max_relative_error: the bound and the lsb (lsb_for_psp) that would meet it,
// or that none would; empty when the bound is met. Python's
// synfire.units.check_psp_error issues it as a UserWarning. Throws as
// psp_error_bound does.
std::string psp_error_message(double w, double tau_syn, double tau_mem, double dt, double lsb,
                              double max_relative_error, int weight_bits = 8);

// Throws std::invalid_argument with psp_error_message when psp_error_bound at
// this lsb exceeds max_relative_error. For a conversion that must keep its
// PSP within a bound.
void require_psp_error(double w, double tau_syn, double tau_mem, double dt, double lsb, double max_relative_error,
                       int weight_bits = 8);

// The u jump of a synapse that jumps v by w directly (Brian2's `v += w`, a
// NIR LIF's R * w / tau for a spike): exp(-dt / tau_mem) * w, delivered one
// step later as above, with decay_u = 4095 (u lasts one step).
// tau_mem = kInfinity (no leak: an IF neuron) gives w.
double voltage_jump(double w, double tau_mem, double dt);

// Pair-based STDP in physical form. Amplitudes are in weight steps (integer
// weight units; divide a weight change in model units by lsb * 2^exp first).
struct StdpSpec {
  double a_plus = 0;     // potentiation of a pairing with post at the step of pre delivery
  double a_minus = 0;    // depression of a pairing with pre delivered one step after post
  double tau_plus = 20;  // presynaptic trace time constant
  double tau_minus = 20; // postsynaptic trace time constant
  double dt = 1;
  int32_t trace_inc = 128; // trace increment per event, [1, 255]; 255 / trace_inc
                           // pairings in quick succession add up before saturation
  int32_t w_min = -128;    // bounds of plastic weights (integers)
  int32_t w_max = 127;
  int32_t trace_bits = 8;  // 8 or 24 (docs/model.md "Trace width"): 24 for decays below
                           // about 1/20 per step (tau above ~20 dt, e.g. 20 ms at dt 0.1 ms)
};

// The integer STDP parameters: decays from tau_plus/tau_minus, both trace
// increments = trace_inc, and the largest shift in [0, 15] at which
// round(a * 2^shift / trace_inc) <= 255 for both amplitudes (the finest
// amplitude resolution). Throws for a negative amplitude, one above
// 255 * trace_inc (not representable even at shift 0), a nonzero one that
// rounds to 0 even at shift 15, or bad time constants.
StdpParams stdp_from_spec(const StdpSpec& spec);

// Bin amplitudes (StdpSpec.a_plus, a_minus: the mean change at synfire's
// smallest delays, D = 0 and D = -1, docs/model.md "STDP") for a continuous
// pair rule W(s) = A+ exp(-s / tau+) for s = t_post - t_pre > 0 and
// -A- exp(s / tau-) for s < 0: each bin is W averaged over its step,
// a = A * tau * p / dt with p = decay / 4096 of the represented decay, so
// that the sum of each side of the window over all bins is A * tau / dt
// exactly and the balance A- tau- / (A+ tau+) is preserved. s = 0 falls on
// the border between D = -1 (depression) and D = 0 (potentiation); no bin is
// counted twice. The other fields of `rule` (taus, dt, trace_inc, bounds)
// are copied. Throws as stdp_from_spec does for bad time constants.
StdpSpec stdp_bins_from_rule(const StdpSpec& rule);

// Bin amplitudes for Brian2's classic rule at step dt (Apre += dApre and
// w += Apost on pre, Apost += dApost and w += Apre on post; `a_plus` = dApre,
// `a_minus` = |dApost|, both in weight steps): a_plus = dApre * exp(-dt / taupre),
// a_minus = |dApost|. Every bin with pre and post in different Brian2 steps
// is then Brian2's; Brian2's zero bin (pre and post in the same step, which
// its pre pathway counts as potentiation by dApre) is synfire's D = -1 bin,
// depression by |dApost|: the pre spike enters v one step later, so it cannot
// have caused that post spike.
StdpSpec stdp_bins_from_brian2(const StdpSpec& brian2);

// Brian2's classic rule (fields as for stdp_bins_from_brian2) as a continuous
// rule for stdp_from_rule whose integer window has the sums of Brian2's
// discrete window at its dt: potentiation dApre / (1 - r+) (the bins
// Delta >= 0, its same-step bin included), depression |dApost| r- / (1 - r-)
// (Delta <= -1), r = exp(-dt / tau). That is a_plus = dApre * (dt / tau+) /
// (1 - r+), a_minus = |dApost| * (dt / tau-) * r- / (1 - r-): at dt = 0.1 ms
// and tau = 20 ms the balance A- / A+ is Brian2's 1.0448 for Song's 1.05
// (Brian2's same-step pairs, which synfire depresses, potentiate). Use it with
// stdp_from_rule to reproduce a Brian2 simulation at a fine dt (Song's
// experiment, docs/model.md "Checked against Brian2"). Throws as
// stdp_bins_from_brian2 does.
StdpSpec stdp_rule_from_brian2(const StdpSpec& brian2);

// The two halves of the window of the integer parameters, in weight steps:
// the sum over all bins D >= 0 of the mean potentiation
// a_plus * X_pre(D) / 2^shift and over all D < 0 of the mean depression, with
// the truncated integer traces of docs/model.md ("Traces").
struct StdpWindowSums {
  double potentiation = 0;
  double depression = 0;
  double balance() const { return depression / potentiation; }  // synfire's A- tau- / A+ tau+
};
StdpWindowSums stdp_window_sums(const StdpParams& p);

// The decay of a trace of increment inc (1..255) that best follows the
// exponential exp(-D dt / tau) over D = 0, 1, ...: the d in
// [1, decay_from_tau(tau, dt)] whose truncated trace decay^D(inc) (docs/model.md
// "Traces"), scaled to the exponential's sum, has the smallest
// trace_shape_error. The truncation loses up to one per step on top of the
// decay, so decay_from_tau's decay leaves the trace below the exponential
// everywhere and ends it early; a smaller decay makes up for the loss in the
// body of the window (at tau = 20 dt: 145 instead of 200 for inc 128).
// Throws as decay_from_tau does, also for tau = kInfinity (an endless window).
// With trace_bits 24 the trace starts at inc * 65536 and the truncation's loss
// is 65536 times smaller relative to it.
int32_t trace_decay_for(double tau, double dt, int32_t inc, int trace_bits = 8);

// The relative least-squares distance of the trace decay^D(inc) from the
// exponential window exp(-D dt / tau): sqrt(sum (s X(D) - e(D))^2 / sum e(D)^2)
// over all D >= 0, with s = sum e / sum X (the scale that keeps the window's
// sum, as stdp_from_rule does). 0 would be a perfect exponential.
double trace_shape_error(int32_t inc, int32_t decay, double tau, double dt, int trace_bits = 8);

// The integer parameters of a continuous pair rule (`rule` as for
// stdp_bins_from_rule): both traces with increment trace_inc and the decays
// of trace_decay_for (not decay_from_tau: the truncated traces then follow
// the exponential window closely), and amplitudes at which each side of the
// integer window sums to A * tau / dt (stdp_window_sums), so the balance
// A- tau- / (A+ tau+) holds within the amplitude rounding (below 1 % at the
// shift stdp_from_spec's rule picks). The bins near zero delay are then
// within 4 % of the exponential for trace_inc 128 and 255 at tau = 20 dt
// (docs/model.md "STDP"; the decays of decay_from_tau put them 14-44 %
// above it once the sums are kept). A trace saturates at 255: 255 / trace_inc
// quick events add up; 128 is the default. Throws as stdp_from_spec does.
StdpParams stdp_from_rule(const StdpSpec& rule);

// The mean weight change, in weight steps, of one pairing at zero delay that
// integer amplitude `amplitude` gives: amplitude * trace_inc / 2^shift.
double stdp_effective_amplitude(int32_t amplitude, int32_t trace_inc, int32_t shift);

// A current-based LIF neuron in physical form (the discrete model of
// docs/model.md with exact-exponential decays).
struct LifSpec {
  double dt = 1;               // time step
  double tau_u = 5;            // synaptic current time constant (kInfinity: no decay)
  double tau_v = 20;           // membrane time constant (kInfinity: perfect integrator)
  double threshold = 1;        // model units
  double v_reset = 0;          // model units
  double bias = 0;             // model units added to v every step
  double refractory = 0;       // duration, same unit as dt
  double adapt_step = 0;       // threshold raise per spike, model units (0: none)
  double tau_adapt = kInfinity;
  double lsb = 1.0 / 1024;     // model units per integer step; choose it with lsb_for_psp for
                               // the smallest PSP that must be right (1/1024 mV leaves a 1 mV
                               // synapse's PSP several % low, docs/model.md)
};

// The integer parameters of one neuron. Throws as the functions above do.
NeuronParams neuron_from_spec(const LifSpec& spec);

}  // namespace synfire::units
