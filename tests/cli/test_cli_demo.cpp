// The demo's claim, checked on the reference model: the pattern-detection
// example (examples/pattern) run through the synfire binary learns, with the
// demo's own seed and parameters.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using synfire::test::ScratchDir;
using synfire::test::run_cli;

namespace {

// Runs a command line through the shell with a time limit (coreutils timeout).
int shell(const std::string& command) {
  const int status = std::system(("timeout 120 " + command).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the pattern example learns on the model with the demo's settings", "[cli][demo]") {
  ScratchDir dir;
  const std::string d = dir.path().string();
  const std::string example = std::string(SYNFIRE_SOURCE_DIR) + "/examples/pattern";
  REQUIRE(shell(std::string(SYNFIRE_PYTHON) + " " + example + "/make_inputs.py --out " + d) == 0);
  const nlohmann::json meta = nlohmann::json::parse(std::ifstream(dir / "meta.json"));
  const std::string steps = std::to_string(meta["steps"].get<int>());
  const std::string test_steps = std::to_string(meta["test_steps"].get<int>());

  auto run = [&](std::vector<std::string> args) {
    const auto r = run_cli(args, dir.path(), 120);
    INFO(r.err);
    REQUIRE(r.status == 0);
  };
  run({"run", "-q", "-n", "network.json", "--learn", "off", "-i", "test_inputs.csv", "-k", test_steps, "-s", "before.csv"});
  run({"run", "-q", "-n", "network.json", "-i", "inputs.csv", "-k", steps, "-s", "train.aer", "-w", "trained.json"});
  run({"run", "-q", "-n", "trained.json", "--learn", "off", "-i", "test_inputs.csv", "-k", test_steps, "-s", "after.csv"});
  REQUIRE(shell(std::string(SYNFIRE_PYTHON) + " " + example + "/analyse.py --dir " + d + " --before " + d +
                "/before.csv --after " + d + "/after.csv --trained " + d + "/trained.json --summary " + d +
                "/summary.json > " + d + "/account.txt") == 0);

  const nlohmann::json s = nlohmann::json::parse(std::ifstream(dir / "summary.json"));
  INFO(synfire::test::read_text(dir / "account.txt"));
  CHECK(s["detectors"].size() >= 3);
  const nlohmann::json& best = s["neurons"][s["best"].get<size_t>()];
  CHECK(best["after"]["hit_rate"].get<double>() >= 0.95);
  CHECK(best["after"]["false_alarm_rate"].get<double>() <= 0.005);
  CHECK(best["before"]["false_alarm_rate"].get<double>() >= 0.02);  // it did not start as a detector
  CHECK(best["weights"]["other_after"].get<double>() < best["weights"]["other_before"].get<double>() / 2);
}
