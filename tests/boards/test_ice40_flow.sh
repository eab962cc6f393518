#!/usr/bin/env bash
# The open iCE40 flow of tools/bitstream end to end on the stand-in board top
# (seconds): yosys, nextpnr with the table's clock, icepack; the report's
# figures; and the real icepack image through `synfire flash` (dry run).
# Usage: test_ice40_flow.sh SYNFIRE_BINARY
set -uo pipefail
synfire=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$root/tools/bitstream" icebreaker --standin --out "$tmp/ice" > "$tmp/out" 2> "$tmp/err" ||
  fail "stand-in flow: exit $? ($(cat "$tmp/err"))"
[ -s "$tmp/ice/synfire.bin" ] || fail "no synfire.bin"
python3 - "$tmp/ice/report.json" "$tmp/out" <<'PY' || fail "report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] and r["timing_met"], r
assert r["target_mhz"] == 24.0 and r["fmax_mhz"] >= 24.0, r
assert r["clock"]["divq"] == 5 and r["clock"]["vco_hz"] == 768000000, r["clock"]
res = r["resources"]
assert res["pll"] == {"used": 1, "available": 1}, res
assert res["io"]["used"] == 6 and 0 < res["lc"]["used"] < res["lc"]["available"], res
lines = [json.loads(l) for l in open(sys.argv[2]) if l.startswith("{")]
assert {l["metric"] for l in lines} >= {"lc", "ebr", "spram", "dsp", "fmax", "flow_time"}, lines
assert all(l["bench"] == "bitstream" and l["board"] == "icebreaker" for l in lines), lines
PY

"$synfire" flash --board icebreaker --bitstream "$tmp/ice/synfire.bin" --dry-run > "$tmp/out" 2>&1 ||
  fail "flash refuses icepack's image: $(cat "$tmp/out")"
"$synfire" flash --board arty-a7-35 --bitstream "$tmp/ice/synfire.bin" --dry-run > "$tmp/out" 2>&1 &&
  fail "flash accepted an iCE40 image for the Arty"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ice40 flow: all checks passed"
