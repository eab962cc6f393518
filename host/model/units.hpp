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
};

// The integer STDP parameters: decays from tau_plus/tau_minus, both trace
// increments = trace_inc, and the largest shift in [0, 15] at which
// round(a * 2^shift / trace_inc) <= 255 for both amplitudes (the finest
// amplitude resolution). Throws for a negative amplitude, one above
// 255 * trace_inc (not representable even at shift 0), a nonzero one that
// rounds to 0 even at shift 15, or bad time constants.
StdpParams stdp_from_spec(const StdpSpec& spec);

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
  double lsb = 1.0 / 1024;     // model units per integer step
};

// The integer parameters of one neuron. Throws as the functions above do.
NeuronParams neuron_from_spec(const LifSpec& spec);

}  // namespace synfire::units
