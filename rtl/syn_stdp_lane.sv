// syn_stdp_lane: the STDP weight update of one synapse lane, two pipeline
// stages: fixed_point.hpp stdp_delta (stochastic rounding of
// amplitude * trace / 2^shift) then clip_weight(w -/+ delta).
//
// Usage: cycle 0: w_i, trace_i, amp_i; cycle 1: rand_i (the hash of this
// synapse, which the caller's hash pipeline delivers then), shift_i, dec_i
// (1: depression w - delta, 0: potentiation w + delta), w_min_i, w_max_i.
// w_o is the new weight from cycle 2 on. No valid: the caller tracks it.
`default_nettype none

module syn_stdp_lane #(
  // Stored weight width.
  parameter int unsigned WeightBits = 8
) (
  input  logic                         clk_i,
  input  logic signed [WeightBits-1:0] w_i,
  input  logic [7:0]                   trace_i,
  input  logic [7:0]                   amp_i,
  input  logic [14:0]                  rand_i,
  input  logic [3:0]                   shift_i,
  input  logic                         dec_i,
  input  logic signed [7:0]            w_min_i,
  input  logic signed [7:0]            w_max_i,
  output logic signed [WeightBits-1:0] w_o
);

  // Cycle 0 -> 1: the product (at most 255 * 255, 16 bits).
  logic [15:0] prod_q;
  logic signed [WeightBits-1:0] w_q;
  always_ff @(posedge clk_i) begin
    prod_q <= 16'(amp_i) * 16'(trace_i);
    w_q <= w_i;
  end

  // Cycle 1 -> 2: delta = (prod + (rand & (2^shift - 1))) >> shift is
  // formed as (prod >> shift) + carry, the carry out of the low shift bits:
  // (prod & m) + (rand & m) >= 2^shift, that is (prod & m) > (~rand & m).
  // The shift and that comparison run side by side, and the carry enters
  // the add of w -/+ delta as its carry-in: one carry chain fewer in series
  // than adding the dither first.
  logic [14:0] mask, lo_prod, lo_room;
  logic [15:0] hi;
  logic carry;
  logic signed [17:0] moved, clipped;
  assign mask = 15'((16'd1 << shift_i) - 16'd1);
  assign lo_prod = prod_q[14:0] & mask;
  assign lo_room = ~rand_i & mask;
  assign carry = lo_prod > lo_room;
  assign hi = prod_q >> shift_i;
  assign moved = dec_i ? 18'(w_q) - $signed({2'b00, hi}) - 18'(carry)
                       : 18'(w_q) + $signed({2'b00, hi}) + 18'(carry);
  always_comb begin
    clipped = moved;
    if (moved < 18'(w_min_i)) clipped = 18'(w_min_i);
    if (moved > 18'(w_max_i)) clipped = 18'(w_max_i);
  end
  always_ff @(posedge clk_i) w_o <= clipped[WeightBits-1:0];

  logic [17-WeightBits:0] unused_clipped;
  assign unused_clipped = clipped[17:WeightBits];

endmodule
