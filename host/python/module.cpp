// The compiled part of the Python module `synfire` (synfire._synfire). It
// only converts: every computation is the C++ library's (model, driver,
// units, file formats), so Python and the CLI give the same bits. Arrays
// cross as numpy arrays (copies); C++ exceptions become Python exceptions
// with the same message:
//   synfire.BackendError (RuntimeError)     a back end or the link failed
//   synfire.CapacityError (BackendError)    the network does not fit the back end
//   synfire.NetworkFormatError (ValueError) a network file or document is invalid
//   synfire.FileError (OSError)             a spike or probe file cannot be read or written
//   ValueError                              std::invalid_argument (units, validation)
//   IndexError                              std::out_of_range
//   RuntimeError                            any other std::exception
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "backend.hpp"
#include "backends.hpp"
#include "boards.hpp"
#include "fixed_point.hpp"
#include "io_error.hpp"
#include "link_backend.hpp"
#include "network.hpp"
#include "network_json.hpp"
#include "nir.hpp"
#include "printable.hpp"
#include "probe_file.hpp"
#include "simulator.hpp"
#include "spike_file.hpp"
#include "suggest.hpp"
#include "units.hpp"

namespace py = pybind11;

namespace synfire::python {
namespace {

template <typename T>
using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;

// A copy of a row-major matrix as a (rows, cols) numpy array.
template <typename T>
py::array_t<T> matrix(const std::vector<T>& data, int rows, int cols) {
  py::array_t<T> out({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  if (!data.empty()) std::memcpy(out.mutable_data(), data.data(), data.size() * sizeof(T));
  return out;
}

// A network's matrix as a read-only copy: `net.w_in[0, 0] = 99` raises
// ("assignment destination is read-only") instead of changing a copy that
// is then thrown away; change a .copy() and assign it back.
template <typename T>
py::array_t<T> frozen_matrix(const std::vector<T>& data, int rows, int cols) {
  py::array_t<T> out = matrix(data, rows, cols);
  out.attr("setflags")(py::arg("write") = false);
  return out;
}

// The network's neuron parameters as a live sequence: net.params[i] is the
// network's own NeuronParams, so net.params[0].threshold = 7 changes the
// network. Its length is fixed (N); it keeps the network alive.
struct ParamsView {
  Network* net;
  size_t index(py::ssize_t i) const {
    const auto n = static_cast<py::ssize_t>(net->params.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw py::index_error("neuron " + std::to_string(i < 0 ? i - n : i) + " is outside the network's " + std::to_string(n));
    return static_cast<size_t>(i);
  }
};

// A network's delays as a read-only 1-D copy, and back from any sequence of
// `count` integers in [0, 15] (docs/model.md, "Axonal delays").
py::array_t<uint8_t> frozen_delays(const std::vector<uint8_t>& d) {
  py::array_t<uint8_t> out = matrix(d, 1, static_cast<int>(d.size())).attr("reshape")(static_cast<py::ssize_t>(d.size()));
  out.attr("setflags")(py::arg("write") = false);
  return out;
}

std::vector<uint8_t> delays_from(const py::object& in, size_t count, const char* what) {
  const auto a = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(in);
  if (!a || a.ndim() != 1 || static_cast<size_t>(a.size()) != count) {
    throw std::invalid_argument(std::string(what) + " needs " + std::to_string(count) + " integers");
  }
  std::vector<uint8_t> out(count);
  for (size_t k = 0; k < count; ++k) {
    const int64_t v = a.data()[k];
    if (v < 0 || v > fx::kDelayMax) {
      throw std::invalid_argument(std::string(what) + "[" + std::to_string(k) + "] = " + std::to_string(v) +
                                  " is outside [0, " + std::to_string(fx::kDelayMax) + "]");
    }
    out[k] = static_cast<uint8_t>(v);
  }
  return out;
}

// Neuron parameters from any sequence of NeuronParams of length N (a list, or net.params).
std::vector<NeuronParams> params_from(const py::object& seq, size_t n) {
  std::vector<NeuronParams> out;
  for (const py::handle item : seq) out.push_back(item.cast<NeuronParams>());
  if (out.size() != n) {
    throw std::invalid_argument("params needs " + std::to_string(n) + " entries, got " + std::to_string(out.size()));
  }
  return out;
}

// A (rows, cols) array into a row-major vector, range-checked against [lo, hi].
template <typename T>
std::vector<T> from_matrix(const py::object& in, int rows, int cols, int lo, int hi, const char* what) {
  const auto a = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(in);
  if (!a) throw std::invalid_argument(std::string(what) + " must be an array of integers");
  if (a.ndim() != 2 || a.shape(0) != rows || a.shape(1) != cols) {
    std::ostringstream msg;
    msg << what << " has shape (";
    for (py::ssize_t d = 0; d < a.ndim(); ++d) msg << (d ? ", " : "") << a.shape(d);
    msg << "), the network needs (" << rows << ", " << cols << ")";
    throw std::invalid_argument(msg.str());
  }
  std::vector<T> out(static_cast<size_t>(a.size()));
  const int64_t* p = a.data();
  for (size_t k = 0; k < out.size(); ++k) {
    if (p[k] < lo || p[k] > hi) {
      throw std::invalid_argument(std::string(what) + "[" + std::to_string(k / static_cast<size_t>(cols)) + ", " +
                                  std::to_string(k % static_cast<size_t>(cols)) + "] = " + std::to_string(p[k]) +
                                  " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    out[k] = static_cast<T>(p[k]);
  }
  return out;
}

// Spikes as a (K, 2) uint32 array of (step, index).
py::array_t<uint32_t> spike_array(const std::vector<Spike>& spikes) {
  py::array_t<uint32_t> out({static_cast<py::ssize_t>(spikes.size()), py::ssize_t{2}});
  auto m = out.mutable_unchecked<2>();
  for (size_t k = 0; k < spikes.size(); ++k) {
    m(static_cast<py::ssize_t>(k), 0) = spikes[k].step;
    m(static_cast<py::ssize_t>(k), 1) = spikes[k].index;
  }
  return out;
}

std::vector<Spike> spikes_from(const py::object& obj) {
  if (obj.is_none()) return {};
  const auto a = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a) throw std::invalid_argument("spikes must be an array of (step, index) rows");
  if (a.size() == 0) return {};
  if (a.ndim() != 2 || a.shape(1) != 2) throw std::invalid_argument("spikes must have shape (K, 2): rows of (step, index)");
  std::vector<Spike> out;
  out.reserve(static_cast<size_t>(a.shape(0)));
  auto r = a.unchecked<2>();
  for (py::ssize_t k = 0; k < a.shape(0); ++k) {
    if (r(k, 0) < 0 || r(k, 0) > UINT32_MAX || r(k, 1) < 0 || r(k, 1) > UINT32_MAX) {
      throw std::invalid_argument("spike row " + std::to_string(k) + " = (" + std::to_string(r(k, 0)) + ", " +
                                  std::to_string(r(k, 1)) + ") has a negative or too large step or index");
    }
    out.push_back({static_cast<uint32_t>(r(k, 0)), static_cast<uint32_t>(r(k, 1))});
  }
  return out;
}

// Probe samples as a (S, 8) int64 array: step, neuron, u, v, adapt,
// refractory, trace_pre, trace_post (the columns of a probe file).
py::array_t<int64_t> probe_array(const std::vector<ProbeSample>& samples) {
  py::array_t<int64_t> out({static_cast<py::ssize_t>(samples.size()), py::ssize_t{8}});
  auto m = out.mutable_unchecked<2>();
  for (size_t k = 0; k < samples.size(); ++k) {
    const auto i = static_cast<py::ssize_t>(k);
    const ProbeSample& s = samples[k];
    const int64_t row[8] = {s.step, s.neuron, s.state.u, s.state.v, s.state.adapt,
                            s.state.refractory, s.state.trace_pre, s.state.trace_post};
    for (py::ssize_t c = 0; c < 8; ++c) m(i, c) = row[c];
  }
  return out;
}

py::dict state_dict(const NeuronState& s) {
  py::dict d;
  d["u"] = s.u;
  d["v"] = s.v;
  d["adapt"] = s.adapt;
  d["refractory"] = s.refractory;
  d["trace_pre"] = s.trace_pre;
  d["trace_post"] = s.trace_post;
  return d;
}

// A whole number argument as uint32 in [lo, hi], or a ValueError (TypeError
// for what is not a number) that names the argument and the value, instead
// of pybind11's "incompatible function arguments" dump.
int64_t whole(const py::object& v, const char* name, int64_t lo, int64_t hi) {
  if (PyBool_Check(v.ptr()) || !PyIndex_Check(v.ptr())) {
    throw py::type_error(std::string(name) + " must be a whole number, got " +
                         std::string(py::str(py::type::of(v).attr("__name__"))) + " " + std::string(py::repr(v)));
  }
  const py::int_ i = py::reinterpret_steal<py::int_>(PyNumber_Index(v.ptr()));
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  if (overflow != 0 || x < lo || x > hi) {
    const std::string shown = py::str(static_cast<const py::handle&>(i)).cast<std::string>();
    throw py::value_error(std::string(name) + " = " + shown + " is outside [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]" + (std::string(name) == "steps" ? ": a run needs at least one step" : ""));
  }
  return x;
}

uint32_t whole_u32(const py::object& v, const char* name, int64_t lo, int64_t hi = UINT32_MAX) {
  return static_cast<uint32_t>(whole(v, name, lo, hi));
}

// Setters that refuse a value outside the field's range, so that a mistake
// is named where it is made rather than at the next load or save: the value
// must be a whole number that fits the field; it is set, and if `problem`
// then finds the object invalid (it was valid before) it is put back and
// ValueError carries the message (validate()'s wording). A NeuronParams or
// StdpParams is checked on its own, inside a one-neuron network (so w_min
// and w_max against 8-bit weights); a Network's scalars against their own
// ranges. What a value implies for the rest (weights that no longer fit a
// smaller weight_bits) is checked at load and save, as for a network file.
template <class Obj, class T>
void def_checked(py::class_<Obj>& c, const char* name, T Obj::*member, std::string (*problem)(const Obj&)) {
  c.def_property(
      name, [member](const Obj& o) { return o.*member; },
      [name, member, problem](Obj& o, const py::object& v) {
        const T x = static_cast<T>(whole(v, name, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
        const bool was_valid = problem(o).empty();
        const T old = o.*member;
        o.*member = x;
        if (const std::string why = problem(o); was_valid && !why.empty()) {
          o.*member = old;
          throw py::value_error(why);
        }
      });
}

std::string neuron_problem(const NeuronParams& p) {
  Network net = Network::empty(1, 0);
  net.params[0] = p;
  const std::string why = validate(net);
  const std::string prefix = "neurons[0].";  // a standalone neuron has no index
  return why.rfind(prefix, 0) == 0 ? why.substr(prefix.size()) : why;
}

std::string range_problem(const char* name, int64_t v, int64_t lo, int64_t hi) {
  if (v >= lo && v <= hi) return "";
  return std::string(name) + " = " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
         std::to_string(hi) + "]";
}

std::string network_problem(const Network& n) {
  std::string why = range_problem("weight_bits", n.weight_bits, fx::kWeightBitsMin, fx::kWeightBitsMax);
  if (why.empty()) why = range_problem("weight_exp_rec", n.weight_exp_rec, 0, fx::kWeightExpMax);
  if (why.empty()) why = range_problem("weight_exp_in", n.weight_exp_in, 0, fx::kWeightExpMax);
  if (why.empty()) why = range_problem("adapt_interval_log2", n.adapt_interval_log2, 0, fx::kAdaptIntervalLog2Max);
  return why;
}

std::string stdp_problem(const StdpParams& s) {
  Network net = Network::empty(1, 0);
  net.stdp = s;
  return validate(net);
}

std::string norm_problem(const NormParams& q) {
  Network net = Network::empty(1, 0);
  net.norm = q;
  return validate(net);
}

std::string link_stats_repr(const LinkStats& s) {
  return "LinkStats(crc_errors=" + std::to_string(s.crc_errors) + ", framing_errors=" + std::to_string(s.framing_errors) +
         ", retries=" + std::to_string(s.retries) + ", dropped_frames=" + std::to_string(s.dropped_frames) +
         ", output_overflows=" + std::to_string(s.output_overflows) + ", late_steps=" + std::to_string(s.late_steps) + ")";
}

// The result of one run.
struct PyRun {
  uint32_t steps = 0;
  py::array_t<uint32_t> spikes;
  py::array_t<int64_t> probes;
  LinkStats link;
};

// A back end and what the Python side needs to remember about it.
class PyBackend {
 public:
  explicit PyBackend(std::unique_ptr<Backend> b) : b_(std::move(b)) {}

  py::dict info() {
    const BoardInfo i = b_->info();
    py::dict d;
    d["kind"] = i.kind;
    d["protocol_version"] = i.protocol_version;
    d["neurons"] = i.neurons;
    d["inputs"] = i.inputs;
    d["weight_bits"] = i.weight_bits;
    d["clock_hz"] = i.clock_hz;
    d["baud"] = i.baud;
    // The names `synfire info` prints (tests/python/test_module.py compares them).
    py::list features;
    for (const std::string& name : feature_names(i.features)) features.append(name);
    d["features"] = features;
    py::dict build;
    build["commit"] = i.build.commit;
    build["dirty"] = i.build.dirty();
    build["config"] = i.build.config;
    build["text"] = i.build.text();
    d["build"] = build;
    return d;
  }

  PyRun run(const py::object& steps_obj, const py::object& inputs, const py::object& probes_obj,
            const py::object& probe_every_obj, const py::object& period_us_obj,
            const py::object& progress) {
    check_progress(progress);
    const uint32_t steps = whole_u32(steps_obj, "steps", 1);
    const uint32_t probe_every = whole_u32(probe_every_obj, "probe_every", 1);
    const uint32_t period_us = whole_u32(period_us_obj, "period_us", 0);
    std::vector<Spike> in = spikes_from(inputs);
    std::vector<uint32_t> pr;
    if (!probes_obj.is_none()) for (const py::handle item : probes_obj) pr.push_back(whole_u32(py::reinterpret_borrow<py::object>(item), "probes", 0, 65535));
    std::sort(pr.begin(), pr.end());
    pr.erase(std::unique(pr.begin(), pr.end()), pr.end());
    std::vector<Spike> out;
    std::vector<ProbeSample> samples;
    RunRequest req;
    req.steps = steps;
    req.inputs = in;
    req.probes = pr;
    req.probe_every = probe_every;
    req.period_us = period_us;
    req.on_spikes = [&](std::span<const Spike> s) { out.insert(out.end(), s.begin(), s.end()); };
    req.on_probes = [&](std::span<const ProbeSample> p) { samples.insert(samples.end(), p.begin(), p.end()); };
    req.on_progress = [&](uint32_t done, uint32_t total) {
      // Ctrl-C in Python stops a long run at the next progress report.
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none()) progress(done, total);
    };
    RunSummary summary;
    {
      py::gil_scoped_release release;
      summary = b_->run(req);
    }
    PyRun r;
    r.steps = summary.steps;
    r.spikes = spike_array(out);
    r.probes = probe_array(samples);
    r.link = summary.link;
    return r;
  }

  // Uploads and read-backs with the GIL released; `progress(done, total)`
  // (may be None) hears the back end's TransferProgress, and Ctrl-C stops
  // the transfer at its next report.
  void load(const Network& net, const py::object& progress) {
    check_progress(progress);
    const TransferProgress report = transfer_progress(progress);
    py::gil_scoped_release release;
    b_->load(net, report);
  }
  Network read_network(const py::object& progress) {
    check_progress(progress);
    const TransferProgress report = transfer_progress(progress);
    py::gil_scoped_release release;
    return b_->read_network(report);
  }

  Backend& operator*() { return *b_; }
  Backend* operator->() { return b_.get(); }

 private:
  std::unique_ptr<Backend> b_;

  // A progress= argument is None or a callable f(done, total).
  static void check_progress(const py::object& progress) {
    if (!progress.is_none() && !PyCallable_Check(progress.ptr())) {
      throw py::type_error("progress must be None or a callable f(done, total), not " +
                           py::str(py::type::of(progress).attr("__name__")).cast<std::string>());
    }
  }
  // `progress` outlives the call it reports on (the caller's argument).
  static TransferProgress transfer_progress(const py::object& progress) {
    return [&progress](uint64_t done, uint64_t total) {
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none()) progress(done, total);
    };
  }
};

std::unique_ptr<PyBackend> open_backend(const std::string& port, uint32_t baud, uint32_t timeout_ms) {
  // The CLI's --port checks (host/cli/common.cpp check_port_name), as ValueError.
  using backends::PortProblem;
  const std::string use = " (use 'model', 'sim' or a serial device such as /dev/ttyUSB1; synfire.list_serial_ports())";
  switch (backends::check_port(port)) {
    case PortProblem::kEmpty:
      throw std::invalid_argument("port is empty" + use);
    case PortProblem::kUnknownName:
      throw std::invalid_argument("port " + printable(port, 60, true) + ": no such back end or device" +
                                  did_you_mean(port, backends::in_process_names()) + use);
    case PortProblem::kDirectory:
    case PortProblem::kRegularFile:
      throw std::invalid_argument("port " + printable(port, 200, true) + ": not a serial port but a " +
                                  (std::filesystem::is_directory(port) ? "directory" : "regular file") + use);
    case PortProblem::kNone:
    case PortProblem::kNoDevice:
      break;
  }
  if (!backends::is_in_process(port)) {
    if (baud == 0) baud = boards::shared_baud();
    if (baud == 0) throw std::invalid_argument("baud is required: the boards do not share one baud rate");
  }
  return std::make_unique<PyBackend>(backends::open_backend(port, baud, timeout_ms));
}

// Per-neuron parameters as a dict of numpy arrays (one entry per field).
#define SYNFIRE_NEURON_FIELDS(X) \
  X(decay_u) X(decay_v) X(bias) X(threshold) X(v_reset) X(refractory) X(adapt_step) X(decay_adapt)

py::dict params_dict(const Network& net) {
  py::dict d;
#define X(f)                                                                       \
  {                                                                                \
    py::array_t<int32_t> a(static_cast<py::ssize_t>(net.params.size()));           \
    for (size_t k = 0; k < net.params.size(); ++k) a.mutable_at(k) = net.params[k].f; \
    d[#f] = a;                                                                     \
  }
  SYNFIRE_NEURON_FIELDS(X)
#undef X
  return d;
}

// Sets the named fields from scalars or arrays of N values, all or none:
// an unknown name or a value outside its field's range raises ValueError.
void set_params(Network& net, const py::dict& d) {
  const size_t n = net.params.size();
  std::vector<NeuronParams> params = net.params;
  for (const auto& [key, value] : d) {
    const std::string name = py::str(key);
    const auto a = Array<int64_t>::ensure(value);
    if (!a || (a.size() != 1 && static_cast<size_t>(a.size()) != n)) {
      throw std::invalid_argument("neuron parameter " + name + " must be one integer or " + std::to_string(n));
    }
    bool known = false;
    for (size_t k = 0; k < n; ++k) {
      const int64_t v = a.data()[a.size() == 1 ? 0 : k];
      if (v < INT32_MIN || v > INT32_MAX) throw std::invalid_argument("neuron parameter " + name + " = " + std::to_string(v) + " is out of range");
#define X(f) if (name == #f) { params[k].f = static_cast<int32_t>(v); known = true; }
      SYNFIRE_NEURON_FIELDS(X)
#undef X
      if (!known) break;
    }
    if (!known) {
      std::vector<std::string> names;
#define X(f) names.emplace_back(#f);
      SYNFIRE_NEURON_FIELDS(X)
#undef X
      throw std::invalid_argument("no neuron parameter named " + name + did_you_mean(name, names));
    }
  }
  for (size_t k = 0; k < n; ++k) {
    if (const std::string why = neuron_problem(params[k]); !why.empty()) {
      throw std::invalid_argument("neuron " + std::to_string(k) + ": " + why);
    }
  }
  std::copy(params.begin(), params.end(), net.params.begin());  // in place: views stay valid
}

void check_valid(const Network& net) {
  const std::string problem = validate(net);
  if (!problem.empty()) throw std::invalid_argument(problem);
}

}  // namespace
}  // namespace synfire::python

PYBIND11_MODULE(_synfire, m) {
  using namespace synfire;
  using namespace synfire::python;
  m.doc() = "synfire's C++ core: networks, back ends, units, file formats, NIR";

  // Exceptions, most specific first so that subclasses match before their bases.
  static py::exception<BackendError> backend_error(m, "BackendError", PyExc_RuntimeError);
  static py::exception<CapacityError> capacity_error(m, "CapacityError", backend_error.ptr());
  static py::exception<NetworkFormatError> format_error(m, "NetworkFormatError", PyExc_ValueError);
  static py::exception<io::FileError> file_error(m, "FileError", PyExc_OSError);
  static py::exception<nir::NirError> nir_error(m, "NirError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const CapacityError& e) {
      capacity_error(e.what());
    } catch (const BackendError& e) {
      backend_error(e.what());
    } catch (const NetworkFormatError& e) {
      format_error(e.what());
    } catch (const io::FileError& e) {
      file_error(e.what());
    } catch (const nir::NirError& e) {
      nir_error(e.what());
    }
  });

  py::class_<NeuronParams> neuron_params(m, "NeuronParams", "integer parameters of one neuron (docs/model.md)");
  for (const auto& [name, member] : std::initializer_list<std::pair<const char*, int32_t NeuronParams::*>>{
           {"decay_u", &NeuronParams::decay_u}, {"decay_v", &NeuronParams::decay_v},
                                     {"bias", &NeuronParams::bias}, {"threshold", &NeuronParams::threshold},
                                     {"v_reset", &NeuronParams::v_reset}, {"refractory", &NeuronParams::refractory},
                                     {"adapt_step", &NeuronParams::adapt_step}, {"decay_adapt", &NeuronParams::decay_adapt}}) {
    def_checked(neuron_params, name, member, &neuron_problem);
  }
  neuron_params
      .def(py::init<>())
      .def(py::self == py::self)
      .def("__repr__", [](const NeuronParams& p) {
        return "NeuronParams(decay_u=" + std::to_string(p.decay_u) + ", decay_v=" + std::to_string(p.decay_v) +
               ", bias=" + std::to_string(p.bias) + ", threshold=" + std::to_string(p.threshold) +
               ", v_reset=" + std::to_string(p.v_reset) + ", refractory=" + std::to_string(p.refractory) +
               ", adapt_step=" + std::to_string(p.adapt_step) + ", decay_adapt=" + std::to_string(p.decay_adapt) + ")";
      });

  py::class_<StdpParams> stdp_params(m, "StdpParams", "integer STDP parameters (docs/model.md)");
  for (const auto& [name, member] : std::initializer_list<std::pair<const char*, int32_t StdpParams::*>>{
           {"a_plus", &StdpParams::a_plus}, {"a_minus", &StdpParams::a_minus},
                                     {"shift", &StdpParams::shift}, {"trace_inc_pre", &StdpParams::trace_inc_pre},
                                     {"trace_inc_post", &StdpParams::trace_inc_post}, {"decay_pre", &StdpParams::decay_pre},
                                     {"decay_post", &StdpParams::decay_post}, {"w_min", &StdpParams::w_min},
                                     {"w_max", &StdpParams::w_max}, {"trace_bits", &StdpParams::trace_bits}}) {
    def_checked(stdp_params, name, member, &stdp_problem);
  }
  stdp_params
      .def(py::init<>())
      .def_property(
          "rule",
          [](const StdpParams& p) { return p.rule == StdpRule::kSoftBound ? "soft_bound" : "additive"; },
          [](StdpParams& p, const std::string& rule) {
            if (rule == "additive") {
              p.rule = StdpRule::kAdditive;
            } else if (rule == "soft_bound") {
              p.rule = StdpRule::kSoftBound;
            } else {
              throw py::value_error("stdp.rule must be \"additive\" or \"soft_bound\", not \"" + rule + "\"");
            }
          },
          "\"additive\" or \"soft_bound\" (weight-dependent amounts, docs/model.md)")
      .def(py::self == py::self)
      .def("__repr__", [](const StdpParams& p) {
        return "StdpParams(a_plus=" + std::to_string(p.a_plus) + ", a_minus=" + std::to_string(p.a_minus) +
               ", shift=" + std::to_string(p.shift) + ", trace_inc_pre=" + std::to_string(p.trace_inc_pre) +
               ", trace_inc_post=" + std::to_string(p.trace_inc_post) + ", decay_pre=" + std::to_string(p.decay_pre) +
               ", decay_post=" + std::to_string(p.decay_post) + ", w_min=" + std::to_string(p.w_min) +
               ", w_max=" + std::to_string(p.w_max) +
               (p.rule == StdpRule::kSoftBound ? ", rule='soft_bound'" : "") +
               (p.trace_bits != 8 ? ", trace_bits=" + std::to_string(p.trace_bits) : "") + ")";
      });

  py::class_<NormParams> norm_params(m, "NormParams",
                                     "on-chip weight normalisation (docs/model.md, \"Weight normalisation\")");
  for (const auto& [name, member] : std::initializer_list<std::pair<const char*, int32_t NormParams::*>>{
           {"target", &NormParams::target}, {"shift", &NormParams::shift},
           {"interval_log2", &NormParams::interval_log2}}) {
    def_checked(norm_params, name, member, &norm_problem);
  }
  norm_params.def(py::init<>())
      .def_property(
          "enabled", [](const NormParams& q) { return q.enabled; },
          [](NormParams& q, const py::object& v) {
            if (!py::isinstance<py::bool_>(v)) {
              throw py::type_error("weight_norm.enabled must be True or False, not " +
                                   py::str(py::type::of(v).attr("__name__")).cast<std::string>());
            }
            q.enabled = v.cast<bool>();
          })
      .def(py::self == py::self)
      .def("__repr__", [](const NormParams& q) {
        return std::string("NormParams(enabled=") + (q.enabled ? "True" : "False") +
               ", target=" + std::to_string(q.target) + ", shift=" + std::to_string(q.shift) +
               ", interval_log2=" + std::to_string(q.interval_log2) + ")";
      });

  py::class_<ParamsView>(m, "NeuronParamsList",
                         "a network's neuron parameters, live (net.params): net.params[i].threshold = 7 changes the network")
      .def("__len__", [](const ParamsView& v) { return v.net->params.size(); })
      .def("__getitem__", [](ParamsView& v, py::ssize_t i) -> NeuronParams& { return v.net->params[v.index(i)]; },
           py::return_value_policy::reference_internal)
      .def("__setitem__", [](ParamsView& v, py::ssize_t i, const NeuronParams& p) { v.net->params[v.index(i)] = p; })
      .def("__iter__", [](ParamsView& v) { return py::make_iterator(v.net->params.begin(), v.net->params.end()); },
           py::keep_alive<0, 1>())
      .def("__eq__", [](const ParamsView& v, const py::object& other) {
        try {
          return params_from(other, v.net->params.size()) == v.net->params;
        } catch (const std::exception&) {
          return false;
        }
      })
      .def("__repr__", [](const ParamsView& v) {
        return "<NeuronParamsList of " + std::to_string(v.net->params.size()) + " neurons, live>";
      });

  py::class_<Network> network(m, "Network",
                              "a synfire network (docs/network-format.md); weights and flags are numpy copies");
  def_checked(network, "weight_bits", &Network::weight_bits, &network_problem);
  def_checked(network, "weight_exp_rec", &Network::weight_exp_rec, &network_problem);
  def_checked(network, "weight_exp_in", &Network::weight_exp_in, &network_problem);
  def_checked(network, "seed", &Network::seed, &network_problem);
  def_checked(network, "adapt_interval_log2", &Network::adapt_interval_log2, &network_problem);
  network
      .def(py::init([](int neurons, int inputs) {
             if (neurons < 1 || neurons > kMaxNeurons) {
               throw std::invalid_argument("neurons = " + std::to_string(neurons) + " is outside [1, 4096]");
             }
             if (inputs < 0 || inputs > kMaxInputs) {
               throw std::invalid_argument("inputs = " + std::to_string(inputs) + " is outside [0, 4096]");
             }
             return Network::empty(neurons, inputs);
           }),
           py::arg("neurons"), py::arg("inputs") = 0)
      .def_static("load", [](const std::filesystem::path& p) { return load_network(p); }, py::arg("path"),
                  "reads and validates a network file (NetworkFormatError naming the field)")
      .def("save", [](const Network& n, const std::filesystem::path& p) { check_valid(n); save_network(n, p); },
           py::arg("path"), "writes the network file atomically")
      .def_static("from_json", [](const std::string& text) {
             nlohmann::json doc;
             try {
               doc = nlohmann::json::parse(text);
             } catch (const nlohmann::json::exception& e) {
               throw NetworkFormatError(std::string("not JSON: ") + e.what());
             }
             return network_from_json(doc);
           }, py::arg("text"))
      .def("to_json", [](const Network& n) { check_valid(n); return network_to_json(n).dump(); })
      .def("validate", &check_valid, "raises ValueError naming the first field outside its range")
      .def("copy", [](const Network& n) { return n; })
      .def(py::self == py::self)
      .def_readonly("neurons", &Network::neurons)
      .def_readonly("inputs", &Network::inputs)
      .def_property("learning", [](const Network& n) { return n.learning; },
                    [](Network& n, const py::object& v) {
                      py::detail::make_caster<bool> on;  // bool, numpy.bool_, 0/1
                      if (!on.load(v, true)) {
                        throw py::type_error("learning must be True or False, not " +
                                             py::str(py::type::of(v).attr("__name__")).cast<std::string>());
                      }
                      n.learning = py::detail::cast_op<bool>(on);
                    })
      .def_readwrite("stdp", &Network::stdp)
      .def_readwrite("weight_norm", &Network::norm)
      .def_property("params", [](Network& n) { return ParamsView{&n}; },
                    [](Network& n, const py::object& p) {
                      const std::vector<NeuronParams> v = params_from(p, n.params.size());
                      std::copy(v.begin(), v.end(), n.params.begin());  // in place: views stay valid
                    }, py::keep_alive<0, 1>(),
                    "the NeuronParams of each neuron, live: net.params[0].threshold = 7 changes the network; "
                    "assign a list of N to replace them all")
      .def("neuron_params", &params_dict, "the neuron parameters as a dict of numpy arrays, one per field")
      .def("set_neuron_params", [](Network& n, const py::kwargs& kw) { set_params(n, kw); },
           "sets fields of every neuron from integers or arrays of N values, e.g. threshold=1000")
      .def_property("w_rec", [](const Network& n) { return frozen_matrix(n.w_rec, n.neurons, n.neurons); },
                    [](Network& n, const py::object& a) {
                      n.w_rec = from_matrix<int8_t>(a, n.neurons, n.neurons, n.weight_min(), n.weight_max(), "w_rec");
                    }, "recurrent weights, (N, N) int8, w_rec[i, j] is neuron i -> neuron j; a read-only copy: "
                       "w = net.w_rec.copy(); w[0, 1] = 5; net.w_rec = w")
      .def_property("w_in", [](const Network& n) { return frozen_matrix(n.w_in, n.inputs, n.neurons); },
                    [](Network& n, const py::object& a) {
                      n.w_in = from_matrix<int8_t>(a, n.inputs, n.neurons, n.weight_min(), n.weight_max(), "w_in");
                    }, "input weights, (M, N) int8, w_in[a, j] is axon a -> neuron j; a read-only copy: "
                       "w = net.w_in.copy(); w[0, 1] = 5; net.w_in = w")
      .def_property("plastic_rec", [](const Network& n) { return frozen_matrix(n.plastic_rec, n.neurons, n.neurons); },
                    [](Network& n, const py::object& a) {
                      n.plastic_rec = from_matrix<uint8_t>(a, n.neurons, n.neurons, 0, 1, "plastic_rec");
                    }, "1 where a recurrent synapse is plastic, (N, N) uint8 (a read-only copy; assign a whole array)")
      .def_property("plastic_in", [](const Network& n) { return frozen_matrix(n.plastic_in, n.inputs, n.neurons); },
                    [](Network& n, const py::object& a) {
                      n.plastic_in = from_matrix<uint8_t>(a, n.inputs, n.neurons, 0, 1, "plastic_in");
                    }, "1 where an input synapse is plastic, (M, N) uint8 (a read-only copy; assign a whole array)")
      .def_property("delay_rec", [](const Network& n) { return frozen_delays(n.delay_rec); },
                    [](Network& n, const py::object& a) { n.delay_rec = delays_from(a, n.delay_rec.size(), "delay_rec"); },
                    "axonal delay of each neuron's spikes in steps, (N,) uint8 in [0, 15]: a spike at step t "
                    "arrives at t + 1 + delay_rec[i] (a read-only copy; assign a whole array)")
      .def_property("delay_in", [](const Network& n) { return frozen_delays(n.delay_in); },
                    [](Network& n, const py::object& a) { n.delay_in = delays_from(a, n.delay_in.size(), "delay_in"); },
                    "axonal delay of each input axon in steps, (M,) uint8 in [0, 15]: an input at step t "
                    "arrives at t + delay_in[a] (a read-only copy; assign a whole array)")
      .def("__repr__", [](const Network& n) {
        return "Network(neurons=" + std::to_string(n.neurons) + ", inputs=" + std::to_string(n.inputs) +
               ", weight_bits=" + std::to_string(n.weight_bits) + ", learning=" + (n.learning ? "True" : "False") + ")";
      });

  py::class_<LinkStats>(m, "LinkStats", "what the link dropped or repaired during a run")
      .def_readonly("crc_errors", &LinkStats::crc_errors)
      .def_readonly("framing_errors", &LinkStats::framing_errors)
      .def_readonly("retries", &LinkStats::retries)
      .def_readonly("dropped_frames", &LinkStats::dropped_frames)
      .def_readonly("output_overflows", &LinkStats::output_overflows)
      .def_readonly("late_steps", &LinkStats::late_steps)
      .def("__repr__", &link_stats_repr)
      .def("__bool__", [](const LinkStats& s) {
        return s.crc_errors + s.framing_errors + s.retries + s.dropped_frames + s.output_overflows + s.late_steps != 0;
      }, "True if the link dropped or repaired anything")
      .def("as_dict", [](const LinkStats& s) {
        py::dict d;
        d["crc_errors"] = s.crc_errors; d["framing_errors"] = s.framing_errors; d["retries"] = s.retries;
        d["dropped_frames"] = s.dropped_frames; d["output_overflows"] = s.output_overflows; d["late_steps"] = s.late_steps;
        return d;
      }, "the counters as a dict (the keys of the CLI's JSON \"link\" object)");

  py::class_<PyRun>(m, "RunResult", "spikes (K, 2) uint32 rows of (step, neuron); probes (S, 8) int64 rows "
                                    "of (step, neuron, u, v, adapt, refractory, trace_pre, trace_post)")
      .def_readonly("steps", &PyRun::steps)
      .def_readonly("spikes", &PyRun::spikes)
      .def_readonly("probes", &PyRun::probes)
      .def_readonly("link", &PyRun::link)
      .def("__repr__", [](const PyRun& r) {
        return "RunResult(steps=" + std::to_string(r.steps) + ", spikes=<" + std::to_string(r.spikes.shape(0)) +
               " rows>, probes=<" + std::to_string(r.probes.shape(0)) + " rows>, link=" + link_stats_repr(r.link) + ")";
      });

  py::class_<PyBackend>(m, "Backend", "a back end: the reference model, the RTL under Verilator, or a board")
      .def("info", &PyBackend::info, "what is behind the back end, as a dict")
      .def("load", &PyBackend::load, py::arg("network"), py::arg("progress") = py::none(),
           "uploads the network and resets all state and the step counter; progress(done, total) "
           "is called as the upload proceeds")
      .def("set_learning", [](PyBackend& b, bool on) { b->set_learning(on); }, py::arg("on"))
      .def("run", &PyBackend::run, py::arg("steps"), py::arg("inputs") = py::none(),
           py::arg("probes") = py::list(), py::arg("probe_every") = 1, py::arg("period_us") = 0,
           py::arg("progress") = py::none(),
           "runs steps from the current state; inputs: (K, 2) rows of (step, axon), steps relative to this run")
      .def("read_network", &PyBackend::read_network, py::arg("progress") = py::none(),
           "the network with its current (learned) weights; progress(done, total) is called as "
           "the read-back proceeds")
      .def("neuron_state", [](PyBackend& b, uint32_t i) { return state_dict(b->neuron_state(i)); }, py::arg("neuron"))
      .def("time", [](PyBackend& b) { return b->time(); }, "the step counter")
      .def("read_state", [](PyBackend& b) { return b->read_state(); },
           "the whole dynamic state (step counter, neuron states, pending spikes, axon traces)")
      .def("write_state", [](PyBackend& b, const NetworkState& s) { b->write_state(s); }, py::arg("state"),
           "sets the dynamic state of the loaded network: a run then continues from it");

  py::class_<NetworkState>(m, "NetworkState",
                           "a network's dynamic state (docs/file-formats.md, \"State files\"): "
                           "board.read_state(), board.write_state(s), NetworkState.load(path), s.save(path)")
      .def(py::init<>())
      .def_readwrite("step", &NetworkState::step)
      .def_readwrite("pending", &NetworkState::pending)
      .def_readwrite("axon_traces", &NetworkState::axon_traces)
      .def_property_readonly("arrivals", [](const NetworkState& s) {
        py::list out;
        for (const StateArrivals& r : s.arrivals) out.append(py::make_tuple(r.step, r.neurons, r.axons));
        return out;
      }, "delayed events in flight: a list of (step, neurons, axons) arriving at later steps (a copy)")
      .def_property_readonly("neurons", [](const NetworkState& s) {
        py::array_t<int64_t> a({static_cast<py::ssize_t>(s.neurons.size()), py::ssize_t{6}});
        auto r = a.mutable_unchecked<2>();
        for (size_t j = 0; j < s.neurons.size(); ++j) {
          const NeuronState& n = s.neurons[j];
          const int64_t f[6] = {n.u, n.v, n.adapt, n.refractory, n.trace_pre, n.trace_post};
          for (py::ssize_t k = 0; k < 6; ++k) r(static_cast<py::ssize_t>(j), k) = f[k];
        }
        return a;
      }, "(N, 6) int64: u, v, adapt, refractory, trace_pre, trace_post (a copy)")
      .def("save", [](const NetworkState& s, const std::filesystem::path& p) { save_state(s, p); }, py::arg("path"))
      .def_static("load", [](const std::filesystem::path& p) { return load_state(p); }, py::arg("path"))
      .def(py::self == py::self);

  m.def("open", &open_backend, py::arg("port") = "model", py::arg("baud") = 0u, py::arg("timeout_ms") = 2000u,
        "opens a back end: 'model', 'sim' or a serial device (a board or the virtual board's pty)");
  m.def("list_serial_ports", [] {
    py::list out;
    for (const PortInfo& p : list_serial_ports()) {
      py::dict d;
      d["path"] = p.path;
      d["description"] = p.description;
      d["vid"] = p.vid;
      d["pid"] = p.pid;
      d["manufacturer"] = p.manufacturer;
      d["product"] = p.product;
      out.append(d);
    }
    return out;
  });

  m.def("read_spikes", [](const std::filesystem::path& p) { return spike_array(io::read_spikes(p)); },
        py::arg("path"), "a spike file (.csv or .aer) as a (K, 2) uint32 array of (step, index)");
  m.def("write_spikes", [](const std::filesystem::path& p, const py::object& s) {
          const std::vector<Spike> spikes = spikes_from(s);
          io::write_spikes(p, spikes);
        }, py::arg("path"), py::arg("spikes"));
  m.def("read_probes", [](const std::filesystem::path& p) { return probe_array(io::read_probes(p)); },
        py::arg("path"));

  // Units (host/model/units.hpp); Python's float('inf') is kInfinity.
  py::module_ u = m.def_submodule("units", "physical parameters to integers (docs/model.md)");
  u.def("decay_from_tau", &units::decay_from_tau, py::arg("tau"), py::arg("dt"));
  u.def("tau_from_decay", &units::tau_from_decay, py::arg("decay"), py::arg("dt"));
  u.def("tau_relative_error", &units::tau_relative_error, py::arg("tau"), py::arg("dt"));
  u.def("steps_from_duration", &units::steps_from_duration, py::arg("duration"), py::arg("dt"));
  u.def("potential_from_value", &units::potential_from_value, py::arg("value"), py::arg("lsb"),
        py::arg("what") = "value");
  u.def("weight_exp_for", &units::weight_exp_for, py::arg("max_abs_weight"), py::arg("lsb"),
        py::arg("weight_bits") = 8);
  u.def("weight_from_value", &units::weight_from_value, py::arg("w"), py::arg("lsb"), py::arg("exp"),
        py::arg("weight_bits") = 8);
  u.def("psp_coupling", &units::psp_coupling, py::arg("tau_syn"), py::arg("tau_mem"), py::arg("dt"));
  u.def("current_jump", &units::current_jump, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"), py::arg("dt"));
  u.def("current_jump_mean", &units::current_jump_mean, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"),
        py::arg("dt"));
  u.def("voltage_jump", &units::voltage_jump, py::arg("w"), py::arg("tau_mem"), py::arg("dt"));
  u.def("psp_error_bound", &units::psp_error_bound, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"), py::arg("dt"),
        py::arg("lsb"), py::arg("weight_bits") = 8);
  u.def("lsb_for_psp", &units::lsb_for_psp, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"), py::arg("dt"),
        py::arg("max_relative_error"), py::arg("weight_bits") = 8);
  u.def("require_psp_error", &units::require_psp_error, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"),
        py::arg("dt"), py::arg("lsb"), py::arg("max_relative_error"), py::arg("weight_bits") = 8);
  u.def("psp_error_message", &units::psp_error_message, py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"),
        py::arg("dt"), py::arg("lsb"), py::arg("max_relative_error"), py::arg("weight_bits") = 8);
  u.def("check_psp_error",
        [](double w, double tau_syn, double tau_mem, double dt, double lsb, double max_relative_error,
           int weight_bits) {
          const std::string message =
              units::psp_error_message(w, tau_syn, tau_mem, dt, lsb, max_relative_error, weight_bits);
          if (message.empty()) return true;
          // A warning (warnings.warn): the conversion goes on; filters can make it an error.
          if (PyErr_WarnEx(PyExc_UserWarning, message.c_str(), 1) != 0) throw py::error_already_set();
          return false;
        },
        py::arg("w"), py::arg("tau_syn"), py::arg("tau_mem"), py::arg("dt"), py::arg("lsb"),
        py::arg("max_relative_error") = 0.01, py::arg("weight_bits") = 8,
        "True when psp_error_bound is within max_relative_error; else a UserWarning naming the lsb that would be");
  u.def("stdp_effective_amplitude", &units::stdp_effective_amplitude, py::arg("amplitude"), py::arg("trace_inc"),
        py::arg("shift"));

  py::class_<units::StdpSpec>(u, "StdpSpec", "pair-based STDP in physical form (units.hpp)")
      .def(py::init([](double a_plus, double a_minus, double tau_plus, double tau_minus, double dt, int32_t trace_inc,
                       int32_t w_min, int32_t w_max, int32_t trace_bits) {
             return units::StdpSpec{a_plus, a_minus, tau_plus, tau_minus, dt, trace_inc, w_min, w_max, trace_bits};
           }),
           py::arg("a_plus") = 0.0, py::arg("a_minus") = 0.0, py::arg("tau_plus") = 20.0, py::arg("tau_minus") = 20.0,
           py::arg("dt") = 1.0, py::arg("trace_inc") = 128, py::arg("w_min") = -128, py::arg("w_max") = 127,
           py::arg("trace_bits") = 8)
      .def_readwrite("a_plus", &units::StdpSpec::a_plus)
      .def_readwrite("a_minus", &units::StdpSpec::a_minus)
      .def_readwrite("tau_plus", &units::StdpSpec::tau_plus)
      .def_readwrite("tau_minus", &units::StdpSpec::tau_minus)
      .def_readwrite("dt", &units::StdpSpec::dt)
      .def_readwrite("trace_inc", &units::StdpSpec::trace_inc)
      .def_readwrite("w_min", &units::StdpSpec::w_min)
      .def_readwrite("w_max", &units::StdpSpec::w_max)
      .def_readwrite("trace_bits", &units::StdpSpec::trace_bits);
  u.def("stdp_from_spec", &units::stdp_from_spec, py::arg("spec"));
  u.def("stdp_bins_from_rule", &units::stdp_bins_from_rule, py::arg("rule"));
  u.def("stdp_bins_from_brian2", &units::stdp_bins_from_brian2, py::arg("brian2"));
  u.def("stdp_rule_from_brian2", &units::stdp_rule_from_brian2, py::arg("brian2"));
  u.def("stdp_from_rule", &units::stdp_from_rule, py::arg("rule"));
  u.def("trace_decay_for", &units::trace_decay_for, py::arg("tau"), py::arg("dt"), py::arg("inc"),
        py::arg("trace_bits") = 8);
  u.def("trace_shape_error", &units::trace_shape_error, py::arg("inc"), py::arg("decay"), py::arg("tau"),
        py::arg("dt"), py::arg("trace_bits") = 8);
  u.def("stdp_window_sums", [](const StdpParams& p) {
    const units::StdpWindowSums s = units::stdp_window_sums(p);
    return py::make_tuple(s.potentiation, s.depression);
  }, py::arg("params"), "(potentiation, depression): each side of the window summed over all bins, weight steps");

  py::class_<units::LifSpec>(u, "LifSpec", "a current-based LIF neuron in physical form (units.hpp)")
      .def(py::init([](double dt, double tau_u, double tau_v, double threshold, double v_reset, double bias,
                       double refractory, double adapt_step, double tau_adapt, double lsb) {
             return units::LifSpec{dt, tau_u, tau_v, threshold, v_reset, bias, refractory, adapt_step, tau_adapt, lsb};
           }),
           py::arg("dt") = 1.0, py::arg("tau_u") = 5.0, py::arg("tau_v") = 20.0, py::arg("threshold") = 1.0,
           py::arg("v_reset") = 0.0, py::arg("bias") = 0.0, py::arg("refractory") = 0.0, py::arg("adapt_step") = 0.0,
           py::arg("tau_adapt") = units::kInfinity, py::arg("lsb") = 1.0 / 1024)
      .def_readwrite("dt", &units::LifSpec::dt)
      .def_readwrite("tau_u", &units::LifSpec::tau_u)
      .def_readwrite("tau_v", &units::LifSpec::tau_v)
      .def_readwrite("threshold", &units::LifSpec::threshold)
      .def_readwrite("v_reset", &units::LifSpec::v_reset)
      .def_readwrite("bias", &units::LifSpec::bias)
      .def_readwrite("refractory", &units::LifSpec::refractory)
      .def_readwrite("adapt_step", &units::LifSpec::adapt_step)
      .def_readwrite("tau_adapt", &units::LifSpec::tau_adapt)
      .def_readwrite("lsb", &units::LifSpec::lsb);
  u.def("neuron_from_spec", &units::neuron_from_spec, py::arg("spec"));

  // NIR (host/nir): import to a network with its report, export a network.
  m.def("nir_import", [](const std::filesystem::path& p, double dt, double lsb, int weight_bits,
                          const std::string& convention, const std::string& reset) {
          nir::ImportOptions o;
          o.dt = dt;
          o.lsb = lsb;
          o.weight_bits = weight_bits;
          o.convention = nir::convention_from_name(convention);
          if (reset == "value") o.reset = nir::Reset::kValue;
          else if (reset == "subtract") o.reset = nir::Reset::kSubtract;
          else if (reset != "auto") throw nir::NirError("unknown reset " + reset + " (auto, value or subtract)");
          nir::Imported r = nir::import_file(p, o);
          const nir::Report& d = r.details;
          py::list nodes, projections;
          for (const nir::NodeReport& n : d.nodes) {
            py::dict x;
            x["name"] = n.name; x["type"] = n.type; x["readout"] = n.readout; x["first"] = n.first;
            x["count"] = n.count; x["lsb"] = n.lsb; x["lsb_min"] = n.lsb_min; x["threshold"] = n.threshold;
            x["threshold_steps"] = n.threshold_steps; x["threshold_error"] = n.threshold_error;
            x["bias_largest"] = n.bias_largest; x["biases_zeroed"] = n.biases_zeroed; x["rest_shift"] = n.rest_shift;
            x["tau_syn"] = n.tau_syn; x["tau_mem"] = n.tau_mem; x["tau_syn_error"] = n.tau_syn_error;
            x["tau_mem_error"] = n.tau_mem_error; x["truncation"] = n.truncation; x["v_range"] = n.v_range;
            nodes.append(x);
          }
          for (const nir::ProjectionReport& q : d.projections) {
            py::dict x;
            x["source"] = q.source; x["target"] = q.target; x["block"] = q.block; x["exponent"] = q.exponent;
            x["step"] = q.step; x["synapses"] = q.error.synapses; x["zeros"] = q.error.zeros;
            x["median"] = q.error.median; x["p95"] = q.error.p95; x["max"] = q.error.max; x["largest"] = q.error.largest;
            projections.append(x);
          }
          py::dict rep;
          rep["text"] = r.report;
          rep["convention"] = nir::convention_name(d.convention);
          rep["convention_reason"] = d.convention_reason;
          rep["dt"] = d.dt;
          rep["dt_reason"] = d.dt_reason;
          rep["input_delay"] = d.input_delay;
          rep["lsb_reason"] = d.lsb_reason;
          rep["weight_exp_in"] = d.weight_exp_in;
          rep["weight_exp_rec"] = d.weight_exp_rec;
          rep["lsb"] = py::array_t<double>(static_cast<py::ssize_t>(d.lsb.size()), d.lsb.data());
          rep["nodes"] = nodes;
          rep["projections"] = projections;
          rep["notes"] = d.notes;
          return py::make_tuple(std::move(r.network), rep);
        }, py::arg("path"), py::arg("dt") = 0.0, py::arg("lsb") = 0.0, py::arg("weight_bits") = 8,
        py::arg("convention") = "auto", py::arg("reset") = "auto",
        "reads a NIR file; returns (Network, report dict: 'text' and per node / per projection figures). "
        "dt, lsb 0: the file's synfire metadata, else chosen (docs/nir.md); convention 'auto', 'euler', 'norse', 'spyx', 'rockpool', 'sinabs' or 'dirac'; reset 'auto', 'value' or "
        "'subtract' (refused)");
  m.def("nir_export", [](const Network& n, const std::filesystem::path& p, double dt, double lsb) {
          nir::ExportOptions o;
          o.dt = dt;
          o.lsb = lsb;
          nir::export_file(n, p, o);
        }, py::arg("network"), py::arg("path"), py::arg("dt") = 1e-3, py::arg("lsb") = 1.0);
}
