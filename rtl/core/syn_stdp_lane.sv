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
//
// With SoftBound = 1 and soft_i = 1 (the soft-bound rule,
// fixed_point.hpp stdp_delta_soft) the product is amp * trace * span with
// span = max(w_max - w, 0) for a potentiation and max(w - w_min, 0) for a
// depression (formed from w_i in cycle 0), and the shift and dither are
// shift + 8 bits wide: rand_i then carries RandBits = 23 bits (the
// additive rule still dithers with its low shift bits). The stage
// structure and latency are the same. SoftBound = 0 leaves none of this
// logic (soft_i is ignored).
//
// With WideTraces = 1 the trace input is 16 bits and wide_i (RegRule,
// constant during a pass) says whether the network's traces are 24-bit:
// then trace_i is the trace's upper 16 bits (x >> 8, fx::stdp_trace; with
// 8-bit traces the trace itself) and the shift and dither are 8 bits wider
// again (stdp_delta with shift + 8, and
// stdp_delta_soft with shift + 16), so rand_i carries 23 bits (31 with
// SoftBound). The product is amp * trace (24 bits), times the span with
// SoftBound (at most 255 * 65535 * 256 < 2^32), shifted by the total
// count of fraction bits, with the dither's carry formed as above; the
// caller's mask_i is not used (the lane forms the wider mask itself).
//
// With WeightNorm = 1 and norm_i = 1 (the normalisation pass, constant
// during it) the lane computes clip(w + norm_delta_i) instead: stage 2
// takes the amount (already limited to +-256) in place of +-(hi + carry),
// so stage 3's adder and clip serve both.
`default_nettype none

module syn_stdp_lane #(
  // Stored weight width.
  parameter int unsigned WeightBits = 8,
  // 1: the soft-bound rule is built in (selected at run time by soft_i).
  parameter bit SoftBound = 1'b0,
  // 1: the normalisation move is built in (selected by norm_i).
  parameter bit WeightNorm = 1'b0,
  // 1: 24-bit traces are built in (selected at run time by wide_i); the
  // lane reads their upper 16 bits.
  parameter bit WideTraces = 1'b0,
  localparam int unsigned TW = WideTraces ? 16 : 8,
  // Random bits used: 15, + 8 with the soft-bound rule, + 8 with wide traces.
  localparam int unsigned RandBits = 15 + (SoftBound ? 8 : 0) + (WideTraces ? 8 : 0)
) (
  input  logic                         clk_i,
  input  logic signed [WeightBits-1:0] w_i,
  input  logic [TW-1:0]                trace_i,
  input  logic [7:0]                   amp_i,
  input  logic                         dec_i,
  input  logic                         soft_i,
  input  logic                         wide_i,
  input  logic [RandBits-1:0]          rand_i,
  input  logic [3:0]                   shift_i,
  input  logic [14:0]                  mask_i,
  input  logic signed [7:0]            w_min_i,
  input  logic signed [7:0]            w_max_i,
  input  logic                         norm_i,
  input  logic signed [9:0]            norm_delta_i,
  output logic signed [WeightBits-1:0] w_o
);

  logic signed [WeightBits-1:0] w1_q, w2_q;
  logic dec1_q;
  logic [15:0] shifted;
  logic carry;
  always_ff @(posedge clk_i) begin
    w1_q <= w_i;
    dec1_q <= dec_i;
  end

  if (WideTraces) begin : g_wide
    // Stage 1: amp * trace, times the span when soft_i (else times 1).
    localparam int unsigned ProdW = SoftBound ? 32 : 24;
    logic [ProdW-1:0] prod_q, full;
    logic [4:0] total;  // the fraction bits: shift, + 8 (24-bit traces), + 8 (soft-bound)
    logic [RandBits-1:0] maskw;
    logic soft_rule;
    if (SoftBound) begin : g_span
      logic signed [9:0] span_s;
      logic [8:0] span;
      assign span_s = dec_i ? 10'(w_i) - 10'(w_min_i) : 10'(w_max_i) - 10'(w_i);
      always_comb begin
        span = 9'd1;
        if (soft_i) span = span_s[9] ? 9'd0 : span_s[8:0];
      end
      always_ff @(posedge clk_i) prod_q <= 32'(amp_i) * 32'(trace_i) * 32'(span);
      assign soft_rule = soft_i;
    end else begin : g_nospan
      always_ff @(posedge clk_i) prod_q <= 24'(amp_i) * 24'(trace_i);
      assign soft_rule = 1'b0;
      logic unused_soft;
      assign unused_soft = soft_i;
    end
    // Stage 2 inputs: prod >> total (saturated to 16 bits; the stage below
    // limits it to 256 anyway) and the carry of the dither's low total bits.
    assign total = 5'(shift_i) + (wide_i ? 5'd8 : 5'd0) + (soft_rule ? 5'd8 : 5'd0);
    assign maskw = ~({RandBits{1'b1}} << total);
    assign full = prod_q >> total;
    assign shifted = full[ProdW-1:16] != '0 ? 16'hFFFF : full[15:0];
    assign carry = (RandBits'(prod_q) & maskw) > (~rand_i & maskw);
    logic [14:0] unused_mask;
    assign unused_mask = mask_i;
  end else if (SoftBound) begin : g_soft
    // Stage 1: the product, amp * trace (16 bits) times the span (8 bits)
    // when soft_i; the span is 1 * 256 otherwise, so that one shift by
    // shift + 8 and one dither comparison serve both rules.
    logic signed [9:0] span_s;
    logic [8:0] span;
    logic [23:0] prod_q;
    logic [22:0] mask23;
    logic [23:0] wide;
    assign span_s = dec_i ? 10'(w_i) - 10'(w_min_i) : 10'(w_max_i) - 10'(w_i);
    always_comb begin
      span = 9'd256;
      if (soft_i) span = span_s[9] ? 9'd0 : span_s[8:0];
    end
    always_ff @(posedge clk_i) prod_q <= 24'(24'(amp_i) * 24'(trace_i) * 24'(span));
    // Stage 2 inputs: prod >> (shift + 8) and the carry of the dither.
    assign mask23 = {mask_i, 8'hFF};
    assign wide = prod_q >> (5'(shift_i) + 5'd8);
    assign shifted = wide[23:16] != '0 ? 16'hFFFF : wide[15:0];
    // The additive rule keeps its dither in the low shift bits of rand
    // (its product is prod_q[23:8] here, the low byte 0).
    assign carry = soft_i ? (prod_q[22:0] & mask23) > (~rand_i & mask23)
                          : (prod_q[22:8] & mask_i) > (~rand_i[14:0] & mask_i);
  end else begin : g_add
    // Stage 1: the product (at most 255 * 255, 16 bits).
    logic [15:0] prod_q;
    always_ff @(posedge clk_i) prod_q <= 16'(amp_i) * 16'(trace_i);
    assign shifted = prod_q >> shift_i;
    assign carry = (prod_q[14:0] & mask_i) > (~rand_i & mask_i);
    logic unused_soft;
    assign unused_soft = soft_i;
  end
  if (!WideTraces) begin : g_narrow
    logic unused_wide;
    assign unused_wide = wide_i;
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
  logic [8:0] hi;
  logic [9:0] hx_q;
  logic cx_q;
  assign hi = shifted[15:8] != '0 ? 9'd256 : {1'b0, shifted[7:0]};
  logic [9:0] hx_d;
  logic cx_d;
  if (WeightNorm) begin : g_norm
    assign hx_d = norm_i ? norm_delta_i : {10{dec1_q}} ^ {1'b0, hi};
    assign cx_d = norm_i ? 1'b0 : dec1_q ^ carry;
  end else begin : g_no_norm
    assign hx_d = {10{dec1_q}} ^ {1'b0, hi};
    assign cx_d = dec1_q ^ carry;
    logic unused_norm;
    assign unused_norm = ^{norm_i, norm_delta_i};
  end
  always_ff @(posedge clk_i) begin
    hx_q <= hx_d;
    cx_q <= cx_d;
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
