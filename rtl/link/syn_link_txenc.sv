`default_nettype none
// syn_link_txenc: writes frames into the transmit ring already framed for the
// line: COBS-encoded, with the CRC-16 appended and a 0x00 delimiter, so that
// the transmitter only has to stream the ring (syn_link_tx).
//
// Usage: op_i with valid_i/ready_o: OpBegin starts a frame, OpByte appends
// data_i, OpEnd appends the CRC (big-endian), closes the last COBS block,
// writes the delimiter and publishes the frame (commit_o moves past it).
// ready_o is low while a multi-cycle step is in progress. Begin a frame only
// when room_o is high: the ring then holds any frame of up to MaxBody bytes
// (room_o is registered, a cycle late, with a byte of margin for that).
// free_i is the transmitter's read pointer.
//
// Encoding in place: the code byte of the current block is written last,
// over a slot reserved at the block's start. A data byte costs one cycle; a
// zero byte also one (it becomes the next block's slot); the 254th byte of a
// block costs two (its block's code is written too); OpEnd costs five. The
// result equals host/driver/cobs.cpp byte for byte, including the 0x01 code
// after a full block at the end of a frame.
module syn_link_txenc #(
  // Transmit ring size in bytes, a power of two.
  parameter int unsigned RingBytes = 512
) (
  input  wire logic                         clk_i,
  input  wire logic                         rst_ni,
  input  wire logic                         valid_i,
  input  wire logic [1:0]                   op_i,
  input  wire logic [7:0]                   data_i,
  output logic                              ready_o,
  output logic                              room_o,
  input  wire logic [$clog2(RingBytes)-1:0] free_i,
  output logic [$clog2(RingBytes)-1:0]      commit_o,
  // Ring write port.
  output logic                              we_o,
  output logic [$clog2(RingBytes)-1:0]      waddr_o,
  output logic [7:0]                        wdata_o
);
  localparam int unsigned AW = $clog2(RingBytes);
  // Largest encoded frame: body, CRC, a code byte per 254 bytes, the first code, delimiter.
  localparam int unsigned MaxLine = syn_proto_pkg::MaxBody + syn_proto_pkg::MaxBody / 254 + 2;

  initial begin
    if (RingBytes < MaxLine + 2) $error("syn_link_txenc: RingBytes cannot hold a frame");
  end

  localparam logic [1:0] OpBegin = 2'd0;
  localparam logic [1:0] OpByte = 2'd1;
  localparam logic [1:0] OpEnd = 2'd2;

  typedef enum logic [2:0] {
    StReady,   // takes the next operation
    StFull,    // writes the code of a block that reached 254 bytes
    StCrcHi,   // OpEnd: the CRC's high byte
    StCrcLo,   // the low byte
    StCode,    // the last block's code
    StDelim    // the delimiter; then the frame is published
  } state_e;

  state_e         state_q, state_d;
  state_e         after_q, after_d; // where StFull continues
  logic [AW-1:0]  wp_q, wp_d;       // next byte
  logic [AW-1:0]  slot_q, slot_d;   // the current block's code slot
  logic [7:0]     code_q, code_d;   // 1 + the current block's bytes
  logic [AW-1:0]  commit_q, commit_d;
  logic           crc_init, crc_en;
  logic [7:0]     crc_byte;
  logic [15:0]    crc;
  logic [7:0]     b;                // the byte being encoded
  logic           enc;              // encode b this cycle

  syn_crc16 u_crc (.clk_i, .rst_ni, .init_i(crc_init), .valid_i(crc_en), .data_i(crc_byte),
                   .crc_o(crc));

  logic [AW-1:0] space;
  assign space = free_i - wp_q - AW'(1);
  // Registered (timing: the ring pointers' arithmetic would otherwise run
  // into the bridge's next-state logic), with one byte of margin: at most
  // one byte is written per cycle, and the free pointer only moves on.
  logic room_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) room_q <= 1'b0;
    else room_q <= !syn_proto_pkg::lt16(16'(space), 16'(MaxLine + 1));
  end
  assign room_o = room_q;

  always_comb begin
    state_d  = state_q;
    after_d  = after_q;
    wp_d     = wp_q;
    slot_d   = slot_q;
    code_d   = code_q;
    commit_d = commit_q;
    crc_init = 1'b0;
    crc_en   = 1'b0;
    crc_byte = data_i;
    enc      = 1'b0;
    b        = data_i;
    we_o     = 1'b0;
    waddr_o  = wp_q;
    wdata_o  = b;
    unique case (state_q)
      StReady: begin
        if (valid_i) begin
          unique case (op_i)
            OpEnd: state_d = StCrcHi;
            OpBegin: begin
              crc_init = 1'b1;
              slot_d = wp_q;
              wp_d = wp_q + AW'(1);
              code_d = 8'd1;
            end
            OpByte: begin
              crc_en = 1'b1;
              enc = 1'b1;
            end
            default: ;  // no operation
          endcase
        end
      end
      StFull: begin
        we_o = 1'b1;
        waddr_o = slot_q;
        wdata_o = 8'hFF;
        slot_d = wp_q;
        wp_d = wp_q + AW'(1);
        code_d = 8'd1;
        state_d = after_q;
      end
      StCrcHi: begin
        b = crc[15:8];
        enc = 1'b1;
        state_d = StCrcLo;
      end
      StCrcLo: begin
        b = crc[7:0];
        enc = 1'b1;
        state_d = StCode;
      end
      StCode: begin
        we_o = 1'b1;
        waddr_o = slot_q;
        wdata_o = code_q;
        state_d = StDelim;
      end
      StDelim: begin
        we_o = 1'b1;
        wdata_o = syn_proto_pkg::FrameDelim;
        wp_d = wp_q + AW'(1);
        commit_d = wp_q + AW'(1);
        state_d = StReady;
      end
      default: state_d = StReady;
    endcase
    if (enc) begin
      if (b == 8'h00) begin
        // A zero ends the block: its code goes in the slot, the zero's place is the next slot.
        we_o = 1'b1;
        waddr_o = slot_q;
        wdata_o = code_q;
        slot_d = wp_q;
        wp_d = wp_q + AW'(1);
        code_d = 8'd1;
      end else begin
        we_o = 1'b1;
        waddr_o = wp_q;
        wdata_o = b;
        wp_d = wp_q + AW'(1);
        code_d = code_q + 8'd1;
        if (code_q == 8'd254) begin
          after_d = state_d;
          state_d = StFull;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StReady;
      after_q  <= StReady;
      wp_q     <= '0;
      slot_q   <= '0;
      code_q   <= 8'd1;
      commit_q <= '0;
    end else begin
      state_q  <= state_d;
      after_q  <= after_d;
      wp_q     <= wp_d;
      slot_q   <= slot_d;
      code_q   <= code_d;
      commit_q <= commit_d;
    end
  end
  // Outside the always_comb above, so that it depends on the state only.
  assign ready_o = state_q == StReady;
  assign commit_o = commit_q;
endmodule
`default_nettype wire
