// syn_ctrl: the control port of the core (docs/rtl.md, "Control port"):
// command decode, the registers, host reads and writes of every RAM, the
// pending and axon lists, OpClear, and the step sequencer that starts the
// engines of syn_core and waits for them.
//
// Commands are accepted while idle (cmd_ready_o) and no read is in flight,
// at most every other cycle. An accepted command's op and address are
// registered and it executes in the next cycle (so nothing of the
// requester's decoding reaches a RAM pin in the same cycle); its data is
// read from cmd_data_i in that cycle, so the requester holds cmd_data_i
// for the cycle after the accept (syn_link_bridge's data register does:
// it changes only once the next word comes). Not keeping a copy saves 32
// flip-flops, a logic cell each on the iCE40. A read drives the RAM then,
// the cycle after formats the word into the response register (valid 3
// cycles after accept), and the next command is taken once the response
// has been taken.
// One read every 3 cycles is far above any serial line rate and saves the
// response queue on the iCE40. The registers only the host writes are
// read from a ring of flip-flops that turns once around (RingLen cycles)
// instead of through a multiplexer input per register and bit.
// cmd_ready_o depends only on state.
// OpStep and OpClear make the core busy; cmd_ready_o stays low until they
// finish.
//
// Host RAM ports (h_*) are only active while idle or clearing; syn_core
// gives the engines the RAMs while a step runs.
//
// With AxonDelays (docs/rtl.md, "Axonal delays") the pending and axon lists
// are syn_delay's arrival lists of step t: OpAxon and OpPend append there
// (d_app_*), the list regions and counts read there, and an OpStep first
// spends the Mark state letting syn_delay set the pending and queued bits
// of the events arriving now.
`default_nettype none

module syn_ctrl #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M (multiple of SynLanes).
  parameter int unsigned NumInputs = 8,
  // Stored weight width.
  parameter int unsigned WeightBits = 8,
  // Lanes S.
  parameter int unsigned SynLanes = 4,
  // 1: plastic flag per synapse.
  parameter bit PlasticPerSynapse = 1'b1,
  // Weight RAM kind (syn_pkg::WramXxx), reported in RegConfig.
  parameter int unsigned WeightRam = syn_pkg::WramDual,
  // Optional learning features (RegRule; both 0: RegRule is a bad address).
  parameter bit SoftBound = 1'b0,
  parameter bit AdaptInterval = 1'b0,
  // Weight normalisation (RegNorm, RegNormTarget; 0: bad addresses, no Norm phase).
  parameter bit WeightNorm = 1'b0,
  // Axonal delays (syn_delay; Regions 0x07..0x09, the Mark state; 0: none of it).
  parameter bit AxonDelays = 1'b0,
  // 24-bit STDP traces (RegRule bit; 0: 8-bit trace RAM fields only).
  parameter bit WideTraces = 1'b0,
  localparam int unsigned TW = WideTraces ? 24 : 8,  // trace field width
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned AW = $clog2(NumInputs),
  localparam int unsigned RowW = $clog2(NumNeurons + NumInputs),
  localparam int unsigned CW = $clog2(NumNeurons / S),
  localparam int unsigned BankAW = RowW + CW,
  localparam int unsigned EntryW = WeightBits + (PlasticPerSynapse ? 1 : 0),
  localparam int unsigned NGroupW = $clog2(NumNeurons / S),
  localparam int unsigned AGroupW = NumInputs / S > 1 ? $clog2(NumInputs / S) : 1,
  localparam int unsigned FGroupW = $clog2((NumNeurons + NumInputs) / S),
  localparam int unsigned PW = syn_pkg::ParamWordBits,
  localparam int unsigned SW = syn_pkg::StateWordBits,
  localparam int unsigned SlotW = NW > AW ? NW : AW
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  // Control port.
  input  logic                     cmd_valid_i,
  output logic                     cmd_ready_o,
  input  logic [2:0]               cmd_op_i,
  input  logic [31:0]              cmd_addr_i,
  input  logic [31:0]              cmd_data_i,
  output logic                     rsp_valid_o,
  input  logic                     rsp_ready_i,
  output logic [31:0]              rsp_data_o,
  output logic                     busy_o,
  output logic [syn_pkg::StatusBits-1:0] status_o,
  // Registers for the engines.
  output logic                     learn_o,
  output logic [3:0]               exp_rec_o,
  output logic [3:0]               exp_in_o,
  output logic [7:0]               a_plus_o,
  output logic [7:0]               a_minus_o,
  output logic [3:0]               shift_o,
  output logic [7:0]               inc_pre_o,
  output logic [7:0]               inc_post_o,
  output logic [11:0]              decay_pre_o,
  output logic [11:0]              decay_post_o,
  output logic signed [7:0]        w_min_o,
  output logic signed [7:0]        w_max_o,
  output logic                     soft_o,          // RegRule: soft-bound STDP
  output logic [3:0]               adapt_log2_o,    // RegRule: adaptation decay interval
  output logic                     wide_o,          // RegRule: 24-bit traces
  output logic [3:0]               norm_shift_o,    // RegNorm: delta = (target - sum) / 2^shift
  output logic signed [23:0]       norm_target_o,   // RegNormTarget
  output logic [31:0]              hash_a0_o,
  output logic [31:0]              hash_b0_o,
  output logic [31:0]              step_o,
  output logic                     cur_o,
  output logic [NW:0]              pend_count_o,
  output logic [AW:0]              axon_count_o,
  // Engine sequencing.
  output logic                     eng_o,        // a step owns the RAMs
  output logic                     col_phase_o,  // the potentiation pass runs
  output logic                     step_start_o,
  output logic                     col_start_o,
  output logic                     norm_phase_o,  // the normalisation pass runs (model phase 5)
  output logic                     norm_start_o,
  input  logic                     norm_done_i,
  input  logic                     gather_done_i,
  input  logic                     synapse_idle_i,
  input  logic                     neuron_done_i,
  input  logic                     axon_done_i,
  input  logic                     column_done_i,
  input  logic [NW:0]              spikes_i,
  input  logic                     fire_i,       // a neuron of this step fires...
  input  logic [NW-1:0]            fire_idx_i,   // ...this one
  output logic                     eos_push_o,
  input  logic                     spk_in_ready_i,
  input  logic                     spk_empty_i,
  // Host RAM ports.
  output logic                     h_param_re_o,
  output logic                     h_param_we_o,
  output logic [NW-1:0]            h_param_addr_o,
  output logic [PW-1:0]            h_param_wdata_o,
  output logic [PW-1:0]            h_param_wmask_o,
  input  logic [PW-1:0]            param_rdata_i,
  output logic                     h_state_re_o,
  output logic                     h_state_we_o,
  output logic [NW-1:0]            h_state_addr_o,
  output logic [SW-1:0]            h_state_wdata_o,
  output logic [SW-1:0]            h_state_wmask_o,
  input  logic [SW-1:0]            state_rdata_i,
  output logic                     h_npre_re_o,
  output logic                     h_npre_we_o,
  output logic [NGroupW-1:0]       h_npre_addr_o,
  output logic [TW:0]              h_npre_wval_o,    // lane value, written to...
  output logic [S-1:0]             h_npre_wlanes_o,  // ...these lanes...
  output logic [TW:0]              h_npre_wbits_o,   // ...in these bits of each lane
  input  logic [S*(TW+1)-1:0]      npre_rdata_i,
  output logic                     h_tpost_re_o,
  output logic                     h_tpost_we_o,
  output logic [NGroupW-1:0]       h_tpost_addr_o,
  output logic [TW-1:0]            h_tpost_wval_o,
  output logic [S-1:0]             h_tpost_wlanes_o,
  input  logic [S*TW-1:0]          tpost_rdata_i,
  output logic                     h_apre_re_o,
  output logic                     h_apre_we_o,
  output logic [AGroupW-1:0]       h_apre_addr_o,
  output logic [TW:0]              h_apre_wval_o,
  output logic [S-1:0]             h_apre_wlanes_o,
  output logic [TW:0]              h_apre_wbits_o,
  input  logic [S*(TW+1)-1:0]      apre_rdata_i,
  output logic                     h_flag_re_o,
  output logic                     h_flag_we_o,
  output logic [FGroupW-1:0]       h_flag_addr_o,
  output logic [S-1:0]             h_flag_wdata_o,
  output logic [S-1:0]             h_flag_wmask_o,
  input  logic [S-1:0]             flag_rdata_i,
  output logic                     h_flist_re_o,
  output logic                     h_flist_we_o,
  output logic [NW:0]              h_flist_addr_o,
  output logic [NW-1:0]            h_flist_wdata_o,
  input  logic [NW-1:0]            flist_rdata_i,
  output logic                     h_alist_re_o,
  output logic                     h_alist_we_o,
  output logic [AW-1:0]            h_alist_addr_o,
  output logic [AW-1:0]            h_alist_wdata_o,
  input  logic [AW-1:0]            alist_rdata_i,
  output logic [S-1:0]             h_bank_re_o,
  output logic [S-1:0]             h_bank_we_o,
  output logic [BankAW-1:0]        h_bank_addr_o,
  output logic [EntryW-1:0]        h_bank_wdata_o,
  input  logic [S*EntryW-1:0]      bank_rdata_i,
  // Axonal delays (syn_delay; unused without AxonDelays).
  output logic                     mark_o,          // Mark: the walker marks slot t's arrivals
  output logic                     mark_start_o,
  input  logic                     mark_done_i,
  output logic                     finish_o,        // the step ends: slot t empties
  output logic                     d_dly_re_o,
  output logic [RowW-1:0]          d_dly_raddr_o,
  input  logic [3:0]               d_dly_rdata_i,
  output logic                     d_dly_we_o,
  output logic [RowW-1:0]          d_dly_waddr_o,
  output logic [3:0]               d_dly_wdata_o,
  output logic                     d_app_we_o,
  output logic                     d_app_axon_o,
  output logic                     d_app_by_delay_o,
  output logic [3:0]               d_app_k_o,
  output logic [SlotW-1:0]         d_app_idx_o,
  output logic                     d_lr_re_o,
  output logic                     d_lr_axon_o,
  output logic [3:0]               d_lr_k_o,
  output logic [SlotW-1:0]         d_lr_e_o,
  input  logic [NW-1:0]            d_n_rdata_i,
  input  logic [AW-1:0]            d_a_rdata_i,
  output logic                     d_cq_axon_o,
  output logic [3:0]               d_cq_k_o,
  input  logic [SlotW:0]           d_cq_count_i,
  input  logic [NW:0]              d_fcount_i,
  input  logic [AW:0]              d_acount_i
);

  // ---------------------------------------------------------------------------
  // Sequencer states
  // ---------------------------------------------------------------------------
  typedef enum logic [2:0] {
    Idle,   // accepts commands
    Step,   // gather, neuron pass and axon traces run; waits for all to finish
    Eos,    // pushes the end-of-step word into the spike FIFO
    Column, // potentiation pass; waits for it and the synapse pipeline
    Drain,  // waits until the consumer has taken every spike word
    Clear,  // zeroes the state RAMs, one word of each per cycle
    // Last, so that the other states keep their codes on a core without them.
    Norm,   // weight normalisation pass (WeightNorm); waits for it and the pipeline
    Mark    // before Step (AxonDelays): syn_delay marks the events arriving now
  } seq_e;

  seq_e seq_q, seq_d;
  logic start_q, col_start_q, norm_start_q, mark_start_q;
  // OpClear writes every address of every RAM it clears, counting in the
  // command register's slot field (below) from 0 to max(N, M) - 1.
  localparam int unsigned ClearLen = NumNeurons > NumInputs ? NumNeurons : NumInputs;
  logic [31:0] cycles_q;

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  logic [31:0] step_q;
  logic cur_q;
  logic [NW:0] pend_count_q;
  logic [NW-1:0] pend_last_q;
  logic [AW:0] axon_count_q;
  logic [AW-1:0] axon_last_q;
  logic [syn_pkg::StatusBits-1:1] err_q;

  // RegRule (the optional learning features): only the bits of the
  // features built in exist; without either, the register is a bad address
  // and no logic is left.
  localparam int unsigned NumRegs = (SoftBound || AdaptInterval || WideTraces) ? syn_pkg::NumRegs
                                                                               : syn_pkg::NumRegs - 1;
  localparam logic [31:0] RuleMask =
      (SoftBound ? 32'(1) << syn_pkg::RuleSoftBoundBit : 32'h0) |
      (AdaptInterval ? 32'hF << syn_pkg::RuleAdaptLog2Lsb : 32'h0) |
      (WideTraces ? 32'(1) << syn_pkg::RuleWideTracesBit : 32'h0);
  logic [31:0] rule_q;
  assign soft_o = rule_q[syn_pkg::RuleSoftBoundBit];
  assign adapt_log2_o = rule_q[syn_pkg::RuleAdaptLog2Lsb +: 4];
  assign wide_o = rule_q[syn_pkg::RuleWideTracesBit];

  // RegNorm and RegNormTarget (weight normalisation): registers of their
  // own, so that a core without the feature keeps none of their logic. The
  // pass runs in steps t whose low interval_log2 bits are 0, with RegLearn.
  localparam logic [31:0] NormMask = WeightNorm ?
      (32'hF << syn_pkg::NormShiftLsb) | (32'hF << syn_pkg::NormIntervalLog2Lsb) |
      (32'(1) << syn_pkg::NormEnableBit) : 32'h0;
  logic [31:0] norm_q;
  logic [23:0] norm_target_q;
  logic norm_due;
  logic [3:0] norm_log2;
  assign norm_shift_o = norm_q[syn_pkg::NormShiftLsb +: 4];
  assign norm_target_o = norm_target_q;
  assign norm_log2 = norm_q[syn_pkg::NormIntervalLog2Lsb +: 4];

  // The registers that only the host writes (RegSeed .. RegWMax) are one
  // ring of flip-flops. A host read of one of them rotates the ring once
  // around (RingLen cycles, only while idle, so the engines never see it
  // move) and takes the register when it passes bit 0: the response then
  // needs one 32-bit source for all of them instead of a multiplexer input
  // per register and bit. Each ring bit is one logic cell as before (its
  // write/rotate multiplexer fits the LUT in front of the flip-flop).
  localparam int unsigned RingSeed = 0;            // 32 bits
  localparam int unsigned RingLearn = 32;          // 1
  localparam int unsigned RingExpRec = 33;         // 4
  localparam int unsigned RingExpIn = 37;          // 4
  localparam int unsigned RingAPlus = 41;          // 8
  localparam int unsigned RingAMinus = 49;         // 8
  localparam int unsigned RingShift = 57;          // 4
  localparam int unsigned RingIncPre = 61;         // 8
  localparam int unsigned RingIncPost = 69;        // 8
  localparam int unsigned RingDecayPre = 77;       // 12
  localparam int unsigned RingDecayPost = 89;      // 12
  localparam int unsigned RingWMin = 101;          // 8
  localparam int unsigned RingWMax = 109;          // 8
  localparam int unsigned RingLen = 117;
  localparam int unsigned RingCntW = $clog2(RingLen);
  localparam logic [RingLen-1:0] RingReset =
      (RingLen'(8'h80) << RingWMin) | (RingLen'(8'h7F) << RingWMax);
  logic [RingLen-1:0] ring_q;

  assign learn_o = ring_q[RingLearn];
  assign exp_rec_o = ring_q[RingExpRec +: 4];
  assign exp_in_o = ring_q[RingExpIn +: 4];
  assign a_plus_o = ring_q[RingAPlus +: 8];
  assign a_minus_o = ring_q[RingAMinus +: 8];
  assign shift_o = ring_q[RingShift +: 4];
  assign inc_pre_o = ring_q[RingIncPre +: 8];
  assign inc_post_o = ring_q[RingIncPost +: 8];
  assign decay_pre_o = ring_q[RingDecayPre +: 12];
  assign decay_post_o = ring_q[RingDecayPost +: 12];
  assign w_min_o = ring_q[RingWMin +: 8];
  assign w_max_o = ring_q[RingWMax +: 8];
  assign hash_a0_o = ring_q[RingSeed +: 32] ^ syn_pkg::HashK0;
  assign hash_b0_o = step_q ^ syn_pkg::HashK1;
  assign step_o = step_q;
  assign cur_o = cur_q;
  // With delays the gather takes slot t of syn_delay's rings instead.
  assign pend_count_o = AxonDelays ? d_fcount_i : pend_count_q;
  assign axon_count_o = AxonDelays ? d_acount_i : axon_count_q;

  // ---------------------------------------------------------------------------
  // Command acceptance
  // ---------------------------------------------------------------------------
  logic rd_pending_q, rsp_valid_q, ring_busy_q;
  logic accept;

  // The command register: the command executed this cycle (x_*), its data
  // still on cmd_data_i (x_data).
  logic x_valid_q;
  logic [2:0] x_op_q;
  logic [31:0] x_addr_q, x_data;
  assign x_data = cmd_data_i;
  assign cmd_ready_o = seq_q == Idle && !x_valid_q && !rd_pending_q && !rsp_valid_q && !ring_busy_q;
  assign accept = cmd_valid_i && cmd_ready_o;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) x_valid_q <= 1'b0;
    else x_valid_q <= accept;
  end
  // The slot field of the command register, index bits [SlotW+2:3]: the
  // neuron of a parameter or state access as sent, and at accept also the
  // axon of an axon-trace access and the neuron or axon of OpPend/OpAxon;
  // OpClear zeroes it and the clear counts in it. Every host address of the
  // state and trace RAMs is then a fixed slice of the slot, with no
  // multiplexer per source (and no separate clear counter).
  logic clearing;
  logic [SlotW-1:0] slot;
  assign slot = x_addr_q[SlotW+2:3];
  always_ff @(posedge clk_i) begin
    if (accept) begin
      x_op_q <= cmd_op_i;
      x_addr_q <= cmd_addr_i;
      if (cmd_op_i == syn_pkg::OpClear) x_addr_q[SlotW+2:3] <= '0;
      else if (cmd_op_i == syn_pkg::OpPend || cmd_op_i == syn_pkg::OpAxon) begin
        x_addr_q[SlotW+2:3] <= SlotW'(cmd_data_i);
      end else if (cmd_addr_i[31:24] == syn_pkg::RegionAxonTrace) begin
        x_addr_q[SlotW+2:3] <= SlotW'(cmd_addr_i[23:0]);
      end
    end else if (clearing) begin
      x_addr_q[SlotW+2:3] <= slot + 1'b1;
    end
  end
  logic exec;  // the registered command executes now
  assign exec = x_valid_q;
  assign busy_o = seq_q != Idle;
  assign status_o = {err_q, busy_o};

  logic is_write, is_read;
  assign is_write = exec && x_op_q == syn_pkg::OpWrite;
  assign is_read = exec && x_op_q == syn_pkg::OpRead;


  // ---------------------------------------------------------------------------
  // Address decode
  // ---------------------------------------------------------------------------
  typedef enum logic [3:0] {
    TgtNone, TgtReg, TgtParam, TgtState, TgtNpreTrace, TgtNprePend, TgtTpost, TgtApre,
    TgtWeight, TgtPend, TgtAList, TgtArr, TgtArrCount, TgtDelay
  } tgt_e;

  logic [23:0] index;
  logic [2:0] field;
  logic [23:0] neuron24;
  logic [NW-1:0] j_n;         // neuron of a param/state index
  logic [LaneW-1:0] lane_n;
  tgt_e tgt, tgt_d, tgt_q;
  logic ro, ro_d, ro_q;       // the target is read only
  logic [7:0] in_region;
  logic [23:0] in_index, in_neuron24;

  assign index = x_addr_q[23:0];
  assign field = index[2:0];
  assign neuron24 = index >> 3;
  assign j_n = neuron24[NW-1:0];
  assign lane_n = j_n[LaneW-1:0];

  // Weight index = p * N + j.
  localparam int unsigned NumWeights = (NumNeurons + NumInputs) * NumNeurons;
  logic [RowW-1:0] w_p;
  logic [NW-1:0] w_j;
  logic [LaneW-1:0] w_bank;
  assign w_p = RowW'(index >> NW);
  assign w_j = index[NW-1:0];
  assign w_bank = w_p[LaneW-1:0] + w_j[LaneW-1:0];

  // The decode runs on the incoming address and is registered with the
  // command (its comparisons then never sit between the command register
  // and a RAM pin). Only the list-count checks wait for execution, since
  // an OpPend or OpAxon executing in the accept cycle changes the count.
  assign in_region = cmd_addr_i[31:24];
  assign in_index = cmd_addr_i[23:0];
  assign in_neuron24 = in_index >> 3;
  always_comb begin
    tgt_d = TgtNone;
    ro_d = 1'b0;
    unique case (in_region)
      syn_pkg::RegionReg: begin
        if (syn_pkg::lt_const(32'(in_index), 32'(NumRegs))) tgt_d = TgtReg;
        ro_d = syn_pkg::lt_const(32'(in_index), 32'(syn_pkg::RegConfig) + 32'd1) ||
               (!syn_pkg::lt_const(32'(in_index), 32'(syn_pkg::RegPendCount)) &&
                (NumRegs < syn_pkg::NumRegs ||
                 syn_pkg::lt_const(32'(in_index), 32'(syn_pkg::RegRule))));
        // RegNorm, RegNormTarget: read-write, beyond the contiguous block.
        if (WeightNorm && (in_index == 24'(syn_pkg::RegNorm) || in_index == 24'(syn_pkg::RegNormTarget))) begin
          tgt_d = TgtReg;
          ro_d = 1'b0;
        end
      end
      syn_pkg::RegionParam: if (syn_pkg::lt_const(32'(in_neuron24), 32'(NumNeurons))) tgt_d = TgtParam;
      syn_pkg::RegionState: begin
        if (syn_pkg::lt_const(32'(in_neuron24), 32'(NumNeurons))) begin
          unique case (in_index[2:0])
            3'd0, 3'd1, 3'd2, 3'd3: tgt_d = TgtState;
            syn_pkg::StateTracePre: tgt_d = TgtNpreTrace;
            syn_pkg::StateTracePost: tgt_d = TgtTpost;
            syn_pkg::StatePending: begin
              tgt_d = TgtNprePend;
              ro_d = 1'b1;
            end
            default: tgt_d = TgtNone;
          endcase
        end
      end
      syn_pkg::RegionAxonTrace: if (syn_pkg::lt_const(32'(in_index), 32'(NumInputs))) tgt_d = TgtApre;
      syn_pkg::RegionWeight: if (syn_pkg::lt_const(32'(in_index), 32'(NumWeights))) tgt_d = TgtWeight;
      syn_pkg::RegionPendList: begin
        tgt_d = TgtPend;
        ro_d = 1'b1;
      end
      syn_pkg::RegionAxonList: begin
        tgt_d = TgtAList;
        ro_d = 1'b1;
      end
      syn_pkg::RegionArrivals: begin
        if (AxonDelays && in_index[23:syn_pkg::ArrAxonBit+1] == '0) tgt_d = TgtArr;
        ro_d = 1'b1;
      end
      syn_pkg::RegionArrCounts: begin
        if (AxonDelays && in_index < 24'd32) tgt_d = TgtArrCount;
        ro_d = 1'b1;
      end
      syn_pkg::RegionDelays: begin
        if (AxonDelays && syn_pkg::lt_const(32'(in_index), 32'(NumNeurons + NumInputs))) begin
          tgt_d = TgtDelay;
        end
      end
      default: tgt_d = TgtNone;
    endcase
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      tgt_q <= tgt_d;
      ro_q <= ro_d;
    end
  end
  always_comb begin
    tgt = tgt_q;
    // Compared on the count's width (the high index bits only need an OR).
    if (tgt_q == TgtPend && (index[23:NW+1] != '0 || index[NW:0] >= pend_count_o)) tgt = TgtNone;
    if (tgt_q == TgtAList && (index[23:AW+1] != '0 || index[AW:0] >= axon_count_o)) tgt = TgtNone;
    if (AxonDelays && tgt_q == TgtArr && 32'(index[15:0]) >= 32'(d_cq_count_i)) tgt = TgtNone;
  end
  assign ro = ro_q;

  logic bad_addr;
  assign bad_addr = (is_write || is_read) && (tgt == TgtNone || (is_write && ro));

  // ---------------------------------------------------------------------------
  // Field placement in the parameter and state words: the data is wired to
  // every field position (no shifter); the write mask picks the field.
  // ---------------------------------------------------------------------------
  logic [23:0] src;  // what a state write stores: the command's data, or 0 to clear
  logic [PW-1:0] param_wdata, param_wmask;
  logic [SW-1:0] state_wdata, state_wmask;
  assign param_wdata = {x_data[22:0], x_data[7:0], x_data[23:0], x_data[23:0],
                        x_data[23:0], x_data[11:0], x_data[11:0], x_data[11:0]};
  assign param_wmask = {{23{field == syn_pkg::ParamAdaptStep}},
                        {8{field == syn_pkg::ParamRefractory}},
                        {24{field == syn_pkg::ParamVReset}}, {24{field == syn_pkg::ParamThreshold}},
                        {24{field == syn_pkg::ParamBias}}, {12{field == syn_pkg::ParamDecayAdapt}},
                        {12{field == syn_pkg::ParamDecayV}}, {12{field == syn_pkg::ParamDecayU}}};
  assign state_wdata = {src[7:0], src, src, src};
  assign state_wmask = clearing ? '1 :
                       {{8{field == syn_pkg::StateRefractory}}, {24{field == syn_pkg::StateAdapt}},
                        {24{field == syn_pkg::StateV}}, {24{field == syn_pkg::StateU}}};

  // ---------------------------------------------------------------------------
  // OpAxon / OpPend checks
  // ---------------------------------------------------------------------------
  logic is_axon, is_pend, axon_ok, pend_ok;
  logic [NW-1:0] data_n;
  logic [AW-1:0] data_a;
  assign data_n = NW'(x_data);
  assign data_a = AW'(x_data);
  assign is_axon = exec && x_op_q == syn_pkg::OpAxon;
  assign is_pend = exec && x_op_q == syn_pkg::OpPend;
  // The checks run on the incoming command and are registered with it. No
  // command executes in an accept cycle (cmd_ready_o is low while one
  // does), so the lists are as the last append left them.
  logic axon_ok_d, pend_ok_d;
  assign axon_ok_d = syn_pkg::lt_const(cmd_data_i, 32'(NumInputs)) &&
                     (axon_count_q == '0 || AW'(cmd_data_i) > axon_last_q);
  if (AxonDelays) begin : g_pend_ok_delays
    // OpPend appends to the list of slot t + k (neurons or axons, the
    // RegionArrivals fields), ascending within that list: count 0, or above
    // the last OpPend's index (the host restores a state list by list).
    logic [15:0] arr_last_q;
    always_ff @(posedge clk_i) begin
      if (is_pend && pend_ok) arr_last_q <= x_data[15:0];
    end
    assign pend_ok_d = cmd_data_i[31:syn_pkg::ArrAxonBit+1] == '0 &&
                       (cmd_data_i[syn_pkg::ArrAxonBit]
                            ? syn_pkg::lt_const(32'(cmd_data_i[15:0]), 32'(NumInputs))
                            : syn_pkg::lt_const(32'(cmd_data_i[15:0]), 32'(NumNeurons))) &&
                       (d_cq_count_i == '0 || cmd_data_i[15:0] > arr_last_q);
  end else begin : g_pend_ok
    assign pend_ok_d = syn_pkg::lt_const(cmd_data_i, 32'(NumNeurons)) &&
                       (pend_count_q == '0 || NW'(cmd_data_i) > pend_last_q);
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      axon_ok <= axon_ok_d;
      pend_ok <= pend_ok_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Host RAM ports
  // ---------------------------------------------------------------------------
  assign clearing = seq_q == Clear;
  assign src = clearing ? 24'd0 : x_data[23:0];
  // OpClear writes zero to every RAM it clears in every cycle of the clear:
  // the slot counts to max(N, M) and each address takes its low bits, so
  // a smaller RAM is just cleared again (no range compare per RAM).
  // The RAM ports follow the registered decode alone (tgt_q): the list
  // count checks only decide the response and the error bit, so their
  // comparators stay off the paths to the RAM pins. A list read beyond the
  // count reads a stale entry that is never returned.
  logic wr_ok, rd_ok;
  assign wr_ok = is_write && tgt_q != TgtNone && !ro_q;
  assign rd_ok = is_read && tgt_q != TgtNone;

  always_comb begin
    h_param_re_o = rd_ok && tgt_q == TgtParam;
    h_param_we_o = wr_ok && tgt_q == TgtParam;
    h_param_addr_o = j_n;
    h_param_wdata_o = param_wdata;
    h_param_wmask_o = param_wmask;

    h_state_re_o = rd_ok && tgt_q == TgtState;
    h_state_we_o = (wr_ok && tgt_q == TgtState) || clearing;
    h_state_addr_o = j_n;
    h_state_wdata_o = state_wdata;
    h_state_wmask_o = state_wmask;

    h_npre_re_o = rd_ok && (tgt_q == TgtNpreTrace || tgt_q == TgtNprePend);
    h_npre_we_o = (wr_ok && tgt_q == TgtNpreTrace) || (!AxonDelays && is_pend && pend_ok) ||
                  clearing;
    h_npre_addr_o = NGroupW'(j_n >> LaneW);
    // Clear: 0 in every bit; OpPend: 1 in the pending bit; write: the trace.
    h_npre_wval_o = {is_pend, src[TW-1:0]};
    h_npre_wlanes_o = clearing ? '1 : S'(1) << lane_n;
    h_npre_wbits_o = clearing ? '1 : is_pend ? (TW + 1)'(1) << TW : (TW + 1)'({TW{1'b1}});

    h_tpost_re_o = rd_ok && tgt_q == TgtTpost;
    h_tpost_we_o = (wr_ok && tgt_q == TgtTpost) || clearing;
    h_tpost_addr_o = NGroupW'(j_n >> LaneW);
    h_tpost_wval_o = src[TW-1:0];
    h_tpost_wlanes_o = clearing ? '1 : S'(1) << lane_n;

    h_apre_re_o = rd_ok && tgt_q == TgtApre;
    h_apre_we_o = (wr_ok && tgt_q == TgtApre) || (!AxonDelays && is_axon && axon_ok) ||
                  clearing;
    h_apre_addr_o = AGroupW'(slot[AW-1:0] >> LaneW);
    // Clear: 0 in every bit; OpAxon: 1 in the queued bit; write: the trace.
    h_apre_wval_o = {is_axon, src[TW-1:0]};
    h_apre_wlanes_o = clearing ? '1 : S'(1) << lane_n;
    h_apre_wbits_o = clearing ? '1 : is_axon ? (TW + 1)'(1) << TW : (TW + 1)'({TW{1'b1}});

    h_flag_re_o = !PlasticPerSynapse && rd_ok && tgt_q == TgtWeight;
    h_flag_we_o = !PlasticPerSynapse && wr_ok && tgt_q == TgtWeight;
    h_flag_addr_o = FGroupW'(w_p >> LaneW);
    h_flag_wdata_o = {S{x_data[syn_pkg::WeightFlagBit]}};
    h_flag_wmask_o = S'(1) << w_p[LaneW-1:0];

    h_flist_re_o = !AxonDelays && rd_ok && tgt_q == TgtPend;
    h_flist_we_o = !AxonDelays && is_pend && pend_ok;
    h_flist_addr_o = is_pend ? {cur_q, NW'(pend_count_q)} : {cur_q, NW'(index)};
    h_flist_wdata_o = data_n;

    h_alist_re_o = !AxonDelays && rd_ok && tgt_q == TgtAList;
    h_alist_we_o = !AxonDelays && is_axon && axon_ok;
    h_alist_addr_o = is_axon ? AW'(axon_count_q) : AW'(index);
    h_alist_wdata_o = data_a;

    for (int unsigned b = 0; b < S; b++) begin
      h_bank_re_o[b] = rd_ok && tgt_q == TgtWeight && w_bank == LaneW'(b);
      h_bank_we_o[b] = wr_ok && tgt_q == TgtWeight && w_bank == LaneW'(b);
    end
    h_bank_addr_o = {w_p, CW'(w_j >> LaneW)};
    if (PlasticPerSynapse) begin
      h_bank_wdata_o = EntryW'({x_data[syn_pkg::WeightFlagBit], x_data[WeightBits-1:0]});
    end else begin
      h_bank_wdata_o = EntryW'(x_data[WeightBits-1:0]);
    end
  end

  // ---------------------------------------------------------------------------
  // syn_delay's host side (AxonDelays): the delay RAM (read at accept for
  // OpAxon, whose slot depends on the axon's delay, or at execution for a
  // host read), appends, list reads, and the count lookup (at accept for
  // OpPend's check, else for the list-entry check and count reads).
  // ---------------------------------------------------------------------------
  // Without AxonDelays every output is a constant: nothing of it is
  // synthesised, and Verilator evaluates none of it (these follow the input
  // pins, which it evaluates twice per cycle).
  if (AxonDelays) begin : g_delay_port
    assign d_dly_re_o = (cmd_ready_o && cmd_valid_i && cmd_op_i == syn_pkg::OpAxon) ||
                        (rd_ok && tgt_q == TgtDelay);
    assign d_dly_raddr_o = cmd_ready_o ? RowW'(NumNeurons) + RowW'(cmd_data_i[AW-1:0])
                                       : RowW'(index);
    assign d_dly_we_o = wr_ok && tgt_q == TgtDelay;
    assign d_dly_waddr_o = RowW'(index);
    assign d_dly_wdata_o = x_data[3:0];
    assign d_app_we_o = (is_pend && pend_ok) || (is_axon && axon_ok);
    assign d_app_axon_o = is_axon || x_data[syn_pkg::ArrAxonBit];
    assign d_app_by_delay_o = is_axon;
    assign d_app_k_o = x_data[syn_pkg::ArrKLsb +: 4];
    assign d_app_idx_o = SlotW'(x_data);
    assign d_lr_re_o = rd_ok && (tgt_q == TgtArr || tgt_q == TgtPend || tgt_q == TgtAList);
    assign d_lr_axon_o = tgt_q == TgtAList || (tgt_q == TgtArr && index[syn_pkg::ArrAxonBit]);
    assign d_lr_k_o = tgt_q == TgtArr ? index[syn_pkg::ArrKLsb +: 4] : 4'd0;
    assign d_lr_e_o = SlotW'(index);
    always_comb begin
      if (cmd_ready_o) begin
        d_cq_axon_o = cmd_data_i[syn_pkg::ArrAxonBit];
        d_cq_k_o = cmd_data_i[syn_pkg::ArrKLsb +: 4];
      end else if (tgt_q == TgtArrCount) begin
        d_cq_axon_o = index[4];
        d_cq_k_o = index[3:0];
      end else begin
        d_cq_axon_o = index[syn_pkg::ArrAxonBit];
        d_cq_k_o = index[syn_pkg::ArrKLsb +: 4];
      end
    end
  end else begin : g_no_delay_port
    assign d_dly_re_o = 1'b0;
    assign d_dly_raddr_o = '0;
    assign d_dly_we_o = 1'b0;
    assign d_dly_waddr_o = '0;
    assign d_dly_wdata_o = '0;
    assign d_app_we_o = 1'b0;
    assign d_app_axon_o = 1'b0;
    assign d_app_by_delay_o = 1'b0;
    assign d_app_k_o = '0;
    assign d_app_idx_o = '0;
    assign d_lr_re_o = 1'b0;
    assign d_lr_axon_o = 1'b0;
    assign d_lr_k_o = '0;
    assign d_lr_e_o = '0;
    assign d_cq_axon_o = 1'b0;
    assign d_cq_k_o = '0;
    logic unused_delay_port;
    assign unused_delay_port = ^{d_dly_rdata_i, d_n_rdata_i, d_a_rdata_i, d_cq_count_i, d_fcount_i,
                                 d_acount_i, mark_done_i};
  end

  // ---------------------------------------------------------------------------
  // Read return: the cycle after execution, format the word into the
  // response register.
  // ---------------------------------------------------------------------------
  tgt_e rd_tgt_q;
  logic [2:0] rd_field_q;
  logic [LaneW-1:0] rd_lane_q, rd_bank_q, rd_prow_lane_q;
  logic [4:0] rd_index_q;      // register number of a register read
  logic [31:0] rd_data;

  // A read waits (rd_pending_q) until its word is formatted: the cycle
  // after execution, or for a ring register the cycle the register passes
  // bit 0 of the ring. The next command waits for the ring to be home.
  logic ring_hit, ring_rd_q, rd_fire;
  logic [RingCntW-1:0] ring_cnt_q, ring_off;
  assign ring_hit = tgt_q == TgtReg && !syn_pkg::lt_const(32'(index[4:0]), 32'(syn_pkg::RegSeed)) &&
                    syn_pkg::lt_const(32'(index[4:0]), 32'(syn_pkg::RegWMax) + 32'd1);
  assign rd_fire = rd_pending_q && (!ring_rd_q || ring_cnt_q == ring_off);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_pending_q <= 1'b0;
      rd_tgt_q <= TgtNone;
      ring_busy_q <= 1'b0;
      ring_cnt_q <= '0;
    end else begin
      if (is_read) rd_pending_q <= 1'b1;
      else if (rd_fire) rd_pending_q <= 1'b0;
      if (is_read) rd_tgt_q <= bad_addr ? TgtNone : tgt;
      if (is_read && ring_hit) ring_busy_q <= 1'b1;
      else if (ring_cnt_q == RingCntW'(RingLen - 1)) ring_busy_q <= 1'b0;
      ring_cnt_q <= ring_busy_q ? ring_cnt_q + 1'b1 : '0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (is_read) begin
      ring_rd_q <= ring_hit;
      rd_field_q <= field;
      rd_lane_q <= lane_n;
      rd_bank_q <= w_bank;
      rd_prow_lane_q <= w_p[LaneW-1:0];
      rd_index_q <= index[4:0];
    end
  end

  function automatic logic [31:0] sext24(logic [23:0] x);
    sext24 = {{8{x[23]}}, x};
  endfunction

  logic [31:0] reg_rdata;
  logic [EntryW-1:0] rd_entry;
  logic rd_flag;
  logic signed [WeightBits-1:0] rd_w;
  assign rd_entry = bank_rdata_i[rd_bank_q*EntryW +: EntryW];
  assign rd_w = rd_entry[WeightBits-1:0];
  if (PlasticPerSynapse) begin : g_rd_flag_syn
    assign rd_flag = rd_entry[EntryW-1];
  end else begin : g_rd_flag_row
    assign rd_flag = flag_rdata_i[rd_prow_lane_q];
  end

  // Where the register read lies in the ring, and its format there.
  logic [31:0] ring_rdata;
  always_comb begin
    ring_off = '0;
    ring_rdata = 32'(ring_q[7:0]);
    unique case (rd_index_q[4:0])
      5'(syn_pkg::RegSeed): begin
        ring_off = RingCntW'(RingSeed);
        ring_rdata = ring_q[31:0];
      end
      5'(syn_pkg::RegLearn): begin
        ring_off = RingCntW'(RingLearn);
        ring_rdata = 32'(ring_q[0]);
      end
      5'(syn_pkg::RegWeightExpRec): begin
        ring_off = RingCntW'(RingExpRec);
        ring_rdata = 32'(ring_q[3:0]);
      end
      5'(syn_pkg::RegWeightExpIn): begin
        ring_off = RingCntW'(RingExpIn);
        ring_rdata = 32'(ring_q[3:0]);
      end
      5'(syn_pkg::RegAPlus): ring_off = RingCntW'(RingAPlus);
      5'(syn_pkg::RegAMinus): ring_off = RingCntW'(RingAMinus);
      5'(syn_pkg::RegShift): begin
        ring_off = RingCntW'(RingShift);
        ring_rdata = 32'(ring_q[3:0]);
      end
      5'(syn_pkg::RegTraceIncPre): ring_off = RingCntW'(RingIncPre);
      5'(syn_pkg::RegTraceIncPost): ring_off = RingCntW'(RingIncPost);
      5'(syn_pkg::RegDecayPre): begin
        ring_off = RingCntW'(RingDecayPre);
        ring_rdata = 32'(ring_q[11:0]);
      end
      5'(syn_pkg::RegDecayPost): begin
        ring_off = RingCntW'(RingDecayPost);
        ring_rdata = 32'(ring_q[11:0]);
      end
      5'(syn_pkg::RegWMin): begin
        ring_off = RingCntW'(RingWMin);
        ring_rdata = 32'($signed(ring_q[7:0]));
      end
      5'(syn_pkg::RegWMax): begin
        ring_off = RingCntW'(RingWMax);
        ring_rdata = 32'($signed(ring_q[7:0]));
      end
      default: ;
    endcase
  end

  always_comb begin
    unique case (rd_index_q[4:0])
      5'(syn_pkg::RegId):          reg_rdata = syn_pkg::PortId;
      5'(syn_pkg::RegNeurons):     reg_rdata = 32'(NumNeurons);
      5'(syn_pkg::RegInputs):      reg_rdata = 32'(NumInputs);
      5'(syn_pkg::RegConfig):      reg_rdata = 32'(WeightBits) |
                                               (32'(S) << syn_pkg::ConfigLanesLsb) |
                                               (32'(PlasticPerSynapse) << syn_pkg::ConfigPerSynapseBit) |
                                               (32'(WeightRam != syn_pkg::WramDual) <<
                                                syn_pkg::ConfigSinglePortBit) |
                                               (32'(SoftBound) << syn_pkg::ConfigSoftBoundBit) |
                                               (32'(AdaptInterval) << syn_pkg::ConfigAdaptIntervalBit) |
                                               (32'(AxonDelays) << syn_pkg::ConfigDelaysBit) |
                                               (32'(WeightNorm) << syn_pkg::ConfigWeightNormBit) |
                                               (32'(WideTraces) << syn_pkg::ConfigWideTracesBit);
      5'(syn_pkg::RegStatus):      reg_rdata = 32'(status_o);
      5'(syn_pkg::RegStep):        reg_rdata = step_q;
      5'(syn_pkg::RegSeed), 5'(syn_pkg::RegLearn), 5'(syn_pkg::RegWeightExpRec),
      5'(syn_pkg::RegWeightExpIn), 5'(syn_pkg::RegAPlus), 5'(syn_pkg::RegAMinus),
      5'(syn_pkg::RegShift), 5'(syn_pkg::RegTraceIncPre), 5'(syn_pkg::RegTraceIncPost),
      5'(syn_pkg::RegDecayPre), 5'(syn_pkg::RegDecayPost), 5'(syn_pkg::RegWMin),
      5'(syn_pkg::RegWMax):        reg_rdata = ring_rdata;
      5'(syn_pkg::RegPendCount):   reg_rdata = 32'(pend_count_o);
      5'(syn_pkg::RegAxonCount):   reg_rdata = 32'(axon_count_o);
      5'(syn_pkg::RegStepCycles):  reg_rdata = cycles_q;
      // A step leaves its spikes as the pending list: its length is the
      // step's count until OpPend or OpClear change it (no copy kept).
      5'(syn_pkg::RegStepSpikes):  reg_rdata = 32'(pend_count_q);
      5'(syn_pkg::RegRule):        reg_rdata = rule_q;
      5'(syn_pkg::RegNorm):        reg_rdata = norm_q;
      5'(syn_pkg::RegNormTarget):  reg_rdata = sext24(norm_target_q);
      default:                     reg_rdata = '0;
    endcase
  end

  always_comb begin
    rd_data = '0;
    unique case (rd_tgt_q)
      TgtReg: rd_data = reg_rdata;
      TgtParam: begin
        unique case (rd_field_q)
          3'd0: rd_data = 32'(param_rdata_i[syn_pkg::PwDecayU +: 12]);
          3'd1: rd_data = 32'(param_rdata_i[syn_pkg::PwDecayV +: 12]);
          3'd2: rd_data = 32'(param_rdata_i[syn_pkg::PwDecayAdapt +: 12]);
          3'd3: rd_data = sext24(param_rdata_i[syn_pkg::PwBias +: 24]);
          3'd4: rd_data = sext24(param_rdata_i[syn_pkg::PwThreshold +: 24]);
          3'd5: rd_data = sext24(param_rdata_i[syn_pkg::PwVReset +: 24]);
          3'd6: rd_data = 32'(param_rdata_i[syn_pkg::PwRefractory +: 8]);
          default: rd_data = 32'(param_rdata_i[syn_pkg::PwAdaptStep +: 23]);
        endcase
      end
      TgtState: begin
        unique case (rd_field_q[1:0])
          2'd0: rd_data = sext24(state_rdata_i[syn_pkg::SwU +: 24]);
          2'd1: rd_data = sext24(state_rdata_i[syn_pkg::SwV +: 24]);
          2'd2: rd_data = sext24(state_rdata_i[syn_pkg::SwAdapt +: 24]);
          default: rd_data = 32'(state_rdata_i[syn_pkg::SwRefractory +: 8]);
        endcase
      end
      TgtNpreTrace: rd_data = 32'(npre_rdata_i[(TW + 1) * rd_lane_q +: TW]);
      TgtNprePend: rd_data = 32'(npre_rdata_i[(TW + 1) * rd_lane_q + TW]);
      TgtTpost: rd_data = 32'(tpost_rdata_i[TW * rd_lane_q +: TW]);
      TgtApre: rd_data = 32'(apre_rdata_i[(TW + 1) * rd_lane_q +: TW + 1]);
      TgtWeight: rd_data = {23'd0, rd_flag, 8'($signed(rd_w))};
      TgtPend: rd_data = AxonDelays ? 32'(d_n_rdata_i) : 32'(flist_rdata_i);
      TgtAList: rd_data = AxonDelays ? 32'(d_a_rdata_i) : 32'(alist_rdata_i);
      TgtArr: rd_data = index[syn_pkg::ArrAxonBit] ? 32'(d_a_rdata_i) : 32'(d_n_rdata_i);
      TgtArrCount: rd_data = 32'(d_cq_count_i);
      TgtDelay: rd_data = 32'(d_dly_rdata_i);
      default: rd_data = '0;
    endcase
  end

  logic [31:0] rsp_data_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rsp_valid_q <= 1'b0;
    else if (rd_fire) rsp_valid_q <= 1'b1;
    else if (rsp_ready_i) rsp_valid_q <= 1'b0;
  end
  always_ff @(posedge clk_i) begin
    if (rd_fire) rsp_data_q <= rd_data;
  end
  assign rsp_valid_o = rsp_valid_q;
  assign rsp_data_o = rsp_data_q;

  // ---------------------------------------------------------------------------
  // Sequencer
  // ---------------------------------------------------------------------------
  logic finish_step;
  always_comb begin
    seq_d = seq_q;
    finish_step = 1'b0;
    unique case (seq_q)
      Idle: begin
        if (exec && x_op_q == syn_pkg::OpStep) seq_d = AxonDelays ? Mark : Step;
        if (exec && x_op_q == syn_pkg::OpClear) seq_d = Clear;
      end
      Step: begin
        if (!start_q && gather_done_i && synapse_idle_i && neuron_done_i && axon_done_i) begin
          seq_d = Eos;
        end
      end
      Eos: begin
        if (spk_in_ready_i) begin
          seq_d = ring_q[RingLearn] && spikes_i != '0 ? Column : norm_due ? Norm : Drain;
        end
      end
      Column: begin
        if (!col_start_q && column_done_i && synapse_idle_i) seq_d = norm_due ? Norm : Drain;
      end
      Norm: begin
        if (!norm_start_q && norm_done_i && synapse_idle_i) seq_d = Drain;
      end
      Drain: begin
        if (spk_empty_i) begin
          seq_d = Idle;
          finish_step = 1'b1;
        end
      end
      Clear: begin
        if (slot == SlotW'(ClearLen - 1)) seq_d = Idle;
      end
      Mark: begin
        if (AxonDelays && !mark_start_q && mark_done_i) seq_d = Step;
      end
      default: seq_d = Idle;
    endcase
  end

  assign eng_o = seq_q == Step || seq_q == Eos || seq_q == Column || seq_q == Norm ||
                 seq_q == Drain;
  // The normalisation pass issues column ops too (their trace reads included).
  assign col_phase_o = seq_q == Column || seq_q == Norm;
  assign norm_phase_o = seq_q == Norm;
  assign norm_start_o = norm_start_q;
  if (WeightNorm) begin : g_norm_due
    assign norm_due = norm_q[syn_pkg::NormEnableBit] && ring_q[RingLearn] &&
                      (step_q[14:0] & ~(15'h7FFF << norm_log2)) == 15'd0;
  end else begin : g_no_norm
    assign norm_due = 1'b0;
    logic unused_norm;
    assign unused_norm = ^{norm_log2, norm_done_i};
  end
  assign step_start_o = start_q;
  assign mark_o = seq_q == Mark;
  assign mark_start_o = mark_start_q;
  assign finish_o = finish_step;
  assign col_start_o = col_start_q;
  assign eos_push_o = seq_q == Eos && spk_in_ready_i;

  // ---------------------------------------------------------------------------
  // Register updates
  // ---------------------------------------------------------------------------
  logic reg_we;
  assign reg_we = wr_ok && tgt_q == TgtReg;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      seq_q <= Idle;
      start_q <= 1'b0;
      col_start_q <= 1'b0;
      norm_start_q <= 1'b0;
      mark_start_q <= 1'b0;
      norm_q <= '0;
      norm_target_q <= '0;
      cycles_q <= '0;
      step_q <= '0;
      cur_q <= 1'b0;
      pend_count_q <= '0;
      pend_last_q <= '0;
      axon_count_q <= '0;
      axon_last_q <= '0;
      err_q <= '0;
      rule_q <= '0;
    end else begin
      seq_q <= seq_d;
      start_q <= (!AxonDelays && exec && x_op_q == syn_pkg::OpStep) ||
                 (seq_q == Mark && seq_d == Step);
      mark_start_q <= AxonDelays && exec && x_op_q == syn_pkg::OpStep;
      col_start_q <= seq_q == Eos && seq_d == Column;
      norm_start_q <= seq_q != Norm && seq_d == Norm;
      // Counts from the accept cycle (one before execution) through every
      // busy cycle of a step, then holds.
      if (exec && x_op_q == syn_pkg::OpStep) cycles_q <= 32'd2;
      else if (eng_o || seq_q == Mark) cycles_q <= cycles_q + 32'd1;

      if (reg_we) begin
        unique case (index[4:0])
          5'(syn_pkg::RegStatus):       err_q <= err_q & ~x_data[syn_pkg::StatusBits-1:1];
          5'(syn_pkg::RegStep):         step_q <= x_data;
          default: ;
        endcase
      end

      if (reg_we && index[4:0] == 5'(syn_pkg::RegRule)) rule_q <= x_data & RuleMask;
      if (WeightNorm && reg_we && index[4:0] == 5'(syn_pkg::RegNorm)) norm_q <= x_data & NormMask;
      if (WeightNorm && reg_we && index[4:0] == 5'(syn_pkg::RegNormTarget)) begin
        norm_target_q <= x_data[23:0];
      end
      if (bad_addr) err_q[syn_pkg::StatusErrAddr] <= 1'b1;
      if (is_axon && !axon_ok) err_q[syn_pkg::StatusErrAxon] <= 1'b1;
      if (is_pend && !pend_ok) err_q[syn_pkg::StatusErrPend] <= 1'b1;
      if (exec && x_op_q == 3'd7) err_q[syn_pkg::StatusErrOp] <= 1'b1;

      if (is_axon && axon_ok) begin
        axon_count_q <= axon_count_q + 1'b1;
        axon_last_q <= data_a;
      end
      if (!AxonDelays && is_pend && pend_ok) begin
        pend_count_q <= pend_count_q + 1'b1;
        pend_last_q <= data_n;
      end
      // The step's last spike becomes the pending list's last entry; the
      // list is only checked while idle, so it can follow every spike.
      if (fire_i) pend_last_q <= fire_idx_i;

      if (finish_step) begin
        step_q <= step_q + 32'd1;
        cur_q <= !cur_q;
        pend_count_q <= spikes_i;
        axon_count_q <= '0;
      end
      if (seq_q == Clear && seq_d == Idle) begin
        step_q <= '0;
        pend_count_q <= '0;
        axon_count_q <= '0;
      end
    end
  end

  // The ring: a host write loads one register, a read rotates all of them
  // (writes never meet a rotation: no command is taken while it runs).
  // The same ring in two forms, one per tool, with identical behaviour:
  // - synthesis: one flip-flop group per register with its own enable
  //   (rotate, or a host write of that register), so each bit is one LUT
  //   (rotate ? neighbour : command data) in front of an enabled flip-flop
  //   (the word-wise form below costs 115 more iCE40 logic cells: yosys
  //   finds no enable in it);
  // - simulation: whole-word masks, one expression per cycle. Every
  //   per-register form measured 1.2-1.35x slower for the whole sim256
  //   core under Verilator 5.006 (partial writes of one wide vector), and
  //   the bit loop it replaced 1.7x.
  // tests/sim-forms proves the two forms equal (yosys equiv_induct).
`ifdef SYNTHESIS
  function automatic int unsigned ring_lo(int unsigned j);  // first bit of register j
    unique case (j)
      0: ring_lo = RingSeed;
      1: ring_lo = RingLearn;
      2: ring_lo = RingExpRec;
      3: ring_lo = RingExpIn;
      4: ring_lo = RingAPlus;
      5: ring_lo = RingAMinus;
      6: ring_lo = RingShift;
      7: ring_lo = RingIncPre;
      8: ring_lo = RingIncPost;
      9: ring_lo = RingDecayPre;
      10: ring_lo = RingDecayPost;
      11: ring_lo = RingWMin;
      12: ring_lo = RingWMax;
      default: ring_lo = RingLen;
    endcase
  endfunction
  function automatic int unsigned ring_reg(int unsigned j);  // register number of ring field j
    unique case (j)
      0: ring_reg = 32'(syn_pkg::RegSeed);
      1: ring_reg = 32'(syn_pkg::RegLearn);
      2: ring_reg = 32'(syn_pkg::RegWeightExpRec);
      3: ring_reg = 32'(syn_pkg::RegWeightExpIn);
      4: ring_reg = 32'(syn_pkg::RegAPlus);
      5: ring_reg = 32'(syn_pkg::RegAMinus);
      6: ring_reg = 32'(syn_pkg::RegShift);
      7: ring_reg = 32'(syn_pkg::RegTraceIncPre);
      8: ring_reg = 32'(syn_pkg::RegTraceIncPost);
      9: ring_reg = 32'(syn_pkg::RegDecayPre);
      10: ring_reg = 32'(syn_pkg::RegDecayPost);
      11: ring_reg = 32'(syn_pkg::RegWMin);
      default: ring_reg = 32'(syn_pkg::RegWMax);
    endcase
  endfunction
  logic [RingLen-1:0] ring_next;  // the ring turned by one bit
  assign ring_next = {ring_q[0], ring_q[RingLen-1:1]};
  for (genvar j = 0; j < 13; j++) begin : g_ring
    localparam int unsigned Lo = ring_lo(j);
    localparam int unsigned Bits = ring_lo(j + 1) - Lo;
    localparam int unsigned Reg = ring_reg(j);
    logic en;
    logic [Bits-1:0] q;
    assign en = ring_busy_q || (reg_we && index[4:0] == 5'(Reg));
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) q <= RingReset[Lo +: Bits];
      else if (en) q <= ring_busy_q ? ring_next[Lo +: Bits] : x_data[Bits-1:0];
    end
    assign ring_q[Lo +: Bits] = q;
  end

`else
  logic [RingLen-1:0] ring_wen, ring_wdata, ring_sel, ring_load;
  always_comb begin
    ring_sel = '0;
    unique case (index[4:0])
      5'(syn_pkg::RegSeed):         ring_sel = RingLen'({32{1'b1}}) << RingSeed;
      5'(syn_pkg::RegLearn):        ring_sel = RingLen'(1'b1) << RingLearn;
      5'(syn_pkg::RegWeightExpRec): ring_sel = RingLen'(4'hF) << RingExpRec;
      5'(syn_pkg::RegWeightExpIn):  ring_sel = RingLen'(4'hF) << RingExpIn;
      5'(syn_pkg::RegAPlus):        ring_sel = RingLen'(8'hFF) << RingAPlus;
      5'(syn_pkg::RegAMinus):       ring_sel = RingLen'(8'hFF) << RingAMinus;
      5'(syn_pkg::RegShift):        ring_sel = RingLen'(4'hF) << RingShift;
      5'(syn_pkg::RegTraceIncPre):  ring_sel = RingLen'(8'hFF) << RingIncPre;
      5'(syn_pkg::RegTraceIncPost): ring_sel = RingLen'(8'hFF) << RingIncPost;
      5'(syn_pkg::RegDecayPre):     ring_sel = RingLen'(12'hFFF) << RingDecayPre;
      5'(syn_pkg::RegDecayPost):    ring_sel = RingLen'(12'hFFF) << RingDecayPost;
      5'(syn_pkg::RegWMin):         ring_sel = RingLen'(8'hFF) << RingWMin;
      5'(syn_pkg::RegWMax):         ring_sel = RingLen'(8'hFF) << RingWMax;
      default: ;
    endcase
  end
  // The command data as each register takes it, in ring order (WMax on top).
  assign ring_load = {x_data[7:0], x_data[7:0], x_data[11:0], x_data[11:0],
                      x_data[7:0], x_data[7:0], x_data[3:0], x_data[7:0],
                      x_data[7:0], x_data[3:0], x_data[3:0], x_data[0],
                      x_data[31:0]};
  assign ring_wen = ring_busy_q ? '1 : reg_we ? ring_sel : '0;
  assign ring_wdata = ring_busy_q ? {ring_q[0], ring_q[RingLen-1:1]} : ring_load;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ring_q <= RingReset;
    else ring_q <= (ring_q & ~ring_wen) | (ring_wdata & ring_wen);
  end

`endif

  logic unused;
  assign unused = ^{neuron24[23:NW], in_neuron24[2:0], x_addr_q[31:24], index[23:5], flag_rdata_i, rd_prow_lane_q,
                    pend_last_q};

endmodule
