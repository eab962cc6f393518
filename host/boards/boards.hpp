// The synfire board table and flashing through openFPGALoader.
//
// Boards are rows of boards/boards.json (compiled into this library), the same
// table that tools/bitstream builds from and docs/boards.md describes. The CLI
// (`synfire flash`, `synfire ports`) uses only this header. Nothing here prints
// or exits: every failure is a std::runtime_error (BoardError) whose what() is
// one line naming the problem and, where there is one, the fix.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace synfire::boards {

class BoardError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Family { kIce40, kXc7 };                // Lattice iCE40, Xilinx 7 series
enum class PlasticGranularity { kSynapse, kRow };  // one plastic flag per synapse / per presynaptic row
enum class FlashTarget { kSram, kFlash };          // volatile configuration / SPI flash
// How the core stores the weights (syn_core WeightRam, rtl/core/syn_pkg.sv Wram*).
enum class WeightRam { kDual, kSingle, kIce40Spram };

// The programmer that writes the board's bitstream.
struct Programmer {
  std::string tool;          // "openFPGALoader"
  std::string board;         // openFPGALoader's board name (-b)
  bool sram = false;         // the tool can load the FPGA's SRAM directly
  bool flash = false;        // the tool can write the configuration flash
  FlashTarget default_target = FlashTarget::kSram;
};

// How the board's USB-UART shows up, for `synfire ports`.
struct UsbId {
  uint16_t vid = 0;
  uint16_t pid = 0;
  int uart_interface = 0;    // USB interface number of the UART (FT2232H: 1 = channel B)
  std::string product;       // substring of the USB product string; "" matches any
  std::string manufacturer;  // substring of the USB manufacturer string; "" matches any
};

// One row of the board table.
struct Board {
  std::string name;                  // "icebreaker", "cmod-a7", ...
  std::vector<std::string> aliases;  // other names board_by_name accepts
  std::string title;                 // human-readable board and part
  Family family = Family::kIce40;
  std::string part;                  // "up5k", "xc7a35tcpg236-1"
  std::string package;               // "sg48", "cpg236"
  std::vector<std::pair<std::string, uint32_t>> resources;  // device totals ("lc", "ebr", "bram36", ...)
  uint32_t oscillator_hz = 0;        // board oscillator
  uint32_t core_clock_hz = 0;        // PLL/MMCM output that clocks the core and the UART
  uint32_t baud = 0;                 // UART baud rate
  uint32_t neurons = 0;              // N of the bitstream
  uint32_t inputs = 0;               // M of the bitstream
  uint32_t weight_bits = 0;          // widest weights the bitstream stores
  PlasticGranularity plastic = PlasticGranularity::kSynapse;
  uint32_t syn_lanes = 0;            // synapses the core processes per cycle (syn_core SynLanes)
  WeightRam weight_ram = WeightRam::kDual;
  bool stdp = false;                 // on-chip STDP present
  bool free_run = false;             // the link runs steps at a fixed period (syn_board_top FreeRun)
  bool soft_bound_stdp = false;      // soft-bound STDP rule built in (syn_core SoftBound)
  bool adapt_interval = false;       // adaptation decay interval built in (syn_core AdaptInterval)
  bool weight_norm = false;          // weight normalisation built in (syn_core WeightNorm)
  bool delays = false;               // axonal delays built in (syn_core AxonDelays)
  bool wide_traces = false;          // 24-bit STDP traces built in (syn_core WideTraces)
  std::string top_module;            // board top module
  std::string top_dir;               // directory of the board top (repository-relative)
  std::string constraints;           // pin constraints (repository-relative)
  std::string bitstream;             // where tools/bitstream writes it (repository-relative)
  Programmer programmer;
  UsbId usb;
};

// The built-in table (boards/boards.json at build time), in file order.
const std::vector<Board>& boards();

// The board called `name` or one of its aliases; throws BoardError listing the known names.
const Board& board_by_name(std::string_view name);

// The UART baud every row of the table shares, 0 if they differ (then a
// serial port needs an explicit baud).
uint32_t shared_baud();

// Boards whose USB-UART matches (vid, pid) and, where the row gives them, the
// product and manufacturer substrings. Several boards share an FTDI VID:PID,
// so this may return more than one; empty strings skip the string checks.
std::vector<const Board*> boards_for_usb(uint16_t vid, uint16_t pid,
                                         std::string_view manufacturer = {},
                                         std::string_view product = {});

// Parses and validates a board table; `origin` names it in error messages.
// Throws BoardError naming the row and field of the first problem.
std::vector<Board> parse_board_table(std::string_view json, std::string_view origin);

// Reads and parses a board table file (throws BoardError).
std::vector<Board> load_board_table(const std::string& path);

// Names used in messages and JSON.
std::string_view to_string(Family f);
std::string_view to_string(PlasticGranularity g);
std::string_view to_string(FlashTarget t);
std::string_view to_string(WeightRam r);

struct FlashOptions {
  std::string bitstream;                    // "" = the board's default path, relative to the working directory
  std::optional<FlashTarget> target;        // unset = the board's default target
  std::string loader = "openFPGALoader";    // program name (searched on PATH) or path
  std::string ftdi_serial;                  // picks one of several attached boards; "" = the first
  bool verify = false;                      // read the flash back after writing it (flash only)
  std::chrono::seconds timeout{600};        // the loader is stopped after this long
  // Receives the loader's output, one line (or progress update) at a time.
  std::function<void(std::string_view)> on_output;
};

// Checks the options and the bitstream (exists, right format, right part) and
// returns the loader's command line, argv[0] first. Throws BoardError.
std::vector<std::string> flash_command(const Board& board, const FlashOptions& options);

// Writes the bitstream to the board with the loader. Throws BoardError when the
// loader is missing, no board answers, the loader fails or times out.
void flash(const Board& board, const FlashOptions& options);

}  // namespace synfire::boards
