// The back-end layer: the one place a port name becomes a back end, for the
// CLI (host/cli) and the Python module (host/python). It sits above the host
// driver (host/driver: the interface, the model, the link protocol over a
// serial port) and the simulations (sim/: the RTL in process), so neither of
// those depends on the other.
//
//   "model"        the reference model in process (backend.hpp)
//   "sim"          the link and the core verilated, in process (sim_backend.hpp)
//   anything else  a serial device: a board or the virtual board (link_backend.hpp)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend.hpp"

namespace synfire::backends {

// The port names of the in-process back ends ("model", "sim").
const std::vector<std::string>& in_process_names();
bool is_in_process(const std::string& port);

// What is wrong with `port` as a port name before anything is opened; each
// caller words it in its own terms (CLI options, Python arguments).
enum class PortProblem {
  kNone,         // an in-process name or something that may be a serial device
  kEmpty,        // ""
  kUnknownName,  // a bare word that names no back end and no file (mistyped?)
  kNoDevice,     // a path where nothing is (unplugged?)
  kDirectory,
  kRegularFile,
};
PortProblem check_port(const std::string& port);

// Opens the back end `port` names (above). A serial device is opened at
// `baud` and must answer within `timeout_ms`; `wait_hook` runs while it is
// waited for (Backend::set_wait_hook). Throws BackendError naming the port.
std::unique_ptr<Backend> open_backend(const std::string& port, uint32_t baud, uint32_t timeout_ms,
                                      std::function<void()> wait_hook = {});

}  // namespace synfire::backends
