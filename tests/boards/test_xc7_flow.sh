#!/usr/bin/env bash
# The Xilinx flow of tools/bitstream end to end, with a fake yosys
# (tests/boards/fake/yosys: checks the files and writes a resource count) and
# a fake Vivado (tests/boards/fake/vivado: tclsh running firmware/xc7/build.tcl
# with Vivado's commands stubbed): the sources both get (rtl/'s lists through
# tools/rtl-files, then the firmware), the settings from the board table, the
# fit and timing gates, and the bitstream's header accepted by `synfire flash`
# for its own board only. The real synthesis is bitstream:<board> (slow tier).
# Usage: test_xc7_flow.sh SYNFIRE_BINARY
set -uo pipefail
synfire=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$here/fake:$PATH"
export FAKE_VIVADO_LOG="$tmp/vivado.log" FAKE_YOSYS_LOG="$tmp/yosys.log"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

FAKE_VIVADO_WNS=0.25 "$root/tools/bitstream" cmod-a7 --out "$tmp/ok" > "$tmp/out" 2> "$tmp/err" ||
  fail "flow with timing met: exit $? ($(cat "$tmp/err"))"
[ -s "$tmp/ok/synfire.bit" ] || fail "no bitstream written"
grep -q '"metric": "bram36"' "$tmp/out" || fail "no resource lines on stdout"
python3 - "$tmp/ok/report.json" <<'PY' || fail "report.json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] and r["vivado"] == "bitstream written", r
assert r["parameters"]["ClkHz"] == 72000000 and r["parameters"]["NumNeurons"] == 512, r["parameters"]
assert r["clock"] == {"divclk": 1, "mult": 60, "div0": 10, "vco_hz": 720000000}, r["clock"]
PY
synth=$(grep '^synth_design' "$FAKE_VIVADO_LOG")
for want in "-top syn_cmod_a7_top" "-part xc7a35tcpg236-1" "-verilog_define SYNTHESIS"; do
  case "$synth" in *"$want"*) ;; *) fail "synth_design lacks $want: $synth" ;; esac
done
# The table's row reaches the RTL as syn_build_pkg, the first file both tools read.
for want in "localparam int unsigned ClkHz = 72000000;" "localparam int unsigned MmcmMult = 60;" \
            "localparam bit PlasticPerSynapse = 1'b1;" "localparam int unsigned NumNeurons = 512;"; do
  grep -qxF "  $want" "$tmp/ok/syn_build_pkg.sv" || fail "syn_build_pkg lacks $want"
done
grep -q "^read_xdc $root/constraints/cmod-a7.xdc" "$FAKE_VIVADO_LOG" || fail "constraints not read"
# Both tools read rtl/'s parts in their lists' order, then the board's firmware.
want=$( { echo "$tmp/ok/syn_build_pkg.sv"; "$root/tools/rtl-files" core link board
          for d in common xc7 cmod-a7; do LC_ALL=C ls "$root/firmware/$d"/*.sv; done; } )
[ "$(sed -n 's/^read_verilog -sv //p' "$FAKE_VIVADO_LOG")" = "$want" ] || fail "Vivado's sources differ from the lists: $(diff <(echo "$want") <(sed -n 's/^read_verilog -sv //p' "$FAKE_VIVADO_LOG"))"
[ "$(sed 's/.* //' "$FAKE_YOSYS_LOG")" = "$want" ] || fail "yosys' sources differ from the lists"

# A design the part cannot hold stops before Vivado, naming the resource.
FAKE_YOSYS_LUTS=999999 "$root/tools/bitstream" cmod-a7 --out "$tmp/big" > /dev/null 2> "$tmp/err" &&
  fail "flow with a design larger than the part succeeded"
grep -qF "does not fit the xc7a35tcpg236-1: lut 999999 > " "$tmp/err" || fail "fit failure message: $(cat "$tmp/err")"

"$synfire" flash --board cmod-a7 --bitstream "$tmp/ok/synfire.bit" --dry-run > "$tmp/out" 2>&1 ||
  fail "flash refuses the cmod-a7 bitstream: $(cat "$tmp/out")"
"$synfire" flash --board arty-a7-100 --bitstream "$tmp/ok/synfire.bit" --dry-run > "$tmp/out" 2>&1 &&
  fail "flash accepted a 7A35T bitstream for the arty-a7-100"
grep -qF "built for part 7a35tcpg236" "$tmp/out" || fail "wrong-part message: $(cat "$tmp/out")"

# A stale bitstream from an earlier build must not survive a failed one.
mkdir -p "$tmp/slow" && cp "$tmp/ok/synfire.bit" "$tmp/slow/synfire.bit"
FAKE_VIVADO_WNS=-0.3 "$root/tools/bitstream" cmod-a7 --out "$tmp/slow" > /dev/null 2> "$tmp/err" &&
  fail "flow with negative slack succeeded"
grep -qF "timing not met (WNS -0.3 ns" "$tmp/err" || fail "timing failure message: $(cat "$tmp/err")"
[ ! -e "$tmp/slow/synfire.bit" ] || fail "a bitstream was written although timing failed"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "xc7 flow: all checks passed"
