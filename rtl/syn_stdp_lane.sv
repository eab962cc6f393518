// syn_stdp_lane: the STDP weight update of one synapse lane, three pipeline
// stages: fixed_point.hpp stdp_delta (stochastic rounding of
// amplitude * trace / 2^shift) then clip_weight(w -/+ delta).
//
// Usage: cycle 0: w_i, trace_i, amp_i, dec_i (1: depression w - delta,
// 0: potentiation w + delta); cycle 1: rand_i (the hash of this synapse,
// which the caller's hash pipeline delivers then). shift_i, mask_i
// (= 2^shift - 1, precomputed by the caller), w_min_i, w_max_i are constant
// during a pass. w_o is the new weight from cycle 3 on. No valid: the
// caller tracks it.
//
// delta = (prod + (rand & mask)) >> shift is formed as (prod >> shift) +
// carry, where carry is the carry out of the low shift bits:
// (prod & mask) + (rand & mask) >= 2^shift, that is
// (prod & mask) > (~rand & mask). Stage 2 computes the shift and that
// comparison side by side; stage 3 adds w -/+ (hi + carry), the carry as
// carry-in, and clips. One carry chain per stage at most, for the iCE40.
`default_nettype none

module syn_stdp_lane #(
  // Stored weight width.
  parameter int unsigned WeightBits = 8
) (
  input  logic                         clk_i,
  input  logic signed [WeightBits-1:0] w_i,
  input  logic [7:0]                   trace_i,
  input  logic [7:0]                   amp_i,
  input  logic                         dec_i,
  input  logic [14:0]                  rand_i,
  input  logic [3:0]                   shift_i,
  input  logic [14:0]                  mask_i,
  input  logic signed [7:0]            w_min_i,
  input  logic signed [7:0]            w_max_i,
  output logic signed [WeightBits-1:0] w_o
);

  // Stage 1: the product (at most 255 * 255, 16 bits).
  logic [15:0] prod_q;
  logic signed [WeightBits-1:0] w1_q, w2_q;
  logic dec1_q;
  always_ff @(posedge clk_i) begin
    prod_q <= 16'(amp_i) * 16'(trace_i);
    w1_q <= w_i;
    dec1_q <= dec_i;
  end

  // Stage 2: prod >> shift, limited to 256, and the carry of the dither.
  // A delta of 256 or more moves any 8-bit weight past both bounds
  // (w - 256 - c < -128 <= w_min, w + 256 + c > 127 >= w_max), so the clip
  // gives the same result with 256 in its place; the last stage then
  // works on 10 bits instead of 18.
  // The operands of stage 3's adder leave this stage already complemented
  // for a depression (w - hi - carry = w + ~hi + !carry): the LUTs that
  // form hi and the carry absorb the inversion, and the carry chain takes
  // the registers straight (it cannot invert an operand itself).
  logic [15:0] shifted;
  logic [8:0] hi;
  logic [9:0] hx_q;
  logic cx_q;
  assign shifted = prod_q >> shift_i;
  assign hi = shifted[15:8] != '0 ? 9'd256 : {1'b0, shifted[7:0]};
  always_ff @(posedge clk_i) begin
    hx_q <= {10{dec1_q}} ^ {1'b0, hi};
    cx_q <= dec1_q ^ ((prod_q[14:0] & mask_i) > (~rand_i & mask_i));
    w2_q <= w1_q;
  end

  // Stage 3: w -/+ delta, clipped.
  logic signed [9:0] moved, clipped;
  assign moved = 10'(w2_q) + hx_q + 10'(cx_q);
  always_comb begin
    clipped = moved;
    if (moved < 10'(w_min_i)) clipped = 10'(w_min_i);
    if (moved > 10'(w_max_i)) clipped = 10'(w_max_i);
  end
  always_ff @(posedge clk_i) w_o <= clipped[WeightBits-1:0];

  logic [9-WeightBits:0] unused_clipped;
  assign unused_clipped = clipped[9:WeightBits];

endmodule
