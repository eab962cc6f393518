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
  int in_flight = 0;  // trials saved with delayed events in flight
  for (int trial = 0; trial < 40; ++trial) {
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
    // Every third trial runs across the step counter's wrap.
    const uint32_t t0 = trial % 3 == 2 ? UINT32_MAX - 40 : 0;
    Simulator whole(net);
    whole.set_time(t0);
    for (const auto& in : inputs) whole.step(in);

    Simulator first(net);
    first.set_time(t0);
    for (int k = 0; k < steps / 2; ++k) first.step(inputs[static_cast<size_t>(k)]);
    save_state(simulator_state(first), dir / "state.json");
    const NetworkState saved = load_state(dir / "state.json");
    REQUIRE(saved == simulator_state(first));
    if (!saved.arrivals.empty()) ++in_flight;
    REQUIRE(validate(saved, first.network()).empty());
    Simulator second(first.network());  // the learned weights, state reset
    set_simulator_state(second, saved);
    for (int k = steps / 2; k < steps; ++k) second.step(inputs[static_cast<size_t>(k)]);

    INFO("trial " << trial);
    CHECK(simulator_state(second) == simulator_state(whole));
    CHECK(second.network() == whole.network());
  }
  // Half the networks have delays and the inputs are dense: events are in
  // flight at most saves (the test would prove nothing about them otherwise).
  CHECK(in_flight >= 5);
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
  const NetworkState s = state_from_json(good);  // version 1 is still read
  CHECK(s.step == 7);
  CHECK(s.neurons.at(0) == NeuronState{1, 2, 3, 4, 5, 6});
  CHECK(s.arrivals.empty());
  json v2 = good;
  v2["version"] = 2;
  v2["arrivals"] = json::array();
  CHECK(state_to_json(s) == v2);
  json bad = good;
  bad["format"] = "synfire-network";
  refused(bad, "format");
  bad = good;
  bad["version"] = 3;
  refused(bad, "version: 3 is not supported");
  bad = good;
  bad["arrivals"] = json::array();
  refused(bad, "arrivals: is not part of version 1");
  bad = v2;
  bad["arrivals"] = {{{"step", 8}, {"neurons", {0}}}};
  refused(bad, "arrivals[0]: expected");
  bad = v2;
  bad["arrivals"] = {{{"step", 8}, {"neurons", {0}}, {"axons", {-1}}}};
  refused(bad, "arrivals[0].axons[0]: -1 is outside");
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
  Network wide = net;  // 24-bit traces (stdp.trace_bits 24) hold up to 16777215
  wide.stdp.trace_bits = 24;
  CHECK(validate(wrong, wide).empty());
  wrong.neurons[0].trace_pre = 16777216;
  CHECK(validate(wrong, wide) == "neurons[0].trace_pre = 16777216 is outside [0, 16777215]");
  wrong = s;
  wrong.axon_traces = {300};
  CHECK(validate(wrong, net) == "axon_traces[0] = 300 is outside [0, 255]");
  CHECK(validate(wrong, wide).empty());
  wrong = s;
  wrong.pending = {1};
  CHECK(validate(wrong, net).find("pending[0] = 1") == 0);
  CHECK(validate(s, Network::empty(2, 1)).find("the state has 1 neurons, the network 2") == 0);

  // Delayed events in flight must be possible with the network's delays:
  // a neuron's spike at most `delay` steps ahead (not at the state's own
  // step: that is `pending`), an axon's event less than `delay` steps ahead.
  net.delay_rec = {3};
  net.delay_in = {2};
  wrong = s;
  wrong.arrivals = {{10, {0}, {}}};
  CHECK(validate(wrong, net).empty());
  wrong.arrivals = {{7, {}, {0}}, {8, {}, {0}}};
  CHECK(validate(wrong, net).empty());
  wrong.arrivals = {{11, {0}, {}}};
  CHECK(validate(wrong, net) == "arrivals[0].neurons[0] = 0 cannot arrive 4 steps ahead with a delay of 3");
  wrong.arrivals = {{7, {0}, {}}};
  CHECK(validate(wrong, net) == "arrivals[0].neurons[0] = 0 cannot arrive 0 steps ahead with a delay of 3");
  wrong.arrivals = {{9, {}, {0}}};
  CHECK(validate(wrong, net) == "arrivals[0].axons[0] = 0 cannot arrive 2 steps ahead with a delay of 2");
  wrong.arrivals = {{6, {}, {0}}};
  CHECK(validate(wrong, net) == "arrivals[0].step = 6 is not within 15 steps after step 7");
  // Across the step counter's wrap.
  NetworkState wrap = s;
  wrap.step = UINT32_MAX - 1;
  wrap.arrivals = {{UINT32_MAX, {}, {0}}, {0, {0}, {}}};
  CHECK(validate(wrap, net).empty());
  wrong.arrivals = {{8, {}, {0}}, {8, {}, {0}}};
  CHECK(validate(wrong, net) == "arrivals[1].step is not after the previous entry's");
  wrong.arrivals = {{8, {}, {0}}};
  CHECK(validate(wrong, Network::empty(1, 1)) == "arrivals[0].axons[0] = 0 cannot arrive 1 steps ahead with a delay of 0");
}

}  // namespace
}  // namespace synfire
