// syn_proto_pkg: the constants of the synfire link protocol (docs/protocol.md):
// framing, request and answer types, status bits, the EXEC segment layout
// and the link's own register region. host/driver/protocol.hpp holds the same values for the
// host; tests/link checks every localparam here against it.
//
// Yosys 0.23 rejects `import syn_proto_pkg::*`: write syn_proto_pkg::Name.
`default_nettype none

package syn_proto_pkg;

  // Protocol version reported by INFO and by link register LinkRegVersion.
  localparam logic [7:0] ProtoVersion = 8'd2;

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
  localparam logic [7:0] OpInfo = 8'h02;  // -> Info; accepts any seq and resynchronises
  localparam logic [7:0] OpExec = 8'h03;  // command segments -> Done (status, read data)

  // --------------------------------------------------------- response types
  localparam logic [7:0] RspDone      = 8'h80;  // status, read data
  localparam logic [7:0] RspOrder     = 8'h81;  // not the expected seq: the expected one
  localparam logic [7:0] RspInfo      = 8'h82;  // the board's description
  localparam logic [7:0] RspDuplicate = 8'h83;  // executed before: not again (no payload)
  localparam logic [7:0] RspSpikes    = 8'h90;  // stream: step markers and neurons

  // Done status bits (the core's RegStatus error bits 1..4 keep their places).
  localparam int unsigned StatOverflow = 0;  // read data past MaxReadBytes dropped
  localparam int unsigned StatTruncated = 5; // the request ended inside a segment
  localparam int unsigned StatLinkAddr = 6;  // bad link register access
  localparam int unsigned StatType = 7;      // not an EXEC: nothing executed

  // ------------------------------------------------------- EXEC segments
  // Control byte: [2:0] core opcode (syn_pkg::op_e), [4:3] bytes per word - 1,
  // then flags: address and stride follow, a high byte follows, pace steps
  // (OpStep) or repeat one data word for every command (OpWrite, OpAxon, OpPend).
  localparam int unsigned SegWidthLsb = 3;
  localparam int unsigned SegAddrBit = 5;
  localparam int unsigned SegHiBit = 6;
  localparam int unsigned SegPaceBit = 7;
  // Read data one answer carries at most: MaxBody less type, seq, status and
  // CRC (a literal, for the host's package-sync test; syn_link_bridge checks it).
  localparam int unsigned MaxReadBytes = 315;
  // INFO payload bytes.
  localparam int unsigned InfoBytes = 35;

  // ------------------------------------------------ link registers (region)
  // READ/WRITE addresses {LinkRegion, index} reach the link, not the core.
  localparam logic [7:0] LinkRegion = 8'hF0;
  localparam logic [7:0] LinkRegVersion  = 8'h00;  // RO: ProtoVersion (a constant entry of the counters' RAM)
  localparam logic [7:0] LinkRegPeriod   = 8'h01;  // WO (reads 0): clock cycles per paced step [0]
  localparam logic [7:0] LinkRegCrc      = 8'h02;  // RO: frames dropped for a bad CRC (16-bit, wraps)
  localparam logic [7:0] LinkRegFraming  = 8'h03;  // RO: malformed frames (COBS, length) and UART framing errors
  localparam logic [7:0] LinkRegDropped  = 8'h04;  // RO: good frames dropped: receive buffer full
  localparam logic [7:0] LinkRegOverflow = 8'h05;  // RO: paced steps that lost spikes
  localparam logic [7:0] LinkRegLate     = 8'h06;  // RO: free-run steps that started late
  localparam int unsigned NumLinkRegs = 7;

  // INFO feature bits (same values as host/driver/backend.hpp Feature).
  localparam logic [31:0] FeatStdp = 32'h1;
  localparam logic [31:0] FeatAdaptation = 32'h2;
  localparam logic [31:0] FeatPlasticPerSynapse = 32'h4;
  localparam logic [31:0] FeatFreeRun = 32'h8;
  localparam logic [31:0] FeatProbes = 32'h10;  // always: probes are the host's reads

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
