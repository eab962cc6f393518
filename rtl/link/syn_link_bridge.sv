`default_nettype none
// syn_link_bridge: the request side of the link (docs/protocol.md, version 2):
// a checked, sequence-numbered bridge from the host to the core's control
// port. Every decision about networks, runs, probes and retries is the
// host's; the bridge only executes command segments in order and answers.
//
// Usage: connect the ring reader (syn_link_reader), the frame encoder
// (syn_link_txenc, through the
// answer/spike multiplexer of syn_link), the spike encoder's flush
// handshake (syn_link_spikes), the link's event counters (syn_link_counters)
// and the core (master side of its control port, plus its status bits).
//
// A request is taken from the receive ring byte by byte: INFO answers the
// board's description; EXEC runs its segments, each one core command repeated
// `count` times with data taken from the frame (or read data appended to the
// answer); the answer is written after the core is idle and the spike
// encoder has closed its frame, so the host sees every spike of a request's
// steps before that request's answer. (Receive-ring space is freed as the
// reader takes bytes, earlier than the host's window assumes: syn_link.)
//
// Read data collects in the answer buffer (one EBR, which also holds the
// INFO table) and is copied into the answer frame at the end: the spike
// stream keeps the encoder while the request's steps run.
//
// Flow control: the answer frame is begun only when the transmit ring has
// room for a whole frame (enc_room_i); until then the bridge waits. Paced
// steps (segments with the pace flag) start LinkRegPeriod cycles apart and
// make the spike encoder lossy (lossy_o), so that the period holds.
//
// What INFO reports of the board (the core's shape, the features, clock, UART
// rate and build identity) and the free-run switch come from the build's
// package, syn_build_pkg (rtl/board/syn_build_pkg.sv.in).
module syn_link_bridge #(
  // Receive ring size in bytes (reported by INFO: the host's window).
  parameter int unsigned RxRingBytes = 1024
) (
  input  wire logic                           clk_i,
  input  wire logic                           rst_ni,
  // Receive ring (through syn_link_reader).
  input  wire logic                           rb_valid_i,
  input  wire logic [7:0]                     rb_data_i,
  output logic                                rb_take_o,
  // Event counters: a read port and the late-step event.
  output logic                                cnt_rd_o,
  output logic [2:0]                          cnt_idx_o,
  input  wire logic                           cnt_ack_i,
  input  wire logic [15:0]                    cnt_rdata_i,
  output logic                                ev_late_o,
  // Frame encoder (valid while answer_o), its room flag.
  output logic                                enc_valid_o,
  output logic [1:0]                          enc_op_o,
  output logic [7:0]                          enc_data_o,
  input  wire logic                           enc_ready_i,
  input  wire logic                           enc_room_i,
  output logic                                answer_o,   // the bridge owns the encoder
  // Spike encoder: flush_o asks it to close its frame; spk_open_i is high
  // while it has one open. lossy_o: the last step was paced.
  output logic                                flush_o,
  input  wire logic                           spk_open_i,
  output logic                                lossy_o,
  // Core control port and the core's status bits (RegStatus).
  output logic                                cmd_valid_o,
  input  wire logic                           cmd_ready_i,
  output logic [syn_pkg::OpBits-1:0]          cmd_op_o,
  output logic [31:0]                         cmd_addr_o,
  output logic [31:0]                         cmd_data_o,
  input  wire logic                           rsp_valid_i,
  output logic                                rsp_ready_o,
  input  wire logic [31:0]                    rsp_data_i,
  input  wire logic [syn_pkg::StatusBits-1:0] status_i,
  // No request in progress; a step starts (for an activity LED).
  output logic                                idle_o,
  output logic                                step_o
);
  // Frame bytes after the length field: at most MaxBody.
  localparam int unsigned LW = $clog2(syn_proto_pkg::MaxBody + 1);
  // Answer buffer: 512 bytes (one EBR); the answer's status byte at 0, read
  // data from 1, the INFO table from InfoBase.
  localparam int unsigned BW = 9;
  localparam int unsigned InfoBase = 448;
  localparam int unsigned InfoBytes = syn_proto_pkg::InfoBytes;
  localparam logic [31:0] Features =
      syn_proto_pkg::FeatStdp | syn_proto_pkg::FeatAdaptation | syn_proto_pkg::FeatProbes |
      (syn_build_pkg::FreeRun ? syn_proto_pkg::FeatFreeRun : 32'h0) |
      (syn_build_pkg::PlasticPerSynapse ? syn_proto_pkg::FeatPlasticPerSynapse : 32'h0);
  localparam logic [1:0] EncBegin = 2'd0;
  localparam logic [1:0] EncByte = 2'd1;
  localparam logic [1:0] EncEnd = 2'd2;

  initial begin
    if (InfoBase + InfoBytes > 512) $error("syn_link_bridge: the INFO table must fit the buffer");
    if (1 + syn_proto_pkg::MaxReadBytes > InfoBase) $error("syn_link_bridge: read data overlaps INFO");
    if (syn_proto_pkg::MaxReadBytes != syn_proto_pkg::MaxBody - 5)
      $error("syn_link_bridge: MaxReadBytes must be MaxBody less type, seq, status and CRC");
  end

  // INFO payload byte i (docs/protocol.md, "INFO").
  function automatic logic [7:0] info_byte(input int unsigned i);
    logic [31:0] v;
    int unsigned sh;
    v = 32'h0;
    sh = 0;
    if (i == 0)       v = 32'(syn_proto_pkg::ProtoVersion);
    else if (i < 3)   begin v = syn_build_pkg::NumNeurons; sh = i - 1; end
    else if (i < 5)   begin v = syn_build_pkg::NumInputs; sh = i - 3; end
    else if (i < 6)   v = syn_build_pkg::WeightBits;
    else if (i < 10)  begin v = Features; sh = i - 6; end
    else if (i < 14)  begin v = syn_build_pkg::ClkHz; sh = i - 10; end
    else if (i < 18)  begin v = syn_build_pkg::Baud; sh = i - 14; end
    else if (i < 20)  begin v = RxRingBytes; sh = i - 18; end
    else if (i < 22)  begin v = syn_proto_pkg::MaxBody; sh = i - 20; end
    else if (i < 26)  begin v = syn_build_pkg::BuildCommit; sh = i - 22; end
    else if (i < 27)  v = 32'(syn_build_pkg::BuildFlags);
    else if (i < 35)  v = 32'(syn_build_pkg::BuildConfig >> (8 * (i - 27)));
    info_byte = 8'(v >> (8 * sh));
  endfunction

  typedef enum logic [4:0] {
    StIdle,     // waits for a frame: its length's low byte
    StLenHi,    // the length's high byte
    StType,     // the request type
    StSeq,      // the sequence number; then chooses the answer
    StCtl,      // the next segment's control byte, or the end of the request
    StCount,    // its count
    StAddr,     // its address, four bytes (pace: a segment with the A flag)
    StStride,   // its address step
    StHi,       // its high byte (H flag)
    StWord,     // the next command of the segment, or the next segment
    StData,     // shifts the command's data word in: frame bytes, then fill
    StCmd,      // offers the command (a link register: does it here)
    StRsp,      // waits for the core's read word
    StCnt,      // asks for a link counter
    StCnt1,     // its value has arrived
    StRdOut,    // appends the read word's bytes to the answer buffer
    StEnd,      // OpNop: accepted once the core is idle and its spikes are out
    StFlush,    // waits for the spike encoder to close its frame
    StStatus,   // writes the status byte
    StOpen,     // waits for room, begins the answer frame
    StAnsType,  // its type
    StAnsSeq,   // its sequence number
    StCopy,     // reads the next payload byte from the buffer, or ends
    StCopyOut,  // writes it
    StClose,    // ends the frame
    StSkip      // takes what is left of the request, then frees it
  } state_e;

  state_e state_q, state_d;

  // Request.
  logic [LW-1:0]  left_q, left_d;      // its bytes not yet taken
  logic           info_q, info_d;      // the request is an INFO
  logic           exec_q, exec_d;      // the request is an EXEC
  logic [7:0]     seq_q, seq_d;
  logic [7:0]     expect_q, expect_d;  // the next sequence number to execute
  logic [7:0]     atype_q, atype_d;    // the answer's type
  // Errors found while executing: {request type, link address, truncated,
  // read overflow} (the answer's status bits 7, 6, 5 and 0).
  logic [3:0]     err_q, err_d;

  // Segment and datapath.
  logic [7:0]     ctl_q, ctl_d;        // {pace, hi, addr, width - 1, op}
  logic [8:0]     cnt_q, cnt_d;        // commands left in the segment (1..256)
  logic [7:0]     stride_q, stride_d;
  logic [7:0]     hi_q, hi_d;
  logic [31:0]    w_q, w_d;            // data word in, read word out
  logic [31:0]    a_q, a_d;            // command address
  logic [1:0]     bi_q, bi_d;          // byte of the word being moved
  logic           first_q, first_d;    // the segment's first command is still to come
  logic [BW-1:0]  bp_q, bp_d;          // answer buffer: next byte written / end of payload
  logic [BW-1:0]  k_q, k_d;            // answer buffer: next byte copied out

  // Paced steps.
  logic [23:0]    period_q, period_d;
  logic [23:0]    tmr_q, tmr_d;        // cycles until the next paced step may start
  logic           zero_q;              // tmr_q was 0 in the last cycle: a waiting step is late
  logic           paced_q, paced_d;    // the last step was paced

  logic [syn_pkg::OpBits-1:0] op;
  logic [2:0]     width;               // bytes per word, 1..4
  logic           takes_data;          // the op's word comes from the frame
  logic           is_link;             // a_q is a link register
  logic           more;                // the request has bytes left
  logic           need_byte;           // this state takes a segment byte from the frame
  logic           got_byte;            // ...and the reader has it
  assign op = ctl_q[syn_pkg::OpBits-1:0];
  assign width = 3'(ctl_q[syn_proto_pkg::SegWidthLsb +: 2]) + 3'd1;
  assign takes_data = op == syn_pkg::OpWrite || op == syn_pkg::OpAxon || op == syn_pkg::OpPend;
  assign is_link = a_q[31:24] == syn_proto_pkg::LinkRegion;
  assign more = left_q != '0;
  // A request that ends where a segment needs a byte is truncated: every
  // such state goes to StEnd with StatTruncated (below, after the case).
  assign need_byte = state_q == StCount || state_q == StAddr || state_q == StStride ||
                     state_q == StHi || (state_q == StData && 3'(bi_q) < width);
  assign got_byte = need_byte && more && rb_valid_i;

  // Answer buffer (one EBR): written with read data, the status byte or the
  // expected sequence number; read while the answer is copied out.
  logic          buf_we;
  logic [BW-1:0] buf_waddr;
  logic [7:0]    buf_wdata, buf_rdata;
  // The copy never reads the byte being written (no_rw_check: no bypass logic).
  (* no_rw_check *) logic [7:0] buf_mem [2 ** BW];
  initial begin
    for (int unsigned i = 0; i < 2 ** BW; i++)
      buf_mem[i] = i >= InfoBase ? info_byte(i - InfoBase) : 8'h00;
  end
  always_ff @(posedge clk_i) begin
    if (buf_we) buf_mem[buf_waddr] <= buf_wdata;
    buf_rdata <= buf_mem[k_q];
  end

  always_comb begin
    state_d = state_q;
    left_d = left_q;
    info_d = info_q;
    exec_d = exec_q;
    seq_d = seq_q;
    expect_d = expect_q;
    atype_d = atype_q;
    err_d = err_q;
    ctl_d = ctl_q;
    cnt_d = cnt_q;
    stride_d = stride_q;
    hi_d = hi_q;
    w_d = w_q;
    a_d = a_q;
    bi_d = bi_q;
    first_d = first_q;
    bp_d = bp_q;
    k_d = k_q;
    period_d = period_q;
    tmr_d = tmr_q == 24'd0 ? tmr_q : tmr_q - 24'd1;
    paced_d = paced_q;

    rb_take_o = 1'b0;
    cnt_rd_o = 1'b0;
    ev_late_o = 1'b0;
    enc_valid_o = 1'b0;
    enc_op_o = EncByte;
    enc_data_o = buf_rdata;
    flush_o = 1'b0;
    cmd_valid_o = 1'b0;
    cmd_op_o = op;
    rsp_ready_o = 1'b0;
    step_o = 1'b0;
    buf_we = 1'b0;
    buf_waddr = bp_q;
    buf_wdata = w_q[7:0];

    unique case (state_q)
      StIdle: begin
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = LW'(rb_data_i);
          state_d = StLenHi;
        end
      end
      StLenHi: begin
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = left_q | LW'({rb_data_i, 8'h00});
          state_d = StType;
        end
      end
      StType: begin
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          info_d = rb_data_i == syn_proto_pkg::OpInfo;
          exec_d = rb_data_i == syn_proto_pkg::OpExec;
          state_d = StSeq;
        end
      end
      StSeq: begin
        // The receiver stores only frames of at least type and seq.
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          seq_d = rb_data_i;
          err_d = 4'd0;
          bp_d = BW'(1);
          k_d = '0;
          state_d = StCtl;
          atype_d = syn_proto_pkg::RspDone;
          if (info_q) begin
            // INFO opens a session whatever its seq.
            expect_d = rb_data_i + 8'd1;
            atype_d = syn_proto_pkg::RspInfo;
            k_d = BW'(InfoBase);
            bp_d = BW'(InfoBase + InfoBytes);
            state_d = StOpen;
          end else if (rb_data_i == expect_q) begin
            expect_d = expect_q + 8'd1;
            if (!exec_q) err_d[3] = 1'b1;
          end else if (expect_q - rb_data_i != 8'd0 && !(8'(expect_q - rb_data_i) > 8'd128)) begin
            // A retransmission of an executed request: not again.
            atype_d = syn_proto_pkg::RspDuplicate;
            bp_d = '0;
            state_d = StOpen;
          end else begin
            // An earlier request was lost: the answer names the expected seq.
            atype_d = syn_proto_pkg::RspOrder;
            buf_we = 1'b1;
            buf_waddr = '0;
            buf_wdata = expect_q;
            state_d = StOpen;
          end
        end
      end

      // ------------------------------------------------------------ segments
      StCtl: begin
        if (!more || err_q[3]) begin
          state_d = StEnd;
        end else if (rb_valid_i) begin
          rb_take_o = 1'b1;
          ctl_d = rb_data_i;
          state_d = StCount;
        end
      end
      StCount: begin
        if (got_byte) begin
          cnt_d = {rb_data_i == 8'd0, rb_data_i};
          bi_d = 2'd0;
          first_d = 1'b1;
          hi_d = 8'h00;
          state_d = ctl_q[syn_proto_pkg::SegAddrBit] ? StAddr :
                    ctl_q[syn_proto_pkg::SegHiBit] ? StHi : StWord;
        end
      end
      StAddr: begin
        if (got_byte) begin
          w_d = {rb_data_i, w_q[31:8]};
          bi_d = bi_q + 2'd1;
          if (bi_q == 2'd3) state_d = StStride;
        end
      end
      StStride: begin
        a_d = w_q;
        if (got_byte) begin
          stride_d = rb_data_i;
          state_d = ctl_q[syn_proto_pkg::SegHiBit] ? StHi : StWord;
        end
      end
      StHi: begin
        if (got_byte) begin
          hi_d = rb_data_i;
          state_d = StWord;
        end
      end
      StWord: begin
        // A data word comes from the frame for every command, or with the
        // repeat flag (SegPaceBit on a data op) for the first only.
        bi_d = 2'd0;
        if (cnt_q == 9'd0) state_d = StCtl;
        else if (takes_data && (first_q || !ctl_q[syn_proto_pkg::SegPaceBit])) state_d = StData;
        else state_d = StCmd;
      end
      StData: begin
        // Bytes shift in from the top: `width` frame bytes, then the high
        // byte in position 1 and zeros, so the word is always four shifts.
        if (got_byte || !need_byte) begin
          w_d = {need_byte ? rb_data_i : bi_q == 2'd1 ? hi_q : 8'h00, w_q[31:8]};
          bi_d = bi_q + 2'd1;
          if (bi_q == 2'd3) state_d = StCmd;
        end
      end
      StCmd: begin
        bi_d = 2'd0;
        if ((op == syn_pkg::OpRead || op == syn_pkg::OpWrite) && is_link) begin
          // Link registers: the period is write-only; every read comes from
          // syn_link_counters' RAM (the version is its constant entry 0, the
          // period's entry reads 0); any other access is a bad link address.
          first_d = 1'b0;
          cnt_d = cnt_q - 9'd1;
          a_d[23:0] = a_q[23:0] + 24'(stride_q);
          state_d = StWord;
          if (op == syn_pkg::OpWrite) begin
            if (syn_build_pkg::FreeRun && a_q[23:0] == 24'(syn_proto_pkg::LinkRegPeriod)) period_d = w_q[23:0];
            else err_d[2] = 1'b1;
          end else begin
            if (a_q[23:3] != 21'd0 || a_q[2:0] >= 3'(syn_proto_pkg::NumLinkRegs)) err_d[2] = 1'b1;
            a_d = a_q;
            state_d = StCnt;
          end
        end else if (!(syn_build_pkg::FreeRun && op == syn_pkg::OpStep && ctl_q[syn_proto_pkg::SegPaceBit] &&
                       tmr_q != 24'd0)) begin
          cmd_valid_o = 1'b1;
          if (cmd_ready_i) begin
            first_d = 1'b0;
            cnt_d = cnt_q - 9'd1;
            a_d[23:0] = a_q[23:0] + 24'(stride_q);
            state_d = op == syn_pkg::OpRead ? StRsp : StWord;
            if (op == syn_pkg::OpStep) begin
              step_o = 1'b1;
              if (syn_build_pkg::FreeRun) begin
                paced_d = ctl_q[syn_proto_pkg::SegPaceBit];
                if (ctl_q[syn_proto_pkg::SegPaceBit]) begin
                  tmr_d = period_q;
                  ev_late_o = zero_q && paced_q;
                end
              end
            end
          end
        end
      end
      StRsp: begin
        rsp_ready_o = 1'b1;
        if (rsp_valid_i) begin
          w_d = rsp_data_i;
          state_d = StRdOut;
        end
      end
      StCnt: begin
        cnt_rd_o = 1'b1;
        if (cnt_ack_i) begin
          a_d[23:0] = a_q[23:0] + 24'(stride_q);
          state_d = StCnt1;
        end
      end
      StCnt1: begin
        // The counter's value is on cnt_rdata_i in the cycle after its read.
        w_d = 32'(cnt_rdata_i);
        state_d = StRdOut;
      end
      StRdOut: begin
        // The word's low `width` bytes, low byte first; past the answer's
        // room they are dropped and flagged.
        if (syn_pkg::lt_const(32'(bp_q), 32'(1 + syn_proto_pkg::MaxReadBytes))) begin
          buf_we = 1'b1;
          bp_d = bp_q + 1'b1;
        end else begin
          err_d[0] = 1'b1;
        end
        w_d = {8'h00, w_q[31:8]};
        bi_d = bi_q + 2'd1;
        if (3'(bi_q) == width - 3'd1) state_d = StWord;
      end

      // ---------------------------------------------------------- the answer
      StEnd: begin
        cmd_op_o = syn_pkg::OpNop;
        cmd_valid_o = 1'b1;
        if (cmd_ready_i) state_d = StFlush;
      end
      StFlush: begin
        flush_o = 1'b1;  // (also in StOpen: never waits on an open frame)
        if (!spk_open_i) state_d = StStatus;
      end
      StStatus: begin
        buf_we = 1'b1;
        buf_waddr = '0;
        buf_wdata = 8'(status_i) & 8'h1E;  // the core's error bits; not busy (idle now)
        buf_wdata[syn_proto_pkg::StatOverflow] = err_q[0];
        buf_wdata[syn_proto_pkg::StatTruncated] = err_q[1];
        buf_wdata[syn_proto_pkg::StatLinkAddr] = err_q[2];
        buf_wdata[syn_proto_pkg::StatType] = err_q[3];
        state_d = StOpen;
      end
      StOpen: begin
        flush_o = 1'b1;
        if (enc_room_i && enc_ready_i && !spk_open_i) begin
          enc_valid_o = 1'b1;
          enc_op_o = 2'(EncBegin);
          state_d = StAnsType;
        end
      end
      StAnsType: begin
        enc_valid_o = 1'b1;
        enc_data_o = atype_q;
        if (enc_ready_i) state_d = StAnsSeq;
      end
      StAnsSeq: begin
        enc_valid_o = 1'b1;
        enc_data_o = seq_q;
        if (enc_ready_i) state_d = StCopy;
      end
      StCopy: begin
        // The buffer presents byte k_q from the next cycle on.
        state_d = k_q == bp_q ? StClose : StCopyOut;
      end
      StCopyOut: begin
        enc_valid_o = 1'b1;
        if (enc_ready_i) begin
          k_d = k_q + 1'b1;
          state_d = StCopy;
        end
      end
      StClose: begin
        enc_valid_o = 1'b1;
        enc_op_o = EncEnd;
        if (enc_ready_i) state_d = StSkip;
      end
      StSkip: begin
        if (!more) begin
          state_d = StIdle;
        end else if (rb_valid_i) begin
          rb_take_o = 1'b1;
        end
      end
      default: state_d = StIdle;
    endcase

    if (need_byte && !more) begin
      err_d[1] = 1'b1;
      state_d = StEnd;
    end
    if (got_byte) rb_take_o = 1'b1;
    // Every byte taken after the length counts down what is left.
    if (rb_take_o && state_q != StIdle && state_q != StLenHi) left_d = left_q - 1'b1;
  end

  assign cnt_idx_o = a_q[2:0];
  assign cmd_addr_o = a_q;
  // The core reads a command's data in the cycle after it takes it
  // (syn_ctrl): w_q changes only in StData and StRsp, never in the StWord
  // or StRsp cycle that follows an accept, so it is still there.
  assign cmd_data_o = w_q;
  assign answer_o = (state_q == StOpen && !spk_open_i) || state_q == StAnsType || state_q == StAnsSeq ||
                    state_q == StCopy || state_q == StCopyOut || state_q == StClose;
  assign lossy_o = paced_q;
  assign idle_o = state_q == StIdle;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      {left_q, info_q, exec_q, seq_q, expect_q, atype_q, err_q} <= '0;
      {ctl_q, cnt_q, stride_q, hi_q, w_q, a_q, bi_q, first_q, bp_q, k_q} <= '0;
      {period_q, tmr_q, zero_q, paced_q} <= '0;
    end else begin
      state_q <= state_d;
      {left_q, info_q, exec_q, seq_q, expect_q, atype_q, err_q} <=
          {left_d, info_d, exec_d, seq_d, expect_d, atype_d, err_d};
      {ctl_q, cnt_q, stride_q, hi_q, w_q, a_q, bi_q, first_q, bp_q, k_q} <=
          {ctl_d, cnt_d, stride_d, hi_d, w_d, a_d, bi_d, first_d, bp_d, k_d};
      {period_q, tmr_q, zero_q, paced_q} <= {period_d, tmr_d, tmr_q == 24'd0, paced_d};
    end
  end
endmodule
`default_nettype wire
