`default_nettype none
// syn_board_top: synfire on a board: UART, link protocol and core
// (docs/protocol.md, docs/rtl.md). On a board, firmware/common/syn_board_build
// adds the reset synchroniser and the LEDs, and the board's own top
// (firmware/<board>/) the clock and pins.
//
// Usage: clk_i at syn_build_pkg::ClkHz; rst_ni active low, asserted
// asynchronously and released synchronously to clk_i (the board top's reset
// synchroniser). uart_rx_i comes straight from the pin (synchronised inside),
// uart_tx_o is registered, 8N1 at syn_build_pkg::Baud (ClkHz / Baud >= 4 and
// within 2 % of an integer). spike_o pulses for one cycle per output spike
// (for an activity LED).
//
// Its parameters (clock, UART rate, the core's shape and switches, the build
// identity INFO reports) come from the build's package, syn_build_pkg
// (rtl/board/syn_build_pkg.sv.in), which tools/bitstream writes for a board
// and CMake for each virtual board model.
module syn_board_top (
  input  wire logic clk_i,
  input  wire logic rst_ni,
  input  wire logic uart_rx_i,
  output logic      uart_tx_o,
  output logic      spike_o
);
  logic       rx_valid, rx_ferr, tx_valid, tx_ready;
  logic [7:0] rx_data, tx_data;
  // No frame queued, executing or waiting to be sent: read by the virtual
  // board (sim/board) to skip idle time.
  logic       idle /* verilator public_flat_rd */;

  syn_uart_rx #(.ClkHz(syn_build_pkg::ClkHz), .Baud(syn_build_pkg::Baud)) u_rx (
    .clk_i, .rst_ni, .rx_i(uart_rx_i),
    .valid_o(rx_valid), .data_o(rx_data), .frame_err_o(rx_ferr)
  );

  syn_linked_core u_linked_core (
    .clk_i, .rst_ni,
    .in_valid_i(rx_valid), .in_data_i(rx_data), .uart_ferr_i(rx_ferr),
    .out_valid_o(tx_valid), .out_data_o(tx_data), .out_ready_i(tx_ready),
    .spike_o, .idle_o(idle)
  );

  syn_uart_tx #(.ClkHz(syn_build_pkg::ClkHz), .Baud(syn_build_pkg::Baud)) u_tx (
    .clk_i, .rst_ni, .valid_i(tx_valid), .data_i(tx_data), .ready_o(tx_ready),
    .tx_o(uart_tx_o)
  );
endmodule
`default_nettype wire
