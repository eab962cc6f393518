`default_nettype none
// syn_led_pulse: makes one-cycle events visible on an LED.
//
// Usage: pulse event_i for one or more cycles; led_o (registered, active high)
// then stays on for HoldCycles cycles after the last event, so a single spike
// at a 48 MHz core clock lights the LED long enough to see.
module syn_led_pulse #(
  // Cycles the LED stays on after an event (>= 1).
  parameter int unsigned HoldCycles = 1_000_000
) (
  input  wire logic clk_i,
  input  wire logic rst_ni,
  input  wire logic event_i,
  output logic      led_o
);
  localparam int unsigned CntW = $clog2(HoldCycles + 1);
  if (HoldCycles < 1) begin : g_bad_hold
    $error("syn_led_pulse: HoldCycles must be at least 1");
  end

  logic [CntW-1:0] count_q, count_d;
  logic            led_q, led_d;

  always_comb begin
    count_d = count_q;
    if (event_i) begin
      count_d = CntW'(HoldCycles);
    end else if (count_q != '0) begin
      count_d = count_q - 1'b1;
    end
    led_d = event_i || count_q != '0;
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
