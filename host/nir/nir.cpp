#include "nir.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
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

enum class Kind { kInput, kOutput, kLinear, kAffine, kScale, kCubaLif, kLif, kIf };

const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> k = {
      {"Input", Kind::kInput},   {"Output", Kind::kOutput},   {"Linear", Kind::kLinear}, {"Affine", Kind::kAffine},
      {"Scale", Kind::kScale},   {"CubaLIF", Kind::kCubaLif}, {"LIF", Kind::kLif},       {"IF", Kind::kIf}};
  return k;
}

bool is_neuron(Kind k) { return k == Kind::kCubaLif || k == Kind::kLif || k == Kind::kIf; }
bool is_linear(Kind k) { return k == Kind::kLinear || k == Kind::kAffine || k == Kind::kScale; }

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

// The width of a neuron node: its threshold's (every neuron node has one).
size_t neuron_count(const Node& n, const std::string& file) {
  const auto it = n.data.find("v_threshold");
  if (it == n.data.end()) throw NirError(file + ": node " + n.name + " (" + n.type + ") has no v_threshold");
  return std::max<size_t>(1, product(it->second.shape));
}

Node read_node(const h5::Group& g, const std::string& name, const std::string& file) {
  Node n;
  n.name = name;
  n.type = g.string("type");
  const auto it = kinds().find(n.type);
  if (it == kinds().end()) {
    std::string supported;
    for (const auto& [k, v] : kinds()) supported += (supported.empty() ? "" : ", ") + k;
    throw NirError(file + ": node " + name + " is a " + n.type + ", which synfire cannot represent (it maps " +
                   supported + ")");
  }
  n.kind = it->second;
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
      const h5::Array& shape = need("shape");
      size_t width = 1;
      for (double s : shape.values) width *= static_cast<size_t>(s);
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
    default:
      n.size = neuron_count(n, file);
  }
  return n;
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
};

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
  return m;
}

}  // namespace

Imported import_file(const std::filesystem::path& path, const ImportOptions& options) {
  const std::string file = path.string();
  const h5::Group root = h5::open_file(path);
  if (!root.has("node")) throw NirError(file + ": no /node group (not a NIR file)");
  const h5::Group graph = root.group("node");
  const std::string top = graph.string("type");
  if (top != "NIRGraph") throw NirError(file + ": the top node is a " + top + ", not a NIRGraph");
  const Meta meta = read_meta(graph);

  // Nodes in the file's (name) order; neurons and axons numbered in that order.
  std::vector<Node> nodes;
  std::map<std::string, size_t> index;
  const h5::Group members = graph.group("nodes");
  for (const std::string& name : members.children()) {
    const h5::Group g = members.group(name);
    if (g.has("type") && g.string("type") == "NIRGraph") {
      throw NirError(file + ": node " + name + " is a nested NIRGraph, which synfire cannot represent (flatten it first)");
    }
    index[name] = nodes.size();
    nodes.push_back(read_node(g, name, file));
  }
  size_t neurons = 0, axons = 0;
  for (Node& n : nodes) {
    if (is_neuron(n.kind)) {
      n.offset = neurons;
      neurons += n.size;
    } else if (n.kind == Kind::kInput) {
      n.offset = axons;
      axons += n.size;
    }
  }
  if (neurons == 0) throw NirError(file + ": the graph has no CubaLIF, LIF or IF node (no neurons to map)");
  if (neurons > static_cast<size_t>(kMaxNeurons)) {
    throw NirError(file + ": " + std::to_string(neurons) + " neurons, more than synfire's 4096");
  }
  if (axons > static_cast<size_t>(kMaxInputs)) {
    throw NirError(file + ": " + std::to_string(axons) + " inputs, more than synfire's 4096");
  }

  std::map<std::string, std::vector<std::string>> out_edges;
  for (const auto& [a, b] : graph.string_pairs("edges")) {
    for (const std::string& end : {a, b}) {
      if (!index.count(end)) throw NirError(file + ": edge " + a + " -> " + b + " names no node " + end);
    }
    out_edges[a].push_back(b);
  }

  // Every path source -> linear nodes -> neuron node, multiplied out.
  const double dt = options.dt > 0 ? options.dt : meta.dt > 0 ? meta.dt : 1e-3;
  // The file's weight exponents hold only with its own dt and lsb.
  const bool own_scale = meta.present && (options.dt <= 0 || options.dt == meta.dt) &&
                         (options.lsb <= 0 || options.lsb == meta.lsb);
  Matrix w_rec{neurons, neurons, std::vector<double>(neurons * neurons, 0.0)};  // (pre, post) in NIR units
  Matrix w_in{axons, neurons, std::vector<double>(axons * neurons, 0.0)};
  std::vector<double> drive(neurons, 0.0);  // constant input from Affine biases, per neuron
  std::vector<std::string> notes;
  std::function<void(const Node&, const Node&, const Matrix&, const std::vector<double>&, int)> walk =
      [&](const Node& src, const Node& at, const Matrix& m, const std::vector<double>& b, int depth) {
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
            Matrix& target = src.kind == Kind::kInput ? w_in : w_rec;
            for (size_t r = 0; r < m.rows; ++r) {
              for (size_t c = 0; c < m.cols; ++c) target.at(src.offset + c, next.offset + r) += m.at(r, c);
              drive[next.offset + r] += b[r];
            }
          } else if (next.kind == Kind::kOutput) {
            if (!is_neuron(at.kind)) {
              throw NirError(file + ": edge " + at.name + " -> " + next.name +
                             ": synfire's outputs are its neurons' spikes; an Output must follow a neuron node");
            }
          } else {
            throw NirError(file + ": edge " + at.name + " -> " + next.name + ": an " + next.type +
                           " node cannot take input here");
          }
        }
      };
  for (const Node& n : nodes) {
    if (n.kind == Kind::kInput || is_neuron(n.kind)) walk(n, n, identity(n.size), std::vector<double>(n.size, 0.0), 0);
  }

  // Potentials: lsb from the options, the file's metadata, or the largest potential.
  double lsb = options.lsb > 0 ? options.lsb : meta.lsb;
  double largest = 0;
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind)) continue;
    for (const char* key : {"v_threshold", "v_reset", "v_leak"}) {
      for (double v : param(n, key, file, 0.0, false)) largest = std::max(largest, std::abs(v));
    }
  }
  if (!(lsb > 0)) {
    if (!(largest > 0)) throw NirError(file + ": every threshold, reset and leak potential is 0; give --lsb");
    lsb = largest / 16384.0;
    notes.push_back("lsb = " + num(lsb) + " (the largest potential, " + num(largest) + ", is 16384 steps)");
  } else {
    notes.push_back("lsb = " + num(lsb));
  }
  notes.push_back("dt = " + num(dt) + "; input spikes of NIR step s enter synfire at step s + 1 (an input moves v "
                  "in the step after the spike); recurrent spikes keep their timing");

  Network net = Network::empty(static_cast<int>(neurons), static_cast<int>(axons));
  net.weight_bits = options.weight_bits;
  // The u jump per unit of NIR weight, per postsynaptic neuron (docs/nir.md).
  std::vector<double> jump_per_weight(neurons, 0.0);
  double worst_tau = 0;
  int rounded_thresholds = 0;
  for (const Node& n : nodes) {
    if (!is_neuron(n.kind)) continue;
    const std::vector<double> thr = param(n, "v_threshold", file, 0, true);
    const std::vector<double> reset = param(n, "v_reset", file, 0.0, false);
    const std::vector<double> r = param(n, "r", file, 1.0, true);
    std::vector<double> tau_mem, tau_syn, v_leak(n.size, 0.0), w_gain(n.size, 1.0);
    if (n.kind == Kind::kCubaLif) {
      tau_mem = param(n, "tau_mem", file, 0, true);
      tau_syn = param(n, "tau_syn", file, 0, true);
      v_leak = param(n, "v_leak", file, 0, true);
      w_gain = param(n, "w_in", file, 1.0, false);
    } else if (n.kind == Kind::kLif) {
      tau_mem = param(n, "tau", file, 0, true);
      v_leak = param(n, "v_leak", file, 0, true);
    }
    for (size_t k = 0; k < n.size; ++k) {
      const size_t j = n.offset + k;
      NeuronParams& p = net.params[j];
      const std::string who = "node " + n.name + " neuron " + std::to_string(k);
      try {
        double tm = units::kInfinity;
        if (n.kind != Kind::kIf) {
          tm = tau_mem[k];
          p.decay_v = units::decay_from_tau(tm, dt);
          worst_tau = std::max(worst_tau, std::abs(units::tau_relative_error(tm, dt)));
        }
        const double p_v = static_cast<double>(p.decay_v) / fx::kDecayOne;
        double drive_v = 0;  // constant v drive per step from Affine biases
        if (n.kind == Kind::kCubaLif) {
          p.decay_u = units::decay_from_tau(tau_syn[k], dt);
          worst_tau = std::max(worst_tau, std::abs(units::tau_relative_error(tau_syn[k], dt)));
          // A spike of weight w adds w_in * w / tau_syn to I; r * I drives v.
          jump_per_weight[j] = r[k] * units::current_jump(w_gain[k] / tau_syn[k], tau_syn[k], tm, dt);
          drive_v = p_v * r[k] * w_gain[k] * drive[j];  // steady state of a constant input current
        } else {
          p.decay_u = fx::kDecayMax;  // delta synapses: u lasts one step
          if (n.kind == Kind::kLif) {
            jump_per_weight[j] = units::voltage_jump(r[k] / tm, tm, dt);
            drive_v = p_v * r[k] * drive[j];
          } else {
            jump_per_weight[j] = units::voltage_jump(r[k], units::kInfinity, dt);
            drive_v = r[k] * drive[j] * dt;
          }
        }
        // The leak towards v_leak with the represented decay: v_inf = v_leak exactly.
        p.bias = units::potential_from_value(p_v * v_leak[k] + drive_v, lsb, who + " bias");
        p.threshold = above(thr[k] / lsb, who + " v_threshold");
        if (std::abs(thr[k] / lsb - std::round(thr[k] / lsb)) >= 1e-9) ++rounded_thresholds;
        p.v_reset = units::potential_from_value(reset[k], lsb, who + " v_reset");
      } catch (const std::invalid_argument& e) {
        throw NirError(file + ": " + who + ": " + e.what());
      }
    }
  }

  // Weights: u jumps in lsb, one exponent per block, each rounded.
  auto block = [&](const Matrix& w, std::vector<int8_t>& out, int meta_exp, const char* name) {
    double largest_jump = 0;
    std::vector<double> jumps(w.a.size());
    for (size_t pre = 0; pre < w.rows; ++pre) {
      for (size_t post = 0; post < w.cols; ++post) {
        const double x = w.at(pre, post) * jump_per_weight[post] / lsb;
        jumps[pre * w.cols + post] = x;
        largest_jump = std::max(largest_jump, std::abs(x));
      }
    }
    int e = -1;
    try {
      e = units::weight_exp_for(largest_jump * lsb, lsb, net.weight_bits);
    } catch (const std::invalid_argument& ex) {
      throw NirError(file + ": " + name + " weights: " + ex.what());
    }
    // An exported file's own exponent, when every weight fits at it (also the
    // one more step of the negative end that weight_exp_for leaves out).
    if (own_scale && meta_exp >= 0 && meta_exp < e) {
      const double s = std::ldexp(1.0, meta_exp);
      if (std::all_of(jumps.begin(), jumps.end(), [&](double x) {
            const double q = std::round(x / s);
            return q >= net.weight_min() && q <= net.weight_max();
          })) {
        e = meta_exp;
      }
    } else if (own_scale && meta_exp > e && meta_exp <= fx::kWeightExpMax) {
      e = meta_exp;
    }
    const double step = std::ldexp(1.0, e);
    double worst = 0;
    size_t lost = 0, nonzero = 0;
    for (size_t k = 0; k < jumps.size(); ++k) {
      const double q = std::round(jumps[k] / step);
      if (q < net.weight_min() || q > net.weight_max()) {
        throw NirError(file + ": " + name + " weight " + num(jumps[k] * lsb) + " does not fit " +
                       std::to_string(net.weight_bits) + "-bit weights at exponent " + std::to_string(e));
      }
      out[k] = static_cast<int8_t>(q);
      worst = std::max(worst, std::abs(q * step - jumps[k]));
      if (jumps[k] != 0) ++nonzero;
      if (jumps[k] != 0 && q == 0) ++lost;
    }
    if (nonzero > 0) {
      notes.push_back(std::string(name) + " weights: exponent " + std::to_string(e) + " (a step is " + num(step * lsb) +
                      " of v), " + std::to_string(nonzero) + " synapses, largest rounding error " + num(worst * lsb) +
                      " = " + percent(worst / largest_jump) + " of the largest weight" +
                      (lost ? ", " + std::to_string(lost) + " weights rounded to 0" : ""));
    }
    return e;
  };
  net.weight_exp_rec = block(w_rec, net.w_rec, meta.exp_rec, "recurrent");
  net.weight_exp_in = axons ? block(w_in, net.w_in, meta.exp_in, "input") : 0;
  notes.push_back("time constants within " + percent(worst_tau) + " (decays rounded to 1/4096)");
  if (rounded_thresholds > 0) {
    notes.push_back(std::to_string(rounded_thresholds) + " thresholds between two integers: v > thr is v >= floor(thr / lsb) + 1");
  }
  notes.push_back("NIR fires on v > v_threshold: synfire's threshold is the next integer up");
  const std::string problem = validate(net);
  if (!problem.empty()) throw NirError(file + ": the mapped network is invalid: " + problem);

  Imported out;
  out.network = std::move(net);
  for (const Node& n : nodes) {
    if (is_neuron(n.kind)) {
      out.report += "neurons " + std::to_string(n.offset) + ".." + std::to_string(n.offset + n.size - 1) + ": " +
                    n.name + " (" + n.type + ")\n";
    } else if (n.kind == Kind::kInput) {
      out.report += "inputs " + std::to_string(n.offset) + ".." + std::to_string(n.offset + n.size - 1) + ": " + n.name + "\n";
    }
  }
  for (const std::string& s : notes) out.report += s + "\n";
  return out;
}

std::string export_file(const Network& net, const std::filesystem::path& path, const ExportOptions& options) {
  const std::string problem = validate(net);
  if (!problem.empty()) throw NirError("cannot export an invalid network: " + problem);
  if (!(options.dt > 0) || !(options.lsb > 0)) throw NirError("dt and lsb must be positive");
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
