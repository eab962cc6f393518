# The core's sources (syn_core and everything it instantiates), one per line,
# relative to rtl/, packages first: Verilator parses a package before its
# users. The one list that sim/core/CMakeLists.txt, sim/core/netlist.cmake,
# tools/lint and tools/synth-core read ('#' starts a comment line).
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
syn_ctrl.sv
syn_core.sv
