// synfire ports: serial ports with USB VID:PID and description; known boards marked.
#include <cstdio>
#include <iostream>

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

void run_ports(const PortsOptions& opts) {
  const std::vector<PortInfo> ports = list_serial_ports();
  if (opts.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const PortInfo& p : ports) {
      list.push_back({{"path", p.path}, {"description", p.description}, {"vid", p.vid}, {"pid", p.pid},
                      {"known_board", p.known_board}, {"board", p.board}});
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
  for (const PortInfo& p : ports) {
    std::string line = (p.known_board ? "* " : "  ") + p.path + std::string(width - p.path.size() + 2, ' ') +
                       usb_id(p) + "  " + (p.description.empty() ? "-" : p.description);
    if (p.known_board) line += "  [" + p.board + "]";
    std::cout << line << '\n';
  }
  bool any_known = false;
  for (const PortInfo& p : ports) {
    if (!p.known_board) continue;
    any_known = true;
    if (const std::string advice = link::ftdi_latency_advice(p.path); !advice.empty()) note(opts.out, "note: " + advice);
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
