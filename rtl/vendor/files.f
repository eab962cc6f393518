# rtl/vendor: simulation models of FPGA primitives the RTL instantiates, for
# Verilator and lint only (synthesis uses the vendor's own cell library).
# Same format as rtl/core/files.f.
SB_SPRAM256KA.sv
