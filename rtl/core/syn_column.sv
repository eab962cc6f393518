// syn_column: issues the potentiation pass of a step (model phase 4) to
// syn_synapse: for each neuron j that spiked this step (the next-step half
// of the pending list), one op per group of S presynaptic rows, r = 0 ..
// (N+M)/S - 1: neuron rows first, then axon rows. Rows are independent
// synapses, so the order differs from the model's without changing a bit.
//
// Usage: pulse start_i (only when learning and count_i > 0) with the
// registers stable; done_o rises when the last op is issued. With a
// single-port weight RAM (SinglePort) ops go out on even cycles only.
// Each column costs two cycles to fetch j from the list, then R ops.
`default_nettype none

module syn_column #(
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
  localparam int unsigned NGroups = NumNeurons / S
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,
  output logic             done_o,
  input  logic [NW:0]      count_i,
  input  logic             nxt_i,
  input  logic             even_i,
  output logic             flist_re_o,
  output logic [NW:0]      flist_raddr_o,
  input  logic [NW-1:0]    flist_rdata_i,
  output logic             op_valid_o,
  output logic             op_axon_o,
  output logic [RowW-1:0]  op_row_o,
  output logic [CW-1:0]    op_c_o,
  output logic [LaneW-1:0] op_rot_o
);

  typedef enum logic [1:0] {
    Idle,   // waits for start_i
    Fetch,  // reads entry s of the list
    Load,   // takes j from the list RAM
    Run     // issues r = 0 .. NumRowGroups - 1 for column j
  } state_e;

  state_e state_q, state_d;
  logic [NW:0] s_q, s_d;
  logic [RowW-1:0] r_q, r_d;
  logic [NW-1:0] j_q, j_d;
  logic go, last_r;

  assign go = state_q == Run && (!SinglePort || even_i);
  assign last_r = r_q == RowW'(NumRowGroups - 1);
  assign flist_re_o = state_q == Fetch;
  assign flist_raddr_o = {nxt_i, s_q[NW-1:0]};

  always_comb begin
    state_d = state_q;
    s_d = s_q;
    r_d = r_q;
    j_d = j_q;
    unique case (state_q)
      Idle: begin
        if (start_i) begin
          s_d = '0;
          state_d = Fetch;
        end
      end
      Fetch: state_d = Load;
      Load: begin
        j_d = flist_rdata_i;
        r_d = '0;
        state_d = Run;
      end
      Run: begin
        if (go) begin
          r_d = r_q + 1'b1;
          if (last_r) begin
            s_d = s_q + 1'b1;
            state_d = s_q + 1'b1 == count_i ? Idle : Fetch;
          end
        end
      end
      default: state_d = Idle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      s_q <= '0;
      r_q <= '0;
      j_q <= '0;
    end else begin
      state_q <= state_d;
      s_q <= s_d;
      r_q <= r_d;
      j_q <= j_d;
    end
  end
  assign done_o = state_q == Idle;

  // Rows S*r + l: neuron rows first, then axon rows (row N + a).
  logic axon_rows;
  assign axon_rows = r_q >= RowW'(NGroups);

  assign op_valid_o = go;
  assign op_axon_o = axon_rows;
  assign op_row_o = r_q;
  assign op_c_o = CW'(j_q >> LaneW);
  assign op_rot_o = j_q[LaneW-1:0];

endmodule
