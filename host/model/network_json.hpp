// Reading and writing networks as JSON files (docs/network-format.md).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "network.hpp"

namespace synfire {

// A network file that cannot be read or is not valid; what() names the file
// (when there is one), the field and the problem.
class NetworkFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kNetworkFormatVersion = 1;

// Builds a network from a parsed document; throws NetworkFormatError naming
// the first offending field (missing, wrong type, out of range).
Network network_from_json(const nlohmann::json& doc);

// The document for a network. Sparse matrices are written as edge lists,
// dense ones as rows; reading it back gives an identical network.
nlohmann::json network_to_json(const Network& net);

// Parses and validates the text of a network file; throws NetworkFormatError
// ("<field path>: <problem>", one line): besides network_from_json's checks,
// keys given twice, integers beyond 64 bits and numbers beyond a double.
Network network_from_text(std::string_view text);

// Reads and validates a network file; throws NetworkFormatError.
Network load_network(const std::filesystem::path& path);

// Writes a network file atomically (a temporary file renamed into place, so
// a failed write never leaves a half-written network); throws std::runtime_error.
void save_network(const Network& net, const std::filesystem::path& path);

}  // namespace synfire
