// The host's end of the wire (docs/protocol.md): the frame decoder fed any
// bytes in chunks of any size, and the payload parsers the host applies to
// the frames it accepts (INFO, the spike stream's items). Nothing may
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
    // Spike stream items, as the host reads them: every spike decoded is
    // inside the core, at or after the floor, and steps never go back.
    SpikeStreamDecoder stream(data[1], capacity);
    std::vector<std::pair<uint64_t, uint32_t>> spikes;
    if (stream.decode(f.payload, spikes)) {
      for (size_t k = 0; k < spikes.size(); ++k) {
        if (spikes[k].second >= capacity) synfire::fuzz::finding("a spike beyond the capacity");
        if (spikes[k].first < data[1]) synfire::fuzz::finding("a spike before the stream's floor");
        if (k > 0 && (spikes[k].first < spikes[k - 1].first ||
                      (spikes[k].first == spikes[k - 1].first && spikes[k].second <= spikes[k - 1].second))) {
          synfire::fuzz::finding("spikes out of order");
        }
      }
    }
  }
  return 0;
}
