// synfire board: start the virtual board (synfire-board, built next to
// synfire) in the foreground; it prints its pseudo-terminal on the first line
// of stdout and runs until stopped. Options after "--" are passed through.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "commands.hpp"
#include "common.hpp"

namespace synfire::cli {

namespace {

struct BoardOptions {
  std::vector<std::string> args;  // passed through to synfire-board
};

// synfire-board next to this executable (the build tree or an install).
std::filesystem::path board_program() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw BackendError("cannot find the synfire executable's directory: " + ec.message());
  return self.parent_path() / "synfire-board";
}

void run_board(const BoardOptions& opts) {
  const std::filesystem::path program = board_program();
  if (!std::filesystem::exists(program)) {
    throw BackendError("the virtual board is not built (no " + program.string() + ")");
  }
  std::vector<std::string> args = {program.string()};
  args.insert(args.end(), opts.args.begin(), opts.args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Its errors then read "synfire: error: ..." like every other command's.
  ::setenv("SYNFIRE_BOARD_PROGRAM", "synfire", 1);
  ::execv(program.c_str(), argv.data());  // returns only on failure
  throw BackendError("cannot start " + program.string() + ": " + std::strerror(errno));
}

}  // namespace

void setup_board(CLI::App& app) {
  auto opts = std::make_shared<BoardOptions>();
  CLI::App* cmd = app.add_subcommand("board", "start the virtual board; it prints its pseudo-terminal and runs until Ctrl-C");
  cmd->add_option("args", opts->args, "options for synfire-board, after -- (see synfire board -- --help)")->type_name("ARGS");
  cmd->callback([opts] { run_board(*opts); });
}

}  // namespace synfire::cli
