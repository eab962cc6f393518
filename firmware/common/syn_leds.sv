`default_nettype none
// syn_leds: the two status LEDs of a board from one free-running counter:
// a heartbeat (the counter's top bit, a period of about 0.7 s) and a spike
// activity light that stays on for one to two ticks of about 11 ms (at
// 24 MHz; 2^TickBits cycles with 2^TickBits >= ClkHz / 100) after the last
// event.
//
// Usage: clk_i at ClkHz, rst_ni active low; pulse event_i for a cycle per
// event (a spike). Outputs are registered and active high. One counter and
// three flip-flops instead of a counter per LED (the iCE40 top saves about
// 40 logic cells over a reloaded 19-bit hold counter).
module syn_leds #(
  // Clock frequency in Hz (>= 400).
  parameter int unsigned ClkHz = 12_000_000
) (
  input  wire logic clk_i,
  input  wire logic rst_ni,
  input  wire logic event_i,
  output logic      beat_o,
  output logic      activity_o
);
  // floor(log2(ClkHz / 2)): the heartbeat's half period in cycles, as bits.
  localparam int unsigned HalfBits = $clog2(ClkHz / 2 + 1) - 1;
  // A tick every 2^TickBits cycles, the smallest power of two >= ClkHz / 100.
  localparam int unsigned TickBits = $clog2(ClkHz / 100);
  if (ClkHz < 400) begin : g_bad_clock
    $error("syn_leds: ClkHz must be at least 400");
  end

  logic [HalfBits:0] count_q;
  logic              tick_bit_q;  // count_q[TickBits - 1] one cycle ago
  logic              seen_q;      // an event since the last tick
  logic              tick;
  assign tick = tick_bit_q && !count_q[TickBits-1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
      tick_bit_q <= 1'b0;
      seen_q <= 1'b0;
      activity_o <= 1'b0;
    end else begin
      count_q <= count_q + 1'b1;
      tick_bit_q <= count_q[TickBits-1];
      if (event_i) begin
        seen_q <= 1'b1;
        activity_o <= 1'b1;
      end else if (tick) begin
        seen_q <= 1'b0;
        activity_o <= seen_q;
      end
    end
  end
  assign beat_o = count_q[HalfBits];
endmodule
`default_nettype wire
