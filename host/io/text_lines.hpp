// Line-by-line reading of the CSV formats with error messages that name the
// file and line. Blank lines and lines starting with '#' are skipped; fields
// are split at commas and trimmed of spaces, tabs and a trailing '\r'.
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io_error.hpp"
#include "printable.hpp"

namespace synfire::io {

class TextLines {
 public:
  TextLines(const std::filesystem::path& path, std::span<const unsigned char> data)
      : name_(path.string()),
        text_(reinterpret_cast<const char*>(data.data()), data.size()) {}

  // Reads the next data line into `fields`; false at the end of the file.
  bool next(std::vector<std::string_view>& fields) {
    while (pos_ < text_.size()) {
      const size_t end = std::min(text_.find('\n', pos_), text_.size());
      std::string_view line = trim(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      ++line_no_;
      if (line.empty() || line.front() == '#') continue;
      fields.clear();
      size_t start = 0;
      for (;;) {
        const size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      return true;
    }
    return false;
  }

  // Reads the header line and checks that it starts with `names`; returns all
  // of its fields (a format may allow extra columns after the required ones).
  std::vector<std::string> expect_header(std::initializer_list<std::string_view> names) {
    std::vector<std::string_view> fields;
    std::string want;
    for (std::string_view n : names) {
      if (!want.empty()) want += ',';
      want += n;
    }
    if (!next(fields)) throw FileError(name_ + ": the file is empty (expected a header \"" + want + "\")");
    size_t k = 0;
    for (std::string_view n : names) {
      if (k >= fields.size() || fields[k] != n) fail("expected the header \"" + want + "\"");
      ++k;
    }
    return {fields.begin(), fields.end()};
  }

  // Parses an unsigned decimal field in [0, max].
  uint64_t parse_uint(std::string_view field, const char* what, uint64_t max) {
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (field.empty() || ec == std::errc::invalid_argument || end != field.data() + field.size()) {
      fail(std::string(what) + " \"" + printable(field) + "\" is not a non-negative integer");
    }
    if (ec == std::errc::result_out_of_range || v > max) {
      fail(std::string(what) + " " + printable(field) + " is outside [0, " + std::to_string(max) + "]");
    }
    return v;
  }

  // Parses a signed decimal field in [min, max].
  int64_t parse_int(std::string_view field, const char* what, int64_t min, int64_t max) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (field.empty() || ec == std::errc::invalid_argument || end != field.data() + field.size()) {
      fail(std::string(what) + " \"" + printable(field) + "\" is not an integer");
    }
    if (ec == std::errc::result_out_of_range || v < min || v > max) {
      fail(std::string(what) + " " + printable(field) + " is outside [" + std::to_string(min) + ", " +
           std::to_string(max) + "]");
    }
    return v;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw FileError(name_ + ":" + std::to_string(line_no_) + ": " + what);
  }

 private:
  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
  }

  std::string name_;
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_no_ = 0;
};

}  // namespace synfire::io
