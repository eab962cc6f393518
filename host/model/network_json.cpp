#include "network_json.hpp"

#include "fixed_point.hpp"
#include "printable.hpp"
#include "suggest.hpp"
#include "temp_files.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace synfire {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  // `where` holds the file's own keys: any bytes, any length.
  throw NetworkFormatError(printable(where, 120) + ": " + what);
}

std::string type_name(const json& v) {
  if (v.is_number_integer()) return "an integer";
  if (v.is_number()) return "a fractional number";
  const std::string name = v.type_name();  // null, object, array, string, boolean, ...
  const bool vowel = name.find_first_of("aeiou") == 0;
  return (vowel ? "an " : "a ") + name;
}

// Reads an integer field, checking its type; the range is left to validate(),
// except that it must fit an int64 without loss.
int64_t get_int(const json& v, const std::string& where) {
  if (!v.is_number_integer()) fail(where, "expected an integer, got " + type_name(v));
  // nlohmann keeps integers above INT64_MAX as unsigned; get<int64_t> would wrap them.
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    fail(where, std::to_string(v.get<uint64_t>()) + " is too large");
  }
  return v.get<int64_t>();
}

int32_t get_i32(const json& v, const std::string& where) {
  const int64_t x = get_int(v, where);
  if (x < INT32_MIN || x > INT32_MAX) fail(where, std::to_string(x) + " is out of range");
  return static_cast<int32_t>(x);
}

const json& require(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(where.empty() ? key : where + "." + key, "missing field");
  return *it;
}

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

void require_object(const json& v, const std::string& where) {
  if (!v.is_object()) fail(where, "expected an object, got " + type_name(v));
}

void require_array(const json& v, const std::string& where) {
  if (!v.is_array()) fail(where, "expected an array, got " + type_name(v));
}

// Rejects keys this version does not define, so that a typo is not ignored.
void check_keys(const json& obj, std::initializer_list<const char*> allowed,
                const std::string& where) {
  for (const auto& [key, value] : obj.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) {
      fail(join(where, key), "unknown field" + did_you_mean(key, std::vector<std::string>(allowed.begin(), allowed.end())));
    }
  }
}

// Field table of NeuronParams, used for reading and writing alike.
struct NeuronField {
  const char* name;
  int32_t NeuronParams::*member;
};
constexpr NeuronField kNeuronFields[] = {
    {"decay_u", &NeuronParams::decay_u},       {"decay_v", &NeuronParams::decay_v},
    {"bias", &NeuronParams::bias},             {"threshold", &NeuronParams::threshold},
    {"v_reset", &NeuronParams::v_reset},       {"refractory", &NeuronParams::refractory},
    {"adapt_step", &NeuronParams::adapt_step}, {"decay_adapt", &NeuronParams::decay_adapt},
};

struct StdpField {
  const char* name;
  int32_t StdpParams::*member;
};
constexpr StdpField kStdpFields[] = {
    {"a_plus", &StdpParams::a_plus},
    {"a_minus", &StdpParams::a_minus},
    {"shift", &StdpParams::shift},
    {"trace_inc_pre", &StdpParams::trace_inc_pre},
    {"trace_inc_post", &StdpParams::trace_inc_post},
    {"decay_pre", &StdpParams::decay_pre},
    {"decay_post", &StdpParams::decay_post},
    {"w_min", &StdpParams::w_min},
    {"w_max", &StdpParams::w_max},
};

// Applies the fields present in `obj` onto `p` ("index" is allowed in overrides).
void read_neuron_fields(const json& obj, NeuronParams& p, const std::string& where,
                        bool allow_index) {
  require_object(obj, where);
  for (const auto& [key, value] : obj.items()) {
    if (allow_index && key == "index") continue;
    bool known = false;
    for (const NeuronField& f : kNeuronFields) {
      if (key == f.name) {
        p.*f.member = get_i32(value, join(where, key));
        known = true;
      }
    }
    if (!known) {
      std::vector<std::string> names;
      for (const NeuronField& f : kNeuronFields) names.emplace_back(f.name);
      if (allow_index) names.emplace_back("index");
      fail(join(where, key), "unknown field" + did_you_mean(key, names));
    }
  }
}

json neuron_fields_to_json(const NeuronParams& p) {
  json obj = json::object();
  for (const NeuronField& f : kNeuronFields) obj[f.name] = p.*f.member;
  return obj;
}

// Reads a weight matrix block ("recurrent" or "input") of `rows` x `cols`.
void read_matrix(const json& block, int rows, int cols, std::vector<int8_t>& w,
                 std::vector<uint8_t>& plastic, const std::string& where) {
  require_object(block, where);
  check_keys(block, {"dense", "edges", "plastic"}, where);
  const bool has_dense = block.contains("dense");
  const bool has_edges = block.contains("edges");
  if (has_dense == has_edges) fail(where, "give exactly one of \"dense\" or \"edges\"");
  const auto ucols = static_cast<size_t>(cols);

  // "plastic": true/false for every synapse of the block, or (dense) a 0/1 matrix.
  bool plastic_default = false;
  const json* plastic_matrix = nullptr;
  if (auto it = block.find("plastic"); it != block.end()) {
    if (it->is_boolean()) {
      plastic_default = it->get<bool>();
    } else if (it->is_array() && has_dense) {
      plastic_matrix = &*it;
    } else {
      fail(join(where, "plastic"), has_dense ? "expected true, false or a 0/1 matrix"
                                             : "expected true or false");
    }
  }

  auto set = [&](int64_t r, int64_t c, int64_t value, bool is_plastic, const std::string& at) {
    if (r < 0 || r >= rows) fail(at, "presynaptic index " + std::to_string(r) + " is outside [0, " + std::to_string(rows - 1) + "]");
    if (c < 0 || c >= cols) fail(at, "postsynaptic index " + std::to_string(c) + " is outside [0, " + std::to_string(cols - 1) + "]");
    if (value < -128 || value > 127) fail(at, "weight " + std::to_string(value) + " is outside [-128, 127]");
    const size_t k = static_cast<size_t>(r) * ucols + static_cast<size_t>(c);
    w[k] = static_cast<int8_t>(value);
    plastic[k] = is_plastic ? 1 : 0;
  };

  if (has_dense) {
    const json& dense = block["dense"];
    const std::string dw = join(where, "dense");
    require_array(dense, dw);
    if (dense.size() != static_cast<size_t>(rows)) {
      fail(dw, "has " + std::to_string(dense.size()) + " rows, expected " + std::to_string(rows));
    }
    if (plastic_matrix && plastic_matrix->size() != static_cast<size_t>(rows)) {
      fail(join(where, "plastic"), "has " + std::to_string(plastic_matrix->size()) +
                                       " rows, expected " + std::to_string(rows));
    }
    for (int r = 0; r < rows; ++r) {
      const json& row = dense[static_cast<size_t>(r)];
      const std::string rw = dw + "[" + std::to_string(r) + "]";
      require_array(row, rw);
      if (row.size() != ucols) {
        fail(rw, "has " + std::to_string(row.size()) + " entries, expected " + std::to_string(cols));
      }
      const json* prow = plastic_matrix ? &(*plastic_matrix)[static_cast<size_t>(r)] : nullptr;
      const std::string pw = join(where, "plastic") + "[" + std::to_string(r) + "]";
      if (prow) {
        require_array(*prow, pw);
        if (prow->size() != ucols) fail(pw, "has " + std::to_string(prow->size()) + " entries, expected " + std::to_string(cols));
      }
      for (int c = 0; c < cols; ++c) {
        const std::string at = rw + "[" + std::to_string(c) + "]";
        bool is_plastic = plastic_default;
        if (prow) {
          const int64_t f = get_int((*prow)[static_cast<size_t>(c)], pw + "[" + std::to_string(c) + "]");
          if (f != 0 && f != 1) fail(pw + "[" + std::to_string(c) + "]", "expected 0 or 1");
          is_plastic = f == 1;
        }
        set(r, c, get_int(row[static_cast<size_t>(c)], at), is_plastic, at);
      }
    }
  } else {
    const json& edges = block["edges"];
    const std::string ew = join(where, "edges");
    require_array(edges, ew);
    for (size_t e = 0; e < edges.size(); ++e) {
      const json& edge = edges[e];
      const std::string at = ew + "[" + std::to_string(e) + "]";
      require_array(edge, at);
      if (edge.size() != 3 && edge.size() != 4) {
        fail(at, "expected [pre, post, weight] or [pre, post, weight, plastic]");
      }
      bool is_plastic = plastic_default;
      if (edge.size() == 4) {
        const int64_t f = get_int(edge[3], at + "[3]");
        if (f != 0 && f != 1) fail(at + "[3]", "expected 0 or 1");
        is_plastic = f == 1;
      }
      set(get_int(edge[0], at + "[0]"), get_int(edge[1], at + "[1]"), get_int(edge[2], at + "[2]"),
          is_plastic, at);
    }
  }
}

json matrix_to_json(int rows, int cols, const std::vector<int8_t>& w,
                    const std::vector<uint8_t>& plastic) {
  size_t used = 0, plastic_count = 0;
  for (size_t k = 0; k < w.size(); ++k) {
    used += (w[k] != 0 || plastic[k] != 0);
    plastic_count += plastic[k];
  }
  const auto ucols = static_cast<size_t>(cols);
  json block = json::object();
  // An edge costs about three times a dense entry; pick the shorter form.
  if (used * 3 < w.size()) {
    json edges = json::array();
    for (size_t k = 0; k < w.size(); ++k) {
      if (w[k] == 0 && plastic[k] == 0) continue;
      edges.push_back({k / ucols, k % ucols, int{w[k]}, int{plastic[k]}});
    }
    block["edges"] = std::move(edges);
    return block;
  }
  json dense = json::array();
  for (int r = 0; r < rows; ++r) {
    const auto begin = w.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * ucols);
    std::vector<int> row(begin, begin + cols);
    dense.push_back(std::move(row));
  }
  block["dense"] = std::move(dense);
  if (plastic_count == 0 || plastic_count == plastic.size()) {
    block["plastic"] = plastic_count != 0;
  } else {
    json pm = json::array();
    for (int r = 0; r < rows; ++r) {
      const auto begin = plastic.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * ucols);
      std::vector<int> row(begin, begin + cols);
      pm.push_back(std::move(row));
    }
    block["plastic"] = std::move(pm);
  }
  return block;
}

// "delays": {"recurrent": [N steps], "input": [M steps]}, either optional
// (docs/network-format.md).
void read_delays(const json& d, Network& net) {
  require_object(d, "delays");
  check_keys(d, {"recurrent", "input"}, "delays");
  auto read = [&](const char* key, std::vector<uint8_t>& out) {
    if (!d.contains(key)) return;
    const std::string at = std::string("delays.") + key;
    const json& list = d[key];
    require_array(list, at);
    if (list.size() != out.size()) {
      fail(at, "has " + std::to_string(list.size()) + " entries, expected " + std::to_string(out.size()));
    }
    for (size_t k = 0; k < list.size(); ++k) {
      const int32_t v = get_i32(list[k], at + "[" + std::to_string(k) + "]");
      if (v < 0 || v > fx::kDelayMax) {
        // validate()'s wording, as for every other range error.
        throw NetworkFormatError(at + "[" + std::to_string(k) + "] = " + std::to_string(v) +
                                 " is outside [0, " + std::to_string(fx::kDelayMax) + "]");
      }
      out[k] = static_cast<uint8_t>(v);
    }
  };
  read("recurrent", net.delay_rec);
  read("input", net.delay_in);
}

}  // namespace

Network network_from_json(const json& doc) {
  require_object(doc, "network");
  check_keys(doc, {"format", "version", "neurons", "inputs", "weight_bits", "weight_exp", "seed",
                   "learning", "adapt_interval_log2", "delays", "weight_norm", "neuron_defaults",
                   "neuron_overrides", "stdp", "weights"},
             "");
  const json& format = require(doc, "format", "");
  if (!format.is_string() || format.get<std::string>() != "synfire-network") {
    fail("format", "expected \"synfire-network\"");
  }
  const int64_t version = get_int(require(doc, "version", ""), "version");
  if (version != kNetworkFormatVersion) {
    fail("version", std::to_string(version) + " is not supported (this synfire reads version " +
                        std::to_string(kNetworkFormatVersion) + ")");
  }
  const int64_t neurons = get_int(require(doc, "neurons", ""), "neurons");
  const int64_t inputs = get_int(require(doc, "inputs", ""), "inputs");
  // Sizes first, so that no allocation is made for an absurd network.
  if (neurons < 1 || neurons > kMaxNeurons) {
    fail("neurons", std::to_string(neurons) + " is outside [1, " + std::to_string(kMaxNeurons) + "]");
  }
  if (inputs < 0 || inputs > kMaxInputs) {
    fail("inputs", std::to_string(inputs) + " is outside [0, " + std::to_string(kMaxInputs) + "]");
  }
  Network net = Network::empty(static_cast<int>(neurons), static_cast<int>(inputs));

  if (doc.contains("weight_bits")) net.weight_bits = get_i32(doc["weight_bits"], "weight_bits");
  // Checked now, not by validate(): the STDP defaults below shift by it
  // (found by fuzzing: weight_bits 41 was a shift past 32 bits).
  if (net.weight_bits < fx::kWeightBitsMin || net.weight_bits > fx::kWeightBitsMax) {
    // validate()'s wording, as for every other range error.
    throw NetworkFormatError("weight_bits = " + std::to_string(net.weight_bits) + " is outside [" +
                             std::to_string(fx::kWeightBitsMin) + ", " +
                             std::to_string(fx::kWeightBitsMax) + "]");
  }
  if (doc.contains("weight_exp")) {
    const json& we = doc["weight_exp"];
    require_object(we, "weight_exp");
    check_keys(we, {"recurrent", "input"}, "weight_exp");
    if (we.contains("recurrent")) net.weight_exp_rec = get_i32(we["recurrent"], "weight_exp.recurrent");
    if (we.contains("input")) net.weight_exp_in = get_i32(we["input"], "weight_exp.input");
  }
  if (doc.contains("seed")) {
    const int64_t seed = get_int(doc["seed"], "seed");
    if (seed < 0 || seed > UINT32_MAX) fail("seed", std::to_string(seed) + " is outside [0, 4294967295]");
    net.seed = static_cast<uint32_t>(seed);
  }
  if (doc.contains("learning")) {
    if (!doc["learning"].is_boolean()) fail("learning", "expected true or false, got " + type_name(doc["learning"]));
    net.learning = doc["learning"].get<bool>();
  }

  if (doc.contains("adapt_interval_log2")) {
    net.adapt_interval_log2 = get_i32(doc["adapt_interval_log2"], "adapt_interval_log2");
  }

  if (doc.contains("delays")) read_delays(doc["delays"], net);
  // Weight normalisation: on when the object is present.
  if (doc.contains("weight_norm")) {
    const json& wn = doc["weight_norm"];
    require_object(wn, "weight_norm");
    check_keys(wn, {"target", "shift", "interval_log2"}, "weight_norm");
    net.norm.enabled = true;
    net.norm.target = get_i32(require(wn, "target", "weight_norm"), "weight_norm.target");
    if (wn.contains("shift")) net.norm.shift = get_i32(wn["shift"], "weight_norm.shift");
    if (wn.contains("interval_log2")) {
      net.norm.interval_log2 = get_i32(wn["interval_log2"], "weight_norm.interval_log2");
    }
  }

  NeuronParams defaults;
  if (doc.contains("neuron_defaults")) {
    read_neuron_fields(doc["neuron_defaults"], defaults, "neuron_defaults", false);
  }
  net.params.assign(net.params.size(), defaults);
  if (doc.contains("neuron_overrides")) {
    const json& ov = doc["neuron_overrides"];
    require_array(ov, "neuron_overrides");
    for (size_t k = 0; k < ov.size(); ++k) {
      const std::string at = "neuron_overrides[" + std::to_string(k) + "]";
      require_object(ov[k], at);
      const int64_t index = get_int(require(ov[k], "index", at), at + ".index");
      if (index < 0 || index >= neurons) {
        fail(at + ".index", std::to_string(index) + " is outside [0, " + std::to_string(neurons - 1) + "]");
      }
      read_neuron_fields(ov[k], net.params[static_cast<size_t>(index)], at, true);
    }
  }

  if (doc.contains("stdp")) {
    const json& s = doc["stdp"];
    require_object(s, "stdp");
    for (const auto& [key, value] : s.items()) {
      if (key == "rule") {
        const std::string rule = value.is_string() ? value.get<std::string>() : "";
        if (rule == "additive") {
          net.stdp.rule = StdpRule::kAdditive;
        } else if (rule == "soft_bound") {
          net.stdp.rule = StdpRule::kSoftBound;
        } else {
          fail("stdp.rule", "expected \"additive\" or \"soft_bound\", got " +
                                (value.is_string() ? "\"" + printable(rule, 40) + "\"" : type_name(value)));
        }
        continue;
      }
      if (key == "trace_bits") {  // optional: written only when not 8 (validate checks 8 or 24)
        net.stdp.trace_bits = get_i32(value, "stdp.trace_bits");
        continue;
      }
      bool known = false;
      for (const StdpField& f : kStdpFields) {
        if (key == f.name) {
          net.stdp.*f.member = get_i32(value, "stdp." + key);
          known = true;
        }
      }
      if (!known) {
        std::vector<std::string> names;
        for (const StdpField& f : kStdpFields) names.emplace_back(f.name);
        names.emplace_back("rule");
        names.emplace_back("trace_bits");
        fail("stdp." + key, "unknown field" + did_you_mean(key, names));
      }
    }
  }
  // Plastic weights default to the full range of the weight width.
  if (!doc.contains("stdp") || !doc["stdp"].contains("w_min")) net.stdp.w_min = net.weight_min();
  if (!doc.contains("stdp") || !doc["stdp"].contains("w_max")) net.stdp.w_max = net.weight_max();

  if (doc.contains("weights")) {
    const json& w = doc["weights"];
    require_object(w, "weights");
    check_keys(w, {"recurrent", "input"}, "weights");
    if (w.contains("recurrent")) {
      read_matrix(w["recurrent"], net.neurons, net.neurons, net.w_rec, net.plastic_rec,
                  "weights.recurrent");
    }
    if (w.contains("input")) {
      read_matrix(w["input"], net.inputs, net.neurons, net.w_in, net.plastic_in, "weights.input");
    }
  }

  if (std::string err = validate(net); !err.empty()) throw NetworkFormatError(err);
  return net;
}

json network_to_json(const Network& net) {
  json doc;
  doc["format"] = "synfire-network";
  doc["version"] = kNetworkFormatVersion;
  doc["neurons"] = net.neurons;
  doc["inputs"] = net.inputs;
  doc["weight_bits"] = net.weight_bits;
  doc["weight_exp"] = {{"recurrent", net.weight_exp_rec}, {"input", net.weight_exp_in}};
  doc["seed"] = net.seed;
  doc["learning"] = net.learning;
  // Written only when used, so that files of networks without it are unchanged.
  if (net.adapt_interval_log2 != 0) doc["adapt_interval_log2"] = net.adapt_interval_log2;
  if (net.has_delays()) {
    doc["delays"] = {{"recurrent", std::vector<int>(net.delay_rec.begin(), net.delay_rec.end())},
                     {"input", std::vector<int>(net.delay_in.begin(), net.delay_in.end())}};
  }
  if (net.norm.enabled) {
    doc["weight_norm"] = {{"target", net.norm.target},
                          {"shift", net.norm.shift},
                          {"interval_log2", net.norm.interval_log2}};
  }
  const NeuronParams defaults = net.params.empty() ? NeuronParams{} : net.params.front();
  doc["neuron_defaults"] = neuron_fields_to_json(defaults);
  json overrides = json::array();
  for (size_t i = 0; i < net.params.size(); ++i) {
    if (net.params[i] == defaults) continue;
    json o = neuron_fields_to_json(net.params[i]);
    o["index"] = i;
    overrides.push_back(std::move(o));
  }
  if (!overrides.empty()) doc["neuron_overrides"] = std::move(overrides);
  json stdp = json::object();
  for (const StdpField& f : kStdpFields) stdp[f.name] = net.stdp.*f.member;
  if (net.stdp.rule == StdpRule::kSoftBound) stdp["rule"] = "soft_bound";
  if (net.stdp.trace_bits != fx::kTraceBits) stdp["trace_bits"] = net.stdp.trace_bits;
  doc["stdp"] = std::move(stdp);
  doc["weights"] = {
      {"recurrent", matrix_to_json(net.neurons, net.neurons, net.w_rec, net.plastic_rec)},
      {"input", matrix_to_json(net.inputs, net.neurons, net.w_in, net.plastic_in)},
  };
  return doc;
}

namespace {

// The SAX events of nlohmann's parser, passed on to its DOM builder, with
// what the DOM loses: the path of the value being read (for messages), keys
// given twice (a DOM keeps the last silently), integers beyond 64 bits (the
// DOM makes them fractional numbers) and numbers beyond a double (the DOM's
// message names no field). Every message is one line, sanitised and bounded.
class CheckedSax {
 public:
  explicit CheckedSax(json& root) : dom_(root) {}

  bool null() { return value(dom_.null()); }
  bool boolean(bool v) { return value(dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) { return value(dom_.number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return value(dom_.number_unsigned(v)); }
  bool number_float(json::number_float_t v, const std::string& text) {
    // An integer literal only becomes a float when it does not fit 64 bits.
    if (text.find_first_of(".eE") == std::string::npos) fail(printable(text) + " is too large");
    return value(dom_.number_float(v, text));
  }
  bool string(std::string& v) { return value(dom_.string(v)); }
  bool binary(json::binary_t& v) { return value(dom_.binary(v)); }
  bool start_object(std::size_t n) {
    enter(false);
    return dom_.start_object(n);
  }
  bool key(std::string& k) {
    Level& l = levels_.back();
    if (!l.keys.insert(k).second) {
      l.key = k;
      fail("the key appears twice in one object (a typo is never ignored)");
    }
    l.key = k;
    return dom_.key(k);
  }
  bool end_object() {
    levels_.pop_back();
    return value(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    enter(true);
    return dom_.start_array(n);
  }
  bool end_array() {
    levels_.pop_back();
    return value(dom_.end_array());
  }
  bool parse_error(std::size_t, const std::string&, const json::exception& e) {
    // nlohmann's text: "[json.exception.<kind>.<id>] <message>"; the message
    // may quote the offending token (any length, any bytes).
    std::string what = e.what();
    const auto at = what.find("] ");
    if (at != std::string::npos) what = what.substr(at + 2);
    if (e.id == 406) fail("number out of range: " + printable(what, 120));  // 1e400
    throw NetworkFormatError("malformed JSON: " + printable(what, 200));
  }

 private:
  struct Level {
    bool array = false;
    size_t index = 0;
    std::string key;
    std::set<std::string> keys;
  };
  static constexpr size_t kMaxDepth = 64;

  void enter(bool array) {
    if (levels_.size() >= kMaxDepth) {
      fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    levels_.push_back({array, 0, {}, {}});
  }
  bool value(bool ok) {
    if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
    return ok;
  }
  // The path of the value being read: "weights.input.dense[0][2]".
  std::string path() const {
    std::string p;
    for (const Level& l : levels_) {
      if (l.array) {
        p += "[" + std::to_string(l.index) + "]";
      } else if (!l.key.empty()) {
        p += (p.empty() ? "" : ".") + printable(l.key);
      }
    }
    return p.empty() ? "network" : p;
  }
  [[noreturn]] void fail(const std::string& what) const { throw NetworkFormatError(path() + ": " + what); }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Level> levels_;
};

}  // namespace

Network load_network(const std::filesystem::path& path) {
  const std::string name = printable(path.string(), 200);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw NetworkFormatError(name + ": is a directory, not a network file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NetworkFormatError(name + ": cannot open the file");
  // Read the whole file first so that a read error is reported as one.
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw NetworkFormatError(name + ": cannot read the file");
  try {
    return network_from_text(text.str());
  } catch (const NetworkFormatError& e) {
    throw NetworkFormatError(name + ": " + e.what());
  }
}

Network network_from_text(std::string_view text) {
  json doc;
  CheckedSax sax(doc);
  try {
    json::sax_parse(text, &sax);
  } catch (const NetworkFormatError&) {
    throw;
  } catch (const json::exception& e) {
    // Anything the SAX handler did not see (none known): still one line.
    throw NetworkFormatError("malformed JSON: " + printable(e.what(), 200));
  }
  return network_from_json(doc);
}

void save_network(const Network& net, const std::filesystem::path& path) {
  write_file_atomically(path, network_to_json(net).dump(1) + "\n");
}

}  // namespace synfire
