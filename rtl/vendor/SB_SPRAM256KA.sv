// Simulation model of the iCE40 UP5K single-port RAM SB_SPRAM256KA (16K x
// 16, nibble write mask), written from Lattice's iCE40 SPRAM usage guide.
// It lets Verilator run the iCE40 configuration of the core (syn_wram Kind
// WramIce40) with the same wrapper logic that goes into the bitstream.
// Synthesis uses yosys's own cell library instead of this file.
//
// Behaviour modelled: on a rising CLOCK with CHIPSELECT high (and STANDBY,
// SLEEP low, POWEROFF high): WREN high writes the nibbles of DATAIN whose
// MASKWREN bit is 1; WREN low reads ADDRESS into DATAOUT. DATAOUT is left
// unchanged by writes and idle cycles.
`default_nettype none

module SB_SPRAM256KA (
  input  wire [13:0] ADDRESS,
  input  wire [15:0] DATAIN,
  input  wire [3:0]  MASKWREN,
  input  wire        WREN,
  input  wire        CHIPSELECT,
  input  wire        CLOCK,
  input  wire        STANDBY,
  input  wire        SLEEP,
  input  wire        POWEROFF,
  output reg  [15:0] DATAOUT
);

  reg [15:0] mem [16384];
  wire [15:0] bitmask = {{4{MASKWREN[3]}}, {4{MASKWREN[2]}}, {4{MASKWREN[1]}}, {4{MASKWREN[0]}}};
  wire active = CHIPSELECT && !STANDBY && !SLEEP && POWEROFF;

  always @(posedge CLOCK) begin
    if (active) begin
      if (WREN) mem[ADDRESS] <= (mem[ADDRESS] & ~bitmask) | (DATAIN & bitmask);
      else DATAOUT <= mem[ADDRESS];
    end
  end

endmodule
