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
// Every parameter comes from the cmod-a7 row of boards/boards.json through
// tools/bitstream (the MMCM dividers are solved from it there); the defaults
// are invalid on purpose, so a build that bypasses the table fails here.
module syn_cmod_a7_top #(
  // Board oscillator in Hz.
  parameter int unsigned OscHz = 0,
  // Core clock in Hz (the MMCM output).
  parameter int unsigned ClkHz = 0,
  // UART baud rate.
  parameter int unsigned Baud = 0,
  // Neurons N.
  parameter int unsigned Neurons = 0,
  // Input axons M.
  parameter int unsigned Inputs = 0,
  // Weight width in bits.
  parameter int unsigned WeightBits = 0,
  // 1: a plastic flag per synapse; 0: one per presynaptic row.
  parameter bit PlasticPerSynapse = 1'b0,
  // Synapses the core processes per cycle.
  parameter int unsigned SynLanes = 0,
  // Weight RAM kind (syn_pkg::WramXxx).
  parameter int unsigned WeightRam = 0,
  // Optional link feature: paced steps (free runs at a fixed step period).
  parameter bit FreeRun = 1'b0,
  // Build identity reported by INFO: commit hash (first 32 bits), flags
  // (bit 0: uncommitted changes), configuration name (8 ASCII characters).
  parameter logic [31:0] BuildCommit = 32'h0,
  parameter logic [7:0] BuildFlags = 8'h0,
  parameter logic [63:0] BuildConfig = 64'h0,
  // MMCM dividers (syn_xc7_mmcm).
  parameter int unsigned MmcmDivclk = 0,
  parameter int unsigned MmcmMult = 0,
  parameter int unsigned MmcmDiv0 = 0
) (
  input  wire logic       clk_osc_i,  // 12 MHz oscillator, L17
  input  wire logic       btn_i,      // BTN0, A18, high when pressed
  input  wire logic       uart_rx_i,  // uart_txd_in, J17: from the FT2232H
  output logic            uart_tx_o,  // uart_rxd_out, J18: to the FT2232H
  output logic [1:0]      led_o,      // LD1 (A17) heartbeat, LD2 (C16) spike activity
  output logic [2:0]      rgb_no      // RGB LED {blue B17, green B16, red C17}, low = on
);
  if (OscHz == 0 || ClkHz == 0 || Baud == 0 || Neurons == 0 || WeightBits == 0 || SynLanes == 0)
  begin : g_unset
    $error("syn_cmod_a7_top: parameters are set by tools/bitstream from boards/boards.json");
  end

  logic clk;
  logic mmcm_locked;
  logic rst_n;

  syn_xc7_mmcm #(
    .OscHz (OscHz),
    .ClkHz (ClkHz),
    .Divclk(MmcmDivclk),
    .Mult  (MmcmMult),
    .Div0  (MmcmDiv0)
  ) u_mmcm (
    .clk_osc_i(clk_osc_i),
    .clk_o    (clk),
    .locked_o (mmcm_locked)
  );

  // The button is asynchronous and bounces: the synchroniser turns any press
  // into one clean reset of at least 2^16 cycles.
  syn_reset_sync #(.HoldBits(16)) u_reset (
    .clk_i  (clk),
    .arst_ni(mmcm_locked && !btn_i),
    .rst_no (rst_n)
  );

  logic spike;

  syn_board_top #(
    .ClkHz            (ClkHz),
    .Baud             (Baud),
    .Neurons          (Neurons),
    .Inputs           (Inputs),
    .WeightBits       (WeightBits),
    .PlasticPerSynapse(PlasticPerSynapse),
    .SynLanes         (SynLanes),
    .WeightRam        (WeightRam),
    .FreeRun          (FreeRun),
    .BuildCommit      (BuildCommit),
    .BuildFlags       (BuildFlags),
    .BuildConfig      (BuildConfig)
  ) u_board (
    .clk_i    (clk),
    .rst_ni   (rst_n),
    .uart_rx_i(uart_rx_i),
    .uart_tx_o(uart_tx_o),
    .spike_o  (spike)
  );

  syn_leds #(.ClkHz(ClkHz)) u_leds (
    .clk_i     (clk),
    .rst_ni    (rst_n),
    .event_i   (spike),
    .beat_o    (led_o[0]),
    .activity_o(led_o[1])
  );

  assign rgb_no = {2'b11, rst_n};
endmodule
`default_nettype wire
