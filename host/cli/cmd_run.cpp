// synfire run: load a network, run it for K steps with input spikes, stream
// the output spikes and probes to files as they arrive, save learned weights.
#include <algorithm>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "common.hpp"
#include "network_json.hpp"
#include "io_error.hpp"
#include "probe_file.hpp"
#include "spike_file.hpp"

namespace synfire::cli {

namespace {

struct RunOptions {
  PortOptions port;
  OutputOptions out;
  NetworkOptions net;
  uint32_t steps = 0;
  std::string input;        // input spike file (.csv / .aer)
  std::string spikes;       // output spike file
  std::string weights_out;  // network file with the learned weights
  std::string state_in;     // state file set before the run
  std::string state_out;    // state file written after the run
  std::string probe;        // neuron list
  uint32_t probe_every = 1;
  std::string probe_out;
  uint32_t period_us = 0;   // free-running step period (0: as fast as possible)
};

// Input spikes, checked against the network so that a bad index names the file.
std::vector<Spike> read_inputs(const RunOptions& opts, const std::optional<Network>& net) {
  if (opts.input.empty()) return {};
  std::vector<Spike> in = io::read_spikes(opts.input);
  if (net) {
    for (const Spike& s : in) {
      if (s.index >= static_cast<uint32_t>(net->inputs)) {
        throw io::FileError(opts.input + ": input spike at step " + std::to_string(s.step) +
                            " names axon " + std::to_string(s.index) + " but the network has " +
                            std::to_string(net->inputs) + " inputs");
      }
    }
  }
  // Spikes at or after the last step are outside this run.
  const auto late = std::count_if(in.begin(), in.end(), [&](const Spike& s) { return s.step >= opts.steps; });
  if (late > 0) {
    note(opts.out, "note: " + std::to_string(late) + " input spikes in " + opts.input +
                       " are at step " + std::to_string(opts.steps) + " or later and are not used");
    in.erase(std::remove_if(in.begin(), in.end(), [&](const Spike& s) { return s.step >= opts.steps; }),
             in.end());
  }
  return in;
}

void run_run(const RunOptions& opts) {
  require_network_for(opts.port, opts.net);
  if (!opts.probe.empty() && opts.probe_out.empty()) throw UsageError("--probe needs --probe-out FILE");
  if (opts.probe.empty() && !opts.probe_out.empty()) throw UsageError("--probe-out needs --probe NEURONS");

  // Outputs first: two on one file, or one on an input, would only fail
  // after the whole run (docs/file-formats.md).
  check_output_paths({{"--spikes", opts.spikes, [](const std::string& p) { io::spike_format_for(p); }},
                      {"--probe-out", opts.probe_out},
                      {"--weights-out", opts.weights_out},
                      {"--state-out", opts.state_out}},
                     {opts.net.path, opts.input, opts.state_in});
  // Read and check every input before touching the board or creating outputs.
  std::optional<Network> net;
  if (!opts.net.path.empty()) net = load_network_file(opts.net);
  const std::vector<Spike> inputs = read_inputs(opts, net);
  std::optional<NetworkState> state_in;
  if (!opts.state_in.empty()) {
    state_in = load_state(opts.state_in);
    if (net) {
      if (const std::string err = validate(*state_in, *net); !err.empty()) {
        throw StateFormatError(opts.state_in + ": " + err);
      }
    }
  }
  std::vector<uint32_t> probes;
  if (!opts.probe.empty()) probes = parse_index_list(opts.probe, "--probe");
  if (net && !probes.empty() && probes.back() >= static_cast<uint32_t>(net->neurons)) {
    throw UsageError("--probe: neuron " + std::to_string(probes.back()) + " is outside the network (" +
                     std::to_string(net->neurons) + " neurons)");
  }
  // Outputs go to temporary files that are renamed only when everything
  // worked; creating them now reports an unwritable path before the run.
  std::optional<io::SpikeWriter> spike_file;
  std::optional<io::ProbeWriter> probe_file;
  if (!opts.spikes.empty()) spike_file.emplace(opts.spikes);
  if (!opts.probe_out.empty()) probe_file.emplace(opts.probe_out);

  std::unique_ptr<Backend> backend = open_backend(opts.port);
  const BoardInfo board = backend->info();
  // Options the back end cannot honour are refused before anything is uploaded.
  if (opts.period_us != 0 && !(board.features & kFeatureFreeRun)) {
    throw UsageError("--period-us: " + board.kind + " cannot free-run at a fixed step period");
  }
  ProgressBar bar(opts.out, "run");
  if (net) {
    const double t0 = now_seconds();
    bar.busy("uploading " + opts.net.path + " to " + board.kind);
    backend->load(*net, bar.transfer());
    bar.finish();
    note(opts.out, "loaded " + opts.net.path + " (" + std::to_string(net->neurons) + " neurons, " +
                       std::to_string(net->inputs) + " inputs) onto " + board.kind + " in " +
                       format_fixed(now_seconds() - t0, 2) + " s");
  } else {
    require_loaded(*backend, opts.port);
    if (!opts.net.learn.empty()) backend->set_learning(opts.net.learn == "on");
  }
  if (state_in) backend->write_state(*state_in);

  RunRequest req;
  req.steps = opts.steps;
  req.inputs = inputs;
  req.probes = probes;
  req.probe_every = opts.probe_every;
  req.period_us = opts.period_us;
  req.on_spikes = [&](std::span<const Spike> s) {
    check_interrupted();
    if (spike_file) spike_file->write(s);
  };
  req.on_probes = [&](std::span<const ProbeSample> p) {
    check_interrupted();
    if (probe_file) probe_file->write(p);
  };
  req.on_progress = [&](uint32_t done, uint32_t total) {
    check_interrupted();
    bar.update(done, total);
  };
  const double t0 = now_seconds();
  const RunSummary summary = backend->run(req);
  const double seconds = now_seconds() - t0;
  bar.finish();

  std::optional<Network> trained;
  if (!opts.weights_out.empty()) {
    bar.busy("reading the weights back from " + board.kind);
    trained = backend->read_network(bar.transfer());
    bar.finish();
  }
  if (trained) save_network(*trained, opts.weights_out);
  if (!opts.state_out.empty()) save_state(backend->read_state(), opts.state_out);
  if (spike_file) spike_file->commit();
  if (probe_file) probe_file->commit();

  const std::string problems = describe_link_problems(summary.link);
  if (!problems.empty()) warn("the link reported " + problems);
  if (opts.out.json) {
    nlohmann::json j = {{"command", "run"},
                        {"port", opts.port.port},
                        {"backend", board.kind},
                        {"steps", summary.steps},
                        {"spikes", summary.spikes},
                        {"input_spikes", inputs.size()},
                        {"seconds", seconds},
                        {"steps_per_second", seconds > 0 ? summary.steps / seconds : 0.0},
                        {"link", link_stats_json(summary.link)}};
    nlohmann::json files = nlohmann::json::object();
    if (!opts.spikes.empty()) files["spikes"] = opts.spikes;
    if (!opts.probe_out.empty()) files["probes"] = opts.probe_out;
    if (!opts.weights_out.empty()) files["weights"] = opts.weights_out;
    if (!opts.state_out.empty()) files["state"] = opts.state_out;
    j["files"] = files;
    std::cout << j.dump() << '\n';
    return;
  }
  if (opts.out.quiet) return;
  std::cout << "ran " << summary.steps << " steps on " << board.kind << " in " << format_fixed(seconds, 2) << " s: "
            << summary.spikes << " output spikes from " << inputs.size() << " input spikes\n";
  if (!opts.spikes.empty()) std::cout << "spikes:  " << opts.spikes << '\n';
  if (!opts.probe_out.empty()) std::cout << "probes:  " << opts.probe_out << '\n';
  if (!opts.weights_out.empty()) std::cout << "weights: " << opts.weights_out << '\n';
  if (!opts.state_out.empty()) std::cout << "state:   " << opts.state_out << '\n';
}

}  // namespace

void setup_run(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "load a network, run it for K steps, save spikes, probes and learned weights");
  add_port_options(*cmd, opts->port);
  add_network_options(*cmd, opts->net);
  cmd->add_option("-k,--steps", opts->steps, "number of timesteps to run")->type_name("K")
      ->required()
      ->check(in_range(1u, UINT32_MAX));
  cmd->add_option("-i,--input", opts->input, "input spike file, step,index (.csv or .aer)")->type_name("FILE");
  cmd->add_option("-s,--spikes", opts->spikes, "output spike file (.csv or .aer), written as spikes arrive")->type_name("FILE");
  cmd->add_option("-w,--weights-out", opts->weights_out, "network file with the weights after the run")->type_name("FILE");
  cmd->add_option("--state-in", opts->state_in,
                  "state file (step, neuron states, pending spikes, axon traces) to continue from")
      ->type_name("FILE");
  cmd->add_option("--state-out", opts->state_out, "state file written after the run")->type_name("FILE");
  cmd->add_option("--probe", opts->probe, "neurons whose state is sampled, e.g. 0,3,8-11")->type_name("NEURONS");
  cmd->add_option("--probe-every", opts->probe_every, "sample the probes every K steps")->type_name("K")
      ->capture_default_str()
      ->check(in_range(1u, UINT32_MAX));
  cmd->add_option("--period-us", opts->period_us,
                  "free-run: one step every this many microseconds of the board's clock; output "
                  "that cannot keep up is dropped and counted (0: as fast as possible, lossless)")
      ->type_name("US")->check(whole_number<uint32_t>());
  cmd->add_option("--probe-out", opts->probe_out, "probe file (CSV: step,neuron,u,v,...)")->type_name("FILE");
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_run(*opts); });
}

}  // namespace synfire::cli
