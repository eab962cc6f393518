// syn_neuron_half: the neuron pass and the axon-trace update of a step (model
// phases 2 and 3) at one neuron every two cycles, for the iCE40: three
// multipliers serve five decays per neuron plus the axon trace, so the
// neuron pass fits 6 DSP blocks with no multiplier in logic, and the RAM
// outputs stay valid for both cycles of a neuron, so few values are carried.
// syn_neuron is the one-neuron-per-cycle version; their results are the
// same bit for bit.
//
// Neuron j is issued at cycle t ("A" cycle; the next neuron at t+2 or
// later); axon j (if j < M) rides along in the same slot:
//   t    read state, decay fractions, bias and threshold, the group's
//        pre-trace and axon-trace words; take the summed input and post
//        trace from the hand-off head
//   t+1  multiply u, v, post trace (A operands); th = threshold + adapt,
//        bias - th
//   t+2  multiply adapt, pre trace, axon trace (B operands);
//        u = sat(decay(u) + acc), P = decay(v) + bias, Q = decay(v) + bias
//        - th; read v_reset, refractory, adapt_step
//   t+3  v = sat(P + u); spike from the sign of Q + u (no compare after the
//        saturation); every value a spike changes is formed both ways in
//        parallel and the spike selects
//   t+4  writes (state, pre trace and pending bit, post trace, axon trace
//        with its queued bit cleared, pending list, spike FIFO); the state
//        write mask keeps v while refractory and the refractory counter
//        when it does not change (state_wmask_o)
// Each stage has at most one carry chain between registers (two at t+1),
// for the iCE40's clock.
//
// Usage as syn_neuron (start_i, done_o, count_o); requires M <= N.
// A neuron is issued only while the hand-off head is valid and the spike
// FIFO has room for every neuron in flight (spk_level_i + 3 <= SpikeDepth).
`default_nettype none

module syn_neuron_half #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M (multiple of SynLanes, at most N).
  parameter int unsigned NumInputs = 8,
  // Stored weight width.
  parameter int unsigned WeightBits = 8,
  // Lanes S.
  parameter int unsigned SynLanes = 4,
  // Entries of the spike FIFO this pass pushes into.
  parameter int unsigned SpikeDepth = 8,
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned NGroupW = $clog2(NumNeurons / S),
  localparam int unsigned AGroupW = NumInputs / S > 1 ? $clog2(NumInputs / S) : 1,
  localparam int unsigned RecW = $clog2(NumNeurons) + WeightBits,
  localparam int unsigned InW = $clog2(NumInputs) + WeightBits,
  localparam int unsigned AccW = (RecW > InW ? RecW : InW) + 9,
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
  input  logic [S*8-1:0]                         ho_y_i,
  // Registers.
  input  logic [3:0]                             exp_rec_i,
  input  logic [3:0]                             exp_in_i,
  input  logic [11:0]                            decay_pre_i,
  input  logic [11:0]                            decay_post_i,
  input  logic [7:0]                             inc_pre_i,
  input  logic [7:0]                             inc_post_i,
  input  logic                                   nxt_i,
  // RAMs (as syn_neuron, plus the axon traces).
  output logic                                   state_re_o,
  output logic [NW-1:0]                          state_raddr_o,
  input  logic [syn_pkg::StateWordBits-1:0]      state_rdata_i,
  output logic                                   state_we_o,
  output logic [NW-1:0]                          state_waddr_o,
  output logic [syn_pkg::StateWordBits-1:0]      state_wdata_o,
  output logic [syn_pkg::StateWordBits-1:0]      state_wmask_o,
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
  input  logic [S*9-1:0]                         npre_rdata_i,
  output logic                                   npre_we_o,
  output logic [NGroupW-1:0]                     npre_waddr_o,
  output logic [8:0]                             npre_wval_o,
  output logic [S-1:0]                           npre_wlanes_o,
  output logic                                   tpost_we_o,
  output logic [NGroupW-1:0]                     tpost_waddr_o,
  output logic [7:0]                             tpost_wval_o,
  output logic [S-1:0]                           tpost_wlanes_o,
  output logic                                   apre_re_o,
  output logic [AGroupW-1:0]                     apre_raddr_o,
  input  logic [S*9-1:0]                         apre_rdata_i,
  output logic                                   apre_we_o,
  output logic [AGroupW-1:0]                     apre_waddr_o,
  output logic [8:0]                             apre_wval_o,
  output logic [S-1:0]                           apre_wlanes_o,
  output logic                                   flist_we_o,
  output logic [NW:0]                            flist_waddr_o,
  output logic [NW-1:0]                          flist_wdata_o,
  // Spike FIFO.
  output logic                                   spk_push_o,
  output logic [NW-1:0]                          spk_idx_o,
  input  logic [SpkLevelW-1:0]                   spk_level_i
);

  localparam int unsigned InFlight = 2;  // neurons issued before this one, still unwritten
  if (NumInputs > NumNeurons) begin : g_bad_m
    $error("syn_neuron_half: the axon traces ride on the neuron slots, so M must not exceed N");
  end
  if (SpikeDepth < InFlight + 1) begin : g_bad_depth
    $error("syn_neuron_half: SpikeDepth too small");
  end

  localparam logic signed [23:0] PotMax = syn_pkg::PotMax;
  localparam logic signed [23:0] PotMin = syn_pkg::PotMin;

  // Saturation and the comparisons with the potential limits test the high
  // bits instead of comparing: yosys maps every comparison, even with a
  // constant, to a carry chain (a logic cell per bit on the iCE40).
  // x fits 24 bits when its bits 23 and up are all equal.
  function automatic logic [23:0] sat24(logic signed [SumW-1:0] x);
    if (x[SumW-1:23] == '0 || x[SumW-1:23] == '1) sat24 = x[23:0];
    else sat24 = x[SumW-1] ? PotMin : PotMax;
  endfunction
  // x > 2^23 - 1 for a 26-bit x, from its bits 25..23.
  function automatic logic above_max26(logic signed [25:23] x_hi);
    above_max26 = !x_hi[25] && x_hi[24:23] != 2'b00;
  endfunction
  // x <= -2^23 for a 26-bit x: negative, and not in -2^23+1 .. -1.
  function automatic logic le_min26(logic signed [25:0] x);
    le_min26 = x[25] && !(x[24:23] == 2'b11 && x[22:0] != '0);
  endfunction

  function automatic logic [7:0] sat8(logic [8:0] x);
    sat8 = x[8] ? 8'hFF : x[7:0];
  endfunction

  // ---------------------------------------------------------------------------
  // Issue (cycle t)
  // ---------------------------------------------------------------------------
  logic run_q;
  logic [NW:0] next_q;
  logic [NW-1:0] j0;
  logic [LaneW-1:0] l0;
  logic issue;
  logic v1_q, v2_q, v3_q, v4_q;  // a neuron at t+1 .. t+4
  logic axon0;

  assign j0 = next_q[NW-1:0];
  assign l0 = j0[LaneW-1:0];
  assign axon0 = next_q < (NW + 1)'(NumInputs);
  // Two cycles apart: nothing was issued last cycle.
  assign issue = run_q && !next_q[NW] && ho_valid_i && !v1_q &&
                 (SpkLevelW + 1)'(spk_level_i) + (SpkLevelW + 1)'(InFlight + 1) <=
                 (SpkLevelW + 1)'(SpikeDepth);
  assign ho_pop_o = issue && l0 == LaneW'(S - 1);

  assign state_re_o = issue;
  assign state_raddr_o = j0;
  assign pdec_re_o = issue;
  assign pdec_raddr_o = j0;
  assign pbt_re_o = issue;
  assign pbt_raddr_o = j0;
  // Group words are read once per group and hold until the next group's
  // read, so every lane (and both cycles of a neuron) see them.
  assign npre_re_o = issue && l0 == '0;
  assign npre_raddr_o = NGroupW'(j0 >> LaneW);
  assign apre_re_o = issue && l0 == '0 && axon0;
  assign apre_raddr_o = AGroupW'(j0 >> LaneW);

  logic signed [RecW-1:0] rec0;
  logic signed [InW-1:0] in0;
  assign rec0 = ho_rec_i[l0*RecW +: RecW];
  assign in0 = ho_in_i[l0*InW +: InW];

  // The exponents scale the sums by multiplication: the two spare DSP blocks
  // do it, where two barrel shifters would take about 200 logic cells.
  logic [8:0] pow_rec, pow_in;
  assign pow_rec = 9'd1 << exp_rec_i;
  assign pow_in = 9'd1 << exp_in_i;

  logic [NW-1:0] j1_q;
  logic axon1_q;
  logic signed [AccW-1:0] acc_q;
  logic [7:0] y_q;
  always_ff @(posedge clk_i) begin
    if (issue) begin
      j1_q <= j0;
      axon1_q <= axon0;
      acc_q <= AccW'(rec0) * AccW'($signed({1'b0, pow_rec})) +
               AccW'(in0) * AccW'($signed({1'b0, pow_in}));
      y_q <= ho_y_i[l0*8 +: 8];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      next_q <= '0;
      v1_q <= 1'b0;
      v2_q <= 1'b0;
      v3_q <= 1'b0;
      v4_q <= 1'b0;
    end else begin
      if (start_i) begin
        run_q <= 1'b1;
        next_q <= '0;
      end else begin
        if (issue) next_q <= next_q + 1'b1;
        if (next_q[NW] && !v1_q && !v2_q && !v3_q && !v4_q) run_q <= 1'b0;
      end
      v1_q <= issue;
      v2_q <= v1_q;
      v3_q <= v2_q;
      v4_q <= v3_q;
    end
  end
  assign done_o = !run_q;

  // ---------------------------------------------------------------------------
  // The three multipliers: A operands at t+1, B operands at t+2. At most
  // one neuron is in those two cycles, so v1_q selects.
  // ---------------------------------------------------------------------------
  logic [LaneW-1:0] l1;
  logic signed [23:0] u_r, v_r, a_r;
  logic [7:0] ref_r, x_r, xa_r;
  logic pend_r, ev_r;
  assign l1 = j1_q[LaneW-1:0];
  assign u_r = state_rdata_i[syn_pkg::SwU +: 24];
  assign v_r = state_rdata_i[syn_pkg::SwV +: 24];
  assign a_r = state_rdata_i[syn_pkg::SwAdapt +: 24];
  assign ref_r = state_rdata_i[syn_pkg::SwRefractory +: 8];
  assign x_r = npre_rdata_i[9 * l1 +: 8];
  assign pend_r = npre_rdata_i[9 * l1 + 8];
  assign xa_r = apre_rdata_i[9 * l1 +: 8];
  assign ev_r = apre_rdata_i[9 * l1 + 8];

  // decay = m + up (the rounding bit goes to the consumer's carry-in).
  logic [23:0] m1, m2;
  logic [7:0] m3;
  logic up1, up2, up3;
  syn_decay #(.Width(24)) u_m1 (
    .clk_i,
    .x_i(v1_q ? u_r : a_r),
    .d_i(v1_q ? pdec_rdata_i[syn_pkg::PwDecayU +: 12] : pdec_rdata_i[syn_pkg::PwDecayAdapt +: 12]),
    .floor_o(m1), .up_o(up1)
  );
  syn_decay #(.Width(24)) u_m2 (
    .clk_i,
    .x_i(v1_q ? v_r : {16'd0, x_r}),
    .d_i(v1_q ? pdec_rdata_i[syn_pkg::PwDecayV +: 12] : decay_pre_i),
    .floor_o(m2), .up_o(up2)
  );
  syn_decay #(.Width(8), .Signed(1'b0)) u_m3 (
    .clk_i,
    .x_i(v1_q ? y_q : xa_r),
    .d_i(v1_q ? decay_post_i : decay_pre_i),
    .floor_o(m3), .up_o(up3)
  );

  assign prest_re_o = v2_q;
  assign prest_raddr_o = j1_q;

  // t+1: the effective threshold th = threshold + adapt and bias - th.
  logic signed [23:0] bias_r, thr_r;
  assign bias_r = pbt_rdata_i[syn_pkg::PwBias - 36 +: 24];
  assign thr_r = pbt_rdata_i[syn_pkg::PwThreshold - 36 +: 24];
  // Only th's two comparisons with the limits are kept, not th itself: the
  // sum feeds the next adder, so a register of it could not share the
  // adder's logic cells (26 flip-flop-only cells).
  logic signed [25:0] th2, bt2_q;
  logic th_le_min2_q, th_le_max2_q;
  assign th2 = 26'(thr_r) + 26'(a_r);
  always_ff @(posedge clk_i) begin
    if (v1_q) begin
      bt2_q <= 26'(bias_r) - th2;
      th_le_min2_q <= le_min26(th2);
      th_le_max2_q <= !above_max26(th2[25:23]);
    end
  end

  // ---------------------------------------------------------------------------
  // t+2: u and the two sums that decide v and the spike (A products
  // ready); the values the next neuron's reads will overwrite are kept.
  // ---------------------------------------------------------------------------
  logic signed [23:0] u3_q;
  logic signed [25:0] p3_q;         // decay(v) + bias
  logic signed [27:0] q3_q;         // decay(v) + bias - th
  logic th_le_min3_q, th_le_max3_q; // th <= -2^23, th <= 2^23 - 1
  logic [7:0] ref3_q, decy3_q;
  logic pend3_q, ev3_q;
  always_ff @(posedge clk_i) begin
    if (v2_q) begin
      u3_q <= sat24(SumW'($signed(m1)) + SumW'(acc_q) + SumW'(up1));
      p3_q <= 26'($signed(m2)) + 26'(bias_r) + 26'(up2);
      q3_q <= 28'($signed(m2)) + 28'(bt2_q) + 28'(up2);
      th_le_min3_q <= th_le_min2_q;
      th_le_max3_q <= th_le_max2_q;
      decy3_q <= m3;
      ref3_q <= ref_r;
      pend3_q <= pend_r;
      ev3_q <= ev_r;
    end
  end

  // ---------------------------------------------------------------------------
  // t+3: B products ready; the spike decision and every new value.
  // ---------------------------------------------------------------------------
  logic signed [23:0] vres3, v_int, v3;
  logic [7:0] refp3, ref3;
  logic [22:0] astep3;
  logic refractory, spike;
  logic signed [28:0] d3;           // sum - th: its sign decides the spike
  logic signed [25:0] adapt_sp;     // decay(adapt) + adapt_step
  logic signed [23:0] adapt_ns, adapt_spk, adapt3;
  logic [7:0] tpost_sp, tpost3;
  assign vres3 = prest_rdata_i[syn_pkg::PwVReset - 84 +: 24];
  assign refp3 = prest_rdata_i[syn_pkg::PwRefractory - 84 +: 8];
  assign astep3 = prest_rdata_i[syn_pkg::PwAdaptStep - 84 +: 23];

  // v = sat(P + u). The model fires when sat(P + u) >= th, that is when
  // th <= -2^23, or th <= 2^23-1 and P + u >= th: the sign of Q + u.
  assign v_int = sat24(SumW'(p3_q) + SumW'(u3_q));
  assign d3 = 29'(q3_q) + 29'(u3_q);
  assign refractory = ref3_q != 8'd0;
  assign spike = !refractory && (th_le_min3_q || (th_le_max3_q && !d3[28]));
  // A field the neuron keeps is not written (the state RAM's write mask),
  // so the old v and refractory counter need not travel down the
  // pipeline: v is kept while refractory, the counter when neither
  // refractory nor spiking.
  assign v3 = spike ? vres3 : v_int;
  assign ref3 = refractory ? ref3_q - 8'd1 : refp3;
  // Adaptation and post trace, without and with a spike.
  assign adapt_ns = m1 + 24'(up1);
  assign adapt_sp = 26'($signed(m1)) + 26'(astep3) + 26'(up1);
  assign adapt_spk = above_max26(adapt_sp[25:23]) ? PotMax : adapt_sp[23:0];
  assign adapt3 = spike ? adapt_spk : adapt_ns;
  assign tpost_sp = sat8(9'(decy3_q) + 9'(inc_post_i));
  assign tpost3 = spike ? tpost_sp : decy3_q;

  // The neuron's index, kept from t+2 (the next issue overwrites j1_q).
  logic [NW-1:0] j3_q;
  logic axon3_q;
  always_ff @(posedge clk_i) begin
    if (v2_q) begin
      j3_q <= j1_q;
      axon3_q <= axon1_q;
    end
  end

  // u (u3_q) and the index (j3_q, axon3_q) are not registered again: the
  // next neuron overwrites them at the end of its t+2, which is this
  // neuron's t+4, so they still hold this neuron's values in the write cycle.
  logic spike4_q, refr4_q;
  logic [syn_pkg::StateWordBits-1:syn_pkg::SwV] state4_q;
  logic [7:0] tpre4_q, tpost4_q, axon_tr4_q;
  always_ff @(posedge clk_i) begin
    if (v3_q) begin
      spike4_q <= spike;
      refr4_q <= refractory;
      state4_q <= {ref3, adapt3, v3};
      tpre4_q <= sat8(9'(m2[7:0]) + (pend3_q ? 9'(inc_pre_i) : 9'd0));
      tpost4_q <= tpost3;
      axon_tr4_q <= sat8(9'(m3) + (ev3_q ? 9'(inc_pre_i) : 9'd0));
    end
  end

  // ---------------------------------------------------------------------------
  // t+4: writes.
  // ---------------------------------------------------------------------------
  logic [LaneW-1:0] l4;
  logic fire;
  logic [NW:0] count_q;
  assign l4 = j3_q[LaneW-1:0];
  assign fire = v4_q && spike4_q;

  assign state_we_o = v4_q;
  assign state_waddr_o = j3_q;
  assign state_wdata_o = {state4_q, u3_q};
  assign state_wmask_o = {{syn_pkg::RefBits{refr4_q || spike4_q}}, {24{1'b1}}, {24{!refr4_q}},
                          {24{1'b1}}};
  assign npre_we_o = v4_q;
  assign npre_waddr_o = NGroupW'(j3_q >> LaneW);
  assign npre_wval_o = {spike4_q, tpre4_q};
  assign npre_wlanes_o = S'(1) << l4;
  assign tpost_we_o = v4_q;
  assign tpost_waddr_o = NGroupW'(j3_q >> LaneW);
  assign tpost_wval_o = tpost4_q;
  assign tpost_wlanes_o = S'(1) << l4;
  assign apre_we_o = v4_q && axon3_q;
  assign apre_waddr_o = AGroupW'(j3_q >> LaneW);
  assign apre_wval_o = {1'b0, axon_tr4_q};
  assign apre_wlanes_o = S'(1) << l4;
  assign flist_we_o = fire;
  assign flist_waddr_o = {nxt_i, count_q[NW-1:0]};
  assign flist_wdata_o = j3_q;
  assign spk_push_o = fire;
  assign spk_idx_o = j3_q;
  assign count_o = count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else begin
      if (start_i) count_q <= '0;
      else if (fire) count_q <= count_q + 1'b1;
    end
  end

  logic unused;
  assign unused = ^{m2[23:8], up3, adapt_sp[25:24], d3[27:0]};

endmodule
