// The two forms of syn_pkg::lt_const (bit-level for synthesis, x < c for
// simulation) for a set of constants: check-forms proves them equal for
// every x.
`default_nettype none
module lt_const_forms (
  input  logic [31:0] x_i,
  output logic [11:0] lt_o
);
  // Packed: yosys 0.23 has no unpacked localparam arrays.
  localparam logic [12*32-1:0] Consts = {32'd0, 32'd1, 32'd2, 32'd7, 32'd8, 32'd255, 32'd256,
                                         32'd1000, 32'd65535, 32'h8000_0000, 32'hFFFF_FFFE,
                                         32'hFFFF_FFFF};
  for (genvar k = 0; k < 12; k++) begin : g_c
    assign lt_o[k] = syn_pkg::lt_const(x_i, Consts[k*32 +: 32]);
  end
endmodule
