// Random networks, inputs and neuron states for the randomized tests of
// every folder (tests/common; their seed: test_seed.hpp). One generator serves every
// folder; NetworkDraw picks how its values are drawn, so each kind of test
// still exercises what it was written for:
//   kLively   moderate values, so neurons spike and learning moves weights
//             (the link, the CLI, the speed probe: end to end);
//   kExtreme  every value anywhere in its documented range, the ends of each
//             range strongly over-represented (the model's arithmetic;
//             also 24-bit STDP traces on half the networks);
//   kCorners  the ends of ranges, zero and maximal decays, potential scales
//             from a few bits to saturation (the RTL against the model;
//             24-bit traces on half the networks of a core with them).
// Every network passes validate(). The functions are templates on the random
// engine (std::mt19937 or std::mt19937_64), instantiated for both.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"
#include "test_seed.hpp"

namespace synfire::test {

using Rng = std::mt19937_64;

enum class Values { kLively, kExtreme, kCorners };

struct NetworkDraw {
  Values values = Values::kLively;
  bool per_row_flags = false;     // one plastic flag per presynaptic row (boards with per-row flags)
  std::optional<double> density;  // share of synapses present; else drawn per network
  std::optional<bool> learning;   // else drawn per network (kExtreme: on)
  // The optional learning features, drawn only where the core has them
  // (kExtreme, the model's arithmetic: always).
  bool soft_bound = false;        // the soft-bound STDP rule
  bool adapt_interval = false;    // the adaptation decay interval
  bool delays = false;            // axonal delays
  bool weight_norm = false;       // weight normalisation
  bool wide_traces = false;       // 24-bit STDP traces (stdp.trace_bits 24)
};

// A random network of n neurons and m inputs.
template <class Engine>
Network random_network(Engine& rng, int n, int m, const NetworkDraw& draw = {});

// The largest network a core holds, and its plastic flags.
struct NetworkShape {
  int max_neurons = 16;
  int max_inputs = 8;
  bool per_row_flags = false;
  bool soft_bound = false;      // the core has the soft-bound STDP rule
  bool adapt_interval = false;  // the core has the adaptation decay interval
  bool delays = false;          // the core has axonal delays
  bool weight_norm = false;     // the core has weight normalisation
  bool wide_traces = false;     // the core has 24-bit STDP traces
};
// A random network within `shape`: half the time as large as the shape in
// each dimension, else any size (1 .. N neurons, 0 .. M inputs); kCorners values.
template <class Engine>
Network random_network(Engine& rng, const NetworkShape& shape);

// Each of m axons spikes with probability p in each of `steps` steps, in order.
template <class Engine>
std::vector<Spike> random_inputs(Engine& rng, int m, uint32_t steps, double p);

// Axons of each of `steps` steps as a user may give them to a core: each
// axon fires at a per-call rate (sometimes 0, sometimes every step), out of
// order, sometimes with a duplicate.
template <class Engine>
std::vector<std::vector<uint16_t>> random_step_inputs(Engine& rng, const Network& net, int steps);

// An integer in [lo, hi]; half the time one of the two ends (or 0 if inside).
int64_t extreme(Rng& rng, int64_t lo, int64_t hi);

// A random valid neuron state (u, v, adapt, refractory, traces anywhere in
// the range of `trace_bits`-bit traces).
NeuronState random_state(Rng& rng, int trace_bits = 8);

}  // namespace synfire::test
