// Random networks for the link tests: every field of the format exercised,
// dynamics lively enough that neurons spike and learning moves weights.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire::test {

// A valid random network of n neurons and m inputs. `per_row_flags` gives
// every presynaptic row one plastic flag (boards with per-row flags).
Network random_network(std::mt19937& rng, int n, int m, bool per_row_flags);

// The seed of a randomized test: SYNFIRE_TEST_SEED from the environment if
// set (to repeat a failure), else a fresh random one. Tests print it.
unsigned test_seed();

// Random input spikes over `steps` steps, each axon firing with probability p.
std::vector<Spike> random_inputs(std::mt19937& rng, int m, uint32_t steps, double p);

}  // namespace synfire::test
