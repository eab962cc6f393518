`default_nettype none
// syn_link_tx: the transmit ring and its reader. The frame encoder writes frames
// into the ring already encoded for the line (syn_link_txenc); this module
// sends the committed bytes in order.
//
// Usage: connect the encoder's write port and commit pointer. Bytes leave on
// out_valid_o/out_data_o when out_ready_i (a UART transmitter, or a byte pipe
// in simulation): one byte per cycle at most. free_o is the next byte to
// read from the ring (the byte on out_data_o has left it: the RAM's output
// register holds it); the encoder may fill the ring up to one byte before it. idle_o: every
// committed byte has been taken.
module syn_link_tx #(
  // Transmit ring size in bytes, a power of two.
  parameter int unsigned RingBytes = 512
) (
  input  wire logic                         clk_i,
  input  wire logic                         rst_ni,
  input  wire logic                         we_i,
  input  wire logic [$clog2(RingBytes)-1:0] waddr_i,
  input  wire logic [7:0]                   wdata_i,
  input  wire logic [$clog2(RingBytes)-1:0] commit_i,
  output logic [$clog2(RingBytes)-1:0]      free_o,
  output logic                              out_valid_o,
  output logic [7:0]                        out_data_o,
  input  wire logic                         out_ready_i,
  output logic                              idle_o
);
  localparam int unsigned AW = $clog2(RingBytes);
  logic          re;
  logic [AW-1:0] next_q;   // next address to read
  logic          have_q;   // out_data_o holds the byte at next_q - 1

  syn_link_ram #(.Bytes(RingBytes)) u_ram (
    .clk_i, .we_i, .waddr_i, .wdata_i, .re_i(re), .raddr_i(next_q), .rdata_o(out_data_o)
  );

  assign re = (!have_q || out_ready_i) && next_q != commit_i;
  assign out_valid_o = have_q;
  assign free_o = next_q;
  assign idle_o = !have_q && next_q == commit_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      next_q <= '0;
      have_q <= 1'b0;
    end else begin
      if (re) next_q <= next_q + AW'(1);
      if (re) have_q <= 1'b1;
      else if (out_ready_i) have_q <= 1'b0;
    end
  end
endmodule
`default_nettype wire
