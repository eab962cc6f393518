#include "cobs.hpp"

namespace synfire::link {

void cobs_encode(std::span<const uint8_t> data, std::vector<uint8_t>& out) {
  size_t code_at = out.size();
  out.push_back(0);  // placeholder for the first code byte
  uint8_t code = 1;
  for (uint8_t b : data) {
    if (b == 0) {
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
      continue;
    }
    out.push_back(b);
    if (++code == 0xFF) {
      // A full block: its code says "254 bytes, no zero follows".
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
    }
  }
  out[code_at] = code;
}

std::optional<std::vector<uint8_t>> cobs_decode(std::span<const uint8_t> encoded) {
  std::vector<uint8_t> out;
  out.reserve(encoded.size());
  size_t i = 0;
  while (i < encoded.size()) {
    const uint8_t code = encoded[i++];
    if (code == 0) return std::nullopt;
    const size_t n = code - 1u;
    if (i + n > encoded.size()) return std::nullopt;
    for (size_t k = 0; k < n; ++k) {
      if (encoded[i + k] == 0) return std::nullopt;
      out.push_back(encoded[i + k]);
    }
    i += n;
    // The zero a block implies is dropped at the end of the frame.
    if (code != 0xFF && i < encoded.size()) out.push_back(0);
  }
  return out;
}

}  // namespace synfire::link
