// CRC-32 (IEEE 802.3, as zlib's crc32: reflected polynomial 0xEDB88320,
// initial and final XOR 0xFFFFFFFF; check value 0xCBF43926 for "123456789"),
// the checksum of AER version 2 files (docs/file-formats.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace synfire::io {

inline constexpr std::array<uint32_t, 256> kCrc32Table = [] {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}();

// Continues a CRC-32 over `n` more bytes: crc32_update(0, ...) starts one, and
// updating with consecutive pieces equals one update over their concatenation.
inline uint32_t crc32_update(uint32_t crc, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = kCrc32Table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace synfire::io
