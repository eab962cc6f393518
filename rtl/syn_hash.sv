// syn_hash: the counter-based hash of the stochastic rounding
// (fixed_point.hpp hash3: lookup3's final mix after XOR with HashK0..K2),
// pipelined over four stages of two mixing steps each.
//
// Usage: a0_i = seed ^ HashK0 and b0_i = step ^ HashK1 are constant during a
// pass (the core changes them only between steps); present a synapse key on
// key_i every cycle. rand_o is the low 15 bits of hash3(seed, step, key) of
// the key presented 4 cycles earlier (Latency). No valid or stall: the
// caller tracks which outputs it wants. Only 15 bits leave the module
// because the dither never uses more (shift <= 15); synthesis drops the
// logic that feeds only the discarded bits.
`default_nettype none

module syn_hash (
  input  logic        clk_i,
  input  logic [31:0] a0_i,
  input  logic [31:0] b0_i,
  input  logic [31:0] key_i,
  output logic [14:0] rand_o
);

  function automatic logic [31:0] rotl(logic [31:0] x, int unsigned k);
    rotl = (x << k) | (x >> (32 - k));
  endfunction

  // One mixing step: x = (x ^ y) - rotl(y, k).
  function automatic logic [31:0] mix(logic [31:0] x, logic [31:0] y, int unsigned k);
    mix = (x ^ y) - rotl(y, k);
  endfunction

  logic [31:0] c0;
  logic [31:0] s1_c_q, s1_a_q;             // c1, a1
  logic [31:0] s2_a_q, s2_b_q, s2_c_q;     // a1, b1, c2
  logic [31:0] s3_c_q, s3_b_q;             // c2, b2
  logic [31:0] c3;

  assign c0 = key_i ^ syn_pkg::HashK2;

  always_ff @(posedge clk_i) begin
    // Stage 1: c ^= b; c -= rot(b,14); a ^= c; a -= rot(c,11).
    s1_c_q <= mix(c0, b0_i, 14);
    s1_a_q <= mix(a0_i, mix(c0, b0_i, 14), 11);
    // Stage 2: b ^= a; b -= rot(a,25); c ^= b; c -= rot(b,16).
    s2_a_q <= s1_a_q;
    s2_b_q <= mix(b0_i, s1_a_q, 25);
    s2_c_q <= mix(s1_c_q, mix(b0_i, s1_a_q, 25), 16);
    // Stage 3: a ^= c; a -= rot(c,4); b ^= a; b -= rot(a,14).
    s3_c_q <= s2_c_q;
    s3_b_q <= mix(s2_b_q, mix(s2_a_q, s2_c_q, 4), 14);
  end

  // Stage 4: c ^= b; c -= rot(b,24).
  assign c3 = mix(s3_c_q, s3_b_q, 24);
  always_ff @(posedge clk_i) rand_o <= c3[14:0];

  logic [16:0] unused_c3;
  assign unused_c3 = c3[31:15];

endmodule
