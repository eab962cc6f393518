`default_nettype none
// syn_link_ram: byte-wide simple dual-port RAM (one write port, one read
// port) with a synchronous read, for the link's receive and transmit rings.
//
// Usage: a write of wdata_i at waddr_i happens on a clock edge with we_i. A
// read of raddr_i on an edge with re_i presents the byte on rdata_o after that
// edge and holds it until the next read. Reading the address being written in
// the same cycle returns the old byte (the rings never do it). Yosys maps it
// to iCE40 EBR (512 bytes per SB_RAM40_4K), Vivado to block RAM.
module syn_link_ram #(
  // Capacity in bytes; a power of two.
  parameter int unsigned Bytes = 1024
) (
  input  wire logic          clk_i,
  input  wire logic          we_i,
  input  wire logic [$clog2(Bytes)-1:0] waddr_i,
  input  wire logic [7:0]    wdata_i,
  input  wire logic          re_i,
  input  wire logic [$clog2(Bytes)-1:0] raddr_i,
  output logic [7:0]         rdata_o
);
  initial begin
    if (Bytes != (1 << $clog2(Bytes))) $error("syn_link_ram: Bytes must be a power of two");
  end
  // The rings never read the byte being written (the reader stops before the
  // commit pointer, the writer before the free pointer): no_rw_check tells
  // yosys so, instead of emulating read-first behaviour around the EBR with
  // about 15 LUTs and 28 flip-flops per ring.
  (* no_rw_check *) logic [7:0] mem [Bytes];
  always_ff @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
  end
  always_ff @(posedge clk_i) begin
    if (re_i) rdata_o <= mem[raddr_i];
  end
endmodule
`default_nettype wire
