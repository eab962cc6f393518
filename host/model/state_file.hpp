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

inline constexpr int kStateFormatVersion = 1;

// Everything docs/model.md's step reads besides the network: the step
// counter t of the next step, every neuron's state, the neurons that spiked
// in the last step (delivered in the next) and the input axons' traces.
struct NetworkState {
  uint32_t step = 0;
  std::vector<NeuronState> neurons;  // N entries
  std::vector<uint16_t> pending;     // ascending neuron indices
  std::vector<int32_t> axon_traces;  // M entries, [0, 255]
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
