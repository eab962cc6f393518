// Parsing and validation of the board table (boards/boards.json).
//
// The table is read strictly: unknown fields are errors, so a typo in a new
// row fails here (and in tools/bitstream, which applies the same rules)
// instead of silently falling back to a default.
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "boards.hpp"
#include "network.hpp"

namespace synfire::boards {
namespace {

using nlohmann::json;

// Reads one row; every accessor names the row and field in its error.
class RowReader {
 public:
  RowReader(const json& row, std::string where) : row_(row), where_(std::move(where)) {}

  [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
    throw BoardError(where_ + ": " + std::string(field) + " " + std::string(problem));
  }

  const json& get(const json& obj, std::string_view field) const {
    auto it = obj.find(std::string(field));
    if (it == obj.end()) fail(field, "is missing");
    return *it;
  }

  std::string str(const json& obj, std::string_view field, bool allow_empty = false) const {
    const json& v = get(obj, field);
    if (!v.is_string()) fail(field, "must be a string");
    auto s = v.get<std::string>();
    if (!allow_empty && s.empty()) fail(field, "must not be empty");
    return s;
  }

  uint32_t uint(const json& obj, std::string_view field, uint64_t lo, uint64_t hi) const {
    const json& v = get(obj, field);
    if (!v.is_number_unsigned()) fail(field, "must be a non-negative integer");
    const auto x = v.get<uint64_t>();
    if (x < lo || x > hi) {
      fail(field, "= " + std::to_string(x) + " is outside [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    return static_cast<uint32_t>(x);
  }

  bool boolean(const json& obj, std::string_view field) const {
    const json& v = get(obj, field);
    if (!v.is_boolean()) fail(field, "must be true or false");
    return v.get<bool>();
  }

  void only_fields(const json& obj, std::string_view what, std::initializer_list<const char*> known) const {
    if (!obj.is_object()) fail(what, "must be an object");
    for (const auto& [key, value] : obj.items()) {
      bool ok = false;
      for (const char* k : known) ok = ok || key == k;
      if (!ok) fail(std::string(what) + "." + key, "is not a known field");
    }
  }

  const json& row() const { return row_; }

 private:
  const json& row_;
  std::string where_;
};

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

// Repository-relative paths only: the table must not point outside the tree.
bool is_relative_path(std::string_view s) {
  if (s.empty() || s.front() == '/') return false;
  return s.find("..") == std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

uint16_t parse_hex16(std::string_view s, bool& ok) {
  ok = s.size() == 4;
  uint16_t v = 0;
  for (char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) ok = false;
    v = static_cast<uint16_t>((v << 4) | (d < 0 ? 0 : d));
  }
  return v;
}

Board parse_row(const json& row, const std::string& where) {
  RowReader r(row, where);
  r.only_fields(row, "row",
                {"name", "aliases", "title", "family", "part", "package", "resources",
                 "oscillator_hz", "core_clock_hz", "baud", "neurons", "inputs", "weight_bits",
                 "plastic_granularity", "syn_lanes", "weight_ram", "stdp", "free_run", "soft_bound_stdp", "adapt_interval", "weight_norm", "delays", "wide_traces", "top_module", "top_dir", "constraints",
                 "bitstream", "programmer", "usb"});
  Board b;
  b.name = r.str(row, "name");
  if (!is_name(b.name)) r.fail("name", "= \"" + b.name + "\" must use only a-z, 0-9 and '-'");
  const json& aliases = r.get(row, "aliases");
  if (!aliases.is_array()) r.fail("aliases", "must be an array of names");
  for (const json& a : aliases) {
    if (!a.is_string() || !is_name(a.get<std::string>())) {
      r.fail("aliases", "must hold names using only a-z, 0-9 and '-'");
    }
    b.aliases.push_back(a.get<std::string>());
  }
  b.title = r.str(row, "title");

  const std::string family = r.str(row, "family");
  if (family == "ice40") {
    b.family = Family::kIce40;
  } else if (family == "xc7") {
    b.family = Family::kXc7;
  } else {
    r.fail("family", "= \"" + family + "\" must be \"ice40\" or \"xc7\"");
  }
  b.part = r.str(row, "part");
  b.package = r.str(row, "package");

  const json& res = r.get(row, "resources");
  if (!res.is_object() || res.empty()) r.fail("resources", "must be a non-empty object of counts");
  for (const auto& [key, value] : res.items()) {
    b.resources.emplace_back(key, r.uint(res, key, 1, UINT32_MAX));
  }

  b.oscillator_hz = r.uint(row, "oscillator_hz", 1, 1'000'000'000);
  b.core_clock_hz = r.uint(row, "core_clock_hz", 1, 1'000'000'000);
  b.baud = r.uint(row, "baud", 1, 100'000'000);
  // The UART divides the core clock by an integer; 16 clocks per bit leave the
  // receiver room to sample mid-bit, and the rounding error must stay inside
  // the tolerance the two ends share (docs/boards.md, "Clocks").
  const uint32_t divisor = (b.core_clock_hz + b.baud / 2) / b.baud;
  if (divisor < 8) {
    r.fail("baud", "= " + std::to_string(b.baud) + " needs at least 8 core clocks per bit (core_clock_hz = " +
                       std::to_string(b.core_clock_hz) + ")");
  }
  const double actual = static_cast<double>(b.core_clock_hz) / divisor;
  if (std::abs(actual - b.baud) / b.baud > 0.01) {
    r.fail("baud", "= " + std::to_string(b.baud) + " is more than 1% away from core_clock_hz / " +
                       std::to_string(divisor) + " = " + std::to_string(actual));
  }

  b.neurons = r.uint(row, "neurons", 1, kMaxNeurons);
  // The core addresses neurons with whole bits (docs/rtl.md, NumNeurons).
  if ((b.neurons & (b.neurons - 1)) != 0) {
    r.fail("neurons", "= " + std::to_string(b.neurons) + " must be a power of two");
  }
  b.inputs = r.uint(row, "inputs", 0, kMaxInputs);
  b.weight_bits = r.uint(row, "weight_bits", 2, 8);
  const std::string plastic = r.str(row, "plastic_granularity");
  if (plastic == "synapse") {
    b.plastic = PlasticGranularity::kSynapse;
  } else if (plastic == "row") {
    b.plastic = PlasticGranularity::kRow;
  } else {
    r.fail("plastic_granularity", "= \"" + plastic + "\" must be \"synapse\" or \"row\"");
  }
  // The core's parameter rules (docs/rtl.md; syn_core checks them again).
  b.syn_lanes = r.uint(row, "syn_lanes", 2, 1024);
  if ((b.syn_lanes & (b.syn_lanes - 1)) != 0) {
    r.fail("syn_lanes", "= " + std::to_string(b.syn_lanes) + " must be a power of two");
  }
  if (b.neurons < 2 * b.syn_lanes) r.fail("neurons", "must be at least 2 * syn_lanes");
  if (b.inputs % b.syn_lanes != 0 || b.inputs < 2 * b.syn_lanes) {
    r.fail("inputs", "= " + std::to_string(b.inputs) + " must be a multiple of syn_lanes = " +
                         std::to_string(b.syn_lanes) + " and at least twice it");
  }
  const std::string ram = r.str(row, "weight_ram");
  if (ram == "dual") {
    b.weight_ram = WeightRam::kDual;
  } else if (ram == "single") {
    b.weight_ram = WeightRam::kSingle;
  } else if (ram == "ice40_spram" && b.family == Family::kIce40) {
    b.weight_ram = WeightRam::kIce40Spram;
  } else {
    r.fail("weight_ram", "= \"" + ram + "\" must be \"dual\", \"single\" or (iCE40 only) \"ice40_spram\"");
  }
  b.stdp = r.boolean(row, "stdp");
  b.free_run = r.boolean(row, "free_run");
  b.soft_bound_stdp = r.boolean(row, "soft_bound_stdp");
  b.adapt_interval = r.boolean(row, "adapt_interval");
  b.weight_norm = r.boolean(row, "weight_norm");
  b.delays = r.boolean(row, "delays");
  b.wide_traces = r.boolean(row, "wide_traces");

  b.top_module = r.str(row, "top_module");
  if (!is_identifier(b.top_module)) r.fail("top_module", "must be a Verilog identifier");
  for (auto [field, out] : {std::pair{"top_dir", &b.top_dir}, std::pair{"constraints", &b.constraints},
                            std::pair{"bitstream", &b.bitstream}}) {
    *out = r.str(row, field);
    if (!is_relative_path(*out)) r.fail(field, "= \"" + *out + "\" must be a path inside the repository");
  }
  const char* ext = b.family == Family::kIce40 ? ".bin" : ".bit";
  if (!ends_with(b.bitstream, ext)) r.fail("bitstream", std::string("must end in ") + ext);
  const char* cext = b.family == Family::kIce40 ? ".pcf" : ".xdc";
  if (!ends_with(b.constraints, cext)) r.fail("constraints", std::string("must end in ") + cext);

  const json& prog = r.get(row, "programmer");
  r.only_fields(prog, "programmer", {"tool", "board", "sram", "flash", "default"});
  b.programmer.tool = r.str(prog, "tool");
  if (b.programmer.tool != "openFPGALoader") r.fail("programmer.tool", "must be \"openFPGALoader\"");
  b.programmer.board = r.str(prog, "board");
  b.programmer.sram = r.boolean(prog, "sram");
  b.programmer.flash = r.boolean(prog, "flash");
  const std::string def = r.str(prog, "default");
  if (def == "sram" && b.programmer.sram) {
    b.programmer.default_target = FlashTarget::kSram;
  } else if (def == "flash" && b.programmer.flash) {
    b.programmer.default_target = FlashTarget::kFlash;
  } else {
    r.fail("programmer.default", "= \"" + def + "\" must be a target the programmer supports");
  }

  const json& usb = r.get(row, "usb");
  r.only_fields(usb, "usb", {"id", "uart_interface", "product", "manufacturer"});
  const std::string id = r.str(usb, "id");
  bool ok_vid = false;
  bool ok_pid = false;
  if (id.size() == 9 && id[4] == ':') {
    b.usb.vid = parse_hex16(std::string_view(id).substr(0, 4), ok_vid);
    b.usb.pid = parse_hex16(std::string_view(id).substr(5, 4), ok_pid);
  }
  if (!ok_vid || !ok_pid) r.fail("usb.id", "= \"" + id + "\" must be VID:PID in hex, like \"0403:6010\"");
  b.usb.uart_interface = static_cast<int>(r.uint(usb, "uart_interface", 0, 15));
  b.usb.product = r.str(usb, "product", true);
  b.usb.manufacturer = r.str(usb, "manufacturer", true);
  return b;
}

}  // namespace

std::vector<Board> parse_board_table(std::string_view text, std::string_view origin) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw BoardError(std::string(origin) + ": not valid JSON: " + e.what());
  }
  const std::string where(origin);
  if (!doc.is_object()) throw BoardError(where + ": must be a JSON object");
  for (const auto& [key, value] : doc.items()) {
    if (key != "schema" && key != "boards") throw BoardError(where + ": " + key + " is not a known field");
  }
  if (!doc.contains("schema") || doc["schema"] != 1) throw BoardError(where + ": schema must be 1");
  if (!doc.contains("boards") || !doc["boards"].is_array() || doc["boards"].empty()) {
    throw BoardError(where + ": boards must be a non-empty array");
  }
  std::vector<Board> out;
  std::set<std::string> names;
  for (size_t i = 0; i < doc["boards"].size(); ++i) {
    const json& row = doc["boards"][i];
    std::string label = where + ": boards[" + std::to_string(i) + "]";
    if (row.is_object() && row.contains("name") && row["name"].is_string()) {
      label += " (" + row["name"].get<std::string>() + ")";
    }
    if (!row.is_object()) throw BoardError(label + " must be an object");
    Board b = parse_row(row, label);
    std::vector<std::string> all = b.aliases;
    all.push_back(b.name);
    for (const auto& n : all) {
      if (!names.insert(n).second) throw BoardError(label + ": name \"" + n + "\" is used twice");
    }
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<Board> load_board_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BoardError("cannot open board table " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_board_table(text.str(), path);
}

std::string_view to_string(Family f) { return f == Family::kIce40 ? "ice40" : "xc7"; }

std::string_view to_string(PlasticGranularity g) {
  return g == PlasticGranularity::kSynapse ? "synapse" : "row";
}

std::string_view to_string(FlashTarget t) { return t == FlashTarget::kSram ? "sram" : "flash"; }

std::string_view to_string(WeightRam r) {
  switch (r) {
    case WeightRam::kDual: return "dual";
    case WeightRam::kSingle: return "single";
    case WeightRam::kIce40Spram: return "ice40_spram";
  }
  return "?";
}

}  // namespace synfire::boards
