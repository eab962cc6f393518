`default_nettype none
// syn_link_reader: presents the bytes of the receive ring as a stream.
//
// Usage: valid_o/data_o is the next unread byte in ring order; take_i
// consumes it (only when valid_o). Bytes are read ahead only below limit_i
// (the receive side's commit pointer), so only committed frames are seen.
// One byte per cycle when take_i stays high.
module syn_link_reader #(
  // Ring size in bytes, a power of two.
  parameter int unsigned RingBytes = 1024
) (
  input  wire logic                         clk_i,
  input  wire logic                         rst_ni,
  input  wire logic [$clog2(RingBytes)-1:0] limit_i,
  output logic                              valid_o,
  output logic [7:0]                        data_o,
  input  wire logic                         take_i,
  // Ring read port.
  output logic                              ram_re_o,
  output logic [$clog2(RingBytes)-1:0]      ram_raddr_o,
  input  wire logic [7:0]                   ram_rdata_i
);
  localparam int unsigned AW = $clog2(RingBytes);
  logic [AW-1:0] next_q;   // next address to read
  logic          have_q;   // ram_rdata_i holds the byte at next_q - 1, not yet taken

  assign ram_re_o    = (!have_q || take_i) && next_q != limit_i;
  assign ram_raddr_o = next_q;
  assign valid_o     = have_q;
  assign data_o      = ram_rdata_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      next_q <= '0;
      have_q <= 1'b0;
    end else begin
      if (ram_re_o) next_q <= next_q + AW'(1);
      if (ram_re_o) have_q <= 1'b1;
      else if (take_i) have_q <= 1'b0;
    end
  end
endmodule
`default_nettype wire
