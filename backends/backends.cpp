#include "backends.hpp"

#include <filesystem>

#include "link_backend.hpp"
#include "sim_backend.hpp"

namespace synfire::backends {

const std::vector<std::string>& in_process_names() {
  static const std::vector<std::string> kNames = {"model", "sim"};
  return kNames;
}

bool is_in_process(const std::string& port) { return port == "model" || port == "sim"; }

PortProblem check_port(const std::string& port) {
  namespace fs = std::filesystem;
  if (is_in_process(port)) return PortProblem::kNone;
  if (port.empty()) return PortProblem::kEmpty;
  std::error_code ec;
  const fs::file_status st = fs::status(port, ec);
  if (!fs::exists(st)) {
    return port.find('/') == std::string::npos ? PortProblem::kUnknownName : PortProblem::kNoDevice;
  }
  if (fs::is_directory(st)) return PortProblem::kDirectory;
  if (fs::is_regular_file(st)) return PortProblem::kRegularFile;
  return PortProblem::kNone;
}

std::unique_ptr<Backend> open_backend(const std::string& port, uint32_t baud, uint32_t timeout_ms,
                                      std::function<void()> wait_hook) {
  if (port == "model") return make_model_backend();
  if (port == "sim") return make_sim_backend();
  return make_serial_backend(port, baud, timeout_ms, std::move(wait_hook));
}

}  // namespace synfire::backends
