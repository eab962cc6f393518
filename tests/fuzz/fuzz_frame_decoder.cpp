// The host's end of the wire (docs/protocol.md): the frame decoder fed any
// bytes in chunks of any size, and the payload parsers the host applies to
// the frames it accepts (INFO, stream records, READ weight data). Nothing may
// crash; every frame returned has a good CRC, so encoding it again and
// decoding that gives the same frame.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz_check.hpp"
#include "protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace synfire::link;
  if (size < 2) return 0;
  const size_t chunk = 1 + data[0] % 64;  // how the bytes arrive from the port
  const uint32_t capacity = data[1] & 1 ? 256 : 4096;
  const std::span<const uint8_t> bytes(data + 2, size - 2);
  FrameDecoder dec;
  std::vector<Frame> frames;
  for (size_t at = 0; at < bytes.size(); at += chunk) {
    dec.feed(bytes.subspan(at, std::min(chunk, bytes.size() - at)), frames);
  }
  for (const Frame& f : frames) {
    if (f.payload.size() + 4 > kMaxBody) synfire::fuzz::finding("a frame longer than MaxBody was accepted");
    FrameDecoder again;
    std::vector<Frame> back;
    again.feed(encode_frame(f), back);
    if (back.size() != 1 || back[0].type != f.type || back[0].seq != f.seq || back[0].payload != f.payload) {
      synfire::fuzz::finding("re-encoding a decoded frame does not give it back");
    }
    parse_info(f.payload);
    // Stream records after the step counter, as the host reads them.
    size_t at = 4;
    while (at + 2 <= f.payload.size()) {
      size_t used = 0;
      const auto idx = decode_step_indices(f.payload[at + 1],
                                           std::span(f.payload).subspan(at + 2), capacity, used);
      if (!idx) break;
      for (size_t k = 0; k < idx->size(); ++k) {
        if ((*idx)[k] >= capacity) synfire::fuzz::finding("a record index beyond the capacity");
        if (k > 0 && (*idx)[k] <= (*idx)[k - 1]) synfire::fuzz::finding("record indices not ascending");
      }
      at += 2 + used;
    }
    const uint32_t words = static_cast<uint32_t>(f.payload.size() * 8 / 9);
    if (f.payload.size() == read_data_bytes(kFmtWeights, words)) unpack_read_weights(f.payload, words);
  }
  return 0;
}
