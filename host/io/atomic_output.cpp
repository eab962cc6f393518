#include "atomic_output.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "io_error.hpp"

namespace synfire::io {

AtomicOutput::AtomicOutput(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.empty()) throw FileError("an output file name is empty");
  try {
    tmp_.emplace(path_);
  } catch (const std::runtime_error& e) {
    throw FileError(e.what());
  }
  // Large buffer: spike streams arrive in many small pieces.
  std::setvbuf(tmp_->file(), nullptr, _IOFBF, 1 << 16);
}

void AtomicOutput::write(std::string_view text) {
  if (closed_) throw FileError(path_.string() + ": written after it was closed");
  errno = 0;
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), tmp_->file()) != text.size()) {
    const int err = errno;
    throw FileError(path_.string() + ": write failed" +
                    (err ? std::string(": ") + std::strerror(err) : ""));
  }
}

void AtomicOutput::write(std::span<const unsigned char> bytes) {
  write(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void AtomicOutput::commit() {
  if (closed_) throw FileError(path_.string() + ": committed twice");
  closed_ = true;
  try {
    tmp_->commit();
  } catch (const std::runtime_error& e) {
    throw FileError(e.what());
  }
}

}  // namespace synfire::io
