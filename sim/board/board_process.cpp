#include "board_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace synfire::board {

namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  const auto d = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return d.count() > 0 ? static_cast<int>(d.count()) : 0;
}

}  // namespace

BoardProcess::BoardProcess(const std::string& bin, const std::vector<std::string>& args,
                           int timeout_ms) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    std::vector<char*> argv;
    std::string path = bin;
    argv.push_back(path.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, ms_left(deadline)) <= 0) {
      stop(1000);
      throw std::runtime_error("synfire-board printed no path within " +
                               std::to_string(timeout_ms) + " ms: " + error_output());
    }
    char c[256];
    const ssize_t n = read(out_fd_, c, sizeof c);
    if (n <= 0) {
      stop(1000);
      throw std::runtime_error("synfire-board exited before printing its path: " + error_output());
    }
    line.append(c, static_cast<size_t>(n));
  }
  port_ = line.substr(0, line.find('\n'));
}

BoardProcess::~BoardProcess() {
  if (status_ == -2) stop(2000);
  close(out_fd_);
  close(err_fd_);
}

std::string BoardProcess::error_output() {
  char c[4096];
  ssize_t n;
  while ((n = read(err_fd_, c, sizeof c)) > 0) err_.append(c, static_cast<size_t>(n));
  return err_;
}

namespace {

// The number before `key` in the last summary line ("... 0.0291 s simulated in 0.817 s of ...").
double number_before(const std::string& text, const std::string& key) {
  const size_t at = text.rfind(key);
  if (at == std::string::npos) return 0;
  size_t start = text.rfind(' ', at - 1);
  start = start == std::string::npos ? 0 : start + 1;
  try {
    return std::stod(text.substr(start, at - start));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

double BoardProcess::simulated_s() { return number_before(error_output(), " s simulated"); }

double BoardProcess::busy_wall_s() { return number_before(error_output(), " s of "); }

int BoardProcess::wait_exit(int timeout_ms) {
  if (status_ != -2) return status_;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      return status_;
    }
    if (ms_left(deadline) == 0) return -2;
    usleep(10000);
  }
}

int BoardProcess::stop(int timeout_ms) {
  if (status_ != -2) return status_;
  kill(pid_, SIGTERM);
  const int st = wait_exit(timeout_ms);
  if (st != -2) return st;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  status_ = -1;
  return status_;
}

}  // namespace synfire::board
