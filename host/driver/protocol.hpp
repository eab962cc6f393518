// The synfire link protocol on the host side (docs/protocol.md): constants,
// frames, request payloads and response parsing. rtl/link/syn_proto_pkg.sv holds
// the same constants for the RTL; tests/link checks that every localparam
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
#include "core_port.hpp"

namespace synfire::link {

// ------------------------------------------------------------------ constants
inline constexpr uint8_t kProtoVersion = 2;
inline constexpr uint8_t kFrameDelim = 0x00;
inline constexpr uint32_t kMinBody = 4;    // type, seq, CRC
inline constexpr uint32_t kMaxBody = 320;  // type, seq, payload, CRC
inline constexpr uint32_t kMaxPayload = kMaxBody - 4;

enum Request : uint8_t {
  kOpInfo = 0x02,  // -> Info; any seq, resynchronises
  kOpExec = 0x03,  // command segments -> Done
};

enum Rsp : uint8_t {
  kRspDone = 0x80,       // status, read data
  kRspOrder = 0x81,      // not the expected seq: the expected one
  kRspInfo = 0x82,       // the board's description
  kRspDuplicate = 0x83,  // executed before: not again
  kRspSpikes = 0x90,     // stream: step markers and neurons
};

// Done status bits; bits 1..4 are the core's RegStatus error bits.
inline constexpr uint32_t kStatOverflow = 0;
inline constexpr uint32_t kStatTruncated = 5;
inline constexpr uint32_t kStatLinkAddr = 6;
inline constexpr uint32_t kStatType = 7;

// EXEC segment control byte: [2:0] core opcode, [4:3] bytes per word - 1,
// flags: address and stride follow, a high byte follows, pace steps.
inline constexpr uint32_t kSegWidthLsb = 3;
inline constexpr uint32_t kSegAddrBit = 5;
inline constexpr uint32_t kSegHiBit = 6;
inline constexpr uint32_t kSegPaceBit = 7;
inline constexpr uint32_t kMaxReadBytes = kMaxBody - 5;  // read data per answer
inline constexpr uint32_t kSegMaxCount = 256;            // commands per segment
inline constexpr size_t kInfoBytes = 35;

// Spike stream items (16-bit): a neuron, or a step marker (this bit set,
// the step's low 15 bits below it).
inline constexpr uint32_t kMarkerBit = 0x8000;

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

// Every constant of rtl/link/syn_proto_pkg.sv by its SystemVerilog name (the
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
    NamedConstant{"OpInfo", kOpInfo},
    NamedConstant{"OpExec", kOpExec},
    NamedConstant{"RspDone", kRspDone},
    NamedConstant{"RspOrder", kRspOrder},
    NamedConstant{"RspInfo", kRspInfo},
    NamedConstant{"RspDuplicate", kRspDuplicate},
    NamedConstant{"RspSpikes", kRspSpikes},
    NamedConstant{"StatOverflow", kStatOverflow},
    NamedConstant{"StatTruncated", kStatTruncated},
    NamedConstant{"StatLinkAddr", kStatLinkAddr},
    NamedConstant{"StatType", kStatType},
    NamedConstant{"SegWidthLsb", kSegWidthLsb},
    NamedConstant{"SegAddrBit", kSegAddrBit},
    NamedConstant{"SegHiBit", kSegHiBit},
    NamedConstant{"SegPaceBit", kSegPaceBit},
    NamedConstant{"MaxReadBytes", kMaxReadBytes},
    NamedConstant{"InfoBytes", kInfoBytes},
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
  BuildId build;           // the image's commit and configuration
};
// Parses an INFO payload; nothing if it is too short.
std::optional<Info> parse_info(std::span<const uint8_t> payload);

// ------------------------------------------------------------- EXEC requests
// One EXEC payload under construction: command segments (docs/protocol.md,
// "EXEC"), at most kMaxPayload bytes, whose answer carries at most
// kMaxReadBytes of read data.
class Exec {
 public:
  // Where a segment's commands go: the address of the first, and the step
  // added to the address's index after each.
  struct Addr {
    uint32_t addr = 0;
    uint8_t stride = 1;
  };
  // Appends one segment of `count` (1..256) commands `op` with `width`-byte
  // words (1..4): data words (WRITE, AXON, PEND: count * width bytes), read
  // words (READ) or none. `hi` becomes bits 15:8 of 1-byte words; `pace`
  // spaces steps by the link's period, and on a data op means "repeat": one
  // word (width bytes of data) serves every command. Returns false,
  // appending nothing, if the segment does not fit the payload or the answer.
  bool add(rtl::port::Op op, uint32_t width, uint32_t count, std::optional<Addr> addr,
           std::span<const uint8_t> data = {}, uint8_t hi = 0, bool pace = false);
  // Bytes a segment with these arguments takes in the payload.
  static size_t segment_bytes(uint32_t width, uint32_t count, bool has_addr, bool has_hi,
                              bool takes_data);
  size_t room() const { return kMaxPayload - payload_.size(); }
  uint32_t read_room() const { return kMaxReadBytes - read_bytes_; }
  uint32_t read_bytes() const { return read_bytes_; }
  bool empty() const { return payload_.empty(); }
  std::vector<uint8_t> take();  // the payload; leaves this empty

 private:
  std::vector<uint8_t> payload_;
  uint32_t read_bytes_ = 0;
};

// A Done answer's status byte as text ("" when 0).
std::string status_text(uint8_t status);

// ------------------------------------------------------------ spike stream
// Decodes Spikes frames. Step markers carry the low 15 bits of the core's
// step counter; a marker stands for the first step at or after floor() with
// those bits (floor() moves on as answers prove earlier steps finished).
class SpikeStreamDecoder {
 public:
  SpikeStreamDecoder(uint64_t first_step, uint32_t neurons)
      : floor_(first_step), neurons_(neurons) {}
  // Every step before `step` has sent all its spikes.
  void raise_floor(uint64_t step) { floor_ = std::max(floor_, step); }
  uint64_t floor() const { return floor_; }
  // Appends the frame's spikes (absolute step, neuron) to `out`; false if it
  // is malformed (odd length, no marker first, a neuron >= neurons, steps
  // going back, neurons of a step not ascending).
  bool decode(std::span<const uint8_t> payload, std::vector<std::pair<uint64_t, uint32_t>>& out);

 private:
  uint64_t floor_;
  uint32_t neurons_;
  std::optional<uint64_t> step_;      // step of the last marker
  std::optional<uint32_t> last_neuron_;
};

// ------------------------------------------------------------- text for users
std::string type_name(uint8_t type);

}  // namespace synfire::link
