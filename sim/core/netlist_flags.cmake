# How Verilator compiles yosys's gate-level netlists: used by netlist.cmake
# for the post-synthesis models of the core and by tests/netlist-verilator,
# which checks these flags on a known-bad sample.
#
# -fno-const-bit-op-tree: Verilator 5.006's bit-op-tree optimisation
# (V3Const, on at every -O level but -O0) miscompiles yosys's XOR/XNOR gate
# trees. In small_netlist it inverted the sign bit of syn_decay's product
# (u_neuron.u_dec_v.prod_q[37]) for every input, so a negative decay lost
# its "+1"; both netlists came out one LSB off in u or v from step 1
# (docs/rtl.md, "Post-synthesis models"). Verilator issue #4059, fixed in 5.010; the
# optimisation has had more such bugs since (#4709, #4832, #5186), so the
# flag stays whatever the version. Yosys's netlist is not our code: its
# lint and style warnings (unused cells' outputs, width of constant cells)
# are not errors.
set(SYNFIRE_NETLIST_VERILATOR_ARGS
    -O3 -fno-const-bit-op-tree --x-assign fast --x-initial fast
    -Wno-fatal -Wno-lint -Wno-style)
