// The control port: every register and RAM field written with random
// values reads back, errors set their status bits and never wedge the
// port, OpClear clears exactly the dynamic state, and a stalled spike
// consumer loses nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core_network.hpp"
#include "core_sim.hpp"
#include "equivalence.hpp"
#include "random_network.hpp"

using namespace synfire;
using namespace synfire::rtl;
using namespace synfire::rtl::port;

namespace {

uint32_t field_mask(int bits) { return bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1; }

// Sign-extends the low `bits` of x (the core's read format for signed fields).
uint32_t sext(uint32_t x, int bits) {
  const uint32_t sign = 1u << (bits - 1);
  return ((x & field_mask(bits)) ^ sign) - sign;
}

struct Field {
  uint32_t index;
  int bits;
  bool is_signed;
};

uint32_t expect_read(uint32_t written, const Field& f) {
  return f.is_signed ? sext(written, f.bits) : written & field_mask(f.bits);
}

void readback_everything(const std::string& config, uint64_t seed) {
  std::cout << "[rtl] port readback on " << config << ", seed " << seed << std::endl;
  CoreSim sim(config);
  const CoreParams& p = sim.params();
  const uint32_t N = p.neurons, M = p.inputs, S = p.lanes;
  std::mt19937_64 rng(seed);
  auto rnd = [&] { return static_cast<uint32_t>(rng()); };
  // With delays an input joins the list of t + its delay: all 0 here, so
  // OpAxon fills the next step's list as on a core without them.
  if (p.delays) {
    for (uint32_t pre = 0; pre < N + M; ++pre) sim.write(delay_addr(pre), 0);
  }

  SECTION("identification registers") {
    CHECK(sim.read(reg_addr(kRegId)) == kPortId);
    CHECK(sim.read(reg_addr(kRegNeurons)) == N);
    CHECK(sim.read(reg_addr(kRegInputs)) == M);
    const uint32_t cfg = sim.read(reg_addr(kRegConfig));
    CHECK(((cfg >> kConfigWeightBitsLsb) & 0xF) == p.weight_bits);
    CHECK(((cfg >> kConfigLanesLsb) & 0xFF) == S);
    CHECK(((cfg >> kConfigPerSynapseBit) & 1) == (p.plastic_per_synapse ? 1u : 0u));
    CHECK(((cfg >> kConfigSinglePortBit) & 1) == (p.weight_ram != 0 ? 1u : 0u));
    CHECK(((cfg >> kConfigSoftBoundBit) & 1) == (p.soft_bound ? 1u : 0u));
    CHECK(((cfg >> kConfigAdaptIntervalBit) & 1) == (p.adapt_interval ? 1u : 0u));
    CHECK(((cfg >> kConfigWeightNormBit) & 1) == (p.weight_norm ? 1u : 0u));
    CHECK(((cfg >> kConfigDelaysBit) & 1) == (p.delays ? 1u : 0u));
    CHECK(((cfg >> kConfigWideTracesBit) & 1) == (p.wide_traces ? 1u : 0u));
    CHECK(sim.status() == 0);
  }

  SECTION("axonal delays: delays and events in flight, or bad addresses without them") {
    if (!p.delays) {
      for (uint32_t a : {delay_addr(0), addr(kRegionArrCounts, 0), addr(kRegionArrivals, 0)}) {
        sim.write(reg_addr(kRegStatus), 0xFF);
        CHECK(sim.read(a) == 0);
        CHECK(sim.status() == 1u << kStatusErrAddr);
      }
      return;
    }
    std::vector<uint32_t> delays(N + M);
    for (uint32_t pre = 0; pre < N + M; ++pre) {
      delays[pre] = rnd() & 0xF;
      sim.write(delay_addr(pre), delays[pre] | (rnd() & ~0xFu));
    }
    for (uint32_t pre = 0; pre < N + M; ++pre) CHECK(sim.read(delay_addr(pre)) == delays[pre]);
    sim.write(reg_addr(kRegStatus), 0xFF);
    CHECK(sim.read(delay_addr(N + M)) == 0);
    CHECK(sim.status() == 1u << kStatusErrAddr);
    sim.write(reg_addr(kRegStatus), 0xFF);
    // OpPend fills any list of the ring (at t + k, so at any step t), OpAxon
    // the list of t + the axon's delay.
    sim.clear();
    const uint32_t t = rnd();
    sim.write(reg_addr(kRegStep), t);
    std::vector<uint32_t> want[2][kArrSlots];
    for (uint32_t k = 0; k < kArrSlots; ++k) {
      for (uint32_t axon = 0; axon < 2; ++axon) {
        std::vector<uint32_t> words;
        for (uint32_t i = 0; i < (axon ? M : N); ++i) {
          if (rnd() % 4 != 0) continue;
          want[axon][k].push_back(i);
          words.push_back(axon << kArrAxonBit | k << kArrKLsb | i);
        }
        sim.command_burst(Op::kPend, words);
      }
    }
    std::vector<uint32_t> inputs;
    for (uint32_t a = 0; a < M; ++a) {
      if (rnd() % 3 != 0) continue;
      inputs.push_back(a);
      want[1][delays[N + a]].push_back(a);
    }
    sim.command_burst(Op::kAxon, inputs);
    CHECK(sim.status() == 0);
    for (uint32_t axon = 0; axon < 2; ++axon) {
      for (uint32_t k = 0; k < kArrSlots; ++k) {
        INFO((axon ? "axons" : "neurons") << " arriving " << k << " steps ahead");
        std::vector<uint32_t> got;
        const uint32_t count = sim.read(addr(kRegionArrCounts, axon * kArrSlots + k));
        for (uint32_t e = 0; e < count; ++e) {
          got.push_back(sim.read(addr(kRegionArrivals, axon << kArrAxonBit | k << kArrKLsb | e)));
        }
        std::sort(got.begin(), got.end());
        std::sort(want[axon][k].begin(), want[axon][k].end());
        CHECK(got == want[axon][k]);
        CHECK(sim.status() == 0);
        sim.read(addr(kRegionArrivals, axon << kArrAxonBit | k << kArrKLsb | count));
        CHECK(sim.status() == 1u << kStatusErrAddr);
        sim.write(reg_addr(kRegStatus), 0xFF);
      }
    }
    CHECK(sim.read(reg_addr(kRegPendCount)) == want[0][0].size());
    CHECK(sim.read(reg_addr(kRegAxonCount)) == want[1][0].size());
    // OpPend beyond the core, or not ascending within its list.
    sim.command(Op::kPend, 0, N);
    CHECK(sim.status() == 1u << kStatusErrPend);
    sim.write(reg_addr(kRegStatus), 0xFF);
    sim.command(Op::kPend, 0, 1u << kArrAxonBit | M);
    CHECK(sim.status() == 1u << kStatusErrPend);
    sim.write(reg_addr(kRegStatus), 0xFF);
    sim.clear();
    const std::vector<uint32_t> pends = {3u << kArrKLsb | 2, 3u << kArrKLsb | 1};
    sim.command_burst(Op::kPend, pends);
    CHECK(sim.status() == 1u << kStatusErrPend);
    CHECK(sim.read(addr(kRegionArrCounts, 3)) == 1);
    sim.write(reg_addr(kRegStatus), 0xFF);
  }

  SECTION("RegRule: the fields of the features built in, else a bad address") {
    const uint32_t mask = (p.soft_bound ? 1u << kRuleSoftBoundBit : 0u) |
                          (p.adapt_interval ? 0xFu << kRuleAdaptLog2Lsb : 0u) |
                          (p.wide_traces ? 1u << kRuleWideTracesBit : 0u);
    for (int round = 0; round < 4; ++round) {
      const uint32_t v = round == 0 ? 0xFFFFFFFFu : rnd();
      sim.write(reg_addr(kRegRule), v);
      CHECK(sim.read(reg_addr(kRegRule)) == (v & mask));
      CHECK(sim.status() == (mask == 0 ? 1u << kStatusErrAddr : 0u));
      sim.write(reg_addr(kRegStatus), 0xFF);
    }
  }

  SECTION("RegNorm, RegNormTarget: on a core with weight normalisation, else bad addresses") {
    const uint32_t norm_mask = 0xFu << kNormShiftLsb | 0xFu << kNormIntervalLog2Lsb | 1u << kNormEnableBit;
    for (int round = 0; round < 4; ++round) {
      const uint32_t v = round == 0 ? 0xFFFFFFFFu : rnd();
      sim.write(reg_addr(kRegNorm), v);
      sim.write(reg_addr(kRegNormTarget), v);
      const uint32_t target = sim.read(reg_addr(kRegNormTarget));
      CHECK(sim.read(reg_addr(kRegNorm)) == (p.weight_norm ? v & norm_mask : 0u));
      // The target reads back sign-extended from its 24 bits.
      CHECK(target == (p.weight_norm ? static_cast<uint32_t>(((v & 0xFFFFFFu) ^ 0x800000u) - 0x800000u) : 0u));
      CHECK(sim.status() == (p.weight_norm ? 0u : 1u << kStatusErrAddr));
      sim.write(reg_addr(kRegStatus), 0xFF);
    }
  }

  SECTION("writable registers") {
    const std::vector<Field> regs = {
        {kRegStep, 32, false},        {kRegSeed, 32, false},        {kRegLearn, 1, false},
        {kRegWeightExpRec, 4, false}, {kRegWeightExpIn, 4, false},  {kRegAPlus, 8, false},
        {kRegAMinus, 8, false},       {kRegShift, 4, false},        {kRegTraceIncPre, 8, false},
        {kRegTraceIncPost, 8, false}, {kRegDecayPre, 12, false},    {kRegDecayPost, 12, false},
        {kRegWMin, 8, true},          {kRegWMax, 8, true}};
    for (int round = 0; round < 4; ++round) {
      std::vector<uint32_t> values;
      for (const Field& f : regs) {
        values.push_back(rnd());
        sim.write(reg_addr(static_cast<Reg>(f.index)), values.back());
      }
      for (size_t k = 0; k < regs.size(); ++k) {
        INFO("register " << regs[k].index);
        CHECK(sim.read(reg_addr(static_cast<Reg>(regs[k].index))) ==
              expect_read(values[k], regs[k]));
      }
    }
    CHECK(sim.status() == 0);
  }

  SECTION("neuron parameters and state, axon traces") {
    const std::vector<Field> params = {{kParamDecayU, 12, false},    {kParamDecayV, 12, false},
                                       {kParamDecayAdapt, 12, false}, {kParamBias, 24, true},
                                       {kParamThreshold, 24, true},   {kParamVReset, 24, true},
                                       {kParamRefractory, 8, false},  {kParamAdaptStep, 23, false}};
    // Traces are 24 bits on a core with WideTraces, and an axon's queued bit
    // then sits above them at [24].
    const int tw = p.wide_traces ? 24 : 8;
    const uint32_t queued_bit = p.wide_traces ? kAxonQueuedBitWide : kAxonQueuedBit;
    const std::vector<Field> state = {{kStateU, 24, true},          {kStateV, 24, true},
                                      {kStateAdapt, 24, true},      {kStateRefractory, 8, false},
                                      {kStateTracePre, tw, false},  {kStateTracePost, tw, false}};
    std::vector<uint32_t> addrs, data;
    for (uint32_t j = 0; j < N; ++j) {
      for (const Field& f : params) {
        addrs.push_back(param_addr(j, static_cast<ParamField>(f.index)));
        data.push_back(rnd());
      }
      for (const Field& f : state) {
        addrs.push_back(state_addr(j, static_cast<StateField>(f.index)));
        data.push_back(rnd());
      }
    }
    for (uint32_t a = 0; a < M; ++a) {
      addrs.push_back(addr(kRegionAxonTrace, a));
      data.push_back(rnd() & ~(1u << queued_bit));
    }
    sim.write_many(addrs, data);
    const std::vector<uint32_t> got = sim.read_many(addrs);
    size_t k = 0;
    for (uint32_t j = 0; j < N; ++j) {
      for (const Field& f : params) {
        INFO("neuron " << j << " parameter field " << f.index);
        CHECK(got[k] == expect_read(data[k], f));
        ++k;
      }
      for (const Field& f : state) {
        INFO("neuron " << j << " state field " << f.index);
        CHECK(got[k] == expect_read(data[k], f));
        ++k;
      }
    }
    for (uint32_t a = 0; a < M; ++a, ++k) {
      INFO("axon " << a);
      CHECK(got[k] == (data[k] & ((1u << tw) - 1)));
    }
    CHECK(sim.status() == 0);

    // OpClear zeroes exactly the dynamic state and keeps the parameters.
    sim.clear();
    for (uint32_t j = 0; j < N; j += 1 + N / 16) {
      for (const Field& f : state) {
        CHECK(sim.read(state_addr(j, static_cast<StateField>(f.index))) == 0);
      }
      for (const Field& f : params) {
        const size_t at = static_cast<size_t>(j) * (params.size() + state.size()) + f.index;
        CHECK(sim.read(param_addr(j, static_cast<ParamField>(f.index))) == expect_read(data[at], f));
      }
    }
    CHECK(sim.read(reg_addr(kRegStep)) == 0);
  }

  SECTION("weights and plastic flags") {
    std::vector<uint32_t> addrs, data;
    std::vector<uint32_t> row_flag(N + M);
    for (uint32_t pre = 0; pre < N + M; ++pre) {
      row_flag[pre] = rnd() & 1;
      for (uint32_t j = 0; j < N; ++j) {
        addrs.push_back(weight_addr(N, pre, j));
        const uint32_t flag = p.plastic_per_synapse ? (rnd() & 1) : row_flag[pre];
        data.push_back((rnd() & 0xFF) | (flag << kWeightFlagBit));
      }
    }
    sim.write_many(addrs, data);
    const std::vector<uint32_t> got = sim.read_many(addrs);
    size_t bad = 0;
    for (size_t k = 0; k < addrs.size(); ++k) {
      const uint32_t want = data[k] & 0x1FF;  // 8-bit cores store every weight bit
      if (got[k] != want && bad++ < 5) {
        INFO("weight " << k / N << " -> " << k % N);
        CHECK(got[k] == want);
      }
    }
    CHECK(bad == 0);
    CHECK(sim.status() == 0);
  }

  SECTION("pending spikes and queued axons") {
    sim.clear();
    std::vector<uint32_t> pend, axons;
    for (uint32_t j = 0; j < N; ++j) if (rnd() % 3 == 0) pend.push_back(j);
    for (uint32_t a = 0; a < M; ++a) if (rnd() % 3 == 0) axons.push_back(a);
    // Back to back: each check must see the append executing before it.
    sim.command_burst(Op::kPend, pend);
    sim.command_burst(Op::kAxon, axons);
    CHECK(sim.read(reg_addr(kRegPendCount)) == pend.size());
    CHECK(sim.read(reg_addr(kRegAxonCount)) == axons.size());
    for (size_t k = 0; k < pend.size(); ++k) CHECK(sim.read(addr(kRegionPendList, k)) == pend[k]);
    for (size_t k = 0; k < axons.size(); ++k) CHECK(sim.read(addr(kRegionAxonList, k)) == axons[k]);
    // With delays the pending and queued bits are set when a step starts
    // (the lists of its arrivals), so they read 0 between steps.
    for (uint32_t j = 0; j < N; ++j) {
      const bool want = !p.delays && std::find(pend.begin(), pend.end(), j) != pend.end();
      CHECK(sim.read(state_addr(j, kStatePending)) == (want ? 1u : 0u));
    }
    for (uint32_t a = 0; a < M; ++a) {
      const bool want = !p.delays && std::find(axons.begin(), axons.end(), a) != axons.end();
      CHECK(sim.read(addr(kRegionAxonTrace, a)) == (want ? 1u << kAxonQueuedBit : 0u));
    }
    CHECK(sim.status() == 0);
  }

  SECTION("errors set status bits and the port keeps working") {
    const uint32_t bad_addrs[] = {addr(static_cast<Region>(0x0A), 0), addr(kRegionReg, kNumRegs),
                                  param_addr(N, kParamBias), state_addr(0, StateField(7)),
                                  addr(kRegionAxonTrace, M),
                                  addr(kRegionWeight, (N + M) * N), addr(kRegionPendList, 0)};
    for (uint32_t a : bad_addrs) {
      INFO("address " << std::hex << a);
      sim.write(reg_addr(kRegStatus), 0xFF);
      CHECK(sim.read(a) == 0);
      CHECK(sim.status() == 1u << kStatusErrAddr);
      sim.write(reg_addr(kRegStatus), 0xFF);
      sim.write(a, 5);
      CHECK(sim.status() == 1u << kStatusErrAddr);
    }
    // Read-only locations.
    for (uint32_t a : {reg_addr(kRegId), reg_addr(kRegPendCount), state_addr(0, kStatePending)}) {
      sim.write(reg_addr(kRegStatus), 0xFF);
      const uint32_t before = sim.read(a);
      sim.write(a, 0x12345);
      CHECK(sim.read(a) == before);
      CHECK(sim.status() == 1u << kStatusErrAddr);
    }
    sim.write(reg_addr(kRegStatus), 0xFF);
    sim.clear();
    const std::vector<uint32_t> repeat = {3, 3};  // not ascending, back to back
    sim.command_burst(Op::kAxon, repeat);
    CHECK(sim.status() == 1u << kStatusErrAxon);
    sim.command(Op::kAxon, 0, M);  // out of range
    CHECK(sim.read(reg_addr(kRegAxonCount)) == 1);
    sim.write(reg_addr(kRegStatus), 0xFF);
    sim.command(Op::kPend, 0, N);
    CHECK(sim.status() == 1u << kStatusErrPend);
    sim.write(reg_addr(kRegStatus), 0xFF);
    const std::vector<uint32_t> pends = {2, 5, 4};  // the last is not ascending
    sim.command_burst(Op::kPend, pends);
    CHECK(sim.status() == 1u << kStatusErrPend);
    CHECK(sim.read(reg_addr(kRegPendCount)) == 2);
    sim.write(reg_addr(kRegStatus), 0xFF);
    sim.command(static_cast<Op>(7), 0, 0);
    CHECK(sim.status() == 1u << kStatusErrOp);
    sim.write(reg_addr(kRegStatus), 1u << kStatusErrOp);
    CHECK(sim.status() == 0);
    CHECK(sim.read(reg_addr(kRegId)) == kPortId);
  }
}

}  // namespace

TEST_CASE("port readback: small core", "[rtl]") { readback_everything("small", 11); }

TEST_CASE("port readback: iCE40 core", "[rtl]") { readback_everything("ice40", 12); }

TEST_CASE("port readback: sim256 core", "[rtl][slow]") { readback_everything("sim256", 13); }

#ifdef SYNFIRE_NETLIST_MODELS
// The same on yosys's netlists (docs/rtl.md, "Post-synthesis models"): the
// control port, syn_ctrl's field placement and the RAMs' write masks as
// synthesised.
TEST_CASE("port readback: small core's yosys netlist", "[rtl][netlist][slow]") {
  readback_everything("small_netlist", 14);
}

TEST_CASE("port readback: tiny40 core's yosys netlist", "[rtl][netlist][slow]") {
  readback_everything("tiny40_netlist", 15);
}
#endif

TEST_CASE("a stalled spike and response consumer loses nothing", "[rtl]") {
  const uint64_t seed = 31337;
  const std::string config = GENERATE(as<std::string>{}, "small", "tiny40");
  std::cout << "[rtl] back-pressure on " << config << ", seed " << seed << std::endl;
  CoreSim sim(config);
  sim.set_ready_probability(0.3, 0.5, seed);
  std::mt19937_64 rng(seed);
  synfire::test::NetworkShape shape;
  shape.per_row_flags = !sim.params().plastic_per_synapse;
  for (int k = 0; k < 10; ++k) {
    Network net = synfire::test::random_network(rng, shape);
    // Busy networks: low thresholds so that many neurons fire each step.
    for (NeuronParams& p : net.params) p.threshold = std::min(p.threshold, 8);
    const auto inputs = synfire::test::random_step_inputs(rng, net, 30);
    INFO("seed " << seed << ", network " << k);
    REQUIRE(rtl::test::compare_run(sim, net, inputs) == "");
  }
}

TEST_CASE("RegStepCycles and RegStepSpikes describe the last step", "[rtl]") {
  CoreSim sim("small");
  std::mt19937_64 rng(404);
  std::cout << "[rtl] step counters, seed 404" << std::endl;
  synfire::test::NetworkShape shape;
  Network net = synfire::test::random_network(rng, shape);
  for (NeuronParams& p : net.params) p.threshold = std::min(p.threshold, 4);
  load_network(sim, net);
  for (int k = 0; k < 20; ++k) {
    const std::vector<uint16_t> axons = {0, 3, 5};
    const StepResult r = sim.step(axons);
    CHECK(sim.read(reg_addr(kRegStepCycles)) == r.cycles);
    CHECK(sim.read(reg_addr(kRegStepSpikes)) == r.spikes.size());
    CHECK(sim.read(reg_addr(kRegStep)) == static_cast<uint32_t>(k + 1));
  }
}
