#!/usr/bin/env bash
# tools/build-package, the one filler of rtl/board/syn_build_pkg.sv.in: a full
# set of values gives a package whose every constant has its value (and the
# extra clock constants), an unchanged package is not rewritten (so models
# do not re-verilate), and every bad call fails with exit 2 and one line
# naming the problem, writing nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tool=$root/tools/build-package
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

args=(ClkHz=24000000 Baud=3000000 NumNeurons=128 NumInputs=64 WeightBits=6 SynLanes=2
      PlasticPerSynapse=0 WeightRam=2 SoftBound=0 AdaptInterval=1 WeightNorm=0 AxonDelays=1 WideTraces=1 FreeRun=1
      BuildCommit=5ed50ce3 BuildFlags=01 BuildConfig=6b61657262656369)
"$tool" "$tmp/pkg.sv" "${args[@]}" --extra OscHz=12000000 PllDivf=63
for want in "int unsigned ClkHz = 24000000;" "int unsigned NumNeurons = 128;" \
            "int unsigned NumInputs = 64;" "int unsigned WeightBits = 6;" \
            "int unsigned SynLanes = 2;" "bit PlasticPerSynapse = 1'b0;" \
            "int unsigned WeightRam = 2;" "bit AdaptInterval = 1'b1;" "bit WeightNorm = 1'b0;" "bit AxonDelays = 1'b1;" "bit WideTraces = 1'b1;" \
            "logic [31:0] BuildCommit = 32'h5ed50ce3;" "logic [7:0] BuildFlags = 8'h01;" \
            "logic [63:0] BuildConfig = 64'h6b61657262656369;" \
            "int unsigned OscHz = 12000000;" "int unsigned PllDivf = 63;"; do
  grep -qxF "  localparam $want" "$tmp/pkg.sv" || fail "package lacks: localparam $want"
done
grep -q "@" "$tmp/pkg.sv" && fail "a placeholder is left: $(grep -m1 @ "$tmp/pkg.sv")"

# Unchanged: the file keeps its time stamp.
touch -d '2000-01-01' "$tmp/pkg.sv"
"$tool" "$tmp/pkg.sv" "${args[@]}" --extra OscHz=12000000 PllDivf=63
[ "$(stat -c %Y "$tmp/pkg.sv")" = "$(date -d 2000-01-01 +%s)" ] || fail "an unchanged package was rewritten"

# Bad calls: exit 2, one line naming the problem, nothing written.
bad() {  # expected-message-part args...
  local want=$1; shift
  set +e
  "$tool" "$tmp/bad.sv" "$@" 2>"$tmp/err"
  local rc=$?
  set -e
  [ $rc = 2 ] || fail "exit $rc (want 2) for: $*"
  [ "$(wc -l < "$tmp/err")" = 1 ] || fail "not one line for: $*: $(cat "$tmp/err")"
  grep -qF "$want" "$tmp/err" || fail "message lacks '$want': $(cat "$tmp/err")"
  [ ! -e "$tmp/bad.sv" ] || fail "wrote a package for: $*"
}
mapfile -t some < <(printf '%s\n' "${args[@]}" | grep -v "^WeightNorm=")
bad "no value for WeightNorm" "${some[@]}"
bad "the template has no Neurons" "${args[@]}" Neurons=5
bad "FreeRun=2 is not a valid value" "${args[@]/FreeRun=1/FreeRun=2}"
bad "BuildCommit=xyz is not a valid value" "${args[@]/BuildCommit=5ed50ce3/BuildCommit=xyz}"
bad "BuildFlags=123 is not a valid value" "${args[@]/BuildFlags=01/BuildFlags=123}"
bad "ClkHz=-1 is not a valid value" "${args[@]/ClkHz=24000000/ClkHz=-1}"
bad "NumInputs is given twice" "${args[@]}" NumInputs=8
bad "is not Name=VALUE" "${args[@]}" junk
bad "extra ClkHz=5 must be a new name" "${args[@]}" --extra ClkHz=5
echo "build-package: all checks passed"
