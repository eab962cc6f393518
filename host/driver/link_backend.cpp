// The factories of link_backend.hpp: the protocol back end over the RTL in
// this process, or over a serial port or pseudo-terminal.
#include "link_backend.hpp"

#include "device_backend.hpp"
#include "link_sim.hpp"
#include "transport.hpp"

namespace synfire {

std::unique_ptr<Backend> make_sim_backend() {
  // The N = 256, M = 256 configuration with a plastic flag per synapse. A
  // simulated clock gives answers much later than a board: allow 10 s.
  auto dev = std::make_unique<link::Device>(board::open_sim_transport("sim256"), 10000);
  return link::make_device_backend(std::move(dev), "sim");
}

std::unique_ptr<Backend> make_serial_backend(const std::string& port, uint32_t baud,
                                             uint32_t timeout_ms,
                                             std::function<void()> wait_hook) {
  auto dev = std::make_unique<link::Device>(link::open_serial(port, baud), timeout_ms, wait_hook);
  auto backend = link::make_device_backend(std::move(dev), port);
  backend->set_wait_hook(std::move(wait_hook));
  return backend;
}

}  // namespace synfire
