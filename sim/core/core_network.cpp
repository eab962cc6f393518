#include "core_network.hpp"

#include <stdexcept>
#include <string>

#include "fixed_point.hpp"

namespace synfire::rtl {

using namespace port;

void check_fits(const CoreParams& core, const Network& net) {
  if (static_cast<uint32_t>(net.neurons) > core.neurons) {
    throw std::invalid_argument("network has " + std::to_string(net.neurons) +
                                " neurons but core " + core.name + " has " +
                                std::to_string(core.neurons));
  }
  if (static_cast<uint32_t>(net.inputs) > core.inputs) {
    throw std::invalid_argument("network has " + std::to_string(net.inputs) +
                                " inputs but core " + core.name + " has " +
                                std::to_string(core.inputs));
  }
  if (static_cast<uint32_t>(net.weight_bits) > core.weight_bits) {
    throw std::invalid_argument("network has " + std::to_string(net.weight_bits) +
                                "-bit weights but core " + core.name + " stores " +
                                std::to_string(core.weight_bits));
  }
  if (net.stdp.rule == StdpRule::kSoftBound && !core.soft_bound) {
    throw std::invalid_argument("network uses the soft-bound STDP rule but core " + core.name +
                                " was built without it");
  }
  if (net.adapt_interval_log2 != 0 && !core.adapt_interval) {
    throw std::invalid_argument("network uses an adaptation decay interval but core " +
                                core.name + " was built without it");
  }
  if (core.plastic_per_synapse) return;
  const auto n = static_cast<size_t>(net.neurons);
  auto check_rows = [&](const std::vector<uint8_t>& flags, size_t rows, const char* what) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 1; j < n; ++j) {
        if (flags[r * n + j] != flags[r * n]) {
          throw std::invalid_argument("core " + core.name + " has one plastic flag per row, but " +
                                      what + " row " + std::to_string(r) +
                                      " mixes plastic and fixed synapses");
        }
      }
    }
  };
  check_rows(net.plastic_rec, n, "neuron");
  check_rows(net.plastic_in, static_cast<size_t>(net.inputs), "input");
}

namespace {

uint32_t u32(int32_t x) { return static_cast<uint32_t>(x); }

int32_t sext(uint32_t x, int bits) {
  const uint32_t sign = 1u << (bits - 1);
  return static_cast<int32_t>((x ^ sign) - sign);
}

}  // namespace

void load_network(CoreSim& sim, const Network& net) {
  const CoreParams& core = sim.params();
  check_fits(core, net);
  const uint32_t N = core.neurons;
  const uint32_t M = core.inputs;
  const auto n = static_cast<uint32_t>(net.neurons);
  const auto m = static_cast<uint32_t>(net.inputs);
  std::vector<uint32_t> addrs, data;
  auto put = [&](uint32_t a, uint32_t d) {
    addrs.push_back(a);
    data.push_back(d);
  };

  const StdpParams& s = net.stdp;
  put(reg_addr(kRegSeed), net.seed);
  put(reg_addr(kRegLearn), net.learning ? 1 : 0);
  put(reg_addr(kRegWeightExpRec), u32(net.weight_exp_rec));
  put(reg_addr(kRegWeightExpIn), u32(net.weight_exp_in));
  put(reg_addr(kRegAPlus), u32(s.a_plus));
  put(reg_addr(kRegAMinus), u32(s.a_minus));
  put(reg_addr(kRegShift), u32(s.shift));
  put(reg_addr(kRegTraceIncPre), u32(s.trace_inc_pre));
  put(reg_addr(kRegTraceIncPost), u32(s.trace_inc_post));
  put(reg_addr(kRegDecayPre), u32(s.decay_pre));
  put(reg_addr(kRegDecayPost), u32(s.decay_post));
  put(reg_addr(kRegWMin), u32(s.w_min) & 0xFF);
  put(reg_addr(kRegWMax), u32(s.w_max) & 0xFF);
  // RegRule exists only on a core with an optional learning feature.
  if (core.soft_bound || core.adapt_interval) {
    put(reg_addr(kRegRule), (s.rule == StdpRule::kSoftBound ? 1u << kRuleSoftBoundBit : 0u) |
                                u32(net.adapt_interval_log2) << kRuleAdaptLog2Lsb);
  }

  for (uint32_t j = 0; j < N; ++j) {
    // Padding: u + bias <= -1, so v never rises above 0, whatever input
    // reaches the neuron (per-row flags let clipping move its weights).
    NeuronParams p;
    p.threshold = fx::kPotentialMax;
    p.bias = fx::kPotentialMin;
    if (j < n) p = net.params[j];
    put(param_addr(j, kParamDecayU), u32(p.decay_u));
    put(param_addr(j, kParamDecayV), u32(p.decay_v));
    put(param_addr(j, kParamDecayAdapt), u32(p.decay_adapt));
    put(param_addr(j, kParamBias), u32(p.bias));
    put(param_addr(j, kParamThreshold), u32(p.threshold));
    put(param_addr(j, kParamVReset), u32(p.v_reset));
    put(param_addr(j, kParamRefractory), u32(p.refractory));
    put(param_addr(j, kParamAdaptStep), u32(p.adapt_step));
  }

  // Weight words: [7:0] weight, [8] plastic; rows of the core, padded with 0.
  auto weight_word = [](int8_t w, uint8_t plastic) {
    return (static_cast<uint32_t>(static_cast<uint8_t>(w))) | (plastic ? 1u << kWeightFlagBit : 0u);
  };
  for (uint32_t pre = 0; pre < N + M; ++pre) {
    const bool axon = pre >= N;
    const uint32_t row = axon ? pre - N : pre;
    const bool used_row = axon ? row < m : row < n;
    for (uint32_t j = 0; j < N; ++j) {
      uint32_t word = 0;
      if (used_row && j < n) {
        const size_t k = static_cast<size_t>(row) * n + j;
        word = axon ? weight_word(net.w_in[k], net.plastic_in[k])
                    : weight_word(net.w_rec[k], net.plastic_rec[k]);
      } else if (used_row && !core.plastic_per_synapse && n > 0) {
        // One flag per row: keep the row's flag on its padding columns too
        // (a padding weight is 0 and no padding neuron ever fires).
        const size_t k = static_cast<size_t>(row) * n;
        word = weight_word(0, axon ? net.plastic_in[k] : net.plastic_rec[k]);
      }
      put(weight_addr(N, pre, j), word);
    }
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
  for (uint32_t w : sim.read_many(addrs)) traces.push_back(static_cast<int32_t>(w & 0xFF));
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

void read_weights(CoreSim& sim, Network& net) {
  const uint32_t N = sim.params().neurons;
  const auto n = static_cast<uint32_t>(net.neurons);
  const auto m = static_cast<uint32_t>(net.inputs);
  std::vector<uint32_t> addrs;
  for (uint32_t pre = 0; pre < n + m; ++pre) {
    const uint32_t row = pre < n ? pre : N + (pre - n);
    for (uint32_t j = 0; j < n; ++j) addrs.push_back(weight_addr(N, row, j));
  }
  const std::vector<uint32_t> words = sim.read_many(addrs);
  net.w_rec.assign(static_cast<size_t>(n) * n, 0);
  net.plastic_rec.assign(static_cast<size_t>(n) * n, 0);
  net.w_in.assign(static_cast<size_t>(m) * n, 0);
  net.plastic_in.assign(static_cast<size_t>(m) * n, 0);
  for (size_t k = 0; k < words.size(); ++k) {
    const auto w = static_cast<int8_t>(sext(words[k] & 0xFF, 8));
    const auto flag = static_cast<uint8_t>((words[k] >> kWeightFlagBit) & 1);
    if (k < static_cast<size_t>(n) * n) {
      net.w_rec[k] = w;
      net.plastic_rec[k] = flag;
    } else {
      net.w_in[k - static_cast<size_t>(n) * n] = w;
      net.plastic_in[k - static_cast<size_t>(n) * n] = flag;
    }
  }
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
