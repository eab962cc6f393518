# Vivado non-project flow for synfire's Xilinx 7-series boards.
#
#   vivado -mode batch -source firmware/xc7/build.tcl -tclargs out/<board>/vivado_settings.tcl
#
# tools/bitstream writes the settings file from the board's row of
# boards/boards.json (and runs this when vivado is on the PATH). It sets:
#   part      the FPGA part, e.g. xc7a35tcpg236-1
#   top       the board top module
#   sources   SystemVerilog files, packages first (the build's parameters are
#             the first file's package, syn_build_pkg)
#   defines   Verilog defines (NAME or NAME=VALUE)
#   xdc       the pin and clock constraints
#   out_dir   where the reports and the bitstream go
# The build fails (exit 1) if timing is not met, so a bitstream that exists
# met timing at the table's core clock.

if {[llength $argv] != 1} {
  puts "usage: vivado -mode batch -source build.tcl -tclargs <settings.tcl>"
  exit 2
}
source [lindex $argv 0]

set synth_args [list -top $top -part $part]
foreach d $defines { lappend synth_args -verilog_define $d }

create_project -in_memory -part $part
foreach f $sources { read_verilog -sv $f }
read_xdc $xdc

synth_design {*}$synth_args
opt_design
place_design
phys_opt_design
route_design

report_utilization -file $out_dir/vivado_utilization.rpt
report_timing_summary -file $out_dir/vivado_timing.rpt
set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
set whs [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -hold]]
puts "synfire: WNS $wns ns, WHS $whs ns"
if {$wns < 0 || $whs < 0} {
  puts "ERROR: synfire: timing not met (WNS $wns ns, WHS $whs ns); see $out_dir/vivado_timing.rpt"
  exit 1
}
write_bitstream -force $out_dir/synfire.bit
exit 0
