#include "bitstream_file.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <vector>

namespace synfire::boards::detail {
namespace {

// iCE40 configuration starts with this word after an optional comment block.
constexpr uint8_t kIce40Sync[] = {0x7E, 0xAA, 0x99, 0x7E};
// Xilinx 7-series configuration sync word (after the bus-width pattern).
constexpr uint8_t kXilinxSync[] = {0xAA, 0x99, 0x55, 0x66};
// A .bit file starts with this fixed field, then key/length/value fields 'a'..'e'.
constexpr uint8_t kBitHeader[] = {0x00, 0x09, 0x0F, 0xF0, 0x0F, 0xF0, 0x0F, 0xF0,
                                  0x0F, 0xF0, 0x00, 0x00, 0x01};

bool find(const std::vector<uint8_t>& data, const uint8_t* word, size_t len) {
  return std::search(data.begin(), data.end(), word, word + len) != data.end();
}

// The part name in a .bit header ('b' field), or "" if the header is not there.
std::string bit_header_part(const std::vector<uint8_t>& d) {
  if (d.size() < sizeof kBitHeader || !std::equal(kBitHeader, kBitHeader + sizeof kBitHeader, d.begin())) {
    return "";
  }
  size_t pos = sizeof kBitHeader;
  // Fields 'a' (design name), 'b' (part), 'c' (date), 'd' (time): a key byte,
  // a 16-bit big-endian length, then a NUL-terminated string.
  while (pos + 3 <= d.size()) {
    const uint8_t key = d[pos];
    const size_t len = (size_t{d[pos + 1]} << 8) | d[pos + 2];
    pos += 3;
    if (pos + len > d.size() || key < 'a' || key > 'd') return "";
    std::string value(d.begin() + static_cast<std::ptrdiff_t>(pos),
                      d.begin() + static_cast<std::ptrdiff_t>(pos + len));
    while (!value.empty() && value.back() == '\0') value.pop_back();
    if (key == 'b') return value;
    pos += len;
  }
  return "";
}

}  // namespace

std::string xilinx_part_key(std::string part) {
  std::transform(part.begin(), part.end(), part.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (part.rfind("xc", 0) == 0) part.erase(0, 2);
  if (const size_t dash = part.find('-'); dash != std::string::npos) part.erase(dash);
  // "7a35ti..." is the industrial-temperature grade of the same die and package.
  if (const size_t t = part.find("ti"); t != std::string::npos && t > 1) part.erase(t + 1, 1);
  return part;
}

void check_bitstream(const Board& board, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw BoardError("no bitstream at " + path + " (build it with `make bitstream BOARD=" + board.name +
                     "`, or pass --bitstream FILE)");
  }
  if (!S_ISREG(st.st_mode)) throw BoardError("bitstream " + path + " is not a regular file");
  if (st.st_size == 0) throw BoardError("bitstream " + path + " is empty");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BoardError("cannot read bitstream " + path);
  // The headers and sync words sit in the first few hundred bytes.
  std::vector<uint8_t> head(512);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));

  if (board.family == Family::kIce40) {
    if (!find(head, kIce40Sync, sizeof kIce40Sync)) {
      throw BoardError(path + " is not an iCE40 bitstream (no 7EAA997E sync word at its start): " +
                       board.name + " needs the .bin that icepack writes");
    }
    // tools/bitstream writes "synfire-image board=NAME commit=... dirty=..."
    // into the comment block icepack puts before the sync word.
    const std::string text(head.begin(), head.end());
    const std::string key = "synfire-image board=";
    const size_t at = text.find(key);
    if (at == std::string::npos) {
      throw BoardError(path + " is an iCE40 bitstream but not a synfire image (its comment has no "
                       "synfire-image line): build one with `make bitstream BOARD=" + board.name + "`");
    }
    const size_t from = at + key.size();
    const size_t to = text.find_first_of(" \n", from);
    const std::string built_for = text.substr(from, to == std::string::npos ? std::string::npos : to - from);
    if (built_for != board.name) {
      throw BoardError(path + " is a synfire image for the " + built_for + ", not the " + board.name);
    }
    return;
  }
  if (!find(head, kXilinxSync, sizeof kXilinxSync)) {
    throw BoardError(path + " is not a Xilinx bitstream (no AA995566 sync word at its start): " +
                     board.name + " needs the .bit that Vivado writes");
  }
  const std::string part = bit_header_part(head);
  if (!part.empty() && xilinx_part_key(part) != xilinx_part_key(board.part)) {
    throw BoardError(path + " was built for part " + part + ", but the " + board.name + "'s part is " +
                     board.part);
  }
}

}  // namespace synfire::boards::detail
