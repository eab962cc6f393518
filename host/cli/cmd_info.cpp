// synfire info: what is behind a port (protocol, capacity, clock, features).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace synfire::cli {

namespace {

struct InfoOptions {
  PortOptions port;
  OutputOptions out;
};

std::string or_dash(uint32_t v, const char* unit = "") {
  return v == 0 ? std::string("-") : std::to_string(v) + unit;
}

void run_info(const InfoOptions& opts) {
  const BoardInfo b = open_backend(opts.port)->info();
  if (opts.out.json) {
    nlohmann::json j = {{"port", opts.port.port},         {"kind", b.kind},
                        {"protocol_version", b.protocol_version},
                        {"neurons", b.neurons},           {"inputs", b.inputs},
                        {"weight_bits", b.weight_bits},   {"clock_hz", b.clock_hz},
                        {"baud", b.baud},                 {"features", feature_names(b.features)},
                        {"build", {{"commit", b.build.commit}, {"dirty", b.build.dirty()},
                                   {"config", b.build.config}, {"text", b.build.text()}}}};
    std::cout << j.dump() << '\n';
    return;
  }
  std::string features;
  for (const std::string& f : feature_names(b.features)) features += (features.empty() ? "" : " ") + f;
  std::cout << "port          " << opts.port.port << '\n'
            << "back end      " << b.kind << '\n'
            << "protocol      " << or_dash(b.protocol_version) << '\n'
            << "neurons       " << b.neurons << '\n'
            << "inputs        " << b.inputs << '\n'
            << "weight bits   " << b.weight_bits << '\n'
            << "clock         " << or_dash(b.clock_hz, " Hz") << '\n'
            << "baud          " << or_dash(b.baud) << '\n'
            << "features      " << (features.empty() ? "-" : features) << '\n'
            << "image         " << (b.protocol_version == 0 ? "-" : b.build.text()) << '\n';
}

}  // namespace

void setup_info(CLI::App& app) {
  auto opts = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "show the protocol version, capacity, clock, baud, features and image of a back end");
  add_port_options(*cmd, opts->port);
  add_output_options(*cmd, opts->out);
  cmd->callback([opts] { run_info(*opts); });
}

}  // namespace synfire::cli
