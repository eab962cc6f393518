// Probe files: CSV "step,neuron,u,v,adapt,refractory,trace_pre,trace_post",
// one row per probed neuron per sampled step (docs/file-formats.md).
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "simulator.hpp"  // synfire::ProbeSample

namespace synfire::io {

// Reads a probe file. The first four columns are required; adapt,
// refractory, trace_pre and trace_post are read when the header has them
// (else 0), and any further columns are ignored. Throws FileError naming the
// file and line of the first problem.
std::vector<ProbeSample> read_probes(const std::filesystem::path& path);
// The same for a file's bytes already in memory; `name` is used in messages.
std::vector<ProbeSample> parse_probes(std::span<const unsigned char> data, const std::string& name);

// Streams probe samples to a file that appears only on commit().
class ProbeWriter {
 public:
  explicit ProbeWriter(const std::filesystem::path& path);
  void write(std::span<const ProbeSample> samples);
  void commit();
  uint64_t count() const { return count_; }

 private:
  AtomicOutput out_;
  std::string buf_;
  uint64_t count_ = 0;
};

}  // namespace synfire::io
