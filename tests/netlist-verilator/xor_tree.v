// Known-bad sample for the Verilator flags of the netlist models
// (sim/core/netlist_flags.cmake): 18 gates of yosys's netlist of the small
// core, from the cone of g_neuron1.u_neuron.u_dec_v.prod_q[37] (the sign
// of syn_decay's product) with every other net cut to an input, gate names
// as yosys wrote them. Verilator 5.006 with its bit-op-tree optimisation
// (-fconst-bit-op-tree, on at every -O level but -O0) gets y wrong on 12288
// of the 262144 inputs; with -fno-const-bit-op-tree it is right.
// Gate-level Verilog as yosys writes it, not our style.
module xor_tree (
  input  [17:0] in,
  output        y
);
  wire _31408_, _31414_, _31417_, _31418_, _31421_, _31422_, _31425_, _31426_, _31427_;
  wire _31431_, _31499_, _31501_, _31502_, _31503_, _31506_, _31509_, _31510_, _31511_;
  assign _31499_ = in[0] | in[1];
  assign _31425_ = in[4] & ~(in[5]);
  assign _31421_ = in[6] & ~(in[7]);
  assign _31417_ = in[8] & ~(in[9]);
  assign _31408_ = ~(in[11] ^ in[12]);
  assign _31414_ = ~(in[10] ^ _31408_);
  assign _31418_ = ~(_31417_ ^ _31414_);
  assign _31422_ = ~(_31421_ ^ _31418_);
  assign _31426_ = ~(_31425_ ^ _31422_);
  assign _31427_ = _31426_ ^ in[13];
  assign _31501_ = in[3] | _31427_;
  assign _31431_ = ~(in[3] ^ _31427_);
  assign _31502_ = ~(in[14] | _31431_);
  assign _31503_ = _31501_ & ~(_31502_);
  assign _31506_ = _31503_ & ~(in[15]);
  assign _31509_ = _31506_ & ~(in[16]);
  assign _31510_ = in[2] & ~(_31509_);
  assign _31511_ = _31499_ & ~(_31510_);
  assign y = _31511_ ^ in[17];
endmodule
