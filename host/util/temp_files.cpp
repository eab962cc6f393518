#include "temp_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace synfire {

namespace {

// Fixed slots, no allocation: a signal handler walks them. A slot's path is
// written before `used` is set, and `used` cleared before the path changes.
constexpr size_t kSlots = 64;
struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX] = {};
};
std::array<Slot, kSlots> g_slots;

int register_temp(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (size_t i = 0; i < kSlots; ++i) {
    bool expected = false;
    // Claim with a distinct marker first so that a handler never reads a half-written path.
    if (g_slots[i].path[0] == '\0' && !g_slots[i].used.load()) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      if (g_slots[i].used.compare_exchange_strong(expected, true)) return static_cast<int>(i);
      g_slots[i].path[0] = '\0';
    }
  }
  return -1;  // more than kSlots outputs at once: still removed on errors, not on a second signal
}

void unregister_temp(int slot) {
  if (slot < 0) return;
  g_slots[static_cast<size_t>(slot)].used.store(false);
  g_slots[static_cast<size_t>(slot)].path[0] = '\0';
}

mode_t file_mode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

}  // namespace

TempFile::TempFile(const std::filesystem::path& target) : target_(target) {
  std::string name = target.string() + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX";
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) fail("cannot write the file", errno);
  tmp_ = buf.data();
  slot_ = register_temp(tmp_.string());
  ::fchmod(fd, file_mode());  // mkstemp makes 0600; outputs are ordinary files
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int err = errno;
    ::close(fd);
    fail("cannot write the file", err);
  }
}

TempFile::~TempFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
  unregister_temp(slot_);
}

void TempFile::fail(const std::string& what, int err) {
  throw std::runtime_error(target_.string() + ": " + what + (err ? ": " + std::string(std::strerror(err)) : ""));
}

void TempFile::commit() {
  if (!file_) throw std::runtime_error(target_.string() + ": committed twice");
  errno = 0;
  bool ok = std::fflush(file_) == 0;
  int err = errno;
  // A full disk may only show at fsync on some file systems.
  if (ok && ::fsync(::fileno(file_)) != 0 && errno != EINVAL && errno != EROFS) {
    ok = false;
    err = errno;
  }
  errno = 0;
  if (std::fclose(file_) != 0 && ok) {
    ok = false;
    err = errno;
  }
  file_ = nullptr;
  if (!ok) fail("write failed", err);
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) fail("cannot write the file", errno);
  committed_ = true;
}

void remove_temporaries_now() noexcept {
  for (Slot& s : g_slots) {
    if (s.used.load()) ::unlink(s.path);
  }
}

void write_file_atomically(const std::filesystem::path& target, const std::string& text) {
  // A unique temporary: two programs writing the same file never share one.
  TempFile tmp(target);
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), tmp.file()) != text.size()) {
    const int err = errno;
    throw std::runtime_error(target.string() + ": write failed" +
                             (err ? std::string(": ") + std::strerror(err) : ""));
  }
  tmp.commit();
}

}  // namespace synfire
