// The pins of one verilated board top for SystemC, whatever its parameters:
// each parameter set is verilated with its own PREFIX (sim/board/CMakeLists.txt)
// behind this interface. The top is syn_board_top, or for a netlist model
// the synthesised firmware top (board_netlist.cmake).
#pragma once

#include <systemc.h>

#include <memory>
#include <string>
#include <vector>

namespace synfire::board {

struct BoardParams {
  std::string name;
  uint32_t neurons;
  uint32_t inputs;
  uint32_t clock_hz;
  uint32_t baud;
  // Clock cycles the reset line is held low at start. A board top with its
  // own reset stretcher (the firmware tops' syn_reset_sync) needs longer
  // than a bare syn_board_top before it listens.
  uint32_t reset_cycles = 16;
};

class BoardModel {
 public:
  virtual ~BoardModel() = default;
  virtual const BoardParams& params() const = 0;
  // Binds the model's ports (clk_i, rst_ni, uart_rx_i, uart_tx_o, spike_o; a
  // firmware top has no spike pin and leaves `spike` low).
  virtual void bind(sc_clock& clk, sc_signal<bool>& rst_n, sc_signal<bool>& rx,
                    sc_signal<bool>& tx, sc_signal<bool>& spike) = 0;
  // The board top's idle flag: nothing queued, executing or left to send
  // (always false for a netlist model, whose internal nets are not kept:
  // the simulation then never stands still while the host is quiet).
  virtual bool idle() const = 0;
  // FST tracing: call after elaboration, Verilated::traceEverOn(true) before the model was made.
  virtual void open_trace(const std::string& path) = 0;
  virtual void close_trace() = 0;
  virtual void finish() = 0;
};

std::vector<std::string> board_configs();
// Throws std::invalid_argument naming the known configurations for an unknown name.
std::unique_ptr<BoardModel> make_board_model(const std::string& name);

}  // namespace synfire::board
