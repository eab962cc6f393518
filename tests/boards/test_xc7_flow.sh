#!/usr/bin/env bash
# The Xilinx flow of tools/bitstream end to end, with the stand-in board top
# and a fake Vivado (tests/boards/fake/vivado: tclsh running
# firmware/xc7/build.tcl with Vivado's commands stubbed): the settings it
# gets from the board table, the timing gate, and the bitstream's header
# accepted by `synfire flash` for its own board only.
# Usage: test_xc7_flow.sh SYNFIRE_BINARY
set -uo pipefail
synfire=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$here/fake:$PATH"
export FAKE_VIVADO_LOG="$tmp/vivado.log"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

FAKE_VIVADO_WNS=0.25 "$root/tools/bitstream" cmod-a7 --standin --out "$tmp/ok" > "$tmp/out" 2> "$tmp/err" ||
  fail "flow with timing met: exit $? ($(cat "$tmp/err"))"
[ -s "$tmp/ok/synfire.bit" ] || fail "no bitstream written"
grep -q '"metric": "bram36"' "$tmp/out" || fail "no resource lines on stdout"
python3 - "$tmp/ok/report.json" <<'PY' || fail "report.json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] and r["vivado"] == "bitstream written", r
assert r["parameters"]["ClkHz"] == 72000000 and r["parameters"]["Neurons"] == 512, r["parameters"]
assert r["clock"] == {"divclk": 1, "mult": 60, "div0": 10, "vco_hz": 720000000}, r["clock"]
PY
synth=$(grep '^synth_design' "$FAKE_VIVADO_LOG")
for want in "-top syn_cmod_a7_top" "-part xc7a35tcpg236-1" "-generic ClkHz=72000000" "-generic MmcmMult=60" \
            "-generic PlasticPerSynapse=1" "-verilog_define SYNTHESIS"; do
  case "$synth" in *"$want"*) ;; *) fail "synth_design lacks $want: $synth" ;; esac
done
grep -q "^read_xdc $root/constraints/cmod-a7.xdc" "$FAKE_VIVADO_LOG" || fail "constraints not read"

"$synfire" flash --board cmod-a7 --bitstream "$tmp/ok/synfire.bit" --dry-run > "$tmp/out" 2>&1 ||
  fail "flash refuses the cmod-a7 bitstream: $(cat "$tmp/out")"
"$synfire" flash --board arty-a7-100 --bitstream "$tmp/ok/synfire.bit" --dry-run > "$tmp/out" 2>&1 &&
  fail "flash accepted a 7A35T bitstream for the arty-a7-100"
grep -qF "built for part 7a35tcpg236" "$tmp/out" || fail "wrong-part message: $(cat "$tmp/out")"

# A stale bitstream from an earlier build must not survive a failed one.
mkdir -p "$tmp/slow" && cp "$tmp/ok/synfire.bit" "$tmp/slow/synfire.bit"
FAKE_VIVADO_WNS=-0.3 "$root/tools/bitstream" cmod-a7 --standin --out "$tmp/slow" > /dev/null 2> "$tmp/err" &&
  fail "flow with negative slack succeeded"
grep -qF "timing not met (WNS -0.3 ns" "$tmp/err" || fail "timing failure message: $(cat "$tmp/err")"
[ ! -e "$tmp/slow/synfire.bit" ] || fail "a bitstream was written although timing failed"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "xc7 flow: all checks passed"
