// The back end that talks the synfire link protocol (docs/protocol.md) to a
// board or the virtual board behind a serial port or pseudo-terminal. (The
// same protocol to the RTL in this process, `sim`, is sim_backend.hpp.)
//
// Every call either succeeds or throws BackendError (see backend.hpp) with a
// one-line message naming the port and the problem; none prints or exits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend.hpp"

namespace synfire {

// A board behind `port`: a real serial port (libserialport) or a
// pseudo-terminal such as the virtual board's (termios). Opens the port and
// checks that a synfire bitstream answers within `timeout_ms`; throws
// BackendError naming the port otherwise (PortInUseError, transport.hpp, if
// another program holds the port). `wait_hook` is installed before the first
// wait (see Backend::set_wait_hook).
std::unique_ptr<Backend> make_serial_backend(const std::string& port, uint32_t baud,
                                             uint32_t timeout_ms,
                                             std::function<void()> wait_hook = {});

// One serial port of this machine.
struct PortInfo {
  std::string path;         // e.g. /dev/ttyUSB1
  std::string description;  // libserialport's description (USB product string)
  uint16_t vid = 0;         // USB vendor id (0: not a USB port)
  uint16_t pid = 0;         // USB product id
  std::string manufacturer;  // USB manufacturer string (empty if not reported)
  std::string product;       // USB product string (empty if not reported)
};
// Which supported board a port belongs to is the board table's business
// (boards::boards_for_usb), not the driver's.

// Lists the serial ports of this machine (never pseudo-terminals); throws
// BackendError if the operating system refuses to enumerate them.
std::vector<PortInfo> list_serial_ports();

}  // namespace synfire
