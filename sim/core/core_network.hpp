// Loading a synfire::Network into a verilated core and reading its state
// back, through the control port (at one word per cycle: a 256 x 256
// network loads in about 135 k cycles).
//
// The words are those of every back end (host/driver/core_map.hpp): a
// network smaller than the core keeps its indices and its unused neurons
// never fire (docs/rtl.md, "Networks smaller than the core").
#pragma once

#include <cstdint>
#include <vector>

#include "core_map.hpp"
#include "core_sim.hpp"
#include "network.hpp"
#include "simulator.hpp"

namespace synfire::rtl {

// The core as the network mapping (core_map.hpp) sees it.
core_map::CoreShape core_shape(const CoreParams& core);

// Uploads `net` (core_map::network_writes: every register, parameter,
// weight and flag, with padding and shape mark) and clears the state: the
// core then equals Simulator(net) at step 0. Throws CapacityError if it
// does not fit.
void load_network(CoreSim& sim, const Network& net);

NeuronState read_neuron_state(CoreSim& sim, uint32_t neuron);
// States of neurons 0 .. n-1 in one pipelined burst.
std::vector<NeuronState> read_neuron_states(CoreSim& sim, uint32_t n);
std::vector<int32_t> read_axon_traces(CoreSim& sim, uint32_t m);
// The pending spikes (neurons that fired in the last step), ascending.
std::vector<uint16_t> read_pending(CoreSim& sim);
// On a core with delays: the neurons (axon false) or input axons whose
// events arrive at step t + k (RegionArrivals), ascending.
std::vector<uint16_t> read_arrivals(CoreSim& sim, uint32_t k, bool axon);
// Fills net.w_rec, w_in, plastic_rec, plastic_in (sized by net.neurons/inputs).
void read_weights(CoreSim& sim, Network& net);

// Writes a neuron's state fields (the pending bit is set by OpPend, not here).
void write_neuron_state(CoreSim& sim, uint32_t neuron, const NeuronState& s);

}  // namespace synfire::rtl
