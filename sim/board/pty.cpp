#include "pty.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace synfire::board {

namespace {

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("pseudo-terminal: ") + what + ": " + std::strerror(errno));
}

}  // namespace

Pty::Pty() {
  fd_ = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) fail("posix_openpt");
  if (grantpt(fd_) != 0 || unlockpt(fd_) != 0) fail("grantpt/unlockpt");
  const char* name = ptsname(fd_);
  if (name == nullptr) fail("ptsname");
  path_ = name;
  // Raw mode for the pair, so that any program (cat, a Python client) gets
  // bytes unchanged: no echo, no line editing, no CR/LF translation.
  termios tio{};
  if (tcgetattr(fd_, &tio) != 0) fail("tcgetattr");
  cfmakeraw(&tio);
  if (tcsetattr(fd_, TCSANOW, &tio) != 0) fail("tcsetattr");
}

Pty::~Pty() { close(fd_); }

size_t Pty::read(uint8_t* buf, size_t n) {
  const ssize_t r = ::read(fd_, buf, n);
  return r > 0 ? static_cast<size_t>(r) : 0;  // EAGAIN: nothing; EIO: no host
}

size_t Pty::write(const uint8_t* buf, size_t n) {
  const ssize_t r = ::write(fd_, buf, n);
  return r > 0 ? static_cast<size_t>(r) : 0;
}

bool Pty::wait_input(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  const int r = poll(&p, 1, timeout_ms);
  if (r > 0 && (p.revents & POLLHUP) && !(p.revents & POLLIN)) {
    // No host: poll returns at once; wait the time out instead of spinning.
    poll(nullptr, 0, timeout_ms);
    return false;
  }
  return r > 0 && (p.revents & POLLIN);
}

bool Pty::host_present() {
  pollfd p{fd_, 0, 0};
  poll(&p, 1, 0);
  return !(p.revents & POLLHUP);
}

}  // namespace synfire::board
