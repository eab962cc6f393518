// The virtual board (synfire-board) as a child process, for tests, benchmarks
// and tools: started with its options, its pseudo-terminal path read from the
// first line of its output (with a time limit), stopped with SIGTERM (and
// SIGKILL if it does not exit in time).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace synfire::board {

class BoardProcess {
 public:
  // Starts the synfire-board executable `bin` with `args`; throws
  // std::runtime_error if it does not print a path within `timeout_ms`.
  BoardProcess(const std::string& bin, const std::vector<std::string>& args,
               int timeout_ms = 10000);
  ~BoardProcess();
  BoardProcess(const BoardProcess&) = delete;
  BoardProcess& operator=(const BoardProcess&) = delete;

  const std::string& port() const { return port_; }
  // Sends SIGTERM and waits up to timeout_ms; returns the exit status, or -1
  // if it had to be killed.
  int stop(int timeout_ms = 5000);
  // Waits up to timeout_ms for the board to exit by itself; returns its exit
  // status, or -2 if it is still running.
  int wait_exit(int timeout_ms);
  // What it wrote on standard error so far (its summary line at exit).
  std::string error_output();
  // From its exit summary: simulated seconds and wall seconds spent
  // simulating (0 if not found).
  double simulated_s();
  double busy_wall_s();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string port_, err_;
  int status_ = -2;
};

}  // namespace synfire::board
