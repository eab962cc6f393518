// The bit-exact reference simulator of a synfire network (docs/model.md).
//
// It is the `model` back end of the CLI and the oracle of every RTL test.
// State is kept as structure-of-arrays so that the per-spike loops over a
// weight row vectorise; only integers are used.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "network.hpp"

namespace synfire {

// The dynamic state of one neuron, as the hardware stores it.
struct NeuronState {
  int32_t u = 0;           // synaptic current, signed 24-bit
  int32_t v = 0;           // membrane potential, signed 24-bit
  int32_t adapt = 0;       // threshold raise, [0, 2^23-1]
  int32_t refractory = 0;  // remaining refractory steps, [0, 255]
  // The traces are [0, 255] with stdp.trace_bits 8, [0, 16777215] with 24.
  int32_t trace_pre = 0;   // presynaptic trace of this neuron's outgoing synapses
  int32_t trace_post = 0;  // postsynaptic trace of its incoming synapses
  bool operator==(const NeuronState&) const = default;
};

class Simulator {
 public:
  static constexpr size_t kArrivalSlots = 16;  // fx::kDelaySlots (checked in simulator.cpp)

  // Takes a copy of the network; throws std::invalid_argument with the
  // message of validate() if it is not valid. State starts at zero, step 0.
  explicit Simulator(Network net);

  // Runs one timestep with the given input axons spiking (any order;
  // duplicates count once). Returns the neurons that spiked, ascending.
  // Throws std::out_of_range for an axon index >= M.
  const std::vector<uint16_t>& step(std::span<const uint16_t> input_axons);

  // The network with its current (possibly learned) weights.
  const Network& network() const { return net_; }
  uint32_t time() const { return time_; }
  bool learning() const { return net_.learning; }
  void set_learning(bool on) { net_.learning = on; }

  NeuronState neuron_state(int neuron) const;
  void set_neuron_state(int neuron, const NeuronState& s);
  int32_t axon_trace(int axon) const { return static_cast<int32_t>(axon_trace_[static_cast<size_t>(axon)]); }
  void set_axon_trace(int axon, int32_t trace);
  // Events in flight (docs/model.md, "Axonal delays"): the neurons whose
  // spikes and the input axons whose events arrive at step time() + k, for k
  // in [0, kDelayMax], ascending. Without delays only the neurons of k = 0
  // exist: those that spiked in the previous step.
  std::vector<uint16_t> arriving_neurons(int k) const;
  std::vector<uint16_t> arriving_axons(int k) const;
  std::vector<uint16_t> pending_spikes() const { return arriving_neurons(0); }
  // Replaces the events arriving at step time() + k. Throws
  // std::invalid_argument for indices out of range, not ascending, or not
  // possible with the network's delays (a neuron arrives at most
  // 1 + delay_rec ahead of its spike, so k <= delay_rec; an axon k < delay_in).
  void set_arrivals(int k, std::span<const uint16_t> neurons, std::span<const uint16_t> axons);
  void set_pending_spikes(std::span<const uint16_t> neurons) { set_arrivals(0, neurons, {}); }
  void set_time(uint32_t t) { time_ = t; }

  // Totals since construction (for benchmarks): synaptic deliveries, and
  // STDP updates applied (depression + potentiation) to plastic synapses.
  uint64_t deliveries() const { return deliveries_; }
  uint64_t plastic_updates() const { return plastic_updates_; }

 private:
  void deliver(uint32_t pre_id, size_t row, bool is_axon);
  void update_neurons();
  void update_traces();
  void potentiate();
  void potentiate_soft();
  void normalise();

  Network net_;
  uint32_t time_ = 0;
  // Neuron state, structure of arrays.
  std::vector<int32_t> u_, v_, adapt_, refractory_;
  std::vector<uint32_t> trace_pre_, trace_post_, axon_trace_;  // 8 or 24 bits used
  int stdp_shift_ = 0;  // stdp.shift + fx::stdp_frac_bits (fx::stdp_delta)
  int trace_drop_ = 0;  // fx::stdp_trace_drop: the STDP product reads trace >> trace_drop_
  std::vector<int32_t> acc_;  // this step's summed synaptic input, per neuron
  // Neuron parameters split by field (they never change), for phase 2's SIMD loop.
  std::vector<int32_t> par_decay_u_, par_decay_v_, par_bias_, par_threshold_, par_v_reset_,
      par_refractory_, par_adapt_step_, par_decay_adapt_;
  std::vector<uint8_t> spike_flag_;  // per neuron: spiked in this step
  // Events in flight: slot t mod kDelaySlots holds what arrives at step t
  // (in any order; a step takes its slot's lists and leaves the slot empty).
  struct Arrivals {
    std::vector<uint16_t> neurons, axons;
  };
  std::array<Arrivals, kArrivalSlots> ring_;
  Arrivals& slot(uint32_t t) { return ring_[t % kArrivalSlots]; }
  // Events of the current step.
  std::vector<uint16_t> fired_;       // neurons whose spikes arrive now (delivered now)
  std::vector<uint16_t> axon_input_;  // this step's input axons, ascending, unique
  std::vector<uint8_t> axon_event_;   // per axon: its event arrives this step
  std::vector<uint16_t> axon_list_;   // axons whose events arrive this step
  std::vector<uint8_t> neuron_event_; // per neuron: spiked last step (its pre event now)
  std::vector<uint16_t> spikes_;      // spikes produced by this step
  // Plastic flags never change, so their counts are kept: per row (N neurons,
  // then M axons) and per column (postsynaptic neuron) of each block. A row
  // or column without plastic synapses takes a path without hashing, a fully
  // plastic one a path that does not read the flags, and updates are counted
  // without scanning the flags.
  std::vector<uint32_t> row_plastic_, col_plastic_rec_, col_plastic_in_;
  // Scratch of phase 4: spiking neurons with plastic inputs, and the
  // potentiation amounts of a chunk of them (column k at k * (N + M)).
  static constexpr size_t kPotentiationChunk = 32;
  std::vector<uint16_t> pot_cols_;
  std::vector<uint8_t> pot_amount_;
  // Scratch of phase 5: per neuron, the sum of its plastic input weights,
  // then the amount each of them moves.
  std::vector<int32_t> norm_sum_;
  uint64_t deliveries_ = 0;
  uint64_t plastic_updates_ = 0;
};

// One spike: a step and a neuron (output) or axon (input) index.
struct Spike {
  uint32_t step;
  uint32_t index;
  bool operator==(const Spike&) const = default;
  auto operator<=>(const Spike&) const = default;
};

// One probe sample of a neuron after a step.
struct ProbeSample {
  uint32_t step;
  uint32_t neuron;
  NeuronState state;
  bool operator==(const ProbeSample&) const = default;
};

struct RunResult {
  std::vector<Spike> spikes;        // output spikes in order of (step, neuron)
  std::vector<ProbeSample> probes;  // probed neurons after every step
};

// Runs `steps` timesteps from the simulator's current time. `inputs` holds
// input spikes with absolute step numbers (any order); those outside the
// window are ignored. Probed neurons are sampled after each step.
RunResult run(Simulator& sim, uint32_t steps, std::span<const Spike> inputs,
              std::span<const uint32_t> probe_neurons = {});

}  // namespace synfire
