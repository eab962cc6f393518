#!/usr/bin/env python3
"""Unsupervised digit learning on synfire (README.md here), after Diehl & Cook (2015).

scikit-learn's 8x8 digits (1797 images, python3-sklearn ships them) are
shown one at a time as Poisson spike trains on 64 input axons. Excitatory
LIF neurons compete through strong lateral inhibition; their plastic input
weights learn by soft-bound STDP, are held at a common sum by the chip's
weight normalisation, and adaptive thresholds with a long time constant
(adapt_interval_log2) keep any one neuron from winning every digit. After
training, learning is switched off and the thresholds are frozen; each
neuron is labelled with the class it answers most on the training images
(labels from the training set only), and a held-out image is classified by
the labelled neurons' mean spike counts.

    PYTHONPATH=build/python python3 examples/digits/digits.py --out out/digits
    ... --check sim                 # also: a training prefix on the RTL, bit for bit
    ... --check /dev/pts/N          # ... on a (virtual) board with weight normalisation

Needs Debian's python3 with python3-numpy, python3-sklearn and
python3-matplotlib (plots).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

import synfire


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--port", default="model", help="back end that trains and tests: model, sim or a serial device")
    p.add_argument("--neurons", type=int, default=256, help="excitatory neurons (<= 256)")
    p.add_argument("--epochs", type=int, default=3, help="passes over the training images")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--test-fraction", type=float, default=0.3, help="share of the images held out")
    p.add_argument("--limit", type=int, default=0, help="use only this many images (0: all; for quick runs)")
    p.add_argument("--check", default="", help="also run a training prefix on this back end (sim or a serial "
                   "device) and on the model, and require the same spikes, weights and state")
    p.add_argument("--check-images", type=int, default=12, help="images in that prefix")
    p.add_argument("--params", default="", help="JSON object overriding entries of PARAMS (experiments)")
    p.add_argument("--no-plots", action="store_true", help="skip the matplotlib figures")
    return p.parse_args()


# The recipe, in synfire's integers (docs/model.md). One step stands for 1 ms.
PARAMS = {
    "on_steps": 128,         # steps an image is shown while training
    "eval_on_steps": 256,    # ... while labelling and testing (more spikes to count)
    "off_steps": 32,         # silent steps after it (the state relaxes)
    "max_rate": 0.25,        # spike probability per step of a pixel of value 16
    "w_init_max": 60,        # initial input weights uniform in [0, w_init_max]
    "w_max": 127,
    "weight_exp_in": 4,      # an input spike adds w * 16 to u
    "inhibition": -128,      # every neuron onto every other, fixed
    "weight_exp_rec": 8,     # ... adding -128 * 256 to u
    "threshold": 12000,
    "decay_u": 4095,         # u is this step's input (almost nothing kept)
    "decay_v": 205,          # tau_m = 20 steps
    "refractory": 4,
    "adapt_step": 300,       # threshold raise per spike
    "decay_adapt": 56,       # with adapt_interval_log2 = 12: tau = 3 x 10^5 steps
    "adapt_interval_log2": 12,
    "a_plus": 16,            # soft bound: at most 16 * 255 * 127 / 2^18 = 2 per pairing
    "a_minus": 2,
    "stdp_shift": 10,
    "trace_inc": 255,
    "decay_pre": 205,        # tau = 20 steps
    "decay_post": 205,
    "norm_target_mean": 16,  # each neuron's 64 input weights sum to 64 * this
    "norm_interval_log2": 5, # normalised every 32 steps
}


def load_digits(seed, test_fraction, limit):
    from sklearn.datasets import load_digits as sk_digits
    from sklearn.model_selection import train_test_split

    d = sk_digits()
    x, y = d.images.reshape(len(d.images), 64).astype(np.int64), d.target.astype(np.int64)
    if limit:
        x, y = x[:limit], y[:limit]
    return train_test_split(x, y, test_size=test_fraction, random_state=seed, stratify=y)


def build_network(n, p, seed):
    """n excitatory neurons, 64 input axons, learning on."""
    rng = np.random.default_rng(seed)
    net = synfire.Network(n, 64)
    net.seed = seed
    net.weight_exp_in = p["weight_exp_in"]
    net.weight_exp_rec = p["weight_exp_rec"]
    net.adapt_interval_log2 = p["adapt_interval_log2"]
    net.set_neuron_params(decay_u=p["decay_u"], decay_v=p["decay_v"], threshold=p["threshold"],
                          refractory=p["refractory"], adapt_step=p["adapt_step"], decay_adapt=p["decay_adapt"])
    s = net.stdp
    s.rule = "soft_bound"
    s.a_plus, s.a_minus, s.shift = p["a_plus"], p["a_minus"], p["stdp_shift"]
    s.trace_inc_pre = s.trace_inc_post = p["trace_inc"]
    s.decay_pre, s.decay_post = p["decay_pre"], p["decay_post"]
    s.w_min, s.w_max = 0, p["w_max"]
    net.stdp = s
    q = net.weight_norm
    q.enabled = True
    q.target = 64 * p["norm_target_mean"]
    q.shift = 6                     # 2^6 = 64 plastic inputs: one pass restores the sum
    q.interval_log2 = p["norm_interval_log2"]
    net.weight_norm = q
    w_in = rng.integers(0, p["w_init_max"] + 1, size=(64, n)).astype(np.int8)
    w_rec = np.full((n, n), p["inhibition"], dtype=np.int8)
    np.fill_diagonal(w_rec, 0)
    net.w_in = w_in
    net.plastic_in = np.ones((64, n), dtype=np.uint8)
    net.w_rec = w_rec
    net.plastic_rec = np.zeros((n, n), dtype=np.uint8)
    net.learning = True
    return net


def encode(images, p, rng):
    """Poisson spikes of the images shown one after another: (K, 2) rows of step (relative to
    the run, as board.run takes them), axon."""
    period = p["on_steps"] + p["off_steps"]
    prob = images.astype(np.float64) / 16.0 * p["max_rate"]                     # (K, 64)
    fire = rng.random((len(images), p["on_steps"], 64)) < prob[:, None, :]     # (K, T, 64)
    k, t, a = np.nonzero(fire)
    return np.stack([k * period + t, a], axis=1).astype(np.int64)


def counts(spikes, n_images, n, p):
    """Spikes per image (its on and off steps) and neuron: (K, n), from a run's spikes."""
    period = p["on_steps"] + p["off_steps"]
    c = np.zeros((n_images, n), dtype=np.int64)
    if len(spikes):
        k = spikes[:, 0].astype(np.int64) // period
        np.add.at(c, (k, spikes[:, 1]), 1)
    return c


def frozen(net):
    """The trained network for labelling and testing: no STDP, no normalisation, thresholds held."""
    f = net.copy()
    f.learning = False
    params = f.params
    for j in range(f.neurons):
        params[j].adapt_step = 0
        params[j].decay_adapt = 0
    return f


def assign_labels(resp, y):
    """Each neuron's class: the one with the highest mean response on the training images."""
    mean = np.stack([resp[y == c].mean(axis=0) for c in range(10)])     # (10, n)
    return mean.argmax(axis=0), mean.max(axis=0) > 0


def classify(resp, labels, active):
    score = np.zeros((len(resp), 10))
    for c in range(10):
        sel = (labels == c) & active
        if sel.any():
            score[:, c] = resp[:, sel].mean(axis=1)
    pred = score.argmax(axis=1)
    pred[score.max(axis=1) == 0] = -1      # no spike at all: no answer (counts as wrong)
    return pred


def check_bit_exact(args, p, net, x_train):
    """A training prefix on args.check and on the model: same spikes, weights and state."""
    rng = np.random.default_rng(args.seed + 7)
    images = x_train[:args.check_images]
    inputs = encode(images, p, rng)
    steps = len(images) * (p["on_steps"] + p["off_steps"])
    results = {}
    for port in ("model", args.check):
        board = synfire.open(port)
        board.load(net)
        t = time.time()
        run = board.run(steps, inputs=inputs)
        dt = time.time() - t
        results[port] = (run.spikes, board.read_network(), board.read_state(), steps / dt)
        del board
    (s0, n0, st0, _), (s1, n1, st1, rate) = results["model"], results[args.check]
    same = np.array_equal(s0, s1) and np.array_equal(n0.w_in, n1.w_in) and st0 == st1
    print(f"bit-exact check on {args.check}: {len(images)} images, {steps} steps, {len(s0)} spikes: "
          f"{'identical to the model' if same else 'DIFFERENT from the model'} ({rate:.0f} steps/s there)")
    return same, rate


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    p = dict(PARAMS)
    if args.params:
        p.update(json.loads(args.params))
    if not 1 <= args.neurons <= 256:
        sys.exit(f"digits.py: error: --neurons {args.neurons} is outside [1, 256]")
    x_train, x_test, y_train, y_test = load_digits(args.seed, args.test_fraction, args.limit)
    n = args.neurons
    net = build_network(n, p, args.seed)
    period = p["on_steps"] + p["off_steps"]
    summary = {"port": args.port, "neurons": n, "epochs": args.epochs, "train_images": len(x_train),
               "test_images": len(x_test), "params": p}

    if args.check:
        same, rate = check_bit_exact(args, p, net, x_train)
        summary["check"] = {"port": args.check, "images": args.check_images, "identical": same,
                            "steps_per_s": round(rate)}
        if not same:
            json.dump(summary, open(os.path.join(args.out, "summary.json"), "w"), indent=1)
            sys.exit("digits.py: error: the check back end disagrees with the model")

    board = synfire.open(args.port)
    rng = np.random.default_rng(args.seed)
    board.load(net)
    order = np.concatenate([rng.permutation(len(x_train)) for _ in range(args.epochs)])
    train_in = encode(x_train[order], p, rng)
    steps = len(order) * period
    t = time.time()
    board.run(steps, inputs=train_in)
    train_s = time.time() - t
    trained = board.read_network()
    state = board.read_state()
    trained.save(os.path.join(args.out, "trained.json"))
    print(f"trained on {board.info()['kind']}: {len(order)} presentations, {steps} steps in {train_s:.1f} s "
          f"({steps / train_s:.0f} steps/s)")

    # Labelling (training images) and testing (held-out images), thresholds frozen.
    pe = dict(p, on_steps=p["eval_on_steps"])
    eperiod = pe["on_steps"] + pe["off_steps"]
    board.load(frozen(trained))
    board.write_state(state)
    run = board.run(len(x_train) * eperiod, inputs=encode(x_train, pe, rng))
    resp_train = counts(run.spikes, len(x_train), n, pe)
    run = board.run(len(x_test) * eperiod, inputs=encode(x_test, pe, rng))
    resp_test = counts(run.spikes, len(x_test), n, pe)
    labels, active = assign_labels(resp_train, y_train)
    acc_train = float(np.mean(classify(resp_train, labels, active) == y_train))
    pred = classify(resp_test, labels, active)
    acc = float(np.mean(pred == y_test))
    confusion = np.zeros((10, 10), dtype=np.int64)
    for yt, yp in zip(y_test, pred):
        if yp >= 0:
            confusion[yt, yp] += 1
    print(f"neurons answering: {int(active.sum())} of {n}; labels per class: "
          f"{np.bincount(labels[active], minlength=10).tolist()}")
    print(f"accuracy: {100 * acc:.1f} % on {len(x_test)} held-out images "
          f"({100 * acc_train:.1f} % on the {len(x_train)} training images)")
    summary.update({"accuracy": acc, "train_accuracy": acc_train, "train_seconds": round(train_s, 2),
                    "train_steps": steps, "train_steps_per_s": round(steps / train_s),
                    "active_neurons": int(active.sum()), "confusion": confusion.tolist(),
                    "no_answer": int(np.sum(pred < 0))})
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)

    if not args.no_plots:
        plot(args.out, trained.w_in, labels, active, confusion, acc)
    return 0


def plot(out, w_in, labels, active, confusion, acc):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = w_in.shape[1]
    idx = np.lexsort((np.arange(n), labels + 10 * (~active)))  # by label, silent neurons last
    cols = 20
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 0.6, rows * 0.7))
    for k, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if k < n:
            j = idx[k]
            ax.imshow(w_in[:, j].reshape(8, 8), cmap="gray_r", vmin=0, vmax=127)
            ax.set_title(str(labels[j]) if active[j] else "-", fontsize=7)
    fig.suptitle("learned input weights per neuron (title: assigned class)")
    fig.savefig(os.path.join(out, "receptive_fields.png"), dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 4.5))
    im = ax.imshow(confusion, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if confusion[i, j]:
                ax.text(j, i, str(confusion[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if confusion[i, j] > confusion.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"held-out confusion matrix ({100 * acc:.1f} %)")
    fig.colorbar(im)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "confusion.png"), dpi=110)
    plt.close(fig)
    print(f"plots: {out}/receptive_fields.png {out}/confusion.png", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
