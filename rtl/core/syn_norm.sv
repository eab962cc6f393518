// syn_norm: issues the weight normalisation pass of a step (model phase 5,
// docs/model.md "Weight normalisation") to syn_synapse, and forms each
// neuron's common amount. For each neuron j = 0 .. N-1, two column passes
// over the (N+M)/S groups of presynaptic rows, as syn_column's:
// - sum (op_wr_o = 0): syn_synapse adds the plastic weights of column j to
//   its normalisation sum (cleared by sum_clr_o before the first op);
// - after the pipeline has drained (synapse_idle_i) the amount
//   delta = clamp(floor((target - sum + 2^shift / 2) / 2^shift), -256, 256)
//   (fx::norm_delta) is registered on delta_o;
// - move (op_wr_o = 1): each plastic weight becomes clip(w + delta) in the
//   STDP lanes (syn_stdp_lane's norm_i).
// The move of neuron j overlaps the sum of j + 1 (other synapses); the sum
// of j + 1 is only taken after both have left the pipeline.
//
// Usage: pulse start_i with the registers stable; done_o rises when the
// last op is issued (the caller then waits for the synapse pipeline). With
// a single-port weight RAM (SinglePort) ops go out on even cycles only.
// Cost per neuron: 2 (N+M)/S ops (twice that in cycles when single-port)
// plus the pipeline drain, about 12 cycles.
`default_nettype none

module syn_norm #(
  // Neurons N (power of two).
  parameter int unsigned NumNeurons = 16,
  // Input axons M (multiple of SynLanes).
  parameter int unsigned NumInputs = 8,
  // Lanes S.
  parameter int unsigned SynLanes = 4,
  // 1: the weight banks are single-port (ops only on even cycles).
  parameter bit SinglePort = 1'b0,
  localparam int unsigned S = SynLanes,
  localparam int unsigned LaneW = $clog2(S),
  localparam int unsigned NW = $clog2(NumNeurons),
  localparam int unsigned RowW = $clog2(NumNeurons + NumInputs),
  localparam int unsigned CW = $clog2(NumNeurons / S),
  localparam int unsigned NumRowGroups = (NumNeurons + NumInputs) / S,
  localparam int unsigned NGroups = NumNeurons / S,
  // A column's plastic weights sum to at most (N + M) * 128 in magnitude.
  localparam int unsigned SumW = RowW + 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   start_i,
  output logic                   done_o,
  input  logic                   even_i,
  input  logic                   synapse_idle_i,
  // Registers.
  input  logic [3:0]             shift_i,
  input  logic signed [23:0]     target_i,
  // The sum syn_synapse accumulates, and its clear.
  input  logic signed [SumW-1:0] sum_i,
  output logic                   sum_clr_o,
  // The amount of the move pass, for the STDP lanes.
  output logic signed [9:0]      delta_o,
  // Column ops to syn_synapse.
  output logic                   op_valid_o,
  output logic                   op_wr_o,
  output logic                   op_axon_o,
  output logic [RowW-1:0]        op_row_o,
  output logic [CW-1:0]          op_c_o,
  output logic [LaneW-1:0]       op_rot_o
);

  typedef enum logic [2:0] {
    Idle,   // waits for start_i
    Clr,    // clears the sum
    Sum,    // issues the sum ops of column j
    Settle, // one cycle: the last op enters the pipeline
    Drain,  // waits for the pipeline (the sum is complete)
    Delta,  // registers the amount
    Move    // issues the move ops of column j
  } state_e;

  state_e state_q, state_d;
  logic [RowW-1:0] r_q, r_d;
  logic [NW-1:0] j_q, j_d;
  logic issuing, go, last_r, last_j;

  assign issuing = state_q == Sum || state_q == Move;
  assign go = issuing && (!SinglePort || even_i);
  assign last_r = r_q == RowW'(NumRowGroups - 1);
  assign last_j = j_q == NW'(NumNeurons - 1);

  always_comb begin
    state_d = state_q;
    r_d = r_q;
    j_d = j_q;
    unique case (state_q)
      Idle: begin
        if (start_i) begin
          j_d = '0;
          state_d = Clr;
        end
      end
      Clr: begin
        r_d = '0;
        state_d = Sum;
      end
      Sum: begin
        if (go) begin
          r_d = r_q + 1'b1;
          if (last_r) state_d = Settle;
        end
      end
      Settle: state_d = Drain;
      Drain: if (synapse_idle_i) state_d = Delta;
      Delta: begin
        r_d = '0;
        state_d = Move;
      end
      Move: begin
        if (go) begin
          r_d = r_q + 1'b1;
          if (last_r) begin
            j_d = j_q + 1'b1;
            state_d = last_j ? Idle : Clr;
          end
        end
      end
      default: state_d = Idle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      r_q <= '0;
      j_q <= '0;
    end else begin
      state_q <= state_d;
      r_q <= r_d;
      j_q <= j_d;
    end
  end
  assign done_o = state_q == Idle;
  assign sum_clr_o = state_q == Clr;

  // fx::norm_delta: the difference is at most 2^23 + 2^(SumW-1) in
  // magnitude; the rounded quotient is clamped to +-256 (any larger move
  // passes both weight bounds).
  localparam int unsigned DiffW = (SumW > 24 ? SumW : 24) + 2;
  logic signed [DiffW-1:0] diff, half, quot;
  logic [15:0] pow2_half;  // 2^shift / 2 (0 for shift 0)
  logic signed [9:0] delta_q;
  assign diff = DiffW'(target_i) - DiffW'(sum_i);
  assign pow2_half = 16'({15'd0, shift_i != 4'd0} << (shift_i - 4'd1));
  assign half = DiffW'(pow2_half);
  assign quot = (diff + half) >>> shift_i;
  always_ff @(posedge clk_i) begin
    if (state_q == Delta) begin
      if (quot > DiffW'(256)) delta_q <= 10'sd256;
      else if (quot < -DiffW'(256)) delta_q <= -10'sd256;
      else delta_q <= 10'(quot);
    end
  end
  assign delta_o = delta_q;

  // Rows S*r + l: neuron rows first, then axon rows (row N + a), as syn_column.
  assign op_valid_o = go;
  assign op_wr_o = state_q == Move;
  assign op_axon_o = r_q >= RowW'(NGroups);
  assign op_row_o = r_q;
  assign op_c_o = CW'(j_q >> LaneW);
  assign op_rot_o = j_q[LaneW-1:0];

endmodule
