// synfire load: upload a network to a board and leave it there, so that later
// `synfire run` calls without --network continue from it.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace synfire::cli {

namespace {

struct LoadOptions {
  PortOptions port;
  OutputOptions out;
  NetworkOptions net;
};

void run_load(const LoadOptions& opts) {
  if (opts.net.path.empty()) throw UsageError("--network is required");
  const Network net = load_network_file(opts.net);
  std::unique_ptr<Backend> backend = open_backend(opts.port);
  const std::string kind = backend->info().kind;
  const double t0 = now_seconds();
  ProgressBar bar(opts.out, "load");
  bar.busy("uploading " + opts.net.path + " to " + kind);
  backend->load(net, bar.transfer());
  bar.finish();
  const double seconds = now_seconds() - t0;
  if (is_in_process(opts.port.port)) {
    note(opts.out, "note: the " + opts.port.port +
                       " back end lives inside this process and forgets the network when synfire "
                       "exits; this only checked that it fits");
  }
  if (opts.out.json) {
    std::cout << nlohmann::json{{"command", "load"}, {"port", opts.port.port}, {"backend", kind},
                                {"network", opts.net.path}, {"neurons", net.neurons},
                                {"inputs", net.inputs}, {"learning", net.learning},
                                {"seconds", seconds}}
                     .dump()
              << '\n';
    return;
  }
  if (!opts.out.quiet) {
    std::cout << "loaded " << opts.net.path << " (" << net.neurons << " neurons, " << net.inputs
              << " inputs, learning " << (net.learning ? "on" : "off") << ") onto " << kind << " in "
              << format_fixed(seconds, 2) << " s\n";
  }
}

}  // namespace

void setup_load(CLI::App& app) {
  auto opts = std::make_shared<LoadOptions>();
  CLI::App* cmd = app.add_subcommand("load", "upload a network to a board and leave it there (state reset to zero)");
  add_port_options(*cmd, opts->port);
  add_network_options(*cmd, opts->net);
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_load(*opts); });
}

}  // namespace synfire::cli
