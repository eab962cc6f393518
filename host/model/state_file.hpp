// The dynamic state of a network and its file format (docs/file-formats.md,
// "State files"): what a run leaves behind besides the learned weights, so
// that a run continued from a saved state equals one long run, bit for bit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire {

// Version 2 added the delayed events in flight ("arrivals"); version 1
// files (no delays) are still read.
inline constexpr int kStateFormatVersion = 2;

// Delayed events in flight that arrive at one step (docs/model.md, "Axonal
// delays"): neurons whose spikes, input axons whose events arrive then.
struct StateArrivals {
  uint32_t step = 0;               // in [state step, state step + 15]
  std::vector<uint16_t> neurons;   // ascending; never at the state's own step (see pending)
  std::vector<uint16_t> axons;     // ascending
  bool operator==(const StateArrivals&) const = default;
};

// Everything docs/model.md's step reads besides the network: the step
// counter t of the next step, every neuron's state, the neurons whose spikes
// arrive in the next step (without delays: those that spiked in the last
// step), the input axons' traces and the other delayed events in flight.
struct NetworkState {
  uint32_t step = 0;
  std::vector<NeuronState> neurons;  // N entries
  std::vector<uint16_t> pending;     // ascending neuron indices
  std::vector<int32_t> axon_traces;  // M entries, [0, 255] (stdp.trace_bits 24: [0, 16777215])
  std::vector<StateArrivals> arrivals;  // ascending steps, none empty; empty without delays
  bool operator==(const NetworkState&) const = default;
};

// A state file that cannot be read, is not valid, or does not fit the
// network; what() names the file (when there is one), the field and the problem.
class StateFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks every field against its range and the network's size; returns an
// empty string or one message naming the first bad field.
std::string validate(const NetworkState& state, const Network& net);

nlohmann::json state_to_json(const NetworkState& state);
// Throws StateFormatError naming the first offending field (sizes are not
// checked here: validate() against the network does).
NetworkState state_from_json(const nlohmann::json& doc);

// Reads a state file; throws StateFormatError.
NetworkState load_state(const std::filesystem::path& path);
// Writes a state file atomically; throws std::runtime_error.
void save_state(const NetworkState& state, const std::filesystem::path& path);

// The state of a simulator, and a simulator set to a state (the network's
// sizes must match: validate() first).
NetworkState simulator_state(const Simulator& sim);
void set_simulator_state(Simulator& sim, const NetworkState& state);

}  // namespace synfire
