#!/usr/bin/env bash
# Yosys must elaborate syn_ram's write fields as Verilator does (test_ram
# checks the Verilator side): the memory's write port gets one enable
# signal per field. yosys 0.23 once turned a '1 FieldStarts default into a
# single field, which no simulation can see.
# Usage: test_ram_synth.sh ROOT
set -euo pipefail
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# groups WIDTH [FIELDSTARTS]: distinct write-enable signals of the memory.
groups() {
  local chparam="-chparam Width $1 -chparam Depth 64"
  [ $# -gt 1 ] && chparam="$chparam -chparam FieldStarts $2"
  yosys -q -p "read_verilog -sv $root/rtl/core/syn_ram.sv; hierarchy -top syn_ram $chparam;
               proc; opt; memory -nomap; opt_clean; tee -q -o $tmp/dump.txt dump t:\$mem_v2" > /dev/null
  grep -E '^ +connect \\WR_EN ' "$tmp/dump.txt" | sed 's/^ *connect .WR_EN //' |
    grep -oE "[\$\\\\][^ ]* \[[0-9]+\]|[0-9]+'[01]+" | sort -u | wc -l
}

check() {  # check WANT GOT WHAT
  if [ "$1" != "$2" ]; then echo "FAIL: $3: $2 write enables, expected $1" >&2; exit 1; fi
  echo "ok: $3: $2 write enables"
}
check 12 "$(groups 12)" "default FieldStarts (per bit), 12 bits"
check 3 "$(groups 12 12\'h111)" "FieldStarts 12'h111"
check 2 "$(groups 20 20\'h00101)" "FieldStarts 20'h00101"
