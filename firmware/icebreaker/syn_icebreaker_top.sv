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
// Every parameter comes from the icebreaker row of boards/boards.json through
// tools/bitstream (the PLL dividers are solved from it there); the defaults
// are invalid on purpose, so a build that bypasses the table fails here.
module syn_icebreaker_top #(
  // Board oscillator in Hz.
  parameter int unsigned OscHz = 0,
  // Core clock in Hz (the PLL output).
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
  // PLL dividers (syn_ice40_pll).
  parameter int unsigned PllDivr = 0,
  parameter int unsigned PllDivf = 0,
  parameter int unsigned PllDivq = 0,
  parameter int unsigned PllFilterRange = 0
) (
  input  wire logic clk_osc_i,     // 12 MHz oscillator, pin 35
  input  wire logic btn_ni,        // user button BTN_N, pin 10, low when pressed
  input  wire logic uart_rx_i,     // from the FT2232H, pin 6
  output logic      uart_tx_o,     // to the FT2232H, pin 9
  output logic      led_red_no,    // LEDR_N, pin 11, low = on: spike activity
  output logic      led_green_no   // LEDG_N, pin 37, low = on: heartbeat
);
  if (OscHz == 0 || ClkHz == 0 || Baud == 0 || Neurons == 0 || WeightBits == 0 || SynLanes == 0)
  begin : g_unset
    $error("syn_icebreaker_top: parameters are set by tools/bitstream from boards/boards.json");
  end

  logic clk;
  logic pll_locked;
  logic rst_n;

  syn_ice40_pll #(
    .OscHz      (OscHz),
    .ClkHz      (ClkHz),
    .Divr       (PllDivr),
    .Divf       (PllDivf),
    .Divq       (PllDivq),
    .FilterRange(PllFilterRange)
  ) u_pll (
    .pad_i   (clk_osc_i),
    .clk_o   (clk),
    .locked_o(pll_locked)
  );

  // The button is asynchronous and bounces: the synchroniser turns any press
  // into one clean reset of at least 2^16 cycles (1.4 ms at 48 MHz).
  syn_reset_sync #(.HoldBits(16)) u_reset (
    .clk_i  (clk),
    .arst_ni(pll_locked && btn_ni),
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

  logic led_spike;
  logic led_beat;

  syn_leds #(.ClkHz(ClkHz)) u_leds (
    .clk_i     (clk),
    .rst_ni    (rst_n),
    .event_i   (spike),
    .beat_o    (led_beat),
    .activity_o(led_spike)
  );

  assign led_red_no   = !led_spike;
  assign led_green_no = !led_beat;
endmodule
`default_nettype wire
