`default_nettype none
// syn_ice40_pll: the iCE40 PLL, from the oscillator pad to the core clock.
//
// Usage: pad_i is the oscillator's package pin (it must be a PLL input pad:
// pin 35 on the UP5K-SG48); clk_o is the core clock on a global buffer and
// locked_o (asynchronous) is high while it is stable; feed !locked_o into the
// reset synchroniser. The divider values come from tools/bitstream, which
// solves them from the board table; this module checks at elaboration that
// they give ClkHz exactly and keep the PFD and VCO inside the datasheet
// ranges, so a wrong table row cannot produce a bitstream with a wrong clock.
//
//   ClkHz = OscHz * (Divf + 1) / ((Divr + 1) * 2^Divq)
module syn_ice40_pll #(
  // Oscillator frequency in Hz.
  parameter int unsigned OscHz = 12_000_000,
  // Core clock the dividers must produce, in Hz.
  parameter int unsigned ClkHz = 48_000_000,
  // Reference divider, 0..15.
  parameter int unsigned Divr = 0,
  // Feedback divider, 0..127.
  parameter int unsigned Divf = 63,
  // Output divider exponent, 1..6.
  parameter int unsigned Divq = 4,
  // Loop filter range for the PFD frequency, 1..6.
  parameter int unsigned FilterRange = 1
) (
  input  wire logic pad_i,
  output logic      clk_o,
  output logic      locked_o
);
  // 64-bit: the VCO frequency in Hz does not fit a 32-bit int.
  localparam logic [63:0] PfdHz = 64'(OscHz) / (64'(Divr) + 64'd1);
  localparam logic [63:0] VcoHz = PfdHz * (64'(Divf) + 64'd1);
  localparam logic [63:0] OutHz = VcoHz >> Divq;

  if (Divr > 15 || Divf > 127 || Divq < 1 || Divq > 6 || FilterRange < 1 || FilterRange > 6)
  begin : g_bad_range
    $error("syn_ice40_pll: a divider or the filter range is outside its field");
  end
  if (OscHz % (Divr + 1) != 0 || VcoHz % (64'd1 << Divq) != 0 || OutHz != 64'(ClkHz))
  begin : g_bad_freq
    $error("syn_ice40_pll: the dividers do not give ClkHz exactly");
  end
  if (PfdHz < 64'd10_000_000 || PfdHz > 64'd133_000_000) begin : g_bad_pfd
    $error("syn_ice40_pll: PFD frequency outside 10..133 MHz");
  end
  if (VcoHz < 64'd533_000_000 || VcoHz > 64'd1_066_000_000) begin : g_bad_vco
    $error("syn_ice40_pll: VCO frequency outside 533..1066 MHz");
  end

  // Outputs of the primitive that the board does not use.
  logic unused_core_clk;
  logic unused_sdo;

  SB_PLL40_PAD #(
    .FEEDBACK_PATH("SIMPLE"),
    .DIVR(4'(Divr)),
    .DIVF(7'(Divf)),
    .DIVQ(3'(Divq)),
    .FILTER_RANGE(3'(FilterRange))
  ) u_pll (
    .PACKAGEPIN  (pad_i),
    .PLLOUTCORE  (unused_core_clk),
    .PLLOUTGLOBAL(clk_o),
    .EXTFEEDBACK (1'b0),
    .DYNAMICDELAY(8'h00),
    .LOCK        (locked_o),
    .BYPASS      (1'b0),
    .RESETB      (1'b1),
    .LATCHINPUTVALUE(1'b0),
    .SDO         (unused_sdo),
    .SDI         (1'b0),
    .SCLK        (1'b0)
  );
endmodule
`default_nettype wire
