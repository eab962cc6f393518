// syn_proto_pkg: the constants of the synfire link protocol (docs/protocol.md):
// framing, opcodes, response types, error codes, data formats and the link's
// own register region. host/driver/protocol.hpp holds the same values for the
// host; tests/host checks every localparam here against it.
//
// Yosys 0.23 rejects `import syn_proto_pkg::*`: write syn_proto_pkg::Name.
`default_nettype none

package syn_proto_pkg;

  // Protocol version reported by INFO and by link register LinkRegVersion.
  localparam logic [7:0] ProtoVersion = 8'd1;

  // ---------------------------------------------------------------- framing
  // Frames are COBS-encoded and end with this delimiter.
  localparam logic [7:0] FrameDelim = 8'h00;
  // CRC-16/CCITT-FALSE over type, seq and payload, appended big-endian.
  localparam logic [15:0] CrcInit = 16'hFFFF;
  localparam logic [15:0] CrcPoly = 16'h1021;
  // Smallest frame body: type, seq, CRC (2).
  localparam int unsigned MinBody = 4;
  // Largest frame body (type, seq, payload, CRC) in either direction.
  localparam int unsigned MaxBody = 320;

  // ---------------------------------------------------------- request types
  localparam logic [7:0] OpPing  = 8'h01;  // -> Ack
  localparam logic [7:0] OpInfo  = 8'h02;  // -> Info; accepts any seq and resynchronises
  localparam logic [7:0] OpWrite = 8'h03;  // format, step, addr, data -> Ack
  localparam logic [7:0] OpRead  = 8'h04;  // format, step, addr, count -> Data
  localparam logic [7:0] OpClear = 8'h05;  // zero the dynamic state and the step counter -> Ack
  localparam logic [7:0] OpRun   = 8'h06;  // steps (u16), flags, input records -> stream, Ack
  localparam logic [7:0] OpProbe = 8'h07;  // every, count, neurons -> Ack

  // --------------------------------------------------------- response types
  localparam logic [7:0] RspAck    = 8'h80;  // status, step
  localparam logic [7:0] RspNack   = 8'h81;  // code, expected seq, detail
  localparam logic [7:0] RspInfo   = 8'h82;  // the board's description
  localparam logic [7:0] RspData   = 8'h83;  // status, format, step, addr, count, data
  localparam logic [7:0] RspSpikes = 8'h90;  // stream: first step, step records
  localparam logic [7:0] RspProbes = 8'h91;  // stream: step, count, samples

  // Ack status.
  localparam logic [7:0] AckDone      = 8'd0;  // executed now
  localparam logic [7:0] AckDuplicate = 8'd1;  // executed before (a retransmission): not again

  // Nack codes.
  localparam logic [7:0] NackOrder     = 8'd1;  // seq is not the expected one: frame discarded
  localparam logic [7:0] NackOpcode    = 8'd2;  // unknown request type
  localparam logic [7:0] NackLength    = 8'd3;  // payload length wrong for the request
  localparam logic [7:0] NackArgument  = 8'd4;  // a field out of range (format, count, record)
  localparam logic [7:0] NackCore      = 8'd5;  // executed, but the core flagged errors (detail)

  // --------------------------------------------------- WRITE / READ formats
  localparam logic [7:0] Fmt1 = 8'h01;           // words of 1 byte (low bits of the core word)
  localparam logic [7:0] Fmt2 = 8'h02;           // 2 bytes, little-endian
  localparam logic [7:0] Fmt3 = 8'h03;           // 3 bytes
  localparam logic [7:0] Fmt4 = 8'h04;           // 4 bytes
  localparam logic [7:0] FmtWeights = 8'h10;     // groups: flag byte, then up to 8 weight bytes
  localparam logic [7:0] FmtWeightsRle = 8'h11;  // write only: flags, count, (zeros, weight) pairs
  // Read payloads return at most this many data bytes.
  localparam int unsigned MaxReadBytes = 288;

  // ------------------------------------------------------------------- RUN
  localparam logic [7:0] RunFree = 8'h01;  // flag: pace steps by LinkRegPeriod, drop output if full
  // Record count byte: 0..254 = a list of that many indices; this value = a bitmap.
  localparam logic [7:0] RecBitmap = 8'hFF;

  // ------------------------------------------------ link registers (region)
  // READ/WRITE addresses {LinkRegion, index} reach the link, not the core.
  localparam logic [7:0] LinkRegion = 8'hF0;
  localparam logic [7:0] LinkRegVersion  = 8'h00;  // RO: ProtoVersion
  localparam logic [7:0] LinkRegPeriod   = 8'h01;  // RW: clock cycles per step in free runs [0]
  localparam logic [7:0] LinkRegCrc      = 8'h02;  // RO: frames dropped for a bad CRC (16-bit, wraps)
  localparam logic [7:0] LinkRegFraming  = 8'h03;  // RO: malformed frames (COBS, length) and UART framing errors
  localparam logic [7:0] LinkRegDropped  = 8'h04;  // RO: good frames dropped: receive buffer full
  localparam logic [7:0] LinkRegOverflow = 8'h05;  // RO: output records dropped in free runs
  localparam logic [7:0] LinkRegLate     = 8'h06;  // RO: free-run steps that started late
  localparam int unsigned NumLinkRegs = 7;

  // INFO feature bits (same values as host/driver/backend.hpp Feature).
  localparam logic [31:0] FeatStdp = 32'h1;
  localparam logic [31:0] FeatAdaptation = 32'h2;
  localparam logic [31:0] FeatPlasticPerSynapse = 32'h4;
  localparam logic [31:0] FeatFreeRun = 32'h8;
  localparam logic [31:0] FeatProbes = 32'h10;

  // ------------------------------------------------------ comparison helpers
  // x <= c and x < c for the link's counters against constants, through
  // syn_pkg::lt_const (logic instead of a carry chain per comparison).
  function automatic logic le16(input logic [15:0] x, input logic [15:0] c);
    le16 = syn_pkg::lt_const(32'(x), 32'(c) + 32'd1);
  endfunction
  function automatic logic lt16(input logic [15:0] x, input logic [15:0] c);
    lt16 = syn_pkg::lt_const(32'(x), 32'(c));
  endfunction

endpackage
`default_nettype wire
