// rtl/core/syn_pkg.sv defines the control port; host/driver/core_port.hpp repeats
// it for C++. This test parses the package and checks every constant.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core_port.hpp"

using namespace synfire::rtl::port;

namespace {

// Every `Name = <width>'<base><digits>` and `Name = <decimal>` in the file.
std::map<std::string, uint64_t> parse_package(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::map<std::string, uint64_t> values;
  const std::regex sized(R"((\w+)\s*=\s*\d+'s?([hdb])([0-9A-Fa-f_]+))");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), sized); it != std::sregex_iterator(); ++it) {
    std::string digits = (*it)[3];
    digits.erase(std::remove(digits.begin(), digits.end(), '_'), digits.end());
    const int base = (*it)[2] == "h" ? 16 : (*it)[2] == "d" ? 10 : 2;
    values[(*it)[1]] = std::stoull(digits, nullptr, base);
  }
  const std::regex plain(R"(localparam\s+int\s+unsigned\s+(\w+)\s*=\s*(\d+)\s*;)");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), plain); it != std::sregex_iterator(); ++it) {
    values[(*it)[1]] = std::stoull((*it)[2]);
  }
  return values;
}

}  // namespace

TEST_CASE("syn_pkg constants match core_port.hpp", "[rtl]") {
  const auto v = parse_package(std::string(SYNFIRE_SOURCE_DIR) + "/rtl/core/syn_pkg.sv");
  const std::map<std::string, uint64_t> cpp = {
      {"OpNop", uint64_t(Op::kNop)}, {"OpWrite", uint64_t(Op::kWrite)},
      {"OpRead", uint64_t(Op::kRead)}, {"OpAxon", uint64_t(Op::kAxon)},
      {"OpPend", uint64_t(Op::kPend)}, {"OpStep", uint64_t(Op::kStep)},
      {"OpClear", uint64_t(Op::kClear)},
      {"RegionReg", kRegionReg}, {"RegionParam", kRegionParam}, {"RegionState", kRegionState},
      {"RegionAxonTrace", kRegionAxonTrace}, {"RegionWeight", kRegionWeight},
      {"RegionPendList", kRegionPendList}, {"RegionAxonList", kRegionAxonList},
      {"RegionArrivals", kRegionArrivals}, {"RegionArrCounts", kRegionArrCounts},
      {"RegionDelays", kRegionDelays}, {"ArrKLsb", kArrKLsb}, {"ArrAxonBit", kArrAxonBit},
      {"RegId", kRegId}, {"RegNeurons", kRegNeurons}, {"RegInputs", kRegInputs},
      {"RegConfig", kRegConfig}, {"RegStatus", kRegStatus}, {"RegStep", kRegStep},
      {"RegSeed", kRegSeed}, {"RegLearn", kRegLearn}, {"RegWeightExpRec", kRegWeightExpRec},
      {"RegWeightExpIn", kRegWeightExpIn}, {"RegAPlus", kRegAPlus}, {"RegAMinus", kRegAMinus},
      {"RegShift", kRegShift}, {"RegTraceIncPre", kRegTraceIncPre},
      {"RegTraceIncPost", kRegTraceIncPost}, {"RegDecayPre", kRegDecayPre},
      {"RegDecayPost", kRegDecayPost}, {"RegWMin", kRegWMin}, {"RegWMax", kRegWMax},
      {"RegPendCount", kRegPendCount}, {"RegAxonCount", kRegAxonCount},
      {"RegStepCycles", kRegStepCycles}, {"RegStepSpikes", kRegStepSpikes},
      {"RegRule", kRegRule}, {"RegNorm", kRegNorm}, {"RegNormTarget", kRegNormTarget},
      {"NumRegs", kNumRegs}, {"PortId", kPortId},
      {"ConfigWeightBitsLsb", kConfigWeightBitsLsb}, {"ConfigLanesLsb", kConfigLanesLsb},
      {"ConfigPerSynapseBit", kConfigPerSynapseBit}, {"ConfigSinglePortBit", kConfigSinglePortBit},
      {"ConfigSoftBoundBit", kConfigSoftBoundBit}, {"ConfigAdaptIntervalBit", kConfigAdaptIntervalBit},
      {"ConfigDelaysBit", kConfigDelaysBit},
      {"RuleSoftBoundBit", kRuleSoftBoundBit}, {"RuleAdaptLog2Lsb", kRuleAdaptLog2Lsb},
      {"RuleWideTracesBit", kRuleWideTracesBit},
      {"ConfigWeightNormBit", kConfigWeightNormBit}, {"ConfigWideTracesBit", kConfigWideTracesBit}, {"NormShiftLsb", kNormShiftLsb},
      {"NormIntervalLog2Lsb", kNormIntervalLog2Lsb}, {"NormEnableBit", kNormEnableBit},
      {"StatusBusy", kStatusBusy}, {"StatusErrAddr", kStatusErrAddr},
      {"StatusErrAxon", kStatusErrAxon}, {"StatusErrPend", kStatusErrPend},
      {"StatusErrOp", kStatusErrOp},
      {"ParamDecayU", kParamDecayU}, {"ParamDecayV", kParamDecayV},
      {"ParamDecayAdapt", kParamDecayAdapt}, {"ParamBias", kParamBias},
      {"ParamThreshold", kParamThreshold}, {"ParamVReset", kParamVReset},
      {"ParamRefractory", kParamRefractory}, {"ParamAdaptStep", kParamAdaptStep},
      {"StateU", kStateU}, {"StateV", kStateV}, {"StateAdapt", kStateAdapt},
      {"StateRefractory", kStateRefractory}, {"StateTracePre", kStateTracePre},
      {"StateTracePost", kStateTracePost}, {"StatePending", kStatePending},
      {"WeightFlagBit", kWeightFlagBit}, {"AxonQueuedBit", kAxonQueuedBit},
      {"AxonQueuedBitWide", kAxonQueuedBitWide},
      {"SpkEosBit", kSpkEosBit}};
  for (const auto& [name, value] : cpp) {
    INFO(name);
    REQUIRE(v.count(name) == 1);
    CHECK(v.at(name) == value);
  }
}
