// synfire nir import|export: NIR files (HDF5) to and from network files,
// with the quantisation report of the import (docs/nir.md).
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "network_json.hpp"
#include "nir.hpp"

namespace synfire::cli {

namespace {

struct NirOptions {
  OutputOptions out;
  std::string from, to;
  double dt = 0;   // import: 0 takes the file's, else 1e-3; export: set below
  double lsb = 0;  // import: 0 picks one; export: 0 means 1
  int weight_bits = 8;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void run_import(const NirOptions& opts) {
  check_writable(opts.to);
  nir::ImportOptions o;
  o.dt = opts.dt;
  o.lsb = opts.lsb;
  o.weight_bits = opts.weight_bits;
  const nir::Imported r = nir::import_file(opts.from, o);
  save_network(r.network, opts.to);
  if (opts.out.json) {
    std::cout << nlohmann::json{{"command", "nir import"}, {"from", opts.from}, {"to", opts.to},
                                {"neurons", r.network.neurons}, {"inputs", r.network.inputs},
                                {"report", lines(r.report)}}
                     .dump()
              << '\n';
  } else if (!opts.out.quiet) {
    std::cout << "wrote " << opts.to << ": " << r.network.neurons << " neurons, " << r.network.inputs
              << " inputs\n" << r.report;
  }
}

void run_export(const NirOptions& opts) {
  const Network net = load_network(opts.from);
  nir::ExportOptions o;
  o.dt = opts.dt;
  o.lsb = opts.lsb > 0 ? opts.lsb : 1.0;
  const std::string notes = nir::export_file(net, opts.to, o);
  if (opts.out.json) {
    std::cout << nlohmann::json{{"command", "nir export"}, {"from", opts.from}, {"to", opts.to},
                                {"notes", lines(notes)}}
                     .dump()
              << '\n';
  } else if (!opts.out.quiet) {
    std::cout << "wrote " << opts.to << " (" << net.neurons << " CubaLIF neurons, " << net.inputs << " inputs)\n" << notes;
  }
}

}  // namespace

void setup_nir(CLI::App& app) {
  CLI::App* nir = app.add_subcommand("nir", "NIR (Neuromorphic Intermediate Representation) files to and from networks");
  nir->require_subcommand(1);

  auto imp = std::make_shared<NirOptions>();
  CLI::App* cmd = nir->add_subcommand("import", "map a NIR graph onto a network file and report the quantisation");
  cmd->add_option("model", imp->from, "NIR file to read (.nir, HDF5)")->type_name("FILE")->required();
  cmd->add_option("network", imp->to, "network file to write (.json)")->type_name("FILE")->required();
  cmd->add_option("--dt", imp->dt,
                  "synfire's step in the file's time unit (NIR: seconds; default: the file's synfire "
                  "metadata, else 0.001)")
      ->type_name("SECONDS")->check(CLI::PositiveNumber.description(""));
  cmd->add_option("--lsb", imp->lsb,
                  "potential units of one integer step (default: the file's synfire metadata, else the "
                  "largest threshold, reset or leak potential over 16384)")
      ->type_name("V")->check(CLI::PositiveNumber.description(""));
  cmd->add_option("--weight-bits", imp->weight_bits, "weight width")->type_name("B")->capture_default_str()
      ->check(in_range(2, 8));
  add_output_options(*cmd, imp->out);
  cmd->callback([imp] { run_import(*imp); });

  auto exp = std::make_shared<NirOptions>();
  exp->dt = 1e-3;
  cmd = nir->add_subcommand("export", "write a network file as a NIR graph (CubaLIF neurons, Linear weights)");
  cmd->add_option("network", exp->from, "network file to read (.json)")->type_name("FILE")->required();
  cmd->add_option("model", exp->to, "NIR file to write (.nir, HDF5)")->type_name("FILE")->required();
  cmd->add_option("--dt", exp->dt, "time of one synfire step in the file's time unit")
      ->type_name("SECONDS")->capture_default_str()->check(CLI::PositiveNumber.description(""));
  cmd->add_option("--lsb", exp->lsb, "potential units of one integer step (default 1)")
      ->type_name("V")->check(CLI::PositiveNumber.description(""));
  add_output_options(*cmd, exp->out);
  cmd->callback([exp] { run_export(*exp); });
}

}  // namespace synfire::cli
