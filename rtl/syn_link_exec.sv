`default_nettype none
// syn_link_exec: the command executor of the link (docs/protocol.md). Takes
// the good frames that syn_link_rx stored in the receive ring, in order,
// checks their sequence numbers, runs them on the core's control port
// (docs/rtl.md, "Control port") and writes the answers and the spike and
// probe streams, byte by byte, through the frame encoder (syn_link_txenc).
//
// Usage: connect the ring reader (syn_link_reader), the receive commit
// pointer and counters (syn_link_rx), the encoder, the transmitter's idle
// flag and the core. rx_free_o returns receive-ring space: it is the start of
// the frame being executed, so the host's window frees a frame exactly when
// its answer is written.
//
// Flow control: every answer and stream frame is begun only when the
// transmit ring has room for a whole frame (enc_room_i); while it has not,
// the executor waits, and so does the core: nothing is dropped. In free runs
// (RUN with RunFree) steps are paced by LinkRegPeriod, and a step record or
// probe frame that finds no room is dropped and counted (LinkRegOverflow)
// instead, so that the step period holds.
//
// Structure, chosen for area (iCE40): a datapath of one word register w_q
// (bytes in from the frame, read data from the core, bytes out; it is also
// the core's write data) and one address register a_q (the core's command
// address), each changed only through a small set of operations (w_op,
// a_op), driven by one state machine. Helper states are entered with a return
// state in ret_q: Cmd (one core command; a read leaves its word in w_q), Get
// (n_q payload bytes into w_q, little-endian), Put (n_q bytes of w_q, low
// byte first), Open (waits for room, begins a frame and writes the fixed
// bytes that start its kind, then n_q bytes of w_q). Close (ends the frame)
// returns through cret_q so that Open can call it; WrPut (one word to the
// core or a link register) returns through wret_q.
module syn_link_exec #(
  // Core capacity in neurons (N) and input axons (M), as the core's parameters.
  parameter int unsigned NumNeurons = 256,
  parameter int unsigned NumInputs = 256,
  // Stored weight width and plastic-flag granularity of the core (for INFO).
  parameter int unsigned WeightBits = 8,
  parameter bit PlasticPerSynapse = 1'b1,
  // Core clock and UART rate (reported by INFO; Baud 0: no UART).
  parameter int unsigned ClkHz = 12_000_000,
  parameter int unsigned Baud = 3_000_000,
  // Receive ring size in bytes (reported by INFO: the host's window).
  parameter int unsigned RxRingBytes = 1024,
  // Most neurons one PROBE request can name.
  parameter int unsigned MaxProbes = 16,
  // Optional features (INFO reports them; without them the logic is left
  // out, for small FPGAs): probe frames, free-running at a fixed period.
  parameter bit Probes = 1'b1,
  parameter bit FreeRun = 1'b1
) (
  input  wire logic                           clk_i,
  input  wire logic                           rst_ni,
  // Receive ring (through syn_link_reader).
  input  wire logic                           rb_valid_i,
  input  wire logic [7:0]                     rb_data_i,
  output logic                                rb_take_o,
  input  wire logic [$clog2(RxRingBytes)-1:0] rx_commit_i,
  output logic [$clog2(RxRingBytes)-1:0]      rx_free_o,
  // Event counters (syn_link_counters, indexed by link register): a read
  // port, and the executor's own events.
  output logic                                cnt_rd_o,
  output logic [2:0]                          cnt_idx_o,
  input  wire logic                           cnt_ack_i,
  input  wire logic [15:0]                    cnt_rdata_i,
  output logic                                ev_overflow_o,
  output logic                                ev_late_o,
  // Transmit encoder (syn_link_txenc) and the transmitter's idle flag.
  output logic                                enc_valid_o,
  output logic [1:0]                          enc_op_o,
  output logic [7:0]                          enc_data_o,
  input  wire logic                           enc_ready_i,
  input  wire logic                           enc_room_i,
  input  wire logic                           tx_idle_i,
  // Core control port.
  output logic                                cmd_valid_o,
  input  wire logic                           cmd_ready_i,
  output logic [syn_pkg::OpBits-1:0]          cmd_op_o,
  output logic [31:0]                         cmd_addr_o,
  output logic [31:0]                         cmd_data_o,
  input  wire logic                           rsp_valid_i,
  output logic                                rsp_ready_o,
  input  wire logic [31:0]                    rsp_data_i,
  input  wire logic                           spk_valid_i,
  output logic                                spk_ready_o,
  input  wire logic [31:0]                    spk_data_i,
  // Status for LEDs and the virtual board.
  output logic                                idle_o,   // no frame in progress
  output logic                                step_o    // pulses when a step starts
);
  localparam int unsigned RAW = $clog2(RxRingBytes);
  // Payload bytes left in a frame; a frame is at most MaxBody bytes.
  localparam int unsigned LW = $clog2(syn_proto_pkg::MaxBody + 1);
  // Bytes of a spike index (N) and of an axon index (M) in records.
  localparam int unsigned SpkIdxBytes = NumNeurons > 256 ? 2 : 1;
  localparam int unsigned AxonIdxBytes = NumInputs > 256 ? 2 : 1;
  // Bitmap sizes of one step's spikes and inputs.
  localparam int unsigned SpkMapBytes = (NumNeurons + 7) / 8;
  localparam int unsigned AxonMapBytes = (NumInputs + 7) / 8;
  // Spike records of up to ListMax neurons are lists, larger ones bitmaps.
  localparam int unsigned ListMax = SpkMapBytes / SpkIdxBytes < 254 ?
                                    SpkMapBytes / SpkIdxBytes : 254;
  localparam int unsigned PW = $clog2(MaxProbes + 1);
  localparam int unsigned NW = $clog2(NumNeurons);
  // Index k_q: READ words (at most MaxReadBytes), spike list entries (N).
  localparam int unsigned KW = NW + 1 > 9 ? NW + 1 : 9;
  localparam int unsigned InfoBytes = 23;
  localparam logic [31:0] Features =
      syn_proto_pkg::FeatStdp | syn_proto_pkg::FeatAdaptation |
      (FreeRun ? syn_proto_pkg::FeatFreeRun : 32'h0) | (Probes ? syn_proto_pkg::FeatProbes : 32'h0) |
      (PlasticPerSynapse ? syn_proto_pkg::FeatPlasticPerSynapse : 32'h0);
  localparam logic [31:0] InfoNeurons = NumNeurons;
  localparam logic [31:0] InfoInputs = NumInputs;
  localparam logic [31:0] InfoClk = ClkHz;
  localparam logic [31:0] InfoBaud = Baud;
  localparam logic [31:0] InfoRxRing = RxRingBytes;
  localparam logic [31:0] InfoMaxBody = syn_proto_pkg::MaxBody;
  localparam logic [31:0] InfoWeightBits = WeightBits;
  localparam logic [31:0] InfoProbes = MaxProbes;
  localparam logic [7:0]  ErrMask = 8'h1E;  // RegStatus error bits 1..4
  // Encoder operations (syn_link_txenc).
  localparam logic [1:0] EncBegin = 2'd0;
  localparam logic [1:0] EncByte = 2'd1;
  localparam logic [1:0] EncEnd = 2'd2;

  // INFO payload byte i (docs/protocol.md, "INFO").
  function automatic logic [7:0] info_byte(input int unsigned i);
    unique case (i)
      0:  info_byte = syn_proto_pkg::ProtoVersion;
      1:  info_byte = InfoNeurons[7:0];
      2:  info_byte = InfoNeurons[15:8];
      3:  info_byte = InfoInputs[7:0];
      4:  info_byte = InfoInputs[15:8];
      5:  info_byte = InfoWeightBits[7:0];
      6:  info_byte = Features[7:0];
      7:  info_byte = Features[15:8];
      8:  info_byte = Features[23:16];
      9:  info_byte = Features[31:24];
      10: info_byte = InfoClk[7:0];
      11: info_byte = InfoClk[15:8];
      12: info_byte = InfoClk[23:16];
      13: info_byte = InfoClk[31:24];
      14: info_byte = InfoBaud[7:0];
      15: info_byte = InfoBaud[15:8];
      16: info_byte = InfoBaud[23:16];
      17: info_byte = InfoBaud[31:24];
      18: info_byte = InfoRxRing[7:0];
      19: info_byte = InfoRxRing[15:8];
      20: info_byte = InfoMaxBody[7:0];
      21: info_byte = InfoMaxBody[15:8];
      22: info_byte = InfoProbes[7:0];
      default: info_byte = 8'h00;
    endcase
  endfunction

  initial begin
    if (NumNeurons > 2048) $error("syn_link_exec: spike bitmaps must fit a frame (N <= 2048)");
    if (NumInputs > 2048) $error("syn_link_exec: input bitmaps must fit a frame (M <= 2048)");
    if (MaxProbes * 14 + 9 > syn_proto_pkg::MaxBody) $error("syn_link_exec: MaxProbes too large");
    if (MaxProbes > 32) $error("syn_link_exec: the probe list must fit below the INFO table");
  end

  typedef enum logic [6:0] {
    StIdle,      // waits for the first byte (length, low) of a frame
    StLenHi,     // takes the length's high byte
    StType,      // takes the request type
    StSeq,       // takes the sequence number
    StDispatch,  // checks seq and length, chooses the command
    StFinish,    // skips what is left of the frame, then frees it
    // helpers
    StCmd,       // offers one core command; a read goes on in StRsp
    StRsp,       // waits for the read word
    StGet,       // takes n_q bytes into w_q
    StPut,       // writes n_q bytes of w_q
    StOpen,      // closes an open Spikes frame, waits for room, begins a frame
    StHdr,       // writes the fixed bytes of a frame of kind hk_q, then n_q bytes of w_q
    StClose,     // ends the frame
    // answers
    StAck,       // reads the step counter for the Ack
    StAck1,      // opens the Ack frame (header, then the step counter)
    StNack,      // opens and closes the Nack frame
    StInfo,      // opens the Info frame
    StInfo1,     // next Info byte, if any
    StInfo2,     // writes it (read from the table)
    StStatus,    // reads the core's status after a command
    StStatus1,   // clears its error bits, if any
    StStatus2,   // answers: Ack, Nack, or the Data frame's status byte
    // WRITE
    StWr,        // gets format and address step
    StWr1,       // gets the address
    StWr2,       // chooses by format
    StWrWord,    // gets the next word (1..4 byte formats)
    StWrPut,     // writes w_q at a_q (core or link register), steps a_q
    StWrGroup,   // takes a weight group's flag byte
    StWrWeight,  // takes the next weight
    StWrRle,     // run-length weights: flags and count have arrived
    StWrRle1,    // writes the next column
    StWrRle2,    // a (zeros, weight) pair has arrived
    // READ
    StRd,        // gets format and step
    StRd1,       // gets the address
    StRd2,       // gets the count
    StRd3,       // keeps the count
    StRd4,       // checks the request, opens the Data frame
    StRdWord,    // reads the next word
    StRdCnt,     // a link counter: waits for the counter RAM
    StRdCnt1,    // its value has arrived
    StRdOut,     // writes it
    StRdFlags,   // writes a weight group's flag byte
    // CLEAR
    StClear,
    // RUN
    StRun,       // gets the step count
    StRun1,      // gets the flags
    StRun2,      // keeps them
    StRunRec,    // gets the next input record header, if any (wret_q)
    StRunRec1,   // it has arrived
    StRunLoop,   // ends the run, or waits for the step period
    StRunIn,     // applies this step's input record, if any
    StRunList,   // input list: gets the next axon
    StRunList1,  // queues it
    StRunMap,    // input bitmap: takes the next byte
    StRunBit,    // input bitmap: queues the next set bit
    StRunStep,   // OpStep
    StRunEos,    // waits for the end-of-step word
    StRunOut,    // step record: makes sure a Spikes frame with room is open
    StRunOut1,   // opens a Spikes frame
    StRunOut2,   // writes the record's step gap
    StRunOut3,   // writes its count byte
    StRunList2,  // spike list: reads the next pending neuron
    StRunList3,  // writes it
    StRunMap2,   // spike bitmap: builds and writes the bytes
    StRunMap3,   // a pending neuron has arrived
    StRunOutEnd, // closes the frame if the transmitter is idle
    StRunProbe,  // counts down to the next probe sample
    StRunPrb,    // reads the step counter for the Probes frame
    StRunPrb1,   // opens the Probes frame
    StRunPrb2,   // writes the sample count
    StRunPrb3,   // next probe neuron
    StRunPrb4,   // its number (read from the list) goes out
    StRunPrb5,   // reads its next state field
    StRunPrb6,   // writes it
    StRunNext,   // advances the step
    StRunEnd,    // closes the open Spikes frame, then the status
    // PROBE
    StProbe,     // gets interval and count
    StProbe1,    // checks them
    StProbeList, // gets the next neuron number
    StProbeList1 // stores it
  } state_e;

  // Kinds of frame the header writer knows, encoded so that the frame's type
  // byte is {3'b100, kind[2], 2'b00, kind[1:0]} (RspAck .. RspData, RspSpikes,
  // RspProbes): no table.
  typedef enum logic [2:0] {
    HkAck = 3'd0, HkNack = 3'd1, HkInfo = 3'd2, HkData = 3'd3, HkSpikes = 3'd4, HkProbes = 3'd5
  } hdr_e;
  function automatic logic [7:0] hdr_type(input logic [2:0] kind);
    hdr_type = {3'b100, kind[2], 2'b00, kind[1:0]};
  endfunction
  initial begin
    if (hdr_type(HkAck) != syn_proto_pkg::RspAck || hdr_type(HkNack) != syn_proto_pkg::RspNack ||
        hdr_type(HkInfo) != syn_proto_pkg::RspInfo || hdr_type(HkData) != syn_proto_pkg::RspData ||
        hdr_type(HkSpikes) != syn_proto_pkg::RspSpikes || hdr_type(HkProbes) != syn_proto_pkg::RspProbes)
      $error("syn_link_exec: the frame kinds no longer give the response types");
  end

  // Operations on the word register w_q.
  typedef enum logic [3:0] {
    WHold, WRsp, WGet, WShr, WLink, WAxon, WWeight, WZeroW, WListW, WProbe
  } wop_e;
  // Operations on the address register a_q.
  typedef enum logic [2:0] {AHold, ALoad, AStep, ARegStep, ARegStatus, APend, AState} aop_e;

  state_e state_q, state_d, ret_q, ret_d, cret_q, cret_d, wret_q, wret_d;
  (* fsm_encoding = "none" *) hdr_e hk_q;
  hdr_e   hk_d;
  wop_e   w_op;
  aop_e   a_op;

  // Frame being executed.
  logic [RAW-1:0] fstart_q, fstart_d;   // its length slot (receive-ring space held; when
                                        // idle, the next frame's)
  logic [RAW-1:0] fend_q, fend_d;       // the ring address after it
  logic [LW-1:0]  left_q, left_d;       // payload bytes not yet taken
  logic [7:0]     type_q, type_d;
  logic [7:0]     seq_q, seq_d;
  logic [7:0]     expect_q, expect_d;   // the next sequence number to execute
  logic [2:0]     err_q, err_d;         // Nack code found while executing (0: none)
  logic [7:0]     cerr_q, cerr_d;       // the core's error bits after the command
  logic           dup_q, dup_d;         // executed before: Ack as duplicate

  // Datapath.
  logic [31:0]    w_q, w_d;             // word: frame bytes, core data, bytes out
  logic [31:0]    a_q, a_d;             // core address {region, index}
  logic [2:0]     n_q, n_d;             // Get/Put/Hdr: bytes of w_q still to move
  logic [1:0]     gi_q, gi_d;           // Get: shifts done, modulo 4 (0 outside Get)
  logic [2:0]     hb_q, hb_d;           // Hdr: next byte
  logic [syn_pkg::OpBits-1:0] cop_q, cop_d;

  // Transmit side.
  logic           sopen_q, sopen_d;     // a Spikes frame is open and may grow
  logic [8:0]     flen_q, flen_d;       // bytes written into it
  logic [7:0]     sseq_q, sseq_d;       // stream sequence number (Spikes and Probes)

  // Command state. x_q and y_q are small per-command registers:
  // WRITE run-length: zeros still to write, weight of the pair;
  // RUN: steps until the loaded input record applies, its count byte.
  logic [7:0]     fmt_q, fmt_d;
  logic [7:0]     stp_q, stp_d;         // address step
  logic [15:0]    cnt_q, cnt_d;         // words (READ, WRITE), probes (PROBE), bytes (RUN)
  logic [KW-1:0]  k_q, k_d;             // word / list / byte index
  logic [7:0]     flags_q, flags_d;     // weight flags, bitmap byte
  logic [3:0]     bit_q, bit_d;
  logic [7:0]     x_q, x_d;
  logic [7:0]     y_q, y_d;
  logic           ent_q, ent_d;         // run-length: a weight is waiting (RUN: a record)

  // RUN.
  logic [15:0]    steps_q, steps_d;     // steps left (ignored when inf_q)
  logic           inf_q, inf_d;         // run until the next frame arrives
  logic           free_q, free_d;       // this run is paced and lossy
  logic [8:0]     gap_q, gap_d;         // steps since the last record of the open frame
  logic           eos_q, eos_d;         // the end-of-step word arrived
  logic [NW:0]    eosn_q, eosn_d;       // its spike count
  logic           pend_q, pend_d;       // spike bitmap: a pending neuron is in w_q
  logic           list_d;

  // Free-run pacing and counters.
  logic [23:0]    period_q, period_d;
  logic [23:0]    tmr_q, tmr_d;         // cycles until the next paced step may start
  logic           zero_q;               // tmr_q was 0 in the last cycle: a step is late
  logic           paced_q, paced_d;     // the last step was paced (lateness is defined)

  // Probes.
  logic [15:0]    pevery_q, pevery_d;
  logic [15:0]    pcnt_q, pcnt_d;
  logic [PW-1:0]  pnum_q, pnum_d;
  logic [PW-1:0]  pj_q, pj_d;
  logic           prb_we;
  logic [15:0]    prb_rdata;

  // Probe list memory, one EBR (synchronous read): entries 0 .. MaxProbes - 1
  // the probe list, entries InfoBase .. the INFO payload bytes (a constant
  // table, cheaper here than as logic). It reads entry pj_q, or while an
  // Info frame is written payload byte k_q.
  localparam int unsigned InfoBase = 32;
  logic [15:0] probes_mem [InfoBase * 2];
  initial begin
    for (int unsigned i = 0; i < InfoBase * 2; i++)
      probes_mem[i] = i >= InfoBase ? 16'(info_byte(i - InfoBase)) : 16'h0;
  end
  logic [5:0] prb_raddr;
  assign prb_raddr = hk_q == HkInfo ? 6'(InfoBase + 32'(k_q[4:0])) : 6'(pj_q);
  always_ff @(posedge clk_i) begin
    if (prb_we) probes_mem[6'(pj_q)] <= w_q[15:0];
    prb_rdata <= probes_mem[prb_raddr];
  end

  // Encoder requests.
  logic           ob;                   // write one byte (ob_data)
  logic [7:0]     ob_data;

  // Derived values.
  logic [2:0]     width;                // bytes per word of fmt_q (1..4)
  logic           rd_fits;              // a READ's data fits MaxReadBytes
  logic           is_link;              // a_q is a link register
  logic [31:0]    link_rd;              // its value
  logic           list_form;            // this step's spikes go out as a list (registered
                                        // with the count: off the frame-room path)
  logic [9:0]     rec_len;              // data bytes of this step's record
  logic [9:0]     fsum;                 // flen_q + rec_len
  // This step's record (and its two header bytes) fits in the open Spikes
  // frame; registered (timing): flen_q and the count are stable for many
  // cycles before StRunOut reads it.
  logic           rec_fits_q;
  logic [7:0]     hdr_byte;             // byte hb_q of a frame of kind hk_q
  logic [2:0]     hdr_len;
  logic [7:0]     behind;               // expected - seq

  assign width = fmt_q[2:0];
  assign is_link = a_q[31:24] == syn_proto_pkg::LinkRegion;
  assign rec_len = list_form ? 10'(32'(eosn_q) * SpkIdxBytes) : 10'(SpkMapBytes);
  assign fsum = 10'(flen_q) + rec_len;
  assign behind = expect_q - seq_q;
  // One comparator against the format's limit (all below 512).
  logic [8:0] rd_lim;
  logic       rd_fmt_ok;
  always_comb begin
    rd_fmt_ok = 1'b1;
    unique case (fmt_q)
      syn_proto_pkg::Fmt1: rd_lim = 9'(syn_proto_pkg::MaxReadBytes);
      syn_proto_pkg::Fmt2: rd_lim = 9'(syn_proto_pkg::MaxReadBytes / 2);
      syn_proto_pkg::Fmt3: rd_lim = 9'(syn_proto_pkg::MaxReadBytes / 3);
      syn_proto_pkg::Fmt4: rd_lim = 9'(syn_proto_pkg::MaxReadBytes / 4);
      syn_proto_pkg::FmtWeights: rd_lim = 9'(syn_proto_pkg::MaxReadBytes * 8 / 9);
      default: begin
        rd_lim = 9'd0;
        rd_fmt_ok = 1'b0;
      end
    endcase
    rd_fits = rd_fmt_ok && cnt_q[15:9] == 7'd0 && cnt_q[8:0] <= rd_lim;
  end

  always_comb begin
    unique case (a_q[7:0])
      syn_proto_pkg::LinkRegVersion:  link_rd = 32'(syn_proto_pkg::ProtoVersion);
      syn_proto_pkg::LinkRegPeriod:   link_rd = 32'(period_q);
      syn_proto_pkg::LinkRegCrc, syn_proto_pkg::LinkRegFraming, syn_proto_pkg::LinkRegDropped,
      syn_proto_pkg::LinkRegOverflow, syn_proto_pkg::LinkRegLate:
                                      link_rd = 32'(cnt_rdata_i);
      default:                        link_rd = 32'h0;
    endcase
  end

  // The fixed start of each frame kind (docs/protocol.md): type, seq (answers)
  // or stream seq; an Ack then its status, a Nack its code, the expected seq
  // and the core's error bits.
  always_comb begin
    unique case (hb_q)
      3'd0: hdr_byte = hdr_type(hk_q);
      3'd1: hdr_byte = hk_q[2] ? sseq_q : seq_q;
      3'd2: hdr_byte = hk_q == HkNack ? 8'(err_q) :
                       dup_q ? syn_proto_pkg::AckDuplicate : syn_proto_pkg::AckDone;
      3'd3: hdr_byte = expect_q;
      default: hdr_byte = cerr_q;
    endcase
    hdr_len = hk_q == HkNack ? 3'd5 : hk_q == HkAck ? 3'd3 : 3'd2;
  end

  // The datapath registers.
  always_comb begin
    unique case (w_op)
      WRsp:    w_d = rsp_data_i;
      // Get shifts bytes in from the top (then zeros, to four shifts): no
      // byte-position multiplexer.
      WGet:    w_d = {rb_data_i, w_q[31:8]};
      WShr:    w_d = {8'h00, w_q[31:8]};
      WLink:   w_d = link_rd;
      WAxon:   w_d = 32'({k_q, bit_q[2:0]});
      WWeight: w_d = {23'd0, flags_q[bit_q[2:0]], rb_data_i};
      WZeroW:  w_d = {23'd0, flags_q[1], 8'h00};
      WListW:  w_d = {23'd0, flags_q[0], y_q};
      WProbe:  w_d = {16'h0, prb_rdata};
      default: w_d = w_q;
    endcase
    a_d = a_q;
    unique case (a_op)
      ALoad:      a_d = w_q;
      AStep:      a_d[23:0] = a_q[23:0] + 24'(stp_q);
      ARegStep:   a_d = {syn_pkg::RegionReg, syn_pkg::RegStep};
      ARegStatus: a_d = {syn_pkg::RegionReg, syn_pkg::RegStatus};
      APend:      a_d = {syn_pkg::RegionPendList, 24'd0};
      AState:     a_d = {syn_pkg::RegionState, 24'(prb_rdata[NW-1:0]) << 3};
      default:    a_d = a_q;
    endcase
  end

  always_comb begin
    state_d = state_q;
    ret_d = ret_q;
    cret_d = cret_q;
    wret_d = wret_q;
    hk_d = hk_q;
    w_op = WHold;
    a_op = AHold;
    fstart_d = fstart_q;
    fend_d = fend_q;
    left_d = left_q;
    type_d = type_q;
    seq_d = seq_q;
    expect_d = expect_q;
    err_d = err_q;
    cerr_d = cerr_q;
    dup_d = dup_q;
    n_d = n_q;
    gi_d = gi_q;
    hb_d = hb_q;
    cop_d = cop_q;
    sopen_d = sopen_q;
    flen_d = flen_q;
    sseq_d = sseq_q;
    fmt_d = fmt_q;
    stp_d = stp_q;
    cnt_d = cnt_q;
    k_d = k_q;
    flags_d = flags_q;
    bit_d = bit_q;
    x_d = x_q;
    y_d = y_q;
    ent_d = ent_q;
    steps_d = steps_q;
    inf_d = inf_q;
    free_d = free_q;
    gap_d = gap_q;
    eos_d = eos_q;
    eosn_d = eosn_q;
    list_d = list_form;
    pend_d = pend_q;
    period_d = period_q;
    tmr_d = tmr_q == 24'd0 ? tmr_q : tmr_q - 24'd1;
    paced_d = paced_q;
    ev_overflow_o = 1'b0;
    ev_late_o = 1'b0;
    pevery_d = pevery_q;
    pcnt_d = pcnt_q;
    pnum_d = pnum_q;
    pj_d = pj_q;
    prb_we = 1'b0;

    rb_take_o = 1'b0;
    ob = 1'b0;
    ob_data = w_q[7:0];
    enc_valid_o = 1'b0;
    enc_op_o = EncByte;
    cmd_valid_o = 1'b0;
    rsp_ready_o = 1'b0;
    step_o = 1'b0;

    // The spike words themselves are not needed (the step record is built
    // from the core's pending list), only the end-of-step word's count.
    spk_ready_o = 1'b1;
    if (spk_valid_i && spk_data_i[syn_pkg::SpkEosBit]) begin
      eos_d = 1'b1;
      eosn_d = spk_data_i[NW:0];
      list_d = syn_proto_pkg::le16(16'(spk_data_i[NW:0]), 16'(ListMax));
    end

    unique case (state_q)
      // ------------------------------------------------------------ intake
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
        fend_d = fstart_q + RAW'(2) + RAW'(left_q);
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          type_d = rb_data_i;
          left_d = left_q - 1'b1;
          state_d = StSeq;
        end
      end
      StSeq: begin
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          seq_d = rb_data_i;
          left_d = left_q - 1'b1;
          err_d = 3'd0;
          cerr_d = 8'd0;
          dup_d = 1'b0;
          state_d = StDispatch;
        end
      end
      StDispatch: begin
        if (type_q != syn_proto_pkg::OpRun) paced_d = 1'b0;
        state_d = StNack;
        if (type_q == syn_proto_pkg::OpInfo) begin
          expect_d = seq_q + 8'd1;  // INFO resynchronises the sequence numbers
        end else if (seq_q == expect_q) begin
          expect_d = seq_q + 8'd1;  // the same incrementer as INFO's
        end else if (behind != 8'd0 && syn_proto_pkg::le16(16'(behind), 16'd128)) begin
          // Executed before: reads are answered again, anything else is not redone.
          if (type_q != syn_proto_pkg::OpPing && type_q != syn_proto_pkg::OpRead) begin
            dup_d = 1'b1;
            state_d = StAck;
          end
        end else begin
          err_d = 3'(syn_proto_pkg::NackOrder);
        end
        if (err_d == 3'd0 && !dup_d) begin
          err_d = 3'(syn_proto_pkg::NackLength);  // unless the length suits the request
          unique case (type_q)
            syn_proto_pkg::OpPing: if (left_q == '0) state_d = StAck;
            syn_proto_pkg::OpInfo: if (left_q == '0) state_d = StInfo;
            syn_proto_pkg::OpWrite: if (!syn_proto_pkg::lt16(16'(left_q), 16'd6)) state_d = StWr;
            syn_proto_pkg::OpRead: if (left_q == LW'(8)) state_d = StRd;
            syn_proto_pkg::OpClear: if (left_q == '0) state_d = StClear;
            syn_proto_pkg::OpRun: if (!syn_proto_pkg::lt16(16'(left_q), 16'd3)) state_d = StRun;
            syn_proto_pkg::OpProbe: if (!syn_proto_pkg::lt16(16'(left_q), 16'd3)) state_d = StProbe;
            default: err_d = 3'(syn_proto_pkg::NackOpcode);
          endcase
          if (state_d != StNack) err_d = 3'd0;
        end
      end
      StFinish: begin
        if (left_q == '0) begin
          // Frames lie back to back in the ring: the next one starts here.
          fstart_d = fend_q;
          state_d = StIdle;
        end else if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = left_q - 1'b1;
        end
      end

      // ----------------------------------------------------------- helpers
      StCmd: begin
        cmd_valid_o = 1'b1;
        if (cmd_ready_i) state_d = cop_q == syn_pkg::OpRead ? StRsp : ret_q;
      end
      StRsp: begin
        rsp_ready_o = 1'b1;
        if (rsp_valid_i) begin
          w_op = WRsp;
          state_d = ret_q;
        end
      end
      StGet: begin
        // n_q bytes, then zeros up to four shifts in all (gi_q counts them
        // and is 0 again at the end): the word ends up little-endian.
        if (n_q != 3'd0) begin
          if (rb_valid_i) begin
            rb_take_o = 1'b1;
            w_op = WGet;
            gi_d = gi_q + 2'd1;
            n_d = n_q - 3'd1;
            left_d = left_q - 1'b1;
          end
        end else if (gi_q != 2'd0) begin
          w_op = WShr;
          gi_d = gi_q + 2'd1;
        end else begin
          state_d = ret_q;
        end
      end
      StPut: begin
        if (n_q == 3'd0) begin
          state_d = ret_q;
        end else begin
          ob = 1'b1;
          if (enc_ready_i) begin
            w_op = WShr;
            n_d = n_q - 3'd1;
          end
        end
      end
      StOpen: begin
        hb_d = 3'd0;
        if (sopen_q) begin
          cret_d = StOpen;
          state_d = StClose;
        end else if (enc_room_i) begin
          enc_valid_o = 1'b1;
          enc_op_o = EncBegin;
          if (enc_ready_i) state_d = StHdr;
        end
      end
      StHdr: begin
        if (hb_q == hdr_len) begin
          state_d = n_q != 3'd0 ? StPut : ret_q;
        end else begin
          ob = 1'b1;
          ob_data = hdr_byte;
          if (enc_ready_i) hb_d = hb_q + 3'd1;
        end
      end
      StClose: begin
        enc_valid_o = 1'b1;
        enc_op_o = EncEnd;
        if (enc_ready_i) begin
          sopen_d = 1'b0;
          state_d = cret_q;
        end
      end

      // ----------------------------------------------------------- answers
      StAck: begin
        a_op = ARegStep;
        cop_d = syn_pkg::OpRead;
        ret_d = StAck1;
        state_d = StCmd;
      end
      StAck1: begin
        hk_d = HkAck;
        n_d = 3'd4;  // the step counter, read into w_q
        ret_d = StClose;
        cret_d = StFinish;
        state_d = StOpen;
      end
      StNack: begin
        hk_d = HkNack;
        n_d = 3'd0;
        ret_d = StClose;
        cret_d = StFinish;
        state_d = StOpen;
      end
      StInfo: begin
        hk_d = HkInfo;
        n_d = 3'd0;
        k_d = '0;
        ret_d = StInfo1;
        state_d = StOpen;
      end
      StInfo1: begin
        // The table entry of byte k_q is read in this cycle.
        if (k_q == KW'(InfoBytes)) begin
          cret_d = StFinish;
          state_d = StClose;
        end else begin
          state_d = StInfo2;
        end
      end
      StInfo2: begin
        w_op = WProbe;
        k_d = k_q + 1'b1;
        n_d = 3'd1;
        ret_d = StInfo1;
        state_d = StPut;
      end
      StStatus: begin
        a_op = ARegStatus;
        cop_d = syn_pkg::OpRead;
        ret_d = StStatus1;
        state_d = StCmd;
      end
      StStatus1: begin
        // The core is idle here, so w_q holds only error bits: writing it
        // back clears them (write 1 to clear).
        cerr_d = w_q[7:0] & ErrMask;
        state_d = StStatus2;
        if ((w_q[7:0] & ErrMask) != 8'h00) begin
          cop_d = syn_pkg::OpWrite;
          ret_d = StStatus2;
          state_d = StCmd;
        end
      end
      StStatus2: begin
        if (type_q == syn_proto_pkg::OpRead) begin
          // The Data frame is open: its last byte is the status (the core's
          // error bits, and bit 7 for an address outside the link registers).
          ob = 1'b1;
          ob_data = cerr_q | (err_q != 3'd0 ? 8'h80 : 8'h00);
          if (enc_ready_i) begin
            cret_d = StFinish;
            state_d = StClose;
          end
        end else if (err_q != 3'd0) begin
          state_d = StNack;
        end else if (cerr_q != 8'd0) begin
          err_d = 3'(syn_proto_pkg::NackCore);
          state_d = StNack;
        end else begin
          state_d = StAck;
        end
      end

      // ------------------------------------------------------------- WRITE
      StWr: begin
        n_d = 3'd2;
        ret_d = StWr1;
        state_d = StGet;
      end
      StWr1: begin
        fmt_d = w_q[7:0];
        stp_d = w_q[15:8];
        n_d = 3'd4;
        ret_d = StWr2;
        state_d = StGet;
      end
      StWr2: begin
        a_op = ALoad;
        cop_d = syn_pkg::OpWrite;
        bit_d = 4'd8;
        ent_d = 1'b0;
        x_d = 8'd0;
        state_d = StStatus;
        unique case (fmt_q)
          syn_proto_pkg::Fmt1, syn_proto_pkg::Fmt2, syn_proto_pkg::Fmt3, syn_proto_pkg::Fmt4:
            state_d = StWrWord;
          syn_proto_pkg::FmtWeights: state_d = StWrWeight;
          syn_proto_pkg::FmtWeightsRle: begin
            if (syn_proto_pkg::lt16(16'(left_q), 16'd3)) begin
              err_d = 3'(syn_proto_pkg::NackLength);
            end else begin
              n_d = 3'd3;
              ret_d = StWrRle;
              state_d = StGet;
            end
          end
          default: err_d = 3'(syn_proto_pkg::NackArgument);
        endcase
      end
      StWrWord: begin
        wret_d = StWrWord;
        if (left_q == '0) begin
          state_d = StStatus;
        end else if (syn_proto_pkg::lt16(16'(left_q), 16'(width))) begin
          err_d = 3'(syn_proto_pkg::NackLength);
          state_d = StStatus;
        end else begin
          n_d = width;
          ret_d = StWrPut;
          state_d = StGet;
        end
      end
      StWrPut: begin
        if (is_link) begin
          if (FreeRun && a_q[23:0] == 24'(syn_proto_pkg::LinkRegPeriod)) period_d = w_q[23:0];
          else err_d = 3'(syn_proto_pkg::NackArgument);  // read-only, unmapped or absent
          a_op = AStep;
          state_d = wret_q;
        end else begin
          cmd_valid_o = 1'b1;
          if (cmd_ready_i) begin
            a_op = AStep;
            state_d = wret_q;
          end
        end
      end
      StWrGroup: begin
        if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = left_q - 1'b1;
          flags_d = rb_data_i;
          bit_d = 4'd0;
          if (left_q == LW'(1)) err_d = 3'(syn_proto_pkg::NackLength);  // flags alone
          state_d = StWrWeight;
        end
      end
      StWrWeight: begin
        wret_d = StWrWeight;
        if (left_q == '0) begin
          state_d = StStatus;
        end else if (bit_q == 4'd8) begin
          state_d = StWrGroup;
        end else if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = left_q - 1'b1;
          w_op = WWeight;
          bit_d = bit_q + 4'd1;
          state_d = StWrPut;
        end
      end
      StWrRle: begin
        flags_d = w_q[7:0];   // bit 0: flag of the listed weights, bit 1: of the zeros
        // Columns left, complemented: counted up to all ones with the
        // incrementer cnt_q already has.
        cnt_d = ~w_q[23:8];
        wret_d = StWrRle1;
        state_d = StWrRle1;
      end
      StWrRle1: begin
        // The next column: a zero still owed by the pair, its weight, or the next pair.
        state_d = StWrPut;
        if (cnt_q == 16'hFFFF) begin
          if (ent_q || x_q != 8'd0 || left_q != '0) err_d = 3'(syn_proto_pkg::NackArgument);
          state_d = StStatus;
        end else if (x_q != 8'd0) begin
          w_op = WZeroW;
          x_d = x_q - 8'd1;
          cnt_d = cnt_q + 16'd1;
        end else if (ent_q) begin
          w_op = WListW;
          ent_d = 1'b0;
          cnt_d = cnt_q + 16'd1;
        end else if (!syn_proto_pkg::lt16(16'(left_q), 16'd2)) begin
          n_d = 3'd2;
          ret_d = StWrRle2;
          state_d = StGet;
        end else if (left_q != '0) begin
          err_d = 3'(syn_proto_pkg::NackLength);
          state_d = StStatus;
        end else begin
          w_op = WZeroW;  // after the last pair: zeros to the end
          cnt_d = cnt_q + 16'd1;
        end
      end
      StWrRle2: begin
        x_d = w_q[7:0];
        y_d = w_q[15:8];
        ent_d = 1'b1;
        state_d = StWrRle1;
      end

      // -------------------------------------------------------------- READ
      StRd: begin
        n_d = 3'd2;
        ret_d = StRd1;
        state_d = StGet;
      end
      StRd1: begin
        fmt_d = w_q[7:0];
        stp_d = w_q[15:8];
        n_d = 3'd4;
        ret_d = StRd2;
        state_d = StGet;
      end
      StRd2: begin
        a_op = ALoad;
        n_d = 3'd2;
        ret_d = StRd3;
        state_d = StGet;
      end
      StRd3: begin
        cnt_d = w_q[15:0];
        k_d = '0;
        flags_d = 8'h00;
        state_d = StRd4;
      end
      StRd4: begin
        hk_d = HkData;
        n_d = 3'd0;
        ret_d = StRdWord;
        state_d = StOpen;
        if (!rd_fits) begin
          err_d = 3'(syn_proto_pkg::NackArgument);
          state_d = StNack;
        end
      end
      StRdWord: begin
        if (k_q == KW'(cnt_q)) begin
          // A part-filled weight group still owes its flag byte.
          state_d = fmt_q == syn_proto_pkg::FmtWeights && k_q[2:0] != 3'd0 ? StRdFlags : StStatus;
        end else if (is_link) begin
          w_op = WLink;
          if (a_q[23:16] != 8'd0 || !syn_proto_pkg::lt16(a_q[15:0], 16'(syn_proto_pkg::NumLinkRegs))) err_d = 3'(syn_proto_pkg::NackArgument);
          state_d = StRdOut;
          // The counters (link registers 2..6) are in a RAM.
          if (a_q[7:3] == 5'd0 && a_q[2:0] >= 3'(syn_proto_pkg::LinkRegCrc) &&
              a_q[2:0] <= 3'(syn_proto_pkg::LinkRegLate)) begin
            state_d = StRdCnt;
          end
        end else begin
          cop_d = syn_pkg::OpRead;
          ret_d = StRdOut;
          state_d = StCmd;
        end
      end
      StRdCnt: begin
        if (cnt_ack_i) state_d = StRdCnt1;
      end
      StRdCnt1: begin
        w_op = WLink;
        state_d = StRdOut;
      end
      StRdOut: begin
        // FmtWeights: groups of up to 8 weight bytes, each followed by their flag byte.
        a_op = AStep;
        k_d = k_q + 1'b1;
        n_d = fmt_q == syn_proto_pkg::FmtWeights ? 3'd1 : width;
        flags_d = flags_q | ({7'd0, w_q[syn_pkg::WeightFlagBit]} << k_q[2:0]);
        ret_d = fmt_q == syn_proto_pkg::FmtWeights && k_q[2:0] == 3'd7 ? StRdFlags : StRdWord;
        state_d = StPut;
      end
      StRdFlags: begin
        ob = 1'b1;
        ob_data = flags_q;
        if (enc_ready_i) begin
          flags_d = 8'h00;
          state_d = StRdWord;
          if (k_q == KW'(cnt_q)) state_d = StStatus;
        end
      end

      // ------------------------------------------------------------- CLEAR
      StClear: begin
        cop_d = syn_pkg::OpClear;
        ret_d = StStatus;
        state_d = StCmd;
      end

      // --------------------------------------------------------------- RUN
      StRun: begin
        n_d = 3'd2;
        ret_d = StRun1;
        state_d = StGet;
      end
      StRun1: begin
        steps_d = w_q[15:0];
        inf_d = w_q[15:0] == 16'h0;
        n_d = 3'd1;
        ret_d = StRun2;
        state_d = StGet;
      end
      StRun2: begin
        free_d = FreeRun && (w_q[7:0] & syn_proto_pkg::RunFree) != 8'h00;
        stp_d = 8'd1;  // the pending list and state fields are read at consecutive addresses
        ent_d = 1'b0;
        wret_d = StRunLoop;
        state_d = StRunRec;
      end
      StRunRec: begin
        state_d = wret_q;
        ent_d = 1'b0;
        if (!syn_proto_pkg::lt16(16'(left_q), 16'd2)) begin
          n_d = 3'd2;
          ret_d = StRunRec1;
          state_d = StGet;
        end else if (left_q != '0) begin
          err_d = 3'(syn_proto_pkg::NackLength);
        end
      end
      StRunRec1: begin
        ent_d = 1'b1;
        x_d = w_q[7:0];    // steps after the previous record (or after the run's start)
        y_d = w_q[15:8];   // count byte
        state_d = wret_q;
      end
      StRunLoop: begin
        if (inf_q ? rx_commit_i != fend_q : steps_q == 16'h0) begin
          state_d = StRunEnd;
        end else if (!free_q || tmr_q == 24'd0) begin
          // Late: the period ended before this step was ready to start.
          if (free_q && paced_q && zero_q) ev_late_o = 1'b1;
          paced_d = free_q;
          tmr_d = period_q;
          state_d = StRunIn;
        end
      end
      StRunIn: begin
        wret_d = StRunIn;
        k_d = '0;
        state_d = StRunStep;
        if (ent_q && x_q == 8'd0) begin
          ent_d = 1'b0;
          state_d = y_q == syn_proto_pkg::RecBitmap ? StRunMap : StRunList;
        end
      end
      StRunList: begin
        if (k_q[7:0] == y_q) begin
          state_d = StRunRec;
        end else if (syn_proto_pkg::lt16(16'(left_q), 16'(AxonIdxBytes))) begin
          err_d = 3'(syn_proto_pkg::NackLength);
          state_d = StRunRec;
        end else begin
          n_d = 3'(AxonIdxBytes);
          ret_d = StRunList1;
          state_d = StGet;
        end
      end
      StRunList1: begin
        k_d = k_q + 1'b1;
        cop_d = syn_pkg::OpAxon;
        ret_d = StRunList;
        state_d = StCmd;
      end
      StRunMap: begin
        if (k_q == KW'(AxonMapBytes)) begin
          state_d = StRunRec;
        end else if (left_q == '0) begin
          err_d = 3'(syn_proto_pkg::NackLength);
          state_d = StRunRec;
        end else if (rb_valid_i) begin
          rb_take_o = 1'b1;
          left_d = left_q - 1'b1;
          flags_d = rb_data_i;
          bit_d = 4'd0;
          state_d = StRunBit;
        end
      end
      StRunBit: begin
        if (bit_q == 4'd8) begin
          k_d = k_q + 1'b1;
          state_d = StRunMap;
        end else begin
          bit_d = bit_q + 4'd1;
          if (flags_q[bit_q[2:0]]) begin
            w_op = WAxon;
            cop_d = syn_pkg::OpAxon;
            ret_d = StRunBit;
            state_d = StCmd;
          end
        end
      end
      StRunStep: begin
        cop_d = syn_pkg::OpStep;
        eos_d = 1'b0;
        step_o = 1'b1;
        ret_d = StRunEos;
        state_d = StCmd;
      end
      StRunEos: begin
        if (eos_q) state_d = eosn_q == '0 ? StRunProbe : StRunOut;
      end
      StRunOut: begin
        if (sopen_q) begin
          state_d = StRunOut2;
          if (gap_q[8] ||
              !rec_fits_q) begin
            cret_d = StRunOut;    // no room in this frame: send it, start another
            state_d = StClose;
          end
        end else if (enc_room_i) begin
          a_op = ARegStep;
          cop_d = syn_pkg::OpRead;
          ret_d = StRunOut1;
          state_d = StCmd;
        end else if (free_q) begin
          ev_overflow_o = 1'b1;  // no room in a free run: drop this step's record
          state_d = StRunProbe;
        end
      end
      StRunOut1: begin
        // Type, stream seq, then the step counter read just now (the step
        // after this record's), then the records.
        flen_d = 9'd6;
        sseq_d = sseq_q + 8'd1;
        gap_d = 9'd0;
        hk_d = HkSpikes;
        n_d = 3'd4;
        ret_d = StRunOut2;
        state_d = StOpen;
      end
      StRunOut2: begin
        sopen_d = 1'b1;
        ob = 1'b1;
        ob_data = gap_q[7:0];
        if (enc_ready_i) begin
          gap_d = 9'd0;
          state_d = StRunOut3;
        end
      end
      StRunOut3: begin
        ob = 1'b1;
        ob_data = list_form ? 8'(eosn_q) : syn_proto_pkg::RecBitmap;
        a_op = APend;
        cop_d = syn_pkg::OpRead;
        k_d = '0;
        cnt_d = 16'd0;  // bitmap bytes written
        pend_d = 1'b0;
        flags_d = 8'h00;
        if (enc_ready_i) begin
          flen_d = 9'(fsum + 10'd2);
          state_d = list_form ? StRunList2 : StRunMap2;
        end
      end
      StRunList2: begin
        if (k_q == KW'(eosn_q)) begin
          state_d = StRunOutEnd;
        end else begin
          k_d = k_q + 1'b1;
          ret_d = StRunList3;
          state_d = StCmd;
        end
      end
      StRunList3: begin
        a_op = AStep;
        n_d = 3'(SpkIdxBytes);
        ret_d = StRunList2;
        state_d = StPut;
      end
      StRunMap2: begin
        if (cnt_q == 16'(SpkMapBytes)) begin
          state_d = StRunOutEnd;
        end else if (!pend_q && k_q != KW'(eosn_q)) begin
          k_d = k_q + 1'b1;
          ret_d = StRunMap3;
          state_d = StCmd;
        end else if (pend_q && w_q[15:3] == cnt_q[12:0]) begin
          flags_d = flags_q | (8'h01 << w_q[2:0]);
          pend_d = 1'b0;
        end else begin
          ob = 1'b1;
          ob_data = flags_q;
          if (enc_ready_i) begin
            flags_d = 8'h00;
            cnt_d = cnt_q + 16'd1;
          end
        end
      end
      StRunMap3: begin
        a_op = AStep;
        pend_d = 1'b1;
        state_d = StRunMap2;
      end
      StRunOutEnd: begin
        state_d = StRunProbe;
        if (tx_idle_i) begin
          // Nothing else to send: send this frame now rather than batch more steps.
          cret_d = StRunProbe;
          state_d = StClose;
        end
      end
      StRunProbe: begin
        state_d = StRunNext;
        if (pevery_q != 16'd0) begin
          if (syn_proto_pkg::le16(pcnt_q, 16'd1)) begin
            pcnt_d = pevery_q;
            pj_d = '0;
            state_d = StRunPrb;
          end else begin
            pcnt_d = pcnt_q - 16'd1;
          end
        end
      end
      StRunPrb: begin
        if (sopen_q) begin
          cret_d = StRunPrb;
          state_d = StClose;
        end else if (enc_room_i) begin
          a_op = ARegStep;
          cop_d = syn_pkg::OpRead;
          ret_d = StRunPrb1;
          state_d = StCmd;
        end else if (free_q) begin
          ev_overflow_o = 1'b1;
          state_d = StRunNext;
        end
      end
      StRunPrb1: begin
        sseq_d = sseq_q + 8'd1;
        hk_d = HkProbes;
        n_d = 3'd4;
        ret_d = StRunPrb2;
        state_d = StOpen;
      end
      StRunPrb2: begin
        ob = 1'b1;
        ob_data = 8'(pnum_q);
        if (enc_ready_i) state_d = StRunPrb3;
      end
      StRunPrb3: begin
        // prb_rdata shows entry pj_q from the next cycle on.
        if (pj_q == pnum_q) begin
          cret_d = StRunNext;
          state_d = StClose;
        end else begin
          state_d = StRunPrb4;
        end
      end
      StRunPrb4: begin
        w_op = WProbe;
        a_op = AState;
        cop_d = syn_pkg::OpRead;
        cnt_d = 16'd0;  // state field
        n_d = 3'd2;
        ret_d = StRunPrb5;
        state_d = StPut;
      end
      StRunPrb5: begin
        if (cnt_q == 16'd6) begin
          pj_d = pj_q + 1'b1;
          state_d = StRunPrb3;
        end else begin
          ret_d = StRunPrb6;
          state_d = StCmd;
        end
      end
      StRunPrb6: begin
        // u, v and adapt take 3 bytes, refractory and the traces 1.
        a_op = AStep;
        cnt_d = cnt_q + 16'd1;
        n_d = syn_proto_pkg::lt16(cnt_q, 16'd3) ? 3'd3 : 3'd1;
        ret_d = StRunPrb5;
        state_d = StPut;
      end
      StRunNext: begin
        if (!inf_q) steps_d = steps_q - 16'd1;
        if (gap_q != 9'd256) gap_d = gap_q + 9'd1;
        if (ent_q && x_q != 8'd0) x_d = x_q - 8'd1;
        state_d = StRunLoop;
      end
      StRunEnd: begin
        // Records past the last step of a finite run are a host error.
        if (!inf_q && (ent_q || left_q != '0)) err_d = 3'(syn_proto_pkg::NackArgument);
        state_d = StStatus;
        if (sopen_q) begin
          cret_d = StStatus;
          state_d = StClose;
        end
      end

      // ------------------------------------------------------------- PROBE
      StProbe: begin
        n_d = 3'd3;
        ret_d = StProbe1;
        state_d = StGet;
      end
      StProbe1: begin
        cnt_d = {8'h00, w_q[23:16]};
        pcnt_d = w_q[15:0];       // the interval, until the list is complete
        pj_d = '0;
        pevery_d = 16'd0;         // no probing until the new list is complete
        state_d = StProbeList;
        if (!syn_proto_pkg::le16(16'(w_q[23:16]), 16'(MaxProbes)) || (!Probes && w_q[23:16] != 8'd0)) begin
          err_d = 3'(syn_proto_pkg::NackArgument);
          state_d = StNack;
        end else if (32'(left_q) != 32'(w_q[23:16]) * 2) begin
          err_d = 3'(syn_proto_pkg::NackLength);
          state_d = StNack;
        end
      end
      StProbeList: begin
        if (32'(pj_q) == 32'(cnt_q)) begin
          pnum_d = PW'(cnt_q);
          if (err_q == 3'd0 && Probes) pevery_d = pcnt_q;
          state_d = err_q == 3'd0 ? StAck : StNack;
        end else begin
          n_d = 3'd2;
          ret_d = StProbeList1;
          state_d = StGet;
        end
      end
      StProbeList1: begin
        prb_we = 1'b1;
        if (!syn_proto_pkg::lt16(w_q[15:0], 16'(NumNeurons))) err_d = 3'(syn_proto_pkg::NackArgument);
        pj_d = pj_q + 1'b1;
        state_d = StProbeList;
      end
      default: state_d = StIdle;
    endcase

    // Byte writes of the states above; a Spikes frame counts its length.
    if (ob) begin
      enc_valid_o = 1'b1;
      enc_op_o = EncByte;
    end
  end

  assign enc_data_o = ob_data;
  assign cmd_op_o = cop_q;
  assign cmd_addr_o = a_q;
  assign cmd_data_o = w_q;
  assign rx_free_o = fstart_q;
  // Outside the always_comb above: the counters answer cnt_rd_o in the same cycle.
  assign cnt_rd_o = state_q == StRdCnt;
  assign cnt_idx_o = a_q[2:0];
  assign idle_o = state_q == StIdle;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      ret_q <= StIdle;
      cret_q <= StIdle;
      wret_q <= StIdle;
      hk_q <= HkAck;
      cop_q <= syn_pkg::OpNop;
      {fstart_q, fend_q, left_q, type_q, seq_q, expect_q, err_q, cerr_q, dup_q} <= '0;
      {w_q, a_q, n_q, gi_q, hb_q} <= '0;
      {sopen_q, flen_q, sseq_q} <= '0;
      {fmt_q, stp_q, cnt_q, k_q, flags_q, bit_q, x_q, y_q, ent_q} <= '0;
      {steps_q, inf_q, free_q, gap_q, eos_q, eosn_q, pend_q} <= '0;
      list_form <= 1'b1;  // a count of 0 is a list
      rec_fits_q <= 1'b0;
      {period_q, tmr_q, zero_q, paced_q} <= '0;
      {pevery_q, pcnt_q, pnum_q, pj_q} <= '0;
    end else begin
      state_q <= state_d;
      ret_q <= ret_d;
      cret_q <= cret_d;
      wret_q <= wret_d;
      hk_q <= hk_d;
      cop_q <= cop_d;
      {fstart_q, fend_q, left_q, type_q, seq_q, expect_q, err_q, cerr_q, dup_q} <=
          {fstart_d, fend_d, left_d, type_d, seq_d, expect_d, err_d, cerr_d, dup_d};
      {w_q, a_q, n_q, gi_q, hb_q} <= {w_d, a_d, n_d, gi_d, hb_d};
      {sopen_q, flen_q, sseq_q} <= {sopen_d, flen_d, sseq_d};
      {fmt_q, stp_q, cnt_q, k_q, flags_q, bit_q, x_q, y_q, ent_q} <=
          {fmt_d, stp_d, cnt_d, k_d, flags_d, bit_d, x_d, y_d, ent_d};
      {steps_q, inf_q, free_q, gap_q, eos_q, eosn_q, pend_q} <=
          {steps_d, inf_d, free_d, gap_d, eos_d, eosn_d, pend_d};
      list_form <= list_d;
      // The record and its two header bytes: flen_q + rec_len + 2 <= MaxBody - 2.
      rec_fits_q <= syn_pkg::lt_const(32'(fsum), 32'(syn_proto_pkg::MaxBody - 3));
      {period_q, tmr_q, zero_q, paced_q} <= {period_d, tmr_d, tmr_q == 24'd0, paced_d};
      {pevery_q, pcnt_q, pnum_q, pj_q} <= {pevery_d, pcnt_d, pnum_d, pj_d};
    end
  end
endmodule
`default_nettype wire
