// synfire convert: spike trains between CSV and the binary AER format.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "spike_file.hpp"

namespace synfire::cli {

namespace {

struct ConvertOptions {
  OutputOptions out;
  std::string from, to;
};

void run_convert(const ConvertOptions& opts) {
  // A bad extension fails before reading.
  check_output_paths({{"the output", opts.to, [](const std::string& p) { io::spike_format_for(p); }}}, {opts.from});
  const std::vector<Spike> spikes = io::read_spikes(opts.from);
  io::write_spikes(opts.to, spikes);
  if (opts.out.json) {
    std::cout << nlohmann::json{{"command", "convert"}, {"from", opts.from}, {"to", opts.to},
                                {"spikes", spikes.size()}}
                     .dump()
              << '\n';
  } else if (!opts.out.quiet) {
    std::cout << "wrote " << spikes.size() << " spikes to " << opts.to << '\n';
  }
}

}  // namespace

void setup_convert(CLI::App& app) {
  auto opts = std::make_shared<ConvertOptions>();
  CLI::App* cmd = app.add_subcommand("convert", "convert a spike train between .csv and .aer");
  cmd->add_option("from", opts->from, "spike file to read")->type_name("FILE")->required();
  cmd->add_option("to", opts->to, "spike file to write (format from its extension)")->type_name("FILE")->required();
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_convert(*opts); });
}

}  // namespace synfire::cli
