#!/usr/bin/env python3
"""The pattern demo (README.md here) driven from Python with the synfire module.

What tools/demo does with the synfire command, in one Python process: the
inputs come from make_inputs.py (same seed, same files), then the initial
network is run on the test input with learning off, trained with STDP, and
the trained network run on the test input again; analyse.py says what was
learned, and matplotlib draws the results.

    PYTHONPATH=build/python python3 examples/pattern/train.py --out out/pattern-py
    ... --port sim            # the RTL under Verilator
    ... --port /dev/pts/N     # the virtual board (synfire board) or a board

Needs Debian's python3 with python3-numpy (python3-matplotlib for the plots).
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import synfire

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--port", default="model", help="model, sim or a serial device")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, default=12000, help="training steps")
    p.add_argument("--test-steps", type=int, default=1500)
    p.add_argument("--no-plots", action="store_true", help="skip the matplotlib figures")
    return p.parse_args()


def main():
    args = parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make_inputs.py"), "--out", out, "--seed", str(args.seed),
                    "--steps", str(args.steps), "--test-steps", str(args.test_steps)], check=True)
    net = synfire.Network.load(os.path.join(out, "network.json"))
    train = synfire.read_spikes(os.path.join(out, "inputs.csv"))      # (K, 2): step, axon
    test = synfire.read_spikes(os.path.join(out, "test_inputs.csv"))

    board = synfire.open(args.port)
    print(f"running on {board.info()['kind']}", file=sys.stderr)
    # Progress lines on a terminal only: no carriage returns in pipes and logs.
    tty = sys.stderr.isatty()

    def progress(label):
        if not tty:
            return None
        return lambda done, total: print(f"\r{label} {100 * done // max(total, 1):3d} % ({done}/{total})",
                                         end="\n" if done == total else "", file=sys.stderr)

    def test_run(network, name):
        frozen = network.copy()
        frozen.learning = False
        board.load(frozen, progress=progress("uploading"))
        spikes = board.run(args.test_steps, inputs=test, progress=progress("testing")).spikes
        synfire.write_spikes(os.path.join(out, name), spikes)
        return spikes

    before = test_run(net, "test_before.csv")
    board.load(net, progress=progress("uploading"))  # learning on, as in network.json
    run = board.run(args.steps, inputs=train, progress=progress("training"))
    synfire.write_spikes(os.path.join(out, "train_spikes.aer"), run.spikes)
    trained = board.read_network(progress=progress("reading the weights back"))
    trained.save(os.path.join(out, "trained.json"))
    after = test_run(trained, "test_after.csv")

    # The weights: pattern axons against the others, per neuron.
    meta_axons = 100  # make_inputs.py --pattern-axons default
    w0, w1 = net.w_in.astype(float), trained.w_in.astype(float)
    print("mean input weight per neuron, pattern axons / other axons:")
    for j in range(net.neurons):
        print(f"  neuron {j}: before {w0[:meta_axons, j].mean():5.1f} / {w0[meta_axons:, j].mean():5.1f}, "
              f"after {w1[:meta_axons, j].mean():5.1f} / {w1[meta_axons:, j].mean():5.1f}")
    print(f"test spikes: {len(before)} before, {len(after)} after learning")
    subprocess.run([sys.executable, os.path.join(HERE, "analyse.py"), "--dir", out,
                    "--before", os.path.join(out, "test_before.csv"), "--after", os.path.join(out, "test_after.csv"),
                    "--trained", os.path.join(out, "trained.json"), "--summary", os.path.join(out, "summary.json")],
                   check=True)

    if not args.no_plots:
        from synfire import plot

        plot.raster(after[after[:, 0] < 500], inputs=test[test[:, 0] < 500],
                    path=os.path.join(out, "raster_after.png"), title="trained network, test input")
        plot.weights(net.w_in, trained.w_in, path=os.path.join(out, "weights.png"), title="input weights")
        print(f"plots: {out}/raster_after.png {out}/weights.png", file=sys.stderr)


if __name__ == "__main__":
    main()
