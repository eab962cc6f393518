## Digilent Arty A7-35T / A7-100T pins for syn_arty_a7_top.
## Checked against Digilent's Arty A7 master XDC: 100 MHz clock on E3, UART
## uart_txd_in A9 (into the FPGA) / uart_rxd_out D10 (out of it), RESET (ck_rst)
## C2, LD4..LD7 on H5, J5, T9, T10.

set_property -dict { PACKAGE_PIN E3 IOSTANDARD LVCMOS33 } [get_ports clk_osc_i]
create_clock -name clk_osc -period 10.000 [get_ports clk_osc_i]

set_property -dict { PACKAGE_PIN C2  IOSTANDARD LVCMOS33 } [get_ports rst_btn_ni]
set_property -dict { PACKAGE_PIN A9  IOSTANDARD LVCMOS33 } [get_ports uart_rx_i]
set_property -dict { PACKAGE_PIN D10 IOSTANDARD LVCMOS33 } [get_ports uart_tx_o]
set_property -dict { PACKAGE_PIN H5  IOSTANDARD LVCMOS33 } [get_ports {led_o[0]}]
set_property -dict { PACKAGE_PIN J5  IOSTANDARD LVCMOS33 } [get_ports {led_o[1]}]
set_property -dict { PACKAGE_PIN T9  IOSTANDARD LVCMOS33 } [get_ports {led_o[2]}]
set_property -dict { PACKAGE_PIN T10 IOSTANDARD LVCMOS33 } [get_ports {led_o[3]}]

## The button and the UART line are asynchronous (synchronised in the RTL);
## the LEDs and the UART output are slow next to the core clock.
set_false_path -from [get_ports {rst_btn_ni uart_rx_i}]
set_false_path -to [get_ports {uart_tx_o led_o[*]}]

set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 3.3 [current_design]
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
