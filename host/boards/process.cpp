#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace synfire::boards::detail {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kTailLines = 20;

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Splits the byte stream into lines at '\n' and '\r' (progress bars redraw
// with '\r'), hands each to the callback and keeps the last few non-empty ones.
class LineSplitter {
 public:
  LineSplitter(const std::function<void(std::string_view)>& on_line, std::vector<std::string>& tail)
      : on_line_(on_line), tail_(tail) {}
  void feed(std::string_view bytes) {
    for (char c : bytes) {
      if (c == '\n' || c == '\r') {
        emit();
      } else {
        line_ += c;
      }
    }
  }
  void emit() {
    if (line_.empty()) return;
    if (on_line_) on_line_(line_);
    tail_.push_back(line_);
    if (tail_.size() > kTailLines) tail_.erase(tail_.begin());
    line_.clear();
  }

 private:
  const std::function<void(std::string_view)>& on_line_;
  std::vector<std::string>& tail_;
  std::string line_;
};

// Waits for the child until `deadline`; true if it was reaped.
bool reap(pid_t pid, Clock::time_point deadline, int& status) {
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // already gone: nothing left to wait for
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::optional<std::string> find_program(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    if (is_executable_file(program)) return program;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    if (dir.empty()) dir = ".";  // an empty PATH entry means the working directory
    // Built by appending: GCC 12 warns falsely (-Wrestrict) on operator+ and assign here.
    std::string candidate;
    candidate.append(dir).append("/").append(program);
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<void(std::string_view)>& on_line) {
  if (argv.empty()) throw std::runtime_error("run_process: empty command line");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);
  // The child stays in the caller's process group, so that Ctrl-C at the
  // terminal stops the loader together with the CLI.

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int err = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (err != 0) throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(err));
  write_end.reset();

  ProcessResult result;
  LineSplitter lines(on_line, result.tail);
  const auto deadline = Clock::now() + timeout;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd p{read_end.get(), POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    const ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // end of output: the program closed it (normally by exiting)
    lines.feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  lines.emit();

  int status = 0;
  bool reaped = !result.timed_out && reap(pid, deadline, status);
  if (!reaped) {
    result.timed_out = true;
    ::kill(pid, SIGTERM);
    if (!reap(pid, Clock::now() + std::chrono::seconds(2), status)) {
      ::kill(pid, SIGKILL);
      reap(pid, Clock::now() + std::chrono::seconds(5), status);
    }
    return result;
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace synfire::boards::detail
