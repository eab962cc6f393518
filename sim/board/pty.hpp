// The virtual board's end of a pseudo-terminal: the master side, raw and
// non-blocking. A host opens the slave (path()) like any serial port.
#pragma once

#include <cstdint>
#include <string>

namespace synfire::board {

class Pty {
 public:
  // Opens a new pseudo-terminal; throws std::runtime_error on failure.
  Pty();
  ~Pty();
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;

  const std::string& path() const { return path_; }
  // Reads what the host sent (up to n bytes, never blocks). Returns the
  // count; 0 also when no host has the slave open.
  size_t read(uint8_t* buf, size_t n);
  // Writes what fits without blocking; returns the count (0 when no host
  // has the slave open or its buffer is full).
  size_t write(const uint8_t* buf, size_t n);
  // Waits up to timeout_ms (wall clock) for host input; true if some came.
  bool wait_input(int timeout_ms);
  // A host has the slave open (its absence reads as a hang-up on the master).
  bool host_present();

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace synfire::board
