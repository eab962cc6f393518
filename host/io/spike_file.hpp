// Spike-train files: CSV ("step,index") and the compact binary AER format,
// chosen by file extension (.csv / .aer). docs/file-formats.md defines both.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "simulator.hpp"  // synfire::Spike

namespace synfire::io {

enum class SpikeFormat { kCsv, kAer };

// Largest index a spike file holds (the model's hash keys give a presynaptic
// index 14 bits and a postsynaptic one 16).
inline constexpr uint32_t kMaxSpikeIndex = 0xFFFF;

// The format for a file name's extension; throws FileError for any other.
SpikeFormat spike_format_for(const std::filesystem::path& path);

// Reads a spike train in either format, sorted by (step, index) with
// duplicates merged. Throws FileError naming the file and the line (CSV) or
// byte offset (AER) of the first problem.
std::vector<Spike> read_spikes(const std::filesystem::path& path);
// The same for a file's bytes already in memory; `name` is used in messages.
std::vector<Spike> parse_spikes(std::span<const unsigned char> data, SpikeFormat format,
                                const std::string& name);

// Writes a spike train (any order; sorted and merged first) atomically.
void write_spikes(const std::filesystem::path& path, std::span<const Spike> spikes);

// Streams a spike train to a file as it arrives. Spikes must come in strictly
// ascending (step, index) order (throws std::invalid_argument otherwise). The
// file appears under its name only on commit(); destroyed without commit(),
// nothing is left behind.
class SpikeWriter {
 public:
  explicit SpikeWriter(const std::filesystem::path& path);
  ~SpikeWriter();
  SpikeWriter(const SpikeWriter&) = delete;
  SpikeWriter& operator=(const SpikeWriter&) = delete;

  void write(std::span<const Spike> spikes);
  void commit();
  uint64_t count() const { return count_; }

 private:
  void flush_group();
  SpikeFormat format_;
  AtomicOutput out_;
  std::string buf_;
  uint64_t count_ = 0;
  bool any_ = false;
  Spike last_{0, 0};
  // AER: the step being collected and the previous group's step.
  uint32_t group_step_ = 0;
  uint32_t prev_group_step_ = 0;
  std::vector<uint32_t> group_;
  uint32_t crc_ = 0;  // AER: CRC-32 of the bytes written so far
};

}  // namespace synfire::io
