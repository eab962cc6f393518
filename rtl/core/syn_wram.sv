// syn_wram: one weight bank. The core keeps S of them (one per synapse
// lane); each holds (N + M) * N / S entries of WeightBits (+ 1 plastic flag
// bit when flags are per synapse).
//
// Kind selects the implementation (syn_pkg::WramXxx):
// - WramDual:   inferred simple dual-port RAM (EBR/BRAM); a read and a write
//               may happen in the same cycle.
// - WramSingle: inferred single-port RAM; the core never reads and writes in
//               the same cycle (an assertion checks it in simulation).
// - WramIce40:  iCE40 SB_SPRAM256KA (16K x 16, single-port), which yosys does
//               not infer. Entries of up to 8 bits are packed two to a 16-bit
//               word and written with the nibble mask, so one SPRAM holds
//               32K entries; deeper banks use several SPRAMs.
//
// Ports as syn_ram: rdata_o is valid the cycle after re_i (it is not held
// for the single-port kinds: read it in that cycle). Writes are whole
// entries.
`default_nettype none

module syn_wram #(
  // Bits per entry.
  parameter int unsigned Width = 8,
  // Entries.
  parameter int unsigned Depth = 1024,
  // Implementation, syn_pkg::WramXxx.
  parameter int unsigned Kind = syn_pkg::WramDual,
  localparam int unsigned AddrW = Depth > 1 ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i
);

  if (Kind == syn_pkg::WramDual) begin : g_dual
    syn_ram #(.Width(Width), .Depth(Depth)) u_ram (
      .clk_i, .re_i, .raddr_i, .rdata_o, .we_i, .waddr_i, .wdata_i,
      .wmask_i({Width{1'b1}})
    );

  end else if (Kind == syn_pkg::WramSingle) begin : g_single
    logic [Width-1:0] mem_q [Depth];
    logic [AddrW-1:0] addr;
    assign addr = we_i ? waddr_i : raddr_i;
    always_ff @(posedge clk_i) begin
      if (we_i) mem_q[addr] <= wdata_i;
      else if (re_i) rdata_o <= mem_q[addr];
    end
`ifndef SYNTHESIS
    always_ff @(posedge clk_i) begin
      assert (!(re_i && we_i)) else $error("syn_wram: read and write in one cycle");
    end
`endif

  end else if (Kind == syn_pkg::WramIce40) begin : g_ice40
    // Entry address = {spram index, word address[13:0], byte select}.
    localparam int unsigned EntriesPerSpram = 32768;
    localparam int unsigned NumSpram = (Depth + EntriesPerSpram - 1) / EntriesPerSpram;
    localparam int unsigned SelW = NumSpram > 1 ? $clog2(NumSpram) : 1;
    if (Width > 8) begin : g_bad_width
      $error("syn_wram: iCE40 SPRAM banks hold entries of at most 8 bits");
    end

    logic [AddrW-1:0] addr;
    logic [15:0] wword;
    logic [3:0] wmask;
    logic [15:0] rword [NumSpram];
    logic [SelW-1:0] sel, rsel_q;
    logic rbyte_q;
    logic [14:0] entry;

    assign addr = we_i ? waddr_i : raddr_i;
    assign wword = {2{{(8 - Width){1'b0}}, wdata_i}};
    assign wmask = addr[0] ? 4'b1100 : 4'b0011;
    if (AddrW > 15) begin : g_sel
      assign sel = SelW'(addr >> 15);
      assign entry = addr[14:0];
    end else begin : g_nosel
      assign sel = '0;
      assign entry = 15'(addr);
    end

    for (genvar k = 0; k < NumSpram; k++) begin : g_spram
      SB_SPRAM256KA u_spram (
        .ADDRESS   (entry[14:1]),
        .DATAIN    (wword),
        .MASKWREN  (wmask),
        .WREN      (we_i),
        .CHIPSELECT((re_i || we_i) && sel == SelW'(k)),
        .CLOCK     (clk_i),
        .STANDBY   (1'b0),
        .SLEEP     (1'b0),
        .POWEROFF  (1'b1),
        .DATAOUT   (rword[k])
      );
    end

    always_ff @(posedge clk_i) begin
      if (re_i) begin
        rsel_q <= sel;
        rbyte_q <= entry[0];
      end
    end
    logic [15:0] rsel_word;
    assign rsel_word = rword[rsel_q];
    assign rdata_o = Width'(rbyte_q ? rsel_word[15:8] : rsel_word[7:0]);
`ifndef SYNTHESIS
    always_ff @(posedge clk_i) begin
      assert (!(re_i && we_i)) else $error("syn_wram: read and write in one cycle");
    end
`endif

  end else begin : g_bad_kind
    $error("syn_wram: unknown Kind");
  end

endmodule
