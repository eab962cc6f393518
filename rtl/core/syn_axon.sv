// syn_axon: the input-axon part of model phase 3: every axon trace decays
// and counts the step's event (the queued bit OpAxon set), one axon per
// cycle, clearing the queued bit. It runs beside the gather and the neuron
// pass (its own RAM, apre); potentiation waits for done_o.
//
// Usage: pulse start_i with decay_pre_i/inc_pre_i stable; done_o rises when
// all M words are written. Stages: 0 read (once per word of S axons),
// 1 product, 2 sum and saturation, 3 write of the axon's lane.
`default_nettype none

module syn_axon #(
  // Input axons M (multiple of SynLanes).
  parameter int unsigned NumInputs = 8,
  // Lanes S: axons per trace word.
  parameter int unsigned SynLanes = 4,
  // Trace width: 8, or 24 on a core with WideTraces (the run-time width
  // comes in through inc_pre_i, already scaled, and trace_max_i).
  parameter int unsigned TraceBits = 8,
  localparam int unsigned TW = TraceBits,
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned AW = $clog2(NumInputs),
  localparam int unsigned AGroupW = NumInputs / S > 1 ? $clog2(NumInputs / S) : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               start_i,
  output logic               done_o,
  input  logic [11:0]        decay_pre_i,
  input  logic [TW-1:0]      inc_pre_i,
  input  logic [TW-1:0]      trace_max_i,
  output logic               apre_re_o,
  output logic [AGroupW-1:0] apre_raddr_o,
  input  logic [S*(TW+1)-1:0] apre_rdata_i,
  output logic               apre_we_o,
  output logic [AGroupW-1:0] apre_waddr_o,
  output logic [TW:0]        apre_wval_o,   // {queued = 0, trace} of...
  output logic [S-1:0]       apre_wlanes_o  // ...this lane
);

  logic run_q;
  logic [AW:0] next_q;
  logic issue;
  logic s1_valid_q, s2_valid_q, s3_valid_q;
  logic [AW-1:0] s1_a_q, s2_a_q, s3_a_q;

  assign issue = run_q && next_q < (AW + 1)'(NumInputs);
  assign apre_re_o = issue && next_q[LaneW-1:0] == '0;
  assign apre_raddr_o = AGroupW'(next_q[AW-1:0] >> LaneW);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      next_q <= '0;
      s1_valid_q <= 1'b0;
      s2_valid_q <= 1'b0;
      s3_valid_q <= 1'b0;
    end else begin
      if (start_i) begin
        run_q <= 1'b1;
        next_q <= '0;
      end else begin
        if (issue) next_q <= next_q + 1'b1;
        if (!issue && !s1_valid_q && !s2_valid_q && !s3_valid_q) run_q <= 1'b0;
      end
      s1_valid_q <= issue;
      s2_valid_q <= s1_valid_q;
      s3_valid_q <= s2_valid_q;
    end
  end
  assign done_o = !run_q;

  // Stage 1: the word (kept for the other lanes of the group), the product.
  logic [LaneW-1:0] s1_l;
  logic [S*(TW+1)-1:0] word, word_q;
  logic s2_event_q;
  logic [TW-1:0] dec2;
  logic up2;  // always 0: a trace is not negative
  assign s1_l = s1_a_q[LaneW-1:0];
  assign word = s1_l == '0 ? apre_rdata_i : word_q;
  always_ff @(posedge clk_i) begin
    s1_a_q <= next_q[AW-1:0];
    s2_a_q <= s1_a_q;
    s3_a_q <= s2_a_q;
    if (s1_valid_q && s1_l == '0) word_q <= apre_rdata_i;
    s2_event_q <= word[(TW + 1) * s1_l + TW];
  end
  syn_decay #(.Width(TW), .Signed(1'b0)) u_dec (
    .clk_i, .x_i(word[(TW + 1) * s1_l +: TW]), .d_i(decay_pre_i), .floor_o(dec2), .up_o(up2)
  );

  // Stage 2: trace_update = min(decay + inc on an event, max).
  logic [TW:0] sum2;
  logic [TW-1:0] trace3_q;
  logic unused_up;
  assign unused_up = up2;
  assign sum2 = (TW + 1)'(dec2) + (s2_event_q ? (TW + 1)'(inc_pre_i) : '0);
  if (TW == 8) begin : g_sat8
    always_ff @(posedge clk_i) trace3_q <= sum2[8] ? 8'hFF : sum2[7:0];
    logic [7:0] unused_max;
    assign unused_max = trace_max_i;
  end else begin : g_sat
    always_ff @(posedge clk_i) begin
      trace3_q <= sum2 > (TW + 1)'(trace_max_i) ? trace_max_i : sum2[TW-1:0];
    end
  end

  // Stage 3: write the lane; the queued bit is cleared.
  logic [LaneW-1:0] s3_l;
  assign s3_l = s3_a_q[LaneW-1:0];
  assign apre_we_o = s3_valid_q;
  assign apre_waddr_o = AGroupW'(s3_a_q >> LaneW);
  assign apre_wval_o = {1'b0, trace3_q};
  assign apre_wlanes_o = S'(1) << s3_l;

endmodule
