// Port-accurate empty stand-ins for the vendor primitives the board tops use
// (the clocks, and the iCE40 SPRAM of the weight banks), so that `verilator
// --lint-only` (tools/bitstream --check) can check the tops. Lint only: they
// generate no clock, hold no data and are never synthesised (yosys and Vivado
// use their own cell libraries).
/* verilator lint_off DECLFILENAME */
/* verilator lint_off UNUSEDSIGNAL */
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off UNDRIVEN */

module SB_PLL40_PAD #(
  parameter FEEDBACK_PATH = "SIMPLE",
  parameter logic [3:0] DIVR = 4'd0,
  parameter logic [6:0] DIVF = 7'd0,
  parameter logic [2:0] DIVQ = 3'd0,
  parameter logic [2:0] FILTER_RANGE = 3'd0
) (
  input  wire logic       PACKAGEPIN,
  output logic            PLLOUTCORE,
  output logic            PLLOUTGLOBAL,
  input  wire logic       EXTFEEDBACK,
  input  wire logic [7:0] DYNAMICDELAY,
  output logic            LOCK,
  input  wire logic       BYPASS,
  input  wire logic       RESETB,
  input  wire logic       LATCHINPUTVALUE,
  output logic            SDO,
  input  wire logic       SDI,
  input  wire logic       SCLK
);
endmodule

module SB_SPRAM256KA (
  input  wire logic [13:0] ADDRESS,
  input  wire logic [15:0] DATAIN,
  input  wire logic [3:0]  MASKWREN,
  input  wire logic        WREN,
  input  wire logic        CHIPSELECT,
  input  wire logic        CLOCK,
  input  wire logic        STANDBY,
  input  wire logic        SLEEP,
  input  wire logic        POWEROFF,
  output logic [15:0]      DATAOUT
);
endmodule

module MMCME2_BASE #(
  parameter real CLKIN1_PERIOD = 10.0,
  parameter int DIVCLK_DIVIDE = 1,
  parameter real CLKFBOUT_MULT_F = 5.0,
  parameter real CLKOUT0_DIVIDE_F = 1.0
) (
  input  wire logic CLKIN1,
  input  wire logic CLKFBIN,
  output logic      CLKFBOUT,
  output logic      CLKFBOUTB,
  output logic      CLKOUT0,
  output logic      CLKOUT0B,
  output logic      CLKOUT1,
  output logic      CLKOUT1B,
  output logic      CLKOUT2,
  output logic      CLKOUT2B,
  output logic      CLKOUT3,
  output logic      CLKOUT3B,
  output logic      CLKOUT4,
  output logic      CLKOUT5,
  output logic      CLKOUT6,
  output logic      LOCKED,
  input  wire logic PWRDWN,
  input  wire logic RST
);
endmodule

module BUFG (
  input  wire logic I,
  output logic      O
);
  assign O = I;
endmodule
