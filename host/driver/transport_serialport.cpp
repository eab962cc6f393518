// The libserialport transport for real serial ports (USB UARTs of the boards).
// Every sp_* call goes through check(), which turns a failure into one
// TransportError naming the port, the operation and libserialport's reason.
#include <libserialport.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <string>

#include "transport.hpp"

namespace synfire::link {

namespace {

std::string last_error() {
  char* msg = sp_last_error_message();
  std::string s = msg ? msg : "unknown error";
  sp_free_error_message(msg);
  return s;
}

// Returns the non-negative result of an sp_* call or throws.
int check(sp_return r, const std::string& port, const char* what) {
  if (r >= 0) return static_cast<int>(r);
  std::string reason;
  switch (r) {
    case SP_ERR_ARG: reason = "invalid argument"; break;
    case SP_ERR_FAIL: reason = last_error(); break;
    case SP_ERR_SUPP: reason = "not supported on this port"; break;
    case SP_ERR_MEM: reason = "out of memory"; break;
    default: reason = "error " + std::to_string(static_cast<int>(r)); break;
  }
  throw TransportError(port + ": " + what + ": " + reason);
}

class SerialPortTransport final : public Transport {
 public:
  SerialPortTransport(const std::string& path, uint32_t baud) : path_(path) {
    check(sp_get_port_by_name(path.c_str(), &port_), path, "no such serial port");
    try {
      check(sp_open(port_, SP_MODE_READ_WRITE), path, "cannot open");
      open_ = true;
      int fd = -1;
      check(sp_get_port_handle(port_, &fd), path, "no descriptor");
      lock_port(fd, path);
      check(sp_set_baudrate(port_, static_cast<int>(baud)), path, "cannot set the baud rate");
      check(sp_set_bits(port_, 8), path, "cannot set 8 data bits");
      check(sp_set_parity(port_, SP_PARITY_NONE), path, "cannot disable parity");
      check(sp_set_stopbits(port_, 1), path, "cannot set 1 stop bit");
      check(sp_set_flowcontrol(port_, SP_FLOWCONTROL_NONE), path, "cannot disable flow control");
    } catch (...) {
      release();
      throw;
    }
  }
  ~SerialPortTransport() override { release(); }
  SerialPortTransport(const SerialPortTransport&) = delete;
  SerialPortTransport& operator=(const SerialPortTransport&) = delete;

  void write(std::span<const uint8_t> data, uint32_t timeout_ms) override {
    if (data.empty()) return;
    // libserialport treats a 0 ms timeout as "wait forever".
    const int n = check(sp_blocking_write(port_, data.data(), data.size(),
                                          std::max<uint32_t>(timeout_ms, 1)),
                        path_, "write failed");
    if (static_cast<size_t>(n) != data.size()) {
      throw TransportError(path_ + ": could only write " + std::to_string(n) + " of " +
                           std::to_string(data.size()) + " bytes within " +
                           std::to_string(timeout_ms) + " ms");
    }
  }

  size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) override {
    if (timeout_ms == 0) {
      return static_cast<size_t>(
          check(sp_nonblocking_read(port_, buf.data(), buf.size()), path_, "read failed"));
    }
    return static_cast<size_t>(check(sp_blocking_read_next(port_, buf.data(), buf.size(),
                                                           timeout_ms),
                                     path_, "read failed"));
  }

  void discard_input() override { check(sp_flush(port_, SP_BUF_INPUT), path_, "flush failed"); }
  std::string name() const override { return path_; }

 private:
  void release() {
    if (port_ == nullptr) return;
    if (open_) {
      int fd = -1;
      if (sp_get_port_handle(port_, &fd) == SP_OK && fd >= 0) ::ioctl(fd, TIOCNXCL);
      sp_close(port_);
    }
    sp_free_port(port_);
    port_ = nullptr;
  }
  std::string path_;
  sp_port* port_ = nullptr;
  bool open_ = false;
};

}  // namespace

std::unique_ptr<Transport> open_serialport(const std::string& path, uint32_t baud) {
  return std::make_unique<SerialPortTransport>(path, baud);
}

}  // namespace synfire::link
