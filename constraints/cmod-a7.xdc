## Digilent Cmod A7-35T (XC7A35T-1CPG236C) pins for syn_cmod_a7_top.
## Checked against Digilent's Cmod A7 master XDC (rev. B): 12 MHz clock on L17,
## UART uart_txd_in J17 (into the FPGA) / uart_rxd_out J18 (out of it),
## BTN0 A18, LD1 A17, LD2 C16, RGB LED blue B17 / green B16 / red C17.

set_property -dict { PACKAGE_PIN L17 IOSTANDARD LVCMOS33 } [get_ports clk_osc_i]
create_clock -name clk_osc -period 83.333 [get_ports clk_osc_i]

set_property -dict { PACKAGE_PIN A18 IOSTANDARD LVCMOS33 } [get_ports btn_i]
set_property -dict { PACKAGE_PIN J17 IOSTANDARD LVCMOS33 } [get_ports uart_rx_i]
set_property -dict { PACKAGE_PIN J18 IOSTANDARD LVCMOS33 } [get_ports uart_tx_o]
set_property -dict { PACKAGE_PIN A17 IOSTANDARD LVCMOS33 } [get_ports {led_o[0]}]
set_property -dict { PACKAGE_PIN C16 IOSTANDARD LVCMOS33 } [get_ports {led_o[1]}]
set_property -dict { PACKAGE_PIN B17 IOSTANDARD LVCMOS33 } [get_ports {rgb_no[2]}]
set_property -dict { PACKAGE_PIN B16 IOSTANDARD LVCMOS33 } [get_ports {rgb_no[1]}]
set_property -dict { PACKAGE_PIN C17 IOSTANDARD LVCMOS33 } [get_ports {rgb_no[0]}]

## The button and the UART line are asynchronous (synchronised in the RTL);
## the LEDs and the UART output are slow next to the core clock.
set_false_path -from [get_ports {btn_i uart_rx_i}]
set_false_path -to [get_ports {uart_tx_o led_o[*] rgb_no[*]}]

set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 3.3 [current_design]
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
