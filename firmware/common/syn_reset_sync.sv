`default_nettype none
// syn_reset_sync: the board's reset, asserted asynchronously, released
// synchronously and late.
//
// Usage: arst_ni is any asynchronous active-low reset condition (PLL not
// locked, reset button held); rst_no is the reset for the clk_i domain. rst_no
// goes low at once (no clock needed) when arst_ni falls, and rises only after
// arst_ni has been high for 2^HoldBits clock cycles, always on a clock edge,
// so every flop leaves reset in the same cycle and a bouncing button or a
// PLL that loses lock briefly gives one clean reset.
module syn_reset_sync #(
  // Cycles to hold reset after arst_ni rises, as a power of two (>= 1).
  parameter int unsigned HoldBits = 4
) (
  input  wire logic clk_i,
  input  wire logic arst_ni,
  output logic      rst_no
);
  if (HoldBits < 1) begin : g_bad_hold
    $error("syn_reset_sync: HoldBits must be at least 1");
  end

  logic [1:0]        sync_q;   // metastability filter for the release
  logic [HoldBits:0] count_q;  // counts to 2^HoldBits after the release

  always_ff @(posedge clk_i or negedge arst_ni) begin
    if (!arst_ni) begin
      sync_q  <= 2'b00;
      count_q <= '0;
      rst_no  <= 1'b0;
    end else begin
      sync_q  <= {sync_q[0], 1'b1};
      count_q <= (sync_q[1] && !count_q[HoldBits]) ? count_q + 1'b1 : count_q;
      rst_no  <= count_q[HoldBits];
    end
  end
endmodule
`default_nettype wire
