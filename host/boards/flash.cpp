// Flashing through openFPGALoader: builds its command line from the board
// row, checks everything that can be checked before touching the board, and
// turns the loader's failures into one-line errors that say what to do.
#include <string>

#include "bitstream_file.hpp"
#include "boards.hpp"
#include "process.hpp"

namespace synfire::boards {
namespace {

bool contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string last_line(const std::vector<std::string>& lines) {
  return lines.empty() ? std::string("(no output)") : lines.back();
}

std::string hex4(uint16_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s(4, '0');
  for (int i = 3; i >= 0; --i, v = static_cast<uint16_t>(v >> 4)) s[static_cast<size_t>(i)] = digits[v & 0xF];
  return s;
}

// One line explaining a failed run, from what the loader printed (libftdi's
// error codes: -3 no device, -4 cannot open it, -5 cannot claim it).
std::string explain_failure(const Board& board, const detail::ProcessResult& r, const std::string& tool) {
  const std::string said = " (" + tool + ": " + last_line(r.tail) + ")";
  if (contains(r.tail, "cannot find board")) {
    return tool + " does not know the board name \"" + board.programmer.board +
           "\": it is older than this table expects (v0.10 or newer is needed)" + said;
  }
  if (contains(r.tail, "device not found") || contains(r.tail, "No device") ||
      contains(r.tail, "unable to connect to device")) {
    return "no " + board.title + " found on USB (FTDI " + hex4(board.usb.vid) + ":" + hex4(board.usb.pid) +
           "): is it plugged in and powered?" + said;
  }
  if (contains(r.tail, "unable to open ftdi device") || contains(r.tail, "fail to claim") ||
      contains(r.tail, "Failed to claim") || contains(r.tail, "LIBUSB_ERROR_ACCESS")) {
    return "cannot open the " + board.name +
           "'s USB device: another program holds it, or you lack permission (install openFPGALoader's "
           "udev rules and re-plug the board)" + said;
  }
  if (r.signal != 0) return tool + " was killed by signal " + std::to_string(r.signal) + said;
  return tool + " failed with exit code " + std::to_string(r.exit_code) + said;
}

}  // namespace

std::vector<std::string> flash_command(const Board& board, const FlashOptions& options) {
  const FlashTarget target = options.target.value_or(board.programmer.default_target);
  if (target == FlashTarget::kSram && !board.programmer.sram) {
    throw BoardError(board.programmer.tool + " cannot load the " + board.name +
                     "'s SRAM directly (its programmer is wired to the SPI flash): use --flash");
  }
  if (target == FlashTarget::kFlash && !board.programmer.flash) {
    throw BoardError(board.programmer.tool + " cannot write the " + board.name + "'s flash: use --sram");
  }
  if (options.verify && target != FlashTarget::kFlash) {
    throw BoardError("verifying reads the SPI flash back: use it together with --flash");
  }
  if (options.loader.empty()) throw BoardError("the loader program name is empty");
  if (options.timeout.count() <= 0) throw BoardError("the flash timeout must be positive");
  const std::string bitstream = options.bitstream.empty() ? board.bitstream : options.bitstream;
  detail::check_bitstream(board, bitstream);

  std::vector<std::string> argv{options.loader, "-b", board.programmer.board};
  argv.emplace_back(target == FlashTarget::kFlash ? "--write-flash" : "--write-sram");
  if (options.verify) argv.emplace_back("--verify");
  if (!options.ftdi_serial.empty()) {
    argv.emplace_back("--ftdi-serial");
    argv.push_back(options.ftdi_serial);
  }
  argv.push_back(bitstream);
  return argv;
}

void flash(const Board& board, const FlashOptions& options) {
  std::vector<std::string> argv = flash_command(board, options);
  const auto path = detail::find_program(argv[0]);
  if (!path) {
    throw BoardError(argv[0] + " not found" + (argv[0].find('/') == std::string::npos ? " on PATH" : "") +
                     ": install it (apt-get install openfpgaloader, or tools/install-deps)");
  }
  const std::string tool = argv[0];
  argv[0] = *path;
  detail::ProcessResult r;
  try {
    r = detail::run_process(argv, options.timeout, options.on_output);
  } catch (const std::runtime_error& e) {
    throw BoardError(e.what());
  }
  if (r.timed_out) {
    throw BoardError(tool + " did not finish within " + std::to_string(options.timeout.count()) +
                     " s and was stopped (" + tool + ": " + last_line(r.tail) + ")");
  }
  if (r.exit_code != 0) throw BoardError(explain_failure(board, r, tool));
}

}  // namespace synfire::boards
