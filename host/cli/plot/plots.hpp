// The synfire plots: spike raster, membrane traces, weight matrices and
// weight histogram. Each draws one PNG or SVG file (chosen by extension) and
// throws io::FileError (file problems) or std::invalid_argument (nothing to plot).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"

namespace synfire::plot {

struct Size {
  int width = 1200;
  int height = 700;
};

struct RasterData {
  std::vector<Spike> outputs;  // neuron spikes
  std::vector<Spike> inputs;   // input axon spikes (optional: drawn in a panel above)
  std::vector<std::pair<uint32_t, uint32_t>> shade;  // [start, end) step windows to highlight
  std::string shade_label = "marked";               // legend text of the shading
  std::vector<Spike> highlight;                     // input spikes drawn in a second colour
  std::string highlight_label = "highlighted";     // legend text of those
  uint32_t from = 0;  // first step shown
  uint32_t to = 0;    // one past the last step shown (0: after the last spike)
  uint32_t neurons = 0;  // rows of the output panel (0: from the data)
  uint32_t axons = 0;    // rows of the input panel (0: from the data)
  std::string title;
};
void plot_raster(const RasterData& data, const std::filesystem::path& path, Size size);

struct TraceData {
  std::vector<ProbeSample> samples;
  std::vector<Spike> spikes;         // optional: drawn as strokes (a spike resets v within its step)
  const Network* network = nullptr;  // optional: draws each neuron's threshold
  std::vector<std::pair<uint32_t, uint32_t>> shade;  // [start, end) step windows to highlight
  std::string shade_label = "marked";
  uint32_t from = 0, to = 0;         // step window (to = 0: all)
  std::string title;
};
// At most kMaxTraceNeurons neurons (else std::invalid_argument).
inline constexpr size_t kMaxTraceNeurons = 8;
void plot_traces(const TraceData& data, const std::filesystem::path& path, Size size);

// Input and recurrent weights of `before` and, if given, `after` side by side.
void plot_weights(const Network& before, const Network* after, const std::filesystem::path& path,
                  Size size, const std::string& title);

// Histogram of the plastic weights (all weights if none is plastic).
void plot_histogram(const Network& before, const Network* after, const std::filesystem::path& path,
                    Size size, const std::string& title);

}  // namespace synfire::plot
