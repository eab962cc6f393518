#include "protocol.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "cobs.hpp"
#include "crc16.hpp"

namespace synfire::link {

std::vector<uint8_t> encode_frame(const Frame& f) {
  std::vector<uint8_t> body;
  body.reserve(f.payload.size() + 4);
  body.push_back(f.type);
  body.push_back(f.seq);
  body.insert(body.end(), f.payload.begin(), f.payload.end());
  const uint16_t crc = crc16(body);
  body.push_back(static_cast<uint8_t>(crc >> 8));
  body.push_back(static_cast<uint8_t>(crc & 0xFF));
  if (body.size() > kMaxBody) {
    throw std::length_error("a " + type_name(f.type) + " frame of " +
                            std::to_string(body.size()) + " bytes exceeds the protocol's " +
                            std::to_string(kMaxBody));
  }
  std::vector<uint8_t> out;
  out.reserve(cobs_max_encoded(body.size()) + 1);
  cobs_encode(body, out);
  out.push_back(kFrameDelim);
  return out;
}

void FrameDecoder::feed(std::span<const uint8_t> bytes, std::vector<Frame>& out) {
  for (uint8_t b : bytes) {
    if (b == kFrameDelim) {
      end_frame(out);
      continue;
    }
    // A frame longer than any legal one is garbage: stop storing it, keep
    // counting until its delimiter.
    if (buf_.size() < cobs_max_encoded(kMaxBody)) {
      buf_.push_back(b);
    } else {
      overflow_ = true;
      ++counters_.garbage_bytes;
    }
  }
}

void FrameDecoder::end_frame(std::vector<Frame>& out) {
  if (buf_.empty() && !overflow_) return;  // empty frame: a resynchronising delimiter
  const size_t n = buf_.size();
  std::optional<std::vector<uint8_t>> body;
  if (!overflow_) body = cobs_decode(buf_);
  buf_.clear();
  const bool was_overflow = overflow_;
  overflow_ = false;
  if (was_overflow || !body || body->size() < kMinBody || body->size() > kMaxBody) {
    ++counters_.framing_errors;
    counters_.garbage_bytes += n;
    return;
  }
  if (crc16(*body) != 0) {
    ++counters_.crc_errors;
    counters_.garbage_bytes += n;
    return;
  }
  Frame f;
  f.type = (*body)[0];
  f.seq = (*body)[1];
  f.payload.assign(body->begin() + 2, body->end() - 2);
  out.push_back(std::move(f));
  ++counters_.frames;
}

void put_u16(std::vector<uint8_t>& v, uint32_t x) {
  v.push_back(static_cast<uint8_t>(x));
  v.push_back(static_cast<uint8_t>(x >> 8));
}

void put_u32(std::vector<uint8_t>& v, uint32_t x) {
  put_u16(v, x & 0xFFFF);
  put_u16(v, x >> 16);
}

uint32_t get_u16(std::span<const uint8_t> v, size_t at) {
  return uint32_t{v[at]} | (uint32_t{v[at + 1]} << 8);
}

uint32_t get_u32(std::span<const uint8_t> v, size_t at) {
  return get_u16(v, at) | (get_u16(v, at + 2) << 16);
}

std::optional<Info> parse_info(std::span<const uint8_t> p) {
  if (p.size() < kInfoBytes) return std::nullopt;
  Info i;
  i.version = p[0];
  i.neurons = get_u16(p, 1);
  i.inputs = get_u16(p, 3);
  i.weight_bits = p[5];
  i.features = get_u32(p, 6);
  i.clock_hz = get_u32(p, 10);
  i.baud = get_u32(p, 14);
  i.rx_ring = get_u16(p, 18);
  i.max_body = get_u16(p, 20);
  i.build.commit = get_u32(p, 22);
  i.build.flags = p[26];
  for (size_t k = 27; k < 35 && p[k] != 0; ++k) {
    const char c = static_cast<char>(p[k]);
    i.build.config += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return i;
}

size_t Exec::segment_bytes(uint32_t width, uint32_t count, bool has_addr, bool has_hi,
                           bool takes_data) {
  return 2 + (has_addr ? 5 : 0) + (has_hi ? 1 : 0) + (takes_data ? size_t{width} * count : 0);
}

bool Exec::add(rtl::port::Op op, uint32_t width, uint32_t count, std::optional<Addr> addr,
               std::span<const uint8_t> data, uint8_t hi, bool pace) {
  using rtl::port::Op;
  if (width < 1 || width > 4 || count < 1 || count > kSegMaxCount) {
    throw std::invalid_argument("EXEC segment of " + std::to_string(count) + " words of " +
                                std::to_string(width) + " bytes");
  }
  const bool takes_data = op == Op::kWrite || op == Op::kAxon || op == Op::kPend;
  const uint32_t words = takes_data && pace ? 1 : count;  // a repeat carries one word
  if (takes_data && data.size() != size_t{width} * words) {
    throw std::invalid_argument("EXEC segment data does not match its count and width");
  }
  const uint32_t reads = op == Op::kRead ? width * count : 0;
  if (segment_bytes(width, words, addr.has_value(), hi != 0, takes_data) > room() ||
      reads > read_room()) {
    return false;
  }
  uint8_t ctl = static_cast<uint8_t>(static_cast<uint8_t>(op) | ((width - 1) << kSegWidthLsb));
  if (addr) ctl |= 1u << kSegAddrBit;
  if (hi != 0) ctl |= 1u << kSegHiBit;
  if (pace) ctl |= 1u << kSegPaceBit;
  payload_.push_back(ctl);
  payload_.push_back(static_cast<uint8_t>(count));  // 256 travels as 0
  if (addr) {
    put_u32(payload_, addr->addr);
    payload_.push_back(addr->stride);
  }
  if (hi != 0) payload_.push_back(hi);
  if (takes_data) payload_.insert(payload_.end(), data.begin(), data.end());
  read_bytes_ += reads;
  return true;
}

std::vector<uint8_t> Exec::take() {
  read_bytes_ = 0;
  return std::exchange(payload_, {});
}

std::string status_text(uint8_t status) {
  static const std::pair<uint32_t, const char*> bits[] = {
      {kStatOverflow, "more read data than one answer holds"},
      {rtl::port::kStatusErrAddr, "bad core address"},
      {rtl::port::kStatusErrAxon, "input axon out of range or not ascending"},
      {rtl::port::kStatusErrPend, "pending neuron out of range or not ascending"},
      {rtl::port::kStatusErrOp, "unknown core opcode"},
      {kStatTruncated, "request ended inside a segment"},
      {kStatLinkAddr, "bad link register access"},
      {kStatType, "unknown request type"},
  };
  std::string out;
  for (const auto& [bit, text] : bits) {
    if ((status >> bit) & 1) out += (out.empty() ? "" : ", ") + std::string(text);
  }
  return out;
}

bool SpikeStreamDecoder::decode(std::span<const uint8_t> p,
                                std::vector<std::pair<uint64_t, uint32_t>>& out) {
  if (p.size() % 2 != 0 || p.size() < 4) return false;
  for (size_t at = 0; at < p.size(); at += 2) {
    const uint32_t item = get_u16(p, at);
    if (item & kMarkerBit) {
      // The first step at or after the floor (and the last marker's step)
      // whose low 15 bits are the marker's.
      const uint64_t base = std::max(floor_, step_.value_or(0));
      const uint64_t step = base + ((item - base) & (kMarkerBit - 1));
      if (step != step_) last_neuron_.reset();
      step_ = step;
    } else {
      // Every frame begins with a marker; a step's neurons ascend.
      if (at == 0 || !step_ || item >= neurons_ || (last_neuron_ && item <= *last_neuron_)) {
        return false;
      }
      last_neuron_ = item;
      out.emplace_back(*step_, item);
    }
  }
  return true;
}

std::string type_name(uint8_t type) {
  switch (type) {
    case kOpInfo: return "INFO";
    case kOpExec: return "EXEC";
    case kRspDone: return "DONE";
    case kRspOrder: return "ORDER";
    case kRspInfo: return "INFO answer";
    case kRspDuplicate: return "DUPLICATE";
    case kRspSpikes: return "SPIKES";
    default: return "type 0x" + std::string(1, "0123456789ABCDEF"[type >> 4]) +
                    std::string(1, "0123456789ABCDEF"[type & 15]);
  }
}

}  // namespace synfire::link
