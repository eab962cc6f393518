// Recognises bitstream files, so that flashing refuses a missing, truncated or
// wrong-board file before the programmer touches the board. Internal to the
// boards library.
#pragma once

#include <string>

#include "boards.hpp"

namespace synfire::boards::detail {

// Throws BoardError unless `path` is a readable, non-empty bitstream for the
// board's family and (for Xilinx .bit files, whose header names it) its part;
// an iCE40 image must also carry tools/bitstream's "synfire-image board=NAME"
// comment line, naming this board.
void check_bitstream(const Board& board, const std::string& path);

// The device-and-package core of a Xilinx part name, as a .bit header writes
// it: "xc7a35ticsg324-1L" and "7a35tcsg324" both give "7a35tcsg324".
std::string xilinx_part_key(std::string part);

}  // namespace synfire::boards::detail
