// The exit-status rule of docs/cli.md ("Exit status") and messages that name
// the mistake: every case runs the built synfire as a user would and checks
// the status, the one error line and that no file was left behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "cli_runner.hpp"
#include "network_json.hpp"
#include "suggest.hpp"

using namespace synfire;
using test::run_cli;
using test::ScratchDir;

namespace {

struct Dir {
  ScratchDir dir;
  std::vector<std::string> files;
  Dir() {
    const Network net = test::write_small_network(dir.path());
    // A network file with a typo in a key.
    auto doc = network_to_json(net);
    doc["neuron_defaults"]["treshold"] = 7;
    test::write_text(dir / "typo.json", doc.dump());
    files = dir.files();
  }
};

struct Case {
  std::vector<std::string> args;
  int status;
  std::vector<std::string> fragments;  // all in the one error line
  std::vector<std::string> absent = {};  // none anywhere on stderr
};

std::string command_line(const std::vector<std::string>& args) {
  std::string s = "synfire";
  for (const auto& a : args) s += " '" + a + "'";
  return s;
}

void check(Dir& d, const Case& c) {
  const auto r = run_cli(c.args, d.dir.path(), 30);
  INFO(command_line(c.args));
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.status == c.status);
  CHECK(r.err.rfind("synfire: error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.size() < 400);  // one readable line, not a 330-character range
  for (const std::string& f : c.fragments) CHECK_THAT(r.err, Catch::Contains(f));
  for (const std::string& f : c.absent) CHECK_THAT(r.err, !Catch::Contains(f));
  CHECK(d.dir.files() == d.files);
}

}  // namespace

TEST_CASE("did-you-mean picks the nearest name, and only a near one", "[cli]") {
  CHECK(nearest_name("stpes", {"--steps", "steps", "seed"}) == "steps");
  CHECK(nearest_name("modle", {"model", "sim"}) == "model");
  CHECK(nearest_name("treshold", {"threshold", "bias"}) == "threshold");
  CHECK(nearest_name("sin", {"model", "sim"}) == "sim");
  CHECK(nearest_name("/dev/ttyUSB9", {"model", "sim"}).empty());
  CHECK(nearest_name("xyz", {"model", "sim"}).empty());
  CHECK(nearest_name("model", {"model", "sim"}).empty());  // not a typo of itself
  CHECK(did_you_mean("rnu", {"run", "load"}) == " (did you mean \"run\"?)");
  CHECK(did_you_mean("", {"run"}).empty());
}

TEST_CASE("mistakes in the command line exit 2 and name the mistake", "[cli]") {
  Dir d;
  const std::string k = "2000000000";  // refused before running, or the test times out
  const Case cases[] = {
      // Options and values.
      {{"run", "-n", "net.json", "--stpes", "10"}, 2, {"unknown option --stpes for synfire run", "did you mean \"--steps\""},
       {"is required"}},
      {{"run", "-n", "net.json", "-k", "10abc"}, 2, {"--steps", "\"10abc\" is not a whole number"}, {"range"}},
      {{"run", "-n", "net.json", "-k"}, 2, {"--steps needs a value (K)"}, {"required K missing"}},
      {{"run", "-n", "net.json", "-k", "0"}, 2, {"--steps", "0 is too small", "least allowed is 1"}},
      {{"run", "-n", "net.json", "-k", "5", "--period-us", "fast"}, 2, {"--period-us", "\"fast\" is not a whole number"}},
      {{"bench", "--rate", "2"}, 2, {"--rate", "2 is too large", "most allowed is 1"}},
      {{"nir", "import", "m.nir", "o.json", "--dt", "-1"}, 2, {"--dt", "-1 is too small", "greater than 0"}, {"1797"}},
      {{"nir", "export", "net.json", "o.nir", "--lsb", "x"}, 2, {"--lsb", "\"x\" is not a number"}},
      {{"run", "-n", "net.json", "-k", "5", "--learn", "maybe"}, 2, {"--learn", "\"maybe\" is not on or off"}},
      {{"nir", "import", "m.nir", "o.json", "--convention", "eulr"}, 2,
       {"--convention", "\"eulr\" is not one of auto, dirac, euler, norse, spyx, rockpool or sinabs", "did you mean \"euler\""}},
      {{"flash", "--board", "icebraker", "--dry-run"}, 2, {"--board", "unknown board \"icebraker\"", "did you mean \"icebreaker\""}},
      {{"board", "--config", "small"}, 2, {"only after \"--\"", "synfire board -- --config small"}},
      // Commands.
      {{"rnu", "-k", "5"}, 2, {"unknown command \"rnu\"", "did you mean \"run\""}},
      {{"plot", "foo"}, 2, {"unknown command \"foo\" for synfire plot", "raster, traces, weights or hist"},
       {"subcommand is required"}},
      {{"plot", "rastr", "-s", "in.csv"}, 2, {"did you mean \"raster\""}},
      {{"plot"}, 2, {"synfire plot needs a command"}},
      // Ports.
      {{"run", "-n", "net.json", "-k", k, "--port", "modle"}, 2, {"--port modle", "did you mean \"model\""}},
      {{"run", "-n", "net.json", "-k", k, "--port", "net.json"}, 2,
       {"--port net.json", "not a serial port", "looks like a network file"}, {"invalid argument"}},
      {{"info", "--port", ""}, 2, {"--port is empty"}},
      {{"info", "--port", "."}, 2, {"not a serial port but a directory"}},
      // Outputs: checked before anything else.
      {{"run", "-n", "net.json", "-k", k, "-s", "o.txt"}, 2, {"--spikes o.txt", "unknown spike file type"}},
      {{"run", "-n", "net.json", "-k", k, "-s", "no/such/dir/o.csv"}, 2, {"--spikes", "no/such/dir/o.csv", "cannot write"}},
      {{"run", "-n", "net.json", "-k", k, "-w", "no/dir/t.json"}, 2, {"--weights-out", "no/dir/t.json"}},
      {{"plot", "raster", "-s", "in.csv", "-o", "r.jpg"}, 2, {"--out r.jpg", "unknown image type"}},
      {{"plot", "hist", "-n", "net.json", "-o", "no/dir/h.png"}, 2, {"no/dir/h.png", "cannot write"}},
      {{"convert", "in.csv", "out.bin"}, 2, {"out.bin", "unknown spike file type"}},
      // What the back end cannot do, before anything is uploaded.
      {{"run", "-n", "net.json", "-k", "5", "--period-us", "100"}, 2, {"--period-us", "cannot free-run"}, {"loaded"}},
  };
  for (const Case& c : cases) check(d, c);
}

TEST_CASE("failures at run time exit 1", "[cli]") {
  Dir d;
  const Case cases[] = {
      {{"run", "-n", "missing.json", "-k", "5"}, 1, {"missing.json", "cannot open"}},
      {{"run", "-n", "typo.json", "-k", "5"}, 1, {"typo.json", "treshold", "unknown field", "did you mean \"threshold\""}},
      {{"info", "--port", "/dev/synfire-no-such-port"}, 1, {"no device at /dev/synfire-no-such-port"}},
      {{"run", "-n", "net.json", "-k", "5", "-i", "missing.csv"}, 1, {"missing.csv", "cannot open"}},
  };
  for (const Case& c : cases) check(d, c);
}

TEST_CASE("weights says when --network replaces the loaded network, and offers no idle options", "[cli]") {
  Dir d;
  const auto help = run_cli({"weights", "--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Catch::Contains("--network"));
  CHECK_THAT(help.out, !Catch::Contains("--learn"));
  CHECK_THAT(help.out, !Catch::Contains("--seed"));
  const auto r = run_cli({"weights", "--port", "model", "--network", "net.json", "--out", "w.json"}, d.dir.path());
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("loaded net.json (4 neurons, 3 inputs) onto model"));
  CHECK(load_network(d.dir / "w.json").w_in == load_network(d.dir / "net.json").w_in);
  const auto quiet = run_cli({"weights", "-q", "--network", "net.json", "--out", "w2.json"}, d.dir.path());
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
  CHECK(run_cli({"weights", "--network", "net.json", "--out", "w3.json", "--learn", "on"}, d.dir.path()).status == 2);
}

TEST_CASE("synfire --version names the version, commit, protocol and build", "[cli]") {
  const auto v = run_cli({"--version"});
  CHECK(v.status == 0);
  INFO(v.out);
  CHECK(std::regex_search(v.out, std::regex(R"(^synfire \d+\.\d+\.\d+\n)")));
  CHECK(std::regex_search(v.out, std::regex(R"(\ncommit: ([0-9a-f]{7,}|[^\n]*-g[0-9a-f]+|unknown)(-dirty)?\n)")));
  CHECK(std::regex_search(v.out, std::regex(R"(\nprotocol: [1-9][0-9]*\n)")));
  CHECK(std::regex_search(v.out, std::regex(R"(\nbuild: [^\n]+\n?$)")));
}
