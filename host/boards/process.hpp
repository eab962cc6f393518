// Runs an external program with a time limit, streaming its output. Internal
// to the boards library (flashing runs openFPGALoader through it).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synfire::boards::detail {

struct ProcessResult {
  int exit_code = -1;                   // the program's exit status, -1 if it did not exit normally
  int signal = 0;                       // the signal that ended it, 0 if none
  bool timed_out = false;               // it was stopped because the time limit passed
  std::vector<std::string> tail;        // its last non-empty output lines (stdout and stderr)
};

// The full path of `program`: itself if it contains a '/', else the first
// executable match on PATH; nullopt when there is none.
std::optional<std::string> find_program(const std::string& program);

// Runs argv (argv[0] a full path) with stdin from /dev/null, stdout and stderr
// merged and passed to on_line one line or '\r' progress update at a time.
// After `timeout` the program is stopped (SIGTERM, then SIGKILL). Throws
// std::runtime_error if the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<void(std::string_view)>& on_line);

}  // namespace synfire::boards::detail
