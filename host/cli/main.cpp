// synfire: the command line of the synfire neuromorphic emulator. It only
// parses the command line and reports errors; the subcommands (cmd_*.cpp) call
// the driver, model and file libraries, which never print or exit.
#include <iostream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "common.hpp"
#include "printable.hpp"

#ifndef SYNFIRE_VERSION
#define SYNFIRE_VERSION "unknown"
#endif

namespace {

// An error message as one bounded line, whatever bytes a file or device put
// in it (UTF-8 kept). The readers already quote their tokens this way; this
// is the last line of defence.
std::string one_line(std::string_view s) { return synfire::printable(s, 1000, true); }

bool is_subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->check_name(name)) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace synfire::cli;
  CLI::App app{"synfire: run, train and inspect spiking networks on the synfire emulator "
               "(reference model, Verilator model, or an FPGA board)",
               "synfire"};
  app.set_version_flag("--version", SYNFIRE_VERSION);
  app.require_subcommand(1);
  setup_ports(app);
  setup_info(app);
  setup_load(app);
  setup_run(app);
  setup_weights(app);
  setup_board(app);
  setup_flash(app);
  setup_plot(app);
  setup_bench(app);
  setup_convert(app);
  setup_nir(app);
  install_interrupt_handler();
  // CLI11 would call an unknown command "an extra argument"; name it plainly.
  if (argc > 1 && argv[1][0] != '-' && !is_subcommand(app, argv[1])) {
    std::cerr << "synfire: error: unknown command \"" << one_line(argv[1]) << "\" (see synfire --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::cerr << "synfire: error: " << one_line(e.what()) << " (see synfire --help)\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "synfire: error: " << one_line(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "synfire: error: " << one_line(e.what()) << '\n';
    return 1;
  }
  return 0;
}
