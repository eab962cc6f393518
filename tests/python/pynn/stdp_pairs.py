"""STDP of pre/post pairs at many time differences (PyNN; written for synfire's tests).

A postsynaptic IF_curr_exp neuron fires regularly on its own (i_offset); n
presynaptic spike sources fire once per period each, at a fixed lag or lead of
that rhythm, through plastic synapses too weak to move its firing. The final
weights trace the STDP window. Runs unchanged on any PyNN back end:

    python3 stdp_pairs.py brian2|synfire|mock [out.json] [extra setup kwargs as JSON]
"""
import json
import sys

import numpy as np
from pyNN.parameters import Sequence

simulator = sys.argv[1] if len(sys.argv) > 1 else "synfire"
sim = __import__(f"pyNN.{simulator}", fromlist=["setup"])
setup_extra = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}

dt = 1.0
cell = dict(tau_m=20.0, cm=1.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0, tau_refrac=5.0,
            tau_syn_E=5.0, tau_syn_I=5.0, i_offset=0.8)
n = 41          # presynaptic sources, lags -20 .. +20 steps
periods = 12
delay = 1.0

# a first simulation finds the neuron's own rhythm (the same on every back end up to quantisation)
sim.setup(timestep=dt, min_delay=delay, **setup_extra)
probe = sim.Population(1, sim.IF_curr_exp(**cell), initial_values={"v": cell["v_rest"]}, label="probe")
probe.record("spikes")
sim.run(1000.0)
t_post = np.array(probe.get_data().segments[0].spiketrains[0].magnitude)
sim.end()

sim.setup(timestep=dt, min_delay=delay, **setup_extra)
post = sim.Population(1, sim.IF_curr_exp(**cell), initial_values={"v": cell["v_rest"]}, label="post")
post.record(["spikes", "v"])
period = float(np.median(np.diff(t_post)))
first = float(t_post[2])

# source i fires at first + k * period + lag_i - delay - dt, so that its spike reaches the
# neuron lag_i before (lag > 0) or after (lag < 0) a postsynaptic spike
lags = np.arange(n) - n // 2
times = [[first + k * period - lag - delay - dt for k in range(periods)] for lag in lags]
pre = sim.Population(n, sim.SpikeSourceArray(spike_times=[Sequence(t) for t in times]), label="pre")
pre.record("spikes")
w_max = 0.005
stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.05, A_minus=0.06),
                         weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
                         weight=w_max / 2, delay=delay, dendritic_delay_fraction=0)
prj = sim.Projection(pre, post, sim.AllToAllConnector(), stdp, label="plastic")
t_stop = first + periods * period + 50.0
sim.run(t_stop)

w = np.array(prj.get("weight", format="array"))[:, 0]
data = post.get_data().segments[-1]
out = {
    "simulator": simulator,
    "period": period,
    "lags": lags.tolist(),
    "pre_times": [list(map(float, t)) for t in times],
    "post_spikes": [float(x) for x in data.spiketrains[0].magnitude],
    "weights": w.tolist(),
    "w_initial": w_max / 2,
    "w_max": w_max,
    "v": np.asarray(data.filter(name="v")[0].magnitude)[:, 0].tolist(),
}
if simulator == "synfire":
    out["quantisation"] = sim.quantisation()
sim.end()
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)
else:
    print("post spikes:", out["post_spikes"])
    print("weight change / w_max by lag:", [round((x - w_max / 2) / w_max, 3) for x in w])
