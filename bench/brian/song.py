#!/usr/bin/python3
"""Song, Miller & Abbott (2000) in Brian2 and on synfire, side by side.

One neuron hears N = 1000 Poisson inputs at 15 Hz through plastic synapses
with Song's additive rule (A+ = 0.01 w_max, A- / A+ = 1.05, tau+ = tau- =
20 ms, w in [0, w_max]). Brian2's example is conductance-based, which synfire
cannot represent; this is its current-based form (I += w, tau_e = 5 ms,
tau_m = 10 ms, the same potentials, w_max = 0.5 mV by default), which Brian2
and the converted synfire network compute alike. Both get the same input
spikes (on Brian2's grid; a coarser synfire dt rounds them as
synfire.inputs_from_times does) and the same initial weights, drawn from the
seed. synfire uses the conversion of docs/model.md ("Checked against
Brian2"), by default at Brian2's dt = 0.1 ms:
- the synapse's u jump current_jump_mean (the exact mean drive with the
  decays' rounding: at 0.1 ms current_jump's neuron fires 9 % too little);
- an lsb at which the largest weight is 127 steps, the finest at which the
  threshold fits the 24-bit potentials (the PSP bound is then 10 %, a worst
  case; 1 % at dt = 1 ms);
- 24-bit traces (stdp.trace_bits: tau = 20 ms is 200 steps, too slow a
  decay for 8-bit traces, and a 16-bit trace's truncation depressed a
  fast-firing neuron too much) with trace_inc 16 (a trace saturates after 16
  quick events);
- stdp_from_rule(stdp_rule_from_brian2(...)): the sums of Brian2's discrete
  window, whose same-step pairs potentiate, with each side's increment
  chosen (in [8, 16]) for Brian2's balance: one 8-bit amplitude step moves
  the rate by 10 %.

tests/python/test_song.py (slow tier) runs it; run it by hand to measure:

    bench/brian/song.py --seeds 1,2,3 --trace-inc 8 16 32 --conversion brian2 rule
    bench/brian/song.py --dt 1 --trace-bits 8 --jump peak --conversion rule   # as before wide traces

prints one line per run (rate, fractions of weights below 0.1 and above 0.9
of w_max, the 10-bin weight histogram) and the means. Brian2's runs take
about a minute each (cython target); --cache FILE keeps them between calls.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

N, F, T = 1000, 15.0, 100.0                  # inputs, Hz, s
TAUM, TAUE, TAU = 10.0, 5.0, 20.0            # ms
EL, VT, VR = -74.0, -54.0, -60.0             # mV
WMAX = 0.5                                   # mV: the jump of I of the strongest synapse
DAPRE = 0.01                                 # of w_max
DAPOST = 1.05 * DAPRE
DT_BRIAN, DT = 0.1, 0.1                      # ms
TRACE_INC = {8: 128, 24: 16}                 # trace_inc by trace width (None: this one)
TRACE_BITS = 24                              # synfire's STDP traces at DT


def inputs(seed, duration=T, dt=DT_BRIAN):
    """Poisson input spike times (ms, on a grid of dt), axon indices and initial weights (of w_max)."""
    rng = np.random.default_rng(seed)
    steps = int(round(duration * 1000 / dt))
    counts = rng.poisson(F * duration, size=N)
    idx = np.repeat(np.arange(N), counts)
    grid = rng.integers(0, steps, size=idx.size)
    key = np.unique(np.stack([idx, grid], 1), axis=0)  # one spike per input and step
    return key[:, 1] * dt, key[:, 0], rng.random(N)


def summary(spike_times_ms, w, duration=T):
    """Rate (Hz), fractions of weights (of w_max) below 0.1 and above 0.9, 10-bin histogram."""
    w = np.asarray(w, dtype=float)
    return dict(rate=len(spike_times_ms) / duration, low=float(np.mean(w < 0.1)), high=float(np.mean(w > 0.9)),
                hist=np.histogram(np.clip(w, 0, 1), 10, (0, 1))[0].tolist())


def run_brian2(seed, wmax=WMAX, duration=T, dt=DT_BRIAN, learning=True):
    from brian2 import (NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms, mV, prefs,
                        run, second, start_scope)
    try:
        import Cython  # noqa: F401
        prefs.codegen.target = "cython"  # 10^6 steps: numpy would take minutes per run
    except ImportError:
        prefs.codegen.target = "numpy"
    start_scope()
    defaultclock.dt = dt * ms
    times, idx, w0 = inputs(seed, duration, dt)
    src = SpikeGeneratorGroup(N, idx, times * ms)
    g = NeuronGroup(1, "dv/dt = (El - v + I) / taum : volt\ndI/dt = -I / taue : volt", threshold="v > vt",
                    reset="v = vr", method="exact",
                    namespace=dict(El=EL * mV, vt=VT * mV, vr=VR * mV, taum=TAUM * ms, taue=TAUE * ms))
    g.v = EL * mV
    s = Synapses(src, g, """w : 1
                            dApre/dt = -Apre / tau : 1 (event-driven)
                            dApost/dt = -Apost / tau : 1 (event-driven)""",
                 on_pre="I += w * w_top\nApre += dApre\nw = clip(w + learn * Apost, 0, 1)",
                 on_post="Apost += dApost\nw = clip(w + learn * Apre, 0, 1)",
                 namespace=dict(w_top=wmax * mV, tau=TAU * ms, dApre=DAPRE, dApost=-DAPOST, learn=float(learning)))
    s.connect()
    s.w = w0
    mon = SpikeMonitor(g)
    run(duration * second)
    return summary(np.asarray(mon.t / ms), np.asarray(s.w[:]), duration)


def trace_sum(inc, decay):
    """The sum over all steps of a truncated trace after one event (docs/model.md "Traces")."""
    total, x = 0, inc
    while x > 0:
        total += x
        x = (x * (4096 - decay)) >> 12
    return total


def old_stdp_from_rule(spec):
    """stdp_from_rule as it was before trace_decay_for: the decays of decay_from_tau and each
    side's bins raised by the fraction of the window the truncated trace loses (for the
    before/after measurement)."""
    import synfire
    u = synfire.units
    if spec.trace_bits != 8:
        raise SystemExit("song.py: the old conversion is for 8-bit traces (use --trace-bits 8)")
    bins = u.stdp_bins_from_rule(spec)
    first = u.stdp_from_spec(bins)
    bins.a_plus /= trace_sum(first.trace_inc_pre, first.decay_pre) / (first.trace_inc_pre * 4096 / first.decay_pre)
    bins.a_minus /= trace_sum(first.trace_inc_post, first.decay_post) / (first.trace_inc_post * 4096 / first.decay_post)
    return u.stdp_from_spec(bins)


STDP_CONVERSIONS = {
    "brian2": lambda u, spec: u.stdp_from_rule(u.stdp_rule_from_brian2(spec)),  # Brian2's discrete sums
    "rule": lambda u, spec: u.stdp_from_rule(spec),  # the continuous rule's
    "old-rule": lambda u, spec: old_stdp_from_rule(spec),
    "bins": lambda u, spec: u.stdp_from_spec(u.stdp_bins_from_rule(spec)),  # no tail correction
}


def converted(wmax=WMAX, trace_inc=None, conversion="brian2", dt=DT, trace_bits=TRACE_BITS, jump_mean=True):
    """The synfire network of the experiment and its largest weight W (integer steps).
    conversion: how Song's rule becomes StdpParams, a key of STDP_CONVERSIONS."""
    import synfire
    u = synfire.units
    trace_inc = trace_inc or TRACE_INC[trace_bits]
    # current_jump_mean: the exact mean drive with the rounded decays (at
    # dt = 0.1 ms current_jump's neuron alone fires 9 % below Brian2's).
    jump = (u.current_jump_mean if jump_mean else u.current_jump)(wmax, TAUE, TAUM, dt)
    # The lsb at which the largest weight is 127 steps (the finest weights: the
    # fraction of weights at a bound depends on it), at the smallest exponent
    # whose PSP stays within 1 % of the exact one, or else the largest at which
    # the threshold fits the 24-bit potentials (at dt = 0.1 ms: the bound is
    # then 10 %, a worst case of the decays' truncation; docs/model.md "Checked
    # against Brian2" gives the PSP as measured).
    lsb = None
    for e in range(9):
        finer = jump / (127 * 2 ** e)
        if math.floor((VT - EL) / finer) + 1 > 2 ** 23 - 1:
            break
        lsb = finer
        if u.psp_error_bound(wmax, TAUE, TAUM, dt, lsb) <= 0.01:
            break
    if dt >= 1:
        u.require_psp_error(wmax, TAUE, TAUM, dt, lsb, 0.01)
    e = u.weight_exp_for(jump, lsb)
    W = u.weight_from_value(jump, lsb, e)
    net = synfire.Network(1, N)
    net.set_neuron_params(decay_u=u.decay_from_tau(TAUE, dt), decay_v=u.decay_from_tau(TAUM, dt),
                          threshold=math.floor((VT - EL) / lsb) + 1,  # v > vt
                          v_reset=u.potential_from_value(VR - EL, lsb, "v_reset"))
    net.weight_exp_in = e
    net.plastic_in = np.ones((N, 1), dtype=int)
    spec = u.StdpSpec(a_plus=DAPRE * W, a_minus=DAPOST * W, tau_plus=TAU, tau_minus=TAU, dt=dt,
                      trace_inc=trace_inc, w_min=0, w_max=W, trace_bits=trace_bits)
    net.stdp = STDP_CONVERSIONS[conversion](u, spec)
    net.learning = True
    return net, W


def run_synfire(seed, wmax=WMAX, trace_inc=None, duration=T, learning=True, conversion="brian2", dt=DT,
                trace_bits=TRACE_BITS, jump_mean=True):
    import synfire
    net, W = converted(wmax, trace_inc, conversion, dt, trace_bits, jump_mean)
    net.learning = learning
    t, idx, w0 = inputs(seed, duration)
    net.w_in = np.rint(w0 * W).astype(int).reshape(N, 1)
    net.seed = seed
    board = synfire.open("model")
    board.load(net)
    r = board.run(int(round(duration * 1000 / dt)) + 1, inputs=synfire.inputs_from_times(t, idx, dt))
    return summary(np.asarray(r.spikes)[:, 0] * dt, board.read_network().w_in[:, 0] / W, duration)


def line(name, r):
    return f"{name}: {r['rate']:.2f} Hz, below 0.1 {r['low']:.3f}, above 0.9 {r['high']:.3f}, hist {r['hist']}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--wmax", type=float, default=WMAX, help="mV (default %(default)s)")
    ap.add_argument("--trace-inc", type=int, nargs="+", default=[None],
                    help="default: %s by --trace-bits" % TRACE_INC)
    ap.add_argument("--jump", choices=("mean", "peak"), default="mean",
                    help="the synapse's u jump: current_jump_mean (default) or current_jump")
    ap.add_argument("--conversion", nargs="+", default=["brian2"], choices=sorted(STDP_CONVERSIONS),
                    help="brian2: stdp_from_rule(stdp_rule_from_brian2) (default); rule: stdp_from_rule; "
                         "old-rule: as it was before trace_decay_for; bins: no tail correction")
    ap.add_argument("--no-learning", action="store_true", help="the neuron alone: initial weights kept")
    ap.add_argument("--dt", type=float, default=DT, help="synfire's dt in ms (default %(default)s)")
    ap.add_argument("--trace-bits", type=int, default=TRACE_BITS, choices=(8, 24),
                    help="synfire's STDP trace width (default %(default)s)")
    ap.add_argument("--brian-dt", type=float, default=DT_BRIAN, help="Brian2's dt in ms (default %(default)s)")
    ap.add_argument("--cache", help="JSON file keeping Brian2's results between calls")
    a = ap.parse_args()
    cache = {}
    if a.cache and os.path.exists(a.cache):
        with open(a.cache) as f:
            cache = json.load(f)
    seeds = [int(s) for s in a.seeds.split(",")]
    runs = {"brian2": []}
    for seed in seeds:
        key = f"{seed} {a.wmax} {a.brian_dt}" + (" fixed" if a.no_learning else "")
        if key not in cache:
            cache[key] = run_brian2(seed, a.wmax, dt=a.brian_dt, learning=not a.no_learning)
            if a.cache:
                with open(a.cache, "w") as f:
                    json.dump(cache, f)
        runs["brian2"].append(cache[key])
        print(line(f"seed {seed} brian2 dt {a.brian_dt} ms", cache[key]), flush=True)
        for conv in a.conversion:
            for inc in a.trace_inc:
                r = run_synfire(seed, a.wmax, inc, learning=not a.no_learning, conversion=conv, dt=a.dt,
                                trace_bits=a.trace_bits, jump_mean=a.jump == "mean")
                name = f"synfire {conv} trace_inc {inc or TRACE_INC[a.trace_bits]} dt {a.dt} trace_bits {a.trace_bits}"
                runs.setdefault(name, []).append(r)
                print(line(f"seed {seed} {name}", r), flush=True)
    for name, rs in runs.items():
        m = {k: float(np.mean([r[k] for r in rs])) for k in ("rate", "low", "high")}
        print(f"mean {name}: {m['rate']:.2f} Hz, below 0.1 {m['low']:.3f}, above 0.9 {m['high']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
