#!/usr/bin/env python3
"""Writes the pattern-detection example: a network and its input spikes.

A repeating spatio-temporal spike pattern is hidden in Poisson noise (after
Masquelier, Guyonneau and Thorpe 2008). Every input axon fires at random with
probability --noise per step. The pattern is one frozen sample of that noise
on the first --pattern-axons axons, --pattern-length steps long; at random
times it replaces their random spikes, while the other axons stay random. So
the input rate does not change when the pattern is on: only the repetition of
exact spike times gives it away.

--neurons LIF neurons listen to every axon through plastic synapses with random
initial weights; they do not interact, so each is its own attempt at finding
the pattern (an attempt can fail: a neuron whose early firing misses the
pattern loses its weights to depression before it catches it).

Writes into --out:
  network.json        the network (docs/network-format.md), learning on
  inputs.csv          training input, step,index (docs/file-formats.md)
  patterns.csv        start,end of every presentation in the training input
  test_inputs.csv     --test-steps of fresh noise with the same pattern
  test_patterns.csv   its presentations
  test_pattern_spikes.csv  the pattern's spikes in the test input (for plots)
  meta.json           what analyse.py needs to know
Standard library only, so any python3 runs it; the same --seed gives the same files.
"""
import argparse
import json
import os
import random


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=1, help="seed of every random choice")
    p.add_argument("--steps", type=int, default=12000, help="length of the training input in steps")
    p.add_argument("--test-steps", type=int, default=1500, help="length of the test input in steps")
    p.add_argument("--axons", type=int, default=200, help="input axons M")
    p.add_argument("--pattern-axons", type=int, default=100, help="axons taking part in the pattern")
    p.add_argument("--pattern-length", type=int, default=16, help="steps of one presentation")
    p.add_argument("--density", type=float, default=1.0,
                   help="spikes in the pattern relative to the noise it replaces")
    p.add_argument("--gap-min", type=int, default=24, help="fewest noise-only steps between presentations")
    p.add_argument("--gap-max", type=int, default=72, help="most noise-only steps between presentations")
    p.add_argument("--noise", type=float, default=0.03, help="spike probability per axon and step")
    p.add_argument("--neurons", type=int, default=8, help="neurons N")
    p.add_argument("--threshold", type=int, default=20000, help="firing threshold")
    p.add_argument("--a-plus", type=int, default=18, help="STDP potentiation amplitude")
    p.add_argument("--a-minus", type=int, default=14, help="STDP depression amplitude")
    p.add_argument("--shift", type=int, default=9, help="STDP shift: changes are amplitude * trace / 2^shift")
    args = p.parse_args()
    if not 0 < args.pattern_axons <= args.axons:
        p.error("--pattern-axons must be in [1, --axons]")
    if not 0 < args.noise < 1 or args.density <= 0:
        p.error("--noise must be in (0, 1) and --density positive")
    if not 0 < args.gap_min <= args.gap_max:
        p.error("need 0 < --gap-min <= --gap-max")
    return args


def network(args, rng):
    """Neurons listening to every axon through plastic, random weights."""
    m, n = args.axons, args.neurons
    return {
        "format": "synfire-network",
        "version": 1,
        "neurons": n,
        "inputs": m,
        "weight_bits": 8,
        # An input weight w adds w * 2^3 to the synaptic current.
        "weight_exp": {"recurrent": 0, "input": 3},
        "seed": args.seed,
        "learning": True,
        "neuron_defaults": {
            "decay_u": 1365,      # u loses a third per step (time constant ~2.5 steps)
            "decay_v": 819,       # v loses a fifth per step (~4.5 steps)
            "bias": 0,
            "threshold": args.threshold,
            "v_reset": 0,
            "refractory": 4,
            "adapt_step": 0,
            "decay_adapt": 0,
        },
        "stdp": {
            # Depression outweighs potentiation (a_minus * tau_post = 14 * 10
            # > a_plus * tau_pre = 18 * 5): weights from axons whose spikes are
            # not reliably followed by the neuron's sink, while those that
            # come just before its spikes, again and again, rise.
            "a_plus": args.a_plus,
            "a_minus": args.a_minus,
            "shift": args.shift,  # 9: at most 18 * 128 / 512 = 4.5 per pairing
            "trace_inc_pre": 128,
            "trace_inc_post": 128,
            "decay_pre": 819,     # presynaptic trace: ~5 steps
            "decay_post": 410,    # postsynaptic trace: ~10 steps
            "w_min": 0,
            "w_max": 127,
        },
        "weights": {
            "input": {"dense": [[rng.randint(20, 40) for _ in range(n)] for _ in range(m)],
                      "plastic": True},
        },
    }


def frozen_pattern(args, rng):
    """(offset, axon) pairs: exactly the expected number of spikes, so that
    every seed's pattern is as strong as the noise it replaces."""
    cells = [(off, axon) for off in range(args.pattern_length) for axon in range(args.pattern_axons)]
    return sorted(rng.sample(cells, round(len(cells) * args.noise * args.density)))


def inputs(args, rng, pattern, steps):
    """Poisson noise on every axon, with the pattern pasted in at random
    times. Returns all spikes, the presentation windows and the pasted spikes."""
    windows = []
    t = rng.randint(args.gap_min, args.gap_max)
    while t + args.pattern_length <= steps:
        windows.append((t, t + args.pattern_length))
        t += args.pattern_length + rng.randint(args.gap_min, args.gap_max)
    in_pattern = [False] * steps
    for start, end in windows:
        for step in range(start, end):
            in_pattern[step] = True
    spikes = []
    for step in range(steps):
        for axon in range(args.axons):
            if (not in_pattern[step] or axon >= args.pattern_axons) and rng.random() < args.noise:
                spikes.append((step, axon))
    pasted = [(start + off, axon) for start, _ in windows for off, axon in pattern]
    return sorted(spikes + pasted), windows, sorted(pasted)


def write_csv(path, header, rows):
    with open(path, "w") as f:
        f.write(header + "\n")
        f.writelines(f"{a},{b}\n" for a, b in rows)


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    net = network(args, rng)
    pattern = frozen_pattern(args, rng)
    train, train_windows, _ = inputs(args, rng, pattern, args.steps)
    test, test_windows, test_pattern = inputs(args, rng, pattern, args.test_steps)
    with open(os.path.join(args.out, "network.json"), "w") as f:
        json.dump(net, f, indent=1)
        f.write("\n")
    write_csv(os.path.join(args.out, "inputs.csv"), "step,index", train)
    write_csv(os.path.join(args.out, "patterns.csv"), "start,end", train_windows)
    write_csv(os.path.join(args.out, "test_inputs.csv"), "step,index", test)
    write_csv(os.path.join(args.out, "test_patterns.csv"), "start,end", test_windows)
    write_csv(os.path.join(args.out, "test_pattern_spikes.csv"), "step,index", test_pattern)
    meta = {
        "seed": args.seed,
        "steps": args.steps,
        "test_steps": args.test_steps,
        "axons": args.axons,
        "neurons": args.neurons,
        "noise": args.noise,
        "density": args.density,
        "pattern_length": args.pattern_length,
        "pattern_axons": args.pattern_axons,
        "pattern_spikes": [[off, axon] for off, axon in pattern],
        "w_max": net["stdp"]["w_max"],
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
