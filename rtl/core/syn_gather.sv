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
// The first row of a group waits for handoff_ready_i (a free hand-off bank).
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
  localparam int unsigned CW = $clog2(NumNeurons / S)
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

  // The row sequence of a group is flist[0 .. F-1], then alist[0 .. A-1].
  // F and A are constant during a step, so their derived limits are
  // registered at the start and the issue logic compares for equality only
  // (no add or magnitude compare between the list RAM and the op).
  logic run_q, primed_q, from_alist_q;
  logic none_q, f_empty_q, a_empty_q;
  logic [NW-1:0] flast_q, fi_q, fi_next, fi_rd;
  logic [AW-1:0] alast_q, ai_q, ai_next, ai_rd;
  logic in_a_q, in_a_next, in_a_rd;
  logic [CW-1:0] c_q;
  logic first_row, first_row_g, last_row, last_group, go, advance;

  assign first_row = in_a_q ? (ai_q == '0 && f_empty_q) : fi_q == '0;
  assign last_row = none_q || (in_a_q ? ai_q == alast_q : (fi_q == flast_q && a_empty_q));
  assign last_group = c_q == CW'(NumNeurons / S - 1);
  // The group's first op (a group without rows has only that one).
  assign first_row_g = none_q || first_row;
  // A group without rows touches no bank, so it needs no even cycle.
  assign go = run_q && (none_q || primed_q) &&
              (!SinglePort || !wr_i || none_q || even_i) && (!first_row_g || handoff_ready_i);
  always_comb begin
    in_a_next = in_a_q;
    fi_next = fi_q + 1'b1;
    ai_next = ai_q + 1'b1;
    if (last_row) begin
      in_a_next = f_empty_q;
      fi_next = '0;
      ai_next = '0;
    end else if (!in_a_q && fi_q == flast_q) begin
      in_a_next = 1'b1;
      ai_next = '0;
    end
  end
  // The entry for the next op is read when this op goes (or at the start).
  assign advance = run_q && !none_q && (go ? !(last_row && last_group) : !primed_q);
  assign in_a_rd = go ? in_a_next : in_a_q;
  assign fi_rd = go ? fi_next : fi_q;
  assign ai_rd = go ? ai_next : ai_q;
  assign flist_re_o = advance && !in_a_rd;
  assign flist_raddr_o = {cur_i, fi_rd};
  assign alist_re_o = advance && in_a_rd;
  assign alist_raddr_o = ai_rd;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      primed_q <= 1'b0;
      from_alist_q <= 1'b0;
      none_q <= 1'b1;
      f_empty_q <= 1'b1;
      a_empty_q <= 1'b1;
      flast_q <= '0;
      alast_q <= '0;
      in_a_q <= 1'b0;
      fi_q <= '0;
      ai_q <= '0;
      c_q <= '0;
    end else if (start_i) begin
      run_q <= 1'b1;
      primed_q <= 1'b0;
      none_q <= fcount_i == '0 && acount_i == '0;
      f_empty_q <= fcount_i == '0;
      a_empty_q <= acount_i == '0;
      flast_q <= NW'(fcount_i - 1'b1);
      alast_q <= AW'(acount_i - 1'b1);
      in_a_q <= fcount_i == '0;
      fi_q <= '0;
      ai_q <= '0;
      c_q <= '0;
    end else begin
      if (advance) begin
        primed_q <= 1'b1;
        from_alist_q <= in_a_rd;
      end
      if (go) begin
        in_a_q <= in_a_next;
        fi_q <= fi_next;
        ai_q <= ai_next;
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
  assign op_dummy_o = none_q;
  assign op_axon_o = !none_q && from_alist_q;
  assign op_first_o = first_row_g;
  assign op_last_o = last_row;
  assign op_row_o = none_q ? '0 : p;
  assign op_c_o = c_q;
  assign op_rot_o = op_row_o[LaneW-1:0];

endmodule
