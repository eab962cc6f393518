"""Run one PyNN script on pyNN.brian2 and on pyNN.synfire, and plot both (docs/pynn.md).

    PYTHONPATH=build/python python3 examples/pynn/compare.py [--port model|sim|/dev/pts/N] \
        [--script tests/python/pynn/small_network.py] [--out out/pynn]

The script must take the simulator name, an output JSON path and setup() keywords
as JSON (as the scripts in tests/python/pynn do). Writes both JSON files and
compare.png (spike rasters, v of the first recorded neuron and, for a script with
learned weights, the weights) into --out, and prints the spike counts.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def run(script, simulator, out, setup):
    args = [sys.executable, script, simulator, out] + ([json.dumps(setup)] if setup else [])
    subprocess.run(args, check=True)
    with open(out) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", default="model")
    ap.add_argument("--script", default=os.path.join(ROOT, "tests", "python", "pynn", "small_network.py"))
    ap.add_argument("--out", default="out/pynn")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    name = os.path.splitext(os.path.basename(a.script))[0]
    res = {"Brian2": run(a.script, "brian2", os.path.join(a.out, f"{name}-brian2.json"), {}),
           f"synfire ({a.port})": run(a.script, "synfire", os.path.join(a.out, f"{name}-synfire.json"),
                                      {"port": a.port})}

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    has_w = all("weights" in r for r in res.values())
    fig, axes = plt.subplots(3 if has_w else 2, 1, figsize=(10, 9 if has_w else 6.5))
    for k, (label, r) in enumerate(res.items()):
        spikes = r.get("spikes") or [r["post_spikes"]]
        for i, st in enumerate(spikes):
            axes[0].plot(st, np.full(len(st), i + 0.25 * k), "|", color=f"C{k}", markersize=4,
                         label=label if i == 0 else None)
        v = np.asarray(r["v"][0] if isinstance(r["v"][0], list) else r["v"])
        axes[1].plot(np.arange(len(v)), v, color=f"C{k}", lw=0.8, label=label)
        if has_w:
            lags = r.get("lags", list(range(len(r["weights"]))))
            axes[2].plot(lags, (np.array(r["weights"]) - r["w_initial"]) / r["w_max"], "o-", color=f"C{k}", ms=3,
                         label=label)
        counts = [len(st) for st in spikes]
        print(f"{label}: {sum(counts)} spikes, per neuron {counts}")
    axes[0].set_ylabel("neuron")
    axes[0].set_title(f"{name}: Brian2 (C0) and synfire (C1, offset by 0.25)")
    axes[1].set_ylabel("v (mV), first recorded neuron")
    axes[1].set_xlabel("time (ms)")
    if has_w:
        axes[2].set_xlabel("lag of the presynaptic spike (steps)")
        axes[2].set_ylabel("weight change / w_max")
    for ax in axes:
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    path = os.path.join(a.out, "compare.png")
    fig.savefig(path, dpi=110)
    print(path)


if __name__ == "__main__":
    main()
