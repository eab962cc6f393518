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
  neuron_event_.assign(n, 0);
  fired_.reserve(n);
  spikes_.reserve(n);
}

NeuronState Simulator::neuron_state(int neuron) const {
  const auto j = static_cast<size_t>(neuron);
  return {u_.at(j), v_.at(j), adapt_.at(j), refractory_.at(j), trace_pre_.at(j),
          trace_post_.at(j)};
}

void Simulator::set_neuron_state(int neuron, const NeuronState& s) {
  const auto j = static_cast<size_t>(neuron);
  u_.at(j) = s.u;
  v_.at(j) = s.v;
  adapt_.at(j) = s.adapt;
  refractory_.at(j) = s.refractory;
  trace_pre_.at(j) = static_cast<uint8_t>(s.trace_pre);
  trace_post_.at(j) = static_cast<uint8_t>(s.trace_post);
}

void Simulator::set_axon_trace(int axon, int32_t trace) {
  axon_trace_.at(static_cast<size_t>(axon)) = static_cast<uint8_t>(trace);
}

// Phase 1 for one presynaptic event: add the row to the accumulators and,
// with learning on, depress its plastic synapses from the post traces. The
// weight delivered is the one read before its depression.
void Simulator::deliver_and_depress(uint32_t pre_id, int8_t* w_row, const uint8_t* plastic_row,
                                    int weight_exp) {
  const int n = net_.neurons;
  const int32_t scale = 1 << weight_exp;
  int32_t* acc = acc_.data();
  deliveries_ += static_cast<uint64_t>(n);
  if (!net_.learning) {
    for (int j = 0; j < n; ++j) acc[j] += w_row[j] * scale;
    return;
  }
  const StdpParams& s = net_.stdp;
  const uint8_t* y = trace_post_.data();
  const uint32_t seed = net_.seed;
  const uint32_t t = time_;
  const uint32_t key = fx::synapse_key(fx::StdpKind::kDepression, pre_id, 0);
  uint64_t updates = 0;
  for (int j = 0; j < n; ++j) {
    const int32_t w = w_row[j];
    acc[j] += w * scale;
    const uint32_t r = fx::hash3(seed, t, key | static_cast<uint32_t>(j));
    const int32_t d = fx::stdp_delta(s.a_minus, y[j], s.shift, r);
    const int32_t nw = fx::clip_weight(w - d, s.w_min, s.w_max);
    w_row[j] = static_cast<int8_t>(plastic_row[j] ? nw : w);
    updates += plastic_row[j];
  }
  plastic_updates_ += updates;
}

// Phase 2: every neuron integrates its input, fires, resets, adapts.
void Simulator::update_neurons() {
  spikes_.clear();
  for (int j = 0; j < net_.neurons; ++j) {
    const auto k = static_cast<size_t>(j);
    const NeuronParams& p = net_.params[k];
    const int32_t u = fx::sat_potential(int64_t{fx::decay(u_[k], p.decay_u)} + acc_[k]);
    acc_[k] = 0;
    u_[k] = u;
    bool spike = false;
    if (refractory_[k] > 0) {
      --refractory_[k];  // v is held; no integration, no spike
    } else {
      int32_t v = fx::sat_potential(int64_t{fx::decay(v_[k], p.decay_v)} + u + p.bias);
      spike = int64_t{v} >= int64_t{p.threshold} + adapt_[k];
      if (spike) {
        v = p.v_reset;
        refractory_[k] = p.refractory;
        spikes_.push_back(static_cast<uint16_t>(j));
      }
      v_[k] = v;
    }
    adapt_[k] = static_cast<int32_t>(std::min<int64_t>(
        int64_t{fx::decay(adapt_[k], p.decay_adapt)} + (spike ? p.adapt_step : 0),
        fx::kPotentialMax));
  }
}

// Phase 3: presynaptic traces count this step's events (neurons that fired
// last step, axons of this step); postsynaptic traces count this step's spikes.
void Simulator::update_traces() {
  const StdpParams& s = net_.stdp;
  for (size_t i = 0; i < trace_pre_.size(); ++i) {
    trace_pre_[i] = static_cast<uint8_t>(
        fx::trace_update(trace_pre_[i], s.decay_pre, neuron_event_[i] != 0, s.trace_inc_pre));
  }
  for (size_t a = 0; a < axon_trace_.size(); ++a) {
    axon_trace_[a] = static_cast<uint8_t>(
        fx::trace_update(axon_trace_[a], s.decay_pre, axon_event_[a] != 0, s.trace_inc_pre));
  }
  std::vector<uint8_t>& y = trace_post_;
  size_t next = 0;
  for (size_t j = 0; j < y.size(); ++j) {
    const bool spiked = next < spikes_.size() && spikes_[next] == j;
    if (spiked) ++next;
    y[j] = static_cast<uint8_t>(fx::trace_update(y[j], s.decay_post, spiked, s.trace_inc_post));
  }
}

// Phase 4: every neuron that spiked this step potentiates its plastic
// incoming synapses from the (just updated) presynaptic traces. Walked row by
// row so that memory is read in order.
void Simulator::potentiate() {
  if (!net_.learning || spikes_.empty()) return;
  const StdpParams& s = net_.stdp;
  const auto n = static_cast<size_t>(net_.neurons);
  const uint32_t seed = net_.seed;
  const uint32_t t = time_;
  auto potentiate_row = [&](uint32_t pre_id, int32_t trace, int8_t* w_row,
                            const uint8_t* plastic_row) {
    const uint32_t key = fx::synapse_key(fx::StdpKind::kPotentiation, pre_id, 0);
    for (uint16_t j : spikes_) {
      if (!plastic_row[j]) continue;
      const uint32_t r = fx::hash3(seed, t, key | j);
      const int32_t d = fx::stdp_delta(s.a_plus, trace, s.shift, r);
      w_row[j] = static_cast<int8_t>(fx::clip_weight(w_row[j] + d, s.w_min, s.w_max));
      ++plastic_updates_;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    potentiate_row(fx::neuron_pre_id(static_cast<uint32_t>(i)), trace_pre_[i],
                   &net_.w_rec[i * n], &net_.plastic_rec[i * n]);
  }
  for (size_t a = 0; a < axon_trace_.size(); ++a) {
    potentiate_row(fx::axon_pre_id(static_cast<uint32_t>(a)), axon_trace_[a], &net_.w_in[a * n],
                   &net_.plastic_in[a * n]);
  }
}

const std::vector<uint16_t>& Simulator::step(std::span<const uint16_t> input_axons) {
  const auto n = static_cast<size_t>(net_.neurons);
  // This step's presynaptic events.
  axon_list_.clear();
  for (uint16_t a : input_axons) {
    if (a >= net_.inputs) {
      throw std::out_of_range("input axon " + std::to_string(a) + " is outside [0, " +
                              std::to_string(net_.inputs - 1) + "]");
    }
    if (!axon_event_[a]) {
      axon_event_[a] = 1;
      axon_list_.push_back(a);
    }
  }
  std::sort(axon_list_.begin(), axon_list_.end());
  for (uint16_t i : fired_) neuron_event_[i] = 1;

  // Phase 1: delivery and depression.
  for (uint16_t i : fired_) {
    deliver_and_depress(fx::neuron_pre_id(i), &net_.w_rec[i * n], &net_.plastic_rec[i * n],
                        net_.weight_exp_rec);
  }
  for (uint16_t a : axon_list_) {
    deliver_and_depress(fx::axon_pre_id(a), &net_.w_in[a * n], &net_.plastic_in[a * n],
                        net_.weight_exp_in);
  }
  update_neurons();  // phase 2
  update_traces();   // phase 3
  potentiate();      // phase 4

  for (uint16_t i : fired_) neuron_event_[i] = 0;
  for (uint16_t a : axon_list_) axon_event_[a] = 0;
  fired_ = spikes_;
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
