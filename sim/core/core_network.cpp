#include "core_network.hpp"

#include <algorithm>
#include <string>

#include "core_map.hpp"
#include "fixed_point.hpp"

namespace synfire::rtl {

using namespace port;

core_map::CoreShape core_shape(const CoreParams& core) {
  // Named fields: a positional list silently shifts when CoreShape grows.
  return {.name = "core " + core.name, .neurons = core.neurons, .inputs = core.inputs,
          .weight_bits = core.weight_bits, .plastic_per_synapse = core.plastic_per_synapse,
          .soft_bound = core.soft_bound, .adapt_interval = core.adapt_interval, .delays = core.delays,
          .weight_norm = core.weight_norm, .trace_bits = core.wide_traces ? fx::kWideTraceBits : fx::kTraceBits};
}

namespace {

uint32_t u32(int32_t x) { return static_cast<uint32_t>(x); }

}  // namespace

void load_network(CoreSim& sim, const Network& net) {
  std::vector<uint32_t> addrs, data;
  for (const core_map::Write& w : core_map::network_writes(core_shape(sim.params()), net)) {
    addrs.push_back(w.addr);
    data.push_back(w.data);
  }
  sim.write_many(addrs, data);
  sim.clear();
}

NeuronState read_neuron_state(CoreSim& sim, uint32_t neuron) {
  return read_neuron_states(sim, neuron + 1).back();
}

std::vector<NeuronState> read_neuron_states(CoreSim& sim, uint32_t n) {
  std::vector<uint32_t> addrs;
  for (uint32_t j = 0; j < n; ++j) {
    for (StateField f : {kStateU, kStateV, kStateAdapt, kStateRefractory, kStateTracePre,
                         kStateTracePost}) {
      addrs.push_back(state_addr(j, f));
    }
  }
  const std::vector<uint32_t> words = sim.read_many(addrs);
  std::vector<NeuronState> states(n);
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t* w = &words[6 * j];
    states[j] = {static_cast<int32_t>(w[0]), static_cast<int32_t>(w[1]),
                 static_cast<int32_t>(w[2]), static_cast<int32_t>(w[3]),
                 static_cast<int32_t>(w[4]), static_cast<int32_t>(w[5])};
  }
  return states;
}

std::vector<int32_t> read_axon_traces(CoreSim& sim, uint32_t m) {
  std::vector<uint32_t> addrs;
  for (uint32_t a = 0; a < m; ++a) addrs.push_back(addr(kRegionAxonTrace, a));
  std::vector<int32_t> traces;
  // The trace's bits below the queued bit (8 or, with WideTraces, 24).
  const uint32_t mask = (1u << (sim.params().wide_traces ? kAxonQueuedBitWide : kAxonQueuedBit)) - 1;
  for (uint32_t w : sim.read_many(addrs)) traces.push_back(static_cast<int32_t>(w & mask));
  return traces;
}

std::vector<uint16_t> read_pending(CoreSim& sim) {
  const uint32_t count = sim.read(reg_addr(kRegPendCount));
  std::vector<uint32_t> addrs;
  for (uint32_t k = 0; k < count; ++k) addrs.push_back(addr(kRegionPendList, k));
  std::vector<uint16_t> pending;
  for (uint32_t w : sim.read_many(addrs)) pending.push_back(static_cast<uint16_t>(w));
  return pending;
}

std::vector<uint16_t> read_arrivals(CoreSim& sim, uint32_t k, bool axon) {
  const uint32_t count = sim.read(addr(kRegionArrCounts, (axon ? kArrSlots : 0) + k));
  const uint32_t tag = (axon ? 1u << kArrAxonBit : 0u) | k << kArrKLsb;
  std::vector<uint32_t> addrs;
  for (uint32_t e = 0; e < count; ++e) addrs.push_back(addr(kRegionArrivals, tag | e));
  std::vector<uint16_t> list;
  for (uint32_t w : sim.read_many(addrs)) list.push_back(static_cast<uint16_t>(w));
  std::sort(list.begin(), list.end());
  return list;
}

void read_weights(CoreSim& sim, Network& net) {
  std::vector<uint32_t> addrs;
  for (const core_map::Block& b : core_map::weight_reads(core_shape(sim.params()),
                                                         static_cast<uint32_t>(net.neurons),
                                                         static_cast<uint32_t>(net.inputs))) {
    for (uint32_t k = 0; k < b.count; ++k) addrs.push_back(b.addr + k);
  }
  core_map::weights_from_reads(sim.read_many(addrs), net);
}

void write_neuron_state(CoreSim& sim, uint32_t neuron, const NeuronState& s) {
  const std::vector<uint32_t> addrs = {
      state_addr(neuron, kStateU),          state_addr(neuron, kStateV),
      state_addr(neuron, kStateAdapt),      state_addr(neuron, kStateRefractory),
      state_addr(neuron, kStateTracePre),   state_addr(neuron, kStateTracePost)};
  const std::vector<uint32_t> data = {u32(s.u),          u32(s.v),         u32(s.adapt),
                                      u32(s.refractory), u32(s.trace_pre), u32(s.trace_post)};
  sim.write_many(addrs, data);
}

}  // namespace synfire::rtl
