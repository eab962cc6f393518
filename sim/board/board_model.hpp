// The pins of one verilated syn_board_top for SystemC, whatever its
// parameters: each parameter set is verilated with its own PREFIX
// (sim/board/CMakeLists.txt) behind this interface.
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
};

class BoardModel {
 public:
  virtual ~BoardModel() = default;
  virtual const BoardParams& params() const = 0;
  // Binds the model's ports (clk_i, rst_ni, uart_rx_i, uart_tx_o, spike_o).
  virtual void bind(sc_clock& clk, sc_signal<bool>& rst_n, sc_signal<bool>& rx,
                    sc_signal<bool>& tx, sc_signal<bool>& spike) = 0;
  // The board top's idle flag: nothing queued, executing or left to send.
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
