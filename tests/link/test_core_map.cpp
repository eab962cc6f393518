// core_map, the one mapping of a network onto the core's address map
// (docs/rtl.md, "Registers"): the parts that no configuration built here
// exercises on its own.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core_map.hpp"
#include "core_port.hpp"
#include "fixed_point.hpp"

using namespace synfire;
using namespace synfire::rtl::port;

namespace {

// The data of the write to RegRule among `writes`, if there is one.
std::optional<uint32_t> rule_write(const std::vector<core_map::Write>& writes) {
  const auto it = std::find_if(writes.begin(), writes.end(),
                               [](const core_map::Write& w) { return w.addr == reg_addr(kRegRule); });
  if (it == writes.end()) return std::nullopt;
  return it->data;
}

}  // namespace

TEST_CASE("a core whose only RegRule feature is wide traces gets and reads back the width", "[link][core_map]") {
  // small and sim256 have every feature, so RegRule exists there anyway; a
  // core with WideTraces alone must still have its RegRule written and read.
  core_map::CoreShape core{.name = "wide only", .neurons = 4, .inputs = 2, .weight_bits = 8,
                           .trace_bits = fx::kWideTraceBits};
  REQUIRE(core.has_rule());
  Network net = Network::empty(4, 2);
  net.stdp.trace_bits = fx::kWideTraceBits;
  const auto wide = rule_write(core_map::network_writes(core, net));
  REQUIRE(wide.has_value());
  CHECK(*wide == 1u << kRuleWideTracesBit);
  net.stdp.trace_bits = fx::kTraceBits;
  CHECK(rule_write(core_map::network_writes(core, net)) == 0u);
  const std::vector<core_map::Block> reads = core_map::network_reads(core);
  CHECK(std::any_of(reads.begin(), reads.end(), [](const core_map::Block& b) {
    return b.addr <= reg_addr(kRegRule) && reg_addr(kRegRule) < b.addr + b.count;
  }));
  // A core with none of the RegRule features has no RegRule (a bad address).
  core.trace_bits = fx::kTraceBits;
  CHECK_FALSE(core.has_rule());
  CHECK_FALSE(rule_write(core_map::network_writes(core, net)).has_value());
}
