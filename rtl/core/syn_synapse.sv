// syn_synapse: the synapse datapath shared by the two weight passes of a
// step: S lanes, each with its weight bank, a hash pipeline and an STDP
// lane. Weights are stored skewed so that both a presynaptic row and a
// postsynaptic column are S-wide accesses (docs/rtl.md, "Weight layout"):
// element (p, j) lives in bank (p + j) mod S at address {p, j / S}.
//
// An op is one S-wide access, issued by syn_gather or syn_column:
// - gather (op_col_i = 0): row p = op_row_i, columns S*c .. S*c+S-1 with
//   c = op_c_i; lane l is post neuron S*c + l; rot = p mod S. The old weights
//   are added to the lane accumulators (recurrent or input sum, op_axon_i)
//   and, with op_wr_i, depressed from the post traces (trace_post words).
//   op_first_i/op_last_i mark the first and last row of group c; at the last
//   one the S sums and post traces go to the hand-off FIFO for syn_neuron.
//   op_dummy_i: a group without rows (nothing read but the post traces).
// - column (op_col_i = 1): rows S*r .. S*r+S-1 with r = op_row_i, column
//   j = S*op_c_i + op_rot_i; lane l is pre row S*r + l; potentiation from the
//   pre traces (npre words for neuron rows, apre words for axon rows,
//   op_axon_i).
// - normalisation (WeightNorm, norm_i = 1 for the whole pass, syn_norm):
//   column ops as above; with op_wr_i = 0 the plastic weights are added to
//   the normalisation sum (norm_sum_o, cleared by norm_clr_i), with
//   op_wr_i = 1 every plastic weight becomes clip(w + norm_delta_i).
// The synapse keys of the hash follow from the op (key_of below).
//
// Timing (cycle of the op = 0): hash from 1, memory reads at 3, data and
// accumulation at 4, rounding at 5 and 6, weight writes at 7 (8 with
// Share = 2, the single-port case: reads and writes are then an odd
// distance apart, so an issuer that issues RMW ops only on even cycles
// never reads and writes a bank in the same cycle).
// The datapath never stalls; handoff_ready_o says the first row of a group
// may be issued (one of the two hand-off banks is free).
`default_nettype none

module syn_synapse #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M (multiple of SynLanes).
  parameter int unsigned NumInputs = 8,
  // Stored weight width.
  parameter int unsigned WeightBits = 8,
  // Lanes S (power of two).
  parameter int unsigned SynLanes = 4,
  // 1: plastic flag per synapse (in the bank entry); 0: per row (flag RAM).
  parameter bit PlasticPerSynapse = 1'b1,
  // Lanes per hash/STDP unit: 1, or 2 when RMW ops come at most every
  // other cycle (single-port banks); halves the costliest logic.
  parameter int unsigned Share = 1,
  // 1: the soft-bound STDP rule is built in (selected by soft_i).
  parameter bit SoftBound = 1'b0,
  // 1: the weight normalisation pass is built in (norm_i).
  parameter bit WeightNorm = 1'b0,
  // 1: 24-bit traces are built in (selected by wide_i).
  parameter bit WideTraces = 1'b0,
  // The trace RAMs' trace field, and the trace a lane multiplies: a 24-bit
  // trace's upper 16 bits (fx::stdp_trace), an 8-bit one whole.
  localparam int unsigned TW = WideTraces ? 24 : 8,
  localparam int unsigned LTW = WideTraces ? 16 : 8,
  localparam int unsigned S = SynLanes,
  // The dither's bits: shift, + 8 for the soft-bound span, + 8 for wide traces.
  localparam int unsigned RandBits = 15 + (SoftBound ? 8 : 0) + (WideTraces ? 8 : 0),
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned RowW = $clog2(NumNeurons + NumInputs),
  localparam int unsigned CW = $clog2(NumNeurons / S),
  localparam int unsigned BankAW = RowW + CW,
  localparam int unsigned EntryW = WeightBits + (PlasticPerSynapse ? 1 : 0),
  localparam int unsigned NGroupW = $clog2(NumNeurons / S),
  localparam int unsigned AGroupW = NumInputs / S > 1 ? $clog2(NumInputs / S) : 1,
  localparam int unsigned FGroupW = $clog2((NumNeurons + NumInputs) / S),
  localparam int unsigned RecW = $clog2(NumNeurons) + WeightBits,
  localparam int unsigned InW = $clog2(NumInputs) + WeightBits,
  localparam int unsigned NormSumW = RowW + 8
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // Op from syn_gather / syn_column (at most one of them issues).
  input  logic                          op_valid_i,
  input  logic                          op_col_i,
  input  logic                          op_dummy_i,
  input  logic                          op_wr_i,
  input  logic                          op_axon_i,
  input  logic                          op_first_i,
  input  logic                          op_last_i,
  input  logic [RowW-1:0]               op_row_i,
  input  logic [CW-1:0]                 op_c_i,
  input  logic [LaneW-1:0]              op_rot_i,
  output logic                          handoff_ready_o,
  output logic                          idle_o,
  // Hand-off to syn_neuron: lane l sums and post trace of one group.
  output logic                          ho_valid_o,
  input  logic                          ho_pop_i,
  output logic [S*RecW-1:0]             ho_rec_o,
  output logic [S*InW-1:0]              ho_in_o,
  output logic [S*TW-1:0]               ho_y_o,
  // Registers.
  input  logic [7:0]                    a_plus_i,
  input  logic [7:0]                    a_minus_i,
  input  logic [3:0]                    shift_i,
  input  logic                          soft_i,
  input  logic                          wide_i,
  input  logic signed [7:0]             w_min_i,
  input  logic signed [7:0]             w_max_i,
  input  logic [31:0]                   hash_a0_i,
  input  logic [31:0]                   hash_b0_i,
  // Weight normalisation (WeightNorm): the pass, its sum and its amount.
  input  logic                          norm_i,
  input  logic                          norm_clr_i,
  output logic signed [NormSumW-1:0]    norm_sum_o,
  input  logic signed [9:0]             norm_delta_i,
  // Weight banks.
  output logic [S-1:0]                  bank_re_o,
  output logic [S*BankAW-1:0]           bank_raddr_o,
  input  logic [S*EntryW-1:0]           bank_rdata_i,
  output logic [S-1:0]                  bank_we_o,
  output logic [S*BankAW-1:0]           bank_waddr_o,
  output logic [S*EntryW-1:0]           bank_wdata_o,
  // Trace and flag RAMs (read only here).
  output logic                          tpost_re_o,
  output logic [NGroupW-1:0]            tpost_raddr_o,
  input  logic [S*TW-1:0]               tpost_rdata_i,
  output logic                          npre_re_o,
  output logic [NGroupW-1:0]            npre_raddr_o,
  input  logic [S*(TW+1)-1:0]           npre_rdata_i,
  output logic                          apre_re_o,
  output logic [AGroupW-1:0]            apre_raddr_o,
  input  logic [S*(TW+1)-1:0]           apre_rdata_i,
  output logic                          flag_re_o,
  output logic [FGroupW-1:0]            flag_raddr_o,
  input  logic [S-1:0]                  flag_rdata_i
);

  typedef struct packed {
    logic                 valid;
    logic                 col;
    logic                 dummy;
    logic                 wr;
    logic                 axon;
    logic                 first;
    logic                 last;
    logic [RowW-1:0]      row;
    logic [CW-1:0]        c;
    logic [LaneW-1:0]     rot;
  } op_t;

  op_t op_in;
  op_t d1_q, d2_q, d3_q, d4_q, d5_q;  // the op 1 .. 5 cycles after issue

  assign op_in = {op_valid_i, op_col_i, op_dummy_i, op_wr_i, op_axon_i, op_first_i, op_last_i,
                  op_row_i, op_c_i, op_rot_i};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      d1_q <= '0;
      d2_q <= '0;
      d3_q <= '0;
      d4_q <= '0;
      d5_q <= '0;
    end else begin
      d1_q <= op_in;
      d2_q <= d1_q;
      d3_q <= d2_q;
      d4_q <= d3_q;
      d5_q <= d4_q;
    end
  end

  // ---------------------------------------------------------------------------
  // Bank addresses: gather {p, c} in every bank; column: bank b serves lane
  // (b - rot) mod S, row S*r + that lane.
  // ---------------------------------------------------------------------------
  function automatic logic [BankAW-1:0] bank_addr(logic col, logic [RowW-1:0] op_row,
                                                  logic [CW-1:0] c, logic [LaneW-1:0] rot,
                                                  logic [LaneW-1:0] b);
    logic [LaneW-1:0] lane;
    logic [RowW-1:0] row;
    lane = b - rot;
    row = col ? RowW'({op_row, lane}) : op_row;
    bank_addr = {row, c};
  endfunction

  // Reads at cycle 3.
  for (genvar b = 0; b < S; b++) begin : g_bank_rd
    assign bank_re_o[b] = d3_q.valid && !d3_q.dummy;
    assign bank_raddr_o[b*BankAW +: BankAW] = bank_addr(d3_q.col, d3_q.row, d3_q.c, d3_q.rot,
                                                       LaneW'(b));
  end

  localparam int unsigned NGroups = NumNeurons / S;
  // With M <= N an axon row N + a (gather) or group N/S + g (column) minus
  // its base is the row with the base's bit cleared (N and N/S are powers
  // of two above every a or g): the keys and the axon-trace address then
  // need no subtractor, which would sit in the hash's first stage.
  localparam bit AxonBelowN = NumInputs <= NumNeurons;
  function automatic logic [14:0] minus_base(logic [RowW-1:0] row, logic [14:0] base);
    if (AxonBelowN) minus_base = 15'(row) & ~base;
    else minus_base = 15'(row) - base;
  endfunction
  logic d3_npre, d3_apre;
  assign d3_npre = d3_q.valid && d3_q.col && !d3_q.axon;
  assign d3_apre = d3_q.valid && d3_q.col && d3_q.axon;
  assign tpost_re_o = d3_q.valid && !d3_q.col;
  assign tpost_raddr_o = NGroupW'(d3_q.c);
  assign npre_re_o = d3_npre;
  assign npre_raddr_o = NGroupW'(d3_q.row);
  assign apre_re_o = d3_apre;
  assign apre_raddr_o = AGroupW'(minus_base(d3_q.row, 15'(NGroups)));
  // Per-row flags: gather reads row p's word, column reads word r.
  assign flag_re_o = !PlasticPerSynapse && d3_q.valid && !d3_q.dummy;
  assign flag_raddr_o = d3_q.col ? FGroupW'(d3_q.row) : FGroupW'(d3_q.row >> LaneW);

  // ---------------------------------------------------------------------------
  // Cycle 4: data into lanes, accumulation.
  // ---------------------------------------------------------------------------
  // Lane l of these vectors is bits [l*W +: W].
  logic [S*EntryW-1:0] lane_entry;
  logic [S-1:0] lane_flag;
  logic [S*LTW-1:0] lane_trace;
  logic [LaneW-1:0] d4_p_lane;
  assign d4_p_lane = d4_q.row[LaneW-1:0];

  for (genvar l = 0; l < S; l++) begin : g_lane_in
    logic [LaneW-1:0] src;
    assign src = LaneW'(l) + d4_q.rot;
    assign lane_entry[l*EntryW +: EntryW] = bank_rdata_i[src*EntryW +: EntryW];
    if (PlasticPerSynapse) begin : g_flag_syn
      assign lane_flag[l] = lane_entry[l*EntryW + WeightBits];
    end else begin : g_flag_row
      assign lane_flag[l] = d4_q.col ? flag_rdata_i[l] : flag_rdata_i[d4_p_lane];
    end
    if (WideTraces) begin : g_read_wide
      logic [TW-1:0] ram_trace;
      always_comb begin
        if (!d4_q.col) ram_trace = tpost_rdata_i[TW*l +: TW];
        else if (d4_q.axon) ram_trace = apre_rdata_i[(TW+1)*l +: TW];
        else ram_trace = npre_rdata_i[(TW+1)*l +: TW];
      end
      // 24-bit traces in use: x >> 8; 8-bit ones stay below 256.
      assign lane_trace[LTW*l +: LTW] = wide_i ? ram_trace[TW-1:8] : ram_trace[LTW-1:0];
    end else begin : g_read
      // Written as before WideTraces: yosys then maps the iCE40 core to the
      // same cells (through an intermediate it came out 7 LUT4 larger).
      always_comb begin
        if (!d4_q.col) lane_trace[TW*l +: TW] = tpost_rdata_i[TW*l +: TW];
        else if (d4_q.axon) lane_trace[TW*l +: TW] = apre_rdata_i[(TW+1)*l +: TW];
        else lane_trace[TW*l +: TW] = npre_rdata_i[(TW+1)*l +: TW];
      end
    end
  end

  // Hand-off: two banks of group sums, used in turn (group c in bank c mod
  // 2), so the gather accumulates group c+1 while syn_neuron reads group c.
  // A bank is the accumulator of its group from the group's first row and
  // its hand-off entry after the last, until syn_neuron pops it: the sums
  // are stored once. A free bank is held at zero (a synchronous reset,
  // free in an iCE40 flip-flop), so a group's first row adds to 0 with no
  // multiplexer in front of the adder, and each bank has its own adders:
  // then every sum bit is one logic cell, adder and flip-flop together.
  // The recurrent and input sums are kept apart so the weight exponents
  // apply once per neuron.
  // Each lane's sums are flip-flops of their own (g_acc), gathered into
  // the banks' hand-off vectors by wiring: a slice write into a shared
  // wide vector costs Verilator a delayed copy of the vector per lane.
  logic [S*RecW-1:0] rec_bank [2];
  logic [S*InW-1:0] in_bank [2];
  logic [S*TW-1:0] y_q [2];
  logic [S*WeightBits-1:0] w_rec, w_in;  // lane weights, or 0 for the other sum
  logic acc_add, acc_bank, acc_we;
  assign acc_add = d4_q.valid && !d4_q.col && !d4_q.dummy;
  assign acc_bank = d4_q.c[0];
  assign acc_we = d4_q.valid && !d4_q.col;
  for (genvar l = 0; l < S; l++) begin : g_lane_w
    assign w_rec[l*WeightBits +: WeightBits] =
        (acc_add && !d4_q.axon) ? lane_entry[l*EntryW +: WeightBits] : '0;
    assign w_in[l*WeightBits +: WeightBits] =
        (acc_add && d4_q.axon) ? lane_entry[l*EntryW +: WeightBits] : '0;
  end

  logic ho_push;
  assign ho_push = d4_q.valid && !d4_q.col && d4_q.last;

  // Banks owned by a group (first row issued, not yet popped): a group may
  // start only while one is free. full_q: the group's last row is summed.
  logic [1:0] open_q, own_q, full_q;
  logic head_q;  // bank syn_neuron reads next
  logic opens;
  assign opens = op_valid_i && !op_col_i && op_first_i;

  for (genvar k = 0; k < 2; k++) begin : g_ho_bank
    for (genvar l = 0; l < S; l++) begin : g_acc
      logic [RecW-1:0] rec_q;
      logic [InW-1:0] in_q;
      always_ff @(posedge clk_i) begin
        if (!own_q[k]) begin
          rec_q <= '0;
          in_q <= '0;
        end else if (acc_we && acc_bank == 1'(k)) begin
          rec_q <= rec_q + RecW'($signed(w_rec[l*WeightBits +: WeightBits]));
          in_q <= in_q + InW'($signed(w_in[l*WeightBits +: WeightBits]));
        end
      end
      assign rec_bank[k][l*RecW +: RecW] = rec_q;
      assign in_bank[k][l*InW +: InW] = in_q;
    end
    // The post traces of the group, read with its last row.
    always_ff @(posedge clk_i) begin
      if (ho_push && acc_bank == 1'(k)) y_q[k] <= tpost_rdata_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      open_q <= '0;
      own_q <= '0;
      full_q <= '0;
      head_q <= 1'b0;
    end else begin
      open_q <= open_q + 2'(opens) - 2'(ho_pop_i);
      if (opens) own_q[op_c_i[0]] <= 1'b1;
      if (ho_push) full_q[acc_bank] <= 1'b1;
      if (ho_pop_i) begin
        own_q[head_q] <= 1'b0;
        full_q[head_q] <= 1'b0;
        head_q <= !head_q;
      end
    end
  end
  assign handoff_ready_o = open_q != 2'd2;
  assign ho_valid_o = full_q[head_q];
  assign ho_rec_o = rec_bank[head_q];
  assign ho_in_o = in_bank[head_q];
  assign ho_y_o = y_q[head_q];

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (opens) assert (open_q != 2'd2) else $error("syn_synapse: hand-off overflow");
    if (ho_pop_i) assert (ho_valid_o) else $error("syn_synapse: hand-off underflow");
    if (ho_push) assert (!full_q[acc_bank]) else $error("syn_synapse: hand-off bank busy");
    if (acc_we) assert (own_q[acc_bank]) else $error("syn_synapse: sum into a free bank");
  end
`endif

  // ---------------------------------------------------------------------------
  // Normalisation sum: the plastic weights of a column op issued without
  // write (only syn_norm issues those), added at cycle 4.
  // ---------------------------------------------------------------------------
  if (WeightNorm) begin : g_norm_sum
    logic signed [NormSumW-1:0] sum_q, lanes_sum;
    always_comb begin
      lanes_sum = '0;
      for (int unsigned l = 0; l < S; l++) begin
        if (lane_flag[l]) lanes_sum = lanes_sum + NormSumW'($signed(lane_entry[l*EntryW +: WeightBits]));
      end
    end
    always_ff @(posedge clk_i) begin
      if (norm_clr_i) sum_q <= '0;
      else if (d4_q.valid && d4_q.col && !d4_q.wr) sum_q <= sum_q + lanes_sum;
    end
    assign norm_sum_o = sum_q;
  end else begin : g_no_norm_sum
    assign norm_sum_o = '0;
    logic unused_norm_sum;
    assign unused_norm_sum = ^{norm_clr_i};
  end

  // ---------------------------------------------------------------------------
  // Hash and STDP. With Share = 1 every lane has a hash pipeline and an STDP
  // lane: keys at cycle 1, lane inputs at 4, rounding at 5 and 6, writes at
  // 7. With Share = 2 (single-port banks, where RMW ops come every other
  // cycle anyway) S/2 units serve lanes u and u + S/2 in consecutive
  // cycles: the second half's keys enter at cycle 2 and its data waits a
  // cycle; the first half's results wait and every bank writes at cycle 8,
  // an odd distance from the read at 3.
  // ---------------------------------------------------------------------------
  localparam int unsigned D = S / Share;

  // Synapse key of lane 0 of an op; lane l adds l to the post (gather) or
  // pre (column) field.
  function automatic logic [31:0] key_of(logic col, logic axon, logic [RowW-1:0] row,
                                         logic [CW-1:0] c, logic [LaneW-1:0] rot);
    logic [14:0] pre;
    if (col) begin
      pre = axon ? syn_pkg::AxonIdBit | (minus_base(row, 15'(NGroups)) << LaneW) : 15'(row) << LaneW;
      key_of = {1'b1, pre, 16'({c, rot})};
    end else begin
      pre = axon ? syn_pkg::AxonIdBit | minus_base(row, 15'(NumNeurons)) : 15'(row);
      key_of = {1'b0, pre, 16'(c) << LaneW};
    end
  endfunction

  function automatic logic [31:0] lane_key(logic col, logic axon, logic [RowW-1:0] row,
                                           logic [CW-1:0] c, logic [LaneW-1:0] rot,
                                           int unsigned l);
    lane_key = key_of(col, axon, row, c, rot) | (col ? 32'(l) << 16 : 32'(l));
  endfunction

  // Every op in flight belongs to the same pass (the core drains the
  // pipeline between the gather and the column pass).
  logic pass_col;

  logic [S*WeightBits-1:0] new_w;  // new weights, valid in the write stage
  logic [S-1:0] wflag;             // plastic flags, in the write stage
  logic [S-1:0] wen;               // lane writes, in the write stage
  logic [S-1:0] flag5_q, flag6_q, flag7_q;
  op_t ws;                         // the op in the write stage
  op_t d6_q, d7_q, d8_q;           // stages 6, 7 (the write stage with Share = 1), 8
  logic [14:0] mask_q;             // 2^shift - 1 for the STDP lanes
  assign pass_col = d4_q.col || d5_q.col || d6_q.col;
  always_ff @(posedge clk_i) begin
    flag5_q <= lane_flag;
    flag6_q <= flag5_q;
    flag7_q <= flag6_q;
    mask_q <= 15'((16'd1 << shift_i) - 16'd1);
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      d6_q <= '0;
      d7_q <= '0;
    end else begin
      d6_q <= d5_q;
      d7_q <= d6_q;
    end
  end

  // The keys come from the registered op (cycle 1), not from the issuers'
  // logic: the hash's first stage then starts at a register.
  if (Share == 1) begin : g_full
    for (genvar l = 0; l < S; l++) begin : g_unit
      logic [RandBits-1:0] rand_l;
      syn_hash #(.RandBits(RandBits)) u_hash (
        .clk_i, .a0_i(hash_a0_i), .b0_i(hash_b0_i),
        .key_i(lane_key(d1_q.col, d1_q.axon, d1_q.row, d1_q.c, d1_q.rot, l)),
        .rand_o(rand_l)
      );
      syn_stdp_lane #(.WeightBits(WeightBits), .SoftBound(SoftBound), .WeightNorm(WeightNorm),
                      .WideTraces(WideTraces)) u_lane (
        .clk_i,
        .w_i    (lane_entry[l*EntryW +: WeightBits]),
        .trace_i(lane_trace[LTW*l +: LTW]),
        .amp_i  (pass_col ? a_plus_i : a_minus_i),
        .dec_i  (!pass_col),
        .rand_i (rand_l),
        .shift_i,
        .soft_i,
        .wide_i,
        .mask_i (mask_q),
        .w_min_i,
        .w_max_i,
        .norm_i,
        .norm_delta_i,
        .w_o    (new_w[l*WeightBits +: WeightBits])
      );
    end
    assign ws = d7_q;
    assign wflag = flag7_q;
    assign idle_o = !(d1_q.valid || d2_q.valid || d3_q.valid || d4_q.valid || d5_q.valid ||
                      d6_q.valid || d7_q.valid);
    assign d8_q = '0;
    logic unused_full;
    assign unused_full = ^d8_q;

  end else begin : g_shared
    logic [S-1:0] flag8_q;
    // The second half's lane inputs, one cycle late.
    logic [D*EntryW-1:0] late_entry_q;
    logic [D*LTW-1:0] late_trace_q;
    // Which half each unit works on, per stage: 1 = second half.
    logic slot0, slot1_q, slot2_q, slot3_q, slot4_q, slot5_q, slot6_q;
    logic [D*WeightBits-1:0] res_q;  // first-half results, waiting for the second half

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) d8_q <= '0;
      else d8_q <= d7_q;
    end
    always_ff @(posedge clk_i) begin
      flag8_q <= flag7_q;
      late_entry_q <= lane_entry[S*EntryW-1 -: D*EntryW];
      late_trace_q <= lane_trace[S*LTW-1 -: D*LTW];
      slot1_q <= slot0;
      slot2_q <= slot1_q;
      slot3_q <= slot2_q;
      slot4_q <= slot3_q;
      slot5_q <= slot4_q;
      slot6_q <= slot5_q;
    end
    // First-half keys at cycle 1, second-half keys at cycle 2; RMW ops are
    // two cycles apart, so the two never meet.
    assign slot0 = d2_q.valid;

    for (genvar u = 0; u < D; u++) begin : g_unit
      logic [RandBits-1:0] rand_u;
      logic [WeightBits-1:0] w_u;
      syn_hash #(.RandBits(RandBits)) u_hash (
        .clk_i, .a0_i(hash_a0_i), .b0_i(hash_b0_i),
        .key_i (slot0 ? lane_key(d2_q.col, d2_q.axon, d2_q.row, d2_q.c, d2_q.rot, u + D)
                       : lane_key(d1_q.col, d1_q.axon, d1_q.row, d1_q.c, d1_q.rot, u)),
        .rand_o(rand_u)
      );
      syn_stdp_lane #(.WeightBits(WeightBits), .SoftBound(SoftBound), .WeightNorm(WeightNorm),
                      .WideTraces(WideTraces)) u_lane (
        .clk_i,
        .w_i    (slot3_q ? late_entry_q[u*EntryW +: WeightBits]
                         : lane_entry[u*EntryW +: WeightBits]),
        .trace_i(slot3_q ? late_trace_q[LTW*u +: LTW] : lane_trace[LTW*u +: LTW]),
        .amp_i  (pass_col ? a_plus_i : a_minus_i),
        .dec_i  (!pass_col),
        .rand_i (rand_u),
        .shift_i,
        .soft_i,
        .wide_i,
        .mask_i (mask_q),
        .w_min_i,
        .w_max_i,
        .norm_i,
        .norm_delta_i,
        .w_o    (w_u)
      );
      // First half: ready at op + 7, kept; second half: ready at op + 8,
      // the write cycle, taken straight from the lane.
      always_ff @(posedge clk_i) begin
        if (!slot6_q) res_q[u*WeightBits +: WeightBits] <= w_u;
      end
      assign new_w[u*WeightBits +: WeightBits] = res_q[u*WeightBits +: WeightBits];
      assign new_w[(u + D)*WeightBits +: WeightBits] = w_u;
    end
    assign ws = d8_q;
    assign wflag = flag8_q;
    assign idle_o = !(d1_q.valid || d2_q.valid || d3_q.valid || d4_q.valid || d5_q.valid ||
                      d6_q.valid || d7_q.valid || d8_q.valid);
    logic unused_shared;
    assign unused_shared = ^{slot2_q, late_entry_q};
  end

  for (genvar l = 0; l < S; l++) begin : g_wen
    assign wen[l] = ws.valid && ws.wr && !ws.dummy && wflag[l];
  end

  // Write addresses: an op's row and column fields travel from the read
  // stage (3) to the write stage in a block RAM used as a delay line (a
  // free-running pointer; written at 3, read back WrDelay cycles later):
  // a flip-flop pipeline for them would cost a logic cell per bit and
  // stage on the iCE40. The fields fit BankAW bits: a column op's row is
  // a group r < (N+M)/S, so its rotation takes the top LaneW row bits; a
  // gather op's rotation is its row mod S.
  localparam int unsigned WrDelay = Share == 2 ? 5 : 4;
  logic [2:0] dl_ptr_q, dl_rptr;
  logic [RowW-1:0] d3_rowf, ws_rowf, ws_row;
  logic [CW-1:0] ws_c;
  logic [LaneW-1:0] ws_rot;
  assign d3_rowf = d3_q.col ? RowW'({d3_q.rot, d3_q.row[RowW-LaneW-1:0]}) : d3_q.row;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) dl_ptr_q <= '0;
    else dl_ptr_q <= dl_ptr_q + 3'd1;
  end
  assign dl_rptr = dl_ptr_q - 3'(WrDelay - 1);
  syn_ram #(.Width(BankAW), .Depth(256)) u_wdelay (
    .clk_i,
    .re_i   (1'b1),
    .raddr_i(8'(dl_rptr)),
    .rdata_o({ws_rowf, ws_c}),
    .we_i   (1'b1),
    .waddr_i(8'(dl_ptr_q)),
    .wdata_i({d3_rowf, d3_q.c}),
    .wmask_i('1)
  );
  assign ws_rot = ws.col ? ws_rowf[RowW-1 -: LaneW] : ws_rowf[LaneW-1:0];
  assign ws_row = ws.col ? RowW'(ws_rowf[RowW-LaneW-1:0]) : ws_rowf;

  // Write stage: bank b takes lane (b - rot) mod S.
  for (genvar b = 0; b < S; b++) begin : g_bank_wr
    logic [LaneW-1:0] lane;
    assign lane = LaneW'(b) - ws_rot;
    assign bank_we_o[b] = wen[lane];
    assign bank_waddr_o[b*BankAW +: BankAW] = bank_addr(ws.col, ws_row, ws_c, ws_rot, LaneW'(b));
    if (PlasticPerSynapse) begin : g_wflag
      assign bank_wdata_o[b*EntryW +: EntryW] = {wflag[lane], new_w[lane*WeightBits +: WeightBits]};
    end else begin : g_wnoflag
      assign bank_wdata_o[b*EntryW +: EntryW] = new_w[lane*WeightBits +: WeightBits];
    end
  end

  // Fields the datapath does not use.
  logic unused;
  assign unused = ^{npre_rdata_i, apre_rdata_i, d5_q, d4_q.wr, d3_q.wr, flag_rdata_i, d4_p_lane,
                    ws.first, ws.last, ws.axon, ws.row, ws.c, ws.rot};

endmodule
