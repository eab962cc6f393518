`default_nettype none
// syn_heartbeat: a 1 Hz square wave that shows the core clock runs and the
// board is out of reset.
//
// Usage: led_o (registered) toggles every ClkHz / 2 cycles; it is held low in
// reset, so a dark heartbeat LED means no clock, no PLL lock or a held reset.
module syn_heartbeat #(
  // Clock frequency in Hz (>= 2).
  parameter int unsigned ClkHz = 12_000_000
) (
  input  wire logic clk_i,
  input  wire logic rst_ni,
  output logic      led_o
);
  localparam int unsigned Half = ClkHz / 2;
  localparam int unsigned CntW = $clog2(Half);
  if (ClkHz < 2) begin : g_bad_clock
    $error("syn_heartbeat: ClkHz must be at least 2");
  end

  logic [CntW-1:0] count_q, count_d;
  logic            led_q, led_d;

  always_comb begin
    count_d = count_q + 1'b1;
    led_d   = led_q;
    if (count_q == CntW'(Half - 1)) begin
      count_d = '0;
      led_d   = !led_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
      led_q   <= 1'b0;
    end else begin
      count_q <= count_d;
      led_q   <= led_d;
    end
  end

  assign led_o = led_q;
endmodule
`default_nettype wire
