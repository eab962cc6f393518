// synfire ports: serial ports with USB VID:PID and description; known boards marked.
#include <cstdio>
#include <iostream>

#include "boards.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "link_backend.hpp"
#include "serial_ports.hpp"

namespace synfire::cli {

namespace {

struct PortsOptions {
  OutputOptions out;
};

std::string usb_id(const PortInfo& p) {
  if (p.vid == 0 && p.pid == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", p.vid, p.pid);
  return buf;
}

// The supported boards whose USB identity the port matches (board table),
// as "icebreaker" or "cmod-a7 or arty-a7-35 ..."; empty for none.
std::string board_names(const PortInfo& p) {
  std::string names;
  for (const boards::Board* b : boards::boards_for_usb(p.vid, p.pid, p.manufacturer, p.product)) {
    names += (names.empty() ? "" : " or ") + b->name;
  }
  return names;
}

void run_ports(const PortsOptions& opts) {
  const std::vector<PortInfo> ports = list_serial_ports();
  std::vector<std::string> boards_at;
  for (const PortInfo& p : ports) boards_at.push_back(board_names(p));
  if (opts.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t k = 0; k < ports.size(); ++k) {
      const PortInfo& p = ports[k];
      list.push_back({{"path", p.path}, {"description", p.description}, {"vid", p.vid}, {"pid", p.pid},
                      {"manufacturer", p.manufacturer}, {"product", p.product},
                      {"known_board", !boards_at[k].empty()}, {"board", boards_at[k]}});
    }
    std::cout << nlohmann::json{{"command", "ports"}, {"ports", list}}.dump() << '\n';
    return;
  }
  if (ports.empty()) {
    if (!opts.out.quiet) std::cout << "no serial ports found (the virtual board's pty is not listed: synfire board prints it)\n";
    return;
  }
  size_t width = 4;
  for (const PortInfo& p : ports) width = std::max(width, p.path.size());
  bool any_known = false;
  for (size_t k = 0; k < ports.size(); ++k) {
    const PortInfo& p = ports[k];
    const bool known = !boards_at[k].empty();
    std::string line = (known ? "* " : "  ") + p.path + std::string(width - p.path.size() + 2, ' ') +
                       usb_id(p) + "  " + (p.description.empty() ? "-" : p.description);
    if (known) line += "  [" + boards_at[k] + "]";
    std::cout << line << '\n';
  }
  for (size_t k = 0; k < ports.size(); ++k) {
    if (boards_at[k].empty()) continue;
    any_known = true;
    const std::string advice = link::ftdi_latency_advice(ports[k].path);
    if (!advice.empty()) note(opts.out, "note: " + advice);
  }
  if (any_known) note(opts.out, "* a supported board");
}

}  // namespace

void setup_ports(CLI::App& app) {
  auto opts = std::make_shared<PortsOptions>();
  CLI::App* cmd = app.add_subcommand("ports", "list serial ports (USB VID:PID, description); known boards are marked");
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_ports(*opts); });
}

}  // namespace synfire::cli
