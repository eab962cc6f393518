// synfire run / load / weights / convert / bench: outputs compared with the
// reference model driven directly.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "network_json.hpp"
#include "probe_file.hpp"
#include "spike_file.hpp"

using namespace synfire;
using test::ScratchDir;
using test::run_cli;

namespace {

struct Expected {
  std::vector<Spike> spikes;
  std::vector<ProbeSample> probes;
  Network trained;
};

// What `synfire run` must produce: the simulator stepped directly.
Expected reference(const Network& net, uint32_t steps, const std::vector<Spike>& inputs,
                   const std::vector<uint32_t>& probes, uint32_t every) {
  Simulator sim(net);
  Expected e;
  size_t next = 0;
  std::vector<uint16_t> axons;
  for (uint32_t t = 0; t < steps; ++t) {
    axons.clear();
    for (; next < inputs.size() && inputs[next].step == t; ++next) axons.push_back(static_cast<uint16_t>(inputs[next].index));
    for (uint16_t j : sim.step(axons)) e.spikes.push_back({t, j});
    if ((t + 1) % every == 0) {
      for (uint32_t j : probes) e.probes.push_back({t, j, sim.neuron_state(static_cast<int>(j))});
    }
  }
  e.trained = sim.network();
  return e;
}

std::string join(const std::vector<uint32_t>& v) {
  std::string s;
  for (uint32_t x : v) {
    if (!s.empty()) s += ',';
    s += std::to_string(x);
  }
  return s;
}

}  // namespace

TEST_CASE("run on the model writes the reference model's spikes, probes and weights", "[cli]") {
  std::mt19937_64 rng(test::test_seed("run vs model"));
  for (int trial = 0; trial < 6; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 24);
    const int m = static_cast<int>(rng() % 24);
    const uint32_t steps = 50 + static_cast<uint32_t>(rng() % 400);
    const Network net = test::random_network(rng, n, m, test::kCliNetworks);
    const std::vector<Spike> inputs = test::random_inputs(rng, m, steps, 0.15);
    std::vector<uint32_t> probes;
    for (int j = 0; j < n; ++j) {
      if (rng() % 3 == 0) probes.push_back(static_cast<uint32_t>(j));
    }
    if (probes.empty()) probes.push_back(0);
    const uint32_t every = 1 + static_cast<uint32_t>(rng() % 4);
    const bool aer = trial % 2 == 1;
    INFO("trial " << trial << ": N=" << n << " M=" << m << " steps=" << steps << " every=" << every);

    ScratchDir dir;
    save_network(net, dir / "net.json");
    io::write_spikes(dir / (aer ? "in.aer" : "in.csv"), inputs);
    const std::string out = aer ? "out.aer" : "out.csv";
    const auto r = run_cli({"run", "--port", "model", "--network", "net.json", "--steps", std::to_string(steps),
                            "--input", aer ? "in.aer" : "in.csv", "--spikes", out, "--weights-out", "trained.json",
                            "--probe", join(probes), "--probe-every", std::to_string(every), "--probe-out", "p.csv",
                            "--json"},
                           dir.path());
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Expected e = reference(net, steps, inputs, probes, every);
    CHECK(io::read_spikes(dir / out) == e.spikes);
    CHECK(io::read_probes(dir / "p.csv") == e.probes);
    CHECK(load_network(dir / "trained.json") == e.trained);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["steps"] == steps);
    CHECK(j["spikes"] == e.spikes.size());
    CHECK(j["input_spikes"] == inputs.size());
    CHECK(j["link"]["crc_errors"] == 0);
    // No temporary files are left next to the results.
    for (const std::string& f : dir.files()) CHECK(f.find(".tmp") == std::string::npos);
  }
}

TEST_CASE("the seed and learning options override the network file", "[cli]") {
  std::mt19937_64 rng(test::test_seed("seed and learn overrides"));
  Network net = test::random_network(rng, 12, 10, test::kCliNetworks);
  net.stdp.a_plus = net.stdp.a_minus = 200;  // large changes, so that the seed shows
  net.stdp.shift = 8;
  const std::vector<Spike> inputs = test::random_inputs(rng, 10, 300, 0.3);
  ScratchDir dir;
  save_network(net, dir / "net.json");
  io::write_spikes(dir / "in.csv", inputs);
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"run", "-n", "net.json", "-k", "300", "-i", "in.csv", "-s", "s.csv", "-w", "w.json", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args, dir.path());
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.empty());  // --quiet
    return std::make_pair(io::read_spikes(dir / "s.csv"), load_network(dir / "w.json"));
  };
  Network seeded = net;
  seeded.seed = 12345;
  const auto [s1, w1] = run({"--seed", "12345"});
  const Expected e1 = reference(seeded, 300, inputs, {}, 1);
  CHECK(s1 == e1.spikes);
  CHECK(w1 == e1.trained);

  Network frozen = net;
  frozen.learning = false;
  const auto [s2, w2] = run({"--learn", "off"});
  const Expected e2 = reference(frozen, 300, inputs, {}, 1);
  CHECK(s2 == e2.spikes);
  CHECK(w2.w_in == net.w_in);
  CHECK(w2.w_rec == net.w_rec);
}

TEST_CASE("run ignores input spikes beyond the last step and says so", "[cli]") {
  ScratchDir dir;
  Network net = Network::empty(2, 2);
  net.params[0].threshold = 5;
  net.w_in = {10, 0, 0, 10};
  save_network(net, dir / "net.json");
  test::write_text(dir / "in.csv", "step,index\n0,0\n3,1\n10,0\n11,1\n");
  const auto r = run_cli({"run", "-n", "net.json", "-k", "10", "-i", "in.csv", "-s", "out.csv"}, dir.path());
  REQUIRE(r.status == 0);
  CHECK(r.err.find("2 input spikes") != std::string::npos);
  CHECK(test::read_text(dir / "out.csv").rfind("step,index\n", 0) == 0);
}

TEST_CASE("weights reads a network back and writes another's weights", "[cli]") {
  std::mt19937_64 rng(test::test_seed("weights command"));
  const Network a = test::random_network(rng, 6, 5, test::kCliNetworks);
  Network b = test::random_network(rng, 6, 5, test::kCliNetworks);
  ScratchDir dir;
  save_network(a, dir / "a.json");
  save_network(b, dir / "b.json");
  auto r = run_cli({"weights", "-n", "a.json", "--out", "back.json"}, dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(load_network(dir / "back.json") == a);
  // --in keeps a's parameters and takes b's weights and flags.
  r = run_cli({"weights", "-n", "a.json", "--in", "b.json", "--out", "mix.json"}, dir.path());
  REQUIRE(r.status == 0);
  Network mix = a;
  mix.w_in = b.w_in;
  mix.w_rec = b.w_rec;
  mix.plastic_in = b.plastic_in;
  mix.plastic_rec = b.plastic_rec;
  CHECK(load_network(dir / "mix.json") == mix);
  // Different sizes are refused.
  save_network(test::random_network(rng, 7, 5, test::kCliNetworks), dir / "c.json");
  r = run_cli({"weights", "-n", "a.json", "--in", "c.json", "--out", "bad.json"}, dir.path());
  CHECK(r.status != 0);
  CHECK(r.err.find("c.json has 7 neurons") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "bad.json"));
}

TEST_CASE("load checks a network on the model and explains that it is not kept", "[cli]") {
  ScratchDir dir;
  save_network(Network::empty(3, 2), dir / "n.json");
  const auto r = run_cli({"load", "-n", "n.json", "--json"}, dir.path());
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["neurons"] == 3);
  CHECK(r.err.find("forgets") != std::string::npos);
}

TEST_CASE("convert turns CSV into AER and back without change", "[cli]") {
  std::mt19937_64 rng(test::test_seed("convert"));
  const std::vector<Spike> train = test::random_inputs(rng, 40, 500, 0.1);
  ScratchDir dir;
  io::write_spikes(dir / "a.csv", train);
  REQUIRE(run_cli({"convert", "a.csv", "b.aer"}, dir.path()).status == 0);
  REQUIRE(run_cli({"convert", "b.aer", "c.csv", "-q"}, dir.path()).status == 0);
  CHECK(test::read_text(dir / "a.csv") == test::read_text(dir / "c.csv"));
  CHECK(io::read_spikes(dir / "b.aer") == train);
}

TEST_CASE("bench prints one JSON object per measurement", "[cli]") {
  const auto r = run_cli({"bench", "--neurons", "32", "--inputs", "32", "--steps", "200"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string line;
  int count = 0;
  std::set<std::string> metrics;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    CHECK(j["bench"] == "synfire-bench");
    CHECK(j["value"].is_number());
    CHECK(j["unit"].is_string());
    CHECK(j["backend"] == "model");
    metrics.insert(j["metric"].get<std::string>());
    ++count;
  }
  CHECK(count >= 10);
  CHECK(metrics.count("steps_per_second") == 1);
  CHECK(metrics.count("synaptic_events_per_second") == 1);
}
