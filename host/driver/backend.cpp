#include "backend.hpp"

#include <algorithm>
#include <optional>

#include "core_map.hpp"
#include "fixed_point.hpp"

namespace synfire {

std::string BuildId::text() const {
  if (commit == 0 && config.empty()) return "none";
  if (commit == 0) return config + " (simulation, no commit)";
  static const char* digits = "0123456789abcdef";
  std::string hash;
  for (int sh = 28; sh >= 0; sh -= 4) hash += digits[(commit >> sh) & 15];
  return config + ", commit " + hash + (dirty() ? ", with uncommitted changes" : "");
}

std::vector<std::string> feature_names(uint32_t features) {
  static const std::pair<uint32_t, const char*> kNames[] = {
      {kFeatureStdp, "stdp"},
      {kFeatureAdaptation, "adaptation"},
      {kFeaturePlasticPerSynapse, "plastic-per-synapse"},
      {kFeatureFreeRun, "free-run"},
      {kFeatureProbes, "probes"},
      {kFeatureSoftBound, "soft-bound-stdp"},
      {kFeatureAdaptInterval, "adapt-interval"},
      {kFeatureDelays, "delays"},
      {kFeatureWeightNorm, "weight-norm"},
      {kFeatureWideTraces, "wide-traces"},
  };
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames) {
    if (features & bit) names.emplace_back(name);
  }
  return names;
}

void Backend::check_fits(const Network& net) {
  const BoardInfo b = info();
  core_map::check_fits({.name = b.kind,
                        .neurons = b.neurons,
                        .inputs = b.inputs,
                        .weight_bits = b.weight_bits,
                        .plastic_per_synapse = (b.features & kFeaturePlasticPerSynapse) != 0,
                        .soft_bound = (b.features & kFeatureSoftBound) != 0,
                        .adapt_interval = (b.features & kFeatureAdaptInterval) != 0,
                        .delays = (b.features & kFeatureDelays) != 0,
                        .weight_norm = (b.features & kFeatureWeightNorm) != 0,
                        .trace_bits = (b.features & kFeatureWideTraces) != 0 ? fx::kWideTraceBits : fx::kTraceBits},
                       net);
}

namespace {

class ModelBackend final : public Backend {
 public:
  BoardInfo info() override {
    BoardInfo b;
    b.kind = "model";
    b.neurons = kMaxNeurons;
    b.inputs = kMaxInputs;
    b.weight_bits = 8;
    b.features = kFeatureStdp | kFeatureAdaptation | kFeaturePlasticPerSynapse | kFeatureProbes |
                 kFeatureSoftBound | kFeatureAdaptInterval | kFeatureDelays | kFeatureWeightNorm |
                 kFeatureWideTraces;
    return b;
  }

  void load(const Network& net, const TransferProgress& progress) override {
    check_fits(net);
    sim_.emplace(net);
    if (progress) progress(synapses(net), synapses(net));
  }

  void set_learning(bool on) override { loaded().set_learning(on); }

  RunSummary run(const RunRequest& req) override {
    Simulator& sim = loaded();
    if (req.probe_every == 0) throw BackendError("probe interval must be at least 1 step");
    std::vector<Spike> inputs(req.inputs.begin(), req.inputs.end());
    std::sort(inputs.begin(), inputs.end());
    auto next = inputs.begin();
    RunSummary summary;
    std::vector<uint16_t> axons;
    std::vector<Spike> out;
    std::vector<ProbeSample> samples;
    for (uint32_t k = 0; k < req.steps; ++k) {
      axons.clear();
      for (; next != inputs.end() && next->step == k; ++next) {
        if (next->index >= static_cast<uint32_t>(sim.network().inputs)) {
          throw BackendError("input spike at step " + std::to_string(k) + " names axon " +
                             std::to_string(next->index) + " but the network has " +
                             std::to_string(sim.network().inputs) + " inputs");
        }
        axons.push_back(static_cast<uint16_t>(next->index));
      }
      const auto& fired = sim.step(axons);
      summary.spikes += fired.size();
      if (req.on_spikes && !fired.empty()) {
        out.clear();
        for (uint16_t j : fired) out.push_back({k, j});
        req.on_spikes(out);
      }
      if (!req.probes.empty() && (k + 1) % req.probe_every == 0) {
        samples.clear();
        for (uint32_t j : req.probes) samples.push_back({k, j, neuron_state(j)});
        if (req.on_probes) req.on_probes(samples);
      }
      if (req.on_progress && (k % 1024 == 1023 || k + 1 == req.steps)) req.on_progress(k + 1, req.steps);
    }
    summary.steps = req.steps;
    return summary;
  }

  Network read_network(const TransferProgress& progress) override {
    Network net = loaded().network();
    if (progress) progress(synapses(net), synapses(net));
    return net;
  }

  NeuronState neuron_state(uint32_t neuron) override {
    Simulator& sim = loaded();
    if (neuron >= static_cast<uint32_t>(sim.network().neurons)) {
      throw BackendError("neuron " + std::to_string(neuron) + " is outside the network (" +
                         std::to_string(sim.network().neurons) + " neurons)");
    }
    return sim.neuron_state(static_cast<int>(neuron));
  }

  uint32_t time() override { return loaded().time(); }

  NetworkState read_state() override { return simulator_state(loaded()); }

  void write_state(const NetworkState& state) override {
    Simulator& sim = loaded();
    if (const std::string err = validate(state, sim.network()); !err.empty()) {
      throw BackendError("the state does not fit the loaded network: " + err);
    }
    set_simulator_state(sim, state);
  }

 private:
  // The progress units of the model: it copies all synapses at once.
  static uint64_t synapses(const Network& net) {
    return uint64_t(net.neurons) * uint64_t(net.neurons + net.inputs);
  }

  Simulator& loaded() {
    if (!sim_) throw BackendError("no network is loaded");
    return *sim_;
  }
  std::optional<Simulator> sim_;
};

}  // namespace

std::unique_ptr<Backend> make_model_backend() { return std::make_unique<ModelBackend>(); }

}  // namespace synfire
