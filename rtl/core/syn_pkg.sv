// syn_pkg: the formats, opcodes and address map of the synfire core and its
// control port. docs/rtl.md ("Control port") describes the same contract in
// prose; host/model/fixed_point.hpp defines the arithmetic the formats carry.
//
// Yosys 0.23 rejects `import syn_pkg::*`: always write syn_pkg::Name.
`default_nettype none

package syn_pkg;

  // ---------------------------------------------------------------------------
  // Widths and fixed-point formats (docs/model.md, "Widths")
  // ---------------------------------------------------------------------------
  // Potentials u, v, bias, threshold, v_reset, adapt: Q23.0 signed 24-bit integers.
  localparam int unsigned PotBits = 24;
  // Decay fractions d: unsigned 12-bit, a fraction d/4096 is lost per step (Q0.12).
  localparam int unsigned DecayBits = 12;
  // STDP traces: unsigned 8-bit integers saturating at 255.
  localparam int unsigned TraceBits = 8;
  // Refractory counter and its parameter: unsigned 8-bit steps.
  localparam int unsigned RefBits = 8;
  // adapt_step: unsigned 23-bit (the positive half of the potential range).
  localparam int unsigned AdaptStepBits = 23;
  // STDP amplitudes a_plus, a_minus: unsigned 8-bit.
  localparam int unsigned AmpBits = 8;
  // STDP shift: unsigned 4-bit, 0..15.
  localparam int unsigned ShiftBits = 4;
  // Weight exponents: unsigned 4-bit, 0..8 (w adds w * 2^exp to u).
  localparam int unsigned ExpBits = 4;
  // Weights are stored as WeightBits-bit two's complement (a core parameter,
  // at most 8); on the port they travel as 8-bit two's complement.
  localparam int unsigned WeightPortBits = 8;

  // Weight bank implementations (syn_core parameter WeightRam, syn_wram Kind).
  localparam int unsigned WramDual = 0;    // inferred simple dual-port RAM
  localparam int unsigned WramSingle = 1;  // inferred single-port RAM (RMW at half rate)
  localparam int unsigned WramIce40 = 2;   // iCE40 SB_SPRAM256KA, single-port

  localparam logic signed [PotBits-1:0] PotMax = 24'sh7FFFFF;  //  8388607
  localparam logic signed [PotBits-1:0] PotMin = 24'sh800000;  // -8388608
  localparam logic [TraceBits-1:0] TraceMax = 8'hFF;

  // Hash constants (fixed_point.hpp hash3): the lookup3 final mix after XOR
  // with these keys. Keys: k0 = seed, k1 = step, k2 = synapse key.
  localparam logic [31:0] HashK0 = 32'h243F6A88;
  localparam logic [31:0] HashK1 = 32'h85A308D3;
  localparam logic [31:0] HashK2 = 32'h13198A2E;
  // Synapse key: kind in bit 31 (0 depression, 1 potentiation), presynaptic
  // id in bits 30..16 (neuron i -> i, input axon a -> 0x4000 | a), post 15..0.
  localparam logic [14:0] AxonIdBit = 15'h4000;

  // ---------------------------------------------------------------------------
  // Control port: opcodes (cmd_op_i)
  // ---------------------------------------------------------------------------
  localparam int unsigned OpBits = 3;
  typedef enum logic [OpBits-1:0] {
    OpNop   = 3'd0,  // no effect
    OpWrite = 3'd1,  // write cmd_data_i to cmd_addr_i
    OpRead  = 3'd2,  // read cmd_addr_i: one word on the response channel
    OpAxon  = 3'd3,  // queue input axon cmd_data_i for the next step (strictly ascending)
    OpPend  = 3'd4,  // append neuron cmd_data_i to the pending spikes (strictly ascending);
                     // with delays: ArrAxonBit | k << ArrKLsb | index, to the list of t + k
    OpStep  = 3'd5,  // run one timestep: busy until its end-of-step word is sent
    OpClear = 3'd6   // zero all dynamic state and the step counter: busy until done
  } op_e;

  localparam int unsigned AddrBits = 32;
  localparam int unsigned DataBits = 32;

  // ---------------------------------------------------------------------------
  // Address map: cmd_addr_i = {region[7:0], index[23:0]}
  // ---------------------------------------------------------------------------
  localparam int unsigned RegionBits = 8;
  localparam int unsigned IndexBits = 24;
  typedef enum logic [RegionBits-1:0] {
    RegionReg       = 8'h00,  // registers below, index = register number
    RegionParam     = 8'h01,  // neuron parameters, index = neuron * 8 + ParamField
    RegionState     = 8'h02,  // neuron state, index = neuron * 8 + StateField
    RegionAxonTrace = 8'h03,  // input axon traces, index = axon
    RegionWeight    = 8'h04,  // weights and plastic flags, index = pre * N + post
    RegionPendList  = 8'h05,  // pending spikes (read only), index < RegPendCount
    RegionAxonList  = 8'h06,  // axons queued for the next step (read only), index < RegAxonCount
    // Axonal delays (AxonDelays; bad addresses on a core without them):
    RegionArrivals  = 8'h07,  // events in flight (read only), index = ArrAxonBit | k << ArrKLsb | entry
    RegionArrCounts = 8'h08,  // their counts (read only), index = k, or 16 + k for the axons
    RegionDelays    = 8'h09   // delay per presynaptic source, index = pre (as RegionWeight's rows)
  } region_e;

  // RegionArrivals index fields: the list of the events arriving at step t + k.
  localparam int unsigned ArrKLsb = 16;     // [19:16] k, 0..15
  localparam int unsigned ArrAxonBit = 20;  // 1: input axons, 0: neurons
  // OpPend's data on a core with delays: the same fields (entry = the index to append).

  // Registers (RegionReg). RO: writes set StatusErrAddr. Reset values in brackets.
  typedef enum logic [IndexBits-1:0] {
    RegId          = 24'h00,  // RO  PortId
    RegNeurons     = 24'h01,  // RO  N
    RegInputs      = 24'h02,  // RO  M
    RegConfig      = 24'h03,  // RO  ConfigXxx fields below
    RegStatus      = 24'h04,  // RW  Status bits; write 1 to clear an error bit
    RegStep        = 24'h05,  // RW  step counter t of the next step [0]
    RegSeed        = 24'h06,  // RW  seed of the stochastic rounding [0]
    RegLearn       = 24'h07,  // RW  bit 0: STDP on [0]
    RegWeightExpRec = 24'h08, // RW  recurrent weight exponent, 0..8 [0]
    RegWeightExpIn = 24'h09,  // RW  input weight exponent, 0..8 [0]
    RegAPlus       = 24'h0A,  // RW  a_plus, 0..255 [0]
    RegAMinus      = 24'h0B,  // RW  a_minus, 0..255 [0]
    RegShift       = 24'h0C,  // RW  shift, 0..15 [0]
    RegTraceIncPre = 24'h0D,  // RW  trace_inc_pre, 0..255 [0]
    RegTraceIncPost = 24'h0E, // RW  trace_inc_post, 0..255 [0]
    RegDecayPre    = 24'h0F,  // RW  decay_pre, 0..4095 [0]
    RegDecayPost   = 24'h10,  // RW  decay_post, 0..4095 [0]
    RegWMin        = 24'h11,  // RW  w_min, 8-bit two's complement, sign-extended on read [-128]
    RegWMax        = 24'h12,  // RW  w_max, same format [127]
    RegPendCount   = 24'h13,  // RO  number of pending spikes (neurons that fired in the last step)
    RegAxonCount   = 24'h14,  // RO  number of axons queued for the next step
    RegStepCycles  = 24'h15,  // RO  clock cycles the last OpStep took (accept to end-of-step word)
    RegStepSpikes  = 24'h16,  // RO  spikes of the last step
    RegRule        = 24'h17,  // RW  optional learning features, Rule* fields [0]; only on a
                              //     core built with one (RegConfig says which), else a bad address
    // Weight normalisation (beyond the contiguous block; bad addresses on a
    // core built without it, RegConfig bit ConfigWeightNormBit).
    RegNorm        = 24'h1E,  // RW  Norm* fields [0]
    RegNormTarget  = 24'h1F   // RW  target, 24-bit two's complement, sign-extended on read [0]
  } reg_e;
  localparam int unsigned NumRegs = 24;

  // RegId: "SYN" and the version of this port definition.
  localparam logic [31:0] PortId = 32'h53594E01;

  // RegConfig fields.
  localparam int unsigned ConfigWeightBitsLsb = 0;   // [3:0] weight width
  localparam int unsigned ConfigLanesLsb = 8;        // [15:8] synapse lanes
  localparam int unsigned ConfigPerSynapseBit = 16;  // plastic flag per synapse (else per row)
  localparam int unsigned ConfigSinglePortBit = 17;  // weight RAM single-port (RMW at half rate)
  localparam int unsigned ConfigSoftBoundBit = 18;   // soft-bound STDP built in (RegRule bit)
  localparam int unsigned ConfigAdaptIntervalBit = 19;  // adaptation decay interval built in
  // Axonal delays built in. No core has them yet (docs/rtl.md, "Axonal
  // delays"): the bit reads 0 and the host refuses networks with delays.
  localparam int unsigned ConfigDelaysBit = 20;        // axonal delays built in (Region 0x07..0x09)
  localparam int unsigned ConfigWeightNormBit = 21;  // weight normalisation built in (RegNorm)
  localparam int unsigned ConfigWideTracesBit = 22;  // 24-bit STDP traces built in (RegRule bit)

  // RegNorm fields.
  localparam int unsigned NormShiftLsb = 0;         // [3:0] delta = (target - sum) / 2^shift
  localparam int unsigned NormIntervalLog2Lsb = 8;  // [11:8] k: normalise when t mod 2^k == 0
  localparam int unsigned NormEnableBit = 16;       // 1: normalisation on (with RegLearn)

  // RegRule fields (bits of features not built in read 0 and ignore writes).
  localparam int unsigned RuleSoftBoundBit = 0;   // 1: soft-bound STDP, 0: additive
  localparam int unsigned RuleAdaptLog2Lsb = 8;   // [11:8] k: adapt decays when t mod 2^k == 0
  localparam int unsigned RuleWideTracesBit = 16; // 1: 24-bit traces (stdp.trace_bits 24), 0: 8-bit

  // RegStatus bits.
  localparam int unsigned StatusBusy = 0;     // RO: a step or clear is running
  localparam int unsigned StatusErrAddr = 1;  // bad region/index, write to a read-only location
  localparam int unsigned StatusErrAxon = 2;  // OpAxon index >= M, not ascending, or list full
  localparam int unsigned StatusErrPend = 3;  // OpPend index >= N, not ascending, or list full
  localparam int unsigned StatusErrOp = 4;    // unknown opcode
  localparam int unsigned StatusBits = 5;

  // Neuron parameter fields (RegionParam, index = neuron * 8 + field).
  typedef enum logic [2:0] {
    ParamDecayU     = 3'd0,  // unsigned 12
    ParamDecayV     = 3'd1,  // unsigned 12
    ParamDecayAdapt = 3'd2,  // unsigned 12
    ParamBias       = 3'd3,  // signed 24
    ParamThreshold  = 3'd4,  // signed 24
    ParamVReset     = 3'd5,  // signed 24
    ParamRefractory = 3'd6,  // unsigned 8
    ParamAdaptStep  = 3'd7   // unsigned 23
  } param_field_e;

  // Neuron state fields (RegionState, index = neuron * 8 + field).
  typedef enum logic [2:0] {
    StateU         = 3'd0,  // signed 24
    StateV         = 3'd1,  // signed 24
    StateAdapt     = 3'd2,  // signed 24 (the model keeps it in [0, 2^23-1])
    StateRefractory = 3'd3, // unsigned 8
    StateTracePre  = 3'd4,  // unsigned 8 (24 with WideTraces), trace of this neuron's outgoing synapses
    StateTracePost = 3'd5,  // unsigned 8 (24 with WideTraces), trace of its incoming synapses
    StatePending   = 3'd6   // bit 0, read only: fired in the last step (set with OpPend);
                            // with delays set at the start of the step it arrives in, 0 between steps
  } state_field_e;

  // Layout of a neuron's parameter RAM word (bit offsets).
  localparam int unsigned PwDecayU = 0;        // [11:0]
  localparam int unsigned PwDecayV = 12;       // [23:12]
  localparam int unsigned PwDecayAdapt = 24;   // [35:24]
  localparam int unsigned PwBias = 36;         // [59:36]
  localparam int unsigned PwThreshold = 60;    // [83:60]
  localparam int unsigned PwVReset = 84;       // [107:84]
  localparam int unsigned PwRefractory = 108;  // [115:108]
  localparam int unsigned PwAdaptStep = 116;   // [138:116]
  localparam int unsigned ParamWordBits = 139;

  // Layout of a neuron's state RAM word (bit offsets). The traces and the
  // pending bit live in the S-wide trace RAMs (docs/rtl.md, "Memories").
  localparam int unsigned SwU = 0;             // [23:0]
  localparam int unsigned SwV = 24;            // [47:24]
  localparam int unsigned SwAdapt = 48;        // [71:48]
  localparam int unsigned SwRefractory = 72;   // [79:72]
  localparam int unsigned StateWordBits = 80;

  // Weight word (RegionWeight): [7:0] weight (8-bit two's complement), [8] plastic.
  localparam int unsigned WeightFlagBit = 8;
  // Axon trace word (RegionAxonTrace): [7:0] trace, [8] read only: queued for the next step;
  // on a core with 24-bit traces (WideTraces) [23:0] trace, [24] queued.
  localparam int unsigned AxonQueuedBit = 8;
  localparam int unsigned AxonQueuedBitWide = 24;

  // ---------------------------------------------------------------------------
  // Spike stream (spk_data_o)
  // ---------------------------------------------------------------------------
  // Spike:       [31] = 0, [30:16] = step t[14:0], [15:0] = neuron.
  // End of step: [31] = 1, [30:16] = step t[14:0], [15:0] = number of spikes of step t.
  localparam int unsigned SpkEosBit = 31;

  // x < c for a constant c, as plain logic: yosys maps a comparison to a
  // carry chain (one logic cell per bit on the iCE40) even when one side is
  // constant; written bit by bit it folds to a few LUTs. Used by the core
  // and, through syn_proto_pkg::le16/lt16, by the link.
  // Simulation gets the plain comparison: the same function, one machine
  // instruction instead of a chain of 32 bit operations per call on every
  // evaluation (tests/sim-forms proves the two forms equal).
  function automatic logic lt_const(input logic [31:0] x, input logic [31:0] c);
`ifdef SYNTHESIS
    lt_const = lt_const_bits(x, c);
`else
    lt_const = x < c;
`endif
  endfunction
  function automatic logic lt_const_bits(input logic [31:0] x, input logic [31:0] c);
    lt_const_bits = 1'b0;
    for (int unsigned i = 0; i < 32; i++) begin
      lt_const_bits = c[i] ? (!x[i] || lt_const_bits) : (!x[i] && lt_const_bits);
    end
  endfunction

endpackage
