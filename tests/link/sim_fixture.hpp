// Helpers shared by the tests: a protocol back end over the RTL in process,
// and the comparison of a run with the reference model.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "backend.hpp"
#include "device_backend.hpp"
#include "link_sim.hpp"

namespace synfire::test {

// The protocol back end over link model `config` ("small", "sim256").
inline std::unique_ptr<Backend> sim_backend(const std::string& config) {
  auto dev = std::make_unique<link::Device>(board::open_sim_transport(config), 10000);
  return link::make_device_backend(std::move(dev), "sim-" + config);
}

struct Collected {
  std::vector<Spike> spikes;
  std::vector<ProbeSample> probes;
  RunSummary summary;
};

// Runs `req` on `b`, collecting what the callbacks deliver.
inline Collected collect(Backend& b, RunRequest req) {
  Collected c;
  req.on_spikes = [&](std::span<const Spike> s) { c.spikes.insert(c.spikes.end(), s.begin(), s.end()); };
  req.on_probes = [&](std::span<const ProbeSample> s) {
    c.probes.insert(c.probes.end(), s.begin(), s.end());
  };
  c.summary = b.run(req);
  return c;
}

// The first difference between two spike trains, as text (empty if equal).
inline std::string first_difference(const std::vector<Spike>& got, const std::vector<Spike>& want) {
  for (size_t i = 0; i < std::max(got.size(), want.size()); ++i) {
    if (i >= got.size()) {
      return "missing spike of neuron " + std::to_string(want[i].index) + " at step " +
             std::to_string(want[i].step);
    }
    if (i >= want.size() || !(got[i] == want[i])) {
      return "unexpected spike of neuron " + std::to_string(got[i].index) + " at step " +
             std::to_string(got[i].step);
    }
  }
  return {};
}

// Loads `net` on `board` and on the reference model, runs `req` on both and
// checks that spikes, probes, counts, time, weights and a third of the
// neurons' states agree and that the link counted no error.
inline void compare_with_model(Backend& board, const Network& net, const RunRequest& req) {
  auto model = make_model_backend();
  model->load(net);
  board.load(net);
  const Collected want = collect(*model, req);
  const Collected got = collect(board, req);
  INFO(first_difference(got.spikes, want.spikes));
  CHECK(got.spikes == want.spikes);
  CHECK(got.probes == want.probes);
  CHECK(got.summary.spikes == want.summary.spikes);
  CHECK(got.summary.link == LinkStats{});
  CHECK(board.time() == model->time());
  CHECK(board.read_network() == model->read_network());
  for (uint32_t j = 0; j < static_cast<uint32_t>(net.neurons); j += 3) {
    INFO("neuron " << j);
    CHECK(board.neuron_state(j) == model->neuron_state(j));
  }
}

}  // namespace synfire::test
