#include "window_file.hpp"

#include <fstream>
#include <iterator>
#include <string>

#include "atomic_output.hpp"
#include "io_error.hpp"
#include "read_file.hpp"
#include "text_lines.hpp"

namespace synfire::io {

std::vector<StepWindow> read_windows(const std::filesystem::path& path) {
  return parse_windows(read_file_bytes(path), path.string());
}

std::vector<StepWindow> parse_windows(std::span<const unsigned char> data, const std::string& name) {
  TextLines lines(name, data);
  lines.expect_header({"start", "end"});
  std::vector<StepWindow> windows;
  std::vector<std::string_view> f;
  while (lines.next(f)) {
    if (f.size() != 2) lines.fail("expected 2 fields \"start,end\", got " + std::to_string(f.size()));
    const auto start = static_cast<uint32_t>(lines.parse_uint(f[0], "start", UINT32_MAX));
    const auto end = static_cast<uint32_t>(lines.parse_uint(f[1], "end", UINT32_MAX));
    if (end <= start) lines.fail("end " + std::to_string(end) + " is not after start " + std::to_string(start));
    windows.emplace_back(start, end);
  }
  return windows;
}

void write_windows(const std::filesystem::path& path, std::span<const StepWindow> windows) {
  AtomicOutput out(path);
  std::string text = "start,end\n";
  for (const auto& [a, b] : windows) text += std::to_string(a) + ',' + std::to_string(b) + '\n';
  out.write(text);
  out.commit();
}

}  // namespace synfire::io
