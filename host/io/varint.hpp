// Unsigned LEB128 varints, as used by the AER spike format: 7 bits per byte,
// least significant group first, high bit set on every byte but the last.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace synfire::io {

inline constexpr size_t kVarintMaxBytes = 10;  // enough for any uint64

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Decodes one varint at `pos`, advancing it. Returns nothing if the input
// ends inside it, it is longer than 10 bytes or its value exceeds 64 bits
// (the caller names the problem).
inline std::optional<uint64_t> get_varint(std::span<const unsigned char> in, size_t& pos) {
  uint64_t v = 0;
  for (size_t k = 0; k < kVarintMaxBytes; ++k) {
    if (pos >= in.size()) return std::nullopt;
    const unsigned char b = in[pos++];
    // The 10th byte holds bit 63 only: more would be dropped by the shift.
    if (k == kVarintMaxBytes - 1 && (b & 0x7E) != 0) return std::nullopt;
    v |= static_cast<uint64_t>(b & 0x7F) << (7 * k);
    if (!(b & 0x80)) return v;
  }
  return std::nullopt;
}

}  // namespace synfire::io
