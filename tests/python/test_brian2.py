"""Converted networks against Brian2 (Debian's python3-brian, exact
integration): f-I curves, PSPs and the STDP window, with the conversions of
docs/model.md ("From physical parameters to integers"). Slow tier (Brian2
imports sympy and scipy); skipped when brian2 does not import. Prints the
measured errors."""
import math

import numpy as np
import pytest

import synfire

b2 = pytest.importorskip("brian2")
from brian2 import (NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor,  # noqa: E402
                    Synapses, defaultclock, ms, mV, prefs, run, start_scope)

prefs.codegen.target = "numpy"  # no compilation: the networks are small
u = synfire.units
DT = 1.0  # ms


def model_run(net, steps, inputs=None, probes=()):
    board = synfire.open("model")
    board.load(net)
    return board, board.run(steps, inputs=inputs, probes=list(probes))


def test_f_i_curves_match_brian2():
    tau, vt, refractory = 20.0, 20.0, 3.0  # ms, mV, ms
    drives = np.linspace(19.0, 60.0, 24)   # v_leak above the threshold: mV
    T = 2000
    start_scope()
    defaultclock.dt = DT * ms
    g = NeuronGroup(len(drives), "dv/dt = (vl - v) / tau : volt (unless refractory)\nvl : volt\ntau : second",
                    threshold="v > vt", reset="v = 0*mV", refractory=refractory * ms, method="exact",
                    namespace={"vt": vt * mV})
    g.vl = drives * mV
    g.tau = tau * ms
    mon = SpikeMonitor(g)
    run(T * ms)
    brian = np.bincount(np.asarray(mon.i), minlength=len(drives))

    lsb = 1 / 1024  # mV
    net = synfire.Network(len(drives), 0)
    d = u.decay_from_tau(tau, DT)
    net.set_neuron_params(decay_v=d, decay_u=4095,
                          bias=[round(d / 4096 * x / lsb) for x in drives],
                          threshold=math.floor(vt / lsb) + 1,  # v > vt
                          refractory=u.steps_from_duration(refractory - DT, DT))
    _, r = model_run(net, T)
    ours = synfire.spike_counts(r.spikes, len(drives))
    diff = ours - brian
    print("f-I spike counts in", T, "ms: brian2", brian.tolist(), "synfire", ours.tolist())
    assert brian.sum() > 100 and (brian > 0).sum() >= 20
    assert np.count_nonzero(diff) <= 1, f"more than one point differs: {diff.tolist()}"
    assert np.abs(diff).max() <= 1


@pytest.mark.parametrize("tau_syn", [2.0, 5.0, 10.0])
def test_psp_matches_brian2_within_one_percent_of_its_peak(tau_syn):
    tau_mem, w = 20.0, 1.0  # ms, mV (I += w)
    steps = 120
    start_scope()
    defaultclock.dt = DT * ms
    src = SpikeGeneratorGroup(1, [0], [0] * ms)
    g = NeuronGroup(1, "dv/dt = (-v + I) / tau_m : volt\ndI/dt = -I / tau_s : volt", method="exact",
                    namespace={"tau_m": tau_mem * ms, "tau_s": tau_syn * ms})
    s = Synapses(src, g, on_pre="I += w", namespace={"w": w * mV})
    s.connect()
    mon = StateMonitor(g, "v", record=0, when="end")  # after the update of each step
    run(steps * ms)
    brian = np.asarray(mon.v[0] / mV)

    def synfire_psp(lsb):
        jump = u.current_jump(w, tau_syn, tau_mem, DT)
        net = synfire.Network(1, 1)
        net.set_neuron_params(decay_u=u.decay_from_tau(tau_syn, DT), decay_v=u.decay_from_tau(tau_mem, DT),
                              threshold=8000000)
        net.weight_exp_in = u.weight_exp_for(jump, lsb)
        net.w_in = [[u.weight_from_value(jump, lsb, net.weight_exp_in)]]
        inputs = synfire.inputs_from_times([0.0], [0], DT)  # Brian2's step 0 is synfire's step 1
        _, r = model_run(net, steps, inputs=inputs, probes=[0])
        _, v = synfire.probe_trace(r.probes, 0, "v")
        return v * lsb

    peak = brian.max()
    # The documented bound (units.psp_error_bound) holds at a coarse and a
    # fine lsb; at the fine one the peak is within 1 % at Brian2's step.
    for lsb in (1 / 1024, 1 / 65536):
        ours = synfire_psp(lsb)
        err = np.abs(ours - brian).max()
        bound = u.psp_error_bound(w, tau_syn, tau_mem, DT, lsb)
        print(f"PSP tau_syn {tau_syn} ms, lsb 2^{int(math.log2(lsb))}: brian2 peak {peak:.5f} mV at step "
              f"{brian.argmax()}, synfire {ours.max():.5f} mV at step {ours.argmax()} "
              f"({(ours.max() / peak - 1) * 100:+.2f} %), largest error {err / peak * 100:.2f} % of the peak, "
              f"bound {bound * 100:.2f} %")
        assert err <= bound * peak
    assert ours.argmax() == brian.argmax()
    assert abs(ours.max() - peak) < 0.01 * peak
    assert u.psp_error_bound(w, tau_syn, tau_mem, DT, u.lsb_for_psp(w, tau_syn, tau_mem, DT, 0.01)) <= 0.01


def test_stdp_window_matches_brian2_within_one_weight_step():
    dapre, dapost = 3.0, -3.15  # weight steps (Song's A-/A+ = 1.05)
    taupre = taupost = 20.0
    deltas = np.arange(-25, 26)  # Brian2 steps t_post - t_pre
    k = len(deltas)
    t0 = 40
    pre_t = np.full(k, t0)
    post_t = t0 + deltas
    T = int(post_t.max()) + 60
    start_scope()
    defaultclock.dt = DT * ms
    pre = SpikeGeneratorGroup(k, np.arange(k), pre_t * ms)
    post = SpikeGeneratorGroup(k, np.arange(k), post_t * ms)
    syn = Synapses(pre, post,
                   """w : 1
                      dApre/dt = -Apre / taupre : 1 (event-driven)
                      dApost/dt = -Apost / taupost : 1 (event-driven)""",
                   on_pre="Apre += dApre\nw = w + Apost",
                   on_post="Apost += dApost\nw = w + Apre",
                   namespace={"taupre": taupre * ms, "taupost": taupost * ms, "dApre": dapre, "dApost": dapost})
    syn.connect(j="i")
    run(T * ms)
    brian = np.asarray(syn.w[:])

    # synfire: neuron j is forced to spike at its post step by a driver axon;
    # `reps` plastic axons per neuron carry the pre spike (their stochastic
    # roundings are independent, so their mean is the bin's mean change).
    reps = 32
    m = k * (1 + reps)
    net = synfire.Network(k, m)
    net.set_neuron_params(decay_u=4095, decay_v=4095, threshold=100)
    spec = u.stdp_bins_from_brian2(u.StdpSpec(a_plus=dapre, a_minus=-dapost, tau_plus=taupre,
                                              tau_minus=taupost, dt=DT, trace_inc=255))
    net.stdp = u.stdp_from_spec(spec)
    net.learning = True
    net.seed = 12345
    w_in = np.zeros((m, k), dtype=int)
    plastic = np.zeros((m, k), dtype=int)
    rows = []
    for j in range(k):
        w_in[j, j] = 127  # driver axon j
        rows.append((post_t[j], j))  # a neuron's own input enters v in its step: spikes at post_t
        for r_ in range(reps):
            a = k + j * reps + r_
            plastic[a, j] = 1
            rows.append((pre_t[j] + 1, a))  # Brian2's pre step s is synfire's s + 1
    net.w_in = w_in
    net.plastic_in = plastic
    board, r = model_run(net, T + 2, inputs=np.array(sorted(rows)))
    np.testing.assert_array_equal(np.sort(r.spikes[:, 1]), np.arange(k))  # one spike per neuron
    assert all(r.spikes[r.spikes[:, 1] == j][0, 0] == post_t[j] for j in range(k))
    learned = board.read_network().w_in[k:].reshape(k, reps, k)
    ours = np.array([learned[j, :, j].mean() for j in range(k)])
    diff = ours - brian
    for d_, b_, o_ in zip(deltas, brian, ours):
        print(f"STDP delta {d_:+3d} steps: brian2 {b_:+.3f}, synfire mean {o_:+.3f} weight steps")
    zero = deltas == 0
    # Brian2's same-step pair potentiates (its pre pathway runs first);
    # synfire counts it as depression (docs/model.md "Where the zero delay goes").
    assert brian[zero][0] == pytest.approx(dapre)
    assert ours[zero][0] == pytest.approx(dapost, abs=0.5)
    worst = np.abs(diff[~zero]).max()
    print(f"STDP window: largest difference {worst:.3f} weight steps outside the zero bin")
    assert worst < 1.0
    # Balance of the two windows' sums (bins |delta| <= 25) in both simulators.
    print("sums: brian2", brian[deltas > 0].sum(), brian[deltas < 0].sum(),
          "synfire", ours[deltas > 0].sum(), ours[deltas < 0].sum())
