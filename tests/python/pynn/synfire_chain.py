"""A synfire chain (PyNN; written for synfire's tests): recurrent projections, exact timing.

Eight groups of ten IF_curr_exp neurons; a volley of ten spike sources fires the
first group, and every group fires the next through an all-to-all excitatory
projection with PyNN's minimum delay, while each group inhibits the one before it.
Every neuron fires once per volley, so counts compare exactly and the timing of
the recurrent delay shows in the spike times. Runs unchanged on any back end:

    python3 synfire_chain.py brian2|synfire|mock [out.json] [extra setup kwargs as JSON]
"""
import json
import sys

import numpy as np

simulator = sys.argv[1] if len(sys.argv) > 1 else "synfire"
sim = __import__(f"pyNN.{simulator}", fromlist=["setup"])
setup_extra = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}

groups, size = 8, 10
cell = dict(tau_m=10.0, cm=0.25, v_rest=-70.0, v_reset=-70.0, v_thresh=-55.0, tau_refrac=10.0,
            tau_syn_E=2.0, tau_syn_I=2.0, i_offset=0.0)
sim.setup(timestep=1.0, **setup_extra)
volleys = [10.0, 120.0, 230.0]
source = sim.Population(size, sim.SpikeSourceArray(spike_times=volleys), label="volley")
chain = [sim.Population(size, sim.IF_curr_exp(**cell), initial_values={"v": cell["v_rest"]}, label=f"g{k}")
         for k in range(groups)]
everyone = chain[0]
for g in chain[1:]:
    everyone = everyone + g  # an Assembly of all groups
everyone.record("spikes")
sim.Projection(source, chain[0], sim.OneToOneConnector(), sim.StaticSynapse(weight=4.0, delay=1.0))
for a, b in zip(chain, chain[1:]):
    sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))
    sim.Projection(b, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.3, delay=1.0),
                   receptor_type="inhibitory")
sim.run(330.0)

data = everyone.get_data().segments[0]
out = {
    "simulator": simulator,
    "spikes": [[float(t) for t in st.magnitude] for st in data.spiketrains],
    "groups": groups,
    "size": size,
    "volleys": volleys,
}
sim.end()
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)
else:
    print("first spike per group:", [min(min(s) for s in out["spikes"][k * size:(k + 1) * size] if s)
                                     for k in range(groups)])
