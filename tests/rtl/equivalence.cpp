#include "equivalence.hpp"

#include <sstream>

#include "core_network.hpp"
#include "simulator.hpp"

namespace synfire::rtl::test {

namespace {

std::string spikes_text(const std::vector<uint16_t>& s) {
  std::ostringstream o;
  o << "{";
  for (size_t k = 0; k < s.size(); ++k) o << (k ? "," : "") << s[k];
  o << "}";
  return o.str();
}

std::string compare_states(CoreSim& sim, const Simulator& model, uint32_t step) {
  const Network& net = model.network();
  const auto n = static_cast<uint32_t>(net.neurons);
  const std::vector<NeuronState> rtl = read_neuron_states(sim, n);
  for (uint32_t j = 0; j < n; ++j) {
    const NeuronState want = model.neuron_state(static_cast<int>(j));
    const NeuronState& got = rtl[j];
    const std::pair<const char*, std::pair<int32_t, int32_t>> fields[] = {
        {"u", {got.u, want.u}},
        {"v", {got.v, want.v}},
        {"adapt", {got.adapt, want.adapt}},
        {"refractory", {got.refractory, want.refractory}},
        {"trace_pre", {got.trace_pre, want.trace_pre}},
        {"trace_post", {got.trace_post, want.trace_post}}};
    for (const auto& [name, values] : fields) {
      if (values.first != values.second) {
        return "after step " + std::to_string(step) + " neuron " + std::to_string(j) + " " + name +
               ": rtl " + std::to_string(values.first) + ", model " +
               std::to_string(values.second);
      }
    }
  }
  const auto m = static_cast<uint32_t>(net.inputs);
  const std::vector<int32_t> traces = read_axon_traces(sim, m);
  for (uint32_t a = 0; a < m; ++a) {
    if (traces[a] != model.axon_trace(static_cast<int>(a))) {
      return "after step " + std::to_string(step) + " axon " + std::to_string(a) +
             " trace: rtl " + std::to_string(traces[a]) + ", model " +
             std::to_string(model.axon_trace(static_cast<int>(a)));
    }
  }
  // Events in flight: every list of the ring, neurons and axons.
  if (sim.params().delays) {
    for (uint32_t k = 0; k < port::kArrSlots; ++k) {
      for (bool axon : {false, true}) {
        const std::vector<uint16_t> got = read_arrivals(sim, k, axon);
        const std::vector<uint16_t> want = axon ? model.arriving_axons(static_cast<int>(k))
                                                : model.arriving_neurons(static_cast<int>(k));
        if (got != want) {
          return "after step " + std::to_string(step) + " " + (axon ? "axons" : "neurons") +
                 " arriving " + std::to_string(k) + " steps ahead: rtl " + spikes_text(got) +
                 ", model " + spikes_text(want);
        }
      }
    }
  }
  return "";
}

std::string compare_weights(CoreSim& sim, const Network& want) {
  Network got = want;
  read_weights(sim, got);
  const auto n = static_cast<size_t>(want.neurons);
  auto check = [&](const char* kind, const std::vector<int8_t>& gw, const std::vector<int8_t>& ww,
                   const std::vector<uint8_t>& gf, const std::vector<uint8_t>& wf) -> std::string {
    for (size_t k = 0; k < ww.size(); ++k) {
      if (gw[k] != ww[k] || gf[k] != wf[k]) {
        return std::string("at the end, ") + kind + " synapse " + std::to_string(k / n) + " -> " +
               std::to_string(k % n) + ": rtl weight " + std::to_string(gw[k]) + " flag " +
               std::to_string(gf[k]) + ", model weight " + std::to_string(ww[k]) + " flag " +
               std::to_string(wf[k]);
      }
    }
    return "";
  };
  std::string err = check("recurrent", got.w_rec, want.w_rec, got.plastic_rec, want.plastic_rec);
  if (err.empty()) err = check("input", got.w_in, want.w_in, got.plastic_in, want.plastic_in);
  return err;
}

}  // namespace

std::string compare_run(CoreSim& sim, const Network& net,
                        const std::vector<std::vector<uint16_t>>& inputs, RunStats* stats,
                        int check_every) {
  load_network(sim, net);
  Simulator model(net);
  for (size_t k = 0; k < inputs.size(); ++k) {
    const uint32_t t = model.time();
    const std::vector<uint16_t> want = model.step(inputs[k]);
    const StepResult got = sim.step(inputs[k]);
    if (stats) {
      ++stats->steps;
      stats->spikes += got.spikes.size();
      stats->cycles += got.cycles;
    }
    if (got.step != (t & 0x7FFF)) {
      return "step " + std::to_string(t) + ": the end-of-step word is tagged " +
             std::to_string(got.step);
    }
    if (got.spikes != want) {
      return "step " + std::to_string(t) + " spikes: rtl " + spikes_text(got.spikes) +
             ", model " + spikes_text(want);
    }
    if ((k + 1) % static_cast<size_t>(check_every) == 0 || k + 1 == inputs.size()) {
      if (std::string err = compare_states(sim, model, t); !err.empty()) return err;
    }
  }
  return compare_weights(sim, model.network());
}

}  // namespace synfire::rtl::test
