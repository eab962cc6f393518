// Every error a user can run into: one line "synfire: error: ..." naming the
// problem, a non-zero exit status, and no output file left behind.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "network_json.hpp"
#include "spike_file.hpp"

using namespace synfire;
using test::ScratchDir;
using test::run_cli;

namespace {

// A directory holding a small valid network and inputs.
struct Fixture {
  ScratchDir dir;
  std::vector<std::string> inputs;
  Fixture() {
    Network net = Network::empty(4, 3);
    net.params.assign(4, NeuronParams{.decay_u = 500, .decay_v = 500, .threshold = 50});
    net.w_in.assign(12, 20);
    save_network(net, dir / "net.json");
    test::write_text(dir / "in.csv", "step,index\n0,0\n1,2\n");
    inputs = dir.files();
  }
  // Runs synfire, expects failure with all fragments in one error line, and
  // checks that only the fixture's files remain.
  void fails(const std::vector<std::string>& args, std::initializer_list<std::string> fragments) {
    const auto r = run_cli(args, dir.path(), 30);
    INFO("synfire " << [&] { std::string s; for (const auto& a : args) s += a + " "; return s; }());
    INFO("stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.status != 0);
    CHECK(r.err.rfind("synfire: error: ", 0) == 0);
    CHECK(r.err.find("synfire: error: ", 1) == std::string::npos);  // one error, not a cascade
    for (const std::string& f : fragments) CHECK(r.err.find(f) != std::string::npos);
    CHECK(dir.files() == inputs);
  }
};

// A full run command; `changes` are option/value pairs that replace the
// default value of an option or are appended.
std::vector<std::string> run_args(std::initializer_list<std::string> changes) {
  std::vector<std::string> a = {"run", "-n", "net.json", "-k", "20", "-i", "in.csv", "-s", "out.csv",
                                "-w", "trained.json", "--probe", "0", "--probe-out", "p.csv"};
  for (auto it = changes.begin(); it != changes.end(); it += 2) {
    auto found = std::find(a.begin(), a.end(), *it);
    if (found != a.end()) {
      *(found + 1) = *(it + 1);
    } else {
      a.insert(a.end(), {*it, *(it + 1)});
    }
  }
  return a;
}

}  // namespace

TEST_CASE("a good run leaves exactly its outputs", "[cli]") {
  Fixture f;
  const auto r = run_cli(run_args({}), f.dir.path());
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::vector<std::string> want = f.inputs;
  for (const char* out : {"out.csv", "p.csv", "trained.json"}) want.push_back(out);
  std::sort(want.begin(), want.end());
  CHECK(f.dir.files() == want);
}

TEST_CASE("missing, unreadable and malformed input files are named", "[cli]") {
  Fixture f;
  f.fails({"run", "-n", "missing.json", "-k", "5", "-s", "out.csv"}, {"missing.json", "cannot open"});
  std::filesystem::create_directory(f.dir / "adir.json");
  f.inputs = f.dir.files();
  f.fails({"run", "-n", "adir.json", "-k", "5", "-s", "out.csv"}, {"adir.json"});
  test::write_text(f.dir / "broken.json", "{\"format\": \"synfire-network\", \"version\": 1,");
  f.inputs = f.dir.files();
  f.fails({"run", "-n", "broken.json", "-k", "5", "-s", "out.csv"}, {"broken.json", "malformed JSON"});
  f.fails({"run", "-n", "net.json", "-k", "5", "-i", "nope.csv", "-s", "out.csv"}, {"nope.csv", "cannot open"});
  test::write_text(f.dir / "bad.csv", "step,index\n0,1\n1,one\n");
  f.inputs = f.dir.files();
  f.fails({"run", "-n", "net.json", "-k", "5", "-i", "bad.csv", "-s", "out.csv"}, {"bad.csv:3:", "index \"one\""});
  f.fails({"plot", "hist", "-n", "missing.json", "-o", "h.png"}, {"missing.json", "cannot open"});
  f.fails({"plot", "traces", "--probes", "missing.csv", "-o", "t.png"}, {"missing.csv", "cannot open"});
}

TEST_CASE("a field out of range is named with its value and range", "[cli]") {
  Fixture f;
  auto doc = network_to_json(load_network(f.dir / "net.json"));
  doc["neuron_defaults"]["decay_u"] = 5000;
  test::write_text(f.dir / "range.json", doc.dump());
  doc = network_to_json(load_network(f.dir / "net.json"));
  doc["stdp"]["shift"] = 16;
  test::write_text(f.dir / "shift.json", doc.dump());
  f.inputs = f.dir.files();
  f.fails({"run", "-n", "range.json", "-k", "5", "-s", "out.csv"}, {"range.json", "decay_u = 5000", "[0, 4095]"});
  f.fails({"load", "-n", "shift.json"}, {"shift.json", "stdp.shift = 16"});
}

TEST_CASE("bad option values, outputs and inputs that do not fit are refused before running", "[cli]") {
  Fixture f;
  f.fails(run_args({"--probe", "9"}), {"--probe", "neuron 9", "4 neurons"});
  f.fails({"run", "-n", "net.json", "-k", "20", "--probe", "1-x", "--probe-out", "p.csv"}, {"--probe", "\"1-x\""});
  f.fails({"run", "-n", "net.json", "-k", "20", "--probe", "1"}, {"--probe needs --probe-out"});
  f.fails({"run", "-n", "net.json", "-k", "20", "-s", "out.txt"}, {"out.txt", "unknown spike file type"});
  f.fails({"run", "-n", "net.json", "-k", "20", "-s", "no/such/dir/out.csv"}, {"no/such/dir/out.csv", "cannot write"});
  f.fails(run_args({"-w", "no/dir/t.json"}), {"no/dir/t.json", "cannot write"});
  test::write_text(f.dir / "wide.csv", "step,index\n0,0\n3,7\n");
  f.inputs = f.dir.files();
  f.fails({"run", "-n", "net.json", "-k", "20", "-i", "wide.csv", "-s", "out.csv"},
          {"wide.csv", "axon 7", "3 inputs"});
  f.fails({"convert", "in.csv", "out.bin"}, {"out.bin", "unknown spike file type"});
  f.fails({"plot", "raster", "-s", "in.csv", "-o", "r.jpg"}, {"r.jpg", "unknown image type"});
}

TEST_CASE("no device at the port, and a device that does not answer, are named", "[cli]") {
  Fixture f;
  f.fails(run_args({"--port", "/dev/synfire-no-such-port"}), {"no device at /dev/synfire-no-such-port"});
  f.fails({"info", "--port", "/dev/synfire-no-such-port"}, {"/dev/synfire-no-such-port"});
  // A pseudo-terminal nobody answers on: the command gives up within its time-out.
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const std::string pty = ptsname(master);
  f.fails(run_args({"--port", pty, "--timeout", "300"}), {pty});
  f.fails({"info", "--port", pty, "--timeout", "300"}, {pty});
  close(master);
}

TEST_CASE("an interrupted run leaves no partial outputs", "[cli]") {
  Fixture f;
  // Long enough that the signal arrives mid-run (the model runs ~1e6 steps/s here).
  const auto r = test::synfire_interrupted(
      {"run", "-n", "net.json", "-k", "2000000000", "-i", "in.csv", "-s", "out.csv", "--probe", "0", "--probe-out", "p.csv"},
      f.dir.path(), 0.5);
  INFO(r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.status == 1);
  CHECK(r.err.find("interrupted") != std::string::npos);
  CHECK(f.dir.files() == f.inputs);
}
