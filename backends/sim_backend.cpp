// make_sim_backend (sim_backend.hpp): the protocol back end over a LinkSim.
#include "sim_backend.hpp"

#include "device_backend.hpp"
#include "link_device.hpp"
#include "link_sim.hpp"

namespace synfire {

std::unique_ptr<Backend> make_sim_backend() {
  // A simulated clock gives answers much later than a board: allow 10 s.
  auto dev = std::make_unique<link::Device>(board::open_sim_transport("sim256"), 10000);
  return link::make_device_backend(std::move(dev), "sim");
}

}  // namespace synfire
