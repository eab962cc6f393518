#include "atomic_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "io_error.hpp"

namespace synfire::io {

AtomicOutput::AtomicOutput(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.empty()) throw FileError("an output file name is empty");
  tmp_ = path_;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) fail("cannot write the file");
  // Large buffer: spike streams arrive in many small pieces.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

AtomicOutput::~AtomicOutput() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);  // best effort: nothing to report to in a destructor
  }
}

void AtomicOutput::fail(const char* what) {
  const int err = errno;
  throw FileError(path_.string() + ": " + what + (err ? std::string(": ") + std::strerror(err) : ""));
}

void AtomicOutput::write(std::string_view text) {
  if (!file_) throw FileError(path_.string() + ": written after it was closed");
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    fail("write failed");
  }
}

void AtomicOutput::write(std::span<const unsigned char> bytes) {
  write(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void AtomicOutput::commit() {
  if (!file_) throw FileError(path_.string() + ": committed twice");
  errno = 0;
  const bool flushed = std::fflush(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) fail("write failed");
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw FileError(path_.string() + ": cannot write the file: " + ec.message());
  committed_ = true;
}

}  // namespace synfire::io
