// syn_neuron: the neuron pass of a step (model phase 2 and the neuron part
// of phase 3): one neuron per cycle in a five-stage pipeline.
//
// For neuron j it takes the summed input of its group from the hand-off
// FIFO of syn_synapse (recurrent and input sums and the post trace y read
// before this step's update), reads its state, parameters and pre-trace
// word, and writes back u, v, adapt, the refractory counter, both traces and
// the pending bit (= spiked now). A spike goes to the spike FIFO (the core's
// output) and to the next-step half of the pending list.
//
// Usage: pulse start_i with the registers stable; done_o rises when all N
// neurons are written; count_o is then the number of the step's spikes
// (each spike is also spk_push_o with spk_idx_o). The pass never stalls once a neuron is issued: a
// neuron is issued only while the hand-off head is valid and the spike FIFO
// has room for every neuron in flight (spk_level_i + 5 <= SpikeDepth).
//
// Stages: 0 issue (state, decay fractions, pre traces), 1 products (bias and
// threshold read), 2 u and partial v (reset, refractory and adaptation
// parameters read), 3 spike decision, 4 writes. The parameter word lives in
// three RAMs read at the stage that needs them, so no parameter is carried
// down the pipeline (on the iCE40 every carried bit costs a logic cell).
`default_nettype none

module syn_neuron #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M.
  parameter int unsigned NumInputs = 8,
  // Stored weight width.
  parameter int unsigned WeightBits = 8,
  // Lanes S.
  parameter int unsigned SynLanes = 4,
  // Entries of the spike FIFO this pass pushes into.
  parameter int unsigned SpikeDepth = 8,
  // Trace width: 8, or 24 on a core with WideTraces (its run-time width
  // comes in through inc_*_i, already scaled, and trace_max_i).
  parameter int unsigned TraceBits = 8,
  localparam int unsigned TW = TraceBits,
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned NGroupW = $clog2(NumNeurons / S),
  localparam int unsigned RecW = $clog2(NumNeurons) + WeightBits,
  localparam int unsigned InW = $clog2(NumInputs) + WeightBits,
  localparam int unsigned AccW = (RecW > InW ? RecW : InW) + 9,
  // Sums of a potential and an input (or of three potentials) before saturation.
  localparam int unsigned SumW = (AccW > 24 ? AccW : 24) + 3,
  localparam int unsigned SpkLevelW = $clog2(SpikeDepth) + 1
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic                                   start_i,
  output logic                                   done_o,
  output logic [NW:0]                            count_o,
  // Hand-off from syn_synapse.
  input  logic                                   ho_valid_i,
  output logic                                   ho_pop_o,
  input  logic [S*RecW-1:0]                      ho_rec_i,
  input  logic [S*InW-1:0]                       ho_in_i,
  input  logic [S*TW-1:0]                        ho_y_i,
  // Registers.
  input  logic [3:0]                             exp_rec_i,
  input  logic [3:0]                             exp_in_i,
  input  logic [11:0]                            decay_pre_i,
  input  logic [11:0]                            decay_post_i,
  input  logic [TW-1:0]                          inc_pre_i,
  input  logic [TW-1:0]                          inc_post_i,
  input  logic [TW-1:0]                          trace_max_i,
  input  logic                                   nxt_i,
  // RAMs.
  output logic                                   state_re_o,
  output logic [NW-1:0]                          state_raddr_o,
  input  logic [syn_pkg::StateWordBits-1:0]      state_rdata_i,
  output logic                                   state_we_o,
  output logic [NW-1:0]                          state_waddr_o,
  output logic [syn_pkg::StateWordBits-1:0]      state_wdata_o,
  // Parameter word bits [35:0] (decays) at stage 0, [83:36] (bias,
  // threshold) at stage 1, [138:84] (reset, refractory, adapt step) at 2.
  output logic                                   pdec_re_o,
  output logic [NW-1:0]                          pdec_raddr_o,
  input  logic [35:0]                            pdec_rdata_i,
  output logic                                   pbt_re_o,
  output logic [NW-1:0]                          pbt_raddr_o,
  input  logic [47:0]                            pbt_rdata_i,
  output logic                                   prest_re_o,
  output logic [NW-1:0]                          prest_raddr_o,
  input  logic [54:0]                            prest_rdata_i,
  output logic                                   npre_re_o,
  output logic [NGroupW-1:0]                     npre_raddr_o,
  input  logic [S*(TW+1)-1:0]                    npre_rdata_i,
  output logic                                   npre_we_o,
  output logic [NGroupW-1:0]                     npre_waddr_o,
  output logic [TW:0]                            npre_wval_o,    // {pending, trace} of...
  output logic [S-1:0]                           npre_wlanes_o,  // ...this lane
  output logic                                   tpost_we_o,
  output logic [NGroupW-1:0]                     tpost_waddr_o,
  output logic [TW-1:0]                          tpost_wval_o,
  output logic [S-1:0]                           tpost_wlanes_o,
  output logic                                   flist_we_o,
  output logic [NW:0]                            flist_waddr_o,
  output logic [NW-1:0]                          flist_wdata_o,
  // Spike FIFO.
  output logic                                   spk_push_o,
  output logic [NW-1:0]                          spk_idx_o,
  input  logic [SpkLevelW-1:0]                   spk_level_i
);

  localparam int unsigned InFlight = 5;
  if (SpikeDepth < InFlight + 1) begin : g_bad_depth
    $error("syn_neuron: SpikeDepth must exceed the pipeline depth");
  end

  localparam logic signed [23:0] PotMax = syn_pkg::PotMax;
  localparam logic signed [23:0] PotMin = syn_pkg::PotMin;

  function automatic logic [23:0] sat24(logic signed [SumW-1:0] x);
    if (x > SumW'(PotMax)) sat24 = PotMax;
    else if (x < SumW'(PotMin)) sat24 = PotMin;
    else sat24 = x[23:0];
  endfunction

  // ---------------------------------------------------------------------------
  // Stage 0: issue neuron j = next_q.
  // ---------------------------------------------------------------------------
  logic run_q;
  logic [NW:0] next_q;  // next neuron to issue; N when all are issued
  logic [NW-1:0] j0;
  logic [LaneW-1:0] l0;
  logic issue;
  logic s1_valid_q, s2_valid_q, s3_valid_q, s4_valid_q;

  assign j0 = next_q[NW-1:0];
  assign l0 = j0[LaneW-1:0];
  assign issue = run_q && !next_q[NW] && ho_valid_i &&
                 (SpkLevelW + 1)'(spk_level_i) + (SpkLevelW + 1)'(InFlight) <=
                 (SpkLevelW + 1)'(SpikeDepth);
  assign ho_pop_o = issue && l0 == LaneW'(S - 1);

  assign state_re_o = issue;
  assign state_raddr_o = j0;
  assign pdec_re_o = issue;
  assign pdec_raddr_o = j0;
  // The pre-trace word is read once per group (lane 0) and kept for the
  // group, so a read never meets a write of the same word.
  assign npre_re_o = issue && l0 == '0;
  assign npre_raddr_o = NGroupW'(j0 >> LaneW);

  // Summed input: recurrent and input sums scaled by their exponents.
  logic signed [AccW-1:0] acc0;
  logic signed [RecW-1:0] rec0;
  logic signed [InW-1:0] in0;
  assign rec0 = ho_rec_i[l0*RecW +: RecW];
  assign in0 = ho_in_i[l0*InW +: InW];
  assign acc0 = (AccW'(rec0) <<< exp_rec_i) + (AccW'(in0) <<< exp_in_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      next_q <= '0;
    end else if (start_i) begin
      run_q <= 1'b1;
      next_q <= '0;
    end else begin
      if (issue) next_q <= next_q + 1'b1;
      if (next_q[NW] && !s1_valid_q && !s2_valid_q && !s3_valid_q && !s4_valid_q) begin
        run_q <= 1'b0;
      end
    end
  end
  assign done_o = !run_q;

  // ---------------------------------------------------------------------------
  // Stage 1: RAM data; the decays multiply.
  // ---------------------------------------------------------------------------
  logic [NW-1:0] s1_j_q;
  logic signed [AccW-1:0] s1_acc_q;
  logic [TW-1:0] s1_y_q;
  logic [S*(TW+1)-1:0] npre_word_q;
  always_ff @(posedge clk_i) begin
    s1_j_q <= j0;
    s1_acc_q <= acc0;
    s1_y_q <= ho_y_i[l0*TW +: TW];
  end

  logic [LaneW-1:0] s1_l;
  logic [S*(TW+1)-1:0] npre_word;
  assign s1_l = s1_j_q[LaneW-1:0];
  assign npre_word = s1_l == '0 ? npre_rdata_i : npre_word_q;
  always_ff @(posedge clk_i) begin
    if (s1_valid_q && s1_l == '0) npre_word_q <= npre_rdata_i;
  end

  logic signed [23:0] u1, v1, a1;
  logic [7:0] ref1;
  logic [TW-1:0] x1;
  logic pend1;
  assign u1 = state_rdata_i[syn_pkg::SwU +: 24];
  assign v1 = state_rdata_i[syn_pkg::SwV +: 24];
  assign a1 = state_rdata_i[syn_pkg::SwAdapt +: 24];
  assign ref1 = state_rdata_i[syn_pkg::SwRefractory +: 8];
  assign x1 = npre_word[(TW + 1) * s1_l +: TW];
  assign pend1 = npre_word[(TW + 1) * s1_l + TW];
  assign pbt_re_o = s1_valid_q;
  assign pbt_raddr_o = s1_j_q;

  logic [23:0] fl_u2, fl_v2, fl_a2, dec_u2, dec_v2, dec_a2;
  logic [TW-1:0] dec_x2, dec_y2;
  logic up_u2, up_v2, up_a2, up_x2, up_y2;
  syn_decay #(.Width(24)) u_dec_u (
    .clk_i, .x_i(u1), .d_i(pdec_rdata_i[syn_pkg::PwDecayU +: 12]), .floor_o(fl_u2), .up_o(up_u2)
  );
  syn_decay #(.Width(24)) u_dec_v (
    .clk_i, .x_i(v1), .d_i(pdec_rdata_i[syn_pkg::PwDecayV +: 12]), .floor_o(fl_v2), .up_o(up_v2)
  );
  syn_decay #(.Width(24)) u_dec_a (
    .clk_i, .x_i(a1), .d_i(pdec_rdata_i[syn_pkg::PwDecayAdapt +: 12]), .floor_o(fl_a2),
    .up_o(up_a2)
  );
  syn_decay #(.Width(TW), .Signed(1'b0)) u_dec_x (
    .clk_i, .x_i(x1), .d_i(decay_pre_i), .floor_o(dec_x2), .up_o(up_x2)
  );
  syn_decay #(.Width(TW), .Signed(1'b0)) u_dec_y (
    .clk_i, .x_i(s1_y_q), .d_i(decay_post_i), .floor_o(dec_y2), .up_o(up_y2)
  );
  assign dec_u2 = fl_u2 + 24'(up_u2);
  assign dec_v2 = fl_v2 + 24'(up_v2);
  assign dec_a2 = fl_a2 + 24'(up_a2);

  logic [NW-1:0] s2_j_q;
  logic signed [AccW-1:0] s2_acc_q;
  logic signed [23:0] s2_v_q, s2_a_q;
  logic [7:0] s2_ref_q;
  logic s2_pend_q;
  always_ff @(posedge clk_i) begin
    s2_j_q <= s1_j_q;
    s2_acc_q <= s1_acc_q;
    s2_v_q <= v1;
    s2_a_q <= a1;
    s2_ref_q <= ref1;
    s2_pend_q <= pend1;
  end

  // ---------------------------------------------------------------------------
  // Stage 2: u = sat(decay(u) + acc); the parts of v and the threshold.
  // ---------------------------------------------------------------------------
  logic signed [23:0] bias2, thr2;
  assign bias2 = pbt_rdata_i[syn_pkg::PwBias - 36 +: 24];
  assign thr2 = pbt_rdata_i[syn_pkg::PwThreshold - 36 +: 24];
  assign prest_re_o = s2_valid_q;
  assign prest_raddr_o = s2_j_q;

  logic signed [23:0] u2;
  assign u2 = sat24(SumW'($signed(dec_u2)) + SumW'(s2_acc_q));

  logic [NW-1:0] s3_j_q;
  logic signed [23:0] s3_u_q, s3_v_q, s3_deca_q;
  logic signed [25:0] s3_vb_q;   // decay(v) + bias, not yet saturated
  logic signed [25:0] s3_thr_q;  // threshold + adapt
  logic [7:0] s3_ref_q;
  logic [TW-1:0] s3_decx_q, s3_decy_q;
  logic s3_pend_q;
  always_ff @(posedge clk_i) begin
    s3_j_q <= s2_j_q;
    s3_u_q <= u2;
    s3_v_q <= s2_v_q;
    s3_deca_q <= dec_a2;
    s3_vb_q <= 26'($signed(dec_v2)) + 26'(bias2);
    s3_thr_q <= 26'(thr2) + 26'(s2_a_q);
    s3_ref_q <= s2_ref_q;
    s3_decx_q <= dec_x2;
    s3_decy_q <= dec_y2;
    s3_pend_q <= s2_pend_q;
  end

  // ---------------------------------------------------------------------------
  // Stage 3: v, the spike, reset, refractory, adaptation, traces.
  // ---------------------------------------------------------------------------
  logic signed [23:0] vres3;
  logic [7:0] refp3;
  logic [22:0] astep3;
  assign vres3 = prest_rdata_i[syn_pkg::PwVReset - 84 +: 24];
  assign refp3 = prest_rdata_i[syn_pkg::PwRefractory - 84 +: 8];
  assign astep3 = prest_rdata_i[syn_pkg::PwAdaptStep - 84 +: 23];

  logic signed [23:0] v_int, v3;
  logic refractory, spike;
  logic [7:0] ref3;
  logic signed [24:0] adapt_sum;
  logic signed [23:0] adapt3;
  logic [TW:0] tpre_sum, tpost_sum;
  logic [TW-1:0] tpre3, tpost3;

  assign v_int = sat24(SumW'(s3_vb_q) + SumW'(s3_u_q));
  assign refractory = s3_ref_q != 8'd0;
  assign spike = !refractory && 26'(v_int) >= s3_thr_q;
  always_comb begin
    if (refractory) begin
      v3 = s3_v_q;
      ref3 = s3_ref_q - 8'd1;
    end else if (spike) begin
      v3 = vres3;
      ref3 = refp3;
    end else begin
      v3 = v_int;
      ref3 = s3_ref_q;
    end
  end
  assign adapt_sum = 25'(s3_deca_q) + (spike ? 25'(astep3) : 25'd0);
  assign adapt3 = adapt_sum > 25'(PotMax) ? PotMax : adapt_sum[23:0];
  // trace_update = min(decay + inc on an event, max).
  assign tpre_sum = (TW + 1)'(s3_decx_q) + (s3_pend_q ? (TW + 1)'(inc_pre_i) : '0);
  assign tpost_sum = (TW + 1)'(s3_decy_q) + (spike ? (TW + 1)'(inc_post_i) : '0);
  if (TW == 8) begin : g_sat8
    assign tpre3 = tpre_sum[8] ? 8'hFF : tpre_sum[7:0];
    assign tpost3 = tpost_sum[8] ? 8'hFF : tpost_sum[7:0];
    logic [7:0] unused_max;
    assign unused_max = trace_max_i;
  end else begin : g_sat
    assign tpre3 = tpre_sum > (TW + 1)'(trace_max_i) ? trace_max_i : tpre_sum[TW-1:0];
    assign tpost3 = tpost_sum > (TW + 1)'(trace_max_i) ? trace_max_i : tpost_sum[TW-1:0];
  end

  logic [NW-1:0] s4_j_q;
  logic [syn_pkg::StateWordBits-1:0] s4_state_q;
  logic [TW-1:0] s4_tpre_q, s4_tpost_q;
  logic s4_spike_q;
  always_ff @(posedge clk_i) begin
    s4_j_q <= s3_j_q;
    s4_state_q <= {ref3, adapt3, v3, s3_u_q};
    s4_tpre_q <= tpre3;
    s4_tpost_q <= tpost3;
    s4_spike_q <= spike;
  end

  // ---------------------------------------------------------------------------
  // Stage 4: writes.
  // ---------------------------------------------------------------------------
  logic [LaneW-1:0] s4_l;
  logic s4_fire;
  logic [NW:0] count_q;
  assign s4_l = s4_j_q[LaneW-1:0];
  assign s4_fire = s4_valid_q && s4_spike_q;

  assign state_we_o = s4_valid_q;
  assign state_waddr_o = s4_j_q;
  assign state_wdata_o = s4_state_q;
  assign npre_we_o = s4_valid_q;
  assign npre_waddr_o = NGroupW'(s4_j_q >> LaneW);
  assign npre_wval_o = {s4_spike_q, s4_tpre_q};
  assign npre_wlanes_o = S'(1) << s4_l;
  assign tpost_we_o = s4_valid_q;
  assign tpost_waddr_o = NGroupW'(s4_j_q >> LaneW);
  assign tpost_wval_o = s4_tpost_q;
  assign tpost_wlanes_o = S'(1) << s4_l;
  assign flist_we_o = s4_fire;
  assign flist_waddr_o = {nxt_i, count_q[NW-1:0]};
  assign flist_wdata_o = s4_j_q;
  assign spk_push_o = s4_fire;
  assign spk_idx_o = s4_j_q;
  assign count_o = count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;
      s2_valid_q <= 1'b0;
      s3_valid_q <= 1'b0;
      s4_valid_q <= 1'b0;
      count_q <= '0;
    end else begin
      s1_valid_q <= issue;
      s2_valid_q <= s1_valid_q;
      s3_valid_q <= s2_valid_q;
      s4_valid_q <= s3_valid_q;
      if (start_i) count_q <= '0;
      else if (s4_fire) count_q <= count_q + 1'b1;
    end
  end

  logic unused;
  assign unused = ^{adapt_sum[24], up_x2, up_y2};

endmodule
