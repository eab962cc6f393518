// rtl/link/syn_proto_pkg.sv and host/driver/protocol.hpp define the same
// constants: every localparam of the package must equal its C++ entry and
// every C++ entry must exist in the package.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "protocol.hpp"

namespace {

// Parses `localparam <type> Name = <value>;` with values written as decimal,
// N'dD, N'hH or N'bB.
std::map<std::string, uint64_t> sv_constants(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::regex re(R"(localparam\s+[^=;]*?\b(\w+)\s*=\s*(\d+'[dhb][0-9A-Fa-f_]+|\d+)\s*;)");
  std::map<std::string, uint64_t> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    std::string v = (*it)[2];
    v.erase(std::remove(v.begin(), v.end(), '_'), v.end());
    uint64_t value = 0;
    const size_t q = v.find('\'');
    if (q == std::string::npos) {
      value = std::stoull(v);
    } else {
      const char base = v[q + 1];
      value = std::stoull(v.substr(q + 2), nullptr, base == 'h' ? 16 : base == 'b' ? 2 : 10);
    }
    out[(*it)[1]] = value;
  }
  return out;
}

}  // namespace

TEST_CASE("syn_proto_pkg constants match protocol.hpp", "[link][pkg]") {
  const auto sv = sv_constants(std::string(SYNFIRE_SOURCE_DIR) + "/rtl/link/syn_proto_pkg.sv");
  REQUIRE(sv.size() >= 35);  // the parse found the package's constants
  for (const auto& [name, value] : sv) {
    INFO("SystemVerilog constant " << name);
    const auto* c = std::find_if(synfire::link::kConstants.begin(), synfire::link::kConstants.end(),
                                 [&](const auto& k) { return k.name == name; });
    REQUIRE(c != synfire::link::kConstants.end());
    CHECK(c->value == value);
  }
  for (const auto& c : synfire::link::kConstants) {
    INFO("C++ constant " << c.name);
    CHECK(sv.count(std::string(c.name)) == 1);
  }
}
