#!/usr/bin/env python3
"""The Verilator speed guard (tests/speed/CMakeLists.txt).

Runs speed_probe under callgrind for each model below, counts the
instructions executed inside the controller's tick() (one simulated clock
cycle: both clock phases, the model's evaluation and the harness) and the
number of ticks, and fails when instructions per cycle exceed the budget.

Instruction counts are deterministic for a given binary and input, so this
is not a timed test: a noisy machine cannot make it flaky. The budgets are
3x the counts measured when the speed was restored (docs/rtl.md, "Verilator
model speed"); the regression of November 2026 cost 20-40x. A new Verilator
or compiler moves the counts by far less than 3x; if a deliberate change
needs more room, measure it with `make bench` and raise the budget here
with the reason.

Usage: check_speed.py SPEED_PROBE WORK_DIR
"""
import os
import re
import subprocess
import sys

# (mode, config, tick function, instructions per cycle measured at 3adba26
# with Verilator 5.006 and g++ 12.2 -O3, budget = 3x that)
CASES = [
    ("core", "sim256", "synfire::rtl::CoreSim::tick()", 4913, 14700),
    ("core", "ice40", "synfire::rtl::CoreSim::tick()", 3096, 9300),
    ("link", "sim256", "synfire::board::LinkSim::tick()", 5548, 16600),
]


def callgrind_counts(out_file, function):
    """Total instructions collected and the calls to `function`."""
    names = {}
    total = None
    calls = 0
    callee = None
    name_re = re.compile(r"^c?fn=\((\d+)\)(?: (.*))?$")
    with open(out_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = name_re.match(line)
            if m:
                ident, name = m.group(1), m.group(2)
                if name is not None:
                    names[ident] = name
                callee = names.get(ident) if line.startswith("cfn=") else None
                continue
            if line.startswith("calls=") and callee == function:
                calls += int(line[6:].split()[0])
            elif line.startswith("totals:"):
                total = int(line.split()[1])
    return total, calls


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    probe, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    failed = 0
    for mode, config, function, measured, budget in CASES:
        out = os.path.join(work, f"callgrind.{mode}.{config}.out")
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
               f"--toggle-collect={function}", probe, mode, config]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {mode} {config}: speed_probe exited {run.returncode}\n{run.stderr[-2000:]}")
            failed += 1
            continue
        total, ticks = callgrind_counts(out, function)
        if not total or not ticks:
            print(f"FAIL {mode} {config}: no instruction or tick count in {out}")
            failed += 1
            continue
        per_cycle = total / ticks
        line = (f"{mode} {config}: {per_cycle:.0f} instructions per cycle "
                f"({total} in {ticks} cycles; {run.stdout.strip()})")
        if budget is None:
            print("MEASURED " + line)
        elif per_cycle > budget:
            print(f"FAIL {line}: over the budget of {budget} (measured {measured} when set)")
            failed += 1
        else:
            print(f"ok {line}: budget {budget} ({per_cycle / measured:.2f}x the count measured when set)")
    passed = len(CASES) - failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
