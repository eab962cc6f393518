// An output file that appears under its name only when it is complete.
//
// Data goes to a temporary file next to the target ("<path>.tmp-<pid>");
// commit() flushes it and renames it into place. If the object is destroyed
// without commit() (an error, an interrupted run), the temporary file is
// removed, so a half-written result is never presented as a result.
#pragma once

#include <cstdio>
#include <filesystem>
#include <span>
#include <string_view>

namespace synfire::io {

class AtomicOutput {
 public:
  // Creates the temporary file; throws FileError naming `path` if it cannot.
  explicit AtomicOutput(std::filesystem::path path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Append bytes; throws FileError on a write error (disk full, ...).
  void write(std::string_view text);
  void write(std::span<const unsigned char> bytes);
  // Flushes, closes and renames into place; throws FileError on failure.
  void commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  void fail(const char* what);
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace synfire::io
