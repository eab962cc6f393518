`default_nettype none
// syn_linked_core: the link protocol (syn_link) in front of the core
// (syn_core), with byte streams on the outside: syn_board_top adds the UART,
// and the in-process `sim` back end drives the byte streams directly.
//
// Usage: line bytes in on in_valid_i/in_data_i (at most one per cycle, no
// back-pressure), out on out_valid_o/out_data_o/out_ready_i. spike_o pulses
// for every output spike (an activity LED). idle_o: no frame queued or being
// executed and nothing left to send, so a simulation may skip time.
//
// The core and the link are configured by the build's package, syn_build_pkg
// (rtl/board/syn_build_pkg.sv.in): the one place a build's parameters are
// written, for the boards and for the Verilator models alike.
module syn_linked_core (
  input  wire logic       clk_i,
  input  wire logic       rst_ni,
  input  wire logic       in_valid_i,
  input  wire logic [7:0] in_data_i,
  input  wire logic       uart_ferr_i,
  output logic            out_valid_o,
  output logic [7:0]      out_data_o,
  input  wire logic       out_ready_i,
  output logic            spike_o,
  output logic            idle_o
);
  logic        cmd_valid, cmd_ready, rsp_valid, rsp_ready, spk_valid, spk_ready, link_idle;
  logic        core_busy, unused_step;
  logic [2:0]  cmd_op;
  logic [31:0] cmd_addr, cmd_data, rsp_data, spk_data;
  logic [syn_pkg::StatusBits-1:0] core_status;

  syn_link u_link (
    .clk_i, .rst_ni, .in_valid_i, .in_data_i, .uart_ferr_i,
    .out_valid_o, .out_data_o, .out_ready_i,
    .cmd_valid_o(cmd_valid), .cmd_ready_i(cmd_ready), .cmd_op_o(cmd_op),
    .cmd_addr_o(cmd_addr), .cmd_data_o(cmd_data),
    .rsp_valid_i(rsp_valid), .rsp_ready_o(rsp_ready), .rsp_data_i(rsp_data),
    .spk_valid_i(spk_valid), .spk_ready_o(spk_ready), .spk_data_i(spk_data),
    .status_i(core_status), .idle_o(link_idle), .step_o(unused_step)
  );

  syn_core #(
    .NumNeurons(syn_build_pkg::NumNeurons), .NumInputs(syn_build_pkg::NumInputs),
    .WeightBits(syn_build_pkg::WeightBits), .SynLanes(syn_build_pkg::SynLanes),
    .PlasticPerSynapse(syn_build_pkg::PlasticPerSynapse), .WeightRam(syn_build_pkg::WeightRam),
    .SoftBound(syn_build_pkg::SoftBound), .AdaptInterval(syn_build_pkg::AdaptInterval),
    .WeightNorm(syn_build_pkg::WeightNorm), .AxonDelays(syn_build_pkg::AxonDelays),
    .WideTraces(syn_build_pkg::WideTraces)
  ) u_core (
    .clk_i, .rst_ni,
    .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready), .cmd_op_i(cmd_op),
    .cmd_addr_i(cmd_addr), .cmd_data_i(cmd_data),
    .rsp_valid_o(rsp_valid), .rsp_ready_i(rsp_ready), .rsp_data_o(rsp_data),
    .spk_valid_o(spk_valid), .spk_ready_i(spk_ready), .spk_data_o(spk_data),
    .busy_o(core_busy), .status_o(core_status)
  );

  // Registered, so that the LED logic outside sees a clean pulse.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) spike_o <= 1'b0;
    else spike_o <= spk_valid && spk_ready && !spk_data[syn_pkg::SpkEosBit];
  end
  assign idle_o = link_idle && !core_busy;

  // The step pulse is not used here.
  logic unused;
  assign unused = unused_step;
endmodule
`default_nettype wire
