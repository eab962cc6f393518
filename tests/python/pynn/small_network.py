"""A small feedforward network (PyNN; written for synfire's tests).

Fifty spike sources with seeded random spike trains drive twenty IF_curr_exp
neurons through random excitatory and inhibitory projections (PyNN's
FixedProbabilityConnector with a seeded NumpyRNG), so the network is the same on
every back end and the spike counts can be compared. Runs unchanged on any back end:

    python3 small_network.py brian2|synfire|mock [out.json] [extra setup kwargs as JSON]
"""
import json
import sys

import numpy as np
from pyNN.random import NumpyRNG

simulator = sys.argv[1] if len(sys.argv) > 1 else "synfire"
sim = __import__(f"pyNN.{simulator}", fromlist=["setup"])
setup_extra = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}

dt = 1.0
sim_time = 2000.0
n_in, n_cells = 50, 20
cell = dict(tau_m=20.0, cm=0.5, v_rest=-60.0, v_reset=-62.0, v_thresh=-50.0, tau_refrac=3.0,
            tau_syn_E=5.0, tau_syn_I=5.0, i_offset=0.1)

sim.setup(timestep=dt, **setup_extra)
rng = np.random.default_rng(26278342)
trains = [np.sort(rng.choice(np.arange(1, int(sim_time)), size=int(rng.integers(20, 60)), replace=False)).astype(float)
          for _ in range(n_in)]
sources = sim.Population(n_in, sim.SpikeSourceArray(spike_times=trains), label="input")
cells = sim.Population(n_cells, sim.IF_curr_exp(**cell), initial_values={"v": cell["v_rest"]}, label="cells")
sources.record("spikes")
cells.record("spikes")
cells[0:2].record("v")

exc = sim.Projection(sources, cells, sim.FixedProbabilityConnector(0.3, rng=NumpyRNG(seed=4242)),
                     sim.StaticSynapse(weight=0.6, delay=1.0), receptor_type="excitatory", label="exc")
inh = sim.Projection(sources[40:], cells, sim.FixedProbabilityConnector(0.5, rng=NumpyRNG(seed=4243)),
                     sim.StaticSynapse(weight=-0.8, delay=2.0), receptor_type="inhibitory", label="inh")
sim.run(sim_time)

data = cells.get_data().segments[0]
out = {
    "simulator": simulator,
    "counts": [len(st) for st in data.spiketrains],
    "spikes": [[float(t) for t in st.magnitude] for st in data.spiketrains],
    "v": np.asarray(data.filter(name="v")[0].magnitude).T.tolist(),
    "connections": [len(exc), len(inh)],
}
if simulator == "synfire":
    out["quantisation"] = sim.quantisation()
sim.end()
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)
else:
    print("spike counts:", out["counts"], "mean rate", np.mean(out["counts"]) / sim_time * 1000.0, "Hz")
