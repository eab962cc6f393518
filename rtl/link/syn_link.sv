`default_nettype none
// syn_link: the byte-stream side of the link protocol (docs/protocol.md,
// version 2): receive ring, request bridge, spike-stream encoder and
// transmit ring, in front of the core's control port (docs/rtl.md).
// syn_linked_core adds the core; syn_board_top adds the UART.
//
// Usage: line bytes arrive on in_valid_i/in_data_i (at most one per cycle, no
// back-pressure; uart_ferr_i pulses count UART framing errors) and leave on
// out_valid_o/out_data_o/out_ready_i. The core port is the master side of the
// core's control port plus the core's status bits. idle_o is high when no
// frame is queued or being executed and nothing waits to be sent: a
// simulation may then skip time. step_o pulses when a step starts.
//
// Data path: syn_link_rx (COBS, CRC) -> receive ring -> syn_link_reader ->
// syn_link_bridge -> core; core spike stream -> syn_link_spikes; the bridge's
// answers and the spike frames share one frame encoder (syn_link_txenc), the
// bridge taking it only between spike frames -> transmit ring -> syn_link_tx.
//
// Memory: the receive ring (RxRingBytes) and the transmit ring (TxRingBytes)
// are block RAMs (2 + 1 iCE40 EBR at the defaults); the answer buffer with
// the INFO table and the event counters (syn_link_counters) take one EBR each.
module syn_link #(
  // Ring sizes in bytes (powers of two). Everything else the link reports or
  // switches on (the core's shape, clock, UART rate, free runs, build
  // identity) comes from the build's package, syn_build_pkg.
  parameter int unsigned RxRingBytes = 1024,
  parameter int unsigned TxRingBytes = 512
) (
  input  wire logic                  clk_i,
  input  wire logic                  rst_ni,
  input  wire logic                  in_valid_i,
  input  wire logic [7:0]            in_data_i,
  input  wire logic                  uart_ferr_i,
  output logic                       out_valid_o,
  output logic [7:0]                 out_data_o,
  input  wire logic                  out_ready_i,
  // Core control port (master).
  output logic                       cmd_valid_o,
  input  wire logic                  cmd_ready_i,
  output logic [syn_pkg::OpBits-1:0] cmd_op_o,
  output logic [31:0]                cmd_addr_o,
  output logic [31:0]                cmd_data_o,
  input  wire logic                  rsp_valid_i,
  output logic                       rsp_ready_o,
  input  wire logic [31:0]           rsp_data_i,
  input  wire logic                  spk_valid_i,
  output logic                       spk_ready_o,
  input  wire logic [31:0]           spk_data_i,
  input  wire logic [syn_pkg::StatusBits-1:0] status_i,
  output logic                       idle_o,
  output logic                       step_o
);
  localparam int unsigned RAW = $clog2(RxRingBytes);
  localparam int unsigned TAW = $clog2(TxRingBytes);

  // Receive side.
  logic           rx_we;
  logic [RAW-1:0] rx_waddr;
  logic [7:0]     rx_wdata;
  logic [RAW-1:0] rx_free, rx_commit;
  logic           ev_crc, ev_framing, ev_dropped;
  syn_link_rx #(.RingBytes(RxRingBytes)) u_rx (
    .clk_i, .rst_ni, .in_valid_i, .in_data_i, .uart_ferr_i,
    .ram_we_o(rx_we), .ram_waddr_o(rx_waddr), .ram_wdata_o(rx_wdata),
    .free_i(rx_free), .commit_o(rx_commit),
    .ev_crc_o(ev_crc), .ev_framing_o(ev_framing), .ev_dropped_o(ev_dropped)
  );

  logic           rx_re;
  logic [RAW-1:0] rx_raddr;
  logic [7:0]     rx_rdata;
  syn_link_ram #(.Bytes(RxRingBytes)) u_rx_ram (
    .clk_i, .we_i(rx_we), .waddr_i(rx_waddr), .wdata_i(rx_wdata),
    .re_i(rx_re), .raddr_i(rx_raddr), .rdata_o(rx_rdata)
  );

  logic           rb_valid, rb_take;
  logic [7:0]     rb_data;
  // Space is free as soon as the reader has the byte: the ring's bytes are
  // read once, in order, and the host's window (a request's bytes held until
  // its answer) only ever assumes less room than there is.
  assign rx_free = rx_raddr;
  syn_link_reader #(.RingBytes(RxRingBytes)) u_reader (
    .clk_i, .rst_ni, .limit_i(rx_commit),
    .valid_o(rb_valid), .data_o(rb_data), .take_i(rb_take),
    .ram_re_o(rx_re), .ram_raddr_o(rx_raddr), .ram_rdata_i(rx_rdata)
  );

  // Event counters, indexed by link register (syn_proto_pkg::LinkRegCrc ..
  // LinkRegLate; 0 is the version, a constant in the same RAM; 1, the period,
  // is write-only and reads 0).
  logic        cnt_rd, cnt_ack, cnt_idle, ev_overflow, ev_late;
  logic [2:0]  cnt_idx;
  logic [15:0] cnt_rdata;
  syn_link_counters #(
    .Num(syn_proto_pkg::NumLinkRegs), .Index0(16'(syn_proto_pkg::ProtoVersion))
  ) u_counters (
    .clk_i, .rst_ni,
    .inc_i({ev_late, ev_overflow, ev_dropped, ev_framing, ev_crc, 2'b00}),
    .rd_i(cnt_rd), .rd_idx_i(cnt_idx), .rd_ack_o(cnt_ack), .rdata_o(cnt_rdata), .idle_o(cnt_idle)
  );

  // Requests.
  logic           enc_ready, enc_room, tx_idle, br_idle, br_answer, flush, spk_open, lossy;
  logic           br_valid, sp_valid;
  logic [1:0]     br_op, sp_op;
  logic [7:0]     br_data, sp_data;
  syn_link_bridge #(.RxRingBytes(RxRingBytes)) u_bridge (
    .clk_i, .rst_ni,
    .rb_valid_i(rb_valid), .rb_data_i(rb_data), .rb_take_o(rb_take),
    .cnt_rd_o(cnt_rd), .cnt_idx_o(cnt_idx), .cnt_ack_i(cnt_ack), .cnt_rdata_i(cnt_rdata),
    .ev_late_o(ev_late),
    .enc_valid_o(br_valid), .enc_op_o(br_op), .enc_data_o(br_data),
    .enc_ready_i(enc_ready), .enc_room_i(enc_room), .answer_o(br_answer),
    .flush_o(flush), .spk_open_i(spk_open), .lossy_o(lossy),
    .cmd_valid_o, .cmd_ready_i, .cmd_op_o, .cmd_addr_o, .cmd_data_o,
    .rsp_valid_i, .rsp_ready_o, .rsp_data_i, .status_i,
    .idle_o(br_idle), .step_o
  );

  // Spike stream.
  syn_link_spikes u_spikes (
    .clk_i, .rst_ni,
    .spk_valid_i, .spk_ready_o, .spk_data_i,
    .lossy_i(lossy), .flush_i(flush), .grant_i(!br_answer),
    .enc_valid_o(sp_valid), .enc_op_o(sp_op), .enc_data_o(sp_data),
    .enc_ready_i(enc_ready), .enc_room_i(enc_room), .tx_idle_i(tx_idle),
    .open_o(spk_open), .ev_overflow_o(ev_overflow)
  );

  // The encoder serves the bridge while it answers, else the spike stream.
  logic           enc_valid;
  logic [1:0]     enc_op;
  logic [7:0]     enc_data;
  assign enc_valid = br_answer ? br_valid : sp_valid;
  assign enc_op = br_answer ? br_op : sp_op;
  assign enc_data = br_answer ? br_data : sp_data;

  // Transmit side: the encoder writes line bytes into the ring, the
  // transmitter streams them out.
  logic           tx_we;
  logic [TAW-1:0] tx_waddr, tx_commit, tx_free;
  logic [7:0]     tx_wdata;
  syn_link_txenc #(.RingBytes(TxRingBytes)) u_enc (
    .clk_i, .rst_ni, .valid_i(enc_valid), .op_i(enc_op), .data_i(enc_data),
    .ready_o(enc_ready), .room_o(enc_room), .free_i(tx_free), .commit_o(tx_commit),
    .we_o(tx_we), .waddr_o(tx_waddr), .wdata_o(tx_wdata)
  );
  syn_link_tx #(.RingBytes(TxRingBytes)) u_tx (
    .clk_i, .rst_ni, .we_i(tx_we), .waddr_i(tx_waddr), .wdata_i(tx_wdata),
    .commit_i(tx_commit), .free_o(tx_free),
    .out_valid_o, .out_data_o, .out_ready_i, .idle_o(tx_idle)
  );

  // The encoder finishes a frame (CRC, code, delimiter) after the bridge has
  // moved on: enc_ready says it is done.
  assign idle_o = br_idle && !spk_open && !rb_valid && rx_commit == rx_free && enc_ready && tx_idle && cnt_idle;
endmodule
`default_nettype wire
