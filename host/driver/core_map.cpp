#include "core_map.hpp"

#include <algorithm>

#include "backend.hpp"
#include "core_port.hpp"
#include "fixed_point.hpp"

namespace synfire::core_map {

using namespace rtl::port;

namespace {

// The shape mark (core_map.hpp).
constexpr int32_t kPadVReset = 0x5A0000;
constexpr int32_t kPadRefractory = 0xA5;
int8_t shape_row_word(uint32_t j, uint32_t m) {
  if (j == 0) return static_cast<int8_t>(m & 0xFF);
  if (j == 1) return static_cast<int8_t>(m >> 8);
  return static_cast<int8_t>((0x5A + 37 * j) & 0xFF);
}

// Registers RegSeed .. RegWMax, consecutive.
constexpr uint32_t kRegs = kRegWMax - kRegSeed + 1;
constexpr uint32_t kParamsPerNeuron = 8;

uint32_t u32(int32_t x) { return static_cast<uint32_t>(x); }
int32_t sext24(uint32_t x) { return static_cast<int32_t>(((x & 0xFFFFFFu) ^ 0x800000u) - 0x800000u); }

uint32_t weight_word(int8_t w, bool plastic) {
  return uint32_t{static_cast<uint8_t>(w)} | (plastic ? 1u << kWeightFlagBit : 0u);
}

// RegRule's word for a network (docs/rtl.md, "Registers").
uint32_t rule_word(const Network& net) {
  return (net.stdp.rule == StdpRule::kSoftBound ? 1u << kRuleSoftBoundBit : 0u) |
         u32(net.adapt_interval_log2) << kRuleAdaptLog2Lsb |
         (net.stdp.trace_bits == fx::kWideTraceBits ? 1u << kRuleWideTracesBit : 0u);
}

// RegNorm's word for a network (docs/rtl.md, "Registers"); RegNormTarget
// takes the target's 24 bits.
uint32_t norm_word(const Network& net) {
  const NormParams& q = net.norm;
  return u32(q.shift) << kNormShiftLsb | u32(q.interval_log2) << kNormIntervalLog2Lsb |
         (q.enabled ? 1u << kNormEnableBit : 0u);
}

NormParams norm_from(uint32_t word, uint32_t target) {
  NormParams q;
  q.shift = static_cast<int32_t>((word >> kNormShiftLsb) & 0xF);
  q.interval_log2 = static_cast<int32_t>((word >> kNormIntervalLog2Lsb) & 0xF);
  q.enabled = ((word >> kNormEnableBit) & 1) != 0;
  q.target = sext24(target);
  return q;
}

bool has_shape_row(const CoreShape& core, uint32_t n, uint32_t m) {
  return n == core.neurons && m < core.inputs && core.neurons >= 8;
}

std::vector<NeuronParams> params_from(const CoreShape& core, std::span<const uint32_t> d) {
  std::vector<NeuronParams> params;
  for (uint32_t k = 0; k + kParamsPerNeuron <= core.neurons * kParamsPerNeuron; k += kParamsPerNeuron) {
    auto f = [&](uint32_t field) { return sext24(d[k + field]); };
    NeuronParams p;
    p.decay_u = f(kParamDecayU) & 0xFFF;
    p.decay_v = f(kParamDecayV) & 0xFFF;
    p.decay_adapt = f(kParamDecayAdapt) & 0xFFF;
    p.bias = f(kParamBias);
    p.threshold = f(kParamThreshold);
    p.v_reset = f(kParamVReset);
    p.refractory = f(kParamRefractory) & 0xFF;
    p.adapt_step = f(kParamAdaptStep) & 0x7FFFFF;
    params.push_back(p);
  }
  return params;
}

bool is_pad(const NeuronParams& p) {
  return p.threshold == fx::kPotentialMax && p.bias == fx::kPotentialMin &&
         p.refractory == kPadRefractory && (p.v_reset & ~0xFFFF) == kPadVReset;
}

// The network's size from the padding mark: (N, M) without one.
std::pair<uint32_t, uint32_t> marked_size(const CoreShape& core, const std::vector<NeuronParams>& params) {
  for (uint32_t j = 0; j < core.neurons; ++j) {
    if (is_pad(params[j])) return {j, static_cast<uint32_t>(params[j].v_reset & 0xFFFF)};
  }
  return {core.neurons, core.inputs};
}

}  // namespace

void check_fits(const CoreShape& core, const Network& net) {
  auto too_big = [&](const std::string& what, uint64_t need, uint64_t have) {
    throw CapacityError("the network needs " + std::to_string(need) + " " + what + " but " +
                        core.name + " has " + std::to_string(have));
  };
  if (static_cast<uint32_t>(net.neurons) > core.neurons) too_big("neurons", net.neurons, core.neurons);
  if (static_cast<uint32_t>(net.inputs) > core.inputs) too_big("inputs", net.inputs, core.inputs);
  if (static_cast<uint32_t>(net.weight_bits) > core.weight_bits) {
    too_big("weight bits", net.weight_bits, core.weight_bits);
  }
  if (net.stdp.rule == StdpRule::kSoftBound && !core.soft_bound) {
    throw CapacityError("the network uses the soft-bound STDP rule (stdp.rule \"soft_bound\") but " +
                        core.name + " was built without it");
  }
  if (net.adapt_interval_log2 != 0 && !core.adapt_interval) {
    throw CapacityError("the network uses an adaptation decay interval (adapt_interval_log2 = " +
                        std::to_string(net.adapt_interval_log2) + ") but " + core.name +
                        " was built without it");
  }
  if (net.has_delays() && !core.delays) {
    throw CapacityError("the network uses axonal delays (delays.recurrent / delays.input) but " +
                        core.name + " was built without them");
  }
  if (net.norm.enabled && !core.weight_norm) {
    throw CapacityError("the network uses weight normalisation (weight_norm) but " + core.name +
                        " was built without it");
  }
  if (net.stdp.trace_bits > core.trace_bits) {
    throw CapacityError("the network uses " + std::to_string(net.stdp.trace_bits) +
                        "-bit STDP traces (stdp.trace_bits) but " + core.name + " has " +
                        std::to_string(core.trace_bits) + "-bit traces");
  }
  if (core.plastic_per_synapse) return;
  // One plastic flag per presynaptic row: every row must be all-plastic or none.
  auto check_rows = [&](const std::vector<uint8_t>& flags, int rows, const char* what) {
    const auto n = static_cast<size_t>(net.neurons);
    for (size_t r = 0; r < static_cast<size_t>(rows); ++r) {
      for (size_t j = 1; j < n; ++j) {
        if (flags[r * n + j] != flags[r * n]) {
          throw CapacityError(core.name + " stores one plastic flag per presynaptic " + what +
                              ", but " + what + " " + std::to_string(r) +
                              " mixes plastic and fixed synapses");
        }
      }
    }
  };
  check_rows(net.plastic_rec, net.neurons, "neuron");
  check_rows(net.plastic_in, net.inputs, "input");
}

std::vector<Write> network_writes(const CoreShape& core, const Network& net) {
  check_fits(core, net);
  const uint32_t N = core.neurons;
  const uint32_t M = core.inputs;
  const auto n = static_cast<uint32_t>(net.neurons);
  const auto m = static_cast<uint32_t>(net.inputs);
  std::vector<Write> w;
  w.reserve(kRegs + size_t{N} * kParamsPerNeuron + size_t{N + M} * N);

  // Registers RegSeed .. RegWMax, in address order.
  const StdpParams& s = net.stdp;
  uint32_t reg = kRegSeed;
  for (uint32_t value : {net.seed, net.learning ? 1u : 0u, u32(net.weight_exp_rec),
                         u32(net.weight_exp_in), u32(s.a_plus), u32(s.a_minus), u32(s.shift),
                         u32(s.trace_inc_pre), u32(s.trace_inc_post), u32(s.decay_pre),
                         u32(s.decay_post), u32(s.w_min) & 0xFF, u32(s.w_max) & 0xFF}) {
    w.push_back({reg_addr(static_cast<Reg>(reg++)), value});
  }
  if (core.has_rule()) w.push_back({reg_addr(kRegRule), rule_word(net)});
  if (core.weight_norm) {
    w.push_back({reg_addr(kRegNorm), norm_word(net)});
    w.push_back({reg_addr(kRegNormTarget), u32(net.norm.target) & 0xFFFFFFu});
  }

  // Neuron parameters: 8 consecutive fields per neuron.
  for (uint32_t j = 0; j < N; ++j) {
    // Padding neuron: with bias -2^23, v stays <= 0 whatever its input
    // (per-row flags may clip its padding weights away from 0), so it
    // never reaches threshold 2^23-1 and never fires.
    NeuronParams p;
    p.threshold = fx::kPotentialMax;
    p.bias = fx::kPotentialMin;
    p.v_reset = kPadVReset | static_cast<int32_t>(m);  // the shape mark
    p.refractory = kPadRefractory;
    if (j < n) p = net.params[j];
    w.push_back({param_addr(j, kParamDecayU), u32(p.decay_u)});
    w.push_back({param_addr(j, kParamDecayV), u32(p.decay_v)});
    w.push_back({param_addr(j, kParamDecayAdapt), u32(p.decay_adapt)});
    w.push_back({param_addr(j, kParamBias), u32(p.bias)});
    w.push_back({param_addr(j, kParamThreshold), u32(p.threshold)});
    w.push_back({param_addr(j, kParamVReset), u32(p.v_reset)});
    w.push_back({param_addr(j, kParamRefractory), u32(p.refractory)});
    w.push_back({param_addr(j, kParamAdaptStep), u32(p.adapt_step)});
  }

  // Weight words of all (N + M) x N synapses of the core, row by row; rows
  // and columns beyond the network are 0.
  for (uint32_t pre = 0; pre < N + M; ++pre) {
    const bool axon = pre >= N;
    const uint32_t row = axon ? pre - N : pre;
    const bool used_row = axon ? row < m : row < n;
    const bool shape_row = axon && row == M - 1 && has_shape_row(core, n, m);
    for (uint32_t j = 0; j < N; ++j) {
      uint32_t word = 0;
      if (used_row && j < n) {
        const size_t k = static_cast<size_t>(row) * n + j;
        word = axon ? weight_word(net.w_in[k], net.plastic_in[k] != 0)
                    : weight_word(net.w_rec[k], net.plastic_rec[k] != 0);
      } else if (used_row && !core.plastic_per_synapse && n > 0) {
        // One flag per row: the padding columns keep the row's flag (a
        // write of any word of a row sets the row's flag).
        const size_t k = static_cast<size_t>(row) * n;
        word = weight_word(0, (axon ? net.plastic_in[k] : net.plastic_rec[k]) != 0);
      } else if (shape_row) {
        word = weight_word(shape_row_word(j, m), false);
      }
      w.push_back({weight_addr(N, pre, j), word});
    }
  }

  // Delays of all N + M presynaptic sources (a core with delays: unused
  // sources 0, so the same core equals Simulator(net) whatever was loaded before).
  if (core.delays) {
    for (uint32_t pre = 0; pre < N + M; ++pre) {
      const bool axon = pre >= N;
      const uint32_t row = axon ? pre - N : pre;
      uint32_t d = 0;
      if (axon && row < m) d = net.delay_in[row];
      if (!axon && row < n) d = net.delay_rec[row];
      w.push_back({delay_addr(pre), d});
    }
  }
  return w;
}

std::vector<Block> network_reads(const CoreShape& core) {
  std::vector<Block> blocks{{reg_addr(kRegSeed), kRegs},
                            {param_addr(0, kParamDecayU), core.neurons * kParamsPerNeuron}};
  if (core.has_rule()) blocks.push_back({reg_addr(kRegRule), 1});
  if (core.weight_norm) blocks.push_back({reg_addr(kRegNorm), 2});
  if (core.delays) blocks.push_back({delay_addr(0), core.neurons + core.inputs});
  return blocks;
}

std::optional<Block> shape_row_read(const CoreShape& core, std::span<const uint32_t> words) {
  const auto [n, m] = marked_size(core, params_from(core, words.subspan(kRegs)));
  (void)m;
  if (n != core.neurons || core.inputs == 0 || core.neurons < 8) return std::nullopt;
  return Block{weight_addr(core.neurons, core.neurons + core.inputs - 1, 0),
               std::min<uint32_t>(core.neurons, 256)};
}

Network network_from_reads(const CoreShape& core, std::span<const uint32_t> words,
                           std::span<const uint32_t> shape_row) {
  const uint32_t N = core.neurons;
  const uint32_t M = core.inputs;
  const std::span<const uint32_t> r = words.first(kRegs);
  const std::vector<NeuronParams> params = params_from(core, words.subspan(kRegs));
  auto [n, m] = marked_size(core, params);
  if (!shape_row.empty()) {
    const uint32_t mark = (shape_row[0] & 0xFF) | (shape_row[1] & 0xFF) << 8;
    bool marked = mark < M;
    for (size_t j = 0; j < shape_row.size() && marked; ++j) {
      marked = static_cast<int8_t>(shape_row[j] & 0xFF) == shape_row_word(static_cast<uint32_t>(j), mark) &&
               ((shape_row[j] >> 8) & 0xFF) == 0;
    }
    if (marked) m = mark;
  }
  // No mark and nothing but zero parameters: a core nothing was loaded
  // into (a core-sized network leaves no room for a mark, but never has
  // all its parameters zero: every threshold 0 would make it fire always).
  const bool blank = n == N && m == M &&
                     std::all_of(params.begin(), params.end(), [](const NeuronParams& p) {
                       return p == NeuronParams{.threshold = 0};
                     });
  if (n == 0 || m > M || blank) {
    throw BackendError(core.name + ": no network is loaded (the board holds none that synfire "
                       "uploaded); pass --network");
  }
  Network net = Network::empty(static_cast<int>(n), static_cast<int>(m));
  net.params.assign(params.begin(), params.begin() + n);
  auto reg = [&](Reg x) { return r[x - kRegSeed]; };
  net.seed = reg(kRegSeed);
  net.learning = (reg(kRegLearn) & 1) != 0;
  net.weight_exp_rec = static_cast<int>(reg(kRegWeightExpRec));
  net.weight_exp_in = static_cast<int>(reg(kRegWeightExpIn));
  net.weight_bits = static_cast<int>(core.weight_bits);
  StdpParams& sp = net.stdp;
  sp.a_plus = static_cast<int>(reg(kRegAPlus));
  sp.a_minus = static_cast<int>(reg(kRegAMinus));
  sp.shift = static_cast<int>(reg(kRegShift));
  sp.trace_inc_pre = static_cast<int>(reg(kRegTraceIncPre));
  sp.trace_inc_post = static_cast<int>(reg(kRegTraceIncPost));
  sp.decay_pre = static_cast<int>(reg(kRegDecayPre));
  sp.decay_post = static_cast<int>(reg(kRegDecayPost));
  sp.w_min = static_cast<int8_t>(reg(kRegWMin) & 0xFF);
  sp.w_max = static_cast<int8_t>(reg(kRegWMax) & 0xFF);
  if (core.has_rule()) {
    const uint32_t rule = words[kRegs + size_t{N} * kParamsPerNeuron];
    if ((rule >> kRuleSoftBoundBit) & 1) sp.rule = StdpRule::kSoftBound;
    net.adapt_interval_log2 = static_cast<int>((rule >> kRuleAdaptLog2Lsb) & 0xF);
    if ((rule >> kRuleWideTracesBit) & 1) sp.trace_bits = fx::kWideTraceBits;
  }
  if (core.weight_norm) {
    const size_t at = kRegs + size_t{N} * kParamsPerNeuron + (core.has_rule() ? 1 : 0);
    net.norm = norm_from(words[at], words[at + 1]);
  }
  if (core.delays) {
    const size_t at = kRegs + size_t{N} * kParamsPerNeuron + (core.has_rule() ? 1 : 0) +
                      (core.weight_norm ? 2 : 0);
    for (uint32_t i = 0; i < n; ++i) net.delay_rec[i] = static_cast<uint8_t>(words[at + i] & 0xF);
    for (uint32_t a = 0; a < m; ++a) net.delay_in[a] = static_cast<uint8_t>(words[at + N + a] & 0xF);
  }
  if (const std::string err = validate(net); !err.empty()) {
    throw BackendError(core.name + ": what the board holds is not a network synfire can read back (" +
                       err + "); pass --network");
  }
  return net;
}

std::vector<Block> weight_reads(const CoreShape& core, uint32_t n, uint32_t m) {
  std::vector<Block> blocks;
  for (uint32_t pre = 0; pre < n + m; ++pre) {
    const uint32_t core_row = pre >= n ? core.neurons + (pre - n) : pre;
    blocks.push_back({weight_addr(core.neurons, core_row, 0), n});
  }
  return blocks;
}

void weights_from_reads(std::span<const uint32_t> words, Network& net) {
  const auto n = static_cast<size_t>(net.neurons);
  const auto m = static_cast<size_t>(net.inputs);
  net.w_rec.assign(n * n, 0);
  net.plastic_rec.assign(n * n, 0);
  net.w_in.assign(m * n, 0);
  net.plastic_in.assign(m * n, 0);
  for (size_t k = 0; k < (n + m) * n; ++k) {
    const auto w = static_cast<int8_t>(words[k] & 0xFF);
    const auto flag = static_cast<uint8_t>((words[k] >> kWeightFlagBit) & 1);
    if (k < n * n) {
      net.w_rec[k] = w;
      net.plastic_rec[k] = flag;
    } else {
      net.w_in[k - n * n] = w;
      net.plastic_in[k - n * n] = flag;
    }
  }
}

}  // namespace synfire::core_map
