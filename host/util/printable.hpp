// Text from a user's file or a device, made safe to put in a one-line message:
// control characters, DEL and (unless keep_utf8) bytes above 0x7E become
// \xNN, and anything past `max` characters is cut and marked ("...", with the
// full length).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace synfire {

inline std::string printable(std::string_view s, size_t max = 40, bool keep_utf8 = false) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (out.size() >= max) {
      out += "... (" + std::to_string(s.size()) + " bytes)";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F || (c > 0x7F && !keep_utf8)) {
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace synfire
