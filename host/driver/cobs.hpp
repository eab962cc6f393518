// Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so that
// 0x00 can delimit frames on the wire (docs/protocol.md, "Framing").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace synfire::link {

// Appends the COBS encoding of `data` to `out` (no delimiter). A run of 254
// non-zero bytes gives a 0xFF code with no implied zero; the encoding is
// at most len + len/254 + 1 bytes.
void cobs_encode(std::span<const uint8_t> data, std::vector<uint8_t>& out);

// The largest encoding of `len` bytes.
constexpr size_t cobs_max_encoded(size_t len) { return len + len / 254 + 1; }

// Decodes one frame (without its delimiter). Returns nothing if the input is
// not a valid encoding: it contains a 0x00, or a code runs past the end.
std::optional<std::vector<uint8_t>> cobs_decode(std::span<const uint8_t> encoded);

}  // namespace synfire::link
