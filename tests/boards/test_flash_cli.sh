#!/usr/bin/env bash
# `synfire flash` end to end with the fake openFPGALoader (tests/boards/fake)
# on the PATH: the command line it runs, its output, and one clear error line
# with a non-zero exit for each failure.
# Usage: test_flash_cli.sh SYNFIRE_BINARY
set -uo pipefail
synfire=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$here/fake:$PATH"
export FAKE_LOADER_LOG="$tmp/args.txt"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# An iCE40 image as icepack starts it (comment block, sync word), padded.
printf '\377\000synfire-image board=icebreaker commit=1a2b3c4d dirty=0\000\000\377\176\252\231\176' > "$tmp/ice.bin"
head -c 1000 /dev/zero >> "$tmp/ice.bin"

# expect_ok NAME CMD...: exit 0; stdout+stderr in $tmp/out.
expect_ok() {
  local name=$1; shift
  if ! "$@" > "$tmp/out" 2>&1; then fail "$name: exit $? ($(tail -1 "$tmp/out"))"; fi
}
# expect_error NAME FRAGMENT CMD...: non-zero exit and FRAGMENT on stderr, within 20 s.
expect_error() {
  local name=$1 fragment=$2; shift 2
  if timeout 20 "$@" > "$tmp/out" 2> "$tmp/err"; then fail "$name: exit 0, expected an error"; return; fi
  grep -qF -- "$fragment" "$tmp/err" || fail "$name: stderr lacks \"$fragment\": $(cat "$tmp/err")"
}

export FAKE_LOADER_MODE=ok
expect_ok "dry run" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --dry-run
grep -qxF "openFPGALoader -b ice40_generic --write-flash $tmp/ice.bin" "$tmp/out" ||
  fail "dry run printed: $(cat "$tmp/out")"
[ ! -e "$FAKE_LOADER_LOG" ] || fail "dry run ran the loader"

expect_ok "flash" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --verify --ftdi-serial FT1
[ "$(tr '\n' ' ' < "$FAKE_LOADER_LOG")" = "-b ice40_generic --write-flash --verify --ftdi-serial FT1 $tmp/ice.bin " ] ||
  fail "loader arguments: $(tr '\n' ' ' < "$FAKE_LOADER_LOG")"
grep -qF "100.00%" "$tmp/out" || fail "the loader's progress was not shown"
grep -qF "flashed icebreaker" "$tmp/out" || fail "no summary line"

expect_ok "json" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --json
python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); assert d["board"] == "icebreaker"' "$tmp/out" ||
  fail "--json output: $(cat "$tmp/out")"

expect_error "sram on the iCEBreaker" "use --flash" \
  "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --sram
expect_error "missing bitstream" "no bitstream at $tmp/none.bin" \
  "$synfire" flash --board icebreaker --bitstream "$tmp/none.bin"
expect_error "wrong family" "not a Xilinx bitstream" \
  "$synfire" flash --board cmod-a7 --bitstream "$tmp/ice.bin"
expect_error "unknown board" "unknown board \"de0-nano\"" \
  "$synfire" flash --board de0-nano --bitstream "$tmp/ice.bin"

export FAKE_LOADER_MODE=no-device
expect_error "no board" "plugged in" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin"
export FAKE_LOADER_MODE=no-permission
expect_error "no permission" "udev" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin"
export FAKE_LOADER_MODE=fail
expect_error "loader failure" "exit code 3" "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin"
export FAKE_LOADER_MODE=hang
expect_error "hung loader" "did not finish within 1 s" \
  "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --timeout 1
expect_error "no loader" "not found" \
  "$synfire" flash --board icebreaker --bitstream "$tmp/ice.bin" --loader "$tmp/no-loader"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "synfire flash: all checks passed"
