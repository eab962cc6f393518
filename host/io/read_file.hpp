// A whole input file in memory, for the readers of host/io.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "io_error.hpp"
#include "printable.hpp"

namespace synfire::io {

// The bytes of `path`; throws FileError naming it if it cannot be read.
inline std::vector<unsigned char> read_file_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw FileError(printable(path.string(), 200) + ": is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(printable(path.string(), 200) + ": cannot open the file");
  std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw FileError(printable(path.string(), 200) + ": read failed");
  return data;
}

}  // namespace synfire::io
