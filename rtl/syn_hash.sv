// syn_hash: the counter-based hash of the stochastic rounding
// (fixed_point.hpp hash3: lookup3's final mix after XOR with HashK0..K2),
// pipelined over four stages of two mixing steps each.
//
// Usage: a0_i = seed ^ HashK0 and b0_i = step ^ HashK1 are constant during a
// pass (the core changes them only between steps); present a synapse key on
// key_i every cycle. rand_o is the low 15 bits of hash3(seed, step, key) of
// the key presented 4 cycles earlier. No valid or stall: the
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

  // Every value is kept complemented (xc = ~x): then x ^ y = xc ^ yc, and
  // (x ^ y) - rotl(y, k) = (xc ^ yc) + rotl(yc, k) + 1, so the carry chain
  // takes the rotated register straight (the iCE40 carry cell cannot invert
  // an operand: a plain subtract costs an inverter LUT per bit) and the sum
  // LUT outputs the complement of the result for free. Written as a - ~b,
  // yosys maps it to one adder with carry-in 1.
  function automatic logic [31:0] mixc(logic [31:0] xc, logic [31:0] yc, int unsigned k);
    mixc = ~((xc ^ yc) - ~rotl(yc, k));
  endfunction

  logic [31:0] a0c, b0c, c0c;
  logic [31:0] s1_c_q, s1_a_q;             // ~c1, ~a1
  logic [31:0] s2_a_q, s2_b_q, s2_c_q;     // ~a1, ~b1, ~c2
  logic [31:0] s3_c_q, s3_b_q;             // ~c2, ~b2
  logic [31:0] c3c;

  assign a0c = ~a0_i;
  assign b0c = ~b0_i;
  assign c0c = ~(key_i ^ syn_pkg::HashK2);

  always_ff @(posedge clk_i) begin
    s1_c_q <= mixc(c0c, b0c, 14);
    s1_a_q <= mixc(a0c, mixc(c0c, b0c, 14), 11);
    s2_a_q <= s1_a_q;
    s2_b_q <= mixc(b0c, s1_a_q, 25);
    s2_c_q <= mixc(s1_c_q, mixc(b0c, s1_a_q, 25), 16);
    s3_c_q <= s2_c_q;
    s3_b_q <= mixc(s2_b_q, mixc(s2_a_q, s2_c_q, 4), 14);
  end

  assign c3c = mixc(s3_c_q, s3_b_q, 24);
  always_ff @(posedge clk_i) rand_o <= ~c3c[14:0];

  logic [16:0] unused_c3;
  assign unused_c3 = c3c[31:15];

endmodule
