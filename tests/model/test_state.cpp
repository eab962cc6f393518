// State files (docs/file-formats.md, "State files"): a run continued from a
// saved state equals one long run, bit for bit, learning and the optional
// learning features included; bad files are refused naming the field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "random_network.hpp"
#include "simulator.hpp"
#include "state_file.hpp"

namespace synfire {
namespace {

TEST_CASE("a run continued from a saved state equals one long run", "[model][state]") {
  const uint64_t seed = test::test_seed("state continuation");
  test::Rng rng(seed);
  INFO("seed " << seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto dir = std::filesystem::temp_directory_path() / ("synfire_state_" + std::to_string(seed));
  std::filesystem::create_directories(dir);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 24);
    const int m = static_cast<int>(rng() % 24);
    const Network net = test::random_network(
        rng, n, m, {.values = test::Values::kExtreme, .per_row_flags = false, .density = unit(rng), .learning = {}});
    const int steps = 60;
    std::vector<std::vector<uint16_t>> inputs(steps);
    for (auto& step : inputs) {
      for (int a = 0; a < m; ++a) {
        if (unit(rng) < 0.3) step.push_back(static_cast<uint16_t>(a));
      }
    }
    Simulator whole(net);
    for (const auto& in : inputs) whole.step(in);

    Simulator first(net);
    for (int k = 0; k < steps / 2; ++k) first.step(inputs[static_cast<size_t>(k)]);
    save_state(simulator_state(first), dir / "state.json");
    const NetworkState saved = load_state(dir / "state.json");
    REQUIRE(saved == simulator_state(first));
    REQUIRE(validate(saved, first.network()).empty());
    Simulator second(first.network());  // the learned weights, state reset
    set_simulator_state(second, saved);
    for (int k = steps / 2; k < steps; ++k) second.step(inputs[static_cast<size_t>(k)]);

    INFO("trial " << trial);
    CHECK(simulator_state(second) == simulator_state(whole));
    CHECK(second.network() == whole.network());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad state files are refused naming the field", "[model][state]") {
  using nlohmann::json;
  auto refused = [](const json& doc, const std::string& what) {
    try {
      state_from_json(doc);
      FAIL("accepted: " << doc.dump());
    } catch (const StateFormatError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(what) != std::string::npos);
    }
  };
  const json good = {{"format", "synfire-state"}, {"version", 1}, {"step", 7},
                     {"neurons", {{1, 2, 3, 4, 5, 6}}}, {"pending", {0}}, {"axon_traces", {9}}};
  const NetworkState s = state_from_json(good);
  CHECK(s.step == 7);
  CHECK(s.neurons.at(0) == NeuronState{1, 2, 3, 4, 5, 6});
  CHECK(state_to_json(s) == good);
  json bad = good;
  bad["format"] = "synfire-network";
  refused(bad, "format");
  bad = good;
  bad["version"] = 2;
  refused(bad, "version: 2 is not supported");
  bad = good;
  bad["neurons"] = {{1, 2, 3}};
  refused(bad, "neurons[0]");
  bad = good;
  bad["step"] = -1;
  refused(bad, "step: -1 is outside");
  bad = good;
  bad["extra"] = 1;
  refused(bad, "extra: unknown field");

  Network net = Network::empty(1, 1);
  CHECK(validate(s, net).empty());
  NetworkState wrong = s;
  wrong.neurons[0].trace_pre = 256;
  CHECK(validate(wrong, net) == "neurons[0].trace_pre = 256 is outside [0, 255]");
  wrong = s;
  wrong.pending = {1};
  CHECK(validate(wrong, net).find("pending[0] = 1") == 0);
  CHECK(validate(s, Network::empty(2, 1)).find("the state has 1 neurons, the network 2") == 0);
}

}  // namespace
}  // namespace synfire
