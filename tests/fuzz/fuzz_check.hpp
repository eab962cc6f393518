// What every fuzz target checks of an error message: one line, bounded,
// no control characters (a file's bytes never reach the terminal raw).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace synfire::fuzz {

inline void check_message(std::string_view what) {
  bool ok = !what.empty() && what.size() <= 1200;
  for (const char c : what) ok = ok && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F;
  if (!ok) {
    std::fprintf(stderr, "bad error message (%zu bytes): %.300s\n", what.size(), std::string(what).c_str());
    std::abort();
  }
}

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "finding: %s\n", what);
  std::abort();
}

}  // namespace synfire::fuzz
