// Known-bad sample for check-yosys-traps: each marked line must be reported.
module bad_sample #(
  parameter logic [3:0] Ones = '1,  // line 3: trap
  parameter int unsigned Width = 4
) ();
  localparam logic [7:0] Good = {8{1'b1}};
  localparam logic [7:0] Mixed = Width > 2 ? 8'h0F :
                                 '1;  // line 8: trap
  logic [3:0] fine;
  assign fine = '1;  // not a parameter: both tools agree
endmodule
