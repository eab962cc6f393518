// Temporary files of outputs that appear under their name only when complete:
// a unique name next to the target (two runs writing the same file never share
// a temporary), and a process-wide list of them that a signal handler can
// remove (remove_temporaries_now() is async-signal-safe).
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

namespace synfire {

// A temporary file "<target>.tmp-<pid>-XXXXXX" created exclusively (mkstemp)
// with the permissions an ordinary new file would get, open for writing and
// registered for removal on a signal. Removed by the destructor unless
// commit() renamed it onto the target.
class TempFile {
 public:
  // Throws std::runtime_error("<target>: cannot write the file: <reason>") if
  // it cannot be created.
  explicit TempFile(const std::filesystem::path& target);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  std::FILE* file() const { return file_; }
  const std::filesystem::path& path() const { return tmp_; }
  // Flushes, syncs, closes and renames onto the target; throws
  // std::runtime_error naming the target and the reason (disk full, ...).
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what, int err);
  std::filesystem::path target_;
  std::filesystem::path tmp_;
  std::FILE* file_ = nullptr;
  int slot_ = -1;
  bool committed_ = false;
};

// Writes `text` to `target` through a TempFile, so the file appears under
// its name only when complete. Throws std::runtime_error naming the target.
void write_file_atomically(const std::filesystem::path& target, const std::string& text);

// Unlinks every registered temporary file of this process. Async-signal-safe:
// for a signal handler that is about to end the process.
void remove_temporaries_now() noexcept;

}  // namespace synfire
