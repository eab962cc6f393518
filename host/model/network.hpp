// The in-memory network: sizes, per-neuron parameters, STDP parameters,
// weights and plastic flags. docs/model.md defines what every field means;
// docs/network-format.md how it is stored in JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace synfire {

// Largest sizes the network format accepts (the hash keys give 14 bits to a
// presynaptic index and 16 to a postsynaptic one). A board's own capacity is
// smaller and is checked when a network is loaded onto it.
inline constexpr int kMaxNeurons = 4096;
inline constexpr int kMaxInputs = 4096;

struct NeuronParams {
  int32_t decay_u = 0;      // [0, 4095]: fraction decay_u/4096 of u lost per step
  int32_t decay_v = 0;      // [0, 4095]
  int32_t bias = 0;         // signed 24-bit, added to v every non-refractory step
  int32_t threshold = 1;    // signed 24-bit base threshold
  int32_t v_reset = 0;      // signed 24-bit, v after a spike
  int32_t refractory = 0;   // [0, 255] steps during which v is held and no spike occurs
  int32_t adapt_step = 0;   // [0, 2^23-1] threshold raise per spike (0: no adaptation)
  int32_t decay_adapt = 0;  // [0, 4095] decay of the threshold raise
  bool operator==(const NeuronParams&) const = default;
};

// How the amount of an STDP update depends on the weight (docs/model.md, "STDP").
enum class StdpRule : int32_t {
  kAdditive = 0,   // delta = amplitude * trace / 2^shift, independent of w
  kSoftBound = 1,  // delta scaled by (w_max - w) / 256 (potentiation) or (w - w_min) / 256
};

struct StdpParams {
  int32_t a_plus = 0;          // [0, 255] potentiation amplitude
  int32_t a_minus = 0;         // [0, 255] depression amplitude
  int32_t shift = 0;           // [0, 15]: weight change = amplitude * trace / 2^shift
  int32_t trace_inc_pre = 0;   // [0, 255] added to a presynaptic trace per event
  int32_t trace_inc_post = 0;  // [0, 255] added to a postsynaptic trace per spike
  int32_t decay_pre = 0;       // [0, 4095]
  int32_t decay_post = 0;      // [0, 4095]
  int32_t w_min = -128;        // plastic weights stay in [w_min, w_max]
  int32_t w_max = 127;
  StdpRule rule = StdpRule::kAdditive;
  // 8 or 24: the width of every STDP trace (docs/model.md, "Trace width").
  // 24-bit traces are the 8-bit ones with 16 fraction bits more (increments
  // and amounts keep their meaning), for decays slower than about 1/20 per
  // step; an optional core feature (kFeatureWideTraces).
  int32_t trace_bits = 8;
  bool operator==(const StdpParams&) const = default;
};

// On-chip weight normalisation (synaptic scaling, docs/model.md "Weight
// normalisation"): on the steps t with t mod 2^interval_log2 == 0, while
// learning is on, every neuron's plastic input weights (recurrent and input
// axons alike; the plastic flags choose which) are moved by one common
// amount toward the sum `target`: w += round((target - sum) / 2^shift),
// clipped to [w_min, w_max]. With 2^shift plastic inputs one pass restores
// the sum (up to rounding and clipping).
struct NormParams {
  bool enabled = false;
  int32_t target = 0;         // signed 24-bit: the sum of plastic input weights held
  int32_t shift = 0;          // [0, 15]
  int32_t interval_log2 = 0;  // [0, 15]: normalise every 2^interval_log2 steps
  bool operator==(const NormParams&) const = default;
};

struct Network {
  int neurons = 0;             // N, [1, kMaxNeurons]
  int inputs = 0;              // M, [0, kMaxInputs]
  int weight_bits = 8;         // [2, 8]: weights are signed weight_bits-bit integers
  int weight_exp_rec = 0;      // [0, 8]: recurrent weight w adds w * 2^weight_exp_rec to u
  int weight_exp_in = 0;       // [0, 8]: input weight w adds w * 2^weight_exp_in to u
  uint32_t seed = 0;           // seed of the stochastic rounding
  bool learning = false;       // STDP on at start (switchable at run time)
  // [0, 15]: every neuron's adaptation decays only on the steps t with
  // t mod 2^adapt_interval_log2 == 0 (long time constants; 0: every step).
  int adapt_interval_log2 = 0;
  std::vector<NeuronParams> params;  // N entries
  StdpParams stdp;
  NormParams norm;
  // Row-major by presynaptic index: w_rec[i * N + j] is neuron i -> neuron j,
  // w_in[a * N + j] is input axon a -> neuron j. Weight 0 delivers nothing.
  std::vector<int8_t> w_rec;
  std::vector<int8_t> w_in;
  // 1 where the synapse is plastic (same layout as the weights).
  std::vector<uint8_t> plastic_rec;
  std::vector<uint8_t> plastic_in;
  // Axonal delays in steps, [0, kDelayMax] (docs/model.md, "Axonal delays"):
  // a spike of neuron i at step t arrives at t + 1 + delay_rec[i], one of
  // input axon a at t + delay_in[a]. All 0 is the network without delays.
  std::vector<uint8_t> delay_rec;  // N entries
  std::vector<uint8_t> delay_in;   // M entries

  // A network of the given size with default parameters and no synapses.
  static Network empty(int neurons, int inputs);

  int weight_min() const { return -(1 << (weight_bits - 1)); }
  int weight_max() const { return (1 << (weight_bits - 1)) - 1; }
  // Some neuron or axon has a nonzero delay (an optional core feature).
  bool has_delays() const;
  bool operator==(const Network&) const = default;
};

// Checks every field against its documented range. Returns an empty string if
// the network is valid, otherwise one message naming the first bad field and
// its value (for example "neurons[3].decay_u = 5000 is outside [0, 4095]").
std::string validate(const Network& net);

}  // namespace synfire
