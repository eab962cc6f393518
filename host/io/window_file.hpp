// Step-window files: CSV "start,end" (end exclusive), one window per line.
// They mark intervals on plots, e.g. when a pattern was presented.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace synfire::io {

using StepWindow = std::pair<uint32_t, uint32_t>;  // [start, end)

// Reads a window file; throws FileError naming the file and line (end <= start is an error).
std::vector<StepWindow> read_windows(const std::filesystem::path& path);
// The same for a file's bytes already in memory; `name` is used in messages.
std::vector<StepWindow> parse_windows(std::span<const unsigned char> data, const std::string& name);
// Writes a window file atomically.
void write_windows(const std::filesystem::path& path, std::span<const StepWindow> windows);

}  // namespace synfire::io
