# rtl/link: the link protocol between line bytes and the core's control and
# spike ports (syn_link), in data-path order: frame decoder (COBS, CRC),
# receive ring and reader, the bridge that executes requests, the spike-stream
# encoder, the frame encoder and transmit ring. Needs rtl/core's syn_pkg.
# Same format as rtl/core/files.f.
syn_proto_pkg.sv
syn_cobs_dec.sv
syn_crc16.sv
syn_link_rx.sv
syn_link_ram.sv
syn_link_reader.sv
syn_link_counters.sv
syn_link_bridge.sv
syn_link_spikes.sv
syn_link_txenc.sv
syn_link_tx.sv
syn_link.sv
