// Anchor of synfire_vuart_test: the verilated UART models (syn_uart_rx at 16
// and 4 clocks per bit, syn_uart_tx at 16) that test_uart.cpp drives. The
// models' sources are added to the library by verilate().
