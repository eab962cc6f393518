// The control port of syn_core in C++: opcodes, address map, register and
// field numbers, word formats. The link protocol carries these addresses
// (docs/protocol.md), so this is part of the wire contract and lives beside
// protocol.hpp; the core's simulation (sim/core) uses it from here. rtl/core/syn_pkg.sv is the definition; the test
// "syn_pkg constants match core_port.hpp" (tests/rtl) parses it and checks
// every value here, so the two cannot drift apart.
#pragma once

#include <cstdint>

namespace synfire::rtl::port {

enum class Op : uint8_t {
  kNop = 0,
  kWrite = 1,
  kRead = 2,
  kAxon = 3,
  kPend = 4,
  kStep = 5,
  kClear = 6,
};

enum Region : uint32_t {
  kRegionReg = 0x00,
  kRegionParam = 0x01,
  kRegionState = 0x02,
  kRegionAxonTrace = 0x03,
  kRegionWeight = 0x04,
  kRegionPendList = 0x05,
  kRegionAxonList = 0x06,
  // Axonal delays (RegConfig kConfigDelaysBit; bad addresses on a core without them).
  kRegionArrivals = 0x07,  // events in flight (RO): kArrAxonBit | k << kArrKLsb | entry
  kRegionArrCounts = 0x08, // their counts (RO): index k, or 16 + k for the axons
  kRegionDelays = 0x09,    // delay of presynaptic source pre (neuron i, or N + a), [3:0]
};

// RegionArrivals index fields (and OpPend's data on a core with delays):
// the list of the events arriving at step t + k.
inline constexpr uint32_t kArrKLsb = 16;
inline constexpr uint32_t kArrAxonBit = 20;
inline constexpr uint32_t kArrSlots = 16;  // k = 0 .. 15 (RegionArrCounts: neurons, then axons)

enum Reg : uint32_t {
  kRegId = 0x00,
  kRegNeurons = 0x01,
  kRegInputs = 0x02,
  kRegConfig = 0x03,
  kRegStatus = 0x04,
  kRegStep = 0x05,
  kRegSeed = 0x06,
  kRegLearn = 0x07,
  kRegWeightExpRec = 0x08,
  kRegWeightExpIn = 0x09,
  kRegAPlus = 0x0A,
  kRegAMinus = 0x0B,
  kRegShift = 0x0C,
  kRegTraceIncPre = 0x0D,
  kRegTraceIncPost = 0x0E,
  kRegDecayPre = 0x0F,
  kRegDecayPost = 0x10,
  kRegWMin = 0x11,
  kRegWMax = 0x12,
  kRegPendCount = 0x13,
  kRegAxonCount = 0x14,
  kRegStepCycles = 0x15,
  kRegStepSpikes = 0x16,
  kRegRule = 0x17,  // optional learning features (Rule fields); a bad address on a core without
  // Weight normalisation (Norm fields, the target); bad addresses on a core without it.
  kRegNorm = 0x1E,
  kRegNormTarget = 0x1F,
};
inline constexpr uint32_t kNumRegs = 24;  // the contiguous registers 0x00 .. 0x17 (RegNorm, RegNormTarget lie beyond)

enum ParamField : uint32_t {
  kParamDecayU = 0,
  kParamDecayV = 1,
  kParamDecayAdapt = 2,
  kParamBias = 3,
  kParamThreshold = 4,
  kParamVReset = 5,
  kParamRefractory = 6,
  kParamAdaptStep = 7,
};

enum StateField : uint32_t {
  kStateU = 0,
  kStateV = 1,
  kStateAdapt = 2,
  kStateRefractory = 3,
  kStateTracePre = 4,
  kStateTracePost = 5,
  kStatePending = 6,
};

inline constexpr uint32_t kPortId = 0x53594E01;

// RegConfig fields.
inline constexpr uint32_t kConfigWeightBitsLsb = 0;
inline constexpr uint32_t kConfigLanesLsb = 8;
inline constexpr uint32_t kConfigPerSynapseBit = 16;
inline constexpr uint32_t kConfigSinglePortBit = 17;
inline constexpr uint32_t kConfigSoftBoundBit = 18;     // soft-bound STDP built in
inline constexpr uint32_t kConfigAdaptIntervalBit = 19; // adaptation decay interval built in
inline constexpr uint32_t kConfigDelaysBit = 20;        // axonal delays built in

inline constexpr uint32_t kConfigWeightNormBit = 21;   // weight normalisation built in
inline constexpr uint32_t kConfigWideTracesBit = 22;   // 24-bit STDP traces built in (RegRule bit)

// RegNorm fields (RegNormTarget: the target, signed 24-bit).
inline constexpr uint32_t kNormShiftLsb = 0;         // [3:0]: delta = (target - sum) / 2^shift
inline constexpr uint32_t kNormIntervalLog2Lsb = 8;  // [11:8]: every 2^k steps
inline constexpr uint32_t kNormEnableBit = 16;       // 1: normalisation on

// RegRule fields.
inline constexpr uint32_t kRuleSoftBoundBit = 0;  // 1: soft-bound STDP rule
inline constexpr uint32_t kRuleAdaptLog2Lsb = 8;  // [11:8]: adaptation decays every 2^k steps
inline constexpr uint32_t kRuleWideTracesBit = 16;  // 1: 24-bit traces (stdp.trace_bits 24)

// RegStatus bits.
inline constexpr uint32_t kStatusBusy = 0;
inline constexpr uint32_t kStatusErrAddr = 1;
inline constexpr uint32_t kStatusErrAxon = 2;
inline constexpr uint32_t kStatusErrPend = 3;
inline constexpr uint32_t kStatusErrOp = 4;

inline constexpr uint32_t kWeightFlagBit = 8;
inline constexpr uint32_t kAxonQueuedBit = 8;       // [8] queued, [7:0] trace; with 24-bit
inline constexpr uint32_t kAxonQueuedBitWide = 24;  // traces built in [24] queued, [23:0] trace
inline constexpr uint32_t kSpkEosBit = 31;

constexpr uint32_t addr(Region region, uint32_t index) { return (uint32_t{region} << 24) | index; }
constexpr uint32_t reg_addr(Reg r) { return addr(kRegionReg, r); }
constexpr uint32_t param_addr(uint32_t neuron, ParamField f) {
  return addr(kRegionParam, neuron * 8 + f);
}
constexpr uint32_t state_addr(uint32_t neuron, StateField f) {
  return addr(kRegionState, neuron * 8 + f);
}
// The delay of presynaptic source `pre` (neuron i, or N + a for input axon a).
constexpr uint32_t delay_addr(uint32_t pre) { return addr(kRegionDelays, pre); }
// Presynaptic row `pre` (neuron i, or N + a for input axon a) to post neuron j.
constexpr uint32_t weight_addr(uint32_t neurons, uint32_t pre, uint32_t post) {
  return addr(kRegionWeight, pre * neurons + post);
}

}  // namespace synfire::rtl::port
