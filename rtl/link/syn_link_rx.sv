`default_nettype none
// syn_link_rx: the receive half of the link. Decodes COBS frames from the
// line, checks length and CRC, and stores every good frame in the receive
// ring for the request bridge (syn_link_bridge); bad frames leave no trace
// except a counter.
//
// Usage: feed line bytes on in_valid_i/in_data_i (one per cycle at most, no
// back-pressure: the UART cannot wait) and pulse uart_ferr_i for each UART
// framing error. The ring RAM's write port is driven from here; the bridge
// owns the read side and returns space by moving free_i to the start of the
// oldest frame it still needs.
//
// Ring layout: each committed frame is a 2-byte little-endian length L
// followed by its L bytes of type, seq and payload (the CRC is checked and
// dropped). commit_o is the end of the committed frames (where the next
// frame's length will go); the bridge may read any byte in [free_i,
// commit_o). A frame is committed one cycle after its delimiter arrives plus
// one cycle for the length.
//
// Dropped frames: a frame ending in the middle of a COBS block, shorter than
// MinBody or longer than MaxBody pulses ev_framing_o (so does a UART framing
// error; both in one cycle make one pulse); a frame that did not fit in the
// ring pulses ev_dropped_o; a frame with a bad CRC pulses ev_crc_o (the
// counters are in syn_link_counters). Empty frames (two delimiters in a row,
// as a host sends to resynchronise) are ignored.
module syn_link_rx #(
  // Receive ring size in bytes, a power of two (at least 2 * (MaxBody + 2)
  // lets the host keep one frame in flight while another is executed).
  parameter int unsigned RingBytes = 1024
) (
  input  wire logic                         clk_i,
  input  wire logic                         rst_ni,
  input  wire logic                         in_valid_i,
  input  wire logic [7:0]                   in_data_i,
  input  wire logic                         uart_ferr_i,
  // Ring write port.
  output logic                              ram_we_o,
  output logic [$clog2(RingBytes)-1:0]      ram_waddr_o,
  output logic [7:0]                        ram_wdata_o,
  // Ring pointers.
  input  wire logic [$clog2(RingBytes)-1:0] free_i,
  output logic [$clog2(RingBytes)-1:0]      commit_o,
  // Event pulses for the counters (syn_link_counters).
  output logic                              ev_crc_o,
  output logic                              ev_framing_o,
  output logic                              ev_dropped_o
);
  localparam int unsigned AW = $clog2(RingBytes);
  localparam int unsigned CW = $clog2(syn_proto_pkg::MaxBody + 2);

  initial begin
    if (RingBytes < syn_proto_pkg::MaxBody + 4) begin
      $error("syn_link_rx: RingBytes cannot hold a frame of MaxBody bytes");
    end
  end

  // COBS decoder and CRC of the decoded bytes.
  logic       dv, eof, eof_err;
  logic [7:0] dd;
  syn_cobs_dec u_cobs (
    .clk_i, .rst_ni, .valid_i(in_valid_i), .data_i(in_data_i),
    .out_valid_o(dv), .out_data_o(dd), .eof_o(eof), .eof_err_o(eof_err)
  );
  logic [CW-1:0] count_q, count_d;   // decoded bytes of this frame (saturates past MaxBody)
  logic [15:0]   crc;
  syn_crc16 u_crc (
    .clk_i, .rst_ni, .init_i(count_q == '0), .valid_i(dv), .data_i(dd), .crc_o(crc)
  );

  logic [AW-1:0] start_q, start_d;   // length slot of the frame being received
  logic [AW-1:0] wr_q, wr_d;         // where its next byte goes
  logic          over_q, over_d;     // it did not fit: drop it at its end
  logic          hi_q, hi_d;         // the length's high byte is still to be written
  logic          lenhi_q, lenhi_d;   // high byte (0 or 1) of the length being committed
  logic          bad_len;            // a malformed frame ends

  // Room for one more byte: the ring keeps one byte free so that full and
  // empty differ.
  logic [AW-1:0] wr_inc;
  logic          room;
  assign wr_inc = wr_q + AW'(1);
  assign room = wr_inc != free_i;

  always_comb begin
    count_d  = count_q;
    start_d  = start_q;
    wr_d     = wr_q;
    over_d   = over_q;
    hi_d     = 1'b0;
    lenhi_d  = lenhi_q;
    bad_len  = 1'b0;
    ev_crc_o = 1'b0;
    ev_dropped_o = 1'b0;
    ram_we_o    = 1'b0;
    ram_waddr_o = wr_q;
    ram_wdata_o = dd;
    if (hi_q) begin
      // Second cycle of a commit: the high length byte, then publish the frame.
      ram_we_o    = 1'b1;
      ram_waddr_o = start_q + AW'(1);
      ram_wdata_o = {7'd0, lenhi_q};
      // The next length slot goes over this frame's CRC (stored, not needed):
      // wr_q stays, two bytes past the slot.
      start_d     = wr_q - AW'(2);
    end else if (dv) begin
      if (syn_proto_pkg::le16(16'(count_q), 16'(syn_proto_pkg::MaxBody))) count_d = count_q + 1'b1;
      if (!room) over_d = 1'b1;
      if (room && !over_q && syn_proto_pkg::lt16(16'(count_q), 16'(syn_proto_pkg::MaxBody))) begin
        ram_we_o = 1'b1;
        wr_d     = wr_inc;
      end
    end else if (eof) begin
      count_d = '0;
      over_d  = 1'b0;
      wr_d    = start_q + AW'(2);   // roll back; a good frame moves it again below
      if (count_q == '0 && !eof_err) begin
        // An empty frame: nothing to do.
      end else if (eof_err || syn_proto_pkg::lt16(16'(count_q), 16'(syn_proto_pkg::MinBody)) ||
                   !syn_proto_pkg::le16(16'(count_q), 16'(syn_proto_pkg::MaxBody))) begin
        bad_len = 1'b1;
      end else if (over_q) begin
        ev_dropped_o = 1'b1;
      end else if (crc != 16'h0000) begin
        ev_crc_o = 1'b1;
      end else begin
        // Good: write the length (without the CRC) into the slot. All its
        // bytes are in the ring (count_q <= MaxBody, no overflow), so wr_q
        // is start_q + 2 + count_q: keep it.
        wr_d        = wr_q;
        lenhi_d     = !syn_proto_pkg::lt16(16'(count_q), 16'd258);
        ram_we_o    = 1'b1;
        ram_waddr_o = start_q;
        ram_wdata_o = 8'(count_q - CW'(2));
        hi_d        = 1'b1;
      end
    end
  end

  // A UART framing error and a malformed frame in the same cycle count as one
  // event: both mean bytes were lost, and the frame is dropped either way.
  assign ev_framing_o = bad_len || uart_ferr_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q  <= '0;
      start_q  <= '0;
      wr_q     <= AW'(2);
      over_q   <= 1'b0;
      hi_q     <= 1'b0;
      lenhi_q  <= 1'b0;
    end else begin
      count_q  <= count_d;
      start_q  <= start_d;
      wr_q     <= wr_d;
      over_q   <= over_d;
      hi_q     <= hi_d;
      lenhi_q  <= lenhi_d;
    end
  end

  // The committed frames end where the next frame's length slot is.
  assign commit_o  = start_q;
endmodule
`default_nettype wire
