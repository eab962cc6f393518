// list_serial_ports() and the FTDI latency-timer check.
#include "serial_ports.hpp"

#include <libserialport.h>

#include <filesystem>
#include <fstream>

#include "link_backend.hpp"

namespace synfire {

namespace {

std::string str(char* s) { return s ? std::string(s) : std::string(); }

}  // namespace

std::vector<PortInfo> list_serial_ports() {
  sp_port** ports = nullptr;
  if (sp_list_ports(&ports) != SP_OK) {
    char* msg = sp_last_error_message();
    std::string reason = msg ? msg : "unknown error";
    sp_free_error_message(msg);
    throw BackendError("cannot list the serial ports: " + reason);
  }
  std::vector<PortInfo> out;
  for (sp_port** p = ports; *p != nullptr; ++p) {
    PortInfo info;
    info.path = str(sp_get_port_name(*p));
    info.description = str(sp_get_port_description(*p));
    if (sp_get_port_transport(*p) == SP_TRANSPORT_USB) {
      int vid = 0, pid = 0;
      if (sp_get_port_usb_vid_pid(*p, &vid, &pid) == SP_OK) {
        info.vid = static_cast<uint16_t>(vid);
        info.pid = static_cast<uint16_t>(pid);
      }
      info.manufacturer = str(sp_get_port_usb_manufacturer(*p));
      info.product = str(sp_get_port_usb_product(*p));
    }
    out.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  return out;
}

namespace link {

std::optional<int> ftdi_latency_timer_ms(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dev = fs::canonical(path, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::path("/sys/bus/usb-serial/devices") / dev.filename() / "latency_timer";
  std::ifstream in(file);
  int ms = 0;
  if (!(in >> ms)) return std::nullopt;
  return ms;
}

std::string ftdi_latency_advice(const std::string& path) {
  const std::optional<int> ms = ftdi_latency_timer_ms(path);
  if (!ms || *ms <= 1) return {};
  const std::string name = std::filesystem::path(path).filename().string();
  return "the FTDI latency timer of " + path + " is " + std::to_string(*ms) +
         " ms, which delays every answer; set it to 1 ms with: echo 1 | sudo tee "
         "/sys/bus/usb-serial/devices/" + name + "/latency_timer";
}

}  // namespace link

}  // namespace synfire
