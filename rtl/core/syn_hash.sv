// syn_hash: the counter-based hash of the stochastic rounding
// (fixed_point.hpp hash3: lookup3's final mix after XOR with HashK0..K2),
// pipelined over four stages of at most two mixing steps each.
//
// Usage: a0_i = seed ^ HashK0 and b0_i = step ^ HashK1 are constant during a
// pass (the core changes them only between steps); present a synapse key on
// key_i every cycle. rand_o is the low 15 bits of hash3(seed, step, key) of
// the key presented 4 cycles earlier. No valid or stall: the
// caller tracks which outputs it wants. Only RandBits bits leave the
// module because the dither never uses more (15: shift <= 15; 23 for the
// soft-bound STDP rule, whose dither has shift + 8 bits; 31 with 24-bit
// traces too, shift + 16); synthesis drops
// the logic that feeds only the discarded bits.
`default_nettype none

module syn_hash #(
  // Low bits of the hash delivered (15, 23 or 31; at most 31).
  parameter int unsigned RandBits = 15
) (
  input  logic                clk_i,
  input  logic [31:0]         a0_i,
  input  logic [31:0]         b0_i,
  input  logic [31:0]         key_i,
  output logic [RandBits-1:0] rand_o
);

  // c3's low RandBits bits read b2's low RandBits + 8 (rotl(b2, 24)); from
  // 25 bits on rotl wraps around and all 32 bits of b2 are read.
  localparam int unsigned B2W = RandBits + 8 > 32 ? 32 : RandBits + 8;
  initial if (RandBits > 31) $error("syn_hash: RandBits must be at most 31");

  function automatic logic [31:0] rotl(logic [31:0] x, int unsigned k);
    rotl = (x << k) | (x >> (32 - k));
  endfunction

  // A mixing step x' = (x ^ y) - rotl(y, k) is one carry chain: an XOR
  // LUT per bit in front of it (any polarity of x and y is free there),
  // the rotated y straight into the carry cell, and the sum LUT. The iCE40
  // carry cell cannot invert an operand, nor can the sum LUT (a fixed cell)
  // invert its output, so every value is kept in the polarity that its
  // carry-chain consumer needs, which is the polarity its own sum LUT
  // produces:
  //   y given true:        ~x' = (x ^ ~y) + rotl(y, k)
  //   y given as yc = ~y:   x' = (x ^ y) + rotl(yc, k) + 1 = (x ^ y) - ~rotl(yc, k)
  // (the second written as a - ~b, which yosys maps to one adder with
  // carry-in 1). The steps alternate: b0 true gives ~c1, ~c1 gives a1,
  // a1 gives ~b1, ~b1 gives c2, c2 gives ~a2, ~a2 gives b2, b2 gives ~c3.
  // Without this an inverter LUT sat after about every other sum.
  //
  // Stages (at most two steps each, the iCE40 timing): [c1] [a1 b1]
  // [c2 a2] [b2 c3]. The first cut holds one word (a0, b0 are constant),
  // and only the bits a later step reads are kept: b2 needs b1[B2W-1:0],
  // c3 needs c2[RandBits-1:0] and b2[B2W-1:0] (RandBits = 15: 23 bits).
  logic [31:0] c1c, a1, b1c, c2, a2c;
  logic [B2W-1:0] b2;
  logic [RandBits-1:0] c3c;
  logic [31:0] s1_c1c_q;                       // ~c1
  logic [31:0] s2_a1_q, s2_b1c_q, s2_c1c_q;    // a1, ~b1, ~c1
  logic [31:0] s3_a2c_q;                       // ~a2
  logic [B2W-1:0] s3_b1c_q;                    // ~b1, low bits
  logic [RandBits-1:0] s3_c2_q;                // c2, low bits
  logic [RandBits-1:0] s4_c3c_q;               // ~c3, low bits

  // Stage 1: c = (key ^ K2), c ^= b; c -= rot(b, 14).
  assign c1c = ((key_i ^ syn_pkg::HashK2) ^ ~b0_i) + rotl(b0_i, 14);
  always_ff @(posedge clk_i) s1_c1c_q <= c1c;

  // Stage 2: a ^= c; a -= rot(c, 11); b ^= a; b -= rot(a, 25).
  assign a1 = (a0_i ^ ~s1_c1c_q) - ~rotl(s1_c1c_q, 11);
  assign b1c = (b0_i ^ ~a1) + rotl(a1, 25);
  always_ff @(posedge clk_i) begin
    s2_a1_q <= a1;
    s2_b1c_q <= b1c;
    s2_c1c_q <= s1_c1c_q;
  end

  // Stage 3: c ^= b; c -= rot(b, 16); a ^= c; a -= rot(c, 4).
  assign c2 = (s2_c1c_q ^ s2_b1c_q) - ~rotl(s2_b1c_q, 16);
  assign a2c = (s2_a1_q ^ ~c2) + rotl(c2, 4);
  always_ff @(posedge clk_i) begin
    s3_a2c_q <= a2c;
    s3_b1c_q <= s2_b1c_q[B2W-1:0];
    s3_c2_q <= c2[RandBits-1:0];
  end

  // Stage 4: b ^= a; b -= rot(a, 14); c ^= b; c -= rot(b, 24), low bits.
  logic [31:0] a2c_rot14;  // rotl(~a2, 14); its low B2W bits are used
  assign a2c_rot14 = {s3_a2c_q[17:0], s3_a2c_q[31:18]};
  assign b2 = (s3_b1c_q ^ s3_a2c_q[B2W-1:0]) - ~a2c_rot14[B2W-1:0];
  if (RandBits <= 24) begin : g_c3_low
    assign c3c = (s3_c2_q ^ ~b2[RandBits-1:0]) + b2[B2W-1:8];
  end else begin : g_c3_wrap
    logic [31:0] b2_rot24;
    assign b2_rot24 = {b2[7:0], b2[31:8]};
    assign c3c = (s3_c2_q ^ ~b2[RandBits-1:0]) + b2_rot24[RandBits-1:0];
    logic [31-RandBits:0] unused_b2;
    assign unused_b2 = b2_rot24[31:RandBits];
  end
  always_ff @(posedge clk_i) s4_c3c_q <= c3c;
  assign rand_o = ~s4_c3c_q;

  if (B2W < 32) begin : g_unused_rot
    logic [31-B2W:0] unused_rot;
    assign unused_rot = a2c_rot14[31:B2W];
  end

endmodule
