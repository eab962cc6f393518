// The Backend (backend.hpp) of anything that speaks the link protocol: a
// board, the virtual board, or the RTL in process. It carries the network <->
// core mapping (core_map.hpp) and the runs through a link::Device.
#pragma once

#include <memory>
#include <string>

#include "backend.hpp"
#include "link_device.hpp"

namespace synfire::link {

// `kind` names the back end in BoardInfo and messages ("sim", or the port).
std::unique_ptr<Backend> make_device_backend(std::unique_ptr<Device> device, std::string kind);

// Steps per run request: short enough that an answer comes back well within a
// timeout even from a slow (simulated) board, long enough that the frame
// overhead stays small.
inline constexpr uint32_t kStepsPerRunFrame = 32;

}  // namespace synfire::link
