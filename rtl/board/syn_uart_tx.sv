`default_nettype none
// syn_uart_tx: 8N1 UART transmitter.
//
// Usage: offer a byte with valid_i/data_i; it is taken on a cycle where
// ready_o is high (valid && ready). ready_o is high only while the
// transmitter is idle, so a byte takes exactly 10 bit times from acceptance
// to the end of its stop bit, and the next byte can be accepted on the cycle
// after the stop bit ends (no gap between bytes at full rate). tx_o is a
// registered output, idle high.
module syn_uart_tx #(
  // Core clock in Hz.
  parameter int unsigned ClkHz = 12_000_000,
  // Line rate in bit/s; ClkHz / Baud must be at least 4 and within 2 % of an integer.
  parameter int unsigned Baud = 3_000_000
) (
  input  wire logic       clk_i,
  input  wire logic       rst_ni,
  input  wire logic       valid_i,
  input  wire logic [7:0] data_i,
  output logic            ready_o,
  output logic            tx_o
);
  localparam int unsigned ClksPerBit = (ClkHz + Baud / 2) / Baud;
  localparam int unsigned CntW = $clog2(ClksPerBit + 1);

  initial begin
    if (ClksPerBit < 4) $error("syn_uart_tx: ClkHz / Baud must be at least 4");
  end

  logic [8:0]      shift_q, shift_d;  // data bits then the stop bit, sent LSB first
  logic [3:0]      left_q, left_d;    // bits still to send after the current one
  logic [CntW-1:0] cnt_q, cnt_d;      // cycles left in the current bit
  logic            busy_q, busy_d;
  logic            tx_d;

  // The last cycle of the stop bit: a waiting byte may start right after it.
  logic last;
  assign last = busy_q && cnt_q == '0 && left_q == '0;

  always_comb begin
    shift_d = shift_q;
    left_d  = left_q;
    cnt_d   = cnt_q;
    busy_d  = busy_q;
    tx_d    = tx_o;
    if (!busy_q || last) begin
      if (valid_i) begin
        // Start bit now; then 8 data bits and the stop bit from the shift register.
        shift_d = {1'b1, data_i};
        left_d  = 4'd9;
        cnt_d   = CntW'(ClksPerBit - 1);
        busy_d  = 1'b1;
        tx_d    = 1'b0;
      end else begin
        busy_d = 1'b0;
        tx_d   = 1'b1;
      end
    end else if (cnt_q != '0) begin
      cnt_d = cnt_q - 1'b1;
    end else begin
      tx_d    = shift_q[0];
      shift_d = {1'b1, shift_q[8:1]};
      left_d  = left_q - 1'b1;
      cnt_d   = CntW'(ClksPerBit - 1);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= '1;
      left_q  <= '0;
      cnt_q   <= '0;
      busy_q  <= 1'b0;
      tx_o    <= 1'b1;
    end else begin
      shift_q <= shift_d;
      left_q  <= left_d;
      cnt_q   <= cnt_d;
      busy_q  <= busy_d;
      tx_o    <= tx_d;
    end
  end
  assign ready_o = !busy_q || last;
endmodule
`default_nettype wire
