"""pyNN.synfire, the PyNN back end (fast tier): mapping, timing, errors, recording, learning.

Runs with Debian's python3-pynn and PYTHONPATH=BUILD/python (the build tree's
pyNN shim). Every network here is small, so the whole file takes seconds on the
reference model; one test runs the RTL under Verilator (port "sim"). The
randomized test prints its seed.
"""
import math
import os
import pickle

import numpy as np
import pytest

sim = pytest.importorskip("pyNN.synfire", reason="PyNN (python3-pynn) is not installed")
from pyNN.parameters import Sequence  # noqa: E402
from pyNN import errors  # noqa: E402
from pyNN.random import NumpyRNG  # noqa: E402

SEED = int(os.environ.get("SYNFIRE_TEST_SEED", np.random.SeedSequence().entropy % 100000))
CELL = dict(tau_m=20.0, cm=0.5, v_rest=-60.0, v_reset=-62.0, v_thresh=-50.0, tau_refrac=3.0,
            tau_syn_E=5.0, tau_syn_I=5.0, i_offset=0.0)


def neurons(n, label="cells", **kw):
    p = dict(CELL, **kw)
    return sim.Population(n, sim.IF_curr_exp(**p), initial_values={"v": p["v_rest"]}, label=label)


def v_of(pop, index=0):
    sig = pop.get_data().segments[-1].filter(name="v")[0]
    return np.asarray(sig.magnitude)[:, index]


def psp(t, w, cm, tau_m, tau_s):
    """The exact PSP of a current jump w (nA) at t = 0 into an IF_curr_exp at rest."""
    t = np.maximum(t, 0.0)
    return w / cm * tau_m * tau_s / (tau_m - tau_s) * (np.exp(-t / tau_m) - np.exp(-t / tau_s))


def test_pyNN_shim_keeps_the_system_PyNN():
    import pyNN
    import pyNN.common

    assert pyNN.__version__.startswith("0.")
    assert len(pyNN.__path__) >= 2 and pyNN.common.__file__.startswith(pyNN.__path__[1])
    assert sim.simulator.name == "synfire"
    assert set(sim.list_standard_models()) == {"IF_curr_exp", "IF_curr_delta", "SpikeSourceArray",
                                               "SpikeSourcePoisson"}


def test_first_spike_of_a_driven_neuron_is_the_exact_crossing_step():
    sim.setup(timestep=1.0, quiet=True)
    i_offsets = [0.8, 1.0, 1.3, 2.0]
    p = neurons(len(i_offsets), i_offset=0.0)
    p.set(i_offset=i_offsets)
    p.record("spikes")
    sim.run(300.0)
    trains = p.get_data().segments[0].spiketrains
    for i_off, st in zip(i_offsets, trains):
        v_inf = i_off * CELL["tau_m"] / CELL["cm"]
        t_cross = -CELL["tau_m"] * math.log(1 - (CELL["v_thresh"] - CELL["v_rest"]) / v_inf)
        # v crosses during step ceil(t) - 1, whose spike PyNN (Brian2) stamps at its start
        assert float(st[0]) == math.ceil(t_cross) - 1, (i_off, t_cross, st[:3])
        # reset to v_reset (2 mV below rest), then tau_refrac = 3 ms: 2 steps held
        t2 = -CELL["tau_m"] * math.log((v_inf - 10.0) / (v_inf + 2.0))
        assert float(st[1] - st[0]) == math.ceil(t2) + 2, (i_off, t2, st[:3])
    sim.end()


def test_psp_onset_step_and_shape_follow_the_exact_solution_and_the_delay():
    sim.setup(timestep=1.0, quiet=True)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]), label="src")
    a = neurons(1, label="a", tau_syn_E=3.0, tau_syn_I=3.0)
    b = neurons(1, label="b", tau_syn_E=3.0, tau_syn_I=3.0)
    a.record("v")
    b.record("v")
    w = 0.5
    sim.Projection(src, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=w, delay=1.0))
    sim.Projection(src, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=w, delay=4.0))
    sim.run(80.0)
    va, vb = v_of(a) - CELL["v_rest"], v_of(b) - CELL["v_rest"]
    t = np.arange(len(va)) * 1.0
    for v, d in ((va, 1.0), (vb, 4.0)):
        # a spike at 10 ms with delay d starts its current at 10 + d + dt (pyNN.brian2's timing)
        exact = psp(t - (10.0 + d + 1.0), w, CELL["cm"], CELL["tau_m"], 3.0)
        assert np.all(v[: int(10 + d + 2)] == 0)
        assert np.abs(v - exact).max() < 0.01 * exact.max(), np.abs(v - exact).max() / exact.max()
        assert np.argmax(v) == np.argmax(exact)
    q = sim.quantisation()
    assert q["projections"]["src→a"]["weight_rel_error"] < 0.01
    sim.end()


def test_recurrent_spike_moves_its_target_in_the_next_step():
    sim.setup(timestep=1.0, quiet=True)
    drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]), label="drive")
    pre = neurons(1, label="pre")
    post = neurons(1, label="post")
    pre.record("spikes")
    post.record("v")
    sim.Projection(drive, pre, sim.AllToAllConnector(), sim.StaticSynapse(weight=20.0, delay=1.0))
    sim.Projection(pre, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=1.0, delay=1.0))
    sim.run(40.0)
    t_pre = float(pre.get_data().segments[0].spiketrains[0][0])
    v = v_of(post) - CELL["v_rest"]
    first = int(np.argmax(v != 0))
    # spike at step t_pre moves v in step t_pre + 1, recorded as the sample at t_pre + 2
    assert first == t_pre + 2, (t_pre, first)
    sim.end()


def test_delta_synapse_jumps_v_by_the_decayed_weight():
    sim.setup(timestep=1.0, quiet=True)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    p = sim.Population(1, sim.IF_curr_delta(tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0),
                       initial_values={"v": -65.0})
    p.record("v")
    sim.Projection(src, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    sim.run(30.0)
    v = v_of(p) + 65.0
    assert np.all(v[:13] == 0)
    assert v[13] == pytest.approx(2.0 * math.exp(-1 / 20.0), rel=0.01)
    assert v[20] == pytest.approx(2.0 * math.exp(-8 / 20.0), rel=0.01)
    sim.end()


def test_connectors_views_assemblies_and_from_list_route_spikes_to_the_right_cells():
    sim.setup(timestep=1.0, quiet=True)
    s1 = sim.Population(2, sim.SpikeSourceArray(spike_times=[Sequence([5.0]), Sequence([7.0])]), label="s1")
    s2 = sim.Population(3, sim.SpikeSourceArray(spike_times=[Sequence([9.0])] * 3), label="s2")
    cells = neurons(6, label="cells")
    cells.record(["spikes", "v"])
    strong = sim.StaticSynapse(weight=20.0, delay=1.0)
    p1 = sim.Projection(s1 + s2, cells[0:5], sim.OneToOneConnector(), strong)  # Assembly -> view
    p2 = sim.Projection(s1, cells, sim.FromListConnector([(1, 5, 20.0, 2.0)]), sim.StaticSynapse())
    assert len(p1) == 5 and len(p2) == 1
    sim.run(30.0)
    trains = cells.get_data().segments[0].spiketrains
    first = [float(st[0]) if len(st) else None for st in trains]
    # spike at T with delay d: current from T + d + 1, threshold crossed in that step
    assert first == [7.0, 9.0, 11.0, 11.0, 11.0, 10.0], first
    w = p2.get("weight", format="array")
    assert w[1, 5] == 20.0 and np.isnan(w[0, 5])
    assert p2.get(["weight", "delay"], format="list") == [(1, 5, 20.0, 2.0)]
    sim.end()


def test_inhibitory_weights_keep_their_sign():
    sim.setup(timestep=1.0, quiet=True)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[3.0]))
    p = neurons(1)
    p.record("v")
    prj = sim.Projection(src, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.5, delay=1.0),
                         receptor_type="inhibitory")
    sim.run(30.0)
    v = v_of(p) - CELL["v_rest"]
    assert v.min() < -0.5 and v.max() == 0
    assert prj.get("weight", format="list", with_address=False) == [-0.5]
    sim.end()


def test_poisson_sources_are_seeded_chunk_independent_and_at_their_rate():
    print("seed", SEED)

    def spikes(seed, chunks):
        sim.setup(timestep=1.0, seed=seed, quiet=True)
        src = sim.Population(20, sim.SpikeSourcePoisson(rate=50.0, start=100.0, duration=1000.0))
        neurons(1)
        src.record("spikes")
        for c in chunks:
            sim.run(c)
        trains = src.get_data().segments[0].spiketrains
        sim.end()
        return [np.asarray(st.magnitude) for st in trains]

    a = spikes(SEED, [1500.0])
    b = spikes(SEED, [400.0, 1.0, 1099.0])
    c = spikes(SEED + 1, [1500.0])
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    allt = np.concatenate(a)
    assert allt.min() >= 100.0 and allt.max() <= 1100.0
    expected = 20 * 1000 * 0.05  # 1000 spikes, sd ~31
    assert abs(len(allt) - expected) < 4 * math.sqrt(expected), len(allt)


def test_stdp_learns_reset_restores_and_set_needs_reset(tmp_path):
    def build():
        sim.setup(timestep=1.0, seed=7, quiet=True)
        pre = sim.Population(8, sim.SpikeSourceArray(
            spike_times=[Sequence(np.arange(20.0 + i, 600.0, 50.0)) for i in range(8)]), label="pre")
        post = neurons(1, label="post", i_offset=0.9, tau_refrac=2.0)
        post.record(["spikes", "v"])
        stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0,
                                                                     A_plus=0.05, A_minus=0.06),
                                 weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.04),
                                 weight=0.02, delay=1.0, dendritic_delay_fraction=0)
        return post, sim.Projection(pre, post, sim.AllToAllConnector(), stdp, label="plastic")

    post, prj = build()
    w0 = np.array(prj.get("weight", format="list", with_address=False))
    sim.run(300.0)
    sim.run(300.0)
    w1 = np.array(prj.get("weight", format="list", with_address=False))
    spikes1 = np.asarray(post.get_data().segments[0].spiketrains[0].magnitude)
    assert np.all(w0 == 0.02)
    assert np.any(np.abs(w1 - w0) > 0.002), w1
    assert np.all((w1 >= 0) & (w1 <= 0.04 + 1e-12))
    with pytest.raises(sim.MappingError, match="reset"):
        prj.set(weight=0.01)
    sim.reset()
    np.testing.assert_array_equal(prj.get("weight", format="list", with_address=False), w0)
    sim.run(600.0)
    np.testing.assert_array_equal(prj.get("weight", format="list", with_address=False), w1)
    blk = post.get_data()
    assert len(blk.segments) == 2
    np.testing.assert_array_equal(blk.segments[1].spiketrains[0].magnitude, spikes1)
    sim.reset()
    prj.set(weight=0.0)
    sim.run(10.0)
    # write_data: Neo's pickle of the segments so far
    path = tmp_path / "post.pkl"
    post.write_data(str(path))
    with open(path, "rb") as f:
        blk = pickle.load(f)
    assert len(blk.segments) == 3 and blk.segments[0].filter(name="v")[0].shape == (601, 1)
    q = sim.quantisation()
    assert q["stdp"]["A_plus"][0] == 0.05 and abs(q["stdp"]["A_plus"][1] / 0.05 - 1) < 0.05
    sim.end()


def test_model_and_sim_give_the_same_spikes_v_and_weights():
    out = []
    for port in ("model", "sim"):
        sim.setup(timestep=1.0, port=port, seed=3, quiet=True)
        src = sim.Population(6, sim.SpikeSourcePoisson(rate=80.0), label="in")
        cells = neurons(4, label="cells", i_offset=0.2)
        cells.record(["spikes", "v"])
        stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(A_plus=0.02, A_minus=0.025),
                                 weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=2.0),
                                 weight=1.0, delay=1.0, dendritic_delay_fraction=0)
        prj = sim.Projection(src, cells, sim.AllToAllConnector(), stdp)
        sim.Projection(cells, cells, sim.FixedProbabilityConnector(0.5, allow_self_connections=False,
                                                                   rng=NumpyRNG(seed=5)),
                       sim.StaticSynapse(weight=-0.3, delay=1.0), receptor_type="inhibitory")
        sim.run(200.0)
        seg = cells.get_data().segments[0]
        out.append(([np.asarray(s.magnitude) for s in seg.spiketrains], np.asarray(seg.filter(name="v")[0]),
                    np.array(prj.get("weight", format="array"))))
        sim.end()
    (sa, va, wa), (sb, vb, wb) = out
    assert sum(len(s) for s in sa) > 10
    assert all(np.array_equal(x, y) for x, y in zip(sa, sb))
    np.testing.assert_array_equal(va, vb)
    np.testing.assert_array_equal(wa, wb)


@pytest.mark.parametrize("make, match", [
    (lambda: sim.Population(1, sim.IF_cond_exp()), "IF_cond_exp is not supported: synfire's neuron is current"),
    (lambda: sim.MultiplicativeWeightDependence(), "additive STDP only"),
    (lambda: sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                               weight_dependence=sim.AdditiveWeightDependence()), "dendritic_delay_fraction=0"),
    (lambda: sim.TsodyksMarkramSynapse(), "short-term plasticity"),
    (lambda: sim.DCSource(amplitude=1.0), "i_offset"),
])
def test_unsupported_types_raise_at_once(make, match):
    sim.setup(timestep=1.0, quiet=True)
    with pytest.raises(sim.MappingError, match=match):
        make()
    sim.end()


def _recurrent_delay():
    p = neurons(2, label="ring")
    sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=2.0), label="slow")


def _two_taus():
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    p = neurons(1, label="mixed", tau_syn_I=10.0)
    sim.Projection(src, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1))
    sim.Projection(src, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.1), receptor_type="inhibitory")


@pytest.mark.parametrize("build, match", [
    (_recurrent_delay, "Projection 'slow'.*neuron-to-neuron delay must be one timestep"),
    (_two_taus, "Population 'mixed'.*tau_syn_E = 5.0 ms and tau_syn_I = 10.0 ms"),
    (lambda: sim.Population(1, sim.IF_curr_exp(v_rest=-60.0), label="cold"),
     "Population 'cold'.*initial v must be v_rest"),
    (lambda: neurons(5000, label="huge"), "5000 neurons .*Population 'huge'.* do not fit"),
    (lambda: sim.Projection(sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0])), neurons(1),
                            sim.AllToAllConnector(), sim.StaticSynapse(weight=1.0, delay=1.5)),
     "delays must be whole timesteps"),
])
def test_unrepresentable_networks_raise_one_clear_error_at_run(build, match):
    sim.setup(timestep=1.0, quiet=True)
    build()
    with pytest.raises(sim.MappingError, match=match):
        sim.run(10.0)
    sim.end()


def test_recording_is_spikes_and_v_at_every_step():
    sim.setup(timestep=1.0, quiet=True)
    p = neurons(2)
    with pytest.raises(errors.RecordingError):
        p.record("isyn_exc")
    with pytest.raises(sim.MappingError, match="every timestep"):
        p.record("v", sampling_interval=2.0)
    p.record("v")
    sim.run(5.0)
    with pytest.raises(sim.MappingError, match="reset"):
        p.record("spikes")
    assert v_of(p).shape == (6,)
    sim.end()


@pytest.mark.parametrize("lag", [0, -1, 3])
def test_recurrent_stdp_pairs_fall_in_pyNN_brian2s_bins(lag):
    """A pre neuron's spike of step t is a plastic event at t + 1 on pyNN.brian2 (delay one step)
    and on synfire (its delivery); a post spike at t + 1 + lag changes the weight by PyNN's rule."""
    sim.setup(timestep=1.0, seed=11, quiet=True)
    n = 40
    t_pre = 12  # a source spike at 10 with delay 1 fires its target in step 12
    pre_drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]), label="pre drive")
    post_drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[float(t_pre + 1 + lag - 2)]),
                                label="post drive")
    pre = neurons(n, label="pre", tau_refrac=50.0)
    # a high threshold keeps the 40 plastic synapses (0.1 nA each) from firing the post neuron
    post = neurons(1, label="post", tau_refrac=50.0, v_thresh=-20.0)
    pre.record("spikes")
    post.record("spikes")
    sim.Projection(pre_drive, pre, sim.AllToAllConnector(), sim.StaticSynapse(weight=20.0, delay=1.0))
    sim.Projection(post_drive, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=50.0, delay=1.0))
    w_max, a_plus, a_minus, tau = 0.5, 0.2, 0.1, 20.0
    stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=tau, tau_minus=tau, A_plus=a_plus,
                                                                 A_minus=a_minus),
                             weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
                             weight=0.1, delay=1.0, dendritic_delay_fraction=0)
    prj = sim.Projection(pre, post, sim.AllToAllConnector(), stdp, label="plastic")
    sim.run(40.0)
    assert [list(st.magnitude) for st in pre.get_data().segments[0].spiketrains] == [[float(t_pre)]] * n
    assert list(post.get_data().segments[0].spiketrains[0].magnitude) == [float(t_pre + 1 + lag)]
    q = sim.quantisation()
    sc = q["stdp"]["steps_per_unit"]
    change = np.mean(prj.get("weight", format="list", with_address=False)) - round(0.1 * sc) / sc
    expected = w_max * a_plus * math.exp(-lag / tau) if lag >= 0 else -w_max * a_minus * math.exp(lag / tau)
    print(f"lag {lag}: mean change {change:.5f} nA, PyNN rule {expected:.5f} nA")
    assert q["stdp"]["window"] == "recurrent projections"
    # the amplitudes' rounding (reported), the truncated trace (below 1 per decay step) and
    # the mean of 40 stochastically rounded changes
    step = 1.0 / q["stdp"]["steps_per_unit"]
    tol = 0.01 * abs(expected) + (abs(lag) * 1.0 / 128) * abs(expected) + 2 * 0.5 * step / math.sqrt(n)
    assert abs(change - expected) <= tol, (change, expected, tol)
    sim.end()


def test_an_empty_projection_maps_to_nothing():
    sim.setup(timestep=1.0, quiet=True)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[2.0]))
    p = neurons(2)
    prj = sim.Projection(src, p, sim.FixedProbabilityConnector(0.0), sim.StaticSynapse(weight=5.0))
    prj.set(weight=1.0)
    p.record("spikes")
    sim.run(10.0)
    assert len(prj) == 0 and prj.get("weight", format="list") == []
    assert np.all(np.isnan(prj.get("weight", format="array")))
    assert sim.quantisation()["inputs"] == 0 and p.get_spike_counts() == {int(i): 0 for i in p.all_cells}
    sim.end()
