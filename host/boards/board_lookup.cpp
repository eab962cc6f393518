// The built-in board table and lookups by name and by USB identity.
#include <string>

#include "boards.hpp"
#include "printable.hpp"
#include "suggest.hpp"

namespace synfire::boards {
namespace detail {
extern const std::string_view kBuiltinTable;        // board_table_data.cpp (generated)
extern const std::string_view kBuiltinTableOrigin;
}  // namespace detail

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

const std::vector<Board>& boards() {
  // Parsed on first use; a bad table throws here (and fails the board tests).
  static const std::vector<Board> table =
      parse_board_table(detail::kBuiltinTable, detail::kBuiltinTableOrigin);
  return table;
}

uint32_t shared_baud() {
  uint32_t baud = 0;
  for (const Board& b : boards()) {
    if (baud != 0 && b.baud != baud) return 0;
    baud = b.baud;
  }
  return baud;
}

const Board& board_by_name(std::string_view name) {
  std::string known;
  std::vector<std::string> names;
  for (const Board& b : boards()) {
    if (b.name == name) return b;
    for (const auto& a : b.aliases) {
      if (a == name) return b;
      names.push_back(a);
    }
    known += (known.empty() ? "" : ", ") + b.name;
    names.push_back(b.name);
  }
  throw BoardError("unknown board \"" + printable(name, 60, true) + "\"" + did_you_mean(name, names) +
                   " (known boards: " + known + ")");
}

std::vector<const Board*> boards_for_usb(uint16_t vid, uint16_t pid, std::string_view manufacturer,
                                         std::string_view product) {
  std::vector<const Board*> out;
  for (const Board& b : boards()) {
    if (b.usb.vid != vid || b.usb.pid != pid) continue;
    // A string the port did not report cannot rule a board out.
    if (!manufacturer.empty() && !contains(manufacturer, b.usb.manufacturer)) continue;
    if (!product.empty() && !contains(product, b.usb.product)) continue;
    out.push_back(&b);
  }
  return out;
}

}  // namespace synfire::boards
