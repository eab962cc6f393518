// synfire flash: write a board's bitstream with openFPGALoader (host/boards).
#include <iostream>

#include "boards.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace synfire::cli {

namespace {

struct FlashCliOptions {
  OutputOptions out;
  std::string board;
  std::string bitstream;
  bool sram = false;
  bool flash = false;
  bool verify = false;
  bool dry_run = false;
  std::string ftdi_serial;
  std::string loader = "openFPGALoader";
  uint32_t timeout_s = 600;
};

void run_flash(const FlashCliOptions& o) {
  // An unknown board name is a mistake in the command line (exit 2).
  const boards::Board* found = nullptr;
  try {
    found = &boards::board_by_name(o.board);
  } catch (const boards::BoardError& e) {
    throw UsageError(std::string("--board: ") + e.what());
  }
  const boards::Board& board = *found;
  boards::FlashOptions f;
  f.bitstream = o.bitstream;
  if (o.sram) f.target = boards::FlashTarget::kSram;
  if (o.flash) f.target = boards::FlashTarget::kFlash;
  f.verify = o.verify;
  f.ftdi_serial = o.ftdi_serial;
  f.loader = o.loader;
  f.timeout = std::chrono::seconds(o.timeout_s);
  if (!o.out.quiet && !o.out.json) {
    f.on_output = [](std::string_view line) { std::cerr << line << '\n'; };
  }
  const std::vector<std::string> command = boards::flash_command(board, f);
  if (o.dry_run) {
    if (o.out.json) {
      std::cout << nlohmann::json{{"command", "flash"}, {"board", board.name}, {"dry_run", true}, {"argv", command}}.dump() << '\n';
    } else {
      std::string line;
      for (const std::string& a : command) line += (line.empty() ? "" : " ") + a;
      std::cout << line << '\n';
    }
    return;
  }
  const double t0 = now_seconds();
  boards::flash(board, f);
  const double seconds = now_seconds() - t0;
  if (o.out.json) {
    std::cout << nlohmann::json{{"command", "flash"}, {"board", board.name}, {"seconds", seconds}}.dump() << '\n';
  } else if (!o.out.quiet) {
    std::cout << "flashed " << board.name << " in " << format_fixed(seconds, 1) << " s\n";
  }
}

}  // namespace

void setup_flash(CLI::App& app) {
  auto o = std::make_shared<FlashCliOptions>();
  CLI::App* cmd = app.add_subcommand("flash", "write the synfire bitstream to a board (openFPGALoader; docs/boards.md)");
  cmd->add_option("-b,--board", o->board, "board name (icebreaker, cmod-a7, arty-a7-35, arty-a7-100)")->type_name("NAME")->required();
  cmd->add_option("--bitstream", o->bitstream, "bitstream file (default: the board's out/<board>/synfire.*)")->type_name("FILE");
  CLI::Option* sram = cmd->add_flag("--sram", o->sram, "load the FPGA's configuration SRAM (lost at power-off)");
  CLI::Option* flash = cmd->add_flag("--flash", o->flash, "write the configuration flash");
  sram->excludes(flash);
  cmd->add_flag("--verify", o->verify, "read the flash back after writing it");
  cmd->add_option("--ftdi-serial", o->ftdi_serial, "FTDI serial number of the board, when several are attached")->type_name("SERIAL");
  cmd->add_option("--loader", o->loader, "openFPGALoader program to run")->type_name("PROGRAM")->capture_default_str();
  cmd->add_option("--timeout", o->timeout_s, "stop the loader after this many seconds")->type_name("SECONDS")->capture_default_str()->check(in_range(1u, 86400u));
  cmd->add_flag("--dry-run", o->dry_run, "check everything and print the loader's command line without running it");
  add_output_options(*cmd, o->out);
  cmd->callback([o] { run_flash(*o); });
}

}  // namespace synfire::cli
