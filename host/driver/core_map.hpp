// The network <-> core mapping, written once: what a synfire::Network becomes
// in the core's address map (docs/rtl.md, core_port.hpp) and how a network is
// read back from it. Pure functions, no I/O: the link back end
// (device_backend.cpp) carries the words in EXEC requests, the core's
// simulation (sim/core/core_network.cpp) through the control port, so every
// back end loads the same words.
//
// A network smaller than the core keeps its indices. Its unused neurons never
// fire (bias -2^23, threshold 2^23-1) and carry the shape mark a later
// session reads the network's size from: v_reset = kPadVReset | m and
// refractory = kPadRefractory, which act only after a spike. With no padding
// neuron (n = N) and m < M, the unused input row M - 1 (its axon never
// spikes; fixed, so STDP never changes it) holds m and a signature.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fixed_point.hpp"
#include "network.hpp"

namespace synfire::core_map {

// What the mapping needs to know of a core.
struct CoreShape {
  std::string name;                 // in messages: "sim", the port, the configuration
  uint32_t neurons = 0;             // N
  uint32_t inputs = 0;              // M
  uint32_t weight_bits = 8;
  bool plastic_per_synapse = true;  // else one plastic flag per presynaptic row
  bool soft_bound = false;          // the soft-bound STDP rule (RegRule)
  bool adapt_interval = false;      // the adaptation decay interval (RegRule)
  bool delays = false;              // axonal delays (docs/rtl.md, "Axonal delays")
  bool weight_norm = false;         // weight normalisation (RegNorm, RegNormTarget)
  // The widest STDP traces the core has: 24 on a core built with WideTraces
  // (RegConfig kConfigWideTracesBit, kFeatureWideTraces), which runs either
  // width by a RegRule bit; else 8.
  int trace_bits = 8;
  // RegRule exists.
  bool has_rule() const { return soft_bound || adapt_interval || trace_bits > fx::kTraceBits; }
};

// Throws CapacityError (backend.hpp) naming the limit if `net` does not fit
// the core: too many neurons, inputs or weight bits, a learning feature the
// core was built without, or (one flag per row) a row that mixes plastic and
// fixed synapses.
void check_fits(const CoreShape& core, const Network& net);

// One control-port write.
struct Write {
  uint32_t addr;
  uint32_t data;
};

// Every write that loads `net` into the core, in address order: registers
// RegSeed .. RegWMax (and RegRule, RegNorm/RegNormTarget on a core that has
// them), the 8 parameters
// of each of the N neurons (padding
// and shape mark included), the (N + M) x N weight words ([7:0] weight,
// [kWeightFlagBit] plastic), and on a core with delays the N + M delays. Followed by OpClear, the core then equals
// Simulator(net) at step 0. Throws as check_fits.
std::vector<Write> network_writes(const CoreShape& core, const Network& net);

// `count` core words at consecutive addresses from `addr`.
struct Block {
  uint32_t addr;
  uint32_t count;
};

// Reading back a loaded network, step 1: the registers RegSeed .. RegWMax,
// every neuron's parameters, RegRule and RegNorm/RegNormTarget on a core
// that has them, and the N + M delays on a core with delays.
std::vector<Block> network_reads(const CoreShape& core);
// Step 2: the input row that may hold the shape (min(N, 256) words), when
// the words of step 1 (in order, as the port returns them) show no padding
// neuron; else nothing to read.
std::optional<Block> shape_row_read(const CoreShape& core, std::span<const uint32_t> words);
// The network (without weights: see weight_reads) from the words of steps 1
// and 2. Throws BackendError naming `core.name` when the core holds none
// that synfire uploaded.
Network network_from_reads(const CoreShape& core, std::span<const uint32_t> words,
                           std::span<const uint32_t> shape_row);

// The weight words of an n-neuron, m-input network: one block per
// presynaptic row (neurons, then inputs), n words each.
std::vector<Block> weight_reads(const CoreShape& core, uint32_t n, uint32_t m);
// Sets net.w_rec, w_in, plastic_rec, plastic_in (sized by net.neurons,
// net.inputs) from the words of weight_reads, in order.
void weights_from_reads(std::span<const uint32_t> words, Network& net);

}  // namespace synfire::core_map
