#!/usr/bin/env python3
"""Says, from the files of a run, what the pattern-detection example learned.

Reads what make_inputs.py wrote (meta.json, patterns.csv, test_patterns.csv,
network.json), the trained network, and the output spikes of two test runs on
the same fresh input with learning off: one with the initial network and one
with the trained network. Prints one paragraph: how many neurons became
pattern detectors and, for the best one, how reliably, how early and how
selectively it fires before and after training, and how its weights moved.
Writes the numbers to --summary (JSON).
Standard library only.
"""
import argparse
import csv
import json
import os

# A response may follow the end of a presentation by this many steps (the
# current and the membrane take a few steps to integrate).
SLACK = 2
# A detector fires in at least this share of the test presentations...
MIN_HIT_RATE = 0.9
# ...and on at most this share of the noise-only steps.
MAX_FALSE_ALARM_RATE = 0.01


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True, help="directory written by make_inputs.py")
    p.add_argument("--before", required=True, help="test-run spikes (CSV) of the initial network")
    p.add_argument("--after", required=True, help="test-run spikes (CSV) of the trained network")
    p.add_argument("--trained", required=True, help="network file written by --weights-out")
    p.add_argument("--summary", required=True, help="JSON file to write the numbers to")
    return p.parse_args()


def fail(message):
    raise SystemExit(f"analyse.py: error: {message}")


def read_pairs(path, header):
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    if not rows or [h.strip() for h in rows[0]] != header:
        fail(f"{path}: expected the header {','.join(header)}")
    try:
        return [(int(a), int(b)) for a, b in rows[1:] if a.strip()]
    except ValueError as e:
        fail(f"{path}: {e}")


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def input_weights(net):
    """w[a][j]: weight from input axon a to neuron j (dense or edge lists)."""
    m, n = net["inputs"], net["neurons"]
    block = net["weights"]["input"]
    if "dense" in block:
        return block["dense"]
    w = [[0] * n for _ in range(m)]
    for edge in block["edges"]:
        w[edge[0]][edge[1]] = edge[2]
    return w


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def response(spike_steps, windows, lo, hi):
    """Detection of the presentations that start in [lo, hi), and false
    alarms on the noise-only steps of [lo, hi)."""
    covered = set()
    for s, e in windows:
        covered.update(range(s, e + SLACK))
    inside = [(s, e) for s, e in windows if lo <= s < hi]
    steps = sorted(spike_steps)
    hits, latencies = 0, []
    for s, e in inside:
        answers = [t for t in steps if s <= t < e + SLACK]
        if answers:
            hits += 1
            latencies.append(answers[0] - s)
    noise_steps = sum(1 for t in range(lo, hi) if t not in covered)
    noise_spikes = sum(1 for t in steps if lo <= t < hi and t not in covered)
    return {
        "presentations": len(inside),
        "detected": hits,
        "hit_rate": hits / len(inside) if inside else 0.0,
        "mean_latency": mean(latencies),
        "noise_steps": noise_steps,
        "noise_spikes": noise_spikes,
        "false_alarm_rate": noise_spikes / noise_steps if noise_steps else 0.0,
    }


def main():
    args = parse_args()
    meta = read_json(os.path.join(args.dir, "meta.json"))
    windows = read_pairs(os.path.join(args.dir, "patterns.csv"), ["start", "end"])
    test_windows = read_pairs(os.path.join(args.dir, "test_patterns.csv"), ["start", "end"])
    before = read_pairs(args.before, ["step", "index"])
    after = read_pairs(args.after, ["step", "index"])
    w0 = input_weights(read_json(os.path.join(args.dir, "network.json")))
    w1 = input_weights(read_json(args.trained))
    steps, n, m, test_steps = meta["steps"], meta["neurons"], meta["axons"], meta["test_steps"]

    # The axons that spike in the frozen pattern, and when they first do.
    first = {}
    for off, axon in meta["pattern_spikes"]:
        first[axon] = min(off, first.get(axon, off))
    pattern_axons = sorted(first)
    other_axons = [a for a in range(m) if a not in first]
    strong_limit = 0.75 * meta["w_max"]

    neurons = []
    for j in range(n):
        untrained = response([s for s, i in before if i == j], test_windows, 0, test_steps)
        held_out = response([s for s, i in after if i == j], test_windows, 0, test_steps)
        strong = [a for a in pattern_axons if w1[a][j] >= strong_limit]
        neurons.append({
            "neuron": j,
            "before": untrained,
            "after": held_out,
            "detector": held_out["hit_rate"] >= MIN_HIT_RATE
            and held_out["false_alarm_rate"] <= MAX_FALSE_ALARM_RATE,
            "weights": {
                "pattern_before": mean([w0[a][j] for a in pattern_axons]),
                "pattern_after": mean([w1[a][j] for a in pattern_axons]),
                "other_before": mean([w0[a][j] for a in other_axons]),
                "other_after": mean([w1[a][j] for a in other_axons]),
            },
            "strong_pattern_axons": len(strong),
            "strong_first_spike": mean([first[a] for a in strong]),
            # Detection minus false alarms per presentation: the best detector scores highest.
            "score": held_out["hit_rate"] - held_out["noise_spikes"] / max(held_out["presentations"], 1),
        })
    best = max(neurons, key=lambda x: x["score"])
    detectors = [x["neuron"] for x in neurons if x["detector"]]
    summary = {
        "steps": steps,
        "test_steps": meta["test_steps"],
        "presentations": len(windows),
        "test_presentations": len(test_windows),
        "pattern_first_spike_mean": mean(list(first.values())),
        "detectors": detectors,
        "best": best["neuron"],
        "neurons": neurons,
    }
    with open(args.summary, "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(account(meta, summary, best, len(pattern_axons)))


def account(meta, summary, best, pattern_axon_count):
    def pct(x):
        return f"{100 * x:.0f} %"

    e, t, w, j = best["before"], best["after"], best["weights"], best["neuron"]
    n = meta["neurons"]
    count = len(summary["detectors"])
    text = (
        f"In {summary['steps']} training steps, the first {meta['pattern_axons']} of the "
        f"{meta['axons']} input axons replayed one frozen {meta['pattern_length']}-step stretch of "
        f"their random spikes ({len(meta['pattern_spikes'])} spikes on {pattern_axon_count} axons) "
        f"{summary['presentations']} times, "
        + ("at the same rate as " if meta["density"] == 1 else f"{meta['density']:g} times as dense as ")
        + f"the noise around it ({meta['noise']:g} spikes per axon and step). "
        f"{n} independent neurons listened to all axons and learned with STDP; "
        f"{'none' if count == 0 else count} of them became pattern detectors, firing in at least "
        f"{pct(MIN_HIT_RATE)} of the presentations and on at most {pct(MAX_FALSE_ALARM_RATE)} of "
        f"the noise-only steps of {summary['test_steps']} fresh test steps with learning off. ")
    text += (
        f"The best, neuron {j}, fired on that test input in {pct(e['hit_rate'])} of the "
        f"presentations and on {pct(e['false_alarm_rate'])} of the noise-only steps before "
        f"training, and in {pct(t['hit_rate'])} ({t['detected']} of {t['presentations']}), "
        f"{t['mean_latency']:.1f} steps after the pattern began on average, and on "
        f"{pct(t['false_alarm_rate'])} of the noise-only steps ({t['noise_spikes']} spikes in "
        f"{t['noise_steps']} steps) after. Its weights from the pattern's {pattern_axon_count} "
        f"axons went from {w['pattern_before']:.0f} to {w['pattern_after']:.0f} on average and those from the "
        f"{meta['axons'] - pattern_axon_count} other axons from {w['other_before']:.0f} to "
        f"{w['other_after']:.0f}")
    if best["strong_pattern_axons"]:
        earlier = best["strong_first_spike"] < summary["pattern_first_spike_mean"]
        text += (
            f"; the {best['strong_pattern_axons']} pattern axons that ended near the maximum "
            f"first fire at step {best['strong_first_spike']:.1f} of the pattern on average, "
            f"{'earlier than' if earlier else 'no earlier than'} the "
            f"{summary['pattern_first_spike_mean']:.1f} of all pattern axons")
    return text + "."


if __name__ == "__main__":
    main()
