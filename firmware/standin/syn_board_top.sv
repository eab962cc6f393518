`default_nettype none
// syn_board_top (stand-in): lets tools/bitstream --standin exercise the board
// flows before the real board top (rtl/syn_board_top.sv) exists. It is never
// used when that file is there, and never without --standin.
//
// It loops the UART line back (through the receiver's synchroniser) and pulses
// spike_o on every start bit, so a stand-in bitstream still shows that the pins,
// the clock and the LEDs work.
module syn_board_top #(
  parameter int unsigned ClkHz = 48_000_000,
  parameter int unsigned Baud = 3_000_000,
  parameter int unsigned Neurons = 256,
  parameter int unsigned Inputs = 256,
  parameter int unsigned WeightBits = 8,
  parameter bit PlasticPerSynapse = 1'b0,
  parameter int unsigned SynLanes = 4,
  parameter int unsigned WeightRam = 0,
  parameter bit FreeRun = 1'b1,
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
  logic [2:0] rx_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rx_q <= 3'b111;
    else         rx_q <= {rx_q[1:0], uart_rx_i};
  end
  assign uart_tx_o = rx_q[2];
  assign spike_o   = rx_q[2] && !rx_q[1];

  logic unused;
  assign unused = ^{ClkHz, Baud, Neurons, Inputs, WeightBits, PlasticPerSynapse, SynLanes, WeightRam, FreeRun,
                    BuildCommit, BuildFlags, BuildConfig};
endmodule
`default_nettype wire
