#include "protocol.hpp"

#include <algorithm>
#include <stdexcept>

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
  i.max_probes = p[22];
  return i;
}

std::vector<uint8_t> write_payload(uint8_t fmt, uint8_t step, uint32_t addr,
                                   std::span<const uint8_t> data) {
  std::vector<uint8_t> p{fmt, step};
  put_u32(p, addr);
  p.insert(p.end(), data.begin(), data.end());
  return p;
}

std::vector<uint8_t> read_payload(uint8_t fmt, uint8_t step, uint32_t addr, uint16_t count) {
  std::vector<uint8_t> p{fmt, step};
  put_u32(p, addr);
  put_u16(p, count);
  return p;
}

uint32_t read_data_bytes(uint8_t fmt, uint32_t count) {
  if (fmt == kFmtWeights) return count + (count + 7) / 8;
  return count * fmt;
}

namespace {

uint8_t weight_byte(const WeightWord& w) { return static_cast<uint8_t>(w.weight); }

}  // namespace

std::vector<uint8_t> pack_weights(std::span<const WeightWord> words) {
  std::vector<uint8_t> out;
  out.reserve(words.size() + (words.size() + 7) / 8);
  for (size_t g = 0; g < words.size(); g += 8) {
    uint8_t flags = 0;
    const size_t n = std::min<size_t>(8, words.size() - g);
    for (size_t i = 0; i < n; ++i) flags |= static_cast<uint8_t>(words[g + i].plastic << i);
    out.push_back(flags);
    for (size_t i = 0; i < n; ++i) out.push_back(weight_byte(words[g + i]));
  }
  return out;
}

std::pair<std::vector<uint8_t>, size_t> pack_weights_rle(std::span<const WeightWord> words,
                                                         size_t max_bytes) {
  std::vector<uint8_t> out(3, 0);  // flags and count, filled in at the end
  std::optional<bool> listed_flag, zero_flag;
  size_t run = 0;  // zeros since the last listed word
  size_t n = 0;    // words covered
  const size_t limit = std::min<size_t>(words.size(), 0xFFFF);
  for (size_t i = 0; i < limit; ++i) {
    const WeightWord& w = words[i];
    if (w.weight == 0 && (!zero_flag || *zero_flag == w.plastic)) {
      zero_flag = w.plastic;
      ++run;
      n = i + 1;  // zeros after the last pair are implied by the count
      continue;
    }
    // A listed word. A run longer than 255 needs (255, 0) pairs, each a
    // listed zero: possible only if zeros and listed words share the flag.
    if (listed_flag && *listed_flag != w.plastic) break;
    const size_t fillers = run / 256;
    if (fillers > 0 && zero_flag != w.plastic) break;
    if (out.size() + 2 * (fillers + 1) > max_bytes) break;
    for (size_t f = 0; f < fillers; ++f) {
      out.push_back(255);
      out.push_back(0);
    }
    listed_flag = w.plastic;
    out.push_back(static_cast<uint8_t>(run - 256 * fillers));
    out.push_back(static_cast<uint8_t>(w.weight));
    run = 0;
    n = i + 1;
  }
  if (n == 0 || out.size() > max_bytes) return {{}, 0};
  const bool f0 = listed_flag.value_or(zero_flag.value_or(false));
  const bool f1 = zero_flag.value_or(f0);
  out[0] = static_cast<uint8_t>((f0 ? 1 : 0) | (f1 ? 2 : 0));
  out[1] = static_cast<uint8_t>(n);
  out[2] = static_cast<uint8_t>(n >> 8);
  return {out, n};
}

std::vector<WeightWord> unpack_read_weights(std::span<const uint8_t> data, uint32_t count) {
  std::vector<WeightWord> out;
  size_t at = 0;
  for (uint32_t g = 0; g < count; g += 8) {
    const uint32_t n = std::min<uint32_t>(8, count - g);
    if (at + n + 1 > data.size()) break;
    const uint8_t flags = data[at + n];
    for (uint32_t i = 0; i < n; ++i) {
      out.push_back({static_cast<int8_t>(data[at + i]), ((flags >> i) & 1) != 0});
    }
    at += n + 1;
  }
  return out;
}

std::pair<uint8_t, std::vector<uint8_t>> encode_step_indices(std::span<const uint32_t> idx,
                                                             uint32_t capacity) {
  const uint32_t ib = capacity > 256 ? 2 : 1;
  const uint32_t map_bytes = (capacity + 7) / 8;
  std::vector<uint8_t> data;
  if (idx.size() * ib <= map_bytes && idx.size() < kRecBitmap) {
    for (uint32_t i : idx) {
      data.push_back(static_cast<uint8_t>(i));
      if (ib == 2) data.push_back(static_cast<uint8_t>(i >> 8));
    }
    return {static_cast<uint8_t>(idx.size()), data};
  }
  data.assign(map_bytes, 0);
  for (uint32_t i : idx) data[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  return {kRecBitmap, data};
}

std::optional<std::vector<uint32_t>> decode_step_indices(uint8_t count,
                                                         std::span<const uint8_t> data,
                                                         uint32_t capacity, size_t& consumed) {
  const uint32_t ib = capacity > 256 ? 2 : 1;
  std::vector<uint32_t> out;
  if (count == kRecBitmap) {
    const uint32_t map_bytes = (capacity + 7) / 8;
    if (data.size() < map_bytes) return std::nullopt;
    for (uint32_t i = 0; i < capacity; ++i) {
      if ((data[i / 8] >> (i % 8)) & 1) out.push_back(i);
    }
    consumed = map_bytes;
    return out;
  }
  if (data.size() < size_t{count} * ib) return std::nullopt;
  for (uint32_t k = 0; k < count; ++k) {
    const uint32_t i = ib == 2 ? get_u16(data, 2 * k) : data[k];
    // A list is ascending and inside the core (found by fuzzing: a damaged
    // record that passed the CRC reached the spike file writer out of order).
    if (i >= capacity || (!out.empty() && i <= out.back())) return std::nullopt;
    out.push_back(i);
  }
  consumed = size_t{count} * ib;
  return out;
}

std::string nack_text(uint8_t code) {
  switch (code) {
    case kNackOrder: return "out of sequence";
    case kNackOpcode: return "unknown request type";
    case kNackLength: return "wrong payload length";
    case kNackArgument: return "argument out of range";
    case kNackCore: return "the core flagged an error";
    default: return "unknown rejection code " + std::to_string(code);
  }
}

std::string type_name(uint8_t type) {
  switch (type) {
    case kOpPing: return "PING";
    case kOpInfo: return "INFO";
    case kOpWrite: return "WRITE";
    case kOpRead: return "READ";
    case kOpClear: return "CLEAR";
    case kOpRun: return "RUN";
    case kOpProbe: return "PROBE";
    case kRspAck: return "ACK";
    case kRspNack: return "NACK";
    case kRspInfo: return "INFO answer";
    case kRspData: return "DATA";
    case kRspSpikes: return "SPIKES";
    case kRspProbes: return "PROBES";
    default: return "type 0x" + std::string(1, "0123456789ABCDEF"[type >> 4]) +
                    std::string(1, "0123456789ABCDEF"[type & 15]);
  }
}

}  // namespace synfire::link
