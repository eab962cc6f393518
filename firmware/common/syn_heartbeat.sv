`default_nettype none
// syn_heartbeat: a slow square wave (about 1 Hz) that shows the core clock
// runs and the board is out of reset.
//
// Usage: led_o (registered) is the top bit of a free-running counter, so it
// toggles every 2^HalfBits cycles, where 2^HalfBits is the largest power of
// two up to ClkHz / 2: a period between 0.5 and 1 s at any clock (0.7 s at
// 48 MHz). A plain counter needs no comparator, which matters on the UP5K. The
// LED is held low in reset, so a dark heartbeat LED means no clock, no PLL
// lock or a held reset.
module syn_heartbeat #(
  // Clock frequency in Hz (>= 4).
  parameter int unsigned ClkHz = 12_000_000
) (
  input  wire logic clk_i,
  input  wire logic rst_ni,
  output logic      led_o
);
  // floor(log2(ClkHz / 2)): $clog2 rounds up, so step back unless exact.
  localparam int unsigned HalfBits = $clog2(ClkHz / 2 + 1) - 1;
  if (ClkHz < 4) begin : g_bad_clock
    $error("syn_heartbeat: ClkHz must be at least 4");
  end

  logic [HalfBits:0] count_q, count_d;

  always_comb begin
    count_d = count_q + 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else begin
      count_q <= count_d;
    end
  end

  assign led_o = count_q[HalfBits];
endmodule
`default_nettype wire
