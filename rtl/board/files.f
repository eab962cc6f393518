# rtl/board: the tops. syn_linked_core is the link in front of the core with
# byte streams outside (the in-process `sim` back end drives it);
# syn_board_top adds the UART (what firmware/<board>/ tops instantiate and the
# virtual board simulates). Needs rtl/core and rtl/link. Same format as
# rtl/core/files.f.
syn_uart_rx.sv
syn_uart_tx.sv
syn_linked_core.sv
syn_board_top.sv
