// syn_fifo: a small first-word-fall-through FIFO in flops, for the core's
// output queues (a few entries; large buffers belong in block RAM).
//
// Usage: push with in_valid_i && in_ready_o; the head is out_data_o while
// out_valid_o; pop with out_valid_o && out_ready_i. in_ready_o is !full and
// does not depend on out_ready_i. level_o counts stored entries (producers
// that cannot stall use it as a credit count). Latency: a pushed word is at
// the head in the next cycle.
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

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW:0] wptr_q, rptr_q;
  logic push, pop;

  assign level_o = wptr_q - rptr_q;
  assign in_ready_o = level_o != (PtrW + 1)'(Depth);
  assign out_valid_o = level_o != '0;
  assign out_data_o = mem_q[rptr_q[PtrW-1:0]];
  assign push = in_valid_i && in_ready_o;
  assign pop = out_valid_o && out_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
    end else begin
      if (push) wptr_q <= wptr_q + 1'b1;
      if (pop) rptr_q <= rptr_q + 1'b1;
    end
  end

  // The storage has no reset: an entry is only read after it was written.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wptr_q[PtrW-1:0]] <= in_data_i;
  end

endmodule
