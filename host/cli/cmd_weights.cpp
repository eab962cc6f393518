// synfire weights: read a board's (learned) weights back into a network
// file, or write the weights of a network file onto a board.
#include <iostream>
#include <optional>
#include <stdexcept>

#include "commands.hpp"
#include "common.hpp"
#include "network_json.hpp"

namespace synfire::cli {

namespace {

struct WeightsOptions {
  PortOptions port;
  OutputOptions out;
  NetworkOptions net;
  std::string in;   // network file whose weights are written to the board
  std::string out_path;  // network file the board's network is read into
};

// Replaces the weights and plastic flags of `dst` with those of `src`.
void copy_weights(Network& dst, const Network& src, const std::string& src_name) {
  if (src.neurons != dst.neurons || src.inputs != dst.inputs) {
    throw std::invalid_argument(src_name + " has " + std::to_string(src.neurons) + " neurons and " +
                     std::to_string(src.inputs) + " inputs but the loaded network has " +
                     std::to_string(dst.neurons) + " and " + std::to_string(dst.inputs));
  }
  dst.w_rec = src.w_rec;
  dst.w_in = src.w_in;
  dst.plastic_rec = src.plastic_rec;
  dst.plastic_in = src.plastic_in;
  if (std::string err = validate(dst); !err.empty()) throw std::invalid_argument(src_name + ": " + err);
}

void run_weights(const WeightsOptions& opts) {
  if (opts.in.empty() && opts.out_path.empty()) throw UsageError("give --in FILE, --out FILE or both");
  check_output_paths({{"--out", opts.out_path}}, {opts.in, opts.net.path});
  require_network_for(opts.port, opts.net);
  std::optional<Network> source;
  if (!opts.in.empty()) source = load_network(opts.in);
  std::optional<Network> upload;
  if (!opts.net.path.empty()) upload = load_network_file(opts.net);

  std::unique_ptr<Backend> backend = open_backend(opts.port);
  if (upload) {
    // --network replaces whatever the board holds: said, never silent.
    const std::string kind = backend->info().kind;
    const double t0 = now_seconds();
    ProgressBar bar(opts.out, "load");
    bar.busy("uploading " + opts.net.path + " to " + kind);
    backend->load(*upload, bar.transfer());
    bar.finish();
    note(opts.out, "loaded " + opts.net.path + " (" + std::to_string(upload->neurons) + " neurons, " +
                       std::to_string(upload->inputs) + " inputs) onto " + kind + " in " +
                       format_fixed(now_seconds() - t0, 2) + " s" +
                       (is_in_process(opts.port.port) ? "" : ", replacing the network that was on the board"));
  } else {
    require_loaded(*backend, opts.port);
  }
  if (source) {
    // The board's parameters stay; only weights and flags change. Uploading
    // resets the neuron state and the step counter (docs/cli.md).
    ProgressBar bar(opts.out, "weights");
    bar.busy("reading the network back from " + backend->info().kind);
    Network net = backend->read_network(bar.transfer());
    copy_weights(net, *source, opts.in);
    bar.busy("uploading the weights of " + opts.in);
    backend->load(net, bar.transfer());
    bar.finish();
    note(opts.out, "wrote the weights of " + opts.in + " (neuron state and step counter reset)");
  }
  if (!opts.out_path.empty()) {
    ProgressBar bar(opts.out, "weights");
    bar.busy("reading the weights back from " + backend->info().kind);
    const Network net = backend->read_network(bar.transfer());
    bar.finish();
    save_network(net, opts.out_path);
    if (!opts.out.quiet && !opts.out.json) std::cout << "weights: " << opts.out_path << '\n';
  }
  if (opts.out.json) {
    nlohmann::json j = {{"command", "weights"}, {"port", opts.port.port}};
    if (!opts.in.empty()) j["written_from"] = opts.in;
    if (!opts.out_path.empty()) j["read_to"] = opts.out_path;
    std::cout << j.dump() << '\n';
  }
}

}  // namespace

void setup_weights(CLI::App& app) {
  auto opts = std::make_shared<WeightsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "weights", "read the board's weights into a network file (--out) or write a file's weights onto it (--in)");
  add_port_options(*cmd, opts->port);
  // --network uploads a network first (the in-process back ends start
  // empty); --learn and --seed would change nothing that weights reads or writes.
  add_network_options(*cmd, opts->net, false);
  cmd->add_option("--in", opts->in, "network file whose weights and plastic flags are written to the board")->type_name("FILE");
  cmd->add_option("-o,--out", opts->out_path, "network file to write with the board's current weights")->type_name("FILE");
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_weights(*opts); });
}

}  // namespace synfire::cli
