#include "probe_file.hpp"

#include <fstream>
#include <iterator>

#include "fixed_point.hpp"
#include "io_error.hpp"
#include "read_file.hpp"
#include "text_lines.hpp"

namespace synfire::io {

namespace {

// Optional columns after step,neuron,u,v: name, member, range.
struct Column {
  const char* name;
  int32_t NeuronState::*member;
  int64_t min, max;
};
constexpr Column kOptional[] = {
    {"adapt", &NeuronState::adapt, 0, fx::kPotentialMax},
    {"refractory", &NeuronState::refractory, 0, fx::kRefractoryMax},
    // The file does not say the network's trace width: any trace up to 16 bits.
    {"trace_pre", &NeuronState::trace_pre, 0, fx::trace_max(fx::kWideTraceBits)},
    {"trace_post", &NeuronState::trace_post, 0, fx::trace_max(fx::kWideTraceBits)},
};

}  // namespace

std::vector<ProbeSample> read_probes(const std::filesystem::path& path) {
  return parse_probes(read_file_bytes(path), path.string());
}

std::vector<ProbeSample> parse_probes(std::span<const unsigned char> data, const std::string& name) {
  TextLines lines(name, data);
  const std::vector<std::string> header = lines.expect_header({"step", "neuron", "u", "v"});
  // Where each optional column sits, if present.
  std::vector<std::pair<size_t, const Column*>> present;
  for (size_t k = 4; k < header.size(); ++k) {
    for (const Column& c : kOptional) {
      if (header[k] == c.name) present.emplace_back(k, &c);
    }
  }
  std::vector<ProbeSample> samples;
  std::vector<std::string_view> f;
  while (lines.next(f)) {
    if (f.size() != header.size()) {
      lines.fail("expected " + std::to_string(header.size()) + " fields as in the header, got " +
                 std::to_string(f.size()));
    }
    ProbeSample s{};
    s.step = static_cast<uint32_t>(lines.parse_uint(f[0], "step", UINT32_MAX));
    s.neuron = static_cast<uint32_t>(lines.parse_uint(f[1], "neuron", 0xFFFF));
    s.state.u = static_cast<int32_t>(lines.parse_int(f[2], "u", fx::kPotentialMin, fx::kPotentialMax));
    s.state.v = static_cast<int32_t>(lines.parse_int(f[3], "v", fx::kPotentialMin, fx::kPotentialMax));
    for (const auto& [k, c] : present) {
      s.state.*(c->member) = static_cast<int32_t>(lines.parse_int(f[k], c->name, c->min, c->max));
    }
    samples.push_back(s);
  }
  return samples;
}

ProbeWriter::ProbeWriter(const std::filesystem::path& path) : out_(path) {
  buf_ = "step,neuron,u,v";
  for (const Column& c : kOptional) buf_ += std::string(",") + c.name;
  buf_ += '\n';
}

void ProbeWriter::write(std::span<const ProbeSample> samples) {
  for (const ProbeSample& s : samples) {
    buf_ += std::to_string(s.step) + ',' + std::to_string(s.neuron) + ',' + std::to_string(s.state.u) +
            ',' + std::to_string(s.state.v);
    for (const Column& c : kOptional) buf_ += ',' + std::to_string(s.state.*(c.member));
    buf_ += '\n';
    ++count_;
  }
  if (buf_.size() >= (1u << 16)) {
    out_.write(buf_);
    buf_.clear();
  }
}

void ProbeWriter::commit() {
  out_.write(buf_);
  buf_.clear();
  out_.commit();
}

}  // namespace synfire::io
