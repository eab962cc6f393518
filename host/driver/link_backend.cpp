// The factory of link_backend.hpp: the protocol back end over a serial port
// or pseudo-terminal.
#include "link_backend.hpp"

#include "device_backend.hpp"
#include "transport.hpp"

namespace synfire {

std::unique_ptr<Backend> make_serial_backend(const std::string& port, uint32_t baud,
                                             uint32_t timeout_ms) {
  auto dev = std::make_unique<link::Device>(link::open_serial(port, baud), timeout_ms);
  return link::make_device_backend(std::move(dev), port);
}

}  // namespace synfire
