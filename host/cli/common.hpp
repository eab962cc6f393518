// What every synfire subcommand shares: the port and output options (defined
// once here), opening a back end, messages, the progress bar, Ctrl-C.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <type_traits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "backend.hpp"
#include "backends.hpp"

namespace synfire::cli {

// A mistake in the command line that the parser could not catch (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Options of every command that talks to a back end.
struct PortOptions {
  std::string port = "model";  // "model", "sim" or a serial device
  uint32_t baud = 0;           // 0: the board's default
  uint32_t timeout_ms = 2000;  // longest wait for one answer from a board
};

// Options of every command that prints results.
struct OutputOptions {
  bool json = false;   // machine-readable output on stdout
  bool quiet = false;  // no notes, no progress bar
};

// The network to upload, with the run-time overrides of its file.
struct NetworkOptions {
  std::string path;              // --network; empty: use what the board holds
  std::string learn;             // --learn "on" / "off"; empty: as in the file
  std::optional<uint32_t> seed;  // --seed: replaces the file's seed
};

// Checks of a number option's value that name what is wrong ("\"10abc\" is
// not a whole number", "-1 is not greater than 0") instead of CLI11's range
// text, and leave the help text alone (CLI11 would append "UINT in [1 -
// 4294967295]" to every option's type name).
std::string check_integer(const std::string& text, long double lo, long double hi);
std::string check_real(const std::string& text, double lo, double hi, bool above_lo = false);
template <typename T>
CLI::Validator in_range(T lo, T hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        if constexpr (std::is_integral_v<T>) {
          return check_integer(s, static_cast<long double>(lo), static_cast<long double>(hi));
        } else {
          return check_real(s, static_cast<double>(lo), static_cast<double>(hi));
        }
      },
      "", "");
}
// Any value of an integer type T: a whole number that fits it.
template <typename T>
CLI::Validator whole_number() {
  return in_range<T>(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
}
// A finite number greater than zero.
inline CLI::Validator positive_number() {
  return CLI::Validator([](std::string& s) { return check_real(s, 0.0, std::numeric_limits<double>::max(), true); },
                        "", "");
}
// One of `items`: "\"maybe\" is not one of on, off", with a suggestion.
std::string check_one_of(const std::string& text, const std::vector<std::string>& items);
inline CLI::Validator one_of(std::vector<std::string> items) {
  return CLI::Validator([items](std::string& s) { return check_one_of(s, items); }, "", "");
}

void add_port_options(CLI::App& cmd, PortOptions& opts);
// Adds --network, and with `overrides` --learn and --seed (commands that
// upload a network only to read or replace its weights take no overrides).
void add_network_options(CLI::App& cmd, NetworkOptions& opts, bool overrides = true);
// Reads the network file and applies --learn and --seed; throws
// NetworkFormatError naming the file and field.
Network load_network_file(const NetworkOptions& opts);
// Throws UsageError if no --network was given for an in-process back end
// (nothing else could be loaded there) or --seed was given without one.
void require_network_for(const PortOptions& port, const NetworkOptions& net);
void add_output_options(CLI::App& cmd, OutputOptions& opts);

// True for back ends that live inside this process and forget everything when it exits.
using backends::is_in_process;

// Throws UsageError if --port cannot name a back end: empty, a bare word that
// is not model or sim (with a suggestion), a regular file or a directory;
// BackendError if a device path does not exist.
void check_port_name(const std::string& port);
// Opens the back end named by --port; throws BackendError naming the port if
// it cannot (no such device, not available in this build).
std::unique_ptr<Backend> open_backend(const PortOptions& opts);

// For commands without --network: makes the back end adopt the network an
// earlier upload left on the board (read back), else throws BackendError
// saying to pass --network.
void require_loaded(Backend& backend, const PortOptions& port);

// Informational message on stderr, unless --quiet.
void note(const OutputOptions& out, const std::string& text);
// "synfire: warning: ..." on stderr, always.
void warn(const std::string& text);

// The link counters as JSON, and a one-line description of the non-zero ones
// (empty if nothing was dropped or repaired).
nlohmann::json link_stats_json(const LinkStats& s);
std::string describe_link_problems(const LinkStats& s);

// Parses a neuron list such as "0,3,8-11" (ascending, no duplicates after
// merging); throws UsageError naming the bad item.
std::vector<uint32_t> parse_index_list(const std::string& text, const char* option);

// A one-line progress bar on stderr, drawn only when stderr is a terminal and
// not --quiet or --json, at most ten times a second; cleared by finish().
class ProgressBar {
 public:
  ProgressBar(const OutputOptions& out, std::string label);
  ~ProgressBar();
  void update(uint64_t done, uint64_t total);
  // A step without a known length (an upload, a read-back): "what ...", and
  // from one second on the seconds it has taken, redrawn while the back end
  // waits for the board (tick_active(), from the wait hook).
  void busy(const std::string& what);
  // The back end's progress reports of an upload or read-back, drawn as a
  // bar labelled with what busy() said.
  TransferProgress transfer() {
    return [this](uint64_t done, uint64_t total) { update(done, total); };
  }
  void finish();
  // Redraws the busy line of the bar that is busy, if any (the wait hook of
  // open_backend calls it at least every 100 ms while a board works).
  static void tick_active();

 private:
  void draw_busy();
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::string busy_;  // what busy() said; empty when not busy
  int64_t busy_since_ns_ = 0;
  int64_t last_draw_ns_ = 0;
};

// Ctrl-C and SIGTERM set a flag instead of killing the process, so that a
// run stops at the next callback and its partial outputs are removed.
void install_interrupt_handler();
// Throws std::runtime_error("interrupted") if a signal arrived.
void check_interrupted();

// Monotonic seconds, for timing runs.
double now_seconds();
// A number with a fixed count of decimals, e.g. format_fixed(1.23456, 2) = "1.23".
std::string format_fixed(double v, int decimals);

// Fails early (FileError naming the file) if an output file could not be
// created, so that a long run does not end in "cannot write".
void check_writable(const std::string& path);

// One output file of a command and the option that named it (for messages).
struct OutputPath {
  const char* option;
  std::string path;  // empty: not requested
  // Checks the file type (by extension); throws io::FileError naming the file.
  std::function<void(const std::string&)> check_type = {};
};
// Checks every output before any work, all as mistakes in the command line
// (UsageError, exit 2): no two the same file, none equal to one of `inputs`,
// none a directory, each of a known type, and each one's temporary file
// creatable (its directory exists and is writable).
void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs);

}  // namespace synfire::cli
