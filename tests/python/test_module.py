"""The Python module against the C++ command line and the C++ library.

Run by ctest (tests/python/CMakeLists.txt) with Debian's python3 -m pytest,
PYTHONPATH=BUILD/python and SYNFIRE_CLI=the synfire binary. Randomized
networks print their seed.
"""
import json
import os
import subprocess

import numpy as np
import pytest

import synfire

CLI = os.environ["SYNFIRE_CLI"]
SEED = int(os.environ.get("SYNFIRE_TEST_SEED", "0")) or int.from_bytes(os.urandom(4), "little")


def cli(*args, check=True):
    r = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"synfire {' '.join(map(str, args))} failed: {r.stderr}")
    return r


def random_network(rng, n=12, m=20, learning=True):
    net = synfire.Network(n, m)
    net.weight_exp_rec = 3
    net.weight_exp_in = 4
    net.seed = int(rng.integers(0, 2**32))
    net.learning = learning
    net.set_neuron_params(
        decay_u=rng.integers(100, 1500, n),
        decay_v=rng.integers(50, 400, n),
        threshold=rng.integers(800, 3000, n),
        v_reset=rng.integers(-200, 100, n),
        refractory=rng.integers(0, 4, n),
        bias=rng.integers(-5, 20, n),
    )
    s = synfire.StdpParams()
    s.a_plus, s.a_minus, s.shift = 90, 100, 9
    s.trace_inc_pre = s.trace_inc_post = 100
    s.decay_pre, s.decay_post, s.w_min, s.w_max = 200, 180, -20, 60
    net.stdp = s
    net.w_rec = rng.integers(-30, 30, (n, n)) * (rng.random((n, n)) < 0.3)
    net.w_in = rng.integers(0, 50, (m, n))
    net.plastic_rec = rng.random((n, n)) < 0.5
    net.plastic_in = np.ones((m, n))
    return net


def random_inputs(rng, steps, m, rate=0.05):
    mask = rng.random((steps, m)) < rate
    return np.argwhere(mask).astype(np.uint32)  # rows (step, axon), sorted


def test_model_back_end_equals_the_cli(tmp_path):
    print("seed", SEED)
    rng = np.random.default_rng(SEED)
    net = random_network(rng)
    steps = 400
    inputs = random_inputs(rng, steps, net.inputs)
    net.save(tmp_path / "net.json")
    synfire.write_spikes(tmp_path / "in.csv", inputs)
    cli("run", "--port", "model", "--network", tmp_path / "net.json", "--steps", steps, "--input",
        tmp_path / "in.csv", "--spikes", tmp_path / "out.aer", "--weights-out", tmp_path / "trained.json",
        "--probe", "0,3-5", "--probe-out", tmp_path / "probes.csv", "--quiet")

    board = synfire.open("model")
    board.load(synfire.Network.load(tmp_path / "net.json"))
    run = board.run(steps, inputs=inputs, probes=[5, 0, 3, 4])
    assert run.steps == steps
    assert run.spikes.dtype == np.uint32 and run.spikes.shape[1] == 2
    assert len(run.spikes) > 0, "the test network should spike"
    np.testing.assert_array_equal(run.spikes, synfire.read_spikes(tmp_path / "out.aer"))
    np.testing.assert_array_equal(run.probes, synfire.read_probes(tmp_path / "probes.csv"))
    trained = board.read_network()
    from_cli = synfire.Network.load(tmp_path / "trained.json")
    assert trained == from_cli
    assert not np.array_equal(trained.w_in, net.w_in), "STDP should have changed the input weights"
    assert board.time() == steps


def test_sim_back_end_equals_the_model():
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 1)
    net = random_network(rng, n=6, m=8)
    steps = 120
    inputs = random_inputs(rng, steps, net.inputs, rate=0.1)
    results = []
    for port in ("model", "sim"):
        board = synfire.open(port)
        board.load(net)
        run = board.run(steps, inputs=inputs, probes=[1, 2])
        results.append((run.spikes, run.probes, board.read_network(), board.neuron_state(3)))
        assert board.info()["kind"] == port
    (s0, p0, n0, st0), (s1, p1, n1, st1) = results
    np.testing.assert_array_equal(s0, s1)
    np.testing.assert_array_equal(p0, p1)
    assert n0 == n1
    assert st0 == st1


def test_learning_features_run_alike_on_model_and_sim():
    """Soft-bound STDP and the adaptation decay interval (docs/model.md):
    the same bits on the model and the sim back end, read back with the network."""
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 2)
    net = random_network(rng, n=6, m=8)
    net.stdp.rule = "soft_bound"
    net.adapt_interval_log2 = 2
    net.set_neuron_params(adapt_step=rng.integers(0, 400, 6), decay_adapt=rng.integers(0, 4095, 6))
    assert net.stdp.rule == "soft_bound" and "rule='soft_bound'" in repr(net.stdp)
    with pytest.raises(ValueError, match="additive"):
        net.stdp.rule = "multiplicative"
    steps = 120
    inputs = random_inputs(rng, steps, net.inputs, rate=0.1)
    results = []
    for port in ("model", "sim"):
        board = synfire.open(port)
        assert {"soft-bound-stdp", "adapt-interval"} <= set(board.info()["features"])
        board.load(net)
        run = board.run(steps, inputs=inputs, probes=[0, 1, 2])
        results.append((run.spikes, run.probes, board.read_network()))
    (s0, p0, n0), (s1, p1, n1) = results
    np.testing.assert_array_equal(s0, s1)
    np.testing.assert_array_equal(p0, p1)
    assert n0 == n1
    assert n1.stdp.rule == "soft_bound" and n1.adapt_interval_log2 == 2
    assert not np.array_equal(n1.w_in, net.w_in), "STDP should have changed the input weights"


def test_weight_normalisation_runs_alike_on_model_and_sim():
    """Weight normalisation (docs/model.md, "Weight normalisation"): set from
    Python, checked, the same bits on both back ends, read back with the network."""
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 5)
    net = random_network(rng, n=6, m=8)
    q = net.weight_norm
    assert not q.enabled
    q.enabled = True
    q.target, q.shift, q.interval_log2 = 40, 3, 2
    assert net.weight_norm.target == 40 and "enabled=True" in repr(net.weight_norm)
    with pytest.raises(ValueError, match="shift = 16 is outside"):
        net.weight_norm.shift = 16
    with pytest.raises(TypeError, match="True or False"):
        net.weight_norm.enabled = 1
    assert synfire.Network.from_json(net.to_json()).weight_norm == net.weight_norm
    net.learning = True
    steps = 120
    inputs = random_inputs(rng, steps, net.inputs, rate=0.1)
    results = []
    for port in ("model", "sim"):
        board = synfire.open(port)
        assert "weight-norm" in board.info()["features"]
        board.load(net)
        run = board.run(steps, inputs=inputs)
        results.append((run.spikes, board.read_network()))
    (s0, n0), (s1, n1) = results
    np.testing.assert_array_equal(s0, s1)
    assert n0 == n1
    assert n1.weight_norm == net.weight_norm


def test_a_saved_state_continues_the_run(tmp_path):
    """board.read_state() / write_state() (docs/file-formats.md, "Network states"):
    two halves with the state carried over equal one run, on model and sim."""
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 3)
    net = random_network(rng, n=6, m=8)
    steps = 100
    inputs = random_inputs(rng, 2 * steps, net.inputs, rate=0.1)
    first, second = inputs[inputs[:, 0] < steps], inputs[inputs[:, 0] >= steps] - [steps, 0]
    for port in ("model", "sim"):
        whole = synfire.open(port)
        whole.load(net)
        run = whole.run(2 * steps, inputs=inputs)
        board = synfire.open(port)
        board.load(net)
        a = board.run(steps, inputs=first)
        board.read_state().save(tmp_path / "s.json")
        trained = board.read_network()
        board.load(trained)
        state = synfire.NetworkState.load(tmp_path / "s.json")
        assert state.step == steps and state.neurons.shape == (6, 6)
        board.write_state(state)
        b = board.run(steps, inputs=second)
        joined = np.concatenate([a.spikes, b.spikes + [steps, 0]])
        np.testing.assert_array_equal(joined, run.spikes)
        assert board.read_state() == whole.read_state()
        assert board.read_network() == whole.read_network()


def test_axonal_delays(tmp_path):
    """net.delay_rec / delay_in (docs/model.md, "Axonal delays"): range-checked,
    saved and loaded, a spike arrives 1 + delay steps later; a state saved with
    spikes in flight continues exactly, on the model and on sim (the RTL)."""
    net = synfire.Network(2, 1)
    assert list(net.delay_rec) == [0, 0] and list(net.delay_in) == [0]
    with pytest.raises(ValueError, match=r"delay_rec\[1\] = 16 is outside \[0, 15\]"):
        net.delay_rec = [0, 16]
    with pytest.raises(ValueError, match="delay_in needs 1 integers"):
        net.delay_in = [1, 2]
    with pytest.raises(ValueError, match="read-only"):
        net.delay_rec[0] = 3
    w_in = net.w_in.copy()
    w_in[0, 0] = 100
    net.w_in = w_in
    w_rec = net.w_rec.copy()
    w_rec[0, 1] = 100
    net.w_rec = w_rec
    net.set_neuron_params(decay_u=4095, decay_v=4095, threshold=50)
    net.delay_in = [2]
    net.delay_rec = [3, 0]
    net.save(tmp_path / "d.json")
    back = synfire.Network.load(tmp_path / "d.json")
    assert back == net and list(back.delay_rec) == [3, 0]
    board = synfire.open("model")
    assert "delays" in board.info()["features"]
    board.load(net)
    # Input at step 5 arrives at 7 (neuron 0 fires), its spike at 7 + 1 + 3 = 11.
    run = board.run(20, inputs=np.array([[5, 0]]))
    np.testing.assert_array_equal(run.spikes, [[7, 0], [11, 1]])
    board.load(net)
    board.run(9, inputs=np.array([[5, 0]]))
    state = board.read_state()
    assert state.arrivals == [(11, [0], [])]  # neuron 0's spike of step 7
    state.save(tmp_path / "s.json")
    again = synfire.open("model")
    again.load(net)
    again.write_state(synfire.NetworkState.load(tmp_path / "s.json"))
    np.testing.assert_array_equal(again.run(11).spikes, [[2, 1]])  # step 11 = 9 + 2
    sim = synfire.open("sim")
    assert "delays" in sim.info()["features"]
    sim.load(net)
    np.testing.assert_array_equal(sim.run(20, inputs=np.array([[5, 0]])).spikes, [[7, 0], [11, 1]])
    sim.load(net)
    sim.run(9, inputs=np.array([[5, 0]]))
    assert sim.read_state() == state
    sim.load(net)
    sim.write_state(synfire.NetworkState.load(tmp_path / "s.json"))
    np.testing.assert_array_equal(sim.run(11).spikes, [[2, 1]])


def test_runs_continue_and_learning_switches():
    rng = np.random.default_rng(SEED + 2)
    net = random_network(rng)
    inputs = random_inputs(rng, 200, net.inputs)
    whole = synfire.open("model")
    whole.load(net)
    all_at_once = whole.run(200, inputs=inputs).spikes
    parts = synfire.open("model")
    parts.load(net)
    first = parts.run(80, inputs=inputs[inputs[:, 0] < 80]).spikes
    late = inputs[inputs[:, 0] >= 80].copy()
    late[:, 0] -= 80  # steps are relative to the start of each run
    second = parts.run(120, inputs=late).spikes
    second[:, 0] += 80
    np.testing.assert_array_equal(all_at_once, np.concatenate([first, second]))
    parts.set_learning(False)
    before = parts.read_network().w_in
    parts.run(100, inputs=random_inputs(rng, 100, net.inputs))
    np.testing.assert_array_equal(before, parts.read_network().w_in)


def test_network_arrays_and_files(tmp_path):
    rng = np.random.default_rng(SEED + 3)
    net = random_network(rng, n=5, m=3)
    assert net.w_rec.shape == (5, 5) and net.w_rec.dtype == np.int8
    assert net.w_in.shape == (3, 5)
    assert net.plastic_rec.dtype == np.uint8
    params = net.neuron_params()
    assert set(params) == {"decay_u", "decay_v", "bias", "threshold", "v_reset", "refractory", "adapt_step", "decay_adapt"}
    assert params["threshold"][2] == net.params[2].threshold
    again = synfire.Network.from_json(net.to_json())
    assert again == net
    net.save(tmp_path / "n.json")
    assert synfire.Network.load(tmp_path / "n.json") == net
    assert json.loads(net.to_json())["neurons"] == 5
    w = net.w_rec.copy()
    w[0, 1] = 1 - net.w_rec[0, 1] // 2  # a value other than the one there
    assert net.w_rec[0, 1] != w[0, 1], "w_rec is a copy: the network changes only on assignment"
    net.w_rec = w
    assert net.w_rec[0, 1] == w[0, 1]


def test_setters_work_or_raise():
    net = synfire.Network(3, 2)
    # The neuron parameters are live: a change through net.params is the network's.
    net.params[0].threshold = 7
    assert net.params[0].threshold == 7 and net.neuron_params()["threshold"][0] == 7
    net.params[-1].bias = 3
    assert net.neuron_params()["bias"][2] == 3
    p = synfire.NeuronParams()
    p.threshold = 11
    net.params[1] = p
    assert net.params[1].threshold == 11
    assert len(net.params) == 3 and [q.threshold for q in net.params][:2] == [7, 11]
    with pytest.raises(IndexError, match="neuron 3 is outside"):
        net.params[3]
    row = net.params[0]
    net.params = [synfire.NeuronParams()] * 3  # replaced in place: row still reads the network
    assert row.threshold == synfire.NeuronParams().threshold
    with pytest.raises(ValueError, match="params needs 3 entries, got 2"):
        net.params = [synfire.NeuronParams()] * 2
    net.stdp.a_plus = 5
    assert net.stdp.a_plus == 5
    # The weight and flag matrices are read-only copies: writing into one raises.
    for name in ("w_in", "w_rec", "plastic_in", "plastic_rec"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(net, name)[0, 0] = 1
    w = net.w_in.copy()
    w[0, 0] = 99
    net.w_in = w
    assert net.w_in[0, 0] == 99


def test_setters_refuse_what_the_network_format_refuses():
    net = synfire.Network(3, 2)
    # Each refusal names the field and its range, and leaves the value as it was.
    cases = [(net.params[0], "threshold", 1 << 30, r"threshold = 1073741824 is outside \[-8388608, 8388607\]"),
             (net.params[1], "decay_u", 5000, r"decay_u = 5000 is outside \[0, 4095\]"),
             (synfire.NeuronParams(), "refractory", 256, r"refractory = 256 is outside \[0, 255\]"),
             (net.stdp, "a_plus", 300, r"stdp.a_plus = 300 is outside \[0, 255\]"),
             (net, "weight_bits", 12, r"weight_bits = 12 is outside \[2, 8\]"),
             (net, "weight_exp_in", 9, r"weight_exp_in = 9 is outside \[0, 8\]"),
             (net, "seed", -1, r"seed = -1 is outside \[0, 4294967295\]"),
             (net, "seed", 1 << 32, r"seed = 4294967296 is outside \[0, 4294967295\]")]
    for obj, field, value, message in cases:
        before = getattr(obj, field)
        with pytest.raises(ValueError, match=message):
            setattr(obj, field, value)
        assert getattr(obj, field) == before, field
    with pytest.raises(TypeError, match="threshold must be a whole number, got str"):
        net.params[0].threshold = "7"
    with pytest.raises(TypeError, match="learning must be True or False, not str"):
        net.learning = "yes"
    # set_neuron_params: all or nothing, names checked.
    with pytest.raises(ValueError, match=r"neuron 0: threshold = 1073741824 is outside \[-8388608, 8388607\]"):
        net.set_neuron_params(threshold=1 << 30, bias=5)
    assert net.params[0].bias == 0
    with pytest.raises(ValueError, match='no neuron parameter named treshold \\(did you mean "threshold"\\?\\)'):
        net.set_neuron_params(treshold=5)
    net.seed = 4294967295
    net.weight_bits = 7
    assert (net.seed, net.weight_bits) == (4294967295, 7)
    # What a smaller weight_bits implies for the rest is checked at load and save.
    with pytest.raises(ValueError, match=r"stdp.w_min = -128 is outside \[-64, 63\]"):
        net.validate()


def test_run_arguments_are_checked_with_clear_messages():
    board = synfire.open("model")
    board.load(synfire.Network(2, 2))
    with pytest.raises(ValueError, match=r"steps = -5 is outside \[1, 4294967295\]: a run needs at least one step"):
        board.run(-5)
    with pytest.raises(ValueError, match=r"steps = 0 is outside"):
        board.run(0)
    with pytest.raises(TypeError, match=r"steps must be a whole number, got float 2\.5"):
        board.run(2.5)
    with pytest.raises(ValueError, match=r"probe_every = 0"):
        board.run(5, probe_every=0)
    with pytest.raises(ValueError, match=r"probes = -1"):
        board.run(5, probes=[-1])
    r = board.run(np.int64(5), probes=np.array([0, 1]))
    assert r.steps == 5 and r.probes.shape == (10, 8)
    assert repr(r.link) == ("LinkStats(crc_errors=0, framing_errors=0, retries=0, dropped_frames=0, "
                            "output_overflows=0, late_steps=0)")
    assert not r.link and r.link.as_dict()["late_steps"] == 0
    assert repr(r).startswith("RunResult(steps=5, spikes=<")


def test_open_names_a_mistyped_port(tmp_path):
    with pytest.raises(ValueError, match=r"port modle: no such back end or device \(did you mean \"model\"\?\)"):
        synfire.open("modle")
    (tmp_path / "net.json").write_text(synfire.Network(1, 1).to_json())
    with pytest.raises(ValueError, match=r"not a serial port but a regular file"):
        synfire.open(str(tmp_path / "net.json"))
    with pytest.raises(ValueError, match=r"port is empty"):
        synfire.open("")


def test_feature_names_are_the_clis():
    for port in ("model", "sim"):
        cli_info = json.loads(cli("info", "--port", port, "--json").stdout)
        assert synfire.open(port).info()["features"] == cli_info["features"]
        assert all("_" not in f for f in cli_info["features"])


def test_errors_are_python_exceptions_with_the_cli_messages(tmp_path):
    bad = tmp_path / "bad.json"
    doc = json.loads(synfire.Network(2, 1).to_json())
    doc["neuron_defaults"] = {"decay_u": 5000}
    bad.write_text(json.dumps(doc))
    with pytest.raises(synfire.NetworkFormatError) as e:
        synfire.Network.load(bad)
    r = cli("run", "--port", "model", "--network", bad, "--steps", 1, check=False)
    assert r.returncode != 0
    assert r.stderr.strip() == "synfire: error: " + str(e.value)
    assert "decay_u" in str(e.value) and "5000" in str(e.value)
    assert isinstance(e.value, ValueError)

    with pytest.raises(synfire.CapacityError) as e:
        synfire.open("sim").load(synfire.Network(4000, 0))
    assert "neurons" in str(e.value)
    assert isinstance(e.value, synfire.BackendError) and isinstance(e.value, RuntimeError)

    with pytest.raises(synfire.BackendError):
        synfire.open("model").run(10)  # nothing loaded
    with pytest.raises(ValueError, match=r"too short"):
        synfire.units.decay_from_tau(0.1, 1.0)
    net = synfire.Network(2, 2)
    with pytest.raises(ValueError, match=r"w_in\[1, 0\] = 200 is outside \[-128, 127\]"):
        net.w_in = np.array([[0, 0], [200, 0]])
    with pytest.raises(ValueError, match=r"shape \(3, 2\)"):
        net.w_in = np.zeros((3, 2))
    board = synfire.open("model")
    board.load(net)
    with pytest.raises(synfire.BackendError, match="names axon 5"):
        board.run(3, inputs=np.array([[0, 5]]))
    with pytest.raises(synfire.FileError):
        synfire.read_spikes(tmp_path / "missing.csv")


def test_units_match_the_documented_values():
    u = synfire.units
    assert u.decay_from_tau(20.0, 1.0) == 200
    assert u.decay_from_tau(float("inf"), 1.0) == 0
    assert u.steps_from_duration(2.0, 0.5) == 4
    spec = u.StdpSpec(a_plus=1.0, a_minus=1.05, tau_plus=20, tau_minus=20, dt=1)
    bins = u.stdp_bins_from_rule(spec)
    p = u.stdp_from_spec(bins)
    pot, dep = u.stdp_window_sums(p)
    assert abs(dep / pot - 1.05) < 0.01  # the balance survives (docs/model.md STDP)
    # Exact PSP coupling: a constant current's limit is (1 - exp(-x)) / x.
    x = 1 / 20
    assert u.psp_coupling(float("inf"), 20.0, 1.0) == pytest.approx((1 - np.exp(-x)) / x, rel=1e-12)
    n = u.neuron_from_spec(u.LifSpec(dt=1, tau_u=5, tau_v=20, threshold=1.0, lsb=1 / 1024))
    assert (n.decay_u, n.decay_v, n.threshold) == (742, 200, 1024)


def test_units_warn_when_the_lsb_misses_the_psp_bound():
    import warnings

    u = synfire.units
    # The old default lsb 1/1024 mV: a 1 mV synapse's PSP may be off by more than 1 %.
    with pytest.warns(UserWarning, match=r"more than 1 %; lsb = 3\.8147e-06 meets it"):
        assert u.check_psp_error(1.0, 5.0, 20.0, 1.0, 1 / 1024) is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert u.check_psp_error(1.0, 5.0, 20.0, 1.0, 2.0 ** -18) is True
        with pytest.raises(UserWarning, match="lsb = "):  # a filter makes it an error
            u.check_psp_error(1.0, 5.0, 20.0, 1.0, 1 / 1024, max_relative_error=0.01)
    # stdp_from_rule's traces follow the rule's exponential (docs/model.md "STDP").
    p = u.stdp_from_rule(u.StdpSpec(a_plus=1.0, a_minus=1.05, tau_plus=20, tau_minus=20, dt=1, trace_inc=128))
    assert p.decay_pre == p.decay_post == u.trace_decay_for(20.0, 1.0, 128) == 146
    assert u.trace_shape_error(128, 146, 20.0, 1.0) < 0.5 * u.trace_shape_error(128, 200, 20.0, 1.0)


def test_units_imports_as_a_submodule():
    import importlib
    import subprocess
    import sys

    import synfire.units as su
    from synfire.units import decay_from_tau

    assert su is synfire.units and decay_from_tau(20.0, 1.0) == 200
    assert importlib.import_module("synfire.units") is synfire.units
    # A fresh interpreter whose first import is the submodule.
    out = subprocess.run([sys.executable, "-c", "import synfire.units; print(synfire.units.decay_from_tau(5.0, 1.0))"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "742"


def test_helpers():
    spikes = np.array([[0, 1], [3, 1], [4, 2]], dtype=np.uint32)
    np.testing.assert_array_equal(synfire.spike_counts(spikes, 4), [0, 2, 1, 0])
    rows = synfire.inputs_from_times([0.003, 0.001], [2, 5], dt=0.001)
    np.testing.assert_array_equal(rows, [[2, 5], [4, 2]])
    probes = np.array([[0, 1, 5, 6, 0, 0, 0, 0], [1, 1, 7, 8, 0, 0, 0, 0]])
    steps, v = synfire.probe_trace(probes, 1, "v")
    np.testing.assert_array_equal(v, [6, 8])


def test_virtual_board_over_its_pty_equals_the_model():
    board_bin = os.path.join(os.path.dirname(CLI), "synfire-board")
    if not os.path.exists(board_bin):
        pytest.skip("the virtual board (synfire-board) is not built")
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 4)
    # The small configuration (N = 16, M = 8) keeps the simulated UART quick.
    net = random_network(rng, n=int(rng.integers(1, 17)), m=int(rng.integers(1, 9)))
    inputs = random_inputs(rng, 150, net.inputs, rate=0.3)
    proc = subprocess.Popen([CLI, "board", "--", "--config", "small", "--exit-after-idle", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        pty = proc.stdout.readline().split()[-1]
        assert pty.startswith("/dev/"), pty
        results = []
        for port in ("model", pty):
            board = synfire.open(port, timeout_ms=5000)
            board.load(net)
            run = board.run(150, inputs=inputs, probes=[0])
            results.append((run.spikes, run.probes, board.read_network()))
            if port != "model":
                assert board.info()["baud"] > 0 and run.link.crc_errors == 0
            del board  # closes the port before the next one opens
        np.testing.assert_array_equal(results[0][0], results[1][0])
        np.testing.assert_array_equal(results[0][1], results[1][1])
        assert results[0][2] == results[1][2]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_an_exception_in_the_progress_callback_stops_the_run():
    board = synfire.open("model")
    board.load(synfire.Network(4, 1))
    seen = []

    def progress(done, total):
        seen.append((done, total))
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        board.run(5000, progress=progress)
    assert seen and seen[0][1] == 5000
    assert board.time() == seen[0][0] < 5000  # stopped at the first report
    assert board.run(10).steps == 10  # and the back end still works


def test_wide_traces(tmp_path):
    # stdp.trace_bits 24 (docs/model.md "Trace width"): an event adds inc * 65536,
    # the network file keeps it, and sim (whose core has WideTraces) runs it
    # as the model does.
    net = synfire.Network(1, 1)
    net.params[0].threshold = 1 << 22
    net.stdp.trace_inc_pre = 100
    net.stdp.decay_pre = 20
    with pytest.raises(ValueError, match="stdp.trace_bits = 12 is neither 8 nor 24"):
        net.stdp.trace_bits = 12
    assert net.stdp.trace_bits == 8
    net.stdp.trace_bits = 24
    assert "trace_bits=24" in repr(net.stdp)
    net.save(tmp_path / "wide.json")
    assert json.loads((tmp_path / "wide.json").read_text())["stdp"]["trace_bits"] == 24
    assert synfire.Network.load(tmp_path / "wide.json").stdp.trace_bits == 24
    board = synfire.open("model")
    assert "wide-traces" in board.info()["features"]
    board.load(net)
    board.run(1, inputs=np.array([[0, 0]]))
    board.run(10)
    x = 100 * 65536
    for _ in range(10):
        x = x * (4096 - 20) >> 12
    assert board.read_state().axon_traces == [x]
    sim = synfire.open("sim")
    assert "wide-traces" in sim.info()["features"]
    sim.load(net)
    sim.run(1, inputs=np.array([[0, 0]]))
    sim.run(10)
    assert sim.read_state().axon_traces == [x]
    assert sim.read_network().stdp.trace_bits == 24


def test_wide_traces_run_alike_on_model_and_sim(tmp_path):
    """24-bit traces with learning, slow decays: the same spikes, weights
    and states on model and sim, and a state saved halfway continues the
    run on sim bit for bit."""
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 6)
    net = random_network(rng, n=8, m=8)
    net.stdp.trace_bits = 24
    net.stdp.decay_pre, net.stdp.decay_post = 12, 20
    steps = 100
    inputs = random_inputs(rng, 2 * steps, net.inputs, rate=0.2)
    first, second = inputs[inputs[:, 0] < steps], inputs[inputs[:, 0] >= steps] - [steps, 0]
    results = []
    for port in ("model", "sim"):
        board = synfire.open(port)
        board.load(net)
        run = board.run(2 * steps, inputs=inputs)
        results.append((run.spikes, board.read_network(), board.read_state()))
    (s0, n0, st0), (s1, n1, st1) = results
    np.testing.assert_array_equal(s0, s1)
    assert n0 == n1 and n1.stdp.trace_bits == 24
    assert st0 == st1
    assert max(st1.axon_traces) > 65535 or st1.neurons[:, 4:6].max() > 65535
    board = synfire.open("sim")
    board.load(net)
    a = board.run(steps, inputs=first)
    board.read_state().save(tmp_path / "s.json")
    board.load(board.read_network())
    board.write_state(synfire.NetworkState.load(tmp_path / "s.json"))
    b = board.run(steps, inputs=second)
    np.testing.assert_array_equal(np.concatenate([a.spikes, b.spikes + [steps, 0]]), s0)
    assert board.read_state() == st0
    assert board.read_network() == n0
