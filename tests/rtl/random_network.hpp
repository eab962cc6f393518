// Random networks for the RTL equivalence tests: sizes up to a core's
// capacity, densities from empty to full, both signs, and parameters drawn
// often from the ends of their ranges (saturation, zero and maximal decay,
// long refractory periods, large adaptation) so the corner cases of the
// arithmetic are hit, not just typical values.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire::rtl::test {

struct NetworkShape {
  int max_neurons = 16;
  int max_inputs = 8;
  bool per_row_flags = false;  // one plastic flag per presynaptic row (iCE40 core)
  bool soft_bound = false;     // the core has the soft-bound STDP rule
  bool adapt_interval = false; // the core has the adaptation decay interval
};

// A random valid network (validate() passes) within the shape.
Network random_network(std::mt19937_64& rng, const NetworkShape& shape);

// Random input spikes for `steps` steps: each axon fires with a per-network
// probability (sometimes 0, sometimes high); may contain duplicates.
std::vector<std::vector<uint16_t>> random_inputs(std::mt19937_64& rng, const Network& net,
                                                 int steps);

}  // namespace synfire::rtl::test
