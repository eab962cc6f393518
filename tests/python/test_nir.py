"""NIR import and export (host/nir, `synfire nir`), with NIR files written by
h5py in the layout nir.write produces (docs/nir.md): a root dataset
`version`, a group `node` of type NIRGraph holding `nodes/<name>` groups
(`type` plus parameter datasets) and `edges`, an (E, 2) array of strings.
The expected integers are computed here from the formulas of docs/model.md,
independently of the C++ code."""
import math
import os
import subprocess

import h5py
import numpy as np
import pytest

import synfire

CLI = os.environ["SYNFIRE_CLI"]
SEED = int(os.environ.get("SYNFIRE_TEST_SEED", "0")) or int.from_bytes(os.urandom(4), "little")


def cli(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)


def write_nir(path, nodes, edges, fixed_strings=False):
    """nodes: {name: {"type": str, key: array}}; edges: [(a, b)]."""
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0", dtype=h5py.string_dtype())
        g = f.create_group("node")
        g.create_dataset("type", data="NIRGraph", dtype=h5py.string_dtype())
        ns = g.create_group("nodes")
        for name, node in nodes.items():
            n = ns.create_group(name)
            for k, v in node.items():
                if k == "type":
                    n.create_dataset(k, data=v, dtype=h5py.string_dtype())
                elif isinstance(v, dict):  # input_type / output_type groups
                    sub = n.create_group(k)
                    for kk, vv in v.items():
                        sub.create_dataset(kk, data=np.asarray(vv))
                else:
                    n.create_dataset(k, data=np.asarray(v, dtype=np.float32 if k != "shape" else np.int64))
        if fixed_strings:
            g.create_dataset("edges", data=np.array(edges, dtype="S"))
        else:
            g.create_dataset("edges", data=np.array(edges, dtype=object), dtype=h5py.string_dtype())


def decay(tau, dt):
    return int(round(4096 * (1 - math.exp(-dt / tau))))


def current_jump(w, ts, tm, dt):
    k = 1 / ts - 1 / tm
    c = math.exp(-dt / tm) * (1.0 if k == 0 else (1 - math.exp(-k * dt)) / (k * dt))
    return dt / tm * c * w


def cuba_graph(rng, m=3, n=4):
    tau_syn = rng.uniform(0.003, 0.008, n)
    tau_mem = rng.uniform(0.010, 0.030, n)
    nodes = {
        "input": {"type": "Input", "shape": [m], "input_type": {"input": [m]}},
        "fc_in": {"type": "Linear", "weight": rng.uniform(-0.5, 1.5, (n, m)) * 2e-3},
        "lif": {"type": "CubaLIF", "tau_syn": tau_syn, "tau_mem": tau_mem, "r": rng.uniform(0.5, 2, n),
                "v_leak": rng.uniform(-0.1, 0.2, n), "v_threshold": rng.uniform(0.8, 1.2, n),
                "v_reset": np.zeros(n), "w_in": np.ones(n),
                "input_type": {"input": [n]}, "output_type": {"output": [n]}},
        "fc_rec": {"type": "Linear", "weight": rng.uniform(-0.3, 0.3, (n, n)) * 2e-3},
        "output": {"type": "Output", "shape": [n]},
    }
    edges = [("input", "fc_in"), ("fc_in", "lif"), ("lif", "fc_rec"), ("fc_rec", "lif"), ("lif", "output")]
    return nodes, edges


def expected_cuba(nodes, dt, lsb):
    lif = nodes["lif"]
    n = len(lif["tau_syn"])
    # Parameters as h5py stored them (float32).
    f = {k: np.asarray(v, dtype=np.float32).astype(float) for k, v in lif.items() if k not in ("type", "input_type", "output_type")}
    jump = [f["r"][j] * current_jump(f["w_in"][j] / f["tau_syn"][j], f["tau_syn"][j], f["tau_mem"][j], dt) for j in range(n)]
    out = {"decay_u": [decay(t, dt) for t in f["tau_syn"]], "decay_v": [decay(t, dt) for t in f["tau_mem"]]}
    out["bias"] = [round(d / 4096 * vl / lsb) for d, vl in zip(out["decay_v"], f["v_leak"])]
    out["threshold"] = [math.floor(t / lsb) + 1 for t in f["v_threshold"]]

    def block(w):  # NIR (post, pre) -> synfire (pre, post) u jumps in lsb
        w = np.asarray(w, dtype=np.float32).astype(float).T * np.array(jump) / lsb
        e = next(e for e in range(9) if np.abs(np.rint(w / 2**e)).max() <= 127)
        return e, np.rint(w / 2**e).astype(int)

    out["in"] = block(nodes["fc_in"]["weight"])
    out["rec"] = block(nodes["fc_rec"]["weight"])
    return out


def test_import_maps_a_cuba_lif_graph_as_documented(tmp_path):
    print("seed", SEED)
    rng = np.random.default_rng(SEED)
    nodes, edges = cuba_graph(rng)
    write_nir(tmp_path / "m.nir", nodes, edges)
    lsb = 1 / 8192
    r = cli("nir", "import", tmp_path / "m.nir", tmp_path / "net.json", "--dt", "0.001", "--lsb", lsb)
    assert r.returncode == 0, r.stderr
    assert "exponent" in r.stdout and "rounding error" in r.stdout and "step s + 1" in r.stdout
    net = synfire.Network.load(tmp_path / "net.json")
    exp = expected_cuba(nodes, 0.001, lsb)
    p = net.neuron_params()
    for key in ("decay_u", "decay_v", "bias", "threshold"):
        np.testing.assert_array_equal(p[key], exp[key], err_msg=key)
    assert (net.weight_exp_in, net.weight_exp_rec) == (exp["in"][0], exp["rec"][0])
    np.testing.assert_array_equal(net.w_in, exp["in"][1])
    np.testing.assert_array_equal(net.w_rec, exp["rec"][1])
    # The Python API gives the same network and the report.
    net2, report = synfire.nir_import(tmp_path / "m.nir", dt=0.001, lsb=lsb)
    assert net2 == net and "recurrent weights" in report


def test_scale_affine_and_lif_chains_multiply_out(tmp_path):
    n = 2
    nodes = {
        "in": {"type": "Input", "shape": [2]},
        "s": {"type": "Scale", "scale": [2.0, 0.5]},
        "a": {"type": "Affine", "weight": [[0.005, 0.0], [0.0025, 0.005]], "bias": [0.01, 0.0]},
        "lif": {"type": "LIF", "tau": [0.02, 0.02], "r": [1.0, 1.0], "v_leak": [0.0, 0.0],
                "v_threshold": [1.0, 1.0], "v_reset": [0.0, 0.0]},
        "out": {"type": "Output", "shape": [n]},
    }
    edges = [("in", "s"), ("s", "a"), ("a", "lif"), ("lif", "out")]
    write_nir(tmp_path / "c.nir", nodes, edges, fixed_strings=True)
    net, report = synfire.nir_import(tmp_path / "c.nir", dt=0.001, lsb=1 / 1024)
    # Composed weight (post, pre) = A @ diag(s); a LIF spike
    # of weight w jumps v by r w / tau, delivered a step later as exp(-dt/tau) r w / tau.
    composed = np.array([[2.0, 0.0], [1.0, 0.5]]) * 0.005
    jumps = composed.T * math.exp(-0.001 / 0.02) / 0.02 * 1024
    e = net.weight_exp_in
    np.testing.assert_array_equal(net.w_in, np.rint(jumps / 2**e))
    p = net.neuron_params()
    assert list(p["decay_u"]) == [4095, 4095]  # delta synapses
    d = decay(0.02, 0.001)
    # Affine bias 0.01 of neuron 0: constant input r * b, bias p_v * r * b.
    assert p["bias"][0] == round(d / 4096 * 0.01 * 1024) and p["bias"][1] == 0
    assert "input weights" in report


def test_unmappable_nodes_are_refused_by_name(tmp_path):
    base = {"in": {"type": "Input", "shape": [2]},
            "lif": {"type": "IF", "r": [1.0, 1.0], "v_threshold": [1.0, 1.0]}}
    cases = {
        "conv": ({"type": "Conv2d", "weight": np.ones((1, 1, 3, 3))}, "node conv is a Conv2d, which synfire cannot represent"),
        "dly": ({"type": "Delay", "delay": [0.001, 0.001]}, "node dly is a Delay, which synfire cannot represent"),
        "thr": ({"type": "Threshold", "threshold": [1.0, 1.0]}, "node thr is a Threshold"),
    }
    for name, (node, message) in cases.items():
        nodes = dict(base, **{name: node})
        write_nir(tmp_path / f"{name}.nir", nodes, [("in", name), (name, "lif")])
        r = cli("nir", "import", tmp_path / f"{name}.nir", tmp_path / "x.json")
        assert r.returncode == 1
        assert r.stderr.startswith("synfire: error: ") and message in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1
        assert not (tmp_path / "x.json").exists()
        with pytest.raises(synfire.NirError, match=message):
            synfire.nir_import(tmp_path / f"{name}.nir")
    # A shape mismatch names the edge.
    nodes = dict(base, fc={"type": "Linear", "weight": np.ones((3, 2))})
    write_nir(tmp_path / "shape.nir", nodes, [("in", "fc"), ("fc", "lif")])
    r = cli("nir", "import", tmp_path / "shape.nir", tmp_path / "x.json")
    assert r.returncode == 1 and "edge fc -> lif" in r.stderr and "has 2 neurons but gets 3" in r.stderr
    (tmp_path / "not.nir").write_text("hello")
    r = cli("nir", "import", tmp_path / "not.nir", tmp_path / "x.json")
    assert r.returncode == 1 and "not an HDF5 file" in r.stderr


def random_exportable(rng, n=10, m=6):
    net = synfire.Network(n, m)
    net.weight_exp_rec, net.weight_exp_in = 2, 5
    net.set_neuron_params(decay_u=rng.integers(50, 4096, n), decay_v=rng.integers(1, 1000, n),
                          threshold=rng.integers(-100, 20000, n), v_reset=rng.integers(-3000, 100, n),
                          bias=rng.integers(-40, 40, n))
    net.w_rec = rng.integers(-128, 128, (n, n)) * (rng.random((n, n)) < 0.5)
    net.w_in = rng.integers(-128, 128, (m, n))
    return net


def test_export_then_import_gives_the_same_network(tmp_path):
    print("seed", SEED)
    rng = np.random.default_rng(SEED + 1)
    for k in range(5):
        net = random_exportable(rng)
        net.save(tmp_path / "a.json")
        r = cli("nir", "export", tmp_path / "a.json", tmp_path / "a.nir", "--dt", "0.0005", "--lsb", 1 / 1024)
        assert r.returncode == 0, r.stderr
        r = cli("nir", "import", tmp_path / "a.nir", tmp_path / "b.json")
        assert r.returncode == 0, r.stderr
        back = synfire.Network.load(tmp_path / "b.json")
        for key, v in net.neuron_params().items():
            np.testing.assert_array_equal(back.neuron_params()[key], v, err_msg=key)
        np.testing.assert_array_equal(back.w_rec, net.w_rec)
        np.testing.assert_array_equal(back.w_in, net.w_in)
        assert back == net
    # What a NIR reader sees: the graph, its nodes and (post, pre) weights.
    with h5py.File(tmp_path / "a.nir", "r") as f:
        g = f["node"]
        assert g["type"][()] == b"NIRGraph"
        types = {k: g["nodes"][k]["type"][()].decode() for k in g["nodes"]}
        assert types == {"input": "Input", "w_in": "Linear", "neurons": "CubaLIF", "w_rec": "Linear", "output": "Output"}
        assert f["version"][()] == b"1.0"
        assert g["nodes/neurons/type"][()] == b"CubaLIF"
        assert g["nodes/w_in/weight"].shape == (10, 6)
        edges = {(a.decode(), b.decode()) for a, b in g["edges"][()]}
        assert ("input", "w_in") in edges and ("w_rec", "neurons") in edges and ("neurons", "output") in edges
        np.testing.assert_allclose(g["nodes/neurons/tau_mem"][()][0],
                                   synfire.units.tau_from_decay(int(net.params[0].decay_v), 0.0005))


def test_export_refuses_what_nir_cannot_hold(tmp_path):
    net = synfire.Network(3, 1)
    net.set_neuron_params(decay_u=100, decay_v=100, refractory=[0, 2, 0])
    net.save(tmp_path / "r.json")
    r = cli("nir", "export", tmp_path / "r.json", tmp_path / "r.nir")
    assert r.returncode == 1 and "neuron 1 has refractory = 2: NIR has no refractory period" in r.stderr
    assert not (tmp_path / "r.nir").exists() and not (tmp_path / "r.nir.tmp").exists()
    net.set_neuron_params(refractory=0)
    net.learning = True
    net.plastic_in = np.ones((1, 3))
    synfire.nir_export(net, tmp_path / "p.nir")  # exported with a note in the CLI
    net.save(tmp_path / "p.json")
    r = cli("nir", "export", tmp_path / "p.json", tmp_path / "p.nir")
    assert r.returncode == 0 and "NIR has no plasticity" in r.stdout


def test_an_imported_cuba_lif_integrates_nir_equations_exactly(tmp_path):
    # One CubaLIF neuron, tau_syn dI/dt = -I + w_in * w * S, tau_mem dv/dt =
    # v_leak - v + r I, one input spike at t = 0: v(t) is known in closed form.
    ts, tm, r, w_in, w, dt = 0.004, 0.025, 1.5, 0.8, 0.01, 0.001
    nodes = {
        "input": {"type": "Input", "shape": [1]},
        "fc": {"type": "Linear", "weight": [[w]]},
        "lif": {"type": "CubaLIF", "tau_syn": [ts], "tau_mem": [tm], "r": [r], "v_leak": [0.0],
                "v_threshold": [1.0], "v_reset": [0.0], "w_in": [w_in]},
        "output": {"type": "Output", "shape": [1]},
    }
    write_nir(tmp_path / "one.nir", nodes, [("input", "fc"), ("fc", "lif"), ("lif", "output")])
    lsb = 2.0 ** -16
    net, _ = synfire.nir_import(tmp_path / "one.nir", dt=dt, lsb=lsb)
    board = synfire.open("model")
    board.load(net)
    run = board.run(100, inputs=synfire.inputs_from_times([0.0], [0], dt), probes=[0])
    _, v = synfire.probe_trace(run.probes, 0, "v")
    # float32 as stored in the file
    ts, tm, r, w_in, w = (float(np.float32(x)) for x in (ts, tm, r, w_in, w))
    t = np.arange(100) * dt
    k = 1 / ts - 1 / tm
    exact = r * (w_in * w / ts) / tm * np.exp(-t / tm) * (1 - np.exp(-k * t)) / k
    peak = exact.max()
    print(f"NIR CubaLIF PSP: exact peak {peak:.6f} at step {exact.argmax()}, synfire {v.max() * lsb:.6f} "
          f"at step {v.argmax()} ({(v.max() * lsb / peak - 1) * 100:+.2f} %)")
    assert v.argmax() == exact.argmax()
    assert abs(v.max() * lsb - peak) < 0.01 * peak
    assert np.abs(v * lsb - exact).max() < 0.01 * peak + tm / dt * lsb
