// Helpers of the CLI tests: run the synfire binary with a time limit and
// capture its output; scratch directories; the kind of random network they use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "network.hpp"
#include "random_network.hpp"
#include "simulator.hpp"

namespace synfire::test {

struct Result {
  int status = -1;     // exit status, or 128 + signal
  std::string out;     // stdout
  std::string err;     // stderr
  bool timed_out = false;
  double signal_to_exit_s = -1;  // synfire_interrupted: from the first signal to the exit
};

// Runs build/bin/synfire with `args` in `cwd`, killing it after `timeout_s`.
Result run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
               double timeout_s = 60);

// Starts synfire and sends it `signals` (default: one SIGINT, Ctrl-C) after
// `delay_s`, then waits (time-limited). Several signals arrive together (the
// process is stopped while they are sent): a second Ctrl-C while the first is
// still being handled.
Result synfire_interrupted(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                           double delay_s, double timeout_s = 30, std::vector<int> signals = {2});

// `synfire args...` started in the background (its own process group) with
// stdout on a pipe; stopped with SIGTERM (then SIGKILL) at scope exit.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  // The first line of its stdout, waiting at most timeout_s; empty on time-out or EOF.
  std::string first_line(double timeout_s);

 private:
  int pid_ = -1;
  int out_fd_ = -1;
};

// A fresh directory under the system's temp directory, removed at scope exit.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Names of the files in the directory, sorted.
  std::vector<std::string> files() const;

 private:
  std::filesystem::path path_;
};

// The CLI tests' random networks (random_network.hpp, tests/common): lively,
// one plastic flag per presynaptic row (so they fit every back end, the
// iCE40 board's included), learning on.
inline const NetworkDraw kCliNetworks{
    .values = Values::kLively, .per_row_flags = true, .density = {}, .learning = true};

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// The small valid network (4 neurons, 3 inputs) and input of the error and
// usage tests, written into `dir` as net.json and in.csv; returns the network.
Network write_small_network(const std::filesystem::path& dir);

}  // namespace synfire::test
