`default_nettype none
// syn_arty_a7_top: synfire on the Digilent Arty A7-35T and A7-100T (same
// pinout; the board row picks the part and the network size).
//
// The 100 MHz oscillator drives an MMCM, whose output clocks everything; the
// reset is held while the MMCM is unlocked or the RESET button is pressed. The
// UART is the FT2232H's channel B (the board's USB serial port). LEDs: LD4
// blinks about once a second while the core runs, LD5 lights for 10 to 30 ms
// after any neuron spikes, LD6 lights while the board is held in reset, LD7
// stays off.
// Pins: constraints/arty-a7.xdc.
//
// The clock and the core are configured by syn_build_pkg, which tools/bitstream
// writes from the board's row of boards/boards.json (the MMCM dividers are
// solved there); see syn_xc7_board.
module syn_arty_a7_top (
  input  wire logic       clk_osc_i,  // 100 MHz oscillator, E3
  input  wire logic       rst_btn_ni, // RESET button (ck_rst), C2, low when pressed
  input  wire logic       uart_rx_i,  // uart_txd_in, A9: from the FT2232H
  output logic            uart_tx_o,  // uart_rxd_out, D10: to the FT2232H
  output logic [3:0]      led_o       // LD4 (H5), LD5 (J5), LD6 (T9), LD7 (T10), high = on
);
  logic rst_n;

  syn_xc7_board u_board (
    .clk_osc_i (clk_osc_i),
    .reset_i   (!rst_btn_ni),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .rst_no    (rst_n),
    .beat_o    (led_o[0]),
    .activity_o(led_o[1])
  );

  assign led_o[2] = !rst_n;
  assign led_o[3] = 1'b0;
endmodule
`default_nettype wire
