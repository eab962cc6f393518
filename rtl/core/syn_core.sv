// syn_core: the synfire neuromorphic core. It runs the network of
// docs/model.md bit for bit and is driven through one control port
// (docs/rtl.md, "Control port": commands, address map, spike stream).
//
// Inside (docs/rtl.md, "Microarchitecture"): syn_ctrl decodes the port and
// sequences a step; syn_gather and syn_column issue S-wide weight accesses
// to syn_synapse (delivery + depression, then potentiation); syn_neuron
// updates one neuron per cycle from the group sums and syn_axon the
// input-axon traces, or, in the iCE40 configuration, syn_neuron_half does both
// at one neuron per two cycles on shared multipliers. With AxonDelays,
// syn_delay keeps the events in flight and the delays. All state lives in synchronous RAMs (syn_ram, and
// syn_wram for the weights); this module owns them and gives each port to
// the engine of the current phase, or to syn_ctrl when idle.
//
// Parameter rules (checked at elaboration): N a power of two, S a power of
// two >= 2, N >= 2 S, M a multiple of S with M >= 2 S, 2 <= WeightBits <= 8,
// N + M <= 16384 (the 15-bit presynaptic id of the hash key).
`default_nettype none

module syn_core #(
  // N: neurons (capacity), a power of two.
  parameter int unsigned NumNeurons = 16,
  // M: input axons (capacity), a multiple of SynLanes.
  parameter int unsigned NumInputs = 8,
  // Stored weight width, 2..8 (two's complement).
  parameter int unsigned WeightBits = 8,
  // S: synapses per cycle (lanes, weight banks), a power of two.
  parameter int unsigned SynLanes = 4,
  // 1: a plastic flag per synapse; 0: one per presynaptic row.
  parameter bit PlasticPerSynapse = 1'b1,
  // Weight bank implementation: syn_pkg::WramDual, WramSingle or WramIce40.
  parameter int unsigned WeightRam = syn_pkg::WramDual,
  // Optional learning features (docs/model.md; RegRule, reported in RegConfig):
  // the soft-bound STDP rule, and an adaptation that decays every 2^k steps.
  parameter bit SoftBound = 1'b0,
  parameter bit AdaptInterval = 1'b0,
  // Weight normalisation every 2^k steps (RegNorm, RegNormTarget; syn_norm).
  parameter bit WeightNorm = 1'b0,
  // Axonal delays per presynaptic source, 0..15 steps (syn_delay; docs/rtl.md, "Axonal delays").
  parameter bit AxonDelays = 1'b0,
  // 24-bit STDP traces (stdp.trace_bits 24), chosen at run time by a RegRule
  // bit (docs/rtl.md, "24-bit traces"); not with the iCE40 half-rate pass.
  parameter bit WideTraces = 1'b0
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        cmd_valid_i,
  output logic        cmd_ready_o,
  input  logic [2:0]  cmd_op_i,
  input  logic [31:0] cmd_addr_i,
  input  logic [31:0] cmd_data_i,
  output logic        rsp_valid_o,
  input  logic        rsp_ready_i,
  output logic [31:0] rsp_data_o,
  output logic        spk_valid_o,
  input  logic        spk_ready_i,
  output logic [31:0] spk_data_o,
  output logic        busy_o,
  output logic [syn_pkg::StatusBits-1:0] status_o
);

  localparam int unsigned N = NumNeurons;
  localparam int unsigned M = NumInputs;
  localparam int unsigned S = SynLanes;
  localparam int unsigned LaneW = $clog2(S);
  localparam int unsigned NW = $clog2(N);
  localparam int unsigned AW = $clog2(M);
  localparam int unsigned RowW = $clog2(N + M);
  localparam int unsigned CW = $clog2(N / S);
  localparam int unsigned BankAW = RowW + CW;
  localparam int unsigned BankDepth = (N + M) * N / S;
  localparam int unsigned EntryW = WeightBits + (PlasticPerSynapse ? 1 : 0);
  localparam int unsigned NGroupW = $clog2(N / S);
  localparam int unsigned AGroupW = M / S > 1 ? $clog2(M / S) : 1;
  localparam int unsigned FGroupW = $clog2((N + M) / S);
  localparam int unsigned RecW = $clog2(N) + WeightBits;
  localparam int unsigned InW = $clog2(M) + WeightBits;
  localparam int unsigned PW = syn_pkg::ParamWordBits;
  localparam int unsigned SW = syn_pkg::StateWordBits;
  // The spike FIFO covers the neurons in flight (5 at one per cycle, 3 at
  // one per two cycles) plus room for a consumer that takes one per cycle.
  localparam int unsigned SpikeDepth = WeightRam == syn_pkg::WramIce40 ? 4 : 8;
  localparam bit SinglePort = WeightRam != syn_pkg::WramDual;
  // The iCE40 UP5K has 5280 logic cells and 8 DSP blocks: there the neuron
  // pass runs at one neuron every two cycles (syn_neuron_half), sharing three
  // multipliers and absorbing the axon-trace update.
  localparam bit Ice40 = WeightRam == syn_pkg::WramIce40;
  // Trace field width in the trace RAMs; a pre-trace lane holds one more
  // bit (the pending / queued bit).
  localparam int unsigned TW = WideTraces ? 24 : 8;
  localparam int unsigned QW = TW + 1;

  if (N < 2 * S || (1 << NW) != N) begin : g_bad_n
    $error("syn_core: NumNeurons must be a power of two and at least 2 * SynLanes");
  end
  if (S < 2 || (1 << LaneW) != S) begin : g_bad_s
    $error("syn_core: SynLanes must be a power of two >= 2");
  end
  if (M < 2 * S || M % S != 0) begin : g_bad_m
    $error("syn_core: NumInputs must be a multiple of SynLanes and at least 2 * SynLanes");
  end
  if (WeightBits < 2 || WeightBits > 8) begin : g_bad_wb
    $error("syn_core: WeightBits must be in 2..8");
  end
  if (N + M > 16384) begin : g_bad_size
    $error("syn_core: N + M must fit the 14-bit presynaptic index of the hash key");
  end
  if (WeightRam == syn_pkg::WramIce40 && PlasticPerSynapse) begin : g_bad_ice40
    $error("syn_core: iCE40 SPRAM banks hold 8-bit entries: use PlasticPerSynapse = 0");
  end
  if (WideTraces && Ice40) begin : g_bad_wide
    $error("syn_core: WideTraces needs syn_neuron (not the iCE40 half-rate pass)");
  end

  // ---------------------------------------------------------------------------
  // Control
  // ---------------------------------------------------------------------------
  logic learn, cur, eng, col_phase, step_start, col_start;
  logic [3:0] exp_rec, exp_in, shift;
  logic [7:0] a_plus, a_minus, inc_pre, inc_post;
  logic [11:0] decay_pre, decay_post;
  logic signed [7:0] w_min, w_max;
  logic soft_rule, wide;
  logic [3:0] adapt_log2;
  logic norm_phase, norm_start, norm_done;
  logic [3:0] norm_shift;
  logic signed [23:0] norm_target;
  logic [31:0] hash_a0, hash_b0, step;
  logic [NW:0] pend_count, spikes;
  logic [AW:0] axon_count;
  logic gather_done, synapse_idle, neuron_done, axon_done, column_done;
  logic eos_push, spk_in_ready, spk_out_valid;

  // RAM read data (shared by every reader of a RAM).
  logic [PW-1:0] param_rdata;
  logic [SW-1:0] state_rdata;
  logic [S*QW-1:0] npre_rdata, apre_rdata;
  logic [S*TW-1:0] tpost_rdata;
  logic [S-1:0] flag_rdata;
  logic [NW-1:0] flist_rdata;
  logic [AW-1:0] alist_rdata;
  logic [S*EntryW-1:0] bank_rdata;  // bank b: bits [b*EntryW +: EntryW]

  // Host ports.
  logic h_param_re, h_param_we, h_state_re, h_state_we, h_npre_re, h_npre_we;
  logic h_tpost_re, h_tpost_we, h_apre_re, h_apre_we, h_flag_re, h_flag_we;
  logic h_flist_re, h_flist_we, h_alist_re, h_alist_we;
  logic [NW-1:0] h_param_addr, h_state_addr;
  logic [PW-1:0] h_param_wdata, h_param_wmask;
  logic [SW-1:0] h_state_wdata, h_state_wmask;
  logic [NGroupW-1:0] h_npre_addr, h_tpost_addr;
  logic [TW:0] h_npre_wval, h_npre_wbits, h_apre_wval, h_apre_wbits;
  logic [TW-1:0] h_tpost_wval;
  logic [S-1:0] h_npre_wlanes, h_tpost_wlanes, h_apre_wlanes;
  logic [AGroupW-1:0] h_apre_addr;
  logic [FGroupW-1:0] h_flag_addr;
  logic [S-1:0] h_flag_wdata, h_flag_wmask;
  logic [NW:0] h_flist_addr;
  logic [NW-1:0] h_flist_wdata;
  logic [AW-1:0] h_alist_addr, h_alist_wdata;
  logic [S-1:0] h_bank_re, h_bank_we;
  logic [BankAW-1:0] h_bank_addr;
  logic [EntryW-1:0] h_bank_wdata;

  // Axonal delays (syn_delay), between syn_ctrl and the rings.
  localparam int unsigned SlotW = NW > AW ? NW : AW;
  logic mark, mark_start, mark_done, finish;
  logic d_dly_re, d_dly_we, d_app_we, d_app_axon, d_app_by_delay, d_lr_re, d_lr_axon, d_cq_axon;
  logic [RowW-1:0] d_dly_raddr, d_dly_waddr;
  logic [3:0] d_dly_rdata, d_dly_wdata, d_app_k, d_lr_k, d_cq_k;
  logic [SlotW-1:0] d_app_idx, d_lr_e;
  logic [NW-1:0] d_n_rdata;
  logic [AW-1:0] d_a_rdata;
  logic [SlotW:0] d_cq_count;
  logic [NW:0] d_fcount;
  logic [AW:0] d_acount;
  logic mk_npre_we, mk_apre_we;

  syn_ctrl #(
    .NumNeurons(N), .NumInputs(M), .WeightBits(WeightBits), .SynLanes(S),
    .PlasticPerSynapse(PlasticPerSynapse), .WeightRam(WeightRam),
    .SoftBound(SoftBound), .AdaptInterval(AdaptInterval), .WeightNorm(WeightNorm),
    .AxonDelays(AxonDelays), .WideTraces(WideTraces)
  ) u_ctrl (
    .clk_i, .rst_ni,
    .cmd_valid_i, .cmd_ready_o, .cmd_op_i, .cmd_addr_i, .cmd_data_i,
    .rsp_valid_o, .rsp_ready_i, .rsp_data_o, .busy_o, .status_o,
    .learn_o(learn), .exp_rec_o(exp_rec), .exp_in_o(exp_in), .a_plus_o(a_plus),
    .a_minus_o(a_minus), .shift_o(shift), .inc_pre_o(inc_pre), .inc_post_o(inc_post),
    .decay_pre_o(decay_pre), .decay_post_o(decay_post), .w_min_o(w_min), .w_max_o(w_max),
    .soft_o(soft_rule), .adapt_log2_o(adapt_log2), .wide_o(wide),
    .norm_shift_o(norm_shift), .norm_target_o(norm_target),
    .hash_a0_o(hash_a0), .hash_b0_o(hash_b0), .step_o(step), .cur_o(cur),
    .pend_count_o(pend_count), .axon_count_o(axon_count),
    .eng_o(eng), .col_phase_o(col_phase), .step_start_o(step_start), .col_start_o(col_start),
    .norm_phase_o(norm_phase), .norm_start_o(norm_start), .norm_done_i(norm_done),
    .gather_done_i(gather_done), .synapse_idle_i(synapse_idle), .neuron_done_i(neuron_done),
    .axon_done_i(axon_done), .column_done_i(column_done), .spikes_i(spikes),
    .fire_i(spk_push), .fire_idx_i(spk_idx), .eos_push_o(eos_push), .spk_in_ready_i(spk_in_ready),
    .spk_empty_i(!spk_out_valid),
    .h_param_re_o(h_param_re), .h_param_we_o(h_param_we), .h_param_addr_o(h_param_addr),
    .h_param_wdata_o(h_param_wdata), .h_param_wmask_o(h_param_wmask),
    .param_rdata_i(param_rdata),
    .h_state_re_o(h_state_re), .h_state_we_o(h_state_we), .h_state_addr_o(h_state_addr),
    .h_state_wdata_o(h_state_wdata), .h_state_wmask_o(h_state_wmask),
    .state_rdata_i(state_rdata),
    .h_npre_re_o(h_npre_re), .h_npre_we_o(h_npre_we), .h_npre_addr_o(h_npre_addr),
    .h_npre_wval_o(h_npre_wval), .h_npre_wlanes_o(h_npre_wlanes), .h_npre_wbits_o(h_npre_wbits),
    .npre_rdata_i(npre_rdata),
    .h_tpost_re_o(h_tpost_re), .h_tpost_we_o(h_tpost_we), .h_tpost_addr_o(h_tpost_addr),
    .h_tpost_wval_o(h_tpost_wval), .h_tpost_wlanes_o(h_tpost_wlanes),
    .tpost_rdata_i(tpost_rdata),
    .h_apre_re_o(h_apre_re), .h_apre_we_o(h_apre_we), .h_apre_addr_o(h_apre_addr),
    .h_apre_wval_o(h_apre_wval), .h_apre_wlanes_o(h_apre_wlanes), .h_apre_wbits_o(h_apre_wbits),
    .apre_rdata_i(apre_rdata),
    .h_flag_re_o(h_flag_re), .h_flag_we_o(h_flag_we), .h_flag_addr_o(h_flag_addr),
    .h_flag_wdata_o(h_flag_wdata), .h_flag_wmask_o(h_flag_wmask), .flag_rdata_i(flag_rdata),
    .h_flist_re_o(h_flist_re), .h_flist_we_o(h_flist_we), .h_flist_addr_o(h_flist_addr),
    .h_flist_wdata_o(h_flist_wdata), .flist_rdata_i(flist_rdata),
    .h_alist_re_o(h_alist_re), .h_alist_we_o(h_alist_we), .h_alist_addr_o(h_alist_addr),
    .h_alist_wdata_o(h_alist_wdata), .alist_rdata_i(alist_rdata),
    .h_bank_re_o(h_bank_re), .h_bank_we_o(h_bank_we), .h_bank_addr_o(h_bank_addr),
    .h_bank_wdata_o(h_bank_wdata), .bank_rdata_i(bank_rdata),
    .mark_o(mark), .mark_start_o(mark_start), .mark_done_i(mark_done), .finish_o(finish),
    .d_dly_re_o(d_dly_re), .d_dly_raddr_o(d_dly_raddr), .d_dly_rdata_i(d_dly_rdata),
    .d_dly_we_o(d_dly_we), .d_dly_waddr_o(d_dly_waddr), .d_dly_wdata_o(d_dly_wdata),
    .d_app_we_o(d_app_we), .d_app_axon_o(d_app_axon), .d_app_by_delay_o(d_app_by_delay),
    .d_app_k_o(d_app_k), .d_app_idx_o(d_app_idx),
    .d_lr_re_o(d_lr_re), .d_lr_axon_o(d_lr_axon), .d_lr_k_o(d_lr_k), .d_lr_e_o(d_lr_e),
    .d_n_rdata_i(d_n_rdata), .d_a_rdata_i(d_a_rdata),
    .d_cq_axon_o(d_cq_axon), .d_cq_k_o(d_cq_k), .d_cq_count_i(d_cq_count),
    .d_fcount_i(d_fcount), .d_acount_i(d_acount)
  );

  // A free-running parity: single-port banks take RMW ops on even cycles.
  logic even_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) even_q <= 1'b1;
    else even_q <= !even_q;
  end

  // ---------------------------------------------------------------------------
  // Engines
  // ---------------------------------------------------------------------------
  // Gather and column ops, merged (never both valid).
  logic g_valid, g_dummy, g_axon, g_first, g_last;
  logic [RowW-1:0] g_row;
  logic [CW-1:0] g_c;
  logic [LaneW-1:0] g_rot;
  logic c_valid, c_axon;
  logic [RowW-1:0] c_row;
  logic [CW-1:0] c_c;
  logic [LaneW-1:0] c_rot;
  logic handoff_ready;
  logic g_flist_re, g_alist_re, c_flist_re;
  logic [NW:0] g_flist_raddr, c_flist_raddr;
  logic [AW-1:0] g_alist_raddr;

  syn_gather #(.NumNeurons(N), .NumInputs(M), .SynLanes(S), .SinglePort(SinglePort)) u_gather (
    .clk_i, .rst_ni, .start_i(step_start), .done_o(gather_done),
    .fcount_i(pend_count), .acount_i(axon_count), .cur_i(cur), .wr_i(learn), .even_i(even_q),
    .handoff_ready_i(handoff_ready),
    .flist_re_o(g_flist_re), .flist_raddr_o(g_flist_raddr),
    .flist_rdata_i(AxonDelays ? d_n_rdata : flist_rdata),
    .alist_re_o(g_alist_re), .alist_raddr_o(g_alist_raddr),
    .alist_rdata_i(AxonDelays ? d_a_rdata : alist_rdata),
    .op_valid_o(g_valid), .op_dummy_o(g_dummy), .op_axon_o(g_axon), .op_first_o(g_first),
    .op_last_o(g_last), .op_row_o(g_row), .op_c_o(g_c), .op_rot_o(g_rot)
  );

  syn_column #(.NumNeurons(N), .NumInputs(M), .SynLanes(S), .SinglePort(SinglePort)) u_column (
    .clk_i, .rst_ni, .start_i(col_start), .done_o(column_done), .count_i(spikes),
    .nxt_i(!cur), .even_i(even_q),
    .flist_re_o(c_flist_re), .flist_raddr_o(c_flist_raddr), .flist_rdata_i(flist_rdata),
    .op_valid_o(c_valid), .op_axon_o(c_axon), .op_row_o(c_row), .op_c_o(c_c), .op_rot_o(c_rot)
  );

  // The normalisation pass's column ops (WeightNorm), merged with the
  // potentiation pass's (never both valid: they run in different phases).
  localparam int unsigned NormSumW = RowW + 8;
  logic nm_valid, nm_wr, nm_axon, nm_clr;
  logic [RowW-1:0] nm_row;
  logic [CW-1:0] nm_c;
  logic [LaneW-1:0] nm_rot;
  logic signed [NormSumW-1:0] nm_sum;
  logic signed [9:0] nm_delta;
  if (WeightNorm) begin : g_norm
    syn_norm #(.NumNeurons(N), .NumInputs(M), .SynLanes(S), .SinglePort(SinglePort)) u_norm (
      .clk_i, .rst_ni, .start_i(norm_start), .done_o(norm_done), .even_i(even_q),
      .synapse_idle_i(synapse_idle), .shift_i(norm_shift), .target_i(norm_target),
      .sum_i(nm_sum), .sum_clr_o(nm_clr), .delta_o(nm_delta),
      .op_valid_o(nm_valid), .op_wr_o(nm_wr), .op_axon_o(nm_axon), .op_row_o(nm_row),
      .op_c_o(nm_c), .op_rot_o(nm_rot)
    );
  end else begin : g_no_norm
    assign norm_done = 1'b1;
    assign nm_valid = 1'b0;
    assign nm_wr = 1'b0;
    assign nm_axon = 1'b0;
    assign nm_clr = 1'b0;
    assign nm_row = '0;
    assign nm_c = '0;
    assign nm_rot = '0;
    assign nm_delta = '0;
    logic unused_norm;
    assign unused_norm = ^{norm_start, norm_shift, norm_target, nm_sum};
  end
  // Column ops of either pass.
  logic k_valid, k_axon;
  logic [RowW-1:0] k_row;
  logic [CW-1:0] k_c;
  logic [LaneW-1:0] k_rot;
  assign k_valid = c_valid || nm_valid;
  assign k_axon = WeightNorm && norm_phase ? nm_axon : c_axon;
  assign k_row = WeightNorm && norm_phase ? nm_row : c_row;
  assign k_c = WeightNorm && norm_phase ? nm_c : c_c;
  assign k_rot = WeightNorm && norm_phase ? nm_rot : c_rot;

  logic ho_valid, ho_pop;
  logic [S*RecW-1:0] ho_rec;
  logic [S*InW-1:0] ho_in;
  logic [S*TW-1:0] ho_y;
  logic [S-1:0] s_bank_re, s_bank_we;
  logic [S*BankAW-1:0] s_bank_raddr, s_bank_waddr;
  logic [S*EntryW-1:0] s_bank_wdata;
  logic s_tpost_re, s_npre_re, s_apre_re, s_flag_re;
  logic [NGroupW-1:0] s_tpost_raddr, s_npre_raddr;
  logic [AGroupW-1:0] s_apre_raddr;
  logic [FGroupW-1:0] s_flag_raddr;

  syn_synapse #(
    .NumNeurons(N), .NumInputs(M), .WeightBits(WeightBits), .SynLanes(S),
    .PlasticPerSynapse(PlasticPerSynapse), .Share(SinglePort ? 2 : 1), .SoftBound(SoftBound),
    .WeightNorm(WeightNorm), .WideTraces(WideTraces)
  ) u_synapse (
    .clk_i, .rst_ni,
    .op_valid_i(g_valid || k_valid), .op_col_i(k_valid), .op_dummy_i(g_valid && g_dummy),
    .op_wr_i(WeightNorm && norm_phase ? nm_wr : learn), .op_axon_i(k_valid ? k_axon : g_axon),
    .op_first_i(g_first),
    .op_last_i(g_last), .op_row_i(k_valid ? k_row : g_row), .op_c_i(k_valid ? k_c : g_c),
    .op_rot_i(k_valid ? k_rot : g_rot),
    .handoff_ready_o(handoff_ready), .idle_o(synapse_idle),
    .ho_valid_o(ho_valid), .ho_pop_i(ho_pop), .ho_rec_o(ho_rec), .ho_in_o(ho_in), .ho_y_o(ho_y),
    .a_plus_i(a_plus), .a_minus_i(a_minus), .shift_i(shift), .soft_i(soft_rule), .wide_i(wide),
    .w_min_i(w_min),
    .w_max_i(w_max), .hash_a0_i(hash_a0), .hash_b0_i(hash_b0),
    .norm_i(WeightNorm && norm_phase), .norm_clr_i(nm_clr), .norm_sum_o(nm_sum),
    .norm_delta_i(nm_delta),
    .bank_re_o(s_bank_re), .bank_raddr_o(s_bank_raddr), .bank_rdata_i(bank_rdata),
    .bank_we_o(s_bank_we), .bank_waddr_o(s_bank_waddr), .bank_wdata_o(s_bank_wdata),
    .tpost_re_o(s_tpost_re), .tpost_raddr_o(s_tpost_raddr), .tpost_rdata_i(tpost_rdata),
    .npre_re_o(s_npre_re), .npre_raddr_o(s_npre_raddr), .npre_rdata_i(npre_rdata),
    .apre_re_o(s_apre_re), .apre_raddr_o(s_apre_raddr), .apre_rdata_i(apre_rdata),
    .flag_re_o(s_flag_re), .flag_raddr_o(s_flag_raddr), .flag_rdata_i(flag_rdata)
  );

  logic n_state_re, n_state_we, n_npre_re, n_npre_we, n_tpost_we, n_flist_we;
  logic spk_push;
  logic [NW-1:0] spk_idx;

  if (AxonDelays) begin : g_delays
    syn_delay #(.NumNeurons(N), .NumInputs(M)) u_delay (
      .clk_i, .rst_ni, .step_i(step[4:0]), .eng_i(eng), .clear_i(busy_o && !eng && !mark),  // the Clear state
      .finish_i(finish),
      .dly_re_i(d_dly_re), .dly_raddr_i(d_dly_raddr), .dly_rdata_o(d_dly_rdata),
      .dly_we_i(d_dly_we), .dly_waddr_i(d_dly_waddr), .dly_wdata_i(d_dly_wdata),
      .spk_push_i(spk_push), .spk_idx_i(spk_idx),
      .app_we_i(d_app_we), .app_axon_i(d_app_axon), .app_by_delay_i(d_app_by_delay),
      .app_k_i(d_app_k), .app_idx_i(d_app_idx),
      .lr_re_i(d_lr_re), .lr_axon_i(d_lr_axon), .lr_k_i(d_lr_k), .lr_e_i(d_lr_e),
      .n_rdata_o(d_n_rdata), .a_rdata_o(d_a_rdata),
      .cq_axon_i(d_cq_axon), .cq_k_i(d_cq_k), .cq_count_o(d_cq_count),
      .fcount_o(d_fcount), .acount_o(d_acount),
      .g_flist_re_i(g_flist_re), .g_fi_i(g_flist_raddr[NW-1:0]),
      .g_alist_re_i(g_alist_re), .g_ai_i(g_alist_raddr),
      .mark_start_i(mark_start), .mark_done_o(mark_done),
      .mk_npre_we_o(mk_npre_we), .mk_apre_we_o(mk_apre_we)
    );
  end else begin : g_no_delays
    assign mark_done = 1'b1;
    assign d_dly_rdata = '0;
    assign d_n_rdata = '0;
    assign d_a_rdata = '0;
    assign d_cq_count = '0;
    assign d_fcount = '0;
    assign d_acount = '0;
    assign mk_npre_we = 1'b0;
    assign mk_apre_we = 1'b0;
    logic unused_delays;
    assign unused_delays = ^{mark, mark_start, finish, d_dly_re, d_dly_raddr, d_dly_we,
                             d_dly_waddr, d_dly_wdata, d_app_we, d_app_axon, d_app_by_delay,
                             d_app_k, d_app_idx, d_lr_re, d_lr_axon, d_lr_k, d_lr_e, d_cq_axon,
                             d_cq_k, mk_npre_we, mk_apre_we};
  end
  logic n_pdec_re, n_pbt_re, n_prest_re;
  logic [NW-1:0] n_state_raddr, n_state_waddr, n_pdec_raddr, n_pbt_raddr, n_prest_raddr;
  logic [SW-1:0] n_state_wdata, n_state_wmask;
  logic [NGroupW-1:0] n_npre_raddr, n_npre_waddr, n_tpost_waddr;
  logic [TW:0] n_npre_wval;
  logic [TW-1:0] n_tpost_wval;
  logic [S-1:0] n_npre_wlanes, n_tpost_wlanes;
  logic [NW:0] n_flist_waddr;
  logic [NW-1:0] n_flist_wdata;
  logic [$clog2(SpikeDepth):0] spk_level;

  logic a_apre_re, a_apre_we;
  logic [AGroupW-1:0] a_apre_raddr, a_apre_waddr;
  logic [TW:0] a_apre_wval;
  logic [S-1:0] a_apre_wlanes;

  // The adaptation decays in this step (model: fx::adapt_decays): every
  // step, or with AdaptInterval when the low adapt_log2 bits of t are 0.
  // On the other steps the neurons see decay_adapt = 0 (the parameter word
  // slice they read is gated; host reads see the stored value).
  logic adapt_now;
  logic [35:0] pdec_rdata;
  if (AdaptInterval) begin : g_adapt_interval
    assign adapt_now = (step[14:0] & ~(15'h7FFF << adapt_log2)) == 15'd0;
  end else begin : g_adapt_every
    assign adapt_now = 1'b1;
    logic [3:0] unused_adapt_log2;
    assign unused_adapt_log2 = adapt_log2;
  end
  assign pdec_rdata = {adapt_now ? param_rdata[syn_pkg::PwDecayAdapt +: 12] : 12'd0,
                       param_rdata[syn_pkg::PwDecayAdapt-1:0]};

  // The trace increments at the trace's scale and its largest value
  // (fixed_point.hpp trace_update): with 24-bit traces in use (RegRule)
  // inc * 65536 and 16777215, else inc and 255.
  logic [TW-1:0] inc_pre_t, inc_post_t, trace_max;
  if (WideTraces) begin : g_wide
    assign inc_pre_t = wide ? {inc_pre, 16'd0} : TW'(inc_pre);
    assign inc_post_t = wide ? {inc_post, 16'd0} : TW'(inc_post);
    assign trace_max = wide ? 24'hFFFFFF : 24'h0000FF;
  end else begin : g_narrow
    assign inc_pre_t = inc_pre;
    assign inc_post_t = inc_post;
    assign trace_max = 8'hFF;
    logic unused_wide;
    assign unused_wide = wide;
  end

  if (Ice40) begin : g_neuron_half
    // One neuron every two cycles, axon traces included, multipliers shared.
    syn_neuron_half #(
      .NumNeurons(N), .NumInputs(M), .WeightBits(WeightBits), .SynLanes(S),
      .SpikeDepth(SpikeDepth)
    ) u_neuron (
      .clk_i, .rst_ni, .start_i(step_start), .done_o(neuron_done), .count_o(spikes),
      .ho_valid_i(ho_valid), .ho_pop_o(ho_pop), .ho_rec_i(ho_rec), .ho_in_i(ho_in),
      .ho_y_i(ho_y),
      .exp_rec_i(exp_rec), .exp_in_i(exp_in), .decay_pre_i(decay_pre),
      .decay_post_i(decay_post), .inc_pre_i(inc_pre), .inc_post_i(inc_post), .nxt_i(!cur),
      .state_re_o(n_state_re), .state_raddr_o(n_state_raddr), .state_rdata_i(state_rdata),
      .state_we_o(n_state_we), .state_waddr_o(n_state_waddr), .state_wdata_o(n_state_wdata),
      .state_wmask_o(n_state_wmask),
      .pdec_re_o(n_pdec_re), .pdec_raddr_o(n_pdec_raddr), .pdec_rdata_i(pdec_rdata),
      .pbt_re_o(n_pbt_re), .pbt_raddr_o(n_pbt_raddr), .pbt_rdata_i(param_rdata[83:36]),
      .prest_re_o(n_prest_re), .prest_raddr_o(n_prest_raddr),
      .prest_rdata_i(param_rdata[PW-1:84]),
      .npre_re_o(n_npre_re), .npre_raddr_o(n_npre_raddr), .npre_rdata_i(npre_rdata),
      .npre_we_o(n_npre_we), .npre_waddr_o(n_npre_waddr), .npre_wval_o(n_npre_wval),
      .npre_wlanes_o(n_npre_wlanes),
      .tpost_we_o(n_tpost_we), .tpost_waddr_o(n_tpost_waddr), .tpost_wval_o(n_tpost_wval),
      .tpost_wlanes_o(n_tpost_wlanes),
      .flist_we_o(n_flist_we), .flist_waddr_o(n_flist_waddr), .flist_wdata_o(n_flist_wdata),
      .spk_push_o(spk_push), .spk_idx_o(spk_idx), .spk_level_i(spk_level),
      .apre_re_o(a_apre_re), .apre_raddr_o(a_apre_raddr), .apre_rdata_i(apre_rdata),
      .apre_we_o(a_apre_we), .apre_waddr_o(a_apre_waddr), .apre_wval_o(a_apre_wval),
      .apre_wlanes_o(a_apre_wlanes)
    );
    assign axon_done = 1'b1;
    logic unused_trace_scale;
    assign unused_trace_scale = ^{inc_pre_t, inc_post_t, trace_max};
  end else begin : g_neuron1
    assign n_state_wmask = '1;
    syn_neuron #(
      .NumNeurons(N), .NumInputs(M), .WeightBits(WeightBits), .SynLanes(S),
      .SpikeDepth(SpikeDepth), .TraceBits(TW)
    ) u_neuron (
      .clk_i, .rst_ni, .start_i(step_start), .done_o(neuron_done), .count_o(spikes),
      .ho_valid_i(ho_valid), .ho_pop_o(ho_pop), .ho_rec_i(ho_rec), .ho_in_i(ho_in),
      .ho_y_i(ho_y),
      .exp_rec_i(exp_rec), .exp_in_i(exp_in), .decay_pre_i(decay_pre),
      .decay_post_i(decay_post), .inc_pre_i(inc_pre_t), .inc_post_i(inc_post_t),
      .trace_max_i(trace_max), .nxt_i(!cur),
      .state_re_o(n_state_re), .state_raddr_o(n_state_raddr), .state_rdata_i(state_rdata),
      .state_we_o(n_state_we), .state_waddr_o(n_state_waddr), .state_wdata_o(n_state_wdata),
      .pdec_re_o(n_pdec_re), .pdec_raddr_o(n_pdec_raddr), .pdec_rdata_i(pdec_rdata),
      .pbt_re_o(n_pbt_re), .pbt_raddr_o(n_pbt_raddr), .pbt_rdata_i(param_rdata[83:36]),
      .prest_re_o(n_prest_re), .prest_raddr_o(n_prest_raddr),
      .prest_rdata_i(param_rdata[PW-1:84]),
      .npre_re_o(n_npre_re), .npre_raddr_o(n_npre_raddr), .npre_rdata_i(npre_rdata),
      .npre_we_o(n_npre_we), .npre_waddr_o(n_npre_waddr), .npre_wval_o(n_npre_wval),
      .npre_wlanes_o(n_npre_wlanes),
      .tpost_we_o(n_tpost_we), .tpost_waddr_o(n_tpost_waddr), .tpost_wval_o(n_tpost_wval),
      .tpost_wlanes_o(n_tpost_wlanes),
      .flist_we_o(n_flist_we), .flist_waddr_o(n_flist_waddr), .flist_wdata_o(n_flist_wdata),
      .spk_push_o(spk_push), .spk_idx_o(spk_idx), .spk_level_i(spk_level)
    );

    syn_axon #(.NumInputs(M), .SynLanes(S), .TraceBits(TW)) u_axon (
      .clk_i, .rst_ni, .start_i(step_start), .done_o(axon_done),
      .decay_pre_i(decay_pre), .inc_pre_i(inc_pre_t), .trace_max_i(trace_max),
      .apre_re_o(a_apre_re), .apre_raddr_o(a_apre_raddr), .apre_rdata_i(apre_rdata),
      .apre_we_o(a_apre_we), .apre_waddr_o(a_apre_waddr), .apre_wval_o(a_apre_wval),
      .apre_wlanes_o(a_apre_wlanes)
    );
  end

  // The S-wide trace RAMs are written one lane value at a time: the value is
  // replicated to every lane and the mask keeps the chosen lanes and bits,
  // so the engine/host selection happens before the replication.
  function automatic logic [S*QW-1:0] lane_mask9(logic [S-1:0] lanes, logic [QW-1:0] bits);
    for (int unsigned l = 0; l < S; l++) lane_mask9[QW*l +: QW] = lanes[l] ? bits : QW'(0);
  endfunction
  function automatic logic [S*TW-1:0] lane_mask8(logic [S-1:0] lanes);
    for (int unsigned l = 0; l < S; l++) lane_mask8[TW*l +: TW] = {TW{lanes[l]}};
  endfunction

  logic [TW:0] npre_wval, apre_wval;
  logic [TW-1:0] tpost_wval;
  logic [S*QW-1:0] npre_wmask, apre_wmask;
  logic [S*TW-1:0] tpost_wmask;
  // Idle-side writes of u_npre and u_apre: the host's, or with delays in
  // the Mark state the walker's (the pending / queued bit of an arriving
  // neuron / axon, whose index is syn_delay's ring output).
  logic hw_npre_we, hw_apre_we;
  logic [NGroupW-1:0] hw_npre_addr;
  logic [AGroupW-1:0] hw_apre_addr;
  logic [TW:0] hw_npre_wval, hw_npre_wbits, hw_apre_wval, hw_apre_wbits;
  logic [S-1:0] hw_npre_wlanes, hw_apre_wlanes;
  if (AxonDelays) begin : g_mark_writes
    assign hw_npre_we = mark ? mk_npre_we : h_npre_we;
    assign hw_npre_addr = mark ? NGroupW'(d_n_rdata >> LaneW) : h_npre_addr;
    assign hw_npre_wval = mark ? QW'(1) << TW : h_npre_wval;
    assign hw_npre_wbits = mark ? QW'(1) << TW : h_npre_wbits;
    assign hw_npre_wlanes = mark ? S'(1) << d_n_rdata[LaneW-1:0] : h_npre_wlanes;
    assign hw_apre_we = mark ? mk_apre_we : h_apre_we;
    assign hw_apre_addr = mark ? AGroupW'(d_a_rdata >> LaneW) : h_apre_addr;
    assign hw_apre_wval = mark ? QW'(1) << TW : h_apre_wval;
    assign hw_apre_wbits = mark ? QW'(1) << TW : h_apre_wbits;
    assign hw_apre_wlanes = mark ? S'(1) << d_a_rdata[LaneW-1:0] : h_apre_wlanes;
  end else begin : g_host_writes
    assign hw_npre_we = h_npre_we;
    assign hw_npre_addr = h_npre_addr;
    assign hw_npre_wval = h_npre_wval;
    assign hw_npre_wbits = h_npre_wbits;
    assign hw_npre_wlanes = h_npre_wlanes;
    assign hw_apre_we = h_apre_we;
    assign hw_apre_addr = h_apre_addr;
    assign hw_apre_wval = h_apre_wval;
    assign hw_apre_wbits = h_apre_wbits;
    assign hw_apre_wlanes = h_apre_wlanes;
  end
  // With delays the neuron pass clears a neuron's pending bit instead of
  // setting it for a spike: the walker sets it at the arrival step.
  assign npre_wval = eng ? {n_npre_wval[TW] && !AxonDelays, n_npre_wval[TW-1:0]} : hw_npre_wval;
  assign npre_wmask = lane_mask9(eng ? n_npre_wlanes : hw_npre_wlanes, eng ? '1 : hw_npre_wbits);
  assign tpost_wval = eng ? n_tpost_wval : h_tpost_wval;
  assign tpost_wmask = lane_mask8(eng ? n_tpost_wlanes : h_tpost_wlanes);
  assign apre_wval = eng ? a_apre_wval : hw_apre_wval;
  assign apre_wmask = lane_mask9(eng ? a_apre_wlanes : hw_apre_wlanes, eng ? '1 : hw_apre_wbits);

  // Write fields of the RAMs (syn_ram FieldStarts: a 1 where a field
  // starts). Every write mask is uniform over a field, so a RAM can take
  // one write enable per field: block RAM has one per byte lane, and on
  // Xilinx a per-bit mask splits the state RAM over many more RAMB36. On
  // the iCE40 (one mask bit per data bit in SB_RAM40_4K) the per-bit form
  // is about 60 logic cells smaller, so it keeps that.
  function automatic logic [S*QW-1:0] lane_starts9();
    lane_starts9 = '0;
    for (int unsigned l = 0; l < S; l++) begin
      lane_starts9[QW * l] = 1'b1;       // trace
      lane_starts9[QW * l + TW] = 1'b1;  // pending / queued bit
    end
  endfunction
  function automatic logic [S*TW-1:0] lane_starts8();
    lane_starts8 = '0;
    for (int unsigned l = 0; l < S; l++) lane_starts8[TW * l] = 1'b1;
  endfunction
  localparam bit Fields = !Ice40;
  localparam logic [35:0] DecStarts = Fields ? 36'h001001001 : {36{1'b1}};  // decay u, v, adapt
  localparam logic [47:0] BtStarts = Fields ? 48'h000001000001 : {48{1'b1}};  // bias, threshold
  localparam logic [PW-85:0] RestStarts =  // v_reset, refractory, adapt_step
      Fields ? (PW - 84)'(1) | ((PW - 84)'(1) << 24) | ((PW - 84)'(1) << 32) : {(PW - 84){1'b1}};
  localparam logic [SW-1:0] StateStarts =  // u, v, adapt, refractory counter
      Fields ? (SW)'(1) | ((SW)'(1) << syn_pkg::SwV) | ((SW)'(1) << syn_pkg::SwAdapt) |
               ((SW)'(1) << syn_pkg::SwRefractory) : {SW{1'b1}};
  localparam logic [S*QW-1:0] Lane9Starts = Fields ? lane_starts9() : {(S * QW){1'b1}};
  localparam logic [S*TW-1:0] Lane8Starts = Fields ? lane_starts8() : {(S * TW){1'b1}};
  localparam logic [NW-1:0] FlistStarts = Fields ? NW'(1) : {NW{1'b1}};
  localparam logic [AW-1:0] AlistStarts = Fields ? AW'(1) : {AW{1'b1}};

  // ---------------------------------------------------------------------------
  // RAMs. While a step runs (eng) the engines own every port; a port used by
  // two engines goes to the one whose enable is up (they never overlap:
  // asserted below). Otherwise syn_ctrl owns them.
  // ---------------------------------------------------------------------------
  // The parameter word in three RAMs, read by the neuron pass at three
  // stages (decays, bias and threshold, the rest) and by the host at once.
  syn_ram #(.Width(36), .Depth(N), .FieldStarts(DecStarts)) u_param_dec (
    .clk_i,
    .re_i   (eng ? n_pdec_re : h_param_re),
    .raddr_i(eng ? n_pdec_raddr : h_param_addr),
    .rdata_o(param_rdata[35:0]),
    .we_i   (!eng && h_param_we),
    .waddr_i(h_param_addr),
    .wdata_i(h_param_wdata[35:0]),
    .wmask_i(h_param_wmask[35:0])
  );
  syn_ram #(.Width(48), .Depth(N), .FieldStarts(BtStarts)) u_param_bt (
    .clk_i,
    .re_i   (eng ? n_pbt_re : h_param_re),
    .raddr_i(eng ? n_pbt_raddr : h_param_addr),
    .rdata_o(param_rdata[83:36]),
    .we_i   (!eng && h_param_we),
    .waddr_i(h_param_addr),
    .wdata_i(h_param_wdata[83:36]),
    .wmask_i(h_param_wmask[83:36])
  );
  syn_ram #(.Width(PW - 84), .Depth(N), .FieldStarts(RestStarts)) u_param_rest (
    .clk_i,
    .re_i   (eng ? n_prest_re : h_param_re),
    .raddr_i(eng ? n_prest_raddr : h_param_addr),
    .rdata_o(param_rdata[PW-1:84]),
    .we_i   (!eng && h_param_we),
    .waddr_i(h_param_addr),
    .wdata_i(h_param_wdata[PW-1:84]),
    .wmask_i(h_param_wmask[PW-1:84])
  );

  syn_ram #(.Width(SW), .Depth(N), .FieldStarts(StateStarts)) u_state (
    .clk_i,
    .re_i   (eng ? n_state_re : h_state_re),
    .raddr_i(eng ? n_state_raddr : h_state_addr),
    .rdata_o(state_rdata),
    .we_i   (eng ? n_state_we : h_state_we),
    .waddr_i(eng ? n_state_waddr : h_state_addr),
    .wdata_i(eng ? n_state_wdata : h_state_wdata),
    .wmask_i(eng ? n_state_wmask : h_state_wmask)
  );

  // Pre traces and pending bits of neurons: word g = neurons S*g .. S*g+S-1.
  syn_ram #(.Width(S * QW), .Depth(N / S), .FieldStarts(Lane9Starts)) u_npre (
    .clk_i,
    .re_i   (eng ? (col_phase ? s_npre_re : n_npre_re) : h_npre_re),
    .raddr_i(eng ? (col_phase ? s_npre_raddr : n_npre_raddr) : h_npre_addr),
    .rdata_o(npre_rdata),
    .we_i   (eng ? n_npre_we : hw_npre_we),
    .waddr_i(eng ? n_npre_waddr : hw_npre_addr),
    .wdata_i({S{npre_wval}}),
    .wmask_i(npre_wmask)
  );

  // Post traces: word g = neurons S*g .. S*g+S-1.
  syn_ram #(.Width(S * TW), .Depth(N / S), .FieldStarts(Lane8Starts)) u_tpost (
    .clk_i,
    .re_i   (eng ? s_tpost_re : h_tpost_re),
    .raddr_i(eng ? s_tpost_raddr : h_tpost_addr),
    .rdata_o(tpost_rdata),
    .we_i   (eng ? n_tpost_we : h_tpost_we),
    .waddr_i(eng ? n_tpost_waddr : h_tpost_addr),
    .wdata_i({S{tpost_wval}}),
    .wmask_i(tpost_wmask)
  );

  // Axon traces and queued bits: word g = axons S*g .. S*g+S-1.
  syn_ram #(.Width(S * QW), .Depth(M / S), .FieldStarts(Lane9Starts)) u_apre (
    .clk_i,
    .re_i   (eng ? (col_phase ? s_apre_re : a_apre_re) : h_apre_re),
    .raddr_i(eng ? (col_phase ? s_apre_raddr : a_apre_raddr) : h_apre_addr),
    .rdata_o(apre_rdata),
    .we_i   (eng ? a_apre_we : hw_apre_we),
    .waddr_i(eng ? a_apre_waddr : hw_apre_addr),
    .wdata_i({S{apre_wval}}),
    .wmask_i(apre_wmask)
  );

  // Plastic flags per presynaptic row (iCE40 configuration).
  if (!PlasticPerSynapse) begin : g_flag
    syn_ram #(.Width(S), .Depth((N + M) / S)) u_flag (
      .clk_i,
      .re_i   (eng ? s_flag_re : h_flag_re),
      .raddr_i(eng ? s_flag_raddr : h_flag_addr),
      .rdata_o(flag_rdata),
      .we_i   (!eng && h_flag_we),
      .waddr_i(h_flag_addr),
      .wdata_i(h_flag_wdata),
      .wmask_i(h_flag_wmask)
    );
  end else begin : g_noflag
    assign flag_rdata = '0;
    logic unused_flag;
    assign unused_flag = ^{s_flag_re, s_flag_raddr, h_flag_re, h_flag_we, h_flag_addr,
                           h_flag_wdata, h_flag_wmask};
  end

  // Pending list, two halves: cur (delivered this step) and !cur (filled by it).
  syn_ram #(.Width(NW), .Depth(2 * N), .FieldStarts(FlistStarts)) u_flist (
    .clk_i,
    .re_i   (eng ? (col_phase ? c_flist_re : g_flist_re) : h_flist_re),
    .raddr_i(eng ? (col_phase ? c_flist_raddr : g_flist_raddr) : h_flist_addr),
    .rdata_o(flist_rdata),
    .we_i   (eng ? n_flist_we : h_flist_we),
    .waddr_i(eng ? n_flist_waddr : h_flist_addr),
    .wdata_i(eng ? n_flist_wdata : h_flist_wdata),
    .wmask_i('1)
  );

  // Axons queued for the next step.
  syn_ram #(.Width(AW), .Depth(M), .FieldStarts(AlistStarts)) u_alist (
    .clk_i,
    .re_i   (eng ? g_alist_re : h_alist_re),
    .raddr_i(eng ? g_alist_raddr : h_alist_addr),
    .rdata_o(alist_rdata),
    .we_i   (!eng && h_alist_we),
    .waddr_i(h_alist_addr),
    .wdata_i(h_alist_wdata),
    .wmask_i('1)
  );

  for (genvar b = 0; b < S; b++) begin : g_bank
    logic [BankAW-1:0] raddr, waddr;
    if (SinglePort) begin : g_one_addr
      // A single-port bank has one address: choosing it here, once, lets
      // synthesis drop the bank's own read/write address multiplexer
      // (both inputs are the same net).
      // Selected by "some bank writes" rather than by this bank's write
      // enable (reads and writes of the banks never share a cycle): the
      // address bits that are equal in every bank (all but the lane bits
      // of a column op) then share their multiplexers.
      logic [BankAW-1:0] s_addr;
      assign s_addr = |s_bank_we ? s_bank_waddr[b*BankAW +: BankAW]
                                 : s_bank_raddr[b*BankAW +: BankAW];
      assign raddr = eng ? s_addr : h_bank_addr;
      assign waddr = raddr;
    end else begin : g_two_addr
      assign raddr = eng ? s_bank_raddr[b*BankAW +: BankAW] : h_bank_addr;
      assign waddr = eng ? s_bank_waddr[b*BankAW +: BankAW] : h_bank_addr;
    end
    syn_wram #(.Width(EntryW), .Depth(BankDepth), .Kind(WeightRam)) u_bank (
      .clk_i,
      .re_i   (eng ? s_bank_re[b] : h_bank_re[b]),
      .raddr_i(raddr),
      .rdata_o(bank_rdata[b*EntryW +: EntryW]),
      .we_i   (eng ? s_bank_we[b] : h_bank_we[b]),
      .waddr_i(waddr),
      .wdata_i(eng ? s_bank_wdata[b*EntryW +: EntryW] : h_bank_wdata)
    );
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (eng) begin
      assert (!(n_npre_re && s_npre_re)) else $error("syn_core: npre read conflict");
      assert (!(a_apre_re && s_apre_re)) else $error("syn_core: apre read conflict");
      assert (!(g_flist_re && c_flist_re)) else $error("syn_core: flist read conflict");
      assert (!(g_valid && c_valid)) else $error("syn_core: gather and column both issue");
      assert (!(g_valid && nm_valid) && !(c_valid && nm_valid))
        else $error("syn_core: normalisation issues with another pass");
      assert (col_phase || !s_npre_re) else $error("syn_core: column read outside its phase");
    end
  end
`endif

  // ---------------------------------------------------------------------------
  // Spike stream: {eos, neuron or count} per entry, tagged with the step on
  // the way out (the step counter changes only after the FIFO is empty).
  // ---------------------------------------------------------------------------
  logic [NW+1:0] spk_head;
  syn_fifo #(.Width(NW + 2), .Depth(SpikeDepth)) u_spk (
    .clk_i, .rst_ni,
    .in_valid_i (spk_push || eos_push),
    .in_ready_o (spk_in_ready),
    .in_data_i  (eos_push ? {1'b1, spikes} : {2'b00, spk_idx}),
    .out_valid_o(spk_out_valid),
    .out_ready_i(spk_ready_i),
    .out_data_o (spk_head),
    .level_o    (spk_level)
  );
  assign spk_valid_o = spk_out_valid;
  assign spk_data_o = {spk_head[NW+1], step[14:0], 16'(spk_head[NW:0])};

  logic unused;
  assign unused = ^{step[31:15]};

endmodule
