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

#include "network.hpp"

namespace synfire::nir {

class NirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImportOptions {
  double dt = 0;        // synfire's step in the file's time unit (NIR: seconds);
                        // 0: the file's synfire metadata, else 1e-3
  double lsb = 0;       // potential units per integer step; 0: from the file's
                        // synfire metadata, else max |potential| / 2^14
  int weight_bits = 8;  // [2, 8]
};

struct Imported {
  Network network;
  std::string report;   // what was mapped and every quantisation error, one item a line
};

// Reads a NIR graph of Input, Output, Linear, Affine, Scale and CubaLIF, LIF
// or IF nodes. Neuron nodes become synfire neurons (in the file's order of
// node names), Input nodes input axons; the linear nodes on every path from
// an Input or neuron node to a neuron node are multiplied into one weight
// matrix. Throws NirError naming the first node or edge it cannot map.
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
