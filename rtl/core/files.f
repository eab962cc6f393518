# rtl/core: the neuromorphic core (syn_core and everything it instantiates).
# One file per line, relative to this folder, packages first (Verilator parses
# a package before its users), '#' starts a comment line. Every tool reads the
# lists through tools/rtl-files (docs/rtl.md, "Source layout").
syn_pkg.sv
syn_ram.sv
syn_wram.sv
syn_fifo.sv
syn_hash.sv
syn_decay.sv
syn_stdp_lane.sv
syn_synapse.sv
syn_gather.sv
syn_column.sv
syn_norm.sv
syn_neuron.sv
syn_neuron_half.sv
syn_axon.sv
syn_delay.sv
syn_ctrl.sv
syn_core.sv
