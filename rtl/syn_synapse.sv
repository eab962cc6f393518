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
// op_key_i is the synapse key of lane 0; lane l adds l to the post field
// (gather) or to the pre field (column).
//
// Timing (cycle of the op = 0): hash from 0, memory reads at 2, data and
// accumulation at 3, rounding at 4, weight writes at 5. Read at 2 and write
// at 5 are an odd distance apart, so an issuer that issues only on even
// cycles never reads and writes a single-port bank in the same cycle.
// The datapath never stalls; handoff_ready_o says a last row may be issued
// (the FIFO has room for it and every last row in flight).
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
  localparam int unsigned S = SynLanes,
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
  localparam int unsigned HandoffW = S * (RecW + InW + 8)
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
  input  logic [31:0]                   op_key_i,
  output logic                          handoff_ready_o,
  output logic                          idle_o,
  // Hand-off FIFO to syn_neuron: lane l sums and post trace of one group.
  output logic                          ho_valid_o,
  input  logic                          ho_pop_i,
  output logic [S-1:0][RecW-1:0]        ho_rec_o,
  output logic [S-1:0][InW-1:0]         ho_in_o,
  output logic [S-1:0][7:0]             ho_y_o,
  // Registers.
  input  logic [7:0]                    a_plus_i,
  input  logic [7:0]                    a_minus_i,
  input  logic [3:0]                    shift_i,
  input  logic signed [7:0]             w_min_i,
  input  logic signed [7:0]             w_max_i,
  input  logic [31:0]                   hash_a0_i,
  input  logic [31:0]                   hash_b0_i,
  // Weight banks.
  output logic [S-1:0]                  bank_re_o,
  output logic [S-1:0][BankAW-1:0]      bank_raddr_o,
  input  logic [S-1:0][EntryW-1:0]      bank_rdata_i,
  output logic [S-1:0]                  bank_we_o,
  output logic [S-1:0][BankAW-1:0]      bank_waddr_o,
  output logic [S-1:0][EntryW-1:0]      bank_wdata_o,
  // Trace and flag RAMs (read only here).
  output logic                          tpost_re_o,
  output logic [NGroupW-1:0]            tpost_raddr_o,
  input  logic [S*8-1:0]                tpost_rdata_i,
  output logic                          npre_re_o,
  output logic [NGroupW-1:0]            npre_raddr_o,
  input  logic [S*9-1:0]                npre_rdata_i,
  output logic                          apre_re_o,
  output logic [AGroupW-1:0]            apre_raddr_o,
  input  logic [S*9-1:0]                apre_rdata_i,
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
  op_t d1_q, d2_q, d3_q, d4_q, d5_q;

  assign op_in = '{valid: op_valid_i, col: op_col_i, dummy: op_dummy_i, wr: op_wr_i,
                   axon: op_axon_i, first: op_first_i, last: op_last_i, row: op_row_i,
                   c: op_c_i, rot: op_rot_i};

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

  assign idle_o = !(d1_q.valid || d2_q.valid || d3_q.valid || d4_q.valid || d5_q.valid);

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
    return {row, c};
  endfunction

  // Reads at cycle 2.
  for (genvar b = 0; b < S; b++) begin : g_bank_rd
    assign bank_re_o[b] = d2_q.valid && !d2_q.dummy;
    assign bank_raddr_o[b] = bank_addr(d2_q.col, d2_q.row, d2_q.c, d2_q.rot, LaneW'(b));
  end

  localparam int unsigned NGroups = NumNeurons / S;
  logic d2_npre, d2_apre;
  assign d2_npre = d2_q.valid && d2_q.col && !d2_q.axon;
  assign d2_apre = d2_q.valid && d2_q.col && d2_q.axon;
  assign tpost_re_o = d2_q.valid && !d2_q.col;
  assign tpost_raddr_o = NGroupW'(d2_q.c);
  assign npre_re_o = d2_npre;
  assign npre_raddr_o = NGroupW'(d2_q.row);
  assign apre_re_o = d2_apre;
  assign apre_raddr_o = AGroupW'(d2_q.row - RowW'(NGroups));
  // Per-row flags: gather reads row p's word, column reads word r.
  assign flag_re_o = !PlasticPerSynapse && d2_q.valid && !d2_q.dummy;
  assign flag_raddr_o = d2_q.col ? FGroupW'(d2_q.row) : FGroupW'(d2_q.row >> LaneW);

  // ---------------------------------------------------------------------------
  // Cycle 3: data into lanes, accumulation.
  // ---------------------------------------------------------------------------
  logic [S-1:0][EntryW-1:0] lane_entry;
  logic [S-1:0] lane_flag;
  logic [S-1:0][7:0] lane_trace;
  logic [LaneW-1:0] d3_p_lane;
  assign d3_p_lane = d3_q.row[LaneW-1:0];

  for (genvar l = 0; l < S; l++) begin : g_lane_in
    logic [LaneW-1:0] src;
    assign src = LaneW'(l) + d3_q.rot;
    assign lane_entry[l] = bank_rdata_i[src];
    if (PlasticPerSynapse) begin : g_flag_syn
      assign lane_flag[l] = lane_entry[l][WeightBits];
    end else begin : g_flag_row
      assign lane_flag[l] = d3_q.col ? flag_rdata_i[l] : flag_rdata_i[d3_p_lane];
    end
    always_comb begin
      if (!d3_q.col) lane_trace[l] = tpost_rdata_i[8*l +: 8];
      else if (d3_q.axon) lane_trace[l] = apre_rdata_i[9*l +: 8];
      else lane_trace[l] = npre_rdata_i[9*l +: 8];
    end
  end

  // Accumulators of the gather: recurrent and input sums per lane, kept
  // apart so the weight exponents apply once per neuron (syn_neuron).
  logic [S-1:0][RecW-1:0] rec_q, rec_d;
  logic [S-1:0][InW-1:0] in_q, in_d;
  logic acc_add;
  assign acc_add = d3_q.valid && !d3_q.col && !d3_q.dummy;

  for (genvar l = 0; l < S; l++) begin : g_acc
    logic signed [WeightBits-1:0] w;
    logic [RecW-1:0] rec_base;
    logic [InW-1:0] in_base;
    assign w = lane_entry[l][WeightBits-1:0];
    assign rec_base = d3_q.first ? '0 : rec_q[l];
    assign in_base = d3_q.first ? '0 : in_q[l];
    assign rec_d[l] = rec_base + ((acc_add && !d3_q.axon) ? RecW'(w) : '0);
    assign in_d[l] = in_base + ((acc_add && d3_q.axon) ? InW'(w) : '0);
  end

  always_ff @(posedge clk_i) begin
    if (d3_q.valid && !d3_q.col) begin
      rec_q <= rec_d;
      in_q <= in_d;
    end
  end

  // Hand-off FIFO: two groups, so the gather runs one group ahead.
  logic [1:0] ho_level;
  logic [1:0] inflight_last;
  logic ho_push;
  assign ho_push = d3_q.valid && !d3_q.col && d3_q.last;
  assign inflight_last = 2'(d1_q.valid && d1_q.last && !d1_q.col) +
                         2'(d2_q.valid && d2_q.last && !d2_q.col) +
                         2'(d3_q.valid && d3_q.last && !d3_q.col);
  assign handoff_ready_o = 3'(ho_level) + 3'(inflight_last) < 3'd2;

  logic ho_in_ready;
  logic [HandoffW-1:0] ho_in_data, ho_out_data;
  assign ho_in_data = {in_d, rec_d, tpost_rdata_i};
  assign {ho_in_o, ho_rec_o, ho_y_o} = ho_out_data;

  syn_fifo #(.Width(HandoffW), .Depth(2)) u_handoff (
    .clk_i, .rst_ni,
    .in_valid_i (ho_push),
    .in_ready_o (ho_in_ready),
    .in_data_i  (ho_in_data),
    .out_valid_o(ho_valid_o),
    .out_ready_i(ho_pop_i),
    .out_data_o (ho_out_data),
    .level_o    (ho_level)
  );

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (ho_push) assert (ho_in_ready) else $error("syn_synapse: hand-off overflow");
  end
`endif

  // ---------------------------------------------------------------------------
  // Hash (from cycle 0) and STDP lanes (cycles 3 and 4).
  // ---------------------------------------------------------------------------
  logic [S-1:0][WeightBits-1:0] new_w;
  logic [S-1:0] flag_q, wen_q;
  for (genvar l = 0; l < S; l++) begin : g_stdp
    logic [31:0] key;
    logic [14:0] rand_l;
    assign key = op_col_i ? op_key_i | (32'(l) << 16) : op_key_i | 32'(l);
    syn_hash u_hash (
      .clk_i, .a0_i(hash_a0_i), .b0_i(hash_b0_i), .key_i(key), .rand_o(rand_l)
    );
    syn_stdp_lane #(.WeightBits(WeightBits)) u_lane (
      .clk_i,
      .w_i    (lane_entry[l][WeightBits-1:0]),
      .trace_i(lane_trace[l]),
      .amp_i  (d3_q.col ? a_plus_i : a_minus_i),
      .rand_i (rand_l),
      .shift_i,
      .dec_i  (!d4_q.col),
      .w_min_i,
      .w_max_i,
      .w_o    (new_w[l])
    );
  end

  // The flag and the write decision travel with the lane (cycle 3 -> 4 -> 5).
  logic [S-1:0] flag_d4;
  always_ff @(posedge clk_i) begin
    flag_d4 <= lane_flag;
    flag_q <= flag_d4;
    for (int unsigned l = 0; l < S; l++) begin
      wen_q[l] <= d4_q.valid && d4_q.wr && !d4_q.dummy && flag_d4[l];
    end
  end

  // Cycle 5: bank b takes lane (b - rot) mod S.
  for (genvar b = 0; b < S; b++) begin : g_bank_wr
    logic [LaneW-1:0] lane;
    assign lane = LaneW'(b) - d5_q.rot;
    assign bank_we_o[b] = wen_q[lane];
    assign bank_waddr_o[b] = bank_addr(d5_q.col, d5_q.row, d5_q.c, d5_q.rot, LaneW'(b));
    if (PlasticPerSynapse) begin : g_wflag
      assign bank_wdata_o[b] = {flag_q[lane], new_w[lane]};
    end else begin : g_wnoflag
      assign bank_wdata_o[b] = new_w[lane];
    end
  end

  // Fields the datapath does not use.
  logic unused;
  assign unused = ^{npre_rdata_i, apre_rdata_i, d5_q.valid, d5_q.dummy, d5_q.wr, d5_q.axon,
                    d5_q.first, d5_q.last, d4_q.first, d4_q.last, d4_q.axon, d4_q.rot,
                    d4_q.row, d4_q.c, d3_q.wr, flag_q, flag_rdata_i, d3_p_lane};

endmodule
