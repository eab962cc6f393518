`default_nettype none
// syn_board_build: everything a board top has in common once its clock is
// made: the reset synchroniser, syn_board_top configured by this build, and
// the status LEDs.
//
// Every parameter comes from syn_build_pkg, which tools/bitstream writes for
// each build from the board's row of boards/boards.json (OUT/syn_build_pkg.sv,
// read before every other file): the one place where a board's table row
// meets the RTL. A build that bypasses tools/bitstream has no such package
// and fails to elaborate.
//
// Usage: clk_i is the core clock (from the PLL or MMCM); arst_ni is any
// asynchronous active-low reset condition (clock not locked, reset button
// held). rst_no is the synchronised reset (low while the board is held in
// reset); beat_o blinks about once a second while the core runs and
// activity_o lights for 10 to 30 ms after any neuron spikes (syn_leds); both
// active high.
module syn_board_build (
  input  wire logic clk_i,
  input  wire logic arst_ni,
  input  wire logic uart_rx_i,
  output logic      uart_tx_o,
  output logic      rst_no,
  output logic      beat_o,
  output logic      activity_o
);
  // The button is asynchronous and bounces: the synchroniser turns any press
  // into one clean reset of at least 2^16 cycles (1.4 ms at 48 MHz).
  syn_reset_sync #(.HoldBits(16)) u_reset (
    .clk_i  (clk_i),
    .arst_ni(arst_ni),
    .rst_no (rst_no)
  );

  logic spike;

  syn_board_top #(
    .ClkHz            (syn_build_pkg::ClkHz),
    .Baud             (syn_build_pkg::Baud),
    .NumNeurons       (syn_build_pkg::NumNeurons),
    .NumInputs        (syn_build_pkg::NumInputs),
    .WeightBits       (syn_build_pkg::WeightBits),
    .PlasticPerSynapse(syn_build_pkg::PlasticPerSynapse),
    .SynLanes         (syn_build_pkg::SynLanes),
    .WeightRam        (syn_build_pkg::WeightRam),
    .SoftBound        (syn_build_pkg::SoftBound),
    .AdaptInterval    (syn_build_pkg::AdaptInterval),
    .WeightNorm       (syn_build_pkg::WeightNorm),
    .AxonDelays       (syn_build_pkg::AxonDelays),
    .FreeRun          (syn_build_pkg::FreeRun),
    .BuildCommit      (syn_build_pkg::BuildCommit),
    .BuildFlags       (syn_build_pkg::BuildFlags),
    .BuildConfig      (syn_build_pkg::BuildConfig)
  ) u_board (
    .clk_i    (clk_i),
    .rst_ni   (rst_no),
    .uart_rx_i(uart_rx_i),
    .uart_tx_o(uart_tx_o),
    .spike_o  (spike)
  );

  syn_leds #(.ClkHz(syn_build_pkg::ClkHz)) u_leds (
    .clk_i     (clk_i),
    .rst_ni    (rst_no),
    .event_i   (spike),
    .beat_o    (beat_o),
    .activity_o(activity_o)
  );
endmodule
`default_nettype wire
