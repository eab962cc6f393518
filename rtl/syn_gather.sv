// syn_gather: issues the delivery pass of a step (model phase 1) to
// syn_synapse, group-major: for each group c of S post neurons, one op per
// presynaptic event row (the pending neurons, then the queued axons). Each
// group's S sums are complete after its last row, so syn_neuron updates
// group c while the gather works on group c+1: the step costs about
// (N/S) * max(rows * II, S) cycles instead of a delivery pass plus a neuron
// pass. A group without rows still issues one dummy op (its post traces).
//
// Usage: pulse start_i with the counts, list half and registers stable;
// done_o rises when the last op is issued (syn_synapse may still be busy).
// With wr_i (learning) and a single-port weight RAM (SinglePort), ops go
// out on even cycles only (even_i), which keeps bank reads and writes apart.
// A last row waits for handoff_ready_i.
//
// The list RAMs are read one cycle ahead of the op; when the op cannot go,
// no new read is issued and the RAM output holds the entry.
`default_nettype none

module syn_gather #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M.
  parameter int unsigned NumInputs = 8,
  // Lanes S.
  parameter int unsigned SynLanes = 4,
  // 1: the weight banks are single-port (RMW ops only on even cycles).
  parameter bit SinglePort = 1'b0,
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned AW = $clog2(NumInputs),
  localparam int unsigned RowW = $clog2(NumNeurons + NumInputs),
  localparam int unsigned CW = $clog2(NumNeurons / S),
  localparam int unsigned KW = $clog2(NumNeurons + NumInputs + 1)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            start_i,
  output logic            done_o,
  input  logic [NW:0]     fcount_i,
  input  logic [AW:0]     acount_i,
  input  logic            cur_i,
  input  logic            wr_i,
  input  logic            even_i,
  input  logic            handoff_ready_i,
  // List RAMs.
  output logic            flist_re_o,
  output logic [NW:0]     flist_raddr_o,
  input  logic [NW-1:0]   flist_rdata_i,
  output logic            alist_re_o,
  output logic [AW-1:0]   alist_raddr_o,
  input  logic [AW-1:0]   alist_rdata_i,
  // Ops to syn_synapse.
  output logic            op_valid_o,
  output logic            op_dummy_o,
  output logic            op_axon_o,
  output logic            op_first_o,
  output logic            op_last_o,
  output logic [RowW-1:0] op_row_o,
  output logic [CW-1:0]   op_c_o,
  output logic [LaneW-1:0] op_rot_o
);

  logic run_q, primed_q, from_alist_q;
  logic [CW-1:0] c_q;
  logic [KW-1:0] k_q, k_next;
  logic [KW-1:0] rows;
  logic none, last_row, last_group, go, advance;

  assign rows = KW'(fcount_i) + KW'(acount_i);
  assign none = rows == '0;
  assign last_row = none || k_q == rows - 1'b1;
  assign last_group = c_q == CW'(NumNeurons / S - 1);
  // A group without rows touches no bank, so it needs no even cycle.
  assign go = run_q && (none || primed_q) &&
              (!SinglePort || !wr_i || none || even_i) && (!last_row || handoff_ready_i);
  assign k_next = last_row ? '0 : k_q + 1'b1;
  // The entry for the next op is read when this op goes (or at the start).
  assign advance = run_q && !none && (go ? !(last_row && last_group) : !primed_q);

  // List read of entry k_rd: pending neurons first, then axons.
  logic [KW-1:0] k_rd;
  logic rd_alist;
  assign k_rd = go ? k_next : k_q;
  assign rd_alist = k_rd >= KW'(fcount_i);
  assign flist_re_o = advance && !rd_alist;
  assign flist_raddr_o = {cur_i, NW'(k_rd)};
  assign alist_re_o = advance && rd_alist;
  assign alist_raddr_o = AW'(k_rd - KW'(fcount_i));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      primed_q <= 1'b0;
      from_alist_q <= 1'b0;
      c_q <= '0;
      k_q <= '0;
    end else if (start_i) begin
      run_q <= 1'b1;
      primed_q <= 1'b0;
      c_q <= '0;
      k_q <= '0;
    end else begin
      if (advance) begin
        primed_q <= 1'b1;
        from_alist_q <= rd_alist;
      end
      if (go) begin
        k_q <= k_next;
        if (last_row) begin
          c_q <= c_q + 1'b1;
          if (last_group) run_q <= 1'b0;
        end
      end
    end
  end
  assign done_o = !run_q;

  // The op: row p (neuron i -> i, axon a -> N + a).
  logic [RowW-1:0] p;
  assign p = from_alist_q ? RowW'(NumNeurons) + RowW'(alist_rdata_i) : RowW'(flist_rdata_i);

  assign op_valid_o = go;
  assign op_dummy_o = none;
  assign op_axon_o = !none && from_alist_q;
  assign op_first_o = none || k_q == '0;
  assign op_last_o = last_row;
  assign op_row_o = none ? '0 : p;
  assign op_c_o = c_q;
  assign op_rot_o = op_row_o[LaneW-1:0];

endmodule
