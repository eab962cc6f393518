// Random networks and states with extreme parameters, for the randomized
// model tests. Every value is drawn from the documented range, with the ends
// of each range strongly over-represented.
#pragma once

#include <cstdint>
#include <random>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire::test {

using Rng = std::mt19937_64;

// The seed of a randomized test: $SYNFIRE_TEST_SEED if set, otherwise a fresh
// random one. It is printed on stdout so that any failure can be replayed.
uint64_t test_seed(const char* test_name);

// An integer in [lo, hi]; half the time one of the two ends (or 0 if inside).
int64_t extreme(Rng& rng, int64_t lo, int64_t hi);

// A valid network of n neurons and m inputs with random parameters, weights
// (density in [0, 1]), plastic flags, and learning on.
Network random_network(Rng& rng, int n, int m, double density);

// A random valid neuron state (u, v, adapt, refractory, traces anywhere in range).
NeuronState random_state(Rng& rng);

}  // namespace synfire::test
