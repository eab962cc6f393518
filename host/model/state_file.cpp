#include "state_file.hpp"

#include <fstream>
#include <sstream>

#include "fixed_point.hpp"
#include "printable.hpp"
#include "temp_files.hpp"

namespace synfire {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw StateFormatError(where + ": " + what);
}

int64_t get_int(const json& doc, const std::string& where) {
  if (!doc.is_number_integer()) fail(where, "expected an integer");
  if (doc.is_number_unsigned()) {
    const uint64_t u = doc.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) fail(where, "is too large");
    return static_cast<int64_t>(u);
  }
  return doc.get<int64_t>();
}

int64_t get_in(const json& doc, const std::string& where, int64_t lo, int64_t hi) {
  const int64_t v = get_int(doc, where);
  if (v < lo || v > hi) {
    fail(where, std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
                    std::to_string(hi) + "]");
  }
  return v;
}

const json& member(const json& doc, const char* key) {
  if (!doc.contains(key)) fail(key, "missing field");
  return doc[key];
}

const json& array_member(const json& doc, const char* key) {
  const json& a = member(doc, key);
  if (!a.is_array()) fail(key, "expected an array");
  return a;
}

// Arrivals k = step - state step ahead: a neuron's spike only with
// 1 <= k <= its delay (k = 0 is the pending list), an axon's event with
// k < its delay; each list ascending, the steps ascending.
std::string validate_arrivals(const NetworkState& s, const Network& net) {
  for (size_t q = 0; q < s.arrivals.size(); ++q) {
    const StateArrivals& r = s.arrivals[q];
    const std::string at = "arrivals[" + std::to_string(q) + "]";
    // Steps ahead, modulo 2^32 as the step counter wraps.
    const int64_t k = static_cast<uint32_t>(r.step - s.step);
    if (k > fx::kDelayMax) {
      return at + ".step = " + std::to_string(r.step) + " is not within 15 steps after step " +
             std::to_string(s.step);
    }
    if (q > 0 && k <= static_cast<uint32_t>(s.arrivals[q - 1].step - s.step)) {
      return at + ".step is not after the previous entry's";
    }
    auto check = [&](const std::vector<uint16_t>& ids, const char* what, int count,
                     const std::vector<uint8_t>& delays, int64_t lead) -> std::string {
      for (size_t e = 0; e < ids.size(); ++e) {
        const std::string field = at + "." + what + "[" + std::to_string(e) + "] = " + std::to_string(ids[e]);
        if (ids[e] >= count || (e > 0 && ids[e] <= ids[e - 1])) {
          return field + " is not an ascending index below " + std::to_string(count);
        }
        if (k + lead > delays[ids[e]] || (lead == 0 && k == 0)) {
          return field + " cannot arrive " + std::to_string(k) + " steps ahead with a delay of " +
                 std::to_string(delays[ids[e]]);
        }
      }
      return "";
    };
    // Neurons: 1 <= k <= delay (lead 0, k = 0 refused); axons: k + 1 <= delay.
    if (std::string e = check(r.neurons, "neurons", net.neurons, net.delay_rec, 0); !e.empty()) return e;
    if (std::string e = check(r.axons, "axons", net.inputs, net.delay_in, 1); !e.empty()) return e;
  }
  return "";
}

}  // namespace

std::string validate(const NetworkState& s, const Network& net) {
  using namespace fx;
  if (s.neurons.size() != static_cast<size_t>(net.neurons)) {
    return "the state has " + std::to_string(s.neurons.size()) + " neurons, the network " +
           std::to_string(net.neurons);
  }
  if (s.axon_traces.size() != static_cast<size_t>(net.inputs)) {
    return "the state has " + std::to_string(s.axon_traces.size()) + " axon traces, the network " +
           std::to_string(net.inputs) + " inputs";
  }
  auto range = [](const std::string& field, int64_t v, int64_t lo, int64_t hi) -> std::string {
    if (v >= lo && v <= hi) return "";
    return field + " = " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]";
  };
  const int32_t trace_hi = trace_max(net.stdp.trace_bits);  // 255 or 16777215: the network's width
  for (size_t j = 0; j < s.neurons.size(); ++j) {
    const NeuronState& n = s.neurons[j];
    const std::string at = "neurons[" + std::to_string(j) + "].";
    for (const std::string& e :
         {range(at + "u", n.u, kPotentialMin, kPotentialMax),
          range(at + "v", n.v, kPotentialMin, kPotentialMax),
          range(at + "adapt", n.adapt, 0, kPotentialMax),
          range(at + "refractory", n.refractory, 0, kRefractoryMax),
          range(at + "trace_pre", n.trace_pre, 0, trace_hi),
          range(at + "trace_post", n.trace_post, 0, trace_hi)}) {
      if (!e.empty()) return e;
    }
  }
  for (size_t k = 0; k < s.pending.size(); ++k) {
    if (s.pending[k] >= net.neurons || (k > 0 && s.pending[k] <= s.pending[k - 1])) {
      return "pending[" + std::to_string(k) + "] = " + std::to_string(s.pending[k]) +
             " is not an ascending neuron index below " + std::to_string(net.neurons);
    }
  }
  for (size_t a = 0; a < s.axon_traces.size(); ++a) {
    const std::string e = range("axon_traces[" + std::to_string(a) + "]", s.axon_traces[a], 0, trace_hi);
    if (!e.empty()) return e;
  }
  return validate_arrivals(s, net);
}

json state_to_json(const NetworkState& s) {
  json doc;
  doc["format"] = "synfire-state";
  doc["version"] = kStateFormatVersion;
  doc["step"] = s.step;
  json neurons = json::array();
  for (const NeuronState& n : s.neurons) {
    neurons.push_back({n.u, n.v, n.adapt, n.refractory, n.trace_pre, n.trace_post});
  }
  doc["neurons"] = std::move(neurons);
  doc["pending"] = s.pending;
  doc["axon_traces"] = s.axon_traces;
  json arrivals = json::array();
  for (const StateArrivals& r : s.arrivals) {
    arrivals.push_back({{"step", r.step}, {"neurons", r.neurons}, {"axons", r.axons}});
  }
  doc["arrivals"] = std::move(arrivals);
  return doc;
}

NetworkState state_from_json(const json& doc) {
  if (!doc.is_object()) fail("state", "expected an object");
  for (const auto& [key, value] : doc.items()) {
    if (key != "format" && key != "version" && key != "step" && key != "neurons" &&
        key != "pending" && key != "axon_traces" && key != "arrivals") {
      fail(printable(key), "unknown field");
    }
  }
  const json& format = member(doc, "format");
  if (!format.is_string() || format.get<std::string>() != "synfire-state") {
    fail("format", "expected \"synfire-state\"");
  }
  const int64_t version = get_int(member(doc, "version"), "version");
  if (version != 1 && version != kStateFormatVersion) {
    fail("version", std::to_string(version) + " is not supported (this synfire reads versions 1 to " +
                        std::to_string(kStateFormatVersion) + ")");
  }
  if (version == 1 && doc.contains("arrivals")) fail("arrivals", "is not part of version 1");
  NetworkState s;
  s.step = static_cast<uint32_t>(get_in(member(doc, "step"), "step", 0, UINT32_MAX));
  const json& neurons = array_member(doc, "neurons");
  if (neurons.size() > static_cast<size_t>(kMaxNeurons)) fail("neurons", "more than 4096 entries");
  for (size_t j = 0; j < neurons.size(); ++j) {
    const std::string at = "neurons[" + std::to_string(j) + "]";
    const json& row = neurons[j];
    if (!row.is_array() || row.size() != 6) {
      fail(at, "expected [u, v, adapt, refractory, trace_pre, trace_post]");
    }
    int32_t f[6];
    for (size_t k = 0; k < 6; ++k) {
      f[k] = static_cast<int32_t>(get_in(row[k], at + "[" + std::to_string(k) + "]", INT32_MIN, INT32_MAX));
    }
    s.neurons.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  const json& pending = array_member(doc, "pending");
  for (size_t k = 0; k < pending.size(); ++k) {
    s.pending.push_back(static_cast<uint16_t>(
        get_in(pending[k], "pending[" + std::to_string(k) + "]", 0, kMaxNeurons - 1)));
  }
  const json& traces = array_member(doc, "axon_traces");
  if (traces.size() > static_cast<size_t>(kMaxInputs)) fail("axon_traces", "more than 4096 entries");
  for (size_t a = 0; a < traces.size(); ++a) {
    s.axon_traces.push_back(
        static_cast<int32_t>(get_in(traces[a], "axon_traces[" + std::to_string(a) + "]", INT32_MIN, INT32_MAX)));
  }
  if (version >= 2) {
    const json& arrivals = array_member(doc, "arrivals");
    if (arrivals.size() > static_cast<size_t>(fx::kDelaySlots)) fail("arrivals", "more than 16 entries");
    for (size_t q = 0; q < arrivals.size(); ++q) {
      const std::string at = "arrivals[" + std::to_string(q) + "]";
      const json& r = arrivals[q];
      if (!r.is_object() || r.size() != 3 || !r.contains("step") || !r.contains("neurons") ||
          !r.contains("axons")) {
        fail(at, "expected {\"step\", \"neurons\", \"axons\"}");
      }
      StateArrivals e;
      e.step = static_cast<uint32_t>(get_in(r["step"], at + ".step", 0, UINT32_MAX));
      auto ids = [&](const char* key, int max, std::vector<uint16_t>& out) {
        const json& list = r[key];
        if (!list.is_array()) fail(at + "." + key, "expected an array");
        for (size_t k = 0; k < list.size(); ++k) {
          out.push_back(static_cast<uint16_t>(
              get_in(list[k], at + "." + key + "[" + std::to_string(k) + "]", 0, max - 1)));
        }
      };
      ids("neurons", kMaxNeurons, e.neurons);
      ids("axons", kMaxInputs, e.axons);
      s.arrivals.push_back(std::move(e));
    }
  }
  return s;
}

NetworkState load_state(const std::filesystem::path& path) {
  const std::string name = printable(path.string(), 200);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StateFormatError(name + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw StateFormatError(name + ": cannot read the file");
  try {
    const json doc = json::parse(text.str());
    return state_from_json(doc);
  } catch (const StateFormatError& e) {
    throw StateFormatError(name + ": " + e.what());
  } catch (const json::exception& e) {
    throw StateFormatError(name + ": malformed JSON: " + printable(e.what(), 200));
  }
}

void save_state(const NetworkState& state, const std::filesystem::path& path) {
  write_file_atomically(path, state_to_json(state).dump() + "\n");
}

NetworkState simulator_state(const Simulator& sim) {
  const Network& net = sim.network();
  NetworkState s;
  s.step = sim.time();
  for (int j = 0; j < net.neurons; ++j) s.neurons.push_back(sim.neuron_state(j));
  s.pending = sim.pending_spikes();
  for (int a = 0; a < net.inputs; ++a) s.axon_traces.push_back(sim.axon_trace(a));
  for (int k = 0; k <= fx::kDelayMax; ++k) {
    StateArrivals r{sim.time() + static_cast<uint32_t>(k), k == 0 ? std::vector<uint16_t>{} : sim.arriving_neurons(k),
                    sim.arriving_axons(k)};
    if (!r.neurons.empty() || !r.axons.empty()) s.arrivals.push_back(std::move(r));
  }
  return s;
}

void set_simulator_state(Simulator& sim, const NetworkState& s) {
  sim.set_time(s.step);
  for (size_t j = 0; j < s.neurons.size(); ++j) sim.set_neuron_state(static_cast<int>(j), s.neurons[j]);
  for (int k = 0; k <= fx::kDelayMax; ++k) sim.set_arrivals(k, k == 0 ? s.pending : std::vector<uint16_t>{}, {});
  for (const StateArrivals& r : s.arrivals) {
    const int k = static_cast<int>(r.step - s.step);
    sim.set_arrivals(k, k == 0 ? s.pending : r.neurons, r.axons);
  }
  for (size_t a = 0; a < s.axon_traces.size(); ++a) {
    sim.set_axon_trace(static_cast<int>(a), s.axon_traces[a]);
  }
}

}  // namespace synfire
