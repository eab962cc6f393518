#include "cli_runner.hpp"

#include "network_json.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#ifndef SYNFIRE_CLI
#error "SYNFIRE_CLI must name the synfire binary"
#endif

namespace synfire::test {

namespace {

using Clock = std::chrono::steady_clock;

Result run_process(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                   double interrupt_after_s, double timeout_s, const std::vector<int>& signals = {SIGINT}) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Child: its own process group, so a time-out can stop everything it started.
    setpgid(0, 0);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<std::string> full = {SYNFIRE_CLI};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so that a kill right after fork reaches the group
  close(out_pipe[1]);
  close(err_pipe[1]);
  Result r;
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::string* sinks[2] = {&r.out, &r.err};
  const auto start = Clock::now();
  bool signalled = interrupt_after_s < 0;
  double first_signal_s = -1;
  int open_fds = 2;
  while (open_fds > 0) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!signalled && elapsed >= interrupt_after_s) {
      // Stopped, the process receives them all at once when it continues
      // (signals of one kind would merge: send different ones for "twice").
      if (signals.size() > 1) kill(pid, SIGSTOP);
      for (int sig : signals) kill(pid, sig);
      if (signals.size() > 1) kill(pid, SIGCONT);
      first_signal_s = elapsed;
      signalled = true;
    }
    if (elapsed > timeout_s) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    if (poll(fds.data(), fds.size(), 20) < 0) break;
    for (size_t k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP))) continue;
      char buf[4096];
      const ssize_t n = read(fds[k].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[k]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  // The pipes closed, so the process is exiting (or was killed): this wait is short.
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (first_signal_s >= 0) {
    r.signal_to_exit_s = std::chrono::duration<double>(Clock::now() - start).count() - first_signal_s;
  }
  return r;
}

}  // namespace

Result run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd, double timeout_s) {
  return run_process(args, cwd, -1, timeout_s);
}

Result synfire_interrupted(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                           double delay_s, double timeout_s, std::vector<int> signals) {
  return run_process(args, cwd, delay_s, timeout_s, signals);
}

Background::Background(const std::vector<std::string>& args) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out_pipe[1], STDOUT_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDERR_FILENO);
    close(out_pipe[0]);
    std::vector<std::string> full = {SYNFIRE_CLI};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  setpgid(pid, pid);
  close(out_pipe[1]);
  pid_ = pid;
  out_fd_ = out_pipe[0];
}

Background::~Background() {
  if (out_fd_ >= 0) close(out_fd_);
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  // Give it two seconds to exit cleanly, then kill it.
  for (int k = 0; k < 200; ++k) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) return;
    usleep(10000);
  }
  kill(-pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string Background::first_line(double timeout_s) {
  std::string line;
  const auto start = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - start).count() < timeout_s) {
    pollfd fd{out_fd_, POLLIN, 0};
    if (poll(&fd, 1, 50) <= 0) continue;
    char c = 0;
    if (read(out_fd_, &c, 1) != 1) return {};
    if (c == '\n') return line;
    line += c;
  }
  return {};
}

ScratchDir::ScratchDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "synfire-cli-test-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> ScratchDir::files() const {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

Network write_small_network(const std::filesystem::path& dir) {
  Network net = Network::empty(4, 3);
  net.params.assign(4, NeuronParams{.decay_u = 500, .decay_v = 500, .threshold = 50});
  net.w_in.assign(12, 20);
  save_network(net, dir / "net.json");
  write_text(dir / "in.csv", "step,index\n0,0\n1,2\n");
  return net;
}

}  // namespace synfire::test
