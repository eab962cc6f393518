// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR),
// the check value of every link frame (docs/protocol.md, "Framing").
#pragma once

#include <cstdint>
#include <span>

namespace synfire::link {

inline constexpr uint16_t kCrcInit = 0xFFFF;
inline constexpr uint16_t kCrcPoly = 0x1021;

// Folds one byte into a running CRC, most significant bit first (the same
// bit-serial order as rtl/link/syn_crc16.sv).
constexpr uint16_t crc16_update(uint16_t crc, uint8_t byte) {
  crc = static_cast<uint16_t>(crc ^ (static_cast<uint16_t>(byte) << 8));
  for (int i = 0; i < 8; ++i) {
    crc = static_cast<uint16_t>((crc & 0x8000u) ? (crc << 1) ^ kCrcPoly : crc << 1);
  }
  return crc;
}

// The CRC of a whole buffer. Appending the result big-endian makes the CRC of
// the extended buffer 0, which is how receivers check a frame.
constexpr uint16_t crc16(std::span<const uint8_t> data, uint16_t crc = kCrcInit) {
  for (uint8_t b : data) crc = crc16_update(crc, b);
  return crc;
}

}  // namespace synfire::link
