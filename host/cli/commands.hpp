// The synfire subcommands. Each setup_<cmd>() adds one subcommand to the app,
// binds its options into a struct and sets a callback that calls run_<cmd>();
// a run_<cmd>() throws on failure (main prints the one-line error).
#pragma once

#include <CLI/CLI.hpp>

namespace synfire::cli {

void setup_ports(CLI::App& app);
void setup_info(CLI::App& app);
void setup_run(CLI::App& app);
void setup_load(CLI::App& app);
void setup_weights(CLI::App& app);
void setup_board(CLI::App& app);
void setup_plot(CLI::App& app);
void setup_bench(CLI::App& app);
void setup_convert(CLI::App& app);
void setup_flash(CLI::App& app);
void setup_nir(CLI::App& app);

}  // namespace synfire::cli
