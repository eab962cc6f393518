#include "simulator.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "fixed_point.hpp"

namespace synfire {

Simulator::Simulator(Network net) : net_(std::move(net)) {
  if (std::string err = validate(net_); !err.empty()) throw std::invalid_argument(err);
  const auto n = static_cast<size_t>(net_.neurons);
  const auto m = static_cast<size_t>(net_.inputs);
  u_.assign(n, 0);
  v_.assign(n, 0);
  adapt_.assign(n, 0);
  refractory_.assign(n, 0);
  trace_pre_.assign(n, 0);
  trace_post_.assign(n, 0);
  axon_trace_.assign(m, 0);
  acc_.assign(n, 0);
  axon_event_.assign(m, 0);
  axon_input_.reserve(m);
  neuron_event_.assign(n, 0);
  fired_.reserve(n);
  spikes_.reserve(n);
  row_plastic_.assign(n + m, 0);
  col_plastic_rec_.assign(n, 0);
  col_plastic_in_.assign(n, 0);
  auto count = [&](const std::vector<uint8_t>& flags, size_t rows, size_t first_row,
                   std::vector<uint32_t>& cols) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < n; ++j) {
        const uint32_t plastic = flags[r * n + j] != 0 ? 1 : 0;
        row_plastic_[first_row + r] += plastic;
        cols[j] += plastic;
      }
    }
  };
  count(net_.plastic_rec, n, 0, col_plastic_rec_);
  count(net_.plastic_in, m, n, col_plastic_in_);
  pot_amount_.assign(kPotentiationChunk * (n + m), 0);
  spike_flag_.assign(n, 0);
  auto split = [&](std::vector<int32_t>& out, int32_t NeuronParams::*field) {
    out.resize(n);
    for (size_t j = 0; j < n; ++j) out[j] = net_.params[j].*field;
  };
  split(par_decay_u_, &NeuronParams::decay_u);
  split(par_decay_v_, &NeuronParams::decay_v);
  split(par_bias_, &NeuronParams::bias);
  split(par_threshold_, &NeuronParams::threshold);
  split(par_v_reset_, &NeuronParams::v_reset);
  split(par_refractory_, &NeuronParams::refractory);
  split(par_adapt_step_, &NeuronParams::adapt_step);
  split(par_decay_adapt_, &NeuronParams::decay_adapt);
  pot_cols_.reserve(n);
  norm_sum_.assign(n, 0);
  stdp_shift_ = net_.stdp.shift + fx::stdp_frac_bits(net_.stdp.trace_bits);
  trace_drop_ = fx::stdp_trace_drop(net_.stdp.trace_bits);
}

NeuronState Simulator::neuron_state(int neuron) const {
  const auto j = static_cast<size_t>(neuron);
  return {u_.at(j), v_.at(j), adapt_.at(j), refractory_.at(j),
          static_cast<int32_t>(trace_pre_.at(j)), static_cast<int32_t>(trace_post_.at(j))};
}

void Simulator::set_neuron_state(int neuron, const NeuronState& s) {
  const auto j = static_cast<size_t>(neuron);
  u_.at(j) = s.u;
  v_.at(j) = s.v;
  adapt_.at(j) = s.adapt;
  refractory_.at(j) = s.refractory;
  trace_pre_.at(j) = static_cast<uint32_t>(s.trace_pre);
  trace_post_.at(j) = static_cast<uint32_t>(s.trace_post);
}

static_assert(Simulator::kArrivalSlots == fx::kDelaySlots);

std::vector<uint16_t> Simulator::arriving_neurons(int k) const {
  std::vector<uint16_t> out = ring_.at((time_ + static_cast<uint32_t>(k)) % kArrivalSlots).neurons;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint16_t> Simulator::arriving_axons(int k) const {
  std::vector<uint16_t> out = ring_.at((time_ + static_cast<uint32_t>(k)) % kArrivalSlots).axons;
  std::sort(out.begin(), out.end());
  return out;
}

void Simulator::set_arrivals(int k, std::span<const uint16_t> neurons,
                             std::span<const uint16_t> axons) {
  if (k < 0 || k > fx::kDelayMax) {
    throw std::invalid_argument("arrivals " + std::to_string(k) + " steps ahead are outside [0, " +
                                std::to_string(fx::kDelayMax) + "]");
  }
  for (size_t q = 0; q < neurons.size(); ++q) {
    const uint16_t i = neurons[q];
    if (i >= net_.neurons || (q > 0 && i <= neurons[q - 1])) {
      throw std::invalid_argument("arriving neurons must be ascending indices below " +
                                  std::to_string(net_.neurons));
    }
    if (k > net_.delay_rec[i]) {
      throw std::invalid_argument("neuron " + std::to_string(i) + "'s spike cannot arrive " +
                                  std::to_string(k) + " steps ahead (its delay is " +
                                  std::to_string(net_.delay_rec[i]) + ")");
    }
  }
  for (size_t q = 0; q < axons.size(); ++q) {
    const uint16_t a = axons[q];
    if (a >= net_.inputs || (q > 0 && a <= axons[q - 1])) {
      throw std::invalid_argument("arriving axons must be ascending indices below " +
                                  std::to_string(net_.inputs));
    }
    if (k >= net_.delay_in[a]) {
      throw std::invalid_argument("input axon " + std::to_string(a) + "'s event cannot arrive " +
                                  std::to_string(k) + " steps ahead (its delay is " +
                                  std::to_string(net_.delay_in[a]) + ")");
    }
  }
  Arrivals& s = slot(time_ + static_cast<uint32_t>(k));
  s.neurons.assign(neurons.begin(), neurons.end());
  s.axons.assign(axons.begin(), axons.end());
}

void Simulator::set_axon_trace(int axon, int32_t trace) {
  axon_trace_.at(static_cast<size_t>(axon)) = static_cast<uint32_t>(trace);
}

namespace {

// The hot loops are free functions over restrict pointers so that the
// compiler vectorises them (the hash is only XOR, subtract and rotate, a
// natural fit for SIMD lanes). Each is compiled for AVX-512, AVX2 and plain
// x86-64, and the loader picks the best the CPU has: the binary still runs
// on any x86-64. All variants compute the same integers.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SYNFIRE_HOT __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define SYNFIRE_HOT
#endif

// Phase 1, no plastic synapse on the row (or learning off): acc += w * 2^exp.
SYNFIRE_HOT void deliver_row(int32_t* __restrict acc, const int8_t* __restrict w, int n,
                             int weight_exp) {
  for (int j = 0; j < n; ++j) acc[j] += static_cast<int32_t>(w[j]) * (1 << weight_exp);
}

// Phase 1 with learning on: delivers the row and depresses its plastic
// synapses from the post traces y (as they were after the previous step).
// The weight delivered is the one read before its depression.
SYNFIRE_HOT void deliver_depress_row(int32_t* __restrict acc, int8_t* __restrict w,
                                     const uint8_t* __restrict plastic,
                                     const uint32_t* __restrict y, int drop, int n,
                                     int weight_exp, uint32_t seed, uint32_t t, uint32_t key, int32_t a_minus,
                                     int shift, int32_t w_min, int32_t w_max) {
  for (int j = 0; j < n; ++j) {
    const int32_t old = w[j];
    acc[j] += old * (1 << weight_exp);
    const uint32_t r = fx::hash3(seed, t, key | static_cast<uint32_t>(j));
    const int32_t d = fx::stdp_delta(a_minus, static_cast<int32_t>(y[j] >> drop), shift, r);
    const int32_t nw = fx::clip_weight(old - d, w_min, w_max);
    w[j] = static_cast<int8_t>(plastic[j] ? nw : old);
  }
}

// Phase 1 with learning on and the soft-bound rule: as deliver_depress_row,
// the amount scaled by (w - w_min) / 256 (fx::stdp_delta_soft).
void deliver_depress_row_soft(int32_t* __restrict acc, int8_t* __restrict w,
                              const uint8_t* __restrict plastic, const uint32_t* __restrict y,
                              int drop, int n, int weight_exp, uint32_t seed, uint32_t t, uint32_t key,
                              int32_t a_minus, int shift, int32_t w_min, int32_t w_max) {
  for (int j = 0; j < n; ++j) {
    const int32_t old = w[j];
    acc[j] += old * (1 << weight_exp);
    if (!plastic[j]) continue;
    const uint32_t r = fx::hash3(seed, t, key | static_cast<uint32_t>(j));
    const int32_t d =
        fx::stdp_delta_soft(a_minus, static_cast<int32_t>(y[j] >> drop), old - w_min, shift, r);
    w[j] = static_cast<int8_t>(fx::clip_weight(old - d, w_min, w_max));
  }
}

// Phase 4, one postsynaptic neuron: the potentiation amount of each of
// `rows` presynaptic sources with traces x and ids first_pre_id + i (neurons
// from 0, axons from 0x4000). An amount is stored capped at 255: a weight is
// at most 127 and w_max at least -128, so w + 255 and w + (anything larger)
// clip to the same w_max.
SYNFIRE_HOT void potentiation_amounts(uint8_t* __restrict d, const uint32_t* __restrict x,
                                      int drop, int rows, uint32_t first_pre_id, uint32_t post,
                                      uint32_t seed, uint32_t t, int32_t a_plus, int shift) {
  const uint32_t key = fx::synapse_key(fx::StdpKind::kPotentiation, first_pre_id, post);
  for (int i = 0; i < rows; ++i) {
    const uint32_t r = fx::hash3(seed, t, key + (static_cast<uint32_t>(i) << 16));
    const auto trace = static_cast<int32_t>(x[i] >> drop);
    d[i] = static_cast<uint8_t>(std::min(fx::stdp_delta(a_plus, trace, shift, r), 255));
  }
}

// Phase 4, applies the amounts of `count` columns (amounts of column k at
// d[k * d_stride + row]) to a row-major weight block, walking it row by row
// so that memory is read in order. The entries of a chunk of columns in one
// row are scattered over many cache lines, which no hardware prefetcher
// predicts, so the same entries a few rows ahead are prefetched explicitly.
// `all_plastic`: every synapse of these columns is plastic (flags not read).
void apply_columns(int8_t* w, const uint8_t* plastic, size_t rows, size_t stride,
                   const uint16_t* cols, size_t count, const uint8_t* d, size_t d_stride,
                   int32_t w_min, int32_t w_max, bool all_plastic) {
  constexpr size_t kAhead = 4;  // rows
  for (size_t i = 0; i < rows; ++i) {
    int8_t* wr = w + i * stride;
    const uint8_t* pr = plastic + i * stride;
    if (i + kAhead < rows) {
      for (size_t k = 0; k < count; ++k) {
        __builtin_prefetch(wr + kAhead * stride + cols[k], 1);
        if (!all_plastic) __builtin_prefetch(pr + kAhead * stride + cols[k], 0);
      }
    }
    for (size_t k = 0; k < count; ++k) {
      const uint16_t j = cols[k];
      if (all_plastic || pr[j]) {
        wr[j] = static_cast<int8_t>(fx::clip_weight(wr[j] + d[k * d_stride + i], w_min, w_max));
      }
    }
  }
}

// Phase 2 for all neurons, branch-free so that it vectorises: integrate,
// fire, reset, adapt. The parameters are per-neuron arrays (NeuronParams
// split by field); spike[j] is set to 1 for the neurons that fire.
struct NeuronArrays {
  const int32_t* decay_u;
  const int32_t* decay_v;
  const int32_t* bias;
  const int32_t* threshold;
  const int32_t* v_reset;
  const int32_t* refractory;
  const int32_t* adapt_step;
  const int32_t* decay_adapt;
  bool adapt_decays;  // this step decays the adaptation (fx::adapt_decays)
};

SYNFIRE_HOT void update_neuron_range(int n, const NeuronArrays p, int32_t* __restrict u,
                                     int32_t* __restrict v, int32_t* __restrict adapt,
                                     int32_t* __restrict refractory, int32_t* __restrict acc,
                                     uint8_t* __restrict spike) {
  for (int j = 0; j < n; ++j) {
    const int32_t uj = fx::sat_potential(int64_t{fx::decay(u[j], p.decay_u[j])} + acc[j]);
    acc[j] = 0;
    u[j] = uj;
    // Every operand is loaded unconditionally so that the selects below
    // compile to blends rather than branches.
    const int32_t r = refractory[j];
    const int32_t v_old = v[j];
    const int32_t v_reset = p.v_reset[j];
    const int32_t r_param = p.refractory[j];
    const int32_t step = p.adapt_step[j];
    const int32_t a_old = adapt[j];
    const bool active = r <= 0;  // refractory > 0: v held, no integration, no spike
    const int32_t vj = fx::sat_potential(int64_t{fx::decay(v_old, p.decay_v[j])} + uj + p.bias[j]);
    const bool fire = active & (int64_t{vj} >= int64_t{p.threshold[j]} + a_old);
    v[j] = fire ? v_reset : (active ? vj : v_old);
    refractory[j] = fire ? r_param : (active ? r : r - 1);
    const int32_t d_adapt = p.adapt_decays ? p.decay_adapt[j] : 0;
    adapt[j] = static_cast<int32_t>(std::min<int64_t>(
        int64_t{fx::decay(a_old, d_adapt)} + (fire ? step : 0), fx::kPotentialMax));
    spike[j] = fire ? 1 : 0;
  }
}

}  // namespace

// Phase 1 for one presynaptic event: row `row` of w_rec (neuron) or w_in (axon).
void Simulator::deliver(uint32_t pre_id, size_t row, bool is_axon) {
  const int n = net_.neurons;
  const size_t offset = row * static_cast<size_t>(n);
  int8_t* w = (is_axon ? net_.w_in.data() : net_.w_rec.data()) + offset;
  const uint8_t* plastic = (is_axon ? net_.plastic_in.data() : net_.plastic_rec.data()) + offset;
  const int weight_exp = is_axon ? net_.weight_exp_in : net_.weight_exp_rec;
  const uint32_t plastic_count = row_plastic_[is_axon ? static_cast<size_t>(n) + row : row];
  deliveries_ += static_cast<uint64_t>(n);
  if (!net_.learning || plastic_count == 0) {
    deliver_row(acc_.data(), w, n, weight_exp);
    return;
  }
  const StdpParams& s = net_.stdp;
  plastic_updates_ += plastic_count;
  if (s.rule == StdpRule::kSoftBound) {
    deliver_depress_row_soft(acc_.data(), w, plastic, trace_post_.data(), trace_drop_, n, weight_exp,
                             net_.seed, time_,
                             fx::synapse_key(fx::StdpKind::kDepression, pre_id, 0), s.a_minus,
                             stdp_shift_, s.w_min, s.w_max);
    return;
  }
  deliver_depress_row(acc_.data(), w, plastic, trace_post_.data(), trace_drop_, n, weight_exp,
                      net_.seed,
                      time_, fx::synapse_key(fx::StdpKind::kDepression, pre_id, 0), s.a_minus,
                      stdp_shift_, s.w_min, s.w_max);
}

// Phase 2: every neuron integrates its input, fires, resets, adapts.
void Simulator::update_neurons() {
  const NeuronArrays p{par_decay_u_.data(),   par_decay_v_.data(),    par_bias_.data(),
                       par_threshold_.data(), par_v_reset_.data(),    par_refractory_.data(),
                       par_adapt_step_.data(), par_decay_adapt_.data(),
                       fx::adapt_decays(time_, net_.adapt_interval_log2)};
  update_neuron_range(net_.neurons, p, u_.data(), v_.data(), adapt_.data(), refractory_.data(),
                      acc_.data(), spike_flag_.data());
  spikes_.clear();
  for (int j = 0; j < net_.neurons; ++j) {
    if (spike_flag_[static_cast<size_t>(j)]) spikes_.push_back(static_cast<uint16_t>(j));
  }
}

// Phase 3: presynaptic traces count this step's events (neurons that fired
// last step, axons of this step); postsynaptic traces count this step's spikes.
void Simulator::update_traces() {
  const StdpParams& s = net_.stdp;
  const int bits = s.trace_bits;
  for (size_t i = 0; i < trace_pre_.size(); ++i) {
    trace_pre_[i] = static_cast<uint32_t>(fx::trace_update(
        trace_pre_[i], s.decay_pre, neuron_event_[i] != 0, s.trace_inc_pre, bits));
  }
  for (size_t a = 0; a < axon_trace_.size(); ++a) {
    axon_trace_[a] = static_cast<uint32_t>(fx::trace_update(
        axon_trace_[a], s.decay_pre, axon_event_[a] != 0, s.trace_inc_pre, bits));
  }
  for (size_t j = 0; j < trace_post_.size(); ++j) {
    trace_post_[j] = static_cast<uint32_t>(fx::trace_update(
        trace_post_[j], s.decay_post, spike_flag_[j] != 0, s.trace_inc_post, bits));
  }
}

// Phase 4: every neuron that spiked this step potentiates its plastic
// incoming synapses from the (just updated) presynaptic traces. Each synapse
// is updated at most once in this phase, so the order does not matter: the
// amounts are computed column by column in vectorised passes, for a chunk of
// spiking neurons at a time, then applied walking the weights row by row.
void Simulator::potentiate() {
  if (!net_.learning || spikes_.empty()) return;
  const StdpParams& s = net_.stdp;
  const auto n = static_cast<size_t>(net_.neurons);
  const auto m = static_cast<size_t>(net_.inputs);
  const size_t rows = n + m;
  pot_cols_.clear();
  for (uint16_t j : spikes_) {
    const uint32_t count = col_plastic_rec_[j] + col_plastic_in_[j];
    if (count == 0) continue;
    pot_cols_.push_back(j);
    plastic_updates_ += count;
  }
  if (s.rule == StdpRule::kSoftBound) {
    potentiate_soft();
    return;
  }
  for (size_t c0 = 0; c0 < pot_cols_.size(); c0 += kPotentiationChunk) {
    const size_t count = std::min(kPotentiationChunk, pot_cols_.size() - c0);
    const uint16_t* cols = pot_cols_.data() + c0;
    for (size_t k = 0; k < count; ++k) {
      uint8_t* d = pot_amount_.data() + k * rows;
      potentiation_amounts(d, trace_pre_.data(), trace_drop_, static_cast<int>(n), fx::neuron_pre_id(0),
                           cols[k], net_.seed, time_, s.a_plus, stdp_shift_);
      potentiation_amounts(d + n, axon_trace_.data(), trace_drop_, static_cast<int>(m), fx::axon_pre_id(0),
                           cols[k], net_.seed, time_, s.a_plus, stdp_shift_);
    }
    bool rec_all = true, in_all = true;
    for (size_t k = 0; k < count; ++k) {
      rec_all = rec_all && col_plastic_rec_[cols[k]] == n;
      in_all = in_all && col_plastic_in_[cols[k]] == m;
    }
    apply_columns(net_.w_rec.data(), net_.plastic_rec.data(), n, n, cols, count,
                  pot_amount_.data(), rows, s.w_min, s.w_max, rec_all);
    apply_columns(net_.w_in.data(), net_.plastic_in.data(), m, n, cols, count,
                  pot_amount_.data() + n, rows, s.w_min, s.w_max, in_all);
  }
}

// Phase 4 with the soft-bound rule: the amount depends on the weight
// (fx::stdp_delta_soft with span w_max - w), so it is computed synapse by
// synapse from the weight as phase 1 left it.
void Simulator::potentiate_soft() {
  const StdpParams& s = net_.stdp;
  const auto n = static_cast<size_t>(net_.neurons);
  const auto m = static_cast<size_t>(net_.inputs);
  auto column = [&](int8_t* w, const uint8_t* plastic, const uint32_t* x, size_t rows,
                    uint32_t first_pre_id, uint16_t j) {
    const uint32_t key = fx::synapse_key(fx::StdpKind::kPotentiation, first_pre_id, j);
    for (size_t i = 0; i < rows; ++i) {
      const size_t k = i * n + j;
      if (!plastic[k]) continue;
      const uint32_t r = fx::hash3(net_.seed, time_, key + (static_cast<uint32_t>(i) << 16));
      const int32_t old = w[k];
      const auto trace = static_cast<int32_t>(x[i] >> trace_drop_);
      const int32_t d = fx::stdp_delta_soft(s.a_plus, trace, s.w_max - old, stdp_shift_, r);
      w[k] = static_cast<int8_t>(fx::clip_weight(old + d, s.w_min, s.w_max));
    }
  };
  for (uint16_t j : pot_cols_) {
    column(net_.w_rec.data(), net_.plastic_rec.data(), trace_pre_.data(), n, fx::neuron_pre_id(0), j);
    column(net_.w_in.data(), net_.plastic_in.data(), axon_trace_.data(), m, fx::axon_pre_id(0), j);
  }
}

// Phase 5, weight normalisation (docs/model.md): on the steps whose low
// interval_log2 bits are 0, with learning on, every neuron's plastic input
// weights (as phase 4 left them) move by fx::norm_delta of their sum,
// clipped to [w_min, w_max]. The sums are all taken before any weight moves
// (columns are independent, so this is also the per-neuron order), walking
// the weights row by row.
void Simulator::normalise() {
  const NormParams& q = net_.norm;
  if (!net_.learning || !q.enabled || !fx::adapt_decays(time_, q.interval_log2)) return;
  const auto n = static_cast<size_t>(net_.neurons);
  const auto m = static_cast<size_t>(net_.inputs);
  int32_t* sum = norm_sum_.data();
  std::fill(norm_sum_.begin(), norm_sum_.end(), 0);
  auto add_rows = [&](const int8_t* w, const uint8_t* plastic, size_t rows) {
    for (size_t i = 0; i < rows; ++i) {
      const int8_t* wr = w + i * n;
      const uint8_t* pr = plastic + i * n;
      for (size_t j = 0; j < n; ++j) sum[j] += pr[j] ? wr[j] : 0;
    }
  };
  add_rows(net_.w_rec.data(), net_.plastic_rec.data(), n);
  add_rows(net_.w_in.data(), net_.plastic_in.data(), m);
  for (size_t j = 0; j < n; ++j) sum[j] = fx::norm_delta(q.target, sum[j], q.shift);
  const int32_t lo = net_.stdp.w_min, hi = net_.stdp.w_max;
  auto move_rows = [&](int8_t* w, const uint8_t* plastic, size_t rows) {
    for (size_t i = 0; i < rows; ++i) {
      int8_t* wr = w + i * n;
      const uint8_t* pr = plastic + i * n;
      for (size_t j = 0; j < n; ++j) {
        const int32_t moved = fx::clip_weight(wr[j] + sum[j], lo, hi);
        wr[j] = static_cast<int8_t>(pr[j] ? moved : wr[j]);
      }
    }
  };
  move_rows(net_.w_rec.data(), net_.plastic_rec.data(), n);
  move_rows(net_.w_in.data(), net_.plastic_in.data(), m);
}

const std::vector<uint16_t>& Simulator::step(std::span<const uint16_t> input_axons) {
  // This step's input axons (duplicates count once): those without delay
  // arrive now, the others join the slot of their arrival step.
  axon_input_.assign(input_axons.begin(), input_axons.end());
  for (uint16_t a : axon_input_) {
    if (a >= net_.inputs) {
      throw std::out_of_range("input axon " + std::to_string(a) + " is outside [0, " +
                              std::to_string(net_.inputs - 1) + "]");
    }
  }
  std::sort(axon_input_.begin(), axon_input_.end());
  axon_input_.erase(std::unique(axon_input_.begin(), axon_input_.end()), axon_input_.end());
  for (uint16_t a : axon_input_) slot(time_ + net_.delay_in[a]).axons.push_back(a);

  // This step's presynaptic events: what arrives now.
  Arrivals& due = slot(time_);
  fired_.swap(due.neurons);
  axon_list_.swap(due.axons);
  due.neurons.clear();
  due.axons.clear();
  for (uint16_t i : fired_) neuron_event_[i] = 1;
  for (uint16_t a : axon_list_) axon_event_[a] = 1;

  // Phase 1: delivery and depression.
  for (uint16_t i : fired_) deliver(fx::neuron_pre_id(i), i, false);
  for (uint16_t a : axon_list_) deliver(fx::axon_pre_id(a), a, true);
  update_neurons();  // phase 2
  update_traces();   // phase 3
  potentiate();      // phase 4
  normalise();       // phase 5

  for (uint16_t i : fired_) neuron_event_[i] = 0;
  for (uint16_t a : axon_list_) axon_event_[a] = 0;
  // This step's spikes arrive 1 + delay steps later (the slot just emptied
  // receives those of delay kDelayMax).
  for (uint16_t j : spikes_) slot(time_ + 1 + net_.delay_rec[j]).neurons.push_back(j);
  ++time_;
  return spikes_;
}

RunResult run(Simulator& sim, uint32_t steps, std::span<const Spike> inputs,
              std::span<const uint32_t> probe_neurons) {
  std::vector<Spike> sorted(inputs.begin(), inputs.end());
  std::sort(sorted.begin(), sorted.end());
  RunResult result;
  const uint32_t start = sim.time();
  auto next = std::lower_bound(sorted.begin(), sorted.end(), Spike{start, 0});
  std::vector<uint16_t> axons;
  for (uint32_t k = 0; k < steps; ++k) {
    const uint32_t t = start + k;
    axons.clear();
    for (; next != sorted.end() && next->step == t; ++next) {
      if (next->index > 0xFFFF) throw std::out_of_range("input axon index too large");
      axons.push_back(static_cast<uint16_t>(next->index));
    }
    for (uint16_t j : sim.step(axons)) result.spikes.push_back({t, j});
    for (uint32_t j : probe_neurons) {
      result.probes.push_back({t, j, sim.neuron_state(static_cast<int>(j))});
    }
  }
  return result;
}

}  // namespace synfire
