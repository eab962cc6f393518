// Every error a user can run into: one line "synfire: error: ..." naming the
// problem, a non-zero exit status, and no output file left behind.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <csignal>

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
    test::write_small_network(dir.path());
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

TEST_CASE("outputs on one file, on an input or on a directory are refused before any work", "[cli]") {
  Fixture f;
  std::filesystem::create_directory(f.dir / "adir.csv");
  f.inputs = f.dir.files();
  // A run of 2e9 steps: refused at once, or the test times out.
  const std::string k = "2000000000";
  auto quick_usage_error = [&](const std::vector<std::string>& args, std::initializer_list<std::string> frags) {
    const auto r = run_cli(args, f.dir.path(), 10);
    INFO(r.err);
    CHECK(r.status == 2);  // a mistake in the command line
    f.fails(args, frags);
  };
  quick_usage_error({"run", "-n", "net.json", "-k", k, "-w", "o.csv", "-s", "o.csv"},
                    {"--weights-out", "--spikes", "o.csv", "file of its own"});
  quick_usage_error({"run", "-n", "net.json", "-k", k, "-s", "o.csv", "--probe", "0", "--probe-out", "./o.csv"},
                    {"--probe-out", "--spikes", "file of its own"});
  quick_usage_error({"run", "-n", "net.json", "-k", k, "-i", "in.csv", "-s", "in.csv"},
                    {"--spikes in.csv", "also an input"});
  quick_usage_error({"run", "-n", "net.json", "-k", k, "-w", "net.json"}, {"--weights-out net.json", "also an input"});
  quick_usage_error({"run", "-n", "net.json", "-k", k, "-s", "adir.csv"}, {"adir.csv", "is a directory"});
  quick_usage_error({"convert", "in.csv", "in.csv"}, {"in.csv", "also an input"});
  quick_usage_error({"weights", "--in", "net.json", "--out", "net.json"}, {"--out net.json", "also an input"});
  quick_usage_error({"plot", "hist", "-n", "net.json", "-o", "adir.csv"}, {"adir.csv", "is a directory"});
  // The files are untouched.
  CHECK(test::read_text(f.dir / "in.csv") == "step,index\n0,0\n1,2\n");
  CHECK_NOTHROW(load_network(f.dir / "net.json"));
}

TEST_CASE("SIGHUP and a second Ctrl-C leave no temporary files", "[cli]") {
  Fixture f;
  const std::vector<std::string> args = {"run", "-n", "net.json", "-k", "2000000000", "-i", "in.csv",
                                         "-s", "out.aer", "--probe", "0", "--probe-out", "p.csv"};
  {
    // A closed terminal: stopped and cleaned up like Ctrl-C (it used to kill
    // the process, leaving out.aer.tmp-PID and p.csv.tmp-PID).
    const auto r = test::synfire_interrupted(args, f.dir.path(), 0.5, 30, {SIGHUP});
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("SIGHUP"));
    CHECK(f.dir.files() == f.inputs);
  }
  {
    // Ctrl-C, then SIGTERM before the first is handled: the process ends at
    // once, by the signal, and removes its temporaries first.
    const auto r = test::synfire_interrupted(args, f.dir.path(), 0.5, 30, {SIGINT, SIGTERM});
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK((r.status == 128 + SIGTERM || r.status == 128 + SIGINT || r.status == 1));
    CHECK(f.dir.files() == f.inputs);
  }
}

TEST_CASE("parser messages are one line naming the file and field, sanitised and short", "[cli]") {
  Fixture f;
  const std::string net = test::read_text(f.dir / "net.json");
  auto with = [&](const std::string& name, const std::string& from, const std::string& to) {
    std::string text = net;
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    test::write_text(f.dir / name, text);
  };
  with("huge.json", "\"seed\": 0", "\"seed\": 1e400");
  with("bigint.json", "\"seed\": 0", "\"seed\": 123456789012345678901234567890");
  with("dup.json", "\"seed\": 0", "\"seed\": 0, \"seed\": 5");
  with("ctrl.json", "\"seed\": 0", "\"seed\": 0, \"s\\u0001\\u001b[31m" + std::string(100000, 'e') + "\": 1");
  with("raw.json", "\"seed\": 0", "\"seed\": 0, \"s\x01\x1b[31m" + std::string(100000, 'e') + "\": 1");
  with("token.json", "\"seed\": 0", "\"seed\": 0" + std::string(100000, 'x'));
  test::write_text(f.dir / "long.csv", "step,index\n0," + std::string(100000, '7') + "\x1b[2J\n");
  f.inputs = f.dir.files();
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"huge.json", {"huge.json", "seed", "number out of range", "1e400"}},
      {"bigint.json", {"bigint.json", "seed: 123456789012345678901234567890 is too large"}},
      {"dup.json", {"dup.json", "seed", "twice"}},
      {"ctrl.json", {"ctrl.json", "\\x01\\x1B[31m", "unknown field"}},
      {"raw.json", {"raw.json", "malformed JSON", "line 16"}},
      {"token.json", {"token.json", "malformed JSON"}},
  };
  for (const auto& [file, frags] : cases) {
    const auto r = run_cli({"run", "-n", file, "-k", "5"}, f.dir.path(), 30);
    INFO(file << ": " << r.err.substr(0, 400));
    CHECK(r.status == 1);
    CHECK(r.err.rfind("synfire: error: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.size() < 500);
    CHECK(r.err.find('\x1b') == std::string::npos);
    for (const std::string& frag : frags) CHECK_THAT(r.err, Catch::Contains(frag));
  }
  const auto r = run_cli({"run", "-n", "net.json", "-k", "5", "-i", "long.csv"}, f.dir.path(), 30);
  INFO(r.err.substr(0, 400));
  CHECK(r.status == 1);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.size() < 500);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK_THAT(r.err, Catch::Contains("long.csv:2:"));
}

TEST_CASE("a port that another program holds is refused at once as in use", "[cli]") {
  Fixture f;
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const std::string pty = ptsname(master);
  // The lock a running synfire holds (flock; TIOCEXCL does not bind root).
  const int holder = open(pty.c_str(), O_RDWR | O_NOCTTY);
  REQUIRE(holder >= 0);
  REQUIRE(flock(holder, LOCK_EX | LOCK_NB) == 0);
  const auto start = std::chrono::steady_clock::now();
  f.fails(run_args({"--port", pty, "--timeout", "20000"}), {pty, "port in use"});
  f.fails({"info", "--port", pty, "--timeout", "20000"}, {pty, "port in use"});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  close(holder);
  close(master);
}

TEST_CASE("synfire board errors are one synfire: error: line", "[cli][board]") {
  const auto r = run_cli({"board", "--", "--config", "nonsense"}, {}, 30);
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(r.err.rfind("synfire: error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("nonsense"));
  const auto u = run_cli({"board", "--", "--no-such-option"}, {}, 30);
  INFO(u.err);
  CHECK(u.status == 2);
  CHECK(u.err.rfind("synfire: error: ", 0) == 0);
  CHECK(std::count(u.err.begin(), u.err.end(), '\n') == 1);
}
