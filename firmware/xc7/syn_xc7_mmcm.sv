`default_nettype none
// syn_xc7_mmcm: a 7-series MMCM, from the board oscillator to the core clock.
//
// Usage: clk_osc_i is the oscillator input (a clock-capable pin); clk_o is the
// core clock on a BUFG and locked_o (asynchronous) is high while it is stable;
// feed !locked_o into the reset synchroniser. The integer dividers come from
// tools/bitstream, which solves them from the board table; this module checks
// at elaboration that they give ClkHz exactly and keep the PFD and VCO inside
// the -1 speed grade's ranges (DS181: VCO 600..1200 MHz, PFD 10..450 MHz).
//
//   ClkHz = OscHz * Mult / (Divclk * Div0)
module syn_xc7_mmcm #(
  // Oscillator frequency in Hz.
  parameter int unsigned OscHz = 12_000_000,
  // Core clock the dividers must produce, in Hz.
  parameter int unsigned ClkHz = 96_000_000,
  // Input divider (DIVCLK_DIVIDE), 1..106.
  parameter int unsigned Divclk = 1,
  // Feedback multiplier (CLKFBOUT_MULT_F, integer here), 2..64.
  parameter int unsigned Mult = 64,
  // Output divider (CLKOUT0_DIVIDE_F, integer here), 1..128.
  parameter int unsigned Div0 = 8
) (
  input  wire logic clk_osc_i,
  output logic      clk_o,
  output logic      locked_o
);
  // 64-bit: the VCO frequency in Hz does not fit a 32-bit int.
  localparam logic [63:0] PfdHz = 64'(OscHz) / 64'(Divclk);
  localparam logic [63:0] VcoHz = PfdHz * 64'(Mult);
  localparam logic [63:0] OutHz = VcoHz / 64'(Div0);
  // CLKIN1_PERIOD in ns, for the MMCM's jitter calculation.
  localparam real ClkinPeriodNs = 1.0e9 / OscHz;

  if (Divclk < 1 || Divclk > 106 || Mult < 2 || Mult > 64 || Div0 < 1 || Div0 > 128)
  begin : g_bad_range
    $error("syn_xc7_mmcm: a divider is outside its range");
  end
  if (OscHz % Divclk != 0 || VcoHz % 64'(Div0) != 0 || OutHz != 64'(ClkHz)) begin : g_bad_freq
    $error("syn_xc7_mmcm: the dividers do not give ClkHz exactly");
  end
  if (PfdHz < 64'd10_000_000 || PfdHz > 64'd450_000_000) begin : g_bad_pfd
    $error("syn_xc7_mmcm: PFD frequency outside 10..450 MHz");
  end
  if (VcoHz < 64'd600_000_000 || VcoHz > 64'd1_200_000_000) begin : g_bad_vco
    $error("syn_xc7_mmcm: VCO frequency outside 600..1200 MHz");
  end

  logic clk_fb;
  logic clk_unbuffered;
  logic [10:0] unused_clks;  // outputs of the primitive that the board does not use

  MMCME2_BASE #(
    .CLKIN1_PERIOD(ClkinPeriodNs),
    .DIVCLK_DIVIDE(Divclk),
    .CLKFBOUT_MULT_F(Mult),
    .CLKOUT0_DIVIDE_F(Div0)
  ) u_mmcm (
    .CLKIN1   (clk_osc_i),
    .CLKFBIN  (clk_fb),
    .CLKFBOUT (clk_fb),
    .CLKFBOUTB(unused_clks[0]),
    .CLKOUT0  (clk_unbuffered),
    .CLKOUT0B (unused_clks[1]),
    .CLKOUT1  (unused_clks[2]),
    .CLKOUT1B (unused_clks[3]),
    .CLKOUT2  (unused_clks[4]),
    .CLKOUT2B (unused_clks[5]),
    .CLKOUT3  (unused_clks[6]),
    .CLKOUT3B (unused_clks[7]),
    .CLKOUT4  (unused_clks[8]),
    .CLKOUT5  (unused_clks[9]),
    .CLKOUT6  (unused_clks[10]),
    .LOCKED   (locked_o),
    .PWRDWN   (1'b0),
    .RST      (1'b0)
  );

  BUFG u_bufg (
    .I(clk_unbuffered),
    .O(clk_o)
  );
endmodule
`default_nettype wire
