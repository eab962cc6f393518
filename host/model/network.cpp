#include "network.hpp"

#include <algorithm>
#include <sstream>

#include "fixed_point.hpp"

namespace synfire {

Network Network::empty(int neurons, int inputs) {
  Network net;
  net.neurons = neurons;
  net.inputs = inputs;
  const auto n = static_cast<size_t>(neurons);
  const auto m = static_cast<size_t>(inputs);
  net.params.assign(n, NeuronParams{});
  net.w_rec.assign(n * n, 0);
  net.w_in.assign(m * n, 0);
  net.plastic_rec.assign(n * n, 0);
  net.plastic_in.assign(m * n, 0);
  net.delay_rec.assign(n, 0);
  net.delay_in.assign(m, 0);
  return net;
}

bool Network::has_delays() const {
  auto nonzero = [](uint8_t d) { return d != 0; };
  return std::any_of(delay_rec.begin(), delay_rec.end(), nonzero) ||
         std::any_of(delay_in.begin(), delay_in.end(), nonzero);
}

namespace {

// Collects the first range violation as a message.
class RangeChecker {
 public:
  bool ok() const { return message_.empty(); }
  std::string message() const { return message_; }

  void check(const std::string& field, int64_t value, int64_t lo, int64_t hi) {
    if (!ok() || (value >= lo && value <= hi)) return;
    std::ostringstream s;
    s << field << " = " << value << " is outside [" << lo << ", " << hi << "]";
    message_ = s.str();
  }
  void fail(const std::string& text) {
    if (ok()) message_ = text;
  }

 private:
  std::string message_;
};

std::string index_field(const char* array, size_t i, const char* field) {
  return std::string(array) + "[" + std::to_string(i) + "]." + field;
}

void check_neuron(RangeChecker& c, size_t i, const NeuronParams& p) {
  using namespace fx;
  c.check(index_field("neurons", i, "decay_u"), p.decay_u, 0, kDecayMax);
  c.check(index_field("neurons", i, "decay_v"), p.decay_v, 0, kDecayMax);
  c.check(index_field("neurons", i, "bias"), p.bias, kPotentialMin, kPotentialMax);
  c.check(index_field("neurons", i, "threshold"), p.threshold, kPotentialMin, kPotentialMax);
  c.check(index_field("neurons", i, "v_reset"), p.v_reset, kPotentialMin, kPotentialMax);
  c.check(index_field("neurons", i, "refractory"), p.refractory, 0, kRefractoryMax);
  c.check(index_field("neurons", i, "adapt_step"), p.adapt_step, 0, kPotentialMax);
  c.check(index_field("neurons", i, "decay_adapt"), p.decay_adapt, 0, kDecayMax);
}

void check_weights(RangeChecker& c, const char* name, const std::vector<int8_t>& w, int rows,
                   int cols, int lo, int hi) {
  for (size_t k = 0; k < w.size() && c.ok(); ++k) {
    if (w[k] < lo || w[k] > hi) {
      std::ostringstream s;
      s << name << "[" << k / static_cast<size_t>(cols) << "][" << k % static_cast<size_t>(cols)
        << "] = " << int{w[k]} << " is outside [" << lo << ", " << hi << "]";
      c.fail(s.str());
    }
  }
  (void)rows;
}

void check_size(RangeChecker& c, const char* name, size_t actual, size_t expected) {
  if (actual != expected) {
    c.fail(std::string(name) + " has " + std::to_string(actual) + " entries, expected " +
           std::to_string(expected));
  }
}

}  // namespace

std::string validate(const Network& net) {
  using namespace fx;
  RangeChecker c;
  c.check("neurons", net.neurons, 1, kMaxNeurons);
  c.check("inputs", net.inputs, 0, kMaxInputs);
  c.check("weight_bits", net.weight_bits, kWeightBitsMin, kWeightBitsMax);
  c.check("weight_exp.recurrent", net.weight_exp_rec, 0, kWeightExpMax);
  c.check("weight_exp.input", net.weight_exp_in, 0, kWeightExpMax);
  if (!c.ok()) return c.message();

  const auto n = static_cast<size_t>(net.neurons);
  const auto m = static_cast<size_t>(net.inputs);
  check_size(c, "neuron parameters", net.params.size(), n);
  check_size(c, "recurrent weights", net.w_rec.size(), n * n);
  check_size(c, "input weights", net.w_in.size(), m * n);
  check_size(c, "recurrent plastic flags", net.plastic_rec.size(), n * n);
  check_size(c, "input plastic flags", net.plastic_in.size(), m * n);
  check_size(c, "recurrent delays", net.delay_rec.size(), n);
  check_size(c, "input delays", net.delay_in.size(), m);
  if (!c.ok()) return c.message();

  for (size_t i = 0; i < n && c.ok(); ++i) check_neuron(c, i, net.params[i]);

  const StdpParams& s = net.stdp;
  c.check("stdp.a_plus", s.a_plus, 0, kStdpAmplitudeMax);
  c.check("stdp.a_minus", s.a_minus, 0, kStdpAmplitudeMax);
  c.check("stdp.shift", s.shift, 0, kStdpShiftMax);
  c.check("stdp.trace_inc_pre", s.trace_inc_pre, 0, kTraceMax);
  c.check("stdp.trace_inc_post", s.trace_inc_post, 0, kTraceMax);
  c.check("stdp.decay_pre", s.decay_pre, 0, kDecayMax);
  c.check("stdp.decay_post", s.decay_post, 0, kDecayMax);
  c.check("stdp.w_min", s.w_min, net.weight_min(), net.weight_max());
  c.check("stdp.w_max", s.w_max, s.w_min, net.weight_max());
  c.check("stdp.rule", static_cast<int32_t>(s.rule), 0, 1);
  if (s.trace_bits != kTraceBits && s.trace_bits != kWideTraceBits) {
    c.fail("stdp.trace_bits = " + std::to_string(s.trace_bits) + " is neither 8 nor 24");
  }
  c.check("adapt_interval_log2", net.adapt_interval_log2, 0, kAdaptIntervalLog2Max);
  for (size_t i = 0; i < n; ++i) c.check("delays.recurrent[" + std::to_string(i) + "]", net.delay_rec[i], 0, kDelayMax);
  for (size_t a = 0; a < m; ++a) c.check("delays.input[" + std::to_string(a) + "]", net.delay_in[a], 0, kDelayMax);
  c.check("weight_norm.target", net.norm.target, kPotentialMin, kPotentialMax);
  c.check("weight_norm.shift", net.norm.shift, 0, kNormShiftMax);
  c.check("weight_norm.interval_log2", net.norm.interval_log2, 0, kNormIntervalLog2Max);

  check_weights(c, "weights.recurrent", net.w_rec, net.neurons, net.neurons, net.weight_min(),
                net.weight_max());
  check_weights(c, "weights.input", net.w_in, net.inputs, net.neurons, net.weight_min(),
                net.weight_max());
  return c.message();
}

}  // namespace synfire
