// synfire bench: times the standard workload (workload.hpp) on a back end and
// prints one JSON line per measurement.
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "workload.hpp"

namespace synfire::cli {

namespace {

struct BenchOptions {
  PortOptions port;
  OutputOptions out;
  int neurons = 0;  // 0: min(256, capacity)
  int inputs = 0;
  uint32_t steps = 2000;
  double rate = 0.02;
  uint32_t seed = 1;
};

void emit(const nlohmann::json& base, const char* metric, double value, const char* unit) {
  nlohmann::json j = {{"bench", "synfire-bench"}, {"metric", metric}, {"value", value}, {"unit", unit}};
  j.update(base);
  std::cout << j.dump() << '\n' << std::flush;
}

void run_bench(const BenchOptions& o) {
  std::unique_ptr<Backend> backend = open_backend(o.port);
  const BoardInfo b = backend->info();
  const int n = o.neurons ? o.neurons : static_cast<int>(std::min<uint32_t>(256, b.neurons));
  const int m = o.inputs ? o.inputs : static_cast<int>(std::min<uint32_t>(256, b.inputs));
  const Network net = make_bench_network(n, m, o.seed);
  const std::vector<Spike> inputs = poisson_inputs(m, o.steps, o.rate, o.seed);

  for (bool learning : {false, true}) {
    Network workload = net;
    workload.learning = learning;
    const nlohmann::json base = {{"backend", b.kind}, {"port", o.port.port}, {"neurons", n}, {"inputs", m},
                                 {"steps", o.steps}, {"input_rate", o.rate}, {"learning", learning}};
    ProgressBar bar(o.out, learning ? "bench (learning on)" : "bench (learning off)");
    bar.busy("uploading the workload to " + b.kind);
    double t0 = now_seconds();
    backend->load(workload, bar.transfer());
    const double upload = now_seconds() - t0;
    bar.finish();

    RunRequest req;
    req.steps = o.steps;
    req.inputs = inputs;
    req.on_spikes = [](std::span<const Spike>) { check_interrupted(); };
    req.on_progress = [&](uint32_t done, uint32_t total) {
      check_interrupted();
      bar.update(done, total);
    };
    t0 = now_seconds();
    const RunSummary s = backend->run(req);
    const double seconds = now_seconds() - t0;
    bar.finish();
    bar.busy("reading the weights back from " + b.kind);
    t0 = now_seconds();
    backend->read_network(bar.transfer());
    const double readback = now_seconds() - t0;
    bar.finish();

    // Every presynaptic event (input spike or neuron spike) touches a whole row of N synapses.
    const double events = double(inputs.size() + s.spikes) * n;
    emit(base, "steps_per_second", o.steps / seconds, "steps/s");
    emit(base, "synaptic_events_per_second", events / seconds, "events/s");
    emit(base, "output_spikes", double(s.spikes), "spikes");
    emit(base, "upload_seconds", upload, "s");
    emit(base, "readback_seconds", readback, "s");
    const std::string problems = describe_link_problems(s.link);
    if (!problems.empty()) {
      warn("the link reported " + problems);
      nlohmann::json j = base;
      j["link"] = link_stats_json(s.link);
      emit(j, "link_problems", double(s.link.crc_errors + s.link.framing_errors + s.link.retries +
                                      s.link.dropped_frames + s.link.output_overflows + s.link.late_steps), "events");
    }
  }
}

}  // namespace

void setup_bench(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "time the standard workload on a back end (JSON lines on stdout)");
  add_port_options(*cmd, o->port);
  cmd->add_option("--neurons", o->neurons, "N (default: 256 or the board's capacity)")->type_name("N")->check(in_range(1, 4096));
  cmd->add_option("--inputs", o->inputs, "M (default: 256 or the board's capacity)")->type_name("M")->check(in_range(1, 4096));
  cmd->add_option("-k,--steps", o->steps, "timesteps per run")->type_name("K")->capture_default_str()->check(in_range(1u, 100000000u));
  cmd->add_option("--rate", o->rate, "input spike probability per axon and step")->type_name("P")->capture_default_str()->check(in_range(0.0, 1.0));
  cmd->add_option("--seed", o->seed, "seed of the workload")->type_name("SEED")->capture_default_str()
      ->check(whole_number<uint32_t>());
  add_output_options(*cmd, o->out);
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace synfire::cli
