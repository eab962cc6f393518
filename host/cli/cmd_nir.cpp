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
  std::string convention = "auto";
  std::string reset = "auto";
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

nlohmann::json details_json(const nir::Report& r) {
  nlohmann::json nodes = nlohmann::json::array(), projections = nlohmann::json::array();
  for (const nir::NodeReport& n : r.nodes) {
    nodes.push_back({{"name", n.name}, {"type", n.type}, {"readout", n.readout}, {"first", n.first}, {"count", n.count},
                     {"lsb", n.lsb}, {"lsb_min", n.lsb_min}, {"threshold", n.threshold}, {"threshold_steps", n.threshold_steps},
                     {"threshold_error", n.threshold_error}, {"bias_largest", n.bias_largest},
                     {"biases_zeroed", n.biases_zeroed}, {"rest_shift", n.rest_shift}, {"tau_syn", n.tau_syn},
                     {"tau_mem", n.tau_mem}, {"tau_syn_error", n.tau_syn_error}, {"tau_mem_error", n.tau_mem_error},
                     {"truncation", n.truncation}, {"v_range", n.v_range}});
  }
  for (const nir::ProjectionReport& p : r.projections) {
    projections.push_back({{"source", p.source}, {"target", p.target}, {"block", p.block}, {"exponent", p.exponent},
                           {"step", p.step}, {"synapses", p.error.synapses}, {"zeros", p.error.zeros},
                           {"median", p.error.median}, {"p95", p.error.p95}, {"max", p.error.max},
                           {"largest", p.error.largest}});
  }
  return {{"convention", nir::convention_name(r.convention)}, {"convention_reason", r.convention_reason},
          {"dt", r.dt}, {"dt_reason", r.dt_reason}, {"input_delay", r.input_delay}, {"lsb_reason", r.lsb_reason},
          {"weight_exp_in", r.weight_exp_in}, {"weight_exp_rec", r.weight_exp_rec}, {"lsb", r.lsb}, {"nodes", nodes},
          {"projections", projections}, {"notes", r.notes}};
}

void run_import(const NirOptions& opts) {
  check_writable(opts.to);
  nir::ImportOptions o;
  o.dt = opts.dt;
  o.lsb = opts.lsb;
  o.weight_bits = opts.weight_bits;
  o.convention = nir::convention_from_name(opts.convention);
  o.reset = opts.reset == "value" ? nir::Reset::kValue : opts.reset == "subtract" ? nir::Reset::kSubtract : nir::Reset::kAuto;
  const nir::Imported r = nir::import_file(opts.from, o);
  save_network(r.network, opts.to);
  if (opts.out.json) {
    std::cout << nlohmann::json{{"command", "nir import"}, {"from", opts.from}, {"to", opts.to},
                                {"neurons", r.network.neurons}, {"inputs", r.network.inputs},
                                {"report", lines(r.report)}, {"details", details_json(r.details)}}
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
                  "metadata, else what the exporter's signature says, else 1e-4 (euler, norse), 1 (spyx, sinabs) "
                  "or 1e-3 (dirac, rockpool))")
      ->type_name("SECONDS")->check(positive_number());
  cmd->add_option("--lsb", imp->lsb,
                  "potential units of one integer step, for every node (default: the file's synfire metadata, "
                  "else chosen per neuron node: the finest at which its weights fit)")
      ->type_name("V")->check(positive_number());
  cmd->add_option("--weight-bits", imp->weight_bits, "weight width")->type_name("B")->capture_default_str()
      ->check(in_range(2, 8));
  cmd->add_option("--convention", imp->convention,
                  "how the file's spikes and dynamics are read (docs/nir.md): dirac (NIR's definition, exact "
                  "integration; synfire's exports), euler (snnTorch, Norse's LIF: a spike is 1 for one step, forward "
                  "Euler), norse (Norse's CubaLIF: v sees a spike a step later), spyx (Euler decays, r and w_in "
                  "ignored), rockpool (exponential decays, r and w_in ignored), sinabs (exponential decays, time in "
                  "steps) or auto (synfire metadata: dirac; else a tool the graph's metadata names; else the "
                  "exporter whose parameter signature the file has)")
      ->type_name("NAME")->capture_default_str()
      ->check(one_of({"auto", "dirac", "euler", "norse", "spyx", "rockpool", "sinabs"}));
  cmd->add_option("--reset", imp->reset,
                  "the reset the file was trained with (NIR files do not say): value (v = v_reset, synfire's), "
                  "subtract (refused: synfire has no reset by subtraction) or auto (value, unless a node's "
                  "metadata says subtract)")
      ->type_name("MODE")->capture_default_str()->check(one_of({"auto", "value", "subtract"}));
  add_output_options(*cmd, imp->out);
  cmd->callback([imp] { run_import(*imp); });

  auto exp = std::make_shared<NirOptions>();
  exp->dt = 1e-3;
  cmd = nir->add_subcommand("export", "write a network file as a NIR graph (CubaLIF neurons, Linear weights)");
  cmd->add_option("network", exp->from, "network file to read (.json)")->type_name("FILE")->required();
  cmd->add_option("model", exp->to, "NIR file to write (.nir, HDF5)")->type_name("FILE")->required();
  cmd->add_option("--dt", exp->dt, "time of one synfire step in the file's time unit")
      ->type_name("SECONDS")->capture_default_str()->check(positive_number());
  cmd->add_option("--lsb", exp->lsb, "potential units of one integer step (default 1)")
      ->type_name("V")->check(positive_number());
  add_output_options(*cmd, exp->out);
  cmd->callback([exp] { run_export(*exp); });
}

}  // namespace synfire::cli
