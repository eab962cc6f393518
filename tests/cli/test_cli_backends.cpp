// The back ends agree through the CLI: the same network and inputs give the
// same spikes, probes and learned weights on `model` and `sim` (the RTL under
// Verilator behind the link protocol); and a network larger than a back end
// is refused naming the limit.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <chrono>
#include <csignal>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "network_json.hpp"
#include "spike_file.hpp"

using namespace synfire;
using test::run_cli;
using test::ScratchDir;

namespace {

// The inputs of a run split at step `half`, for a run continued with
// --state-in: all.csv, first.csv (steps below half) and second.csv (the
// rest, counted from half) in dir.
void write_split_inputs(const ScratchDir& dir, const std::vector<Spike>& in, uint32_t half) {
  std::vector<Spike> first, second;
  for (const Spike& s : in) (s.step < half ? first : second).push_back(s.step < half ? s : Spike{s.step - half, s.index});
  io::write_spikes(dir / "all.csv", in);
  io::write_spikes(dir / "first.csv", first);
  io::write_spikes(dir / "second.csv", second);
}

}  // namespace

TEST_CASE("model and sim give the same spikes, probes and weights on random networks", "[cli][sim]") {
  std::mt19937_64 rng(test::test_seed("model vs sim"));
  for (int trial = 0; trial < 3; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 40);
    const int m = static_cast<int>(rng() % 40);
    const uint32_t steps = 100 + static_cast<uint32_t>(rng() % 300);
      Network net = test::random_network(rng, n, m, test::kCliNetworks);
      // Trials 1 and 2 use the optional learning features (both back ends have them).
      if (trial > 0) {
        net.stdp.rule = StdpRule::kSoftBound;
        net.adapt_interval_log2 = trial == 1 ? 1 : 3;
        // Weight normalisation too, every 4 or 8 steps, toward a small sum.
        net.norm = NormParams{.enabled = true, .target = 8 * m, .shift = trial == 1 ? 3 : 5,
                              .interval_log2 = trial + 1};
      }
    INFO("trial " << trial << ": N=" << n << " M=" << m << " steps=" << steps);
    ScratchDir dir;
    save_network(net, dir / "net.json");
    io::write_spikes(dir / "in.aer", test::random_inputs(rng, m, steps, 0.2));
    const std::string every = std::to_string(1 + rng() % 3);
    // The sim samples at most 16 neurons per run.
    const std::string probes = "0-" + std::to_string(std::min(n, 16) - 1);
    for (const char* port : {"model", "sim"}) {
      const std::string p(port);
      const auto r = run_cli({"run", "--port", p, "-n", "net.json", "-k", std::to_string(steps), "-i", "in.aer",
                              "-s", p + ".csv", "-w", p + ".json", "--probe", probes,
                              "--probe-every", every, "--probe-out", p + "_probes.csv", "--json"},
                             dir.path(), 120);
      INFO(r.err);
      REQUIRE(r.status == 0);
      const auto j = nlohmann::json::parse(r.out);
      CHECK(j["backend"] == p);
      for (const auto& [counter, value] : j["link"].items()) {
        INFO(counter);
        CHECK(value == 0);
      }
    }
    CHECK(test::read_text(dir / "model.csv") == test::read_text(dir / "sim.csv"));
    CHECK(test::read_text(dir / "model_probes.csv") == test::read_text(dir / "sim_probes.csv"));
    CHECK(load_network(dir / "model.json") == load_network(dir / "sim.json"));
  }
}

TEST_CASE("a network larger than the back end is refused before anything is written", "[cli][sim]") {
  ScratchDir dir;
  const auto info = run_cli({"info", "--port", "sim", "--json"});
  REQUIRE(info.status == 0);
  const int capacity = nlohmann::json::parse(info.out)["neurons"];
  save_network(Network::empty(capacity + 1, 2), dir / "big.json");
  test::write_text(dir / "in.csv", "step,index\n0,1\n");
  const auto before = dir.files();
  const auto r = run_cli({"run", "--port", "sim", "-n", "big.json", "-k", "10", "-i", "in.csv", "-s", "out.csv",
                          "-w", "w.json"},
                         dir.path(), 60);
  CHECK(r.status == 1);
  CHECK(r.err.rfind("synfire: error: ", 0) == 0);
  CHECK(r.err.find("needs " + std::to_string(capacity + 1) + " neurons") != std::string::npos);
  CHECK(dir.files() == before);
  const auto load = run_cli({"load", "--port", "sim", "-n", "big.json"}, dir.path(), 60);
  CHECK(load.status == 1);
  CHECK(load.err.find("neurons") != std::string::npos);
}

TEST_CASE("a board without a learning feature refuses a network that uses it", "[cli][board]") {
  // The iCE40 configuration has the adaptation interval (it costs the image no
  // cells) but neither soft-bound STDP, delays nor normalisation.
  test::Background board({"board", "--", "--config", "ice40", "--exit-after-idle", "60"});
  const std::string pty = board.first_line(30);
  REQUIRE(pty.rfind("/dev/", 0) == 0);
  const auto info = run_cli({"info", "--port", pty, "--json"}, ".", 60);
  REQUIRE(info.status == 0);
  const auto features = nlohmann::json::parse(info.out)["features"];
  CHECK(std::find(features.begin(), features.end(), "soft-bound-stdp") == features.end());
  CHECK(std::find(features.begin(), features.end(), "adapt-interval") != features.end());
  CHECK(std::find(features.begin(), features.end(), "delays") == features.end());
  CHECK(std::find(features.begin(), features.end(), "weight-norm") == features.end());
  ScratchDir dir;
  Network soft = Network::empty(4, 2);
  soft.stdp.rule = StdpRule::kSoftBound;
  save_network(soft, dir / "soft.json");
  Network slow = Network::empty(4, 2);
  slow.adapt_interval_log2 = 12;
  save_network(slow, dir / "slow.json");
  const auto r = run_cli({"load", "--port", pty, "-n", "soft.json"}, dir.path(), 60);
  CHECK(r.status == 1);
  CHECK(r.err.rfind("synfire: error: the network uses the soft-bound STDP rule (stdp.rule \"soft_bound\") but ",
                    0) == 0);
  CHECK(r.err.find(" was built without it\n") == r.err.size() - 22);
  const auto s = run_cli({"load", "--port", pty, "-n", "slow.json"}, dir.path(), 60);
  CHECK(s.status == 0);
  CHECK(s.err.empty());
  Network delayed = Network::empty(4, 2);
  delayed.delay_in[1] = 3;
  save_network(delayed, dir / "delayed.json");
  const auto d = run_cli({"load", "--port", pty, "-n", "delayed.json"}, dir.path(), 60);
  CHECK(d.status == 1);
  CHECK_THAT(d.err, Catch::StartsWith("synfire: error: the network uses axonal delays (delays.recurrent / "
                                      "delays.input) but ") &&
                        Catch::EndsWith(" was built without them\n"));
  CHECK(std::count(d.err.begin(), d.err.end(), '\n') == 1);
  Network norm = Network::empty(4, 2);
  norm.norm = NormParams{.enabled = true, .target = 100, .shift = 2, .interval_log2 = 3};
  save_network(norm, dir / "norm.json");
  const auto w = run_cli({"load", "--port", pty, "-n", "norm.json"}, dir.path(), 60);
  CHECK(w.status == 1);
  CHECK(w.err.rfind("synfire: error: the network uses weight normalisation (weight_norm) but ", 0) == 0);
  CHECK(w.err.find("was built without it") != std::string::npos);
  Network wide = Network::empty(4, 2);
  wide.stdp.trace_bits = 24;
  save_network(wide, dir / "wide.json");
  CHECK(std::find(features.begin(), features.end(), "wide-traces") == features.end());
  const auto t = run_cli({"load", "--port", pty, "-n", "wide.json"}, dir.path(), 60);
  CHECK(t.status == 1);
  CHECK_THAT(t.err, Catch::StartsWith("synfire: error: the network uses 24-bit STDP traces (stdp.trace_bits) but ") &&
                        Catch::EndsWith(" has 8-bit traces\n"));
  CHECK(std::count(t.err.begin(), t.err.end(), '\n') == 1);
  // The same networks load on the model.
  CHECK(run_cli({"load", "--port", "model", "-n", "soft.json"}, dir.path()).status == 0);
  CHECK(run_cli({"load", "--port", "model", "-n", "delayed.json"}, dir.path()).status == 0);
  CHECK(run_cli({"load", "--port", "model", "-n", "norm.json"}, dir.path()).status == 0);
  CHECK(run_cli({"load", "--port", "model", "-n", "wide.json"}, dir.path()).status == 0);
}

TEST_CASE("a network with axonal delays runs alike on the model and on sim", "[cli][sim]") {
  ScratchDir dir;
  // Neuron 0 driven by axon 0 (delay 2) and driving neuron 1 (delay 3).
  Network net = Network::empty(2, 1);
  net.w_in[0] = 100;
  net.w_rec[1] = 100;
  net.params[0].decay_u = net.params[1].decay_u = 4095;
  net.params[0].decay_v = net.params[1].decay_v = 4095;
  net.params[0].threshold = net.params[1].threshold = 50;
  net.delay_in[0] = 2;
  net.delay_rec[0] = 3;
  save_network(net, dir / "net.json");
  test::write_text(dir / "in.csv", "step,index\n5,0\n");
  const auto info = run_cli({"info", "--port", "sim", "--json"});
  REQUIRE(info.status == 0);
  const auto features = nlohmann::json::parse(info.out)["features"];
  CHECK(std::find(features.begin(), features.end(), "delays") != features.end());
  // The input of step 5 arrives at 5 + 2, neuron 0 fires then; its spike
  // arrives at 7 + 1 + 3 = 11, when neuron 1 fires.
  for (const std::string port : {"model", "sim"}) {
    const auto r = run_cli({"run", "--port", port, "-n", "net.json", "-k", "20", "-i", "in.csv", "-s", "out.csv"},
                           dir.path(), 60);
    INFO(port << ": " << r.err);
    REQUIRE(r.status == 0);
    CHECK(io::read_spikes(dir / "out.csv") == std::vector<Spike>{{7, 0}, {11, 1}});
  }
  // A random network with delays and learning: spikes and learned weights agree.
  std::mt19937_64 rng(test::test_seed("delays on sim"));
  Network big = test::random_network(rng, 40, 16, test::kCliNetworks);
  for (uint8_t& d : big.delay_rec) d = static_cast<uint8_t>(rng() % 16);
  for (uint8_t& d : big.delay_in) d = static_cast<uint8_t>(rng() % 16);
  big.learning = true;
  save_network(big, dir / "big.json");
  io::write_spikes(dir / "big_in.csv", test::random_inputs(rng, big.inputs, 150, 0.3));
  for (const std::string port : {"model", "sim"}) {
    const auto r = run_cli({"run", "--port", port, "-n", "big.json", "-k", "150", "-i", "big_in.csv", "-s",
                            port + "_out.csv", "-w", port + "_w.json", "-q"},
                           dir.path(), 120);
    INFO(port << ": " << r.err);
    REQUIRE(r.status == 0);
  }
  const std::vector<Spike> spikes = io::read_spikes(dir / "model_out.csv");
  CHECK(spikes.size() > 20);
  CHECK(io::read_spikes(dir / "sim_out.csv") == spikes);
  CHECK(load_network(dir / "sim_w.json") == load_network(dir / "model_w.json"));
}

TEST_CASE("24-bit traces run alike on the model and on sim, and a continued run equals one long run",
          "[cli][sim][state]") {
  // sim (sim256) has WideTraces: its 24-bit traces travel through the
  // state and axon-trace addresses as 3-byte words, so the state written
  // after 100 steps and read back must continue bit for bit.
  const auto info = run_cli({"info", "--port", "sim", "--json"});
  REQUIRE(info.status == 0);
  const auto features = nlohmann::json::parse(info.out)["features"];
  CHECK(std::find(features.begin(), features.end(), "wide-traces") != features.end());
  std::mt19937_64 rng(test::test_seed("24-bit traces on sim"));
  for (int trial = 0; trial < 2; ++trial) {
    Network net = test::random_network(rng, 30, 12, test::kCliNetworks);
    net.learning = true;
    net.stdp.trace_bits = 24;
    // Slow traces (tau of hundreds of steps), where the width matters.
    net.stdp.decay_pre = 5 + static_cast<int>(rng() % 20);
    net.stdp.decay_post = 5 + static_cast<int>(rng() % 20);
    if (trial == 1) net.stdp.rule = StdpRule::kSoftBound;
    INFO("trial " << trial);
    ScratchDir dir;
    save_network(net, dir / "net.json");
    const std::vector<Spike> in = test::random_inputs(rng, net.inputs, 200, 0.3);
    write_split_inputs(dir, in, 100);
    auto ok = [&](const std::vector<std::string>& args) {
      const auto r = run_cli(args, dir.path(), 120);
      INFO(r.err);
      REQUIRE(r.status == 0);
    };
    for (const std::string p : {"model", "sim"}) {
      ok({"run", "--port", p, "-n", "net.json", "-k", "200", "-i", "all.csv", "-s", p + "_all.csv", "-w",
          p + "_all.json", "--state-out", p + "_all_state.json", "-q"});
    }
    ok({"run", "--port", "sim", "-n", "net.json", "-k", "100", "-i", "first.csv", "-s", "1.csv", "-w", "1.json",
        "--state-out", "1_state.json", "-q"});
    ok({"run", "--port", "sim", "-n", "1.json", "--state-in", "1_state.json", "-k", "100", "-i", "second.csv",
        "-s", "2.csv", "-w", "2.json", "--state-out", "2_state.json", "-q"});
    const std::vector<Spike> spikes = io::read_spikes(dir / "model_all.csv");
    CHECK(!spikes.empty());  // (seed 8861961153396570833: 19 spikes in trial 1)
    CHECK(io::read_spikes(dir / "sim_all.csv") == spikes);
    CHECK(load_network(dir / "sim_all.json") == load_network(dir / "model_all.json"));
    const std::string state = test::read_text(dir / "model_all_state.json");
    CHECK(test::read_text(dir / "sim_all_state.json") == state);
    // Traces above 65535: the 24-bit words made it through the state file.
    const auto saved = nlohmann::json::parse(test::read_text(dir / "1_state.json"));
    int64_t widest = 0;
    for (const auto& x : saved["axon_traces"]) widest = std::max(widest, x.get<int64_t>());
    for (const auto& nrn : saved["neurons"]) widest = std::max({widest, nrn[4].get<int64_t>(), nrn[5].get<int64_t>()});
    CHECK(widest > 65535);  // above 16 bits: all three bytes of a trace word travel
    std::vector<Spike> joined = io::read_spikes(dir / "1.csv");
    for (Spike s : io::read_spikes(dir / "2.csv")) joined.push_back({s.step + 100, s.index});
    CHECK(joined == spikes);
    CHECK(load_network(dir / "2.json") == load_network(dir / "model_all.json"));
    CHECK(test::read_text(dir / "2_state.json") == state);
  }
}

TEST_CASE("a run with spikes in flight continued with --state-in equals one long run", "[cli][state]") {
  // On the model, and on sim (the RTL's ring of arrival lists read and written through the port).
  const std::string port = GENERATE(std::string("model"), std::string("sim"));
  INFO("port " << port);
  std::mt19937_64 rng(test::test_seed("state continuation with delays"));
  Network net = test::random_network(rng, 12, 6, test::kCliNetworks);
  for (uint8_t& d : net.delay_rec) d = static_cast<uint8_t>(rng() % 16);
  for (uint8_t& d : net.delay_in) d = static_cast<uint8_t>(rng() % 16);
  ScratchDir dir;
  save_network(net, dir / "net.json");
  const std::vector<Spike> in = test::random_inputs(rng, net.inputs, 200, 0.4);
  write_split_inputs(dir, in, 100);
  auto ok = [&](const std::vector<std::string>& args) {
    const auto r = run_cli(args, dir.path(), 120);
    INFO(r.err);
    REQUIRE(r.status == 0);
  };
  // The long run on the model, the two halves on the port.
  ok({"run", "-n", "net.json", "-k", "200", "-i", "all.csv", "-s", "all_out.csv", "-w", "all.json",
      "--state-out", "all_state.json", "-q"});
  ok({"run", "--port", port, "-n", "net.json", "-k", "100", "-i", "first.csv", "-s", "1.csv", "-w", "1.json",
      "--state-out", "1_state.json", "-q"});
  // Inputs of the last steps of the first run are still in flight.
  const auto saved = nlohmann::json::parse(test::read_text(dir / "1_state.json"));
  CHECK(saved["version"] == 2);
  CHECK(!saved["arrivals"].empty());
  ok({"run", "--port", port, "-n", "1.json", "--state-in", "1_state.json", "-k", "100", "-i", "second.csv", "-s",
      "2.csv", "-w", "2.json", "--state-out", "2_state.json", "-q"});
  std::vector<Spike> joined = io::read_spikes(dir / "1.csv");
  for (Spike s : io::read_spikes(dir / "2.csv")) joined.push_back({s.step + 100, s.index});
  CHECK(joined == io::read_spikes(dir / "all_out.csv"));
  CHECK(load_network(dir / "2.json") == load_network(dir / "all.json"));
  CHECK(test::read_text(dir / "2_state.json") == test::read_text(dir / "all_state.json"));
}

TEST_CASE("the virtual board started by synfire board agrees with the model", "[cli][board]") {
  // The small configuration (N=16, M=8) keeps the simulated UART quick.
  test::Background board({"board", "--", "--config", "small", "--exit-after-idle", "60"});
  const std::string pty = board.first_line(30);
  REQUIRE(pty.rfind("/dev/", 0) == 0);
  std::mt19937_64 rng(test::test_seed("virtual board"));
  const Network net = test::random_network(rng, 1 + static_cast<int>(rng() % 16), 1 + static_cast<int>(rng() % 8),
                                            test::kCliNetworks);
  ScratchDir dir;
  save_network(net, dir / "net.json");
  io::write_spikes(dir / "in.csv", test::random_inputs(rng, net.inputs, 200, 0.3));
  for (const std::string& port : {std::string("model"), pty}) {
    const std::string name = port == "model" ? "model" : "board";
    const auto r = run_cli({"run", "--port", port, "-n", "net.json", "-k", "200", "-i", "in.csv", "-s", name + ".aer",
                            "-w", name + ".json", "--probe", "0", "--probe-out", name + "_p.csv", "-q"},
                           dir.path(), 120);
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  CHECK(io::read_spikes(dir / "model.aer") == io::read_spikes(dir / "board.aer"));
  CHECK(test::read_text(dir / "model_p.csv") == test::read_text(dir / "board_p.csv"));
  CHECK(load_network(dir / "model.json") == load_network(dir / "board.json"));
  // Free-running faster than the UART can report: the losses are counted,
  // warned about and in the JSON summary.
  const auto fr = run_cli({"run", "--port", pty, "-n", "net.json", "-k", "2000", "-i", "in.csv", "-s", "fr.csv",
                           "--probe", "0", "--probe-out", "fr_p.csv", "--period-us", "5", "--json"},
                          dir.path(), 120);
  INFO(fr.err);
  REQUIRE(fr.status == 0);
  const auto link = nlohmann::json::parse(fr.out)["link"];
  CHECK(link["output_overflows"].get<uint64_t>() + link["late_steps"].get<uint64_t>() > 0);
  CHECK(fr.err.find("synfire: warning: the link reported") != std::string::npos);
  // The model has no clock to free-run by.
  const auto no_clock = run_cli({"run", "-n", "net.json", "-k", "10", "--period-us", "5"}, dir.path());
  CHECK(no_clock.status == 2);
  CHECK(no_clock.err.find("cannot free-run") != std::string::npos);
  // Later calls without --network read the network back from the board
  // (they used to stop with "pass --network"): load, then weights --out
  // gives the network; weights --in, then run, continue from it.
  const auto l = run_cli({"load", "--port", pty, "-n", "net.json"}, dir.path(), 60);
  INFO(l.err);
  REQUIRE(l.status == 0);
  const auto r = run_cli({"weights", "--port", pty, "--out", "again.json"}, dir.path(), 60);
  INFO(r.err);
  REQUIRE(r.status == 0);
  Network want = net;
  want.weight_bits = 8;  // the board's: the weights and STDP range are unchanged
  CHECK(load_network(dir / "again.json") == want);
  const auto w = run_cli({"weights", "--port", pty, "--in", "model.json"}, dir.path(), 60);
  INFO(w.err);
  REQUIRE(w.status == 0);
  const auto c = run_cli({"run", "--port", pty, "-k", "200", "-i", "in.csv", "-s", "cont.aer", "-w", "cont.json", "-q"},
                         dir.path(), 120);
  INFO(c.err);
  REQUIRE(c.status == 0);
  // The same as the model running the learned network of the first run again.
  const auto m = run_cli({"run", "-n", "model.json", "-k", "200", "-i", "in.csv", "-s", "mcont.aer", "-w", "mcont.json", "-q"},
                         dir.path(), 120);
  REQUIRE(m.status == 0);
  CHECK(io::read_spikes(dir / "cont.aer") == io::read_spikes(dir / "mcont.aer"));
  Network learned = load_network(dir / "mcont.json");
  learned.weight_bits = 8;
  CHECK(load_network(dir / "cont.json") == learned);
}

TEST_CASE("on a shared board: a second client is refused, Ctrl-C and SIGTERM stop an upload at once",
          "[cli][board]") {
  // The iCE40 configuration and a dense 256 x 256 network: its upload takes
  // about 20 s on the virtual board, long enough to interrupt.
  test::Background board({"board", "--", "--config", "ice40", "--exit-after-idle", "60"});
  const std::string pty = board.first_line(30);
  REQUIRE(pty.rfind("/dev/", 0) == 0);
  ScratchDir dir;
  std::mt19937_64 rng(test::test_seed("shared board"));
  Network net = Network::empty(256, 256);
  for (auto& w : net.w_rec) w = static_cast<int8_t>(rng() % 200 - 100);
  for (auto& w : net.w_in) w = static_cast<int8_t>(rng() % 200 - 100);
  save_network(net, dir / "net.json");
  const std::vector<std::string> files = {"net.json"};
  // Absolute paths: Background runs in the test's directory.
  const std::vector<std::string> run = {"run", "--port", pty, "-n", (dir / "net.json").string(), "-k", "100",
                                        "-s", (dir / "out.aer").string(), "-w", (dir / "w.json").string()};
  {
    // Two runs on one port used to interleave their frames and hang (or
    // succeed with the other's spikes): the second now stops at once.
    test::Background first(run);
    usleep(1500000);  // the first one is uploading
    const auto start = std::chrono::steady_clock::now();
    const auto second = run_cli(run, dir.path(), 30);
    INFO(second.err);
    CHECK(second.status == 1);
    CHECK_THAT(second.err, Catch::StartsWith("synfire: error: " + pty) && Catch::Contains("port in use"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  }  // SIGTERM to the first, mid-upload: Background waits 2 s before SIGKILL
  for (int sig : {SIGINT, SIGTERM}) {
    INFO("signal " << sig);
    const auto r = test::synfire_interrupted(run, dir.path(), 1.5, 30, {sig});
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.status == 1);
    CHECK(r.signal_to_exit_s < 1.0);  // was up to 18 s: the upload did not look at the flag
    CHECK(dir.files() == files);
  }
}

TEST_CASE("a run continued with --state-in equals one long run on model and sim", "[cli][sim][state]") {
  std::mt19937_64 rng(test::test_seed("state continuation"));
  const int n = 1 + static_cast<int>(rng() % 24);
  const int m = 1 + static_cast<int>(rng() % 24);
  Network net = test::random_network(rng, n, m);
  net.stdp.rule = StdpRule::kSoftBound;
  net.adapt_interval_log2 = 2;
  ScratchDir dir;
  save_network(net, dir / "net.json");
  const std::vector<Spike> in = test::random_inputs(rng, m, 200, 0.2);
  write_split_inputs(dir, in, 100);
  for (const std::string p : {"model", "sim"}) {
    INFO(p);
    auto ok = [&](const std::vector<std::string>& args) {
      const auto r = run_cli(args, dir.path(), 120);
      INFO(r.err);
      REQUIRE(r.status == 0);
    };
    ok({"run", "--port", p, "-n", "net.json", "-k", "200", "-i", "all.csv", "-s", p + "_all.csv",
        "-w", p + "_all.json", "--state-out", p + "_all_state.json", "-q"});
    ok({"run", "--port", p, "-n", "net.json", "-k", "100", "-i", "first.csv", "-s", p + "_1.csv",
        "-w", p + "_1.json", "--state-out", p + "_1_state.json", "-q"});
    ok({"run", "--port", p, "-n", p + "_1.json", "--state-in", p + "_1_state.json", "-k", "100", "-i",
        "second.csv", "-s", p + "_2.csv", "-w", p + "_2.json", "--state-out", p + "_2_state.json", "-q"});
    std::vector<Spike> joined = io::read_spikes(dir / (p + "_1.csv"));
    for (Spike s : io::read_spikes(dir / (p + "_2.csv"))) joined.push_back({s.step + 100, s.index});
    CHECK(joined == io::read_spikes(dir / (p + "_all.csv")));
    CHECK(load_network(dir / (p + "_2.json")) == load_network(dir / (p + "_all.json")));
    CHECK(test::read_text(dir / (p + "_2_state.json")) == test::read_text(dir / (p + "_all_state.json")));
  }
  CHECK(test::read_text(dir / "model_all_state.json") == test::read_text(dir / "sim_all_state.json"));
}
