// The factory of link_backend.hpp: the protocol back end over a serial port
// or pseudo-terminal.
#include "link_backend.hpp"

#include "device_backend.hpp"
#include "transport.hpp"

namespace synfire {

std::unique_ptr<Backend> make_serial_backend(const std::string& port, uint32_t baud,
                                             uint32_t timeout_ms,
                                             std::function<void()> wait_hook) {
  auto dev = std::make_unique<link::Device>(link::open_serial(port, baud), timeout_ms, wait_hook);
  auto backend = link::make_device_backend(std::move(dev), port);
  backend->set_wait_hook(std::move(wait_hook));
  return backend;
}

}  // namespace synfire
