// The standard benchmark workload: a seeded random network with moderate
// activity (with 256 neurons and inputs, about 6 % of the neurons spike per
// step with learning off and 2 % with it on) and Poisson input spikes. Same
// seed, same workload, on any back end.
#pragma once

#include <cstdint>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire::cli {

// N neurons, M inputs, all synapses present and plastic, 8-bit weights.
Network make_bench_network(int neurons, int inputs, uint32_t seed);

// Each axon spikes in each step with probability `rate` (steps relative to 0).
std::vector<Spike> poisson_inputs(int inputs, uint32_t steps, double rate, uint32_t seed);

}  // namespace synfire::cli
