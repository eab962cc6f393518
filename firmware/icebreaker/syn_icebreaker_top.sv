`default_nettype none
// syn_icebreaker_top: synfire on the 1BitSquared iCEBreaker (iCE40UP5K-SG48).
//
// The 12 MHz oscillator drives the PLL, whose output clocks everything; the
// reset is held while the PLL is unlocked or the user button (BTN_N) is
// pressed. The UART is the FT2232H's channel B (the board's USB serial port).
// LEDs: green (LEDG_N) blinks about once a second while the core runs; red
// (LEDR_N) lights for 11 to 22 ms after any neuron spikes (syn_leds). Pins:
// constraints/icebreaker.pcf.
//
// The clock and the core are configured by syn_build_pkg, which tools/bitstream
// writes from the icebreaker row of boards/boards.json (the PLL dividers are
// solved there); see syn_board_build.
module syn_icebreaker_top (
  input  wire logic clk_osc_i,     // 12 MHz oscillator, pin 35
  input  wire logic btn_ni,        // user button BTN_N, pin 10, low when pressed
  input  wire logic uart_rx_i,     // from the FT2232H, pin 6
  output logic      uart_tx_o,     // to the FT2232H, pin 9
  output logic      led_red_no,    // LEDR_N, pin 11, low = on: spike activity
  output logic      led_green_no   // LEDG_N, pin 37, low = on: heartbeat
);
  logic clk;
  logic pll_locked;

  syn_ice40_pll #(
    .OscHz      (syn_build_pkg::OscHz),
    .ClkHz      (syn_build_pkg::ClkHz),
    .Divr       (syn_build_pkg::PllDivr),
    .Divf       (syn_build_pkg::PllDivf),
    .Divq       (syn_build_pkg::PllDivq),
    .FilterRange(syn_build_pkg::PllFilterRange)
  ) u_pll (
    .pad_i   (clk_osc_i),
    .clk_o   (clk),
    .locked_o(pll_locked)
  );

  logic rst_n;
  logic led_beat;
  logic led_spike;

  syn_board_build u_build (
    .clk_i     (clk),
    .arst_ni   (pll_locked && btn_ni),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .rst_no    (rst_n),
    .beat_o    (led_beat),
    .activity_o(led_spike)
  );

  assign led_red_no   = !led_spike;
  assign led_green_no = !led_beat;

  logic unused;
  assign unused = rst_n;
endmodule
`default_nettype wire
