// syn_delay: axonal delays (docs/model.md, "Axonal delays"; docs/rtl.md,
// "Axonal delays"), built into syn_core with AxonDelays = 1.
//
// A spike of neuron i at step t arrives at t + 1 + delay[i], an input of
// axon a queued for step t at t + delay[N + a]; at its arrival step it is an
// ordinary presynaptic event. This module keeps the events in flight as
// arrival lists, one per step, in two rings of list RAMs:
// - u_nring: 32 slots of N neuron entries; slot s mod 32 holds the neurons
//   arriving at step s. A spike of step t goes to slot t + 1 + d (d <= 15),
//   never to slot t, which the gather of that same step is still reading
//   (16 slots would put a delay of 15 there);
// - u_aring: 16 slots of M axon entries (appended only while idle, by
//   OpAxon at slot t + d, so slot t + 16 = t is free again after step t).
// The counts are flip-flops (one per slot). u_dly holds the 4-bit delay of
// every presynaptic source p (neuron i: p = i, axon a: p = N + a).
//
// What each user does:
// - the neuron pass pushes its spikes (spk_push_i): the delay is read in the
//   push cycle, the entry written the cycle after;
// - syn_ctrl appends OpAxon (slot t + delay, read from u_dly at accept) and
//   OpPend (slot t + k, for restoring a saved state), reads delays, list
//   entries and counts, and zeroes slot t when a step ends (finish_i) and
//   every count on OpClear;
// - the gather reads slot t's lists in place of the pending and axon lists;
// - before the engines start (syn_ctrl's Mark state) the walker sets the
//   pending bit of every neuron and the queued bit of every axon of slot t
//   (u_npre, u_apre): the neuron pass and syn_axon count those arrivals in
//   the pre traces, and clear the bits.
`default_nettype none

module syn_delay #(
  parameter int unsigned NumNeurons = 16,
  parameter int unsigned NumInputs = 8,
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned AW = $clog2(NumInputs),
  localparam int unsigned RowW = $clog2(NumNeurons + NumInputs),
  localparam int unsigned SlotW = NW > AW ? NW : AW
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [4:0]      step_i,       // t mod 32, constant while idle and during a step
  input  logic            eng_i,        // a step owns the RAMs
  input  logic            clear_i,      // OpClear: every list empty
  input  logic            finish_i,     // the step ends: slot t empty
  // Delays: host reads and writes, and the OpAxon read at accept.
  input  logic            dly_re_i,
  input  logic [RowW-1:0] dly_raddr_i,
  output logic [3:0]      dly_rdata_o,
  input  logic            dly_we_i,
  input  logic [RowW-1:0] dly_waddr_i,
  input  logic [3:0]      dly_wdata_i,
  // Spikes of the neuron pass.
  input  logic            spk_push_i,
  input  logic [NW-1:0]   spk_idx_i,
  // Host appends: OpAxon (by_delay: slot t + its delay, read at accept)
  // or OpPend (slot t + k, neuron or axon).
  input  logic            app_we_i,
  input  logic            app_axon_i,
  input  logic            app_by_delay_i,
  input  logic [3:0]      app_k_i,
  input  logic [SlotW-1:0] app_idx_i,
  // Host reads of list entries: list (axon or neuron) of slot t + k, entry e.
  input  logic            lr_re_i,
  input  logic            lr_axon_i,
  input  logic [3:0]      lr_k_i,
  input  logic [SlotW-1:0] lr_e_i,
  output logic [NW-1:0]   n_rdata_o,
  output logic [AW-1:0]   a_rdata_o,
  // Count of the list (axon or neuron) of slot t + k, combinational.
  input  logic            cq_axon_i,
  input  logic [3:0]      cq_k_i,
  output logic [SlotW:0]  cq_count_o,
  // The gather: slot t's counts and lists.
  output logic [NW:0]     fcount_o,
  output logic [AW:0]     acount_o,
  input  logic            g_flist_re_i,
  input  logic [NW-1:0]   g_fi_i,
  input  logic            g_alist_re_i,
  input  logic [AW-1:0]   g_ai_i,
  // The walker (syn_ctrl's Mark state): start with the counts stable.
  input  logic            mark_start_i,
  output logic            mark_done_o,
  output logic            mk_npre_we_o,
  output logic            mk_apre_we_o
);

  localparam int unsigned NSlots = 32;
  localparam int unsigned ASlots = 16;

  logic [NW:0] ncount_q [NSlots];
  logic [AW:0] acount_q [ASlots];

  logic [4:0] t_n;
  logic [3:0] t_a;
  assign t_n = step_i;
  assign t_a = step_i[3:0];
  assign fcount_o = ncount_q[t_n];
  assign acount_o = acount_q[t_a];
  assign cq_count_o = cq_axon_i ? (SlotW + 1)'(acount_q[t_a + cq_k_i])
                                : (SlotW + 1)'(ncount_q[t_n + 5'(cq_k_i)]);

  // ---------------------------------------------------------------------------
  // Delays: the neuron pass reads a spiker's delay in its push cycle; the
  // host reads while idle (OpAxon at accept, reads at execution).
  // ---------------------------------------------------------------------------
  syn_ram #(.Width(4), .Depth(NumNeurons + NumInputs)) u_dly (
    .clk_i,
    .re_i   (eng_i ? spk_push_i : dly_re_i),
    .raddr_i(eng_i ? RowW'(spk_idx_i) : dly_raddr_i),
    .rdata_o(dly_rdata_o),
    .we_i   (!eng_i && dly_we_i),
    .waddr_i(dly_waddr_i),
    .wdata_i(dly_wdata_i),
    .wmask_i('1)
  );

  // A spike, one cycle later with its delay.
  logic sp_valid_q;
  logic [NW-1:0] sp_idx_q;
  logic [4:0] sp_slot;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sp_valid_q <= 1'b0;
    else sp_valid_q <= eng_i && spk_push_i;
  end
  always_ff @(posedge clk_i) begin
    if (spk_push_i) sp_idx_q <= spk_idx_i;
  end
  assign sp_slot = t_n + 5'd1 + 5'(dly_rdata_o);

  // Host append slots.
  logic [4:0] app_nslot;
  logic [3:0] app_aslot;
  assign app_nslot = t_n + 5'(app_k_i);
  assign app_aslot = t_a + (app_by_delay_i ? dly_rdata_o : app_k_i);

  // ---------------------------------------------------------------------------
  // Counts
  // ---------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned s = 0; s < NSlots; s++) ncount_q[s] <= '0;
      for (int unsigned s = 0; s < ASlots; s++) acount_q[s] <= '0;
    end else if (clear_i) begin
      for (int unsigned s = 0; s < NSlots; s++) ncount_q[s] <= '0;
      for (int unsigned s = 0; s < ASlots; s++) acount_q[s] <= '0;
    end else begin
      // Slot t is never a spike's or an append's target in the cycle the
      // step ends (spikes are done, appends wait for idle).
      if (finish_i) begin
        ncount_q[t_n] <= '0;
        acount_q[t_a] <= '0;
      end
      if (sp_valid_q) ncount_q[sp_slot] <= ncount_q[sp_slot] + 1'b1;
      if (app_we_i && !app_axon_i) ncount_q[app_nslot] <= ncount_q[app_nslot] + 1'b1;
      if (app_we_i && app_axon_i) acount_q[app_aslot] <= acount_q[app_aslot] + 1'b1;
    end
  end

  // ---------------------------------------------------------------------------
  // The walker: reads slot t's entries, one per cycle, and marks each the
  // cycle after (neurons first, then axons).
  // ---------------------------------------------------------------------------
  logic mk_run_q, mk_ax_q, mk_wv_q, mk_wax_q, mk_a_empty_q;
  logic [SlotW-1:0] mk_i_q, mk_nlast_q, mk_alast_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mk_run_q <= 1'b0;
      mk_ax_q <= 1'b0;
      mk_wv_q <= 1'b0;
      mk_wax_q <= 1'b0;
      mk_a_empty_q <= 1'b1;
      mk_i_q <= '0;
      mk_nlast_q <= '0;
      mk_alast_q <= '0;
    end else if (mark_start_i) begin
      mk_run_q <= fcount_o != '0 || acount_o != '0;
      mk_ax_q <= fcount_o == '0;
      mk_a_empty_q <= acount_o == '0;
      mk_nlast_q <= SlotW'(fcount_o - 1'b1);
      mk_alast_q <= SlotW'(acount_o - 1'b1);
      mk_i_q <= '0;
      mk_wv_q <= 1'b0;
    end else begin
      mk_wv_q <= mk_run_q;
      mk_wax_q <= mk_ax_q;
      if (mk_run_q) begin
        if (!mk_ax_q && mk_i_q == mk_nlast_q) begin
          mk_i_q <= '0;
          if (mk_a_empty_q) mk_run_q <= 1'b0;
          else mk_ax_q <= 1'b1;
        end else if (mk_ax_q && mk_i_q == mk_alast_q) begin
          mk_run_q <= 1'b0;
        end else begin
          mk_i_q <= mk_i_q + 1'b1;
        end
      end
    end
  end
  assign mark_done_o = !mk_run_q && !mk_wv_q;
  assign mk_npre_we_o = mk_wv_q && !mk_wax_q;
  assign mk_apre_we_o = mk_wv_q && mk_wax_q;

  // ---------------------------------------------------------------------------
  // The rings. Reads: the gather (during a step), the walker (Mark), the
  // host (idle); never two in one cycle. Writes: spikes (during a step),
  // host appends (idle).
  // ---------------------------------------------------------------------------
  logic n_re, a_re;
  logic [4:0] n_rslot;
  logic [3:0] a_rslot;
  logic [NW-1:0] n_rent;
  logic [AW-1:0] a_rent;
  always_comb begin
    if (eng_i) begin
      n_re = g_flist_re_i;
      n_rslot = t_n;
      n_rent = g_fi_i;
      a_re = g_alist_re_i;
      a_rslot = t_a;
      a_rent = g_ai_i;
    end else if (mk_run_q) begin
      n_re = !mk_ax_q;
      n_rslot = t_n;
      n_rent = NW'(mk_i_q);
      a_re = mk_ax_q;
      a_rslot = t_a;
      a_rent = AW'(mk_i_q);
    end else begin
      n_re = lr_re_i && !lr_axon_i;
      n_rslot = t_n + 5'(lr_k_i);
      n_rent = NW'(lr_e_i);
      a_re = lr_re_i && lr_axon_i;
      a_rslot = t_a + lr_k_i;
      a_rent = AW'(lr_e_i);
    end
  end

  syn_ram #(.Width(NW), .Depth(NSlots * NumNeurons)) u_nring (
    .clk_i,
    .re_i   (n_re),
    .raddr_i({n_rslot, n_rent}),
    .rdata_o(n_rdata_o),
    .we_i   (eng_i ? sp_valid_q : app_we_i && !app_axon_i),
    .waddr_i(eng_i ? {sp_slot, NW'(ncount_q[sp_slot])} : {app_nslot, NW'(ncount_q[app_nslot])}),
    .wdata_i(eng_i ? sp_idx_q : NW'(app_idx_i)),
    .wmask_i('1)
  );

  syn_ram #(.Width(AW), .Depth(ASlots * NumInputs)) u_aring (
    .clk_i,
    .re_i   (a_re),
    .raddr_i({a_rslot, a_rent}),
    .rdata_o(a_rdata_o),
    .we_i   (!eng_i && app_we_i && app_axon_i),
    .waddr_i({app_aslot, AW'(acount_q[app_aslot])}),
    .wdata_i(AW'(app_idx_i)),
    .wmask_i('1)
  );

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (sp_valid_q) assert (sp_slot != t_n) else $error("syn_delay: a spike into slot t");
    assert (!(sp_valid_q && app_we_i)) else $error("syn_delay: spike and host append together");
  end
`endif

endmodule
