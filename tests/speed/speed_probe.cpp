// speed_probe: a fixed, seeded workload for one verilated model, run by
// tests/speed/check_speed.py under callgrind to count the instructions per
// simulated clock cycle (deterministic, unlike wall time on a shared machine).
//
//   speed_probe core CONFIG   the core (CoreSim) of configuration CONFIG:
//                             upload a random network, run 40 steps with
//                             learning on and random input
//   speed_probe link CONFIG   the link and core (LinkSim) behind the host
//                             driver: the same through the protocol
//
// It prints what it ran; the cycle count comes from callgrind's call count
// of the controller's tick().
#include <cstdio>
#include <exception>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core_network.hpp"
#include "core_sim.hpp"
#include "device_backend.hpp"
#include "link_device.hpp"
#include "link_sim.hpp"
#include "random_network.hpp"

using namespace synfire;

namespace {

constexpr unsigned kSeed = 20261203;
constexpr uint32_t kSteps = 40;
constexpr double kInputRate = 0.02;

Network probe_network(int n, int m, bool per_row_flags) {
  std::mt19937 rng(kSeed);
  Network net = test::random_network(
      rng, n, m,
      {.values = test::Values::kLively, .per_row_flags = per_row_flags, .density = {}, .learning = {}});
  net.learning = true;
  return net;
}

void run_core(const std::string& config) {
  rtl::CoreSim sim(config);
  const auto& p = sim.params();
  const Network net = probe_network(static_cast<int>(p.neurons), static_cast<int>(p.inputs),
                                    !p.plastic_per_synapse);
  rtl::load_network(sim, net);
  std::mt19937 rng(kSeed + 1);
  std::bernoulli_distribution fire(kInputRate);
  uint64_t spikes = 0;
  for (uint32_t t = 0; t < kSteps; ++t) {
    std::vector<uint16_t> axons;
    for (uint32_t a = 0; a < p.inputs; ++a) {
      if (fire(rng)) axons.push_back(static_cast<uint16_t>(a));
    }
    spikes += sim.step(axons).spikes.size();
  }
  std::printf("core %s: %u steps, %llu spikes, %llu cycles\n", config.c_str(), kSteps,
              static_cast<unsigned long long>(spikes), static_cast<unsigned long long>(sim.cycles()));
}

void run_link(const std::string& config) {
  auto dev = std::make_unique<link::Device>(board::open_sim_transport(config), 60000);
  auto backend = link::make_device_backend(std::move(dev), "speed_probe");
  const BoardInfo info = backend->info();
  const bool per_row_flags = (info.features & kFeaturePlasticPerSynapse) == 0;
  const Network net =
      probe_network(static_cast<int>(info.neurons), static_cast<int>(info.inputs), per_row_flags);
  backend->load(net);
  std::mt19937 rng(kSeed + 1);
  const std::vector<Spike> inputs =
      test::random_inputs(rng, static_cast<int>(info.inputs), kSteps, kInputRate);
  RunRequest req;
  req.steps = kSteps;
  req.inputs = inputs;
  const RunSummary sum = backend->run(req);
  std::printf("link %s: %u steps, %llu spikes\n", config.c_str(), kSteps,
              static_cast<unsigned long long>(sum.spikes));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "core" && std::string(argv[1]) != "link")) {
    std::cerr << "usage: speed_probe core|link CONFIG\n";
    return 2;
  }
  try {
    if (std::string(argv[1]) == "core") run_core(argv[2]);
    else run_link(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "speed_probe: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
