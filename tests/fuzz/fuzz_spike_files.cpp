// The file readers of host/io on any bytes: spike trains (CSV and AER, the
// first byte picks), probe and window CSV. Each parses or throws FileError;
// parsed spike trains are sorted, merged, in range, and survive a round trip
// through the writer of the other format.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "fuzz_check.hpp"
#include "io_error.hpp"
#include "probe_file.hpp"
#include "spike_file.hpp"
#include "window_file.hpp"

namespace {

// A private scratch file for the round trip (the fuzzer may run in parallel jobs).
const std::filesystem::path& scratch(const char* ext) {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() /
                              ("synfire-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  static const std::filesystem::path csv = dir / "rt.csv", aer = dir / "rt.aer";
  return std::string(ext) == "csv" ? csv : aer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace synfire;
  if (size == 0) return 0;
  const uint8_t which = data[0] % 4;
  const std::span<const unsigned char> body(data + 1, size - 1);
  try {
    if (which == 2) {
      io::parse_probes(body, "p.csv");
      return 0;
    }
    if (which == 3) {
      for (const auto& [start, end] : io::parse_windows(body, "w.csv")) {
        if (end <= start) fuzz::finding("an empty window was accepted");
      }
      return 0;
    }
    const io::SpikeFormat format = which == 0 ? io::SpikeFormat::kCsv : io::SpikeFormat::kAer;
    const std::vector<Spike> spikes = io::parse_spikes(body, format, which == 0 ? "s.csv" : "s.aer");
    for (size_t k = 0; k < spikes.size(); ++k) {
      if (spikes[k].index > io::kMaxSpikeIndex) fuzz::finding("index out of range accepted");
      if (k > 0 && !(spikes[k - 1] < spikes[k])) fuzz::finding("spikes not sorted and merged");
    }
    // Round trip through the other format (small trains only: it writes files).
    if (spikes.size() <= 4096) {
      const auto& other = scratch(which == 0 ? "aer" : "csv");
      io::write_spikes(other, spikes);
      if (io::read_spikes(other) != spikes) fuzz::finding("round trip changed the spikes");
    }
  } catch (const io::FileError& e) {
    fuzz::check_message(e.what());
  }
  return 0;
}
