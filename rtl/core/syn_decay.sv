// syn_decay: fixed_point.hpp decay(x, d) = x * (4096 - d) / 4096 truncated
// toward zero, with one register stage (the product, so that iCE40 and
// Xilinx DSP blocks absorb it).
//
// Usage: present x_i and d_i (0..4095); one cycle later
//   decay(x, d) = floor_o + up_o.
// The product is signed; flooring it (>>> 12) rounds negative values down,
// so one must be added back when the product is negative and its 12
// dropped bits are not all zero (truncation toward zero on the magnitude,
// as in the model). That one is handed out as up_o so the consumer can feed
// it to the carry-in of the adder that uses the decay, instead of spending
// an incrementer (a carry chain) here. For unsigned x, up_o is always 0.
`default_nettype none

module syn_decay #(
  // Width of x and of the result.
  parameter int unsigned Width = 24,
  // 1: x is two's complement; 0: x is unsigned (traces).
  parameter bit Signed = 1'b1
) (
  input  logic             clk_i,
  input  logic [Width-1:0] x_i,
  input  logic [11:0]      d_i,
  output logic [Width-1:0] floor_o,
  output logic             up_o
);

  localparam int unsigned ProdW = Width + 14;

  logic [12:0] keep;
  assign keep = 13'h1000 - 13'(d_i);

  logic signed [ProdW-1:0] prod_q;
  always_ff @(posedge clk_i) begin
    if (Signed) prod_q <= ProdW'($signed(x_i)) * ProdW'($signed({1'b0, keep}));
    else prod_q <= ProdW'($signed({1'b0, x_i})) * ProdW'($signed({1'b0, keep}));
  end

  logic signed [ProdW-1:0] floored;
  assign floored = prod_q >>> 12;
  assign floor_o = floored[Width-1:0];
  assign up_o = prod_q[ProdW-1] && prod_q[11:0] != 12'd0;

  logic [ProdW-Width-1:0] unused_floored;
  assign unused_floored = floored[ProdW-1:Width];

endmodule
