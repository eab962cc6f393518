// The pins of one verilated syn_core, whatever its parameters. Each
// verilated parameter set (its own PREFIX, sim/core/CMakeLists.txt) has an
// adapter behind this interface (sim/common/sim_model.hpp), so the harness
// picks a configuration by name at run time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim_model.hpp"

class VerilatedContext;

namespace synfire::rtl {

// The parameters a configuration was verilated with (syn_core parameters).
struct CoreParams {
  std::string name;
  uint32_t neurons;           // NumNeurons (N)
  uint32_t inputs;            // NumInputs (M)
  uint32_t weight_bits;       // WeightBits
  uint32_t lanes;             // SynLanes (S)
  bool plastic_per_synapse;   // PlasticPerSynapse
  uint32_t weight_ram;        // WeightRam: 0 dual-port, 1 single-port, 2 iCE40 SPRAM
  bool soft_bound = false;    // SoftBound: the soft-bound STDP rule
  bool adapt_interval = false;  // AdaptInterval: the adaptation decay interval
  bool weight_norm = false;     // WeightNorm: weight normalisation
  bool delays = false;          // AxonDelays: axonal delays
  bool wide_traces = false;     // WideTraces: 24-bit STDP traces
};

struct PinsIn {
  bool rst_n = false;
  bool cmd_valid = false;
  uint8_t cmd_op = 0;
  uint32_t cmd_addr = 0;
  uint32_t cmd_data = 0;
  bool rsp_ready = true;
  bool spk_ready = true;
};

struct PinsOut {
  bool cmd_ready = false;
  bool rsp_valid = false;
  uint32_t rsp_data = 0;
  bool spk_valid = false;
  uint32_t spk_data = 0;
  bool busy = false;
  uint32_t status = 0;
};

using CoreModel = sim::SimModel<CoreParams, PinsIn, PinsOut>;

// Names of the parameter sets linked in ("small", "ice40", "sim256").
std::vector<std::string> core_configs();

// Makes the model of a configuration in the given context; throws
// std::invalid_argument naming the known configurations for an unknown name.
std::unique_ptr<CoreModel> make_core_model(const std::string& name, VerilatedContext* ctx);

}  // namespace synfire::rtl
