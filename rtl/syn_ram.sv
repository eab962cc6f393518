// syn_ram: simple dual-port RAM (one read port, one write port) with a
// registered read and a per-bit write mask; synthesis maps it to block RAM
// (iCE40 SB_RAM40_4K, Xilinx RAMB18/36).
//
// Usage: raise re_i with raddr_i; rdata_o holds mem[raddr_i] from the next
// cycle on, until the next read (the output register is held while re_i is
// low). A write stores wdata_i bits where wmask_i is 1, at the clock edge.
// A read and a write of the same address in one cycle return undefined data
// on real block RAM (`no_rw_check` tells yosys not to add bypass logic for
// it): the core never relies on such a read.
`default_nettype none

module syn_ram #(
  // Bits per word.
  parameter int unsigned Width = 8,
  // Number of words.
  parameter int unsigned Depth = 256,
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

  // Yosys infers per-bit write enables only from the bit loop; Verilator
  // cannot schedule a delayed write inside a loop, so it gets the same
  // masked write as one word expression.
  always_ff @(posedge clk_i) begin
    if (we_i) begin
`ifdef SYNTHESIS
      for (int unsigned i = 0; i < Width; i++) begin
        if (wmask_i[i]) mem_q[waddr_i][i] <= wdata_i[i];
      end
`else
      mem_q[waddr_i] <= (mem_q[waddr_i] & ~wmask_i) | (wdata_i & wmask_i);
`endif
    end
    if (re_i) rdata_o <= mem_q[raddr_i];
  end

endmodule
