#!/usr/bin/env bash
# What the open iCE40 flow of tools/bitstream made of the iCEBreaker image
# (built by the test bitstream:icebreaker, this test's fixture): the report's
# figures and PLL settings, and the icepack image through `synfire flash`
# (dry run), which must refuse it for a Xilinx board.
# Usage: test_ice40_flow.sh SYNFIRE_BINARY IMAGE_DIR
set -uo pipefail
synfire=$1
image=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[ -s "$image/synfire.bin" ] || fail "no synfire.bin in $image"
python3 - "$image/report.json" <<'PY' || fail "report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] and r["timing_met"], r
assert r["target_mhz"] == 24.0 and r["fmax_mhz"] >= 24.0, r
assert r["clock"]["divq"] == 5 and r["clock"]["vco_hz"] == 768000000, r["clock"]
res = r["resources"]
assert res["pll"] == {"used": 1, "available": 1}, res
assert res["io"]["used"] == 6 and 0 < res["lc"]["used"] <= res["lc"]["available"], res
assert r["mode"] == "build" and r["parameters"]["NumNeurons"] == 256, r
PY

"$synfire" flash --board icebreaker --bitstream "$image/synfire.bin" --dry-run > "$tmp/out" 2>&1 ||
  fail "flash refuses icepack's image: $(cat "$tmp/out")"
"$synfire" flash --board arty-a7-35 --bitstream "$image/synfire.bin" --dry-run > "$tmp/out" 2>&1 &&
  fail "flash accepted an iCE40 image for the Arty"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ice40 flow: all checks passed"
