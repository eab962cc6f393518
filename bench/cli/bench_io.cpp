// bench_io: how fast synfire writes and reads spike trains, and how large the
// files are, for CSV and the binary AER format (docs/file-formats.md). A
// raster of 256 neurons firing at ~5 % for 100000 steps (1.28 M spikes) is
// written and read back in each format; one JSON line per measurement.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "spike_file.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void emit(const char* format, const char* metric, double value, const char* unit, size_t spikes) {
  std::printf(
      "{\"bench\": \"bench_io\", \"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\", "
      "\"format\": \"%s\", \"spikes\": %zu}\n",
      metric, value, unit, format, spikes);
}

}  // namespace

int main() {
  constexpr uint32_t kSteps = 100000, kNeurons = 256;
  std::mt19937 rng(1);
  std::vector<synfire::Spike> train;
  for (uint32_t t = 0; t < kSteps; ++t) {
    for (uint32_t j = 0; j < kNeurons; ++j) {
      if (rng() % 20 == 0) train.push_back({t, j});
    }
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("synfire-bench-io-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  int status = 0;
  try {
    for (const char* format : {"csv", "aer"}) {
      const std::filesystem::path file = dir / (std::string("spikes.") + format);
      auto t0 = std::chrono::steady_clock::now();
      synfire::io::write_spikes(file, train);
      const double write_s = seconds_since(t0);
      t0 = std::chrono::steady_clock::now();
      const std::vector<synfire::Spike> back = synfire::io::read_spikes(file);
      const double read_s = seconds_since(t0);
      if (back != train) {
        std::fprintf(stderr, "bench_io: %s did not read back what was written\n", format);
        status = 1;
      }
      const double bytes = static_cast<double>(std::filesystem::file_size(file));
      emit(format, "write_spikes_per_second", train.size() / write_s, "spikes/s", train.size());
      emit(format, "read_spikes_per_second", train.size() / read_s, "spikes/s", train.size());
      emit(format, "bytes_per_spike", bytes / train.size(), "bytes", train.size());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_io: %s\n", e.what());
    status = 1;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return status;
}
