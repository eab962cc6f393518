// Serial-port discovery helpers beyond list_serial_ports() (link_backend.hpp).
#pragma once

#include <optional>
#include <string>

namespace synfire::link {

// The FTDI latency timer of a USB serial port in ms (Linux sysfs), or nothing
// if the port is not an FTDI device or the value cannot be read.
std::optional<int> ftdi_latency_timer_ms(const std::string& path);

// Advice for an FTDI port whose latency timer is above 1 ms (the default is
// 16 ms, which holds every answer back and slows the link down by an order of
// magnitude), as one sentence with the command that fixes it; empty otherwise.
std::string ftdi_latency_advice(const std::string& path);

}  // namespace synfire::link
