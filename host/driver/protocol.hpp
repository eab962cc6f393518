// The synfire link protocol on the host side (docs/protocol.md): constants,
// frames, request payloads and response parsing. rtl/syn_proto_pkg.sv holds
// the same constants for the RTL; tests/host checks that every localparam
// there equals its entry in kConstants below.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend.hpp"

namespace synfire::link {

// ------------------------------------------------------------------ constants
inline constexpr uint8_t kProtoVersion = 1;
inline constexpr uint8_t kFrameDelim = 0x00;
inline constexpr uint32_t kMinBody = 4;    // type, seq, CRC
inline constexpr uint32_t kMaxBody = 320;  // type, seq, payload, CRC

enum Op : uint8_t {
  kOpPing = 0x01,
  kOpInfo = 0x02,
  kOpWrite = 0x03,
  kOpRead = 0x04,
  kOpClear = 0x05,
  kOpRun = 0x06,
  kOpProbe = 0x07,
};

enum Rsp : uint8_t {
  kRspAck = 0x80,
  kRspNack = 0x81,
  kRspInfo = 0x82,
  kRspData = 0x83,
  kRspSpikes = 0x90,
  kRspProbes = 0x91,
};

inline constexpr uint8_t kAckDone = 0;
inline constexpr uint8_t kAckDuplicate = 1;

enum Nack : uint8_t {
  kNackOrder = 1,
  kNackOpcode = 2,
  kNackLength = 3,
  kNackArgument = 4,
  kNackCore = 5,
};

enum Fmt : uint8_t {
  kFmt1 = 0x01,
  kFmt2 = 0x02,
  kFmt3 = 0x03,
  kFmt4 = 0x04,
  kFmtWeights = 0x10,
  kFmtWeightsRle = 0x11,
};
inline constexpr uint32_t kMaxReadBytes = 288;

inline constexpr uint8_t kRunFree = 0x01;
inline constexpr uint8_t kRecBitmap = 0xFF;

inline constexpr uint8_t kLinkRegion = 0xF0;
enum LinkReg : uint8_t {
  kLinkRegVersion = 0x00,
  kLinkRegPeriod = 0x01,
  kLinkRegCrc = 0x02,
  kLinkRegFraming = 0x03,
  kLinkRegDropped = 0x04,
  kLinkRegOverflow = 0x05,
  kLinkRegLate = 0x06,
};
inline constexpr uint32_t kNumLinkRegs = 7;

// Every constant of rtl/syn_proto_pkg.sv by its SystemVerilog name (the
// package-sync test compares the two in both directions).
struct NamedConstant {
  std::string_view name;
  uint64_t value;
};
inline constexpr std::array kConstants{
    NamedConstant{"ProtoVersion", kProtoVersion},
    NamedConstant{"FrameDelim", kFrameDelim},
    NamedConstant{"CrcInit", 0xFFFF},
    NamedConstant{"CrcPoly", 0x1021},
    NamedConstant{"MinBody", kMinBody},
    NamedConstant{"MaxBody", kMaxBody},
    NamedConstant{"OpPing", kOpPing},
    NamedConstant{"OpInfo", kOpInfo},
    NamedConstant{"OpWrite", kOpWrite},
    NamedConstant{"OpRead", kOpRead},
    NamedConstant{"OpClear", kOpClear},
    NamedConstant{"OpRun", kOpRun},
    NamedConstant{"OpProbe", kOpProbe},
    NamedConstant{"RspAck", kRspAck},
    NamedConstant{"RspNack", kRspNack},
    NamedConstant{"RspInfo", kRspInfo},
    NamedConstant{"RspData", kRspData},
    NamedConstant{"RspSpikes", kRspSpikes},
    NamedConstant{"RspProbes", kRspProbes},
    NamedConstant{"AckDone", kAckDone},
    NamedConstant{"AckDuplicate", kAckDuplicate},
    NamedConstant{"NackOrder", kNackOrder},
    NamedConstant{"NackOpcode", kNackOpcode},
    NamedConstant{"NackLength", kNackLength},
    NamedConstant{"NackArgument", kNackArgument},
    NamedConstant{"NackCore", kNackCore},
    NamedConstant{"Fmt1", kFmt1},
    NamedConstant{"Fmt2", kFmt2},
    NamedConstant{"Fmt3", kFmt3},
    NamedConstant{"Fmt4", kFmt4},
    NamedConstant{"FmtWeights", kFmtWeights},
    NamedConstant{"FmtWeightsRle", kFmtWeightsRle},
    NamedConstant{"MaxReadBytes", kMaxReadBytes},
    NamedConstant{"RunFree", kRunFree},
    NamedConstant{"RecBitmap", kRecBitmap},
    NamedConstant{"LinkRegion", kLinkRegion},
    NamedConstant{"LinkRegVersion", kLinkRegVersion},
    NamedConstant{"LinkRegPeriod", kLinkRegPeriod},
    NamedConstant{"LinkRegCrc", kLinkRegCrc},
    NamedConstant{"LinkRegFraming", kLinkRegFraming},
    NamedConstant{"LinkRegDropped", kLinkRegDropped},
    NamedConstant{"LinkRegOverflow", kLinkRegOverflow},
    NamedConstant{"LinkRegLate", kLinkRegLate},
    NamedConstant{"NumLinkRegs", kNumLinkRegs},
    NamedConstant{"FeatStdp", kFeatureStdp},
    NamedConstant{"FeatAdaptation", kFeatureAdaptation},
    NamedConstant{"FeatPlasticPerSynapse", kFeaturePlasticPerSynapse},
    NamedConstant{"FeatFreeRun", kFeatureFreeRun},
    NamedConstant{"FeatProbes", kFeatureProbes},
};

// The link-register address of `reg`.
constexpr uint32_t link_addr(uint8_t reg) { return (uint32_t{kLinkRegion} << 24) | reg; }

// --------------------------------------------------------------------- frames
// One frame as the protocol sees it: type, sequence number, payload.
struct Frame {
  uint8_t type = 0;
  uint8_t seq = 0;
  std::vector<uint8_t> payload;
};

// The line bytes of a frame: COBS(type, seq, payload, CRC big-endian) and
// the delimiter. Throws std::length_error if it exceeds kMaxBody.
std::vector<uint8_t> encode_frame(const Frame& f);

// Bytes the frame occupies in the board's receive ring: its length field
// (2) plus type, seq and payload. The host's window counts these.
constexpr uint32_t ring_bytes(const Frame& f) {
  return 4 + static_cast<uint32_t>(f.payload.size());
}

// Splits a byte stream into frames. Bad frames are counted, never returned.
class FrameDecoder {
 public:
  struct Counters {
    uint64_t frames = 0;          // good frames
    uint64_t crc_errors = 0;      // bad CRC
    uint64_t framing_errors = 0;  // bad COBS, too short, too long
    uint64_t garbage_bytes = 0;   // bytes of bad frames
  };
  // Feeds bytes; complete good frames are appended to `out`.
  void feed(std::span<const uint8_t> bytes, std::vector<Frame>& out);
  const Counters& counters() const { return counters_; }

 private:
  void end_frame(std::vector<Frame>& out);
  std::vector<uint8_t> buf_;
  bool overflow_ = false;
  Counters counters_;
};

// ------------------------------------------------------------ little helpers
void put_u16(std::vector<uint8_t>& v, uint32_t x);
void put_u32(std::vector<uint8_t>& v, uint32_t x);
uint32_t get_u16(std::span<const uint8_t> v, size_t at);
uint32_t get_u32(std::span<const uint8_t> v, size_t at);

// -------------------------------------------------------------- INFO payload
struct Info {
  uint32_t version = 0;
  uint32_t neurons = 0;
  uint32_t inputs = 0;
  uint32_t weight_bits = 0;
  uint32_t features = 0;
  uint32_t clock_hz = 0;
  uint32_t baud = 0;
  uint32_t rx_ring = 0;    // receive ring bytes: the host's window
  uint32_t max_body = 0;
  uint32_t max_probes = 0;
};
inline constexpr size_t kInfoBytes = 23;
// Parses an INFO payload; nothing if it is too short.
std::optional<Info> parse_info(std::span<const uint8_t> payload);

// ------------------------------------------------------------ request payloads
// WRITE: format, address step, address, then the data.
std::vector<uint8_t> write_payload(uint8_t fmt, uint8_t step, uint32_t addr,
                                   std::span<const uint8_t> data);
// READ: format, address step, address, word count.
std::vector<uint8_t> read_payload(uint8_t fmt, uint8_t step, uint32_t addr, uint16_t count);
// Data bytes of a READ answer: count words in fmt.
uint32_t read_data_bytes(uint8_t fmt, uint32_t count);

// Weight words (docs/rtl.md: [7:0] weight, [8] plastic) in the weight formats.
struct WeightWord {
  int8_t weight = 0;
  bool plastic = false;
  bool operator==(const WeightWord&) const = default;
};
// FmtWeights write data: for every 8 words a flag byte, then their weights.
std::vector<uint8_t> pack_weights(std::span<const WeightWord> words);
// FmtWeightsRle write data (flags, count, then (zeros, weight) pairs) for the
// longest prefix of `words` that fits in `max_bytes` bytes and has the form
// the format needs: listed words share one plastic flag, the zeros between
// them another, and no run of zeros exceeds 255 unless it can be listed.
// Returns the data and how many words it covers (0 if not even one).
std::pair<std::vector<uint8_t>, size_t> pack_weights_rle(std::span<const WeightWord> words,
                                                         size_t max_bytes);
// Reads FmtWeights READ data: groups of up to 8 weights, each then its flag byte.
std::vector<WeightWord> unpack_read_weights(std::span<const uint8_t> data, uint32_t count);

// One step's indices (ascending, unique) as a record body: a list when it is
// no longer than the bitmap of `capacity` bits, else the bitmap. Returns the
// count byte and the data. Index width: 1 byte when capacity <= 256, else 2.
std::pair<uint8_t, std::vector<uint8_t>> encode_step_indices(std::span<const uint32_t> idx,
                                                             uint32_t capacity);
// The inverse: the indices of a record; nothing if the data is malformed
// (too short, a list not strictly ascending, an index >= capacity).
// `consumed` receives the bytes the record's data took.
std::optional<std::vector<uint32_t>> decode_step_indices(uint8_t count,
                                                         std::span<const uint8_t> data,
                                                         uint32_t capacity, size_t& consumed);

// ------------------------------------------------------------- text for users
std::string nack_text(uint8_t code);
std::string type_name(uint8_t type);

}  // namespace synfire::link
