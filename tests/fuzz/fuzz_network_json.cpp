// Network files (docs/network-format.md): network_from_text on any bytes
// parses them or throws NetworkFormatError; what it parses is valid and
// survives a round trip through the writer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "network_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace synfire;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Network net = network_from_text(text);
    if (!validate(net).empty()) fuzz::finding("network_from_text returned an invalid network");
    if (network_from_text(network_to_json(net).dump(1)) != net) fuzz::finding("round trip changed the network");
  } catch (const NetworkFormatError& e) {
    fuzz::check_message(e.what());
  }
  return 0;
}
