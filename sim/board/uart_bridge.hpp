// UartBridge: the host's side of the board's UART in simulated time. Bytes
// the host writes into the pseudo-terminal go onto the board's rx pin bit by
// bit (8N1 at the board's baud); the board's tx pin is sampled in the middle
// of every bit and the bytes go back into the pseudo-terminal.
//
// Time: while the board is idle, the rx line idle and the host silent, the
// bridge blocks on the pseudo-terminal (wall clock) and simulated time does
// not advance, so an idle virtual board costs no CPU. With `realtime`, the
// simulation is also never allowed to run ahead of the wall clock.
#pragma once

#include <systemc.h>

#include <csignal>
#include <cstdint>
#include <deque>

#include "board_model.hpp"
#include "pty.hpp"

namespace synfire::board {

struct BridgeOptions {
  double exit_after_idle_s = 0;  // > 0: stop after this long without a host or work
  bool exit_on_close = false;    // stop when the host closes the port
  bool realtime = false;         // never run ahead of the wall clock
};

// Set by the signal handler; the bridge stops at the next bit time.
extern volatile std::sig_atomic_t g_stop;

SC_MODULE(UartBridge) {
 public:
  sc_in<bool> tx_i;        // the board's uart_tx_o
  sc_out<bool> rx_o;       // the board's uart_rx_i
  sc_out<bool> rst_no;     // the board's reset

  UartBridge(sc_module_name name, Pty& pty, BoardModel& board, const BridgeOptions& opt);
  SC_HAS_PROCESS(UartBridge);

  // Statistics for the exit message.
  uint64_t bytes_in = 0, bytes_out = 0, framing_errors = 0, overruns = 0;
  double wall_s = 0;       // wall-clock seconds the simulation ran
  double idle_wall_s = 0;  // of which waiting for the host (simulated time stood still)
  std::string reason;      // why it stopped

 private:
  void drive();            // host -> rx pin, reset, idle handling, exit conditions
  void sample();           // tx pin -> host
  void flush_out();

  Pty& pty_;
  BoardModel& board_;
  BridgeOptions opt_;
  sc_time bit_;
  std::deque<uint8_t> in_, out_;
  bool receiving_ = false;
};

}  // namespace synfire::board
