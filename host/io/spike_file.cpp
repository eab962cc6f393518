#include "spike_file.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

#include "crc32.hpp"
#include "io_error.hpp"
#include "read_file.hpp"
#include "text_lines.hpp"
#include "varint.hpp"

namespace synfire::io {

namespace {

// AER header: magic, version, flags (docs/file-formats.md).
constexpr char kAerMagic[6] = {'S', 'Y', 'N', 'A', 'E', 'R'};
// Version 2 ends in a CRC-32 of everything before it; version 1 (no
// checksum) is still read.
constexpr unsigned char kAerVersion = 2;
constexpr unsigned char kAerVersionNoChecksum = 1;
constexpr size_t kAerCrcBytes = 4;
constexpr size_t kAerHeaderBytes = 8;

void sort_merge(std::vector<Spike>& s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
}

std::vector<Spike> parse_csv(std::span<const unsigned char> data, const std::string& name) {
  TextLines lines(name, data);
  lines.expect_header({"step", "index"});
  std::vector<Spike> spikes;
  std::vector<std::string_view> fields;
  while (lines.next(fields)) {
    if (fields.size() != 2) {
      lines.fail("expected 2 fields \"step,index\", got " + std::to_string(fields.size()));
    }
    const uint64_t step = lines.parse_uint(fields[0], "step", UINT32_MAX);
    const uint64_t index = lines.parse_uint(fields[1], "index", kMaxSpikeIndex);
    spikes.push_back({static_cast<uint32_t>(step), static_cast<uint32_t>(index)});
  }
  sort_merge(spikes);
  return spikes;
}

std::vector<Spike> parse_aer(std::span<const unsigned char> data, const std::string& name) {
  auto fail = [&](size_t offset, const std::string& what) -> void {
    throw FileError(name + ": byte " + std::to_string(offset) + ": " + what);
  };
  if (data.size() < kAerHeaderBytes || !std::equal(std::begin(kAerMagic), std::end(kAerMagic), data.begin())) {
    throw FileError(name + ": not an AER spike file (no \"SYNAER\" header)");
  }
  const unsigned char version = data[6];
  if (version != kAerVersion && version != kAerVersionNoChecksum) {
    fail(6, "version " + std::to_string(version) + " is not supported (this synfire reads versions " +
                std::to_string(kAerVersionNoChecksum) + " and " + std::to_string(kAerVersion) + ")");
  }
  if (data[7] != 0) fail(7, "unknown flags " + std::to_string(data[7]));
  size_t end = data.size();  // where the groups and the total end
  if (version == kAerVersion) {
    // The checksum first: a flipped byte anywhere is named as damage, not
    // as whatever its new value happens to mean.
    if (data.size() < kAerHeaderBytes + kAerCrcBytes) fail(data.size(), "file ends before its checksum (truncated?)");
    end = data.size() - kAerCrcBytes;
    const uint32_t want = uint32_t{data[end]} | uint32_t{data[end + 1]} << 8 |
                          uint32_t{data[end + 2]} << 16 | uint32_t{data[end + 3]} << 24;
    if (crc32_update(0, data.data(), end) != want) {
      fail(end, "checksum mismatch: the file is damaged or truncated");
    }
  }

  std::vector<Spike> spikes;
  size_t pos = kAerHeaderBytes;
  uint64_t step = 0;
  bool first = true;
  auto varint = [&](const char* what) -> uint64_t {
    const size_t at = pos;
    const std::optional<uint64_t> v = get_varint(data.first(end), pos);
    if (!v) {
      fail(at, pos >= end ? std::string("file ends inside ") + what + " (truncated?)"
                                  : std::string("malformed varint in ") + what);
    }
    return *v;
  };
  for (;;) {
    if (pos >= end) fail(pos, "file ends without the end marker (truncated?)");
    const size_t group_at = pos;
    const uint64_t dstep = varint("a step delta");
    const uint64_t count = varint("a spike count");
    if (count == 0) {
      if (dstep != 0) fail(group_at, "end marker has a non-zero step delta");
      break;
    }
    if (!first && dstep == 0) fail(group_at, "step repeats a previous group's step");
    // Compared before adding: a 64-bit delta could wrap the sum back below
    // the previous step (found by fuzzing: spikes came back out of order).
    if (dstep > UINT32_MAX - step) {
      fail(group_at, "step delta " + std::to_string(dstep) + " takes the step beyond " +
                         std::to_string(UINT32_MAX));
    }
    step += dstep;
    if (count > kMaxSpikeIndex + 1) fail(group_at, "a step holds " + std::to_string(count) + " spikes");
    first = false;
    uint64_t index = 0;
    for (uint64_t k = 0; k < count; ++k) {
      const size_t at = pos;
      const uint64_t gap = varint("a spike index");
      // Compared before adding, as the steps: a huge gap must not wrap the
      // index back below the previous one (found by fuzzing).
      if (gap > kMaxSpikeIndex || (k > 0 && gap > kMaxSpikeIndex - index - 1)) {
        fail(at, "index " + (k == 0 ? std::to_string(gap) : std::to_string(index) + " + 1 + " + std::to_string(gap)) +
                     " is outside [0, " + std::to_string(kMaxSpikeIndex) + "]");
      }
      index = k == 0 ? gap : index + 1 + gap;
      spikes.push_back({static_cast<uint32_t>(step), static_cast<uint32_t>(index)});
    }
  }
  const size_t total_at = pos;
  const uint64_t total = varint("the spike total");
  if (total != spikes.size()) {
    fail(total_at, "the end marker counts " + std::to_string(total) + " spikes but the file holds " +
                       std::to_string(spikes.size()));
  }
  if (pos != end) fail(pos, std::to_string(end - pos) + " bytes after the end marker");
  return spikes;
}

}  // namespace

SpikeFormat spike_format_for(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".csv") return SpikeFormat::kCsv;
  if (ext == ".aer") return SpikeFormat::kAer;
  throw FileError(path.string() + ": unknown spike file type \"" + ext +
                  "\" (use .csv for text or .aer for binary)");
}

std::vector<Spike> parse_spikes(std::span<const unsigned char> data, SpikeFormat format,
                                const std::string& name) {
  return format == SpikeFormat::kCsv ? parse_csv(data, name) : parse_aer(data, name);
}

std::vector<Spike> read_spikes(const std::filesystem::path& path) {
  const SpikeFormat format = spike_format_for(path);
  return parse_spikes(read_file_bytes(path), format, path.string());
}

void write_spikes(const std::filesystem::path& path, std::span<const Spike> spikes) {
  std::vector<Spike> sorted(spikes.begin(), spikes.end());
  sort_merge(sorted);
  SpikeWriter w(path);
  w.write(sorted);
  w.commit();
}

SpikeWriter::SpikeWriter(const std::filesystem::path& path)
    : format_(spike_format_for(path)), out_(path) {
  if (format_ == SpikeFormat::kCsv) {
    buf_ = "step,index\n";
  } else {
    buf_.append(kAerMagic, sizeof kAerMagic);
    buf_.push_back(static_cast<char>(kAerVersion));
    buf_.push_back(0);  // flags
  }
}

SpikeWriter::~SpikeWriter() = default;

void SpikeWriter::flush_group() {
  if (group_.empty()) return;
  put_varint(buf_, group_step_ - prev_group_step_);
  put_varint(buf_, group_.size());
  for (size_t k = 0; k < group_.size(); ++k) {
    put_varint(buf_, k == 0 ? group_[0] : group_[k] - group_[k - 1] - 1);
  }
  prev_group_step_ = group_step_;
  group_.clear();
}

void SpikeWriter::write(std::span<const Spike> spikes) {
  for (const Spike& s : spikes) {
    if (any_ && !(last_ < s)) {
      throw std::invalid_argument("spike (" + std::to_string(s.step) + ", " + std::to_string(s.index) +
                                  ") is not after (" + std::to_string(last_.step) + ", " +
                                  std::to_string(last_.index) + ")");
    }
    if (s.index > kMaxSpikeIndex) {
      throw std::invalid_argument("spike index " + std::to_string(s.index) + " is too large for a spike file");
    }
    if (format_ == SpikeFormat::kCsv) {
      buf_ += std::to_string(s.step);
      buf_ += ',';
      buf_ += std::to_string(s.index);
      buf_ += '\n';
    } else {
      if (!group_.empty() && s.step != group_step_) flush_group();
      group_step_ = s.step;
      group_.push_back(s.index);
    }
    last_ = s;
    any_ = true;
    ++count_;
  }
  if (buf_.size() >= (1u << 16)) {
    if (format_ == SpikeFormat::kAer) crc_ = crc32_update(crc_, buf_.data(), buf_.size());
    out_.write(buf_);
    buf_.clear();
  }
}

void SpikeWriter::commit() {
  if (format_ == SpikeFormat::kAer) {
    flush_group();
    put_varint(buf_, 0);  // end marker: a group of no spikes...
    put_varint(buf_, 0);
    put_varint(buf_, count_);  // ...then the total, which detects truncation
    crc_ = crc32_update(crc_, buf_.data(), buf_.size());
    for (int k = 0; k < 4; ++k) buf_.push_back(static_cast<char>(crc_ >> (8 * k)));
  }
  out_.write(buf_);
  buf_.clear();
  out_.commit();
}

}  // namespace synfire::io
