#include "nir.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "fixed_point.hpp"
#include "hdf5_file.hpp"
#include "units.hpp"

namespace synfire::nir {

namespace {

constexpr const char* kNirVersion = "1.0";
// Graph metadata that makes an exported file import to the same network.
constexpr const char* kMetaDt = "synfire_dt";
constexpr const char* kMetaLsb = "synfire_lsb";
constexpr const char* kMetaExpRec = "synfire_weight_exp_rec";
constexpr const char* kMetaExpIn = "synfire_weight_exp_in";
constexpr const char* kMetaBits = "synfire_weight_bits";

std::string num(double x) {
  std::ostringstream s;
  s.precision(6);
  s << x;
  return s.str();
}

std::string percent(double x) {
  std::ostringstream s;
  s.precision(3);
  s << 100.0 * x << " %";
  return s.str();
}

enum class Kind { kInput, kOutput, kLinear, kAffine, kScale, kCubaLif, kLif, kIf, kLi, kCubaLi, kI, kDelay };

const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> k = {
      {"Input", Kind::kInput},   {"Output", Kind::kOutput},   {"Linear", Kind::kLinear}, {"Affine", Kind::kAffine},
      {"Scale", Kind::kScale},   {"CubaLIF", Kind::kCubaLif}, {"LIF", Kind::kLif},       {"IF", Kind::kIf},
      {"LI", Kind::kLi},         {"CubaLI", Kind::kCubaLi},   {"I", Kind::kI},         {"Delay", Kind::kDelay}};
  return k;
}

bool is_neuron(Kind k) {
  return k == Kind::kCubaLif || k == Kind::kLif || k == Kind::kIf || k == Kind::kLi || k == Kind::kCubaLi || k == Kind::kI;
}
bool is_readout(Kind k) { return k == Kind::kLi || k == Kind::kCubaLi || k == Kind::kI; }  // no threshold
bool is_leaky(Kind k) { return k != Kind::kIf && k != Kind::kI; }
bool has_current(Kind k) { return k == Kind::kCubaLif || k == Kind::kCubaLi; }
bool is_linear(Kind k) { return k == Kind::kLinear || k == Kind::kAffine || k == Kind::kScale; }

// Why a node type is refused, where there is more to say than "not mapped".
std::string refusal(const std::string& type) {
  if (type == "Threshold") return "a Threshold without a membrane is not a synfire neuron";
  return "";
}

// A dense matrix, row-major (rows = outputs, cols = inputs of the source).
struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<double> a;
  double& at(size_t r, size_t c) { return a[r * cols + c]; }
  double at(size_t r, size_t c) const { return a[r * cols + c]; }
};

struct Node {
  std::string name, type;
  Kind kind{};
  bool passthrough = false;  // the Input or Output of a nested graph: spliced out
  std::string reset_meta;    // a metadata entry naming a reset by subtraction, if any
  std::map<std::string, h5::Array> data;  // every numeric dataset of the node
  size_t size = 0;      // neurons, or the Input's width
  size_t offset = 0;    // first neuron or axon index
  Matrix weight;        // linear nodes: (out, in); Scale: diagonal
  std::vector<double> bias;  // Affine
};

// A parameter of a neuron node, broadcast from one value to `size` if needed.
std::vector<double> param(const Node& n, const std::string& key, const std::string& file, double fallback, bool required) {
  const auto it = n.data.find(key);
  if (it == n.data.end()) {
    if (required) throw NirError(file + ": node " + n.name + " (" + n.type + ") has no " + key);
    return std::vector<double>(n.size, fallback);
  }
  const auto& v = it->second.values;
  if (v.size() == n.size) return v;
  if (v.size() == 1) return std::vector<double>(n.size, v[0]);
  throw NirError(file + ": node " + n.name + " (" + n.type + "): " + key + " has " + std::to_string(v.size()) +
                 " values for " + std::to_string(n.size) + " neurons");
}

size_t product(const std::vector<uint64_t>& shape) {
  size_t p = 1;
  for (uint64_t s : shape) p *= s;
  return p;
}

// The width of a neuron node: its threshold's, or a readout's time constant's.
size_t neuron_count(const Node& n, const std::string& file) {
  for (const char* key : {"v_threshold", "tau", "tau_mem", "r"}) {
    const auto it = n.data.find(key);
    if (it != n.data.end()) return std::max<size_t>(1, product(it->second.shape));
  }
  throw NirError(file + ": node " + n.name + " (" + n.type + ") has no " + (is_readout(n.kind) ? "tau" : "v_threshold"));
}

Node read_node(const h5::Group& g, const std::string& name, const std::string& file) {
  Node n;
  n.name = name;
  n.type = g.string("type");
  const auto it = kinds().find(n.type);
  if (it == kinds().end()) {
    std::string supported;
    for (const auto& [k, v] : kinds()) supported += (supported.empty() ? "" : ", ") + k;
    const std::string why = refusal(n.type);
    throw NirError(file + ": node " + name + " is a " + n.type + ", which synfire cannot represent (" +
                   (why.empty() ? "it maps " + supported : why) + ")");
  }
  n.kind = it->second;
  if (g.is_group("metadata")) {
    const h5::Group meta = g.group("metadata");
    for (const std::string& key : meta.children()) {
      if (key.find("reset") == std::string::npos || meta.is_group(key)) continue;
      try {
        const std::string v = meta.string(key);
        if (v.find("subtract") != std::string::npos) n.reset_meta = key + " = " + v;
      } catch (const NirError&) {
        // Not a string: not a reset mode.
      }
    }
  }
  for (const std::string& key : g.children()) {
    if (key == "type" || g.is_group(key)) continue;
    try {
      n.data[key] = g.array(key);
    } catch (const NirError&) {
      // Not numeric (a name or a string attribute): not a parameter synfire uses.
    }
  }
  auto need = [&](const char* key) -> const h5::Array& {
    const auto d = n.data.find(key);
    if (d == n.data.end()) throw NirError(file + ": node " + name + " (" + n.type + ") has no " + key);
    return d->second;
  };
  switch (n.kind) {
    case Kind::kInput:
    case Kind::kOutput: {
      // nir.write stores `shape` (older files) or `input_type` / `output_type` groups.
      size_t width = 1;
      if (n.data.count("shape")) {
        for (double s : n.data.at("shape").values) width *= static_cast<size_t>(s);
      } else {
        const char* key = n.kind == Kind::kInput ? "input_type" : "output_type";
        if (!g.is_group(key)) throw NirError(file + ": node " + name + " (" + n.type + ") has no shape");
        const h5::Group t = g.group(key);
        const std::vector<std::string> c = t.children();
        if (c.empty()) throw NirError(file + ": node " + name + " (" + n.type + ") has no shape");
        for (double s : t.array(c.front()).values) width *= static_cast<size_t>(s);
      }
      n.size = width;
      break;
    }
    case Kind::kLinear:
    case Kind::kAffine: {
      const h5::Array& w = need("weight");
      if (w.shape.size() != 2) {
        throw NirError(file + ": node " + name + " (" + n.type + "): weight has " + std::to_string(w.shape.size()) +
                       " dimensions; synfire maps only 2-D weights (out, in)");
      }
      n.weight = {w.shape[0], w.shape[1], w.values};
      if (n.kind == Kind::kAffine) {
        n.bias = need("bias").values;
        if (n.bias.size() == 1) n.bias.assign(n.weight.rows, n.bias[0]);
        if (n.bias.size() != n.weight.rows) {
          throw NirError(file + ": node " + name + " (Affine): bias has " + std::to_string(n.bias.size()) +
                         " values for " + std::to_string(n.weight.rows) + " outputs");
        }
      }
      break;
    }
    case Kind::kScale: {
      const h5::Array& s = need("scale");
      n.weight = {s.values.size(), s.values.size(), std::vector<double>(s.values.size() * s.values.size(), 0.0)};
      for (size_t k = 0; k < s.values.size(); ++k) n.weight.at(k, k) = s.values[k];
      break;
    }
    case Kind::kDelay:
      n.size = need("delay").values.size();  // seconds per element; splice_delays maps them
      break;
    default:
      n.size = neuron_count(n, file);
  }
  return n;
}

using Edges = std::vector<std::pair<std::string, std::string>>;

// snnTorch's RSynaptic export names its neuron `lif` in the nested graph's
// edges but stores it under the layer's name (the NIR paper's
// *_subgraph.nir: node lif1.lif1, edges lif1.lif): an edge end that names no
// member is the graph's only neuron node when no edge names that node.
void repair_edge_names(const std::vector<std::string>& members, const std::vector<Node>& nodes,
                       const std::string& prefix, Edges& edges, std::vector<std::string>& notes) {
  auto member = [&](const std::string& n) { return std::find(members.begin(), members.end(), n) != members.end(); };
  std::vector<std::string> neurons;
  for (const Node& n : nodes) {
    if (is_neuron(n.kind) && n.name.rfind(prefix, 0) == 0 && n.name.find('.', prefix.size()) == std::string::npos) {
      neurons.push_back(n.name.substr(prefix.size()));
    }
  }
  std::string missing;
  bool named = false;
  for (const auto& [a, b] : edges) {
    for (const std::string& end : {a, b}) {
      if (!member(end)) missing = end;
      if (neurons.size() == 1 && end == neurons[0]) named = true;
    }
  }
  if (missing.empty() || neurons.size() != 1 || named) return;
  for (auto& [a, b] : edges) {
    if (a == missing) a = neurons[0];
    if (b == missing) b = neurons[0];
  }
  notes.push_back("the nested graph " + prefix.substr(0, prefix.size() - 1) + "'s edges name a node " + missing +
                  " it does not have: read as its only neuron node, " + prefix + neurons[0]);
}

// Reads a graph's nodes and edges, nested graphs flattened: node `lif` of a
// nested graph `g` becomes `g.lif`; an edge to `g` goes to its Input, an edge
// from `g` leaves from its Output (the only one of each it must have); those
// two are marked to be spliced out.
void read_graph(const h5::Group& graph, const std::string& prefix, const std::string& file, std::vector<Node>& nodes,
                Edges& edges, std::vector<std::string>& notes, int depth) {
  if (depth > 8) throw NirError(file + ": graphs nested more than 8 deep");
  std::map<std::string, std::pair<std::string, std::string>> ends;  // nested graph -> (its Input, its Output)
  const h5::Group members = graph.group("nodes");
  for (const std::string& name : members.children()) {
    const h5::Group g = members.group(name);
    if (g.has("type") && g.string("type") == "NIRGraph") {
      const size_t first = nodes.size();
      read_graph(g, prefix + name + ".", file, nodes, edges, notes, depth + 1);
      std::vector<std::string> ins, outs;
      for (size_t k = first; k < nodes.size(); ++k) {
        if (nodes[k].name.rfind(prefix + name + ".", 0) != 0) continue;
        const std::string rest = nodes[k].name.substr(prefix.size() + name.size() + 1);
        if (rest.find('.') != std::string::npos) continue;  // deeper: already spliced
        if (nodes[k].kind == Kind::kInput) ins.push_back(nodes[k].name);
        if (nodes[k].kind == Kind::kOutput) outs.push_back(nodes[k].name);
      }
      if (ins.size() != 1 || outs.size() != 1) {
        throw NirError(file + ": nested graph " + prefix + name + " has " + std::to_string(ins.size()) + " Input and " +
                       std::to_string(outs.size()) + " Output nodes; synfire flattens only graphs with one of each");
      }
      for (size_t k = first; k < nodes.size(); ++k) {
        if (nodes[k].name == ins[0] || nodes[k].name == outs[0]) nodes[k].passthrough = true;
      }
      ends[name] = {ins[0], outs[0]};
      continue;
    }
    nodes.push_back(read_node(g, prefix + name, file));
  }
  Edges own = graph.string_pairs("edges");
  if (depth > 0) repair_edge_names(members.children(), nodes, prefix, own, notes);
  for (const auto& [a, b] : own) {
    const auto ea = ends.find(a);
    const auto eb = ends.find(b);
    edges.emplace_back(ea != ends.end() ? ea->second.second : prefix + a, eb != ends.end() ? eb->second.first : prefix + b);
  }
}

Matrix identity(size_t n) {
  Matrix m{n, n, std::vector<double>(n * n, 0.0)};
  for (size_t k = 0; k < n; ++k) m.at(k, k) = 1.0;
  return m;
}

Matrix multiply(const Matrix& w, const Matrix& m) {
  Matrix out{w.rows, m.cols, std::vector<double>(w.rows * m.cols, 0.0)};
  for (size_t r = 0; r < w.rows; ++r) {
    for (size_t k = 0; k < w.cols; ++k) {
      const double x = w.at(r, k);
      if (x == 0.0) continue;
      for (size_t c = 0; c < m.cols; ++c) out.at(r, c) += x * m.at(k, c);
    }
  }
  return out;
}

// A value > x on the integer grid: v > x <=> v >= floor(x) + 1 (x within
// 1e-9 of an integer n counts as n, so that exported thresholds come back).
int32_t above(double x, const std::string& what) {
  const double r = std::round(x);
  const double f = std::abs(x - r) < 1e-9 ? r : std::floor(x);
  return units::potential_from_value(f + 1.0, 1.0, what);
}

struct Meta {
  bool present = false;
  double dt = 0, lsb = 0;
  int exp_rec = -1, exp_in = -1, bits = 0;
  std::string tool;   // a training tool a string entry of the graph's metadata names, if any
  std::string entry;  // that entry, as "key = value"
};

// The tools whose conventions synfire knows, as their names appear in text.
const std::pair<const char*, Convention> kToolNames[] = {
    {"snntorch", Convention::kEuler}, {"norse", Convention::kNorse},       {"spyx", Convention::kSpyx},
    {"rockpool", Convention::kRockpool}, {"sinabs", Convention::kSinabs}};

Meta read_meta(const h5::Group& graph) {
  Meta m;
  if (!graph.is_group("metadata")) return m;
  const h5::Group g = graph.group("metadata");
  auto scalar = [&](const char* key, double fallback) {
    if (!g.has(key)) return fallback;
    const h5::Array a = g.array(key);
    return a.values.size() == 1 ? a.values[0] : fallback;
  };
  m.dt = scalar(kMetaDt, 0);
  m.lsb = scalar(kMetaLsb, 0);
  m.exp_rec = static_cast<int>(scalar(kMetaExpRec, -1));
  m.exp_in = static_cast<int>(scalar(kMetaExpIn, -1));
  m.bits = static_cast<int>(scalar(kMetaBits, 0));
  m.present = m.lsb > 0;
  // NIR has no standard entry for the exporter; any string entry naming one counts.
  for (const std::string& key : g.children()) {
    if (g.is_group(key) || !m.tool.empty()) continue;
    std::string v;
    try {
      v = g.string(key);
    } catch (const NirError&) {
      continue;  // a number: not a name
    }
    std::string lower = v;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& [name, c] : kToolNames) {
      if (lower.find(name) == std::string::npos) continue;
      m.tool = name;
      m.entry = key + " = " + v;
      break;
    }
  }
  return m;
}

// snnTorch writes r = tau_mem / dt and w_in = tau_syn / dt (export_nir.py,
// its fixed dt = 1e-4): the dt every neuron node agrees on, or 0. Both must
// agree in at least one CubaLIF (a LIF's r = tau / dt alone is not enough:
// Rockpool writes r = tau / dt * exp(-dt / tau)), and r, w_in > 1 (Norse's r = 1).
double snntorch_dt(const std::vector<Node>& nodes, const std::string& file) {
  double dt = 0;
  bool cuba = false;
  auto agree = [&](double tau, double gain) {
    if (!(gain > 1) || !(tau > 0) || !std::isfinite(tau / gain)) return false;
    const double x = tau / gain;
    if (dt == 0) dt = x;
    return std::abs(x - dt) <= 1e-5 * dt;
  };
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind) || !is_leaky(n.kind)) continue;
    const char* tau_key = has_current(n.kind) ? "tau_mem" : "tau";
    if (!n.data.count(tau_key) || !n.data.count("r")) return 0;
    const std::vector<double> tau = param(n, tau_key, file, 0, true), r = param(n, "r", file, 1, true);
    for (size_t k = 0; k < n.size; ++k) {
      if (!agree(tau[k], r[k])) return 0;
    }
    if (has_current(n.kind)) {
      if (!n.data.count("w_in")) return 0;
      const std::vector<double> ts = param(n, "tau_syn", file, 0, true), w = param(n, "w_in", file, 1, true);
      for (size_t k = 0; k < n.size; ++k) {
        if (!agree(ts[k], w[k])) return 0;
      }
      cuba = true;
    }
  }
  return cuba ? dt : 0;
}

// Euler's decay round(4096 * dt / tau); throws for tau < dt (Euler unstable).
int32_t euler_decay(double tau, double dt, const std::string& what) {
  if (!(tau > 0)) throw std::invalid_argument(what + " = " + num(tau) + " is not positive");
  if (std::isinf(tau)) return 0;
  const double d = std::round(fx::kDecayOne * dt / tau);
  if (d > fx::kDecayOne) {
    throw std::invalid_argument(what + " = " + num(tau) + " is shorter than dt = " + num(dt) +
                                " (forward Euler would overshoot); check --dt");
  }
  return static_cast<int32_t>(std::min<double>(d, fx::kDecayMax));
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Largest |weight| of each sign of a projection, potential units of the target.
struct Reach {
  double pos = 0, neg = 0;
  size_t synapses = 0;
  void add(double x) {
    if (x > 0) pos = std::max(pos, x);
    if (x < 0) neg = std::max(neg, -x);
    if (x != 0) ++synapses;
  }
  void add(const Reach& o) {
    pos = std::max(pos, o.pos);
    neg = std::max(neg, o.neg);
    synapses += o.synapses;
  }
  // The smallest lsb at which every weight fits at exponent e.
  double lsb_for(int e, int wmin, int wmax) const {
    return std::max(pos / wmax, neg / -static_cast<double>(wmin)) / std::ldexp(1.0, e);
  }
  double largest() const { return std::max(pos, neg); }
};

constexpr double kThresholdStepsMin = 100;    // a threshold rounded by more than 1 / 100 of itself is refused
constexpr double kRestShiftMax = 0.01;        // a bias moving the rest by more (of the threshold) is refused
constexpr double kPotentialHeadroom = 1 << 21;  // potentials at most this many steps: v has 4x room

// A graph's nodes (nested graphs flattened, their Input and Output spliced
// out), in the file's (name) order with neurons and axons numbered in that
// order, and its edges by source.
struct Graph {
  std::vector<Node> nodes;
  std::map<std::string, size_t> index;
  std::map<std::string, std::vector<std::string>> out_edges;
  size_t neurons = 0, axons = 0;
  std::vector<std::string> notes;  // edges repaired
};

Graph load_graph(const h5::Group& graph, const std::string& file) {
  std::vector<Node> all;
  Edges raw_edges;
  std::vector<std::string> notes;
  read_graph(graph, "", file, all, raw_edges, notes, 0);
  // Splice out the Input and Output nodes of nested graphs: a -> io -> b is a -> b.
  for (const Node& p : all) {
    if (!p.passthrough) continue;
    Edges kept, in, out;
    for (const auto& e : raw_edges) {
      if (e.second == p.name) in.push_back(e);
      else if (e.first == p.name) out.push_back(e);
      else kept.push_back(e);
    }
    for (const auto& a : in) {
      for (const auto& b : out) kept.emplace_back(a.first, b.second);
    }
    raw_edges = std::move(kept);
  }
  Graph out;
  out.notes = std::move(notes);
  std::vector<Node>& nodes = out.nodes;
  for (Node& n : all) {
    if (!n.passthrough) nodes.push_back(std::move(n));
  }
  for (size_t k = 0; k < nodes.size(); ++k) out.index[nodes[k].name] = k;
  size_t& neurons = out.neurons;
  size_t& axons = out.axons;
  for (Node& n : nodes) {
    if (is_neuron(n.kind)) {
      n.offset = neurons;
      neurons += n.size;
    } else if (n.kind == Kind::kInput) {
      n.offset = axons;
      axons += n.size;
    }
  }
  if (neurons == 0) throw NirError(file + ": the graph has no CubaLIF, LIF, IF, LI or CubaLI node (no neurons to map)");
  if (neurons > static_cast<size_t>(kMaxNeurons)) {
    throw NirError(file + ": " + std::to_string(neurons) + " neurons, more than synfire's 4096");
  }
  if (axons > static_cast<size_t>(kMaxInputs)) {
    throw NirError(file + ": " + std::to_string(axons) + " inputs, more than synfire's 4096");
  }

  for (const auto& [a, b] : raw_edges) {
    for (const std::string& end : {a, b}) {
      if (!out.index.count(end)) throw NirError(file + ": edge " + a + " -> " + b + " names no node " + end);
    }
    out.out_edges[a].push_back(b);
  }
  return out;

}

// Axonal delays per presynaptic neuron or input axon (docs/nir.md, "Delay"):
// takes every Delay node out of the graph, an edge src -> Delay -> x becoming
// src -> x, and returns each source element's delay in steps of dt. A Delay
// fits when it follows an Input or a neuron node of its width directly, every
// value is a whole number of steps in [0, 15], and every path out of that
// source passes through a Delay with the same values; the rest is refused
// with one line naming the node.
struct Delays {
  std::vector<uint8_t> rec, in;  // per neuron, per axon
};

Delays splice_delays(Graph& g, double dt, const std::string& file, std::vector<std::string>& notes) {
  Delays out{std::vector<uint8_t>(g.neurons, 0), std::vector<uint8_t>(g.axons, 0)};
  std::map<std::string, std::vector<uint8_t>> of_source;  // source node -> its elements' steps
  for (const Node& d : g.nodes) {
    if (d.kind != Kind::kDelay) continue;
    const std::string who = file + ": node " + d.name + " (Delay)";
    std::vector<std::string> sources;
    for (const auto& [a, targets] : g.out_edges) {
      for (const std::string& b : targets) {
        if (b == d.name) sources.push_back(a);
      }
    }
    if (sources.size() != 1) {
      throw NirError(who + " has " + std::to_string(sources.size()) +
                     " inputs; synfire maps a Delay that directly follows one Input or neuron node");
    }
    const Node& src = g.nodes[g.index.at(sources[0])];
    if (src.kind != Kind::kInput && !is_neuron(src.kind)) {
      throw NirError(who + " follows " + src.name + " (" + src.type + "); synfire's delays belong to a presynaptic "
                     "neuron or input axon, so a Delay must directly follow an Input or neuron node");
    }
    if (d.size != src.size) {
      throw NirError(who + " has " + std::to_string(d.size) + " delays for the " + std::to_string(src.size) +
                     " outputs of " + src.name);
    }
    std::vector<uint8_t> steps(d.size);
    for (size_t k = 0; k < d.size; ++k) {
      const double x = d.data.at("delay").values[k] / dt;
      const double r = std::round(x);
      if (!(std::abs(x - r) <= 1e-6 * std::max(1.0, std::abs(x))) || r < 0 || r > fx::kDelayMax) {
        throw NirError(who + ": delay[" + std::to_string(k) + "] = " + num(d.data.at("delay").values[k]) + " is " +
                       num(x) + " steps of dt = " + num(dt) + "; synfire's delays are whole steps in [0, 15]");
      }
      steps[k] = static_cast<uint8_t>(r);
    }
    const auto [it, fresh] = of_source.try_emplace(src.name, steps);
    if (!fresh && it->second != steps) {
      throw NirError(who + ": " + src.name + " has Delay nodes with different values; synfire has one delay per "
                     "presynaptic neuron or input axon");
    }
    std::vector<uint8_t>& dst = src.kind == Kind::kInput ? out.in : out.rec;
    std::copy(steps.begin(), steps.end(), dst.begin() + static_cast<std::ptrdiff_t>(src.offset));
    notes.push_back("delays of " + src.name + " from " + d.name + ": " +
                    std::to_string(*std::min_element(steps.begin(), steps.end())) + ".." +
                    std::to_string(*std::max_element(steps.begin(), steps.end())) + " steps");
  }
  // Rewire: src -> Delay -> x becomes src -> x; a source with a Delay may not
  // also reach a target without one (that target would get the delay too).
  for (const auto& [name, steps] : of_source) {
    std::vector<std::string> rewired;
    for (const std::string& b : g.out_edges[name]) {
      const Node& next = g.nodes[g.index.at(b)];
      if (next.kind != Kind::kDelay) {
        if (next.kind == Kind::kOutput) {
          rewired.push_back(b);  // an Output reads the source's own spikes, undelayed
          continue;
        }
        throw NirError(file + ": node " + name + " reaches " + b + " both through a Delay and without one; synfire "
                       "has one delay per presynaptic neuron or input axon");
      }
      for (const std::string& c : g.out_edges[b]) rewired.push_back(c);
    }
    g.out_edges[name] = std::move(rewired);
  }
  for (const Node& d : g.nodes) {
    if (d.kind == Kind::kDelay) g.out_edges.erase(d.name);
  }
  return out;
}

// Refuses a reset synfire's core does not have (it sets v = v_reset).
void check_reset(const std::vector<Node>& nodes, Reset reset, const std::string& file) {
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind) || is_readout(n.kind)) continue;
    if (reset == Reset::kSubtract) {
      throw NirError(file + ": node " + n.name + " (" + n.type + "): synfire resets v to v_reset after a spike; "
                     "its core has no reset by subtraction (--reset subtract) yet");
    }
    if (reset == Reset::kAuto && !n.reset_meta.empty()) {
      throw NirError(file + ": node " + n.name + " (" + n.type + "): its metadata says " + n.reset_meta +
                     ", which synfire's core does not have (it resets v to v_reset); --reset value imports it so");
    }
  }
}

// The dt every leaky neuron (LIF, CubaLIF, LI, CubaLI) agrees on, where
// `candidate` gives a neuron's dt from its tau (a CubaLIF's tau_mem), r and
// w_in (NaN where the neuron does not fit the exporter's signature), or 0.
double common_dt(const std::vector<Node>& nodes, const std::string& file,
                 const std::function<double(double tau, double r, double w_in)>& candidate) {
  double dt = 0;
  bool any = false;
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind) || !is_leaky(n.kind)) continue;
    const char* tau_key = has_current(n.kind) ? "tau_mem" : "tau";
    if (!n.data.count(tau_key)) return 0;
    const std::vector<double> tau = param(n, tau_key, file, 0, true), r = param(n, "r", file, 1.0, false),
                              w = param(n, "w_in", file, 1.0, false);
    for (size_t k = 0; k < n.size; ++k) {
      const double x = candidate(tau[k], r[k], w[k]);
      if (!(x > 0) || !std::isfinite(x)) return 0;
      if (dt == 0) dt = x;
      if (std::abs(x - dt) > 1e-4 * dt) return 0;  // files store float32
      any = true;
    }
  }
  return any ? dt : 0;
}

// x > 0 with exp(-x) / x = r (decreasing in x): Rockpool's r = tau / dt exp(-dt / tau) gives dt / tau.
double rockpool_ratio(double r) {
  if (!(r > 0) || !std::isfinite(r)) return std::nan("");
  double lo = 1e-12, hi = 60;
  for (int i = 0; i < 200; ++i) {
    const double mid = std::sqrt(lo * hi);
    (std::exp(-mid) / mid > r ? lo : hi) = mid;
  }
  return std::sqrt(lo * hi);
}

bool near(double x, double y) { return std::abs(x - y) <= 1e-6 * std::max(1.0, std::abs(y)); }

// What the file's neuron parameters say of its exporter (docs/nir.md
// "Conventions"): the convention, its dt (0: none in the parameters) and why.
struct Signature {
  Convention convention = Convention::kEuler;
  double dt = 0;
  std::string reason;
};

Signature exporter_signature(const std::vector<Node>& nodes, const std::string& file) {
  bool cuba = false, leaky = false, ones = true, w_ones = true;
  double tau_min = std::numeric_limits<double>::infinity();
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind)) continue;
    cuba = cuba || has_current(n.kind);
    leaky = leaky || is_leaky(n.kind);
    for (double x : param(n, "r", file, 1.0, false)) ones = ones && near(x, 1.0);
    for (double x : param(n, "w_in", file, 1.0, false)) w_ones = w_ones && near(x, 1.0);
    for (const char* key : {"tau", "tau_mem", "tau_syn"}) {
      if (n.data.count(key)) {
        for (double x : param(n, key, file, 0, true)) tau_min = std::min(tau_min, x);
      }
    }
  }
  Signature s;
  if (const double dt = snntorch_dt(nodes, file); dt > 0) {
    return {Convention::kEuler, dt, "snnTorch's signature r = tau_mem / dt, w_in = tau_syn / dt"};
  }
  const double lif_dt = common_dt(nodes, file, [](double tau, double r, double) { return r > 1 ? tau / r : std::nan(""); });
  if (!cuba && lif_dt > 0 && near(lif_dt, 1e-4)) {
    return {Convention::kEuler, lif_dt, "snnTorch's signature r = tau / dt with its export step dt = 1e-4"};
  }
  if (ones && w_ones) {
    if (cuba) return {Convention::kNorse, 0, "r = w_in = 1 in every CubaLIF: Norse's export; a spike adds w to I, which moves v a step later"};
    if (leaky && tau_min >= 1) {
      return {Convention::kSinabs, 1, "r = 1 and every tau >= 1, a time in steps: Sinabs' export (dt = 1 step)"};
    }
    if (!leaky) return {Convention::kSinabs, 1, "IF neurons with r = 1: Sinabs' or Spyx's IAF, v += w (dt = 1 step)"};
    return {Convention::kEuler, 0, "r = 1 in every LIF: Norse's LIFBox, forward Euler"};
  }
  if (w_ones) {
    const double spyx = common_dt(nodes, file, [](double tau, double r, double) { return r > 0 && r < 1 ? tau * (1 - r) : std::nan(""); });
    if (spyx > 0) return {Convention::kSpyx, spyx, "Spyx's signature r = beta = 1 - dt / tau"};
    const double rock = common_dt(nodes, file, [](double tau, double r, double) { return tau * rockpool_ratio(r); });
    if (rock > 0) return {Convention::kRockpool, rock, "Rockpool's signature r = tau / dt exp(-dt / tau)"};
  }
  return {Convention::kEuler, 0, "no exporter's signature: the training tools' discrete steps, a spike is 1 for one step"};
}

// The convention and dt (docs/nir.md "Conventions"), with the reasons, into rep.
void choose_convention(const std::vector<Node>& nodes, const Meta& meta, const ImportOptions& options,
                       const std::string& file, Report& rep) {
  const Signature sig = exporter_signature(nodes, file);
  rep.convention = options.convention;
  if (rep.convention == Convention::kAuto) {
    if (meta.present) {
      rep.convention = Convention::kDirac;
      rep.convention_reason = "the file's synfire metadata: written by synfire nir export";
    } else if (!meta.tool.empty()) {
      for (const auto& [name, c] : kToolNames) {
        if (meta.tool == name) rep.convention = c;
      }
      rep.convention_reason = "the graph's metadata names " + meta.tool + " (" + meta.entry + ")";
    } else {
      rep.convention = sig.convention;
      rep.convention_reason = sig.reason;
    }
  } else {
    rep.convention_reason = "--convention";
  }
  const Convention c = rep.convention;
  // Where an input spike of NIR step s moves v: the same step, or (dirac, norse) the next.
  rep.input_delay = c == Convention::kDirac || c == Convention::kNorse ? 1 : 0;
  // The signature's dt counts only for the convention it belongs to.
  const double sig_dt = sig.convention == c ? sig.dt : 0;
  double dt = 0;
  if (options.dt > 0) {
    dt = options.dt;
    rep.dt_reason = "--dt";
  } else if (meta.dt > 0) {
    dt = meta.dt;
    rep.dt_reason = "the file's synfire metadata";
  } else if (sig_dt > 0) {
    dt = sig_dt;
    rep.dt_reason = sig.reason;
  } else if (c == Convention::kEuler || c == Convention::kNorse) {
    dt = 1e-4;
    rep.dt_reason = "default for files without synfire metadata: snnTorch's export step and the NIR paper's";
  } else if (c == Convention::kSpyx || c == Convention::kSinabs) {
    dt = 1;
    rep.dt_reason = "default: Spyx and Sinabs count time in steps";
  } else {
    dt = 1e-3;
    rep.dt_reason = "default";
  }
  rep.dt = dt;
  if (sig_dt > 0 && std::abs(sig_dt - dt) > 1e-4 * dt) {
    rep.notes.push_back("the file's parameters say it was exported at dt = " + num(sig_dt) + ", not " + num(dt));
  }
  if (c == Convention::kEuler && sig.convention == c && sig.dt > 0) {
    rep.notes.push_back("snnTorch resets by subtraction unless trained with reset_mechanism=\"zero\", and the file does "
                        "not say which: synfire resets to v_reset (--reset subtract is refused)");
  }
  if (c == Convention::kSpyx) {
    rep.notes.push_back("Spyx resets by subtraction (v -= threshold), synfire to v_reset; Spyx's Haiku versions test v "
                        "before the step's update, so their spike of step s + 1 is synfire's of step s (its NNX versions "
                        "test v after it, as synfire)");
  }
  if (c == Convention::kRockpool || c == Convention::kSinabs) {
    rep.notes.push_back(std::string(c == Convention::kRockpool ? "Rockpool resets" : "Sinabs resets by default") +
                        " by subtraction (v -= threshold), synfire to v_reset: spike times agree while v crosses the "
                        "threshold by little (a reset by subtraction is not in synfire's core: --reset subtract is refused)");
  }
}

std::string text_report(const Report& r) {
  std::ostringstream o;
  o << "convention: " << convention_name(r.convention) << " (" << r.convention_reason << ")\n";
  o << "dt = " << num(r.dt) << " (" << r.dt_reason << "); input spikes of NIR step s enter synfire at step s"
    << (r.input_delay ? " + 1" : "") << "; a neuron's spike reaches its targets in the next step\n";
  o << "lsb: " << r.lsb_reason << "; weight exponents: input " << r.weight_exp_in << ", recurrent " << r.weight_exp_rec << "\n";
  for (const NodeReport& n : r.nodes) {
    if (n.type == "Input") {
      o << "inputs " << n.first << ".." << n.first + n.count - 1 << ": " << n.name << "\n";
      continue;
    }
    o << "neurons " << n.first << ".." << n.first + n.count - 1 << ": " << n.name << " (" << n.type
      << (n.readout ? ", a readout: never fires, read v through probes" : "") << "), lsb "
      << (n.lsb_min < n.lsb ? num(n.lsb_min) + ".." : "") << num(n.lsb);
    if (!n.readout) {
      o << ", threshold " << num(n.threshold) << " >= " << n.threshold_steps << " steps (error <= "
        << percent(n.threshold_error) << ")";
    }
    o << ", bias up to " << num(n.bias_largest) << "/step (" << n.biases_zeroed << " rounded to 0, rest moved <= "
      << percent(n.rest_shift) << " of threshold)";
    if (n.tau_syn > 0) o << ", tau_syn " << num(n.tau_syn) << " (" << percent(n.tau_syn_error) << ")";
    if (n.tau_mem > 0) o << ", tau_mem " << num(n.tau_mem) << " (" << percent(n.tau_mem_error) << ")";
    if (n.readout) {
      o << ", decay truncation <= " << num(n.truncation) << " lsb";
    } else {
      o << ", decay truncation <= " << percent(n.truncation) << " of threshold";
    }
    o << ", v saturates at +-" << num(n.v_range) << "\n";
  }
  for (const ProjectionReport& p : r.projections) {
    o << "weights " << p.source << " -> " << p.target << " (" << p.block << ", exponent " << p.exponent << ", step <= "
      << num(p.step) << "): " << p.error.synapses << " synapses, error median " << percent(p.error.median) << ", 95th "
      << percent(p.error.p95) << ", max " << percent(p.error.max) << ", " << p.error.zeros << " rounded to 0\n";
  }
  for (const std::string& s : r.notes) o << s << "\n";
  return o.str();
}

}  // namespace

const char* convention_name(Convention c) {
  switch (c) {
    case Convention::kAuto: return "auto";
    case Convention::kDirac: return "dirac";
    case Convention::kEuler: return "euler";
    case Convention::kNorse: return "norse";
    case Convention::kSpyx: return "spyx";
    case Convention::kRockpool: return "rockpool";
    case Convention::kSinabs: return "sinabs";
  }
  return "?";
}

Convention convention_from_name(const std::string& name) {
  for (Convention c : {Convention::kAuto, Convention::kDirac, Convention::kEuler, Convention::kNorse, Convention::kSpyx,
                      Convention::kRockpool, Convention::kSinabs}) {
    if (name == convention_name(c)) return c;
  }
  throw NirError("unknown NIR convention " + name + " (auto, dirac, euler, norse, spyx, rockpool or sinabs)");
}

Imported import_file(const std::filesystem::path& path, const ImportOptions& options) {
  const std::string file = path.string();
  const h5::Group root = h5::open_file(path);
  if (!root.has("node")) throw NirError(file + ": no /node group (not a NIR file)");
  const h5::Group graph = root.group("node");
  const std::string top = graph.string("type");
  if (top != "NIRGraph") throw NirError(file + ": the top node is a " + top + ", not a NIRGraph");
  const Meta meta = read_meta(graph);
  Report rep;

  Graph g = load_graph(graph, file);
  rep.notes = g.notes;
  std::vector<Node>& nodes = g.nodes;
  std::map<std::string, size_t>& index = g.index;
  std::map<std::string, std::vector<std::string>>& out_edges = g.out_edges;
  const size_t neurons = g.neurons, axons = g.axons;
  check_reset(nodes, options.reset, file);
  choose_convention(nodes, meta, options, file, rep);
  const double dt = rep.dt;
  const Convention conv = rep.convention;
  // Decays 1 - dt / tau (forward Euler) or exp(-dt / tau) (the others).
  const bool euler = conv == Convention::kEuler || conv == Convention::kNorse || conv == Convention::kSpyx;
  const bool dirac = conv == Convention::kDirac;
  const Delays delays = splice_delays(g, dt, file, rep.notes);

  // Every path source -> linear nodes -> neuron node, multiplied out, per
  // (source, target) projection, in NIR units (post, pre).
  std::map<std::pair<size_t, size_t>, Matrix> proj;
  std::vector<double> drive(neurons, 0.0);  // constant input from Affine biases, per neuron
  std::function<void(size_t, const Node&, const Matrix&, const std::vector<double>&, int)> walk =
      [&](size_t src, const Node& at, const Matrix& m, const std::vector<double>& b, int depth) {
        if (depth > 64) throw NirError(file + ": a cycle of linear nodes through " + at.name);
        for (const std::string& next_name : out_edges[at.name]) {
          const Node& next = nodes[index[next_name]];
          if (is_linear(next.kind)) {
            if (next.weight.cols != m.rows) {
              throw NirError(file + ": edge " + at.name + " -> " + next.name + ": " + next.name + " takes " +
                             std::to_string(next.weight.cols) + " inputs but gets " + std::to_string(m.rows));
            }
            const Matrix m2 = multiply(next.weight, m);
            std::vector<double> b2(next.weight.rows, 0.0);
            for (size_t r = 0; r < next.weight.rows; ++r) {
              for (size_t k = 0; k < next.weight.cols; ++k) b2[r] += next.weight.at(r, k) * b[k];
              if (!next.bias.empty()) b2[r] += next.bias[r];
            }
            walk(src, next, m2, b2, depth + 1);
          } else if (is_neuron(next.kind)) {
            if (m.rows != next.size) {
              throw NirError(file + ": edge " + at.name + " -> " + next.name + ": " + next.name + " has " +
                             std::to_string(next.size) + " neurons but gets " + std::to_string(m.rows) + " inputs");
            }
            const size_t dst = index[next_name];
            auto [it, fresh] = proj.try_emplace({src, dst}, Matrix{m.rows, m.cols, std::vector<double>(m.a.size(), 0.0)});
            for (size_t k = 0; k < m.a.size(); ++k) it->second.a[k] += m.a[k];
            for (size_t r = 0; r < m.rows; ++r) drive[next.offset + r] += b[r];
          } else if (next.kind == Kind::kOutput) {
            if (!is_neuron(at.kind)) {
              rep.notes.push_back("output " + next.name + " reads " + at.name + " (" + at.type + ") of " + nodes[src].name +
                                  ": synfire gives " + nodes[src].name +
                                  (nodes[src].kind == Kind::kInput ? "'s input spikes" : "'s spikes") +
                                  (at.kind == Kind::kInput ? "" : "; apply " + at.name + " to them on the host"));
            }
          } else {
            throw NirError(file + ": edge " + at.name + " -> " + next.name + ": an " + next.type +
                           " node cannot take input here");
          }
        }
      };
  for (size_t k = 0; k < nodes.size(); ++k) {
    const Node& n = nodes[k];
    if (n.kind == Kind::kInput || is_neuron(n.kind)) walk(k, n, identity(n.size), std::vector<double>(n.size, 0.0), 0);
  }

  // Neurons: decays, the v jump per unit of NIR weight, the bias per step and
  // the potentials, in the file's potential units (lsb comes later).
  Network net = Network::empty(static_cast<int>(neurons), static_cast<int>(axons));
  net.weight_bits = options.weight_bits;
  net.delay_rec = delays.rec;
  net.delay_in = delays.in;
  std::vector<double> jump_per_weight(neurons, 0.0), bias_v(neurons, 0.0), thr_v(neurons, 0.0), reset_v(neurons, 0.0);
  std::vector<double> p_v_of(neurons, 0.0), p_u_of(neurons, 1.0);
  std::vector<double> potential(neurons, 0.0);  // per neuron: the largest |potential|
  std::vector<NodeReport> node_rep(nodes.size());
  for (size_t ni = 0; ni < nodes.size(); ++ni) {
    const Node& n = nodes[ni];
    if (!is_neuron(n.kind)) continue;
    NodeReport& nr = node_rep[ni];
    nr.name = n.name;
    nr.type = n.type;
    nr.readout = is_readout(n.kind);
    nr.first = static_cast<int>(n.offset);
    nr.count = static_cast<int>(n.size);
    const std::vector<double> thr = nr.readout ? std::vector<double>(n.size, 0.0) : param(n, "v_threshold", file, 0, true);
    const std::vector<double> reset = param(n, "v_reset", file, 0.0, false);
    const std::vector<double> r = param(n, "r", file, 1.0, is_leaky(n.kind));
    std::vector<double> tau_mem(n.size, units::kInfinity), tau_syn, v_leak(n.size, 0.0), w_gain(n.size, 1.0);
    if (has_current(n.kind)) {
      tau_mem = param(n, "tau_mem", file, 0, true);
      tau_syn = param(n, "tau_syn", file, 0, true);
      v_leak = param(n, "v_leak", file, 0, true);
      w_gain = param(n, "w_in", file, 1.0, false);
    } else if (is_leaky(n.kind)) {
      tau_mem = param(n, "tau", file, 0, true);
      v_leak = param(n, "v_leak", file, 0, true);
    }
    for (size_t k = 0; k < n.size; ++k) {
      const size_t j = n.offset + k;
      NeuronParams& p = net.params[j];
      const std::string who = "node " + n.name + " neuron " + std::to_string(k);
      try {
        const double tm = tau_mem[k];
        auto decay = [&](double tau, const char* what) { return euler ? euler_decay(tau, dt, what) : units::decay_from_tau(tau, dt); };
        auto tau_of = [&](int32_t d) { return euler ? dt * fx::kDecayOne / d : units::tau_from_decay(d, dt); };
        if (is_leaky(n.kind)) {
          p.decay_v = decay(tm, "tau_mem");
          nr.tau_mem_error = std::max(nr.tau_mem_error, std::abs(tau_of(p.decay_v) / tm - 1));
          if (k == 0) nr.tau_mem = tm;
        }
        const double p_v = static_cast<double>(p.decay_v) / fx::kDecayOne;
        p_v_of[j] = p_v;
        // jump: the u (and v) jump of a spike of unit NIR weight, in synfire's
        // u = (1 - p_u) u + jump w, v = (1 - p_v) v + u (docs/nir.md).
        double jump = 0, p_u = 1;
        if (has_current(n.kind)) {
          const double ts = tau_syn[k];
          p.decay_u = decay(ts, "tau_syn");
          nr.tau_syn_error = std::max(nr.tau_syn_error, std::abs(tau_of(p.decay_u) / ts - 1));
          if (k == 0) nr.tau_syn = ts;
          p_u = static_cast<double>(p.decay_u) / fx::kDecayOne;
          p_u_of[j] = p_u;
          switch (conv) {
            case Convention::kNorse: jump = p_v * r[k] * w_gain[k]; break;         // I += w_in w after v's update
            case Convention::kEuler: jump = p_v * r[k] * p_u * w_gain[k]; break;   // I += p_u w_in w, v += p_v r I
            case Convention::kSpyx: jump = 1; break;                               // I = alpha I + w, v = beta v + I
            case Convention::kRockpool: jump = 1 - p_u; break;                     // I = e^(-dt/tau_syn) (I + w)
            case Convention::kSinabs:
              throw NirError(file + ": node " + n.name + " (" + n.type + "): Sinabs exports no CubaLIF; "
                             "choose the file's convention with --convention");
            default: jump = r[k] * units::current_jump(w_gain[k] / ts, ts, tm, dt);  // dirac
          }
        } else {
          p.decay_u = fx::kDecayMax;  // delta synapses: u lasts one step
          if (!is_leaky(n.kind)) {
            // IF, I: dv/dt = r I. Spyx, Sinabs and Rockpool add r w to v.
            if (dirac) jump = units::voltage_jump(r[k], units::kInfinity, dt);
            else if (euler && conv != Convention::kSpyx) jump = dt * r[k];
            else jump = r[k];
          } else if (dirac) {
            jump = units::voltage_jump(r[k] / tm, tm, dt);
          } else if (conv == Convention::kSpyx) {
            jump = 1;  // v = beta v + w
          } else if (conv == Convention::kRockpool) {
            // LIFNeuronTorch: v = e^(-dt/tau) v + w; ExpSynTorch (LI): v = e^(-dt/tau) (v + w)
            jump = n.kind == Kind::kLi ? 1 - p_v : 1;
          } else {
            jump = p_v * r[k];  // Euler's dt / tau r w; Sinabs' (1 - e^(-dt/tau)) r w
          }
        }
        jump_per_weight[j] = jump;
        // A constant input b (an Affine's bias) per step: its steady state in
        // u is jump b / p_u (dirac: the continuous steady state r w_in b).
        double drive_v = 0;
        if (dirac) {
          drive_v = (is_leaky(n.kind) ? p_v : dt) * r[k] * w_gain[k] * drive[j];
        } else {
          drive_v = jump * drive[j] / p_u;
        }
        // The leak towards v_leak with the represented decay: v_inf = v_leak exactly.
        bias_v[j] = p_v * v_leak[k] + drive_v;
        thr_v[j] = thr[k];
        reset_v[j] = reset[k];
        double biggest = std::max({std::abs(thr[k]), std::abs(reset[k]), std::abs(v_leak[k])});
        if (p_v > 0) biggest = std::max(biggest, std::abs(bias_v[j] / p_v));  // the resting potential
        potential[j] = biggest;
      } catch (const std::invalid_argument& e) {
        throw NirError(file + ": " + who + ": " + e.what());
      }
    }
  }

  // Weights as v jumps (potential units of the target), per projection; the
  // reach of each block into each neuron.
  const int wmin = net.weight_min(), wmax = net.weight_max();
  std::map<std::pair<size_t, size_t>, std::vector<double>> jumps;  // (src, dst) -> (pre, post) row-major
  std::vector<Reach> reach[2] = {std::vector<Reach>(neurons), std::vector<Reach>(neurons)};  // input, recurrent
  bool block_used[2] = {false, false};
  for (const auto& [key, m] : proj) {
    const Node& src = nodes[key.first];
    const Node& dst = nodes[key.second];
    const int b = src.kind == Kind::kInput ? 0 : 1;
    std::vector<double> x(m.cols * m.rows);
    for (size_t pre = 0; pre < m.cols; ++pre) {
      for (size_t post = 0; post < m.rows; ++post) {
        x[pre * m.rows + post] = m.at(post, pre) * jump_per_weight[dst.offset + post];
        reach[b][dst.offset + post].add(x[pre * m.rows + post]);
        if (x[pre * m.rows + post] != 0) block_used[b] = true;
      }
    }
    jumps[key] = std::move(x);
  }
  std::vector<size_t> owner(neurons, 0);  // neuron -> its node
  for (size_t ni = 0; ni < nodes.size(); ++ni) {
    if (!is_neuron(nodes[ni].kind)) continue;
    for (size_t k = 0; k < nodes[ni].size; ++k) owner[nodes[ni].offset + k] = ni;
  }

  // lsb per neuron (every potential of a neuron, its u and v, and the weights
  // onto it share it; neurons do not share u or v) and the two exponents.
  std::vector<double> lsb_of(neurons, 0.0);
  int exp_of[2] = {0, 0};
  auto neuron_lsb = [&](size_t j, const int e[2]) {
    double lsb = potential[j] / kPotentialHeadroom;
    for (int b = 0; b < 2; ++b) {
      if (reach[b][j].synapses) lsb = std::max(lsb, reach[b][j].lsb_for(e[b], wmin, wmax));
    }
    return lsb > 0 ? lsb : 1.0;
  };
  const bool own_scale = meta.present && (options.dt <= 0 || options.dt == meta.dt) &&
                         (options.lsb <= 0 || options.lsb == meta.lsb) && dirac;
  if (options.lsb > 0 || own_scale) {
    const double lsb = options.lsb > 0 ? options.lsb : meta.lsb;
    rep.lsb_reason = options.lsb > 0 ? "--lsb " + num(lsb) + " for every neuron" : "the file's synfire metadata, " + num(lsb);
    std::fill(lsb_of.begin(), lsb_of.end(), lsb);
    for (int b = 0; b < 2; ++b) {
      int e = 0;
      for (size_t j = 0; j < neurons; ++j) {
        const Reach& re = reach[b][j];
        if (re.synapses == 0) continue;
        // The smallest exponent at which every weight onto j rounds into [wmin, wmax].
        int ek = 0;
        for (;; ++ek) {
          const double step = std::ldexp(lsb, ek);
          if (std::round(re.pos / step) <= wmax && -std::round(re.neg / step) >= wmin) break;
          if (ek > fx::kWeightExpMax) {
            ek = std::max(ek, static_cast<int>(std::ceil(std::log2(re.lsb_for(0, wmin, wmax) / lsb))));
            break;
          }
        }
        if (ek > fx::kWeightExpMax) {
          const double fit = re.lsb_for(fx::kWeightExpMax, wmin, wmax);
          throw NirError(file + ": node " + nodes[owner[j]].name + ": its largest " + (b ? "recurrent" : "input") +
                         " weight, " + num(re.largest()) + ", needs a weight exponent of " + std::to_string(ek) +
                         " at lsb " + num(lsb) + " (synfire's largest is 8): use --lsb " + num(fit) +
                         " or larger, or leave --lsb out");
        }
        e = std::max(e, ek);
      }
      exp_of[b] = e;
    }
    // An exported file's own exponents, when every weight fits at them.
    const int meta_exp[2] = {meta.exp_in, meta.exp_rec};
    if (own_scale) {
      for (int b = 0; b < 2; ++b) {
        if (meta_exp[b] < 0 || meta_exp[b] > fx::kWeightExpMax) continue;
        bool fits = true;
        for (const auto& [key, x] : jumps) {
          if ((nodes[key.first].kind == Kind::kInput ? 0 : 1) != b) continue;
          const double s = std::ldexp(lsb, meta_exp[b]);
          for (double v : x) {
            const double q = std::round(v / s);
            if (q < wmin || q > wmax) fits = false;
          }
        }
        if (fits) exp_of[b] = meta_exp[b];
      }
    }
  } else {
    // Automatic: every (input, recurrent) exponent pair; each neuron's lsb is
    // the finest at which the weights onto it fit and its potentials keep 4x
    // headroom. The pair with no threshold under 100 steps wins, then the one
    // whose weight steps are finest relative to the largest weight of each
    // block onto each neuron (the rounding error of a synapse is proportional
    // to the step), then the finer lsb.
    rep.lsb_reason = "automatic, per neuron: the finest at which the weights onto it fit";
    double best_score = 0;
    int best_bad = -1, best_sum = -1;
    for (int ein = 0; ein <= (block_used[0] ? fx::kWeightExpMax : 0); ++ein) {
      for (int erec = 0; erec <= (block_used[1] ? fx::kWeightExpMax : 0); ++erec) {
        const int e[2] = {ein, erec};
        double score = 0;
        int bad = 0;
        for (size_t j = 0; j < neurons; ++j) {
          const double lsb = neuron_lsb(j, e);
          for (int b = 0; b < 2; ++b) {
            const Reach& re = reach[b][j];
            if (re.synapses) score += static_cast<double>(re.synapses) * std::ldexp(lsb, e[b]) / re.largest();
          }
          const double t = std::abs(thr_v[j]);
          if (!is_readout(nodes[owner[j]].kind) && t > 0 && t / lsb < kThresholdStepsMin) ++bad;
        }
        const bool better = best_bad < 0 || bad < best_bad || (bad == best_bad && score < best_score * (1 - 1e-9)) ||
                            (bad == best_bad && score <= best_score * (1 + 1e-9) && ein + erec > best_sum);
        if (better) {
          best_bad = bad;
          best_score = score;
          best_sum = ein + erec;
          exp_of[0] = ein;
          exp_of[1] = erec;
        }
      }
    }
    for (size_t j = 0; j < neurons; ++j) lsb_of[j] = neuron_lsb(j, exp_of);
  }
  net.weight_exp_in = exp_of[0];
  net.weight_exp_rec = exp_of[1];
  rep.weight_exp_in = exp_of[0];
  rep.weight_exp_rec = exp_of[1];
  rep.lsb = lsb_of;

  // Potentials on each neuron's grid; refuse what would destroy a threshold or a bias.
  int rounded_thresholds = 0;
  for (size_t ni = 0; ni < nodes.size(); ++ni) {
    const Node& n = nodes[ni];
    if (!is_neuron(n.kind)) continue;
    NodeReport& nr = node_rep[ni];
    nr.threshold_steps = fx::kPotentialMax;
    nr.lsb = 0;
    nr.lsb_min = std::numeric_limits<double>::infinity();
    for (size_t k = 0; k < n.size; ++k) {
      const size_t j = n.offset + k;
      const double lsb = lsb_of[j];
      nr.lsb = std::max(nr.lsb, lsb);
      nr.lsb_min = std::min(nr.lsb_min, lsb);
      NeuronParams& p = net.params[j];
      const std::string who = "node " + n.name + " neuron " + std::to_string(k);
      try {
        p.bias = units::potential_from_value(bias_v[j], lsb, who + " bias");
        p.v_reset = units::potential_from_value(reset_v[j], lsb, who + " v_reset");
        if (nr.readout) {
          p.threshold = fx::kPotentialMax;  // never reached unless v saturates
        } else {
          p.threshold = above(thr_v[j] / lsb, who + " v_threshold");
          if (std::abs(thr_v[j] / lsb - std::round(thr_v[j] / lsb)) >= 1e-9) ++rounded_thresholds;
        }
      } catch (const std::invalid_argument& e) {
        throw NirError(file + ": " + who + ": " + e.what());
      }
      const double t = std::abs(thr_v[j]);
      nr.threshold = std::max(nr.threshold, t);
      double scale = t;  // what a potential error is measured against
      if (!nr.readout && t > 0) {
        const double steps = t / lsb;
        nr.threshold_steps = std::min(nr.threshold_steps, static_cast<int>(std::floor(steps)));
        const double error = std::abs((p.threshold - 1) * lsb - thr_v[j]) / t;
        nr.threshold_error = std::max(nr.threshold_error, error);
        if (error > 1 / kThresholdStepsMin) {  // an exported file's exact thresholds pass at any size
          const double w = std::max(reach[0][j].largest(), reach[1][j].largest());
          throw NirError(file + ": node " + n.name + ": v_threshold " + num(thr_v[j]) + " would be " + num(steps) +
                         " steps of lsb " + num(lsb) + ", rounded by " + percent(error) + ": " +
                         (options.lsb > 0 ? "use --lsb " + num(t / kThresholdStepsMin) + " or smaller, or leave --lsb out"
                                          : "its largest weight, " + num(w) + ", is " + num(w / t) +
                                                " times the threshold, more than 8-bit weights at exponent 8 reach; "
                                                "check the convention (--convention) and --dt"));
        }
      }
      if (scale == 0) scale = std::abs(reset_v[j]) > 0 ? std::abs(reset_v[j]) : lsb * kThresholdStepsMin;
      const double b_err = std::abs(p.bias * lsb - bias_v[j]);
      nr.bias_largest = std::max(nr.bias_largest, std::abs(bias_v[j]));
      if (bias_v[j] != 0 && p.bias == 0) ++nr.biases_zeroed;
      // The resting potential moves by b_err / p_v; a non-leaky neuron drifts
      // by b_err a step, measured as a relative error of its bias.
      const double shift = p_v_of[j] > 0 ? b_err / p_v_of[j] / scale : (bias_v[j] != 0 ? b_err / std::abs(bias_v[j]) : 0);
      nr.rest_shift = std::max(nr.rest_shift, shift);
      if (shift > kRestShiftMax && !nr.readout) {
        throw NirError(file + ": node " + n.name + " neuron " + std::to_string(k) + ": bias " + num(bias_v[j]) +
                       " per step rounds to " + std::to_string(p.bias) + " steps of lsb " + num(lsb) +
                       ", which moves its resting potential by " + percent(shift) + " of its threshold: " +
                       (options.lsb > 0 ? "use a smaller --lsb, or leave --lsb out" : "the bias is too small for 24-bit potentials"));
      }
      // Truncation: u loses < 1 a step (< 1 / p_u in all), v < 1 + that a step.
      const double trunc = (1 + 1 / p_u_of[j]) / std::max(p_v_of[j], 1.0 / fx::kDecayOne);
      nr.truncation = std::max(nr.truncation, nr.readout ? trunc : trunc * lsb / scale);
    }
    nr.v_range = fx::kPotentialMax * nr.lsb_min;
    if (nr.readout) nr.threshold_steps = 0;
  }

  // Weights: per projection, on each target neuron's grid at the block's exponent.
  for (const auto& [key, x] : jumps) {
    const Node& src = nodes[key.first];
    const Node& dst = nodes[key.second];
    const int b = src.kind == Kind::kInput ? 0 : 1;
    std::vector<int8_t>& w = b == 0 ? net.w_in : net.w_rec;
    std::vector<double> rel;
    ProjectionReport pr;
    pr.source = src.name;
    pr.target = dst.name;
    pr.block = b == 0 ? "input" : "recurrent";
    pr.exponent = exp_of[b];
    for (size_t pre = 0; pre < src.size; ++pre) {
      for (size_t post = 0; post < dst.size; ++post) {
        const double step = std::ldexp(lsb_of[dst.offset + post], exp_of[b]);
        pr.step = std::max(pr.step, step);
        const double v = x[pre * dst.size + post];
        const double q = std::round(v / step);
        if (q < wmin || q > wmax) {
          throw NirError(file + ": weight " + src.name + " " + std::to_string(pre) + " -> " + dst.name + " " +
                         std::to_string(post) + " (" + num(v) + ") does not fit " + std::to_string(net.weight_bits) +
                         "-bit weights at exponent " + std::to_string(exp_of[b]) + " and lsb " + num(lsb_of[dst.offset + post]));
        }
        const size_t at = (src.offset + pre) * neurons + dst.offset + post;
        const int total = w[at] + static_cast<int>(q);
        if (total < wmin || total > wmax) throw NirError(file + ": two paths " + src.name + " -> " + dst.name + " overflow a weight");
        w[at] = static_cast<int8_t>(total);
        if (v == 0) continue;
        ++pr.error.synapses;
        if (q == 0) ++pr.error.zeros;
        rel.push_back(std::abs(q * step - v) / std::abs(v));
        pr.error.largest = std::max(pr.error.largest, std::abs(v));
      }
    }
    pr.error.median = quantile(rel, 0.5);
    pr.error.p95 = quantile(rel, 0.95);
    pr.error.max = rel.empty() ? 0 : *std::max_element(rel.begin(), rel.end());
    if (pr.error.synapses) rep.projections.push_back(pr);
  }
  if (rounded_thresholds > 0) {
    rep.notes.push_back(std::to_string(rounded_thresholds) +
                        " thresholds between two integers: NIR fires on v > thr, synfire on v >= floor(thr / lsb) + 1");
  }
  for (size_t ni = 0; ni < nodes.size(); ++ni) {
    if (is_neuron(nodes[ni].kind)) rep.nodes.push_back(node_rep[ni]);
  }
  for (const Node& n : nodes) {
    if (n.kind != Kind::kInput) continue;
    NodeReport nr;
    nr.name = n.name;
    nr.type = n.type;
    nr.first = static_cast<int>(n.offset);
    nr.count = static_cast<int>(n.size);
    rep.nodes.push_back(nr);
  }
  if (std::any_of(nodes.begin(), nodes.end(), [](const Node& n) { return is_readout(n.kind); })) {
    rep.notes.push_back("readout neurons (LI, CubaLI, I): read v through probes, times the neuron's lsb");
  }
  const std::string problem = validate(net);
  if (!problem.empty()) throw NirError(file + ": the mapped network is invalid: " + problem);

  Imported out;
  out.network = std::move(net);
  out.report = text_report(rep);
  out.details = std::move(rep);
  return out;
}

std::string export_file(const Network& net, const std::filesystem::path& path, const ExportOptions& options) {
  const std::string problem = validate(net);
  if (!problem.empty()) throw NirError("cannot export an invalid network: " + problem);
  if (!(options.dt > 0) || !(options.lsb > 0)) throw NirError("dt and lsb must be positive");
  if (net.has_delays()) throw NirError("the network has axonal delays: synfire nir export does not write Delay nodes yet");
  const auto n = static_cast<size_t>(net.neurons);
  const auto m = static_cast<size_t>(net.inputs);
  std::vector<double> tau_syn(n), tau_mem(n), v_leak(n), v_thr(n), v_reset(n), factor(n);
  for (size_t j = 0; j < n; ++j) {
    const NeuronParams& p = net.params[j];
    const std::string who = "neuron " + std::to_string(j);
    if (p.refractory != 0) throw NirError(who + " has refractory = " + std::to_string(p.refractory) + ": NIR has no refractory period");
    if (p.adapt_step != 0) throw NirError(who + " has adapt_step = " + std::to_string(p.adapt_step) + ": NIR has no adaptive threshold");
    if (p.decay_u == 0) throw NirError(who + " has decay_u = 0 (a current that never decays): a CubaLIF needs a finite tau_syn");
    if (p.decay_v == 0) throw NirError(who + " has decay_v = 0 (no leak): a CubaLIF needs a finite tau_mem");
    tau_syn[j] = units::tau_from_decay(p.decay_u, options.dt);
    tau_mem[j] = units::tau_from_decay(p.decay_v, options.dt);
    v_leak[j] = p.bias / (static_cast<double>(p.decay_v) / fx::kDecayOne) * options.lsb;
    v_thr[j] = (p.threshold - 1.0) * options.lsb;  // v >= thr is v > thr - 1 on integers
    v_reset[j] = p.v_reset * options.lsb;
    // The u jump of a unit NIR weight with r = w_in = 1 (import_file's mapping).
    factor[j] = units::current_jump(1.0 / tau_syn[j], tau_syn[j], tau_mem[j], options.dt);
  }
  // NIR weights are (out, in) = (post, pre).
  auto linear = [&](const std::vector<int8_t>& w, size_t pre_count, int e) {
    std::vector<double> out(n * pre_count, 0.0);
    for (size_t pre = 0; pre < pre_count; ++pre) {
      for (size_t post = 0; post < n; ++post) {
        out[post * pre_count + pre] = w[pre * n + post] * std::ldexp(1.0, e) * options.lsb / factor[post];
      }
    }
    return out;
  };
  h5::Writer f(path);
  f.string("version", kNirVersion);
  f.group("node");
  f.string("node/type", "NIRGraph");
  f.group("node/nodes");
  std::vector<std::pair<std::string, std::string>> edges;
  const std::vector<uint64_t> shape_n = {n};
  auto neuron_data = [&](const std::string& key, const std::vector<double>& v) { f.doubles("node/nodes/neurons/" + key, shape_n, v); };
  f.group("node/nodes/neurons");
  f.string("node/nodes/neurons/type", "CubaLIF");
  neuron_data("tau_syn", tau_syn);
  neuron_data("tau_mem", tau_mem);
  neuron_data("r", std::vector<double>(n, 1.0));
  neuron_data("w_in", std::vector<double>(n, 1.0));
  neuron_data("v_leak", v_leak);
  neuron_data("v_threshold", v_thr);
  neuron_data("v_reset", v_reset);
  f.group("node/nodes/w_rec");
  f.string("node/nodes/w_rec/type", "Linear");
  f.doubles("node/nodes/w_rec/weight", {n, n}, linear(net.w_rec, n, net.weight_exp_rec));
  edges.emplace_back("neurons", "w_rec");
  edges.emplace_back("w_rec", "neurons");
  if (m > 0) {
    f.group("node/nodes/input");
    f.string("node/nodes/input/type", "Input");
    f.int64s("node/nodes/input/shape", {static_cast<int64_t>(m)});
    f.group("node/nodes/w_in");
    f.string("node/nodes/w_in/type", "Linear");
    f.doubles("node/nodes/w_in/weight", {n, m}, linear(net.w_in, m, net.weight_exp_in));
    edges.emplace_back("input", "w_in");
    edges.emplace_back("w_in", "neurons");
  }
  f.group("node/nodes/output");
  f.string("node/nodes/output/type", "Output");
  f.int64s("node/nodes/output/shape", {static_cast<int64_t>(n)});
  edges.emplace_back("neurons", "output");
  f.string_pairs("node/edges", edges);
  f.group("node/metadata");
  f.doubles(std::string("node/metadata/") + kMetaDt, {}, {options.dt});
  f.doubles(std::string("node/metadata/") + kMetaLsb, {}, {options.lsb});
  f.doubles(std::string("node/metadata/") + kMetaExpRec, {}, {static_cast<double>(net.weight_exp_rec)});
  f.doubles(std::string("node/metadata/") + kMetaExpIn, {}, {static_cast<double>(net.weight_exp_in)});
  f.doubles(std::string("node/metadata/") + kMetaBits, {}, {static_cast<double>(net.weight_bits)});
  f.commit();

  std::string notes;
  const bool plastic = std::any_of(net.plastic_rec.begin(), net.plastic_rec.end(), [](uint8_t x) { return x; }) ||
                       std::any_of(net.plastic_in.begin(), net.plastic_in.end(), [](uint8_t x) { return x; });
  if (plastic || net.learning) notes += "NIR has no plasticity: the plastic flags and STDP parameters are not exported (the current weights are)\n";
  if (net.seed != 0) notes += "the seed of the stochastic rounding is not exported\n";
  return notes;
}

}  // namespace synfire::nir
