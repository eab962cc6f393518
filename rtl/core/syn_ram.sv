// syn_ram: simple dual-port RAM (one read port, one write port) with a
// registered read and a write mask per field; synthesis maps it to block
// RAM (iCE40 SB_RAM40_4K, Xilinx RAMB18/36).
//
// Usage: raise re_i with raddr_i; rdata_o holds mem[raddr_i] from the next
// cycle on, until the next read (the output register is held while re_i is
// low). A write stores the fields of wdata_i whose mask is 1, at the clock
// edge. A read and a write of the same address in one cycle return
// undefined data on real block RAM (`no_rw_check` tells yosys not to add
// bypass logic for it): the core never relies on such a read.
//
// Fields: FieldStarts has a 1 at the first bit of every write field (bit 0
// always starts one). wmask_i must be the same in every bit of a field (an
// assertion checks it in simulation); only the field's first mask bit is
// used. Why: block RAM has one write enable per byte lane (Xilinx: 8 lanes
// of 9 bits in a RAMB36), so yosys gives every distinct enable signal its
// own lane. The core builds its masks from a few field selects, but after
// its muxes every bit is a distinct signal: a per-bit mask made the 80-bit
// state RAM ten RAMB36 where one and a half hold it, and costs a LUT per
// bit on the iCE40. Naming one enable per field lets yosys see the fields.
// The default (a field per bit) is a plain per-bit mask.
`default_nettype none

module syn_ram #(
  // Bits per word.
  parameter int unsigned Width = 8,
  // Number of words.
  parameter int unsigned Depth = 256,
  // Bit i is 1 where a write field starts (see above); all ones: per-bit
  // mask. Not '1: yosys 0.23 elaborates a '1 default of a parameter whose
  // width depends on another parameter as a single 1 bit (one field).
  parameter logic [Width-1:0] FieldStarts = {Width{1'b1}},
  localparam int unsigned AddrW = Depth > 1 ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [Width-1:0] wmask_i
);

  (* no_rw_check *) logic [Width-1:0] mem_q [Depth];

`ifdef SYNTHESIS
  // The first bit of the field holding bit i (elaboration time).
  function automatic int unsigned field_first(int unsigned i);
    field_first = 0;
    for (int unsigned j = 1; j <= i; j++) begin
      if (FieldStarts[j]) field_first = j;
    end
  endfunction

  // Every bit takes the mask bit of its field's first bit: one signal per
  // field, which yosys maps to one byte-lane enable. Yosys infers per-bit
  // write enables only from the bit loop.
  logic [Width-1:0] bit_en;
  for (genvar i = 0; i < Width; i++) begin : g_en
    localparam int unsigned First = field_first(i);
    assign bit_en[i] = wmask_i[First];
  end

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int unsigned i = 0; i < Width; i++) begin
        if (bit_en[i]) mem_q[waddr_i][i] <= wdata_i[i];
      end
    end
    if (re_i) rdata_o <= mem_q[raddr_i];
  end

`else
  // Simulation writes with the mask as given, one word expression
  // (Verilator cannot schedule a delayed write inside a bit loop, and a
  // per-bit enable costs a statement per bit on every evaluation). The
  // assertion checks that the mask is uniform in every field, so this is
  // exactly the synthesised write: bit i (not a field start) must equal
  // bit i-1.
  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= (mem_q[waddr_i] & ~wmask_i) | (wdata_i & wmask_i);
    if (re_i) rdata_o <= mem_q[raddr_i];
  end

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      assert (((wmask_i ^ (wmask_i << 1)) & ~FieldStarts) == '0)
      else $error("syn_ram: write mask %h is not uniform in the fields %h", wmask_i, FieldStarts);
    end
  end
`endif

endmodule
