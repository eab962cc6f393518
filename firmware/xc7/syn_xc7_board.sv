`default_nettype none
// syn_xc7_board: what every Xilinx 7-series board top has in common: the MMCM
// from the board oscillator to the core clock, with the dividers
// tools/bitstream solved into syn_build_pkg, and syn_board_build (reset
// synchroniser, synfire, LEDs) on that clock. A board's own top only maps
// its pins onto this.
//
// Usage: clk_osc_i is the oscillator (a clock-capable pin); reset_i, high
// while a reset button is held, is asynchronous. The board is held in reset
// while reset_i is high or the MMCM is unlocked; rst_no is low then (a reset
// LED). beat_o and activity_o are syn_board_build's LED outputs.
module syn_xc7_board (
  input  wire logic clk_osc_i,
  input  wire logic reset_i,
  input  wire logic uart_rx_i,
  output logic      uart_tx_o,
  output logic      rst_no,
  output logic      beat_o,
  output logic      activity_o
);
  logic clk;
  logic mmcm_locked;

  syn_xc7_mmcm #(
    .OscHz (syn_build_pkg::OscHz),
    .ClkHz (syn_build_pkg::ClkHz),
    .Divclk(syn_build_pkg::MmcmDivclk),
    .Mult  (syn_build_pkg::MmcmMult),
    .Div0  (syn_build_pkg::MmcmDiv0)
  ) u_mmcm (
    .clk_osc_i(clk_osc_i),
    .clk_o    (clk),
    .locked_o (mmcm_locked)
  );

  syn_board_build u_build (
    .clk_i     (clk),
    .arst_ni   (mmcm_locked && !reset_i),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .rst_no    (rst_no),
    .beat_o    (beat_o),
    .activity_o(activity_o)
  );
endmodule
`default_nettype wire
