#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "atomic_output.hpp"
#include "io_error.hpp"
#include "boards.hpp"
#include "network_json.hpp"
#include "printable.hpp"
#include "suggest.hpp"
#include "temp_files.hpp"

namespace synfire::cli {

namespace {

// A value quoted for a message: bounded, control characters escaped.
std::string quoted(const std::string& text) { return "\"" + printable(text, 40, true) + "\""; }

std::string format_number(long double v, bool integer) {
  char buf[64];
  if (integer) {
    std::snprintf(buf, sizeof buf, "%.0Lf", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6Lg", v);
  }
  return buf;
}

}  // namespace

std::string check_integer(const std::string& text, long double lo, long double hi) {
  const size_t digits_from = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool digits = text.size() > digits_from &&
                      std::all_of(text.begin() + static_cast<ptrdiff_t>(digits_from), text.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return quoted(text) + " is not a whole number";
  if (text.size() - digits_from > 30) return quoted(text) + " is too large (the most allowed is " + format_number(hi, true) + ")";
  long double v = 0;
  for (size_t i = digits_from; i < text.size(); ++i) v = v * 10 + (text[i] - '0');
  if (digits_from) v = -v;
  if (v < lo) return text + " is too small (the least allowed is " + format_number(lo, true) + ")";
  if (v > hi) return text + " is too large (the most allowed is " + format_number(hi, true) + ")";
  return {};
}

std::string check_one_of(const std::string& text, const std::vector<std::string>& items) {
  if (std::find(items.begin(), items.end(), text) != items.end()) return {};
  std::string list;
  for (size_t i = 0; i < items.size(); ++i) list += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
  return quoted(text) + " is not " + (items.size() == 2 ? "" : "one of ") + list + did_you_mean(text, items);
}

std::string check_real(const std::string& text, double lo, double hi, bool above_lo) {
  errno = 0;
  char* end = nullptr;
  const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    return quoted(text) + " is not a number";
  }
  if (above_lo && v <= lo) return text + " is too small (it must be greater than " + format_number(lo, false) + ")";
  if (v < lo) return text + " is too small (the least allowed is " + format_number(lo, false) + ")";
  if (v > hi) return text + " is too large (the most allowed is " + format_number(hi, false) + ")";
  return {};
}

void add_port_options(CLI::App& cmd, PortOptions& opts) {
  cmd.add_option("-p,--port", opts.port,
                 "back end: \"model\" (reference model), \"sim\" (RTL under Verilator) or a serial "
                 "device such as /dev/ttyUSB1 or the virtual board's pty")->type_name("PORT")
      ->capture_default_str();
  cmd.add_option("--baud", opts.baud, "serial baud rate (default: the board's)")->type_name("BAUD")
      ->check(in_range(1u, 100000000u));
  cmd.add_option("--timeout", opts.timeout_ms, "longest wait for an answer from a board, in ms")->type_name("MS")
      ->capture_default_str()
      ->check(in_range(1u, 3600000u));
}

void add_network_options(CLI::App& cmd, NetworkOptions& opts, bool overrides) {
  cmd.add_option("-n,--network", opts.path, "network file (docs/network-format.md)")->type_name("FILE");
  if (!overrides) return;
  cmd.add_option("--learn", opts.learn, "switch STDP on or off (default: as in the network file)")->type_name("on|off")
      ->check(one_of({"on", "off"}));
  cmd.add_option("--seed", opts.seed, "seed of the stochastic rounding (replaces the file's)")->type_name("SEED")
      ->check(whole_number<uint32_t>());
}

Network load_network_file(const NetworkOptions& opts) {
  Network net = load_network(opts.path);
  if (!opts.learn.empty()) net.learning = opts.learn == "on";
  if (opts.seed) net.seed = *opts.seed;
  return net;
}

void require_network_for(const PortOptions& port, const NetworkOptions& net) {
  if (net.path.empty() && is_in_process(port.port)) {
    throw UsageError("--network is required with --port " + port.port +
                     " (an in-process back end starts empty)");
  }
  if (net.path.empty() && net.seed) {
    throw UsageError("--seed needs --network (the seed is uploaded with the network)");
  }
}

void add_output_options(CLI::App& cmd, OutputOptions& opts) {
  cmd.add_flag("--json", opts.json, "machine-readable JSON on stdout");
  cmd.add_flag("-q,--quiet", opts.quiet, "no notes and no progress bar");
}

void check_port_name(const std::string& port) {
  using backends::PortProblem;
  const std::string use = " (use --port model, sim or a serial device such as /dev/ttyUSB1; synfire ports lists them)";
  switch (backends::check_port(port)) {
    case PortProblem::kNone:
      return;
    case PortProblem::kEmpty:
      throw UsageError("--port is empty" + use);
    case PortProblem::kUnknownName:
      // A bare word is a mistyped back end name, a path a device that is not there (unplugged?).
      throw UsageError("--port " + printable(port, 60, true) + ": no such back end or device" +
                       did_you_mean(port, backends::in_process_names()) + use);
    case PortProblem::kNoDevice:
      throw BackendError("no device at " + printable(port, 200, true) + " (see synfire ports, or use --port model or sim)");
    case PortProblem::kDirectory:
      throw UsageError("--port " + printable(port, 200, true) + ": not a serial port but a directory" + use);
    case PortProblem::kRegularFile: {
      const std::string ext = std::filesystem::path(port).extension().string();
      std::string looks;
      if (ext == ".json") looks = "; it looks like a network file, which --network takes";
      if (ext == ".csv" || ext == ".aer") looks = "; it looks like a spike file, which --input takes";
      throw UsageError("--port " + printable(port, 200, true) + ": not a serial port but a regular file" + looks + use);
    }
  }
}

std::unique_ptr<Backend> open_backend(const PortOptions& opts) {
  check_port_name(opts.port);
  uint32_t baud = opts.baud;
  if (!is_in_process(opts.port)) {
    if (baud == 0) baud = boards::shared_baud();
    if (baud == 0) throw UsageError("--baud is required: the boards do not share one baud rate");
  }
  // Ctrl-C is noticed while waiting for the board, uploads included.
  // The busy line of an upload or read-back shows its seconds as it waits.
  return backends::open_backend(opts.port, baud, opts.timeout_ms, [] {
    check_interrupted();
    ProgressBar::tick_active();
  });
}

void require_loaded(Backend& backend, const PortOptions& port) {
  (void)port;
  // A board back end reads the network an earlier call uploaded back from
  // the board (sizes from the mark an upload leaves, parameters from the
  // core), or says why it cannot.
  backend.time();
}

void note(const OutputOptions& out, const std::string& text) {
  if (!out.quiet) std::cerr << text << '\n';
}

void warn(const std::string& text) { std::cerr << "synfire: warning: " << text << '\n'; }

nlohmann::json link_stats_json(const LinkStats& s) {
  return {{"crc_errors", s.crc_errors},         {"framing_errors", s.framing_errors},
          {"retries", s.retries},               {"dropped_frames", s.dropped_frames},
          {"output_overflows", s.output_overflows}, {"late_steps", s.late_steps}};
}

std::string describe_link_problems(const LinkStats& s) {
  std::string text;
  auto add = [&](uint64_t n, const char* what) {
    if (n == 0) return;
    text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(s.crc_errors, "CRC errors");
  add(s.framing_errors, "framing errors");
  add(s.retries, "retried frames");
  add(s.dropped_frames, "frames the board dropped");
  add(s.output_overflows, "free-run steps that lost spikes to a full output");
  add(s.late_steps, "free-running steps that started late");
  return text;
}

std::vector<uint32_t> parse_index_list(const std::string& text, const char* option) {
  std::vector<uint32_t> out;
  auto bad = [&](const std::string& item, const std::string& why) {
    throw UsageError(std::string(option) + ": \"" + item + "\" " + why +
                     " (expected a list such as 0,3,8-11)");
  };
  auto number = [&](const std::string& item, const std::string& s) -> uint32_t {
    if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), ::isdigit)) bad(item, "is not an index");
    const unsigned long v = std::stoul(s);
    if (v > 0xFFFF) bad(item, "is too large");
    return static_cast<uint32_t>(v);
  };
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const size_t dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(item, item));
    } else {
      const uint32_t lo = number(item, item.substr(0, dash));
      const uint32_t hi = number(item, item.substr(dash + 1));
      if (hi < lo) bad(item, "is an empty range");
      for (uint32_t k = lo; k <= hi; ++k) out.push_back(k);
    }
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::atomic<int> g_signal{0};

// The first signal asks the command to stop at its next callback (every
// wait for a board polls it at least every 100 ms); a second one ends the
// process at once, removing the temporary files of its outputs first.
extern "C" void on_signal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    remove_temporaries_now();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

}  // namespace

double now_seconds() { return static_cast<double>(now_ns()) * 1e-9; }

std::string format_fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void check_writable(const std::string& path) {
  io::AtomicOutput probe(path);  // removed again when it goes out of scope
}

void check_output_paths(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  // The same file under two spellings (./o.csv, a symbolic link): compare
  // what the names resolve to, as far as they exist.
  auto canonical = [](const std::string& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::path(p).lexically_normal() : c;
  };
  std::vector<std::pair<fs::path, const OutputPath*>> seen;
  for (const OutputPath& o : outputs) {
    if (o.path.empty()) continue;
    std::error_code ec;
    if (fs::is_directory(o.path, ec)) {
      throw UsageError(std::string(o.option) + " " + o.path + ": is a directory, not a file name");
    }
    const fs::path c = canonical(o.path);
    for (const auto& [other, opt] : seen) {
      if (other == c) {
        throw UsageError(std::string(o.option) + " and " + opt->option + " both name " + o.path +
                         ": each output needs a file of its own");
      }
    }
    for (const std::string& in : inputs) {
      if (in.empty()) continue;
      if (canonical(in) == c || (fs::exists(in, ec) && fs::exists(o.path, ec) && fs::equivalent(in, o.path, ec))) {
        throw UsageError(std::string(o.option) + " " + o.path + " is also an input of this command: "
                         "it would be overwritten while it is read");
      }
    }
    seen.emplace_back(c, &o);
  }
  for (const OutputPath& o : outputs) {
    if (o.path.empty()) continue;
    try {
      if (o.check_type) o.check_type(o.path);
      check_writable(o.path);
    } catch (const io::FileError& e) {
      throw UsageError(std::string(o.option) + " " + e.what());
    }
  }
}

namespace {
ProgressBar* g_busy_bar = nullptr;  // the bar whose busy line the wait hook redraws
}

ProgressBar::ProgressBar(const OutputOptions& out, std::string label)
    : enabled_(!out.quiet && !out.json && ::isatty(STDERR_FILENO)), label_(std::move(label)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  if (g_busy_bar == this) g_busy_bar = nullptr;
  const int64_t t = now_ns();
  if (drawn_ && done < total && t - last_draw_ns_ < 100'000'000) return;
  last_draw_ns_ = t;
  const std::string& label = busy_.empty() ? label_ : busy_;  // an upload's, a read-back's
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / total);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r\033[K%s [%s] %3d%% %llu/%llu", label.c_str(), bar.c_str(),
               static_cast<int>(100 * done / total), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::busy(const std::string& what) {
  if (!enabled_) return;
  busy_ = what;
  busy_since_ns_ = now_ns();
  g_busy_bar = this;
  draw_busy();
}

void ProgressBar::draw_busy() {
  const int64_t t = now_ns();
  const double seconds = static_cast<double>(t - busy_since_ns_) * 1e-9;
  if (seconds < 1.0) {
    if (drawn_) return;
    std::fprintf(stderr, "\r\033[K%s ...", busy_.c_str());
  } else {
    if (t - last_draw_ns_ < 100'000'000) return;
    std::fprintf(stderr, "\r\033[K%s ... %.0f s", busy_.c_str(), seconds);
  }
  last_draw_ns_ = t;
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::tick_active() {
  if (g_busy_bar != nullptr) g_busy_bar->draw_busy();
}

void ProgressBar::finish() {
  if (g_busy_bar == this) g_busy_bar = nullptr;
  busy_.clear();
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");  // erase the bar's line
  std::fflush(stderr);
  drawn_ = false;
}

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);  // a closed terminal: stop and clean up as for Ctrl-C
}

void check_interrupted() {
  if (const int sig = g_signal.load()) {
    throw std::runtime_error(sig == SIGINT    ? "interrupted (Ctrl-C)"
                             : sig == SIGHUP ? "stopped: the terminal closed (SIGHUP)"
                                             : "terminated by a signal");
  }
}

}  // namespace synfire::cli
