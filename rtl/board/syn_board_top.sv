`default_nettype none
// syn_board_top: synfire on a board: UART, link protocol and core
// (docs/protocol.md, docs/rtl.md). On a board, firmware/common/syn_board_build
// configures it from the build's table row and adds the reset synchroniser
// and the LEDs; the board's own top (firmware/<board>/) the clock and pins.
//
// Usage: clk_i at ClkHz; rst_ni active low, asserted asynchronously and
// released synchronously to clk_i (the board top's reset synchroniser).
// uart_rx_i comes straight from the pin (synchronised inside), uart_tx_o is
// registered, 8N1 at Baud (ClkHz / Baud >= 4 and within 2 % of an integer).
// spike_o pulses for one cycle per output spike (for an activity LED).
//
// WeightRam defaults to the iCE40 SPRAM banks for per-row plastic flags (the
// UP5K configuration, the only one that needs them) and to inferred
// dual-port RAM otherwise.
module syn_board_top #(
  // Core clock in Hz.
  parameter int unsigned ClkHz = 48_000_000,
  // UART rate in bit/s.
  parameter int unsigned Baud = 3_000_000,
  // Neurons N (a power of two) and input axons M of the core.
  parameter int unsigned NumNeurons = 256,
  parameter int unsigned NumInputs = 256,
  // Stored weight width, 2..8.
  parameter int unsigned WeightBits = 8,
  // 1: a plastic flag per synapse; 0: one per presynaptic row.
  parameter bit PlasticPerSynapse = 1'b0,
  // Synapses processed per cycle (syn_core SynLanes).
  parameter int unsigned SynLanes = 4,
  // Weight RAM kind (syn_pkg::WramXxx).
  parameter int unsigned WeightRam = PlasticPerSynapse ? syn_pkg::WramDual : syn_pkg::WramIce40,
  // Optional learning features of the core (syn_core SoftBound, AdaptInterval,
  // WeightNorm).
  parameter bit SoftBound = 1'b0,
  parameter bit AdaptInterval = 1'b0,
  parameter bit WeightNorm = 1'b0,
  // Axonal delays in the core (syn_core AxonDelays).
  parameter bit AxonDelays = 1'b0,
  // Link receive and transmit rings in bytes.
  parameter int unsigned RxRingBytes = 1024,
  parameter int unsigned TxRingBytes = 512,
  // Optional link feature, left out for a small FPGA (INFO tells the host):
  // paced steps (free runs at a fixed step period).
  parameter bit FreeRun = 1'b1,
  // Build identity reported by INFO: commit hash (first 32 bits), flags
  // (bit 0: uncommitted changes), configuration name (8 ASCII characters).
  parameter logic [31:0] BuildCommit = 32'h0,
  parameter logic [7:0] BuildFlags = 8'h0,
  parameter logic [63:0] BuildConfig = 64'h0
) (
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

  syn_uart_rx #(.ClkHz(ClkHz), .Baud(Baud)) u_rx (
    .clk_i, .rst_ni, .rx_i(uart_rx_i),
    .valid_o(rx_valid), .data_o(rx_data), .frame_err_o(rx_ferr)
  );

  syn_linked_core #(
    .ClkHz(ClkHz), .Baud(Baud), .NumNeurons(NumNeurons), .NumInputs(NumInputs), .WeightBits(WeightBits),
    .SynLanes(SynLanes), .PlasticPerSynapse(PlasticPerSynapse), .WeightRam(WeightRam),
    .SoftBound(SoftBound), .AdaptInterval(AdaptInterval), .WeightNorm(WeightNorm),
    .AxonDelays(AxonDelays),
    .RxRingBytes(RxRingBytes), .TxRingBytes(TxRingBytes), .FreeRun(FreeRun),
    .BuildCommit(BuildCommit), .BuildFlags(BuildFlags), .BuildConfig(BuildConfig)
  ) u_linked_core (
    .clk_i, .rst_ni,
    .in_valid_i(rx_valid), .in_data_i(rx_data), .uart_ferr_i(rx_ferr),
    .out_valid_o(tx_valid), .out_data_o(tx_data), .out_ready_i(tx_ready),
    .spike_o, .idle_o(idle)
  );

  syn_uart_tx #(.ClkHz(ClkHz), .Baud(Baud)) u_tx (
    .clk_i, .rst_ni, .valid_i(tx_valid), .data_i(tx_data), .ready_o(tx_ready),
    .tx_o(uart_tx_o)
  );
endmodule
`default_nettype wire
