`default_nettype none
// syn_link_spikes: the spike-stream encoder of the link (docs/protocol.md,
// version 2, "Spikes"). Turns the core's spike stream straight into Spikes
// frames: every spike is one 16-bit item (the neuron), preceded by a 16-bit
// step marker (bit 15 set, the step's low 15 bits) whenever the step changes
// and at the start of every frame. Steps without spikes send nothing.
//
// Usage: connect the core's spike stream (spk_*), the frame encoder
// (syn_link_txenc, through syn_link's multiplexer: this module drives it
// while open_o or while it begins a frame, never while the bridge answers,
// grant_i low), the transmitter's idle flag and the bridge's flush/lossy
// signals. open_o is high from the frame's beginning to its end.
//
// Frames: begun at the first spike that finds none open, when the transmit
// ring has room for a whole frame; closed after a step's end-of-step word
// when the transmitter is idle (low latency at low rates, batching when the
// line is the bottleneck), before the next item would overflow MaxBody, and
// when flush_i asks (the bridge, before an answer).
//
// Back-pressure: without lossy_i the encoder holds the spike stream while
// the ring has no room, and the core waits: nothing is lost. With lossy_i (a
// paced step) a spike that finds no frame and no room is dropped, and each
// step that lost spikes pulses ev_overflow_o once, at its end-of-step word.
module syn_link_spikes (
  input  wire logic        clk_i,
  input  wire logic        rst_ni,
  // Core spike stream (syn_pkg: {eos, step[14:0], neuron or count}).
  input  wire logic        spk_valid_i,
  output logic             spk_ready_o,
  input  wire logic [31:0] spk_data_i,
  // Bridge: drop instead of waiting; close the frame; the encoder is free.
  input  wire logic        lossy_i,
  input  wire logic        flush_i,
  input  wire logic        grant_i,
  // Frame encoder, its room flag and the transmitter's idle flag.
  output logic             enc_valid_o,
  output logic [1:0]       enc_op_o,
  output logic [7:0]       enc_data_o,
  input  wire logic        enc_ready_i,
  input  wire logic        enc_room_i,
  input  wire logic        tx_idle_i,
  output logic             open_o,
  output logic             ev_overflow_o
);
  localparam logic [1:0] EncBegin = 2'd0;
  localparam logic [1:0] EncByte = 2'd1;
  localparam logic [1:0] EncEnd = 2'd2;
  // Payload bytes: a frame is closed before an item of up to 4 bytes
  // (marker and neuron) would take it past MaxBody (type, seq, CRC: 4).
  localparam int unsigned FullAt = syn_proto_pkg::MaxBody - 4 - 4 + 1;

  typedef enum logic [2:0] {
    StWait,   // takes end-of-step words; decides what a spike needs; closes the frame
    StType,   // writes the frame's type
    StSeq,    // its stream sequence number
    StItem,   // writes the spike's bytes: marker (if due) and neuron
    StDrop,   // drops the spike (lossy, no frame, no room)
    StClose   // ends the frame
  } state_e;

  state_e        state_q, state_d;
  logic          open_q, open_d;
  logic [8:0]    len_q, len_d;       // payload bytes written
  logic [14:0]   last_q, last_d;     // step of the last marker
  logic          marked_q, marked_d; // this frame has a marker
  logic          bound_q, bound_d;   // the last word taken was an end-of-step word
  logic          lost_q, lost_d;     // this step lost spikes
  logic [7:0]    seq_q, seq_d;       // stream sequence number
  logic [1:0]    bi_q, bi_d;         // byte of the item: 0, 1 marker; 2, 3 neuron

  logic          eos, spike;
  logic [14:0]   step;
  assign eos = spk_valid_i && spk_data_i[syn_pkg::SpkEosBit];
  assign spike = spk_valid_i && !spk_data_i[syn_pkg::SpkEosBit];
  assign step = spk_data_i[30:16];

  always_comb begin
    state_d = state_q;
    open_d = open_q;
    len_d = len_q;
    last_d = last_q;
    marked_d = marked_q;
    bound_d = bound_q;
    lost_d = lost_q;
    seq_d = seq_q;
    bi_d = bi_q;
    spk_ready_o = 1'b0;
    enc_valid_o = 1'b0;
    enc_op_o = EncByte;
    enc_data_o = 8'h00;
    ev_overflow_o = 1'b0;

    unique case (state_q)
      StWait: begin
        // spk_ready_o depends on the state and the word only (timing: the
        // decisions below reach the core's spike FIFO a cycle later).
        if (eos) begin
          spk_ready_o = 1'b1;
          bound_d = 1'b1;
          lost_d = 1'b0;
          ev_overflow_o = lost_q;
        end
        if (open_q && !spike && (flush_i || (bound_q && tx_idle_i))) begin
          state_d = StClose;
        end else if (spike) begin
          if (open_q) begin
            if (!syn_pkg::lt_const(32'(len_q), 32'(FullAt))) begin
              state_d = StClose;
            end else begin
              bi_d = !marked_q || step != last_q ? 2'd0 : 2'd2;
              state_d = StItem;
            end
          end else if (grant_i && enc_room_i && enc_ready_i) begin
            enc_valid_o = 1'b1;
            enc_op_o = EncBegin;
            open_d = 1'b1;
            len_d = '0;
            marked_d = 1'b0;
            state_d = StType;
          end else if (lossy_i) begin
            state_d = StDrop;
          end
        end
      end
      StDrop: begin
        spk_ready_o = 1'b1;
        lost_d = 1'b1;
        state_d = StWait;
      end
      StType: begin
        enc_valid_o = 1'b1;
        enc_data_o = syn_proto_pkg::RspSpikes;
        if (enc_ready_i) state_d = StSeq;
      end
      StSeq: begin
        enc_valid_o = 1'b1;
        enc_data_o = seq_q;
        bi_d = 2'd0;
        if (enc_ready_i) state_d = StItem;
      end
      StItem: begin
        enc_valid_o = 1'b1;
        unique case (bi_q)
          2'd0: enc_data_o = step[7:0];
          2'd1: enc_data_o = {1'b1, step[14:8]};
          2'd2: enc_data_o = spk_data_i[7:0];
          default: enc_data_o = spk_data_i[15:8];
        endcase
        if (enc_ready_i) begin
          bi_d = bi_q + 2'd1;
          len_d = len_q + 9'd1;
          if (bi_q == 2'd1) begin
            last_d = step;
            marked_d = 1'b1;
          end
          if (bi_q == 2'd3) begin
            spk_ready_o = 1'b1;
            bound_d = 1'b0;
            state_d = StWait;
          end
        end
      end
      StClose: begin
        enc_valid_o = 1'b1;
        enc_op_o = EncEnd;
        if (enc_ready_i) begin
          open_d = 1'b0;
          seq_d = seq_q + 8'd1;
          state_d = StWait;
        end
      end
      default: state_d = StWait;
    endcase
  end

  assign open_o = open_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StWait;
      {open_q, len_q, last_q, marked_q, bound_q, lost_q, seq_q, bi_q} <= '0;
    end else begin
      state_q <= state_d;
      {open_q, len_q, last_q, marked_q, bound_q, lost_q, seq_q, bi_q} <=
          {open_d, len_d, last_d, marked_d, bound_d, lost_d, seq_d, bi_d};
    end
  end
endmodule
`default_nettype wire
