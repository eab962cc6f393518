// The termios transport: pseudo-terminals (the virtual board) and, as a
// fallback, any tty. Non-blocking descriptor plus poll() for every timeout.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "transport.hpp"

namespace synfire::link {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw TransportError(path + ": " + what + ": " + std::strerror(err));
}

std::string in_use_message(const std::string& path) {
  return path + ": port in use by another program (another synfire run?); one client per "
                "port: wait for it to finish or stop it";
}

speed_t speed_constant(uint32_t baud) {
  switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 500000: return B500000;
    case 921600: return B921600;
    case 1000000: return B1000000;
    case 1500000: return B1500000;
    case 2000000: return B2000000;
    case 3000000: return B3000000;
    case 4000000: return B4000000;
    default: return B0;
  }
}

class TermiosTransport final : public Transport {
 public:
  TermiosTransport(const std::string& path, uint32_t baud) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
      // TIOCEXCL of another client makes open() fail with EBUSY.
      if (errno == EBUSY) throw PortInUseError(in_use_message(path));
      fail(path, "cannot open", errno);
    }
    try {
      lock_port(fd_, path);
    } catch (...) {
      ::close(fd_);
      throw;
    }
    termios tio{};
    if (::tcgetattr(fd_, &tio) != 0) {
      const int err = errno;
      ::close(fd_);
      fail(path, "not a terminal", err);
    }
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (!is_pseudo_terminal(path)) {
      const speed_t s = speed_constant(baud);
      if (s == B0) {
        ::close(fd_);
        throw TransportError(path + ": baud " + std::to_string(baud) +
                             " is not a standard termios rate");
      }
      ::cfsetispeed(&tio, s);
      ::cfsetospeed(&tio, s);
    }
    if (::tcsetattr(fd_, TCSANOW, &tio) != 0) {
      const int err = errno;
      ::close(fd_);
      fail(path, "cannot configure", err);
    }
  }
  ~TermiosTransport() override {
    // Exclusive mode outlives this descriptor if another one keeps the tty open.
    ::ioctl(fd_, TIOCNXCL);
    ::close(fd_);
  }
  TermiosTransport(const TermiosTransport&) = delete;
  TermiosTransport& operator=(const TermiosTransport&) = delete;

  void write(std::span<const uint8_t> data, uint32_t timeout_ms) override {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR) fail(path_, "write failed", errno);
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                              clock::now());
      if (left.count() <= 0) {
        throw TransportError(path_ + ": could not write " + std::to_string(data.size() - done) +
                             " bytes within " + std::to_string(timeout_ms) +
                             " ms (nothing is reading the port)");
      }
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(left.count()));
    }
  }

  size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) override {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(timeout_ms));
    if (r < 0 && errno != EINTR) fail(path_, "poll failed", errno);
    if (r <= 0) return 0;
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return 0;
      // A pty whose other side closed reads EIO: the board went away.
      if (errno == EIO) throw TransportError(path_ + ": the other side closed the port");
      fail(path_, "read failed", errno);
    }
    if (n == 0 && (p.revents & POLLHUP)) {
      throw TransportError(path_ + ": the other side closed the port");
    }
    return static_cast<size_t>(n);
  }

  void discard_input() override { ::tcflush(fd_, TCIFLUSH); }
  std::string name() const override { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace

void lock_port(int fd, const std::string& path) {
  // flock first: it is what binds every user, root included (TIOCEXCL does
  // not stop CAP_SYS_ADMIN); the lock goes with the descriptor's last close.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw PortInUseError(in_use_message(path));
    fail(path, "cannot lock the port", errno);
  }
  // Later open() calls of other programs (minicom, a second board tool) fail with EBUSY.
  if (::ioctl(fd, TIOCEXCL) != 0) fail(path, "cannot take the port exclusively (TIOCEXCL)", errno);
}

bool is_pseudo_terminal(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISCHR(st.st_mode)) return false;
  // Unix98 pty slaves use character majors 136..143 (Documentation/admin-guide/devices.txt).
  const unsigned maj = major(st.st_rdev);
  return maj >= 136 && maj <= 143;
}

std::unique_ptr<Transport> open_termios(const std::string& path, uint32_t baud) {
  return std::make_unique<TermiosTransport>(path, baud);
}

std::unique_ptr<Transport> open_serial(const std::string& path, uint32_t baud) {
  if (is_pseudo_terminal(path)) return open_termios(path, baud);
  return open_serialport(path, baud);
}

}  // namespace synfire::link
