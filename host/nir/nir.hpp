// NIR (the Neuromorphic Intermediate Representation, HDF5 files as nir.write
// stores them) to and from synfire networks. docs/nir.md describes the
// mapping, node by node, and what it cannot represent.
//
// Every function either succeeds or throws NirError (a file that cannot be
// read, a node synfire cannot represent: the message names the node and its
// type) or std::invalid_argument from the units mapping; none prints or exits.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "network.hpp"

namespace synfire::nir {

class NirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How the file's spikes and dynamics are to be read (docs/nir.md "Conventions"):
// NIR defines continuous-time equations; each training tool exported its own
// discrete-time arithmetic, which the file's parameters (not its text) reveal.
enum class Convention {
  kAuto,      // the file's synfire metadata: kDirac; a tool named in the graph's metadata;
              // else the tool whose parameter signature every neuron node matches (docs/nir.md)
  kDirac,     // NIR's definition: a spike is a Dirac pulse of area 1, states integrated
              // exactly, an input spike of step s moves v in step s + 1 (synfire's exports)
  kEuler,     // snnTorch, Norse's LIF: a spike is the value 1 for one step of dt, states
              // advance by forward Euler (x *= 1 - dt / tau), an input spike moves I and
              // then v in its own step
  kNorse,     // Norse's LIFCell (CubaLIF): Euler decays, a spike of weight w adds w_in * w to I
              // at the end of its step, so it moves v in step s + 1; LIF, LI as kEuler
  kSpyx,      // Spyx: Euler decays (beta = 1 - dt / tau), r and w_in ignored: I = alpha I + w,
              // v = beta v + I (CubaLIF), v = beta v + w (LIF), in the spike's step
  kRockpool,  // Rockpool: exponential decays, r and w_in ignored: I = e^(-dt/tau_syn) (I + w),
              // v = e^(-dt/tau_mem) v + I (LIFTorch, CubaLIF); v = e^(-dt/tau) v + w (LIF)
  kSinabs,    // Sinabs (time in steps, dt = 1): v = e^(-dt/tau) v + (1 - e^(-dt/tau)) r w
              // (LIF, norm_input), v += r w (IF); its files have no CubaLIF
};
// "auto", "dirac", "euler", "norse", "spyx", "rockpool", "sinabs"; convention_from_name throws
// NirError for another name.
const char* convention_name(Convention c);
Convention convention_from_name(const std::string& name);

// What a neuron's v does after a spike. NIR's nodes say v_reset (the files
// cannot say which reset a discrete-time tool trained with: NIR PR #63, #129).
enum class Reset {
  kAuto,      // kValue, unless a neuron node's metadata says subtract (then refused)
  kValue,     // v = v_reset: synfire's reset
  kSubtract,  // v -= v_threshold: refused, synfire's core has no subtractive reset yet
};

struct ImportOptions {
  double dt = 0;        // synfire's step in the file's time unit (NIR: seconds); 0: the file's
                        // synfire metadata, else the exporter's signature (docs/nir.md), else
                        // 1e-4 (kEuler, kNorse), 1 (kSpyx, kSinabs) or 1e-3 (kDirac, kRockpool)
  double lsb = 0;       // potential units of one integer step, the same for every neuron; 0: the
                        // file's synfire metadata, else chosen per neuron (docs/nir.md)
  int weight_bits = 8;  // [2, 8]
  Convention convention = Convention::kAuto;
  Reset reset = Reset::kAuto;
};

// The rounding error of the weights of one projection, relative to each weight.
struct ErrorStats {
  size_t synapses = 0;      // non-zero weights
  size_t zeros = 0;         // non-zero weights that rounded to 0
  double median = 0;        // median of |rounded - exact| / |exact|
  double p95 = 0;           // its 95th percentile
  double max = 0;           // its largest value
  double largest = 0;       // the largest |weight| (potential units of the target)
};

struct NodeReport {
  std::string name, type;
  bool readout = false;     // LI / CubaLI: neurons that never fire, read through probes
  int first = 0, count = 0; // neurons first..first + count - 1
  double lsb = 0;           // potential units of one integer step: the largest of the node's neurons
  double lsb_min = 0;       // the smallest
  double threshold = 0;     // the largest |v_threshold| (0 for a readout)
  int threshold_steps = 0;  // the smallest |threshold| in steps
  double threshold_error = 0;  // largest |represented - v_threshold| / |v_threshold|
  double bias_largest = 0;  // largest |bias| per step, potential units
  int biases_zeroed = 0;    // non-zero biases that rounded to 0
  double rest_shift = 0;    // largest shift of the resting potential by the bias rounding / |threshold|
  double tau_syn = 0, tau_mem = 0;              // the first neuron's (0 where the node has none)
  double tau_syn_error = 0, tau_mem_error = 0;  // largest relative error of the represented ones
  double truncation = 0;    // bound of v's error from the decays' truncation, / |threshold| (lsb for a readout)
  double v_range = 0;       // v saturates at +-v_range (potential units; the finest neuron's)
};

struct ProjectionReport {
  std::string source, target;  // Input or neuron node -> neuron node
  std::string block;           // "input" or "recurrent": the exponent it shares
  int exponent = 0;
  double step = 0;             // one weight step in the target's potential units (the coarsest neuron's)
  ErrorStats error;
};

struct Report {
  Convention convention = Convention::kDirac;
  std::string convention_reason;
  double dt = 0;
  std::string dt_reason;
  int input_delay = 0;         // NIR input step s is synfire's step s + input_delay
  std::string lsb_reason;      // automatic per node, --lsb, or the file's metadata
  int weight_exp_in = 0, weight_exp_rec = 0;
  std::vector<double> lsb;                   // per neuron: potential units of one step (v = probe v * lsb)
  std::vector<NodeReport> nodes;             // neuron nodes, then Input nodes (count = axons)
  std::vector<ProjectionReport> projections;
  std::vector<std::string> notes;            // what was left out or changed, one item each
};

struct Imported {
  Network network;
  Report details;
  std::string report;   // the details as text, one item a line
};

// Reads a NIR graph of Input, Output, Linear, Affine, Scale and CubaLIF, LIF,
// IF, LI or CubaLI nodes (nested graphs are flattened). Neuron nodes become
// synfire neurons (in the file's order of node names; LI and CubaLI ones never
// fire), Input nodes input axons; the linear nodes on every path from an Input
// or neuron node to a neuron node are multiplied into one weight matrix.
// Throws NirError naming the first node or edge it cannot map, or the node
// whose threshold or bias the quantisation would destroy.
Imported import_file(const std::filesystem::path& path, const ImportOptions& options);

struct ExportOptions {
  double dt = 1e-3;  // time unit of the file per synfire step
  double lsb = 1.0;  // potential units of one integer step
};

// Writes the network as a NIR graph: input -> w_in (Linear) -> neurons
// (CubaLIF) -> w_rec (Linear) -> neurons, and neurons -> output, with
// synfire's dt, lsb and weight exponents in the graph's metadata so that
// import_file gives the same network back. Returns notes on what NIR does not
// hold (plastic flags and STDP parameters, one line each; empty if nothing).
// Throws NirError for what NIR cannot represent (refractory periods, adaptive
// thresholds, decay_u or decay_v 0), naming the neuron.
std::string export_file(const Network& net, const std::filesystem::path& path, const ExportOptions& options);

}  // namespace synfire::nir
