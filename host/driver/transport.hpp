// The byte pipe under the link protocol: one interface, one implementation per
// medium (a real serial port via libserialport, a pseudo-terminal via termios,
// the verilated board in process, a fake for tests).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "backend.hpp"

namespace synfire::link {

// A transport that failed (the port vanished, the OS refused an operation).
// what() names the port and the operation.
class TransportError : public BackendError {
 public:
  using BackendError::BackendError;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Writes every byte, waiting at most timeout_ms for room; throws
  // TransportError if the port fails or the bytes cannot be written in time.
  virtual void write(std::span<const uint8_t> data, uint32_t timeout_ms) = 0;
  // Reads what is available into buf, waiting at most timeout_ms for the
  // first byte; returns the count (0: nothing arrived in time). Throws
  // TransportError if the port fails.
  virtual size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) = 0;
  // Drops bytes received but not read yet (stale answers of an earlier session).
  virtual void discard_input() = 0;
  // The port's name for messages ("/dev/ttyUSB1", "sim").
  virtual std::string name() const = 0;
};

// True if `path` is a pseudo-terminal (a /dev/pts/N slave): libserialport
// 0.1.1 cannot open those, so they go through termios.
bool is_pseudo_terminal(const std::string& path);

// One client per port: the transports below take the port exclusively
// (TIOCEXCL, so that other open() calls fail, and a non-blocking flock(), which
// also binds root). A second synfire on the same port therefore stops at once
// with PortInUseError instead of interleaving its frames with the first's.
class PortInUseError : public TransportError {
 public:
  using TransportError::TransportError;
};

// Takes the exclusive lock on an open port descriptor; throws PortInUseError
// ("<path>: port in use by another program ...") if another client holds it.
void lock_port(int fd, const std::string& path);

// Opens a pseudo-terminal or tty with termios: raw, 8N1, non-blocking, at
// `baud` (ignored by pseudo-terminals), locked with lock_port(). Throws
// TransportError naming the path.
std::unique_ptr<Transport> open_termios(const std::string& path, uint32_t baud);

// Opens a real serial port with libserialport: 8N1, no flow control, at
// `baud`, locked with lock_port(). Throws TransportError naming the port and libserialport's reason.
std::unique_ptr<Transport> open_serialport(const std::string& path, uint32_t baud);

// Chooses between the two above by the kind of device at `path`.
std::unique_ptr<Transport> open_serial(const std::string& path, uint32_t baud);

}  // namespace synfire::link
