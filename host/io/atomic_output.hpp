// An output file that appears under its name only when it is complete.
//
// Data goes to a unique temporary file next to the target
// ("<path>.tmp-<pid>-XXXXXX", temp_files.hpp); commit() flushes it and renames
// it into place. If the object is destroyed without commit() (an error, an
// interrupted run), the temporary file is removed, so a half-written result is
// never presented as a result; a second Ctrl-C removes it from the signal
// handler (remove_temporaries_now()).
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "temp_files.hpp"

namespace synfire::io {

class AtomicOutput {
 public:
  // Creates the temporary file; throws FileError naming `path` if it cannot.
  explicit AtomicOutput(std::filesystem::path path);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Append bytes; throws FileError naming the reason on a write error (disk
  // full, ...); the temporary file is removed with this object.
  void write(std::string_view text);
  void write(std::span<const unsigned char> bytes);
  // Flushes, closes and renames into place; throws FileError on failure.
  void commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::optional<TempFile> tmp_;
  bool closed_ = false;
};

}  // namespace synfire::io
