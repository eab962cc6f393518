// An independent, deliberately plain implementation of one synfire timestep,
// written from docs/model.md only (it shares no code with host/model/
// simulator.cpp or fixed_point.hpp, not even the hash), so that the
// randomized equivalence test compares two readings of the specification.
// It loops over every synapse every step and is slow by design.
#pragma once

#include <cstdint>
#include <vector>

#include "network.hpp"

namespace synfire::ref {

// The complete dynamic state, in wide integers so that any overflow the
// specification forgot would show up as a mismatch rather than wrap silently.
struct State {
  std::vector<int64_t> u, v, adapt, refractory;
  std::vector<int64_t> trace_pre;   // per neuron (its outgoing synapses)
  std::vector<int64_t> trace_post;  // per neuron (its incoming synapses)
  std::vector<int64_t> trace_axon;  // per input axon
  // The last 16 steps' spikes and the last 15 steps' input axons, newest
  // first (past_spikes[0] is step t-1): a neuron's event at step t is its
  // spike at t - 1 - delay, an axon's its input at t - delay.
  std::vector<std::vector<bool>> past_spikes, past_axons;
  uint32_t step = 0;
};

// A zero state sized for `net`.
State zero_state(const Network& net);

// The specification's hash: lookup3's final mix of (seed, step, key).
uint32_t spec_hash(uint32_t seed, uint32_t step, uint32_t key);

// Advances `s` and the weights of `net` by one step with the given input
// axons spiking (axon_spikes[a] for a in [0, M)). Returns the spike flag of
// every neuron for this step.
std::vector<bool> step(Network& net, State& s, const std::vector<bool>& axon_spikes);

}  // namespace synfire::ref
