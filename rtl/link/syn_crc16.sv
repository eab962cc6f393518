`default_nettype none
// syn_crc16: running CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, MSB first,
// no final XOR), one byte per cycle.
//
// Usage: pulse init_i to restart at 0xFFFF; on every cycle with valid_i the
// byte data_i is folded in; crc_o is the CRC of the bytes so far (registered,
// updated the cycle after valid_i). Run over a frame followed by its CRC
// (big-endian) the result is 0, which is how the receiver checks frames.
// init_i and valid_i together: the byte is the first of a new CRC.
module syn_crc16 (
  input  wire logic        clk_i,
  input  wire logic        rst_ni,
  input  wire logic        init_i,
  input  wire logic        valid_i,
  input  wire logic [7:0]  data_i,
  output logic [15:0]      crc_o
);
  logic [15:0] start, next;
  always_comb begin
    start = init_i ? syn_proto_pkg::CrcInit : crc_o;
    next  = start ^ {data_i, 8'h00};
    for (int i = 0; i < 8; i++) begin
      next = next[15] ? ((next << 1) ^ syn_proto_pkg::CrcPoly) : (next << 1);
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) crc_o <= syn_proto_pkg::CrcInit;
    else if (valid_i) crc_o <= next;
    else if (init_i) crc_o <= syn_proto_pkg::CrcInit;
  end
endmodule
`default_nettype wire
