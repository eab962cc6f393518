`default_nettype none
// syn_cobs_dec: streaming COBS decoder (docs/protocol.md, "Framing").
//
// Usage: feed the received bytes (valid_i/data_i, one per cycle at most, no
// back-pressure). For every byte it emits at most one decoded byte on the next
// cycle (out_valid_o/out_data_o), and for each 0x00 delimiter an end-of-frame
// pulse eof_o, with eof_err_o set if the frame ended inside a block (a
// truncated frame). The zero a block code implies is emitted when the next
// code byte arrives, so the implied zero at the end of a frame is never
// emitted. Two delimiters in a row give an end-of-frame with no bytes (an
// empty frame, harmless: the receiver ignores it).
module syn_cobs_dec (
  input  wire logic       clk_i,
  input  wire logic       rst_ni,
  input  wire logic       valid_i,
  input  wire logic [7:0] data_i,
  output logic            out_valid_o,
  output logic [7:0]      out_data_o,
  output logic            eof_o,
  output logic            eof_err_o
);
  logic [7:0] left_q, left_d;     // data bytes left in the current block
  logic       ff_q, ff_d;         // the current block's code was 0xFF (no implied zero)
  logic       first_q, first_d;   // no block started in this frame yet
  logic       ov_d, eof_d, err_d;
  logic [7:0] od_d;

  always_comb begin
    left_d  = left_q;
    ff_d    = ff_q;
    first_d = first_q;
    ov_d    = 1'b0;
    od_d    = out_data_o;
    eof_d   = 1'b0;
    err_d   = 1'b0;
    if (valid_i) begin
      if (data_i == 8'h00) begin
        eof_d   = 1'b1;
        err_d   = left_q != 8'h00;
        left_d  = '0;
        first_d = 1'b1;
      end else if (left_q == 8'h00) begin
        // A code byte: the previous block's implied zero comes out now.
        ov_d    = !first_q && !ff_q;
        od_d    = 8'h00;
        left_d  = data_i - 8'd1;
        ff_d    = data_i == 8'hFF;
        first_d = 1'b0;
      end else begin
        ov_d   = 1'b1;
        od_d   = data_i;
        left_d = left_q - 8'd1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      left_q      <= '0;
      ff_q        <= 1'b0;
      first_q     <= 1'b1;
      out_valid_o <= 1'b0;
      out_data_o  <= '0;
      eof_o       <= 1'b0;
      eof_err_o   <= 1'b0;
    end else begin
      left_q      <= left_d;
      ff_q        <= ff_d;
      first_q     <= first_d;
      out_valid_o <= ov_d;
      out_data_o  <= od_d;
      eof_o       <= eof_d;
      eof_err_o   <= err_d;
    end
  end
endmodule
`default_nettype wire
