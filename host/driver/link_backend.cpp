// Factories of the protocol back ends. Transitional: the device API lands
// with the board RTL; until then both factories refuse with a clear message.
#include "link_backend.hpp"

namespace synfire {

std::unique_ptr<Backend> make_sim_backend() {
  throw BackendError("the sim back end is not available yet: the board RTL is still being built");
}

std::unique_ptr<Backend> make_serial_backend(const std::string& port, uint32_t baud,
                                             uint32_t timeout_ms) {
  (void)baud;
  (void)timeout_ms;
  throw BackendError(port + ": serial boards are not supported yet: the link protocol is still "
                            "being built");
}

}  // namespace synfire
