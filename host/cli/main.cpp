// synfire: the command line of the synfire neuromorphic emulator. It only
// parses the command line and reports errors; the subcommands (cmd_*.cpp) call
// the driver, model and file libraries, which never print or exit.
#include <iostream>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "commit_id.hpp"  // generated at every build: SYNFIRE_COMMIT
#include "common.hpp"
#include "printable.hpp"
#include "protocol.hpp"
#include "suggest.hpp"

#ifndef SYNFIRE_VERSION
#define SYNFIRE_VERSION "unknown"
#endif
#ifndef SYNFIRE_BUILD_CONFIG
#define SYNFIRE_BUILD_CONFIG "unknown"
#endif

namespace {

// An error message as one bounded line, whatever bytes a file or device put
// in it (UTF-8 kept). The readers already quote their tokens this way; this
// is the last line of defence.
std::string one_line(std::string_view s) { return synfire::printable(s, 1000, true); }

std::vector<CLI::App*> subcommands_of(const CLI::App& app) {
  return const_cast<CLI::App&>(app).get_subcommands([](const CLI::App*) { return true; });
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : subcommands_of(app)) names.push_back(sub->get_name());
  return names;
}

bool is_subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : subcommands_of(app)) {
    if (sub->check_name(name)) return true;
  }
  return false;
}

// "synfire run", "synfire plot raster": the command line's path to `cmd`.
std::string path_of(const CLI::App* cmd) {
  std::string path;
  for (; cmd != nullptr; cmd = cmd->get_parent()) path = cmd->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

// Every name of the options of `cmd` ("--steps", "-k"), for suggestions.
std::vector<std::string> option_names(const CLI::App* cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* o : cmd->get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

bool looks_like_number(const std::string& a) {
  if (a.size() < 2 || a[0] != '-') return false;
  return (a[1] >= '0' && a[1] <= '9') || a[1] == '.';
}

// Why the command line failed, in words that name the mistake, for the
// errors where CLI11's own message does not: an unknown option (CLI11 first
// reports a required option that the typo was meant to be: "--stpes 10"
// gives "--steps is required"), options for the virtual board before "--",
// and an unknown second-level command ("plot foo"). Empty: CLI11's message is fine.
std::string explain(CLI::App& app, int argc, char** argv) {
  // The deepest command the parser reached.
  CLI::App* cmd = &app;
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t at = 0;  // index in args after the command names
  while (at < args.size()) {
    CLI::App* next = nullptr;
    for (CLI::App* sub : subcommands_of(*cmd)) {
      if (sub->check_name(args[at])) next = sub;
    }
    if (next == nullptr) break;
    cmd = next;
    ++at;
  }
  if (cmd->get_require_subcommand_min() > 0) {
    std::string choices;
    const std::vector<std::string> names = subcommand_names(*cmd);
    for (size_t i = 0; i < names.size(); ++i) {
      choices += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    }
    if (at < args.size() && args[at][0] != '-') {
      return "unknown command \"" + synfire::printable(args[at], 60, true) + "\" for " + path_of(cmd) +
             synfire::did_you_mean(args[at], names) + " (choose " + choices + ")";
    }
    return path_of(cmd) + " needs a command: " + choices + " (see " + path_of(cmd) + " --help)";
  }
  std::vector<std::string> unknown;
  for (size_t i = at; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-' || looks_like_number(a)) continue;
    const std::string name = a.substr(0, a.find('='));
    if (name.rfind("--", 0) != 0 && name.size() != 2) continue;  // -k20 and the like: CLI11 knows
    if (cmd->get_option_no_throw(name) == nullptr) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    if (cmd->get_name() == "board") {
      std::string rest;
      for (size_t i = at; i < args.size(); ++i) rest += " " + args[i];
      return "synfire board passes options to the virtual board only after \"--\": synfire board --" +
             one_line(rest) + " (see synfire board -- --help)";
    }
    return "unknown option " + synfire::printable(unknown.front(), 60, true) + " for " + path_of(cmd) +
           synfire::did_you_mean(unknown.front(), option_names(cmd)) + " (see " + path_of(cmd) + " --help)";
  }
  return {};
}

// The deepest command named on the command line, for "see ... --help".
std::string help_hint(CLI::App& app, int argc, char** argv) {
  CLI::App* cmd = &app;
  for (int i = 1; i < argc; ++i) {
    CLI::App* next = nullptr;
    for (CLI::App* sub : subcommands_of(*cmd)) {
      if (sub->check_name(argv[i])) next = sub;
    }
    if (next == nullptr) break;
    cmd = next;
  }
  return " (see " + path_of(cmd) + " --help)";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace synfire::cli;
  CLI::App app{"synfire: run, train and inspect spiking networks on the synfire emulator "
               "(reference model, Verilator model, or an FPGA board)",
               "synfire"};
  app.set_version_flag("--version", std::string("synfire ") + SYNFIRE_VERSION + "\ncommit: " + SYNFIRE_COMMIT +
                                        "\nprotocol: " + std::to_string(synfire::link::kProtoVersion) +
                                        "\nbuild: " + SYNFIRE_BUILD_CONFIG);
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
    std::cerr << "synfire: error: unknown command \"" << one_line(argv[1]) << "\""
              << synfire::did_you_mean(argv[1], subcommand_names(app)) << " (see synfire --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    const std::string why = explain(app, argc, argv);
    static const std::regex kNoValue(R"(^(\S+): 1 required (\S+) missing$)");  // CLI11: "--steps: 1 required K missing"
    std::smatch m;
    const std::string what = e.what();
    if (!why.empty()) {
      std::cerr << "synfire: error: " << why << '\n';
    } else if (std::regex_match(what, m, kNoValue)) {
      std::cerr << "synfire: error: " << one_line(m[1].str()) << " needs a value (" << one_line(m[2].str()) << ")"
                << help_hint(app, argc, argv) << '\n';
    } else {
      std::cerr << "synfire: error: " << one_line(e.what()) << help_hint(app, argc, argv) << '\n';
    }
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
