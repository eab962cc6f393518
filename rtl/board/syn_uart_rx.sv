`default_nettype none
// syn_uart_rx: 8N1 UART receiver.
//
// Usage: connect rx_i straight to the pin (it is asynchronous: a two-flop
// synchroniser is inside). Every received byte appears on data_o with a
// one-cycle valid_o pulse; there is no back-pressure, so the consumer must
// take a byte on the cycle it is offered (the link accepts one per cycle).
//
// Timing: the line is sampled every clock (oversampling by ClkHz / Baud, at
// least 4; 8 or more leaves margin for a transmitter off by a few percent). A
// falling edge starts a byte; at the middle of the start bit the majority of
// three samples must still be low, otherwise the edge was a glitch and the
// receiver returns to idle. Each data bit and the stop bit are the majority of
// the three samples around their middle. A low stop bit is a
// framing error: the byte is discarded, frame_err_o pulses, and the receiver
// waits for the line to go high again before it looks for the next start bit
// (so a break condition counts once). valid_o comes at the middle of the stop
// bit, about 9.5 bit times after the start edge (plus 3 cycles of
// synchronisation and registering); the next start edge is accepted from then on.
module syn_uart_rx #(
  // Core clock in Hz.
  parameter int unsigned ClkHz = 12_000_000,
  // Line rate in bit/s; ClkHz / Baud must be at least 4 and within 2 % of an integer.
  parameter int unsigned Baud = 3_000_000
) (
  input  wire logic       clk_i,
  input  wire logic       rst_ni,
  input  wire logic       rx_i,         // the pin, asynchronous, idle high
  output logic            valid_o,      // one-cycle pulse: data_o holds a byte
  output logic [7:0]      data_o,
  output logic            frame_err_o   // one-cycle pulse: a byte had a low stop bit
);
  localparam int unsigned ClksPerBit = (ClkHz + Baud / 2) / Baud;
  // Cycles to the next decision, counted down (at most ClksPerBit - 1).
  localparam int unsigned CntW = $clog2(ClksPerBit);
  // Cycle (counted from the first low sample) at which bit k is decided: one
  // past its middle, with the samples just before, at and just after the
  // middle. The stop bit is decided one cycle earlier, so that the receiver is
  // back in idle before the stop bit ends and a next start edge from a
  // slightly fast transmitter is not missed.
  localparam int unsigned FirstDecide = ClksPerBit / 2 + 1;
  // Rate error in parts per 10,000 (64-bit: ClkHz * 10000 overflows 32 bits).
  localparam logic [63:0] RealClks = 64'(ClksPerBit) * 64'(Baud);
  localparam logic [63:0] ErrorPpm10k =
      (RealClks > 64'(ClkHz) ? RealClks - 64'(ClkHz) : 64'(ClkHz) - RealClks)
      * 64'd10000 / 64'(ClkHz);

  initial begin
    if (ClksPerBit < 4) $error("syn_uart_rx: ClkHz / Baud must be at least 4");
    if (ErrorPpm10k > 64'd200) $error("syn_uart_rx: ClkHz / Baud is more than 2 %% off an integer");
  end

  // Two-flop synchroniser, then the two previous samples for the majority vote.
  logic [1:0] sync_q;
  logic [1:0] hist_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q <= 2'b11;
      hist_q <= 2'b11;
    end else begin
      sync_q <= {sync_q[0], rx_i};
      hist_q <= {hist_q[0], sync_q[1]};
    end
  end
  logic line;   // synchronised line level (this cycle's sample)
  logic vote;   // majority of this sample and the two before
  assign line = sync_q[1];
  assign vote = (line & hist_q[0]) | (hist_q[0] & hist_q[1]) | (line & hist_q[1]);

  typedef enum logic [1:0] {
    StIdle,    // waits for the line to go low (a start edge)
    StBits,    // counts bit times, deciding start, 8 data bits and stop
    StBreak    // after a framing error: waits for the line to go high
  } state_e;

  state_e            state_q, state_d;
  logic [CntW-1:0]   cnt_q, cnt_d;     // cycles until the next decision
  logic [3:0]        bit_q, bit_d;     // 0: start, 1..8: data, 9: stop
  logic [7:0]        shift_q, shift_d;
  logic              valid_d, ferr_d;

  always_comb begin
    state_d = state_q;
    cnt_d   = cnt_q - 1'b1;
    bit_d   = bit_q;
    shift_d = shift_q;
    valid_d = 1'b0;
    ferr_d  = 1'b0;
    unique case (state_q)
      StIdle: begin
        // The first decision FirstDecide cycles after this first low sample.
        cnt_d  = CntW'(FirstDecide - 1);
        bit_d  = '0;
        if (!line) state_d = StBits;
      end
      StBits: begin
        if (cnt_q == '0) begin
          // The stop bit (after data bit 8) comes one cycle early.
          cnt_d  = bit_q == 4'd8 ? CntW'(ClksPerBit - 2) : CntW'(ClksPerBit - 1);
          bit_d  = bit_q + 1'b1;
          if (bit_q == 4'd0) begin
            if (vote) state_d = StIdle;          // a glitch, not a start bit
          end else if (!bit_q[3] || bit_q[2:0] == 3'd0) begin  // bit_q <= 8, without a comparator
            shift_d = {vote, shift_q[7:1]};      // LSB first
          end else begin
            if (vote) begin
              valid_d = 1'b1;
              state_d = StIdle;
            end else begin
              ferr_d  = 1'b1;
              state_d = StBreak;
            end
          end
        end
      end
      StBreak: begin
        if (line) state_d = StIdle;
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= StIdle;
      cnt_q       <= '0;
      bit_q       <= '0;
      shift_q     <= '0;
      valid_o     <= 1'b0;
      frame_err_o <= 1'b0;
    end else begin
      state_q     <= state_d;
      cnt_q       <= cnt_d;
      bit_q       <= bit_d;
      shift_q     <= shift_d;
      valid_o     <= valid_d;
      frame_err_o <= ferr_d;
    end
  end
  assign data_o = shift_q;
endmodule
`default_nettype wire
