// syn_fifo: a small first-word-fall-through FIFO in flops, for the core's
// spike queue (a few entries; large buffers belong in block RAM).
//
// Usage: push with in_valid_i && in_ready_o; the head is out_data_o while
// out_valid_o; pop with out_valid_o && out_ready_i. in_ready_o is !full and
// does not depend on out_ready_i. level_o counts stored entries (producers
// that cannot stall use it as a credit count). Latency: a pushed word is at
// the head in the next cycle.
//
// The entries shift toward the head on a pop and a push lands at the first
// free entry, so the head is entry 0 (no read multiplexer) and each entry
// bit is one LUT (keep, shift or load) with its flip-flop in the same iCE40
// logic cell; a circular buffer needs a flip-flop-only cell per bit (its
// write data fans out to every entry) plus the read multiplexer.
`default_nettype none

module syn_fifo #(
  // Bits per entry.
  parameter int unsigned Width = 8,
  // Entries: a power of two, at least 2.
  parameter int unsigned Depth = 4,
  localparam int unsigned PtrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o,
  output logic [PtrW:0]    level_o
);

  if (Depth < 2 || (1 << PtrW) != Depth) begin : g_bad_depth
    $error("syn_fifo: Depth must be a power of two >= 2");
  end

  // Entry i is bits [i*Width +: Width]; each entry is a register of its own
  // (g_entry): a write into an element of a shared array costs Verilator a
  // delayed copy per entry and cycle.
  logic [Depth*Width-1:0] ents;
  logic [PtrW:0] level_q, land;
  logic push, pop;

  assign level_o = level_q;
  assign in_ready_o = level_q != (PtrW + 1)'(Depth);
  assign out_valid_o = level_q != '0;
  assign out_data_o = ents[Width-1:0];
  assign push = in_valid_i && in_ready_o;
  assign pop = out_valid_o && out_ready_i;
  // The entry a pushed word lands in (after this cycle's pop, if any).
  assign land = level_q - (PtrW + 1)'(pop);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) level_q <= '0;
    else level_q <= level_q + (PtrW + 1)'(push) - (PtrW + 1)'(pop);
  end

  // The storage has no reset: an entry is only read after it was written.
  for (genvar i = 0; i < Depth; i++) begin : g_entry
    logic load;
    logic [Width-1:0] q, next;
    assign load = push && land == (PtrW + 1)'(i);
    if (i + 1 < Depth) begin : g_shift
      assign next = ents[(i + 1)*Width +: Width];
    end else begin : g_last
      assign next = q;  // never shifted into a valid entry
    end
    always_ff @(posedge clk_i) begin
      if (load) q <= in_data_i;
      else if (pop) q <= next;
    end
    assign ents[i*Width +: Width] = q;
  end

endmodule
