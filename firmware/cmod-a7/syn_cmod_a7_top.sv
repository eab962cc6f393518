`default_nettype none
// syn_cmod_a7_top: synfire on the Digilent Cmod A7-35T (XC7A35T-1CPG236C).
//
// The 12 MHz oscillator drives an MMCM, whose output clocks everything; the
// reset is held while the MMCM is unlocked or button BTN0 is pressed. The UART
// is the FT2232H's channel B (the board's USB serial port). LEDs: LD1 blinks
// about once a second while the core runs, LD2 lights for 10 to 30 ms after
// any neuron spikes, the RGB LED shows red while the board is held in reset
// (its channels are active low and would glow if left to the default
// pull-downs).
// Pins: constraints/cmod-a7.xdc.
//
// The clock and the core are configured by syn_build_pkg, which tools/bitstream
// writes from the board's row of boards/boards.json (the MMCM dividers are
// solved there); see syn_xc7_board.
module syn_cmod_a7_top (
  input  wire logic       clk_osc_i,  // 12 MHz oscillator, L17
  input  wire logic       btn_i,      // BTN0, A18, high when pressed
  input  wire logic       uart_rx_i,  // uart_txd_in, J17: from the FT2232H
  output logic            uart_tx_o,  // uart_rxd_out, J18: to the FT2232H
  output logic [1:0]      led_o,      // LD1 (A17) heartbeat, LD2 (C16) spike activity
  output logic [2:0]      rgb_no      // RGB LED {blue B17, green B16, red C17}, low = on
);
  logic rst_n;

  syn_xc7_board u_board (
    .clk_osc_i (clk_osc_i),
    .reset_i   (btn_i),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .rst_no    (rst_n),
    .beat_o    (led_o[0]),
    .activity_o(led_o[1])
  );

  assign rgb_no = {2'b11, rst_n};
endmodule
`default_nettype wire
