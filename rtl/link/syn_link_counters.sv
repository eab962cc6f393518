`default_nettype none
// syn_link_counters: the link's 16-bit event counters (docs/protocol.md,
// section 7: bad CRC, framing, dropped, overflow, late) in one block RAM with
// one shared incrementer, instead of a register and an adder each (iCE40 area).
//
// Usage: pulse inc_i[i] once per event of counter i; events of one counter
// must be at least two cycles apart (the link's are: each comes from a frame
// end, a UART byte or a step). An event waits in a pending flag until its
// read-modify-write (read, then write back plus one: two cycles; a new one can
// start while the last is written, for another counter) takes the RAM.
// rd_i with rd_idx_i asks for counter rd_idx_i; rd_ack_o says the read was
// issued this cycle, and in the next cycle (only then) rdata_o holds the value.
// A read has priority over the increments; it waits only while its counter is
// being written back. The value can miss an event of the last few cycles.
// Counters wrap at 2^16. They start at 0 (the RAM's initial contents) and a
// reset does not clear them: hosts use differences (LinkStats).
module syn_link_counters #(
  // Number of counters.
  parameter int unsigned Num = 5,
  // What index 0 reads: never counted (its inc_i bit must stay 0), so a
  // constant such as the protocol version costs no logic there.
  parameter logic [15:0] Index0 = 16'd0
) (
  input  wire logic                   clk_i,
  input  wire logic                   rst_ni,
  input  wire logic [Num-1:0]         inc_i,
  input  wire logic                   rd_i,
  input  wire logic [$clog2(Num)-1:0] rd_idx_i,
  output logic                        rd_ack_o,
  output logic [15:0]                 rdata_o,
  // No event pending or being counted, not clearing.
  output logic                        idle_o
);
  localparam int unsigned IW = $clog2(Num);

  logic [Num-1:0] pend_q;            // events not yet counted
  logic           wb_q;              // write-back of counter wb_idx_q this cycle
  logic [IW-1:0]  wb_idx_q;

  // The lowest pending counter that is not being written back.
  logic           pick;
  logic [IW-1:0]  pick_idx;
  always_comb begin
    pick = 1'b0;
    pick_idx = '0;
    for (int i = Num - 1; i >= 0; i--) begin
      if (pend_q[i] && !(wb_q && wb_idx_q == IW'(i))) begin
        pick = 1'b1;
        pick_idx = IW'(i);
      end
    end
  end

  // The RAM reads every cycle: a value read at one edge is used (written
  // back plus one, or taken by the reader) in the cycle after it only.
  logic          start;
  logic [IW-1:0] raddr;
  assign rd_ack_o = rd_i && !(wb_q && wb_idx_q == rd_idx_i);
  assign start    = pick && !rd_ack_o;
  assign raddr    = rd_ack_o ? rd_idx_i : pick_idx;

  (* no_rw_check *) logic [15:0] mem [2 ** IW];
  initial begin
    for (int i = 0; i < 2 ** IW; i++) mem[i] = i == 0 ? Index0 : 16'd0;
  end
  always_ff @(posedge clk_i) begin
    if (wb_q) mem[wb_idx_q] <= rdata_o + 16'd1;
    rdata_o <= mem[raddr];
  end

  assign idle_o = pend_q == '0 && !wb_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q    <= '0;
      wb_q      <= 1'b0;
      wb_idx_q  <= '0;
    end else begin
      pend_q <= (pend_q & ~(start ? Num'(1) << pick_idx : '0)) | inc_i;
      wb_q     <= start;
      wb_idx_q <= pick_idx;
    end
  end
endmodule
`default_nettype wire
