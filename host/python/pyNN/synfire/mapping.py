"""PyNN populations and projections onto one synfire core, with the quantisation they cost.

build(state) turns the PyNN objects of a simulation into a synfire.Network:
every neuron of every IF_curr_exp / IF_curr_delta population is one synfire
neuron, every spike source cell is one input axon per distinct delay of its
projections (the host shifts its spikes by the delay), and every parameter is
converted with synfire.units (docs/model.md, docs/pynn.md). Whatever synfire
cannot represent raises MappingError naming the object and the limit; what it
represents with rounding is listed in the report that sim.quantisation() returns.

Timing, as pyNN.brian2 implements PyNN: a source spike at step s with a delay of
d steps first moves v in step s + d + 1, so it is synfire's input at step
s + d + 1, exact. A neuron's spike at step t moves v in step t + 1 on synfire
(its one fixed delivery step), which pyNN.brian2 reaches with delay = 0; so a
neuron-to-neuron projection must have PyNN's minimum delay (one timestep) and
arrives one step earlier than on pyNN.brian2.
"""
import math

import numpy as np
from pyNN import errors

import synfire
from synfire import units


class MappingError(errors.InvalidModelError):
    """A PyNN object or value that synfire cannot represent (the message names it and the limit)."""


def _label(obj):
    return f"{type(obj).__name__} '{obj.label}'" if getattr(obj, "label", None) else type(obj).__name__


def _wrap(what, fn, *args):
    """Call a synfire.units conversion; its ValueError becomes a MappingError naming `what`."""
    try:
        return fn(*args)
    except ValueError as e:
        raise MappingError(f"pyNN.synfire: {what}: {e}") from None


def _pow2_at_least(x):
    return 2.0 ** math.ceil(math.log2(x))


class Mapped:
    """One network as loaded on the back end: index maps, conversions, inputs and recorded data."""

    def __init__(self):
        self.network = None
        self.report = {}
        self.learned = None
        self.neuron_spikes = []  # arrays of (step, neuron)
        self.probes = []         # arrays of probe rows
        self.source_spikes = {}  # population -> list of arrays (step, index)
        self.pending = np.zeros((0, 2), dtype=np.int64)  # delayed axon rows not yet due

    # --- inputs ----------------------------------------------------------
    def inputs(self, start, steps):
        """(K, 2) rows (step relative to this run, axon) of the window [start, start + steps)."""
        rows = [self.pending]
        for src in self.sources:
            emitted = src.emit(start, steps)  # (step, index) absolute
            self.source_spikes.setdefault(src.pop, []).append(emitted)
            if emitted.size == 0:
                continue
            for index, d, axon in src.axons:
                sel = emitted[emitted[:, 1] == index]
                if sel.size:
                    rows.append(np.stack([sel[:, 0] + d + 1, np.full(len(sel), axon)], axis=1))
        allrows = np.concatenate(rows).astype(np.int64).reshape(-1, 2)
        due = allrows[:, 0] < start + steps
        self.pending = allrows[~due]
        now = allrows[due]
        now = now[np.lexsort((now[:, 1], now[:, 0]))]
        now[:, 0] -= start
        return now.astype(np.uint32)

    def probe_neurons(self):
        out = []
        for pop, offset in self.neuron_offsets.items():
            rec = pop.recorder.recorded.get("v", set())
            out.extend(int(offset + pop.id_to_index(i)) for i in rec)
        return sorted(out)

    def learned_weights(self, prj):
        """The weights of a plastic projection as the board holds them now, in PyNN units."""
        if self.learned is None:
            net = self.board.read_network()
            self.learned = {"in": np.asarray(net.w_in, dtype=float), "rec": np.asarray(net.w_rec, dtype=float)}
        for p, is_src, row, post, c, plastic in self.conns:
            if p is prj:
                w = np.where(is_src, self.learned["in"][np.where(is_src, row, 0), post] * self.step["in"],
                             self.learned["rec"][np.where(is_src, 0, row), post] * self.step["rec"])
                return w / self.k[post]
        raise KeyError(prj)

    def record(self, spikes, probes, inputs, start, steps):
        self.neuron_spikes.append(spikes)
        self.probes.append(probes)


class _Source:
    """One spike source population: what it emits per step and its axons (index, delay steps, axon)."""

    def __init__(self, pop, dt, seed, number):
        self.pop = pop
        self.dt = dt
        self.axons = []
        self.kind = type(pop.celltype).__name__
        params = pop._parameters
        if self.kind == "SpikeSourceArray":
            steps, idx = [], []
            for i, seq in enumerate(params["spike_times"]):
                t = np.asarray(seq.value if hasattr(seq, "value") else seq, dtype=float)
                t = t[t >= 0]
                # Brian2's timestep(): floor with a 1e-3 step tolerance
                s = np.unique(np.floor(t / dt + 1e-3).astype(np.int64))
                steps.append(s)
                idx.append(np.full(len(s), i))
            self.steps = np.concatenate(steps) if steps else np.zeros(0, np.int64)
            self.index = np.concatenate(idx) if idx else np.zeros(0, np.int64)
        else:
            self.rate = np.asarray(params["rate"], dtype=float) * np.ones(pop.size)
            self.start = np.asarray(params["start"], dtype=float) * np.ones(pop.size)
            self.stop = self.start + np.asarray(params["duration"], dtype=float)
            if np.any(self.rate * dt / 1000.0 > 1):
                raise MappingError(f"pyNN.synfire: {_label(pop)}: a rate above 1 / timestep "
                                   f"({1000.0 / dt:g} Hz) cannot be drawn at one spike per step")
            self.rng = np.random.default_rng([seed, number])

    def emit(self, start, steps):
        if self.kind == "SpikeSourceArray":
            sel = (self.steps >= start) & (self.steps < start + steps)
            return np.stack([self.steps[sel], self.index[sel]], axis=1).astype(np.int64).reshape(-1, 2)
        # as Brian2's PoissonGroup in pyNN.brian2: rand() < rate * dt while start <= t <= start + duration
        u = self.rng.random((steps, self.pop.size))
        t = (start + np.arange(steps))[:, None] * self.dt
        fire = (u < self.rate * self.dt / 1000.0) & (t >= self.start - 1e-9) & (t <= self.stop + 1e-9)
        s, i = np.nonzero(fire)
        return np.stack([s + start, i], axis=1).astype(np.int64).reshape(-1, 2)


def _cells(obj):
    """(population, index in it) of every cell of a Population, PopulationView or Assembly, in order."""
    out = []
    for cell in obj.all_cells:
        pop = cell.parent
        while hasattr(pop, "parent") and pop.parent is not None and not hasattr(pop, "_synfire_kind"):
            pop = pop.parent
        out.append((pop, int(cell) - int(pop.first_id)))
    return out


def build(state):
    """Map the PyNN network of `state` onto one synfire core; returns a Mapped."""
    from . import standardmodels as sm

    dt = float(state.dt)
    m = Mapped()
    board = state.board()
    info = board.info()

    neuron_pops = [p for p in state.populations if p._synfire_kind == "neuron"]
    source_pops = [p for p in state.populations if p._synfire_kind == "source"]
    if not neuron_pops:
        raise MappingError("pyNN.synfire: the network has no neuron population (IF_curr_exp or IF_curr_delta); "
                           "synfire needs at least one neuron")
    m.neuron_offsets = {}
    n = 0
    for p in neuron_pops:
        m.neuron_offsets[p] = n
        n += p.size

    def col(name, default=np.nan):
        out = np.full(n, default, dtype=float)
        for p, o in m.neuron_offsets.items():
            if name in p._parameters:
                out[o:o + p.size] = np.asarray(p._parameters[name], dtype=float) * np.ones(p.size)
        return out

    tau_m, cm, v_rest = col("tau_m"), col("cm"), col("v_rest")
    v_thresh, v_reset, tau_refrac, i_offset = col("v_thresh"), col("v_reset"), col("tau_refrac"), col("i_offset")
    tau_e, tau_i = col("tau_syn_E"), col("tau_syn_I")
    delta = np.zeros(n, dtype=bool)
    owner = []
    for p, o in m.neuron_offsets.items():
        delta[o:o + p.size] = isinstance(p.celltype, sm.IF_curr_delta)
        owner.extend([p] * p.size)

    # --- connections -----------------------------------------------------
    m.sources = [_Source(p, dt, state.seed, k) for k, p in enumerate(source_pops)]
    src_of = {s.pop: s for s in m.sources}
    axon_of = {}  # (source, index, delay steps) -> axon
    uses_exc = np.zeros(n, dtype=bool)
    uses_inh = np.zeros(n, dtype=bool)
    conns = []
    for prj in state.projections:
        c = prj._arrays()
        if len(c["pre"]) == 0:  # e.g. a FixedProbabilityConnector that drew nothing
            continue
        pre_cells = _cells(prj.pre)
        post_cells = _cells(prj.post)
        post_pops = {pop for pop, _ in post_cells}
        for pop in post_pops:
            if pop._synfire_kind != "neuron":
                raise MappingError(f"pyNN.synfire: {_label(prj)} targets {_label(pop)}, which is not a neuron "
                                   "population")
        pre_pop = [pre_cells[i][0] for i in c["pre"]]
        pre_idx = np.array([pre_cells[i][1] for i in c["pre"]], dtype=np.int64)
        post = np.array([m.neuron_offsets[post_cells[j][0]] + post_cells[j][1] for j in c["post"]], dtype=np.int64)
        d = c["delay"] / dt
        dsteps = np.rint(d).astype(np.int64)
        if np.any(np.abs(d - dsteps) > 1e-6) or np.any(dsteps < 0):
            raise MappingError(f"pyNN.synfire: {_label(prj)}: delays must be whole timesteps ({dt} ms); "
                               f"got {c['delay'][np.argmax(np.abs(d - dsteps))]} ms")
        is_src = np.array([p._synfire_kind == "source" for p in pre_pop], dtype=bool)
        if np.any(~is_src & (dsteps != 1)):
            bad = c["delay"][~is_src & (dsteps != 1)][0]
            raise MappingError(f"pyNN.synfire: {_label(prj)}: a neuron-to-neuron delay must be one timestep "
                               f"({dt} ms, PyNN's minimum: synfire delivers a spike in the next step and has no "
                               f"longer delays), got {bad} ms")
        if prj.receptor_type == "inhibitory":
            uses_inh[post] = True
        elif prj.receptor_type == "excitatory":
            uses_exc[post] = True
        else:
            raise MappingError(f"pyNN.synfire: {_label(prj)}: receptor type '{prj.receptor_type}' is not supported")
        row = np.empty(len(post), dtype=np.int64)
        for k in range(len(post)):
            if is_src[k]:
                key = (src_of[pre_pop[k]], int(pre_idx[k]), int(dsteps[k]))
                if key not in axon_of:
                    axon_of[key] = len(axon_of)
                    key[0].axons.append((key[1], key[2], axon_of[key]))
                row[k] = axon_of[key]
            else:
                row[k] = m.neuron_offsets[pre_pop[k]] + pre_idx[k]
        plastic = isinstance(prj.synapse_type, sm.STDPMechanism)
        conns.append((prj, is_src, row, post, c, plastic))
    m.n_inputs = len(axon_of)
    m.n_neurons = n

    # one synaptic current u per neuron: both receptors need the same time constant
    both = uses_exc & uses_inh & ~delta & (np.abs(tau_e - tau_i) > 1e-9 * np.abs(tau_e))
    if np.any(both):
        j = int(np.argmax(both))
        raise MappingError(f"pyNN.synfire: {_label(owner[j])}: tau_syn_E = {tau_e[j]} ms and tau_syn_I = "
                           f"{tau_i[j]} ms differ while both receptors receive projections; synfire has one "
                           "synaptic current per neuron, so they must be equal")
    tau_syn = np.where(uses_inh & ~uses_exc, tau_i, tau_e)

    # --- capacity --------------------------------------------------------
    pops_text = ", ".join(f"{_label(p)} ({p.size})" for p in neuron_pops)
    if n > info["neurons"]:
        raise MappingError(f"pyNN.synfire: {n} neurons ({pops_text}) do not fit the back end '{state.port}', "
                           f"which holds {info['neurons']}")
    if m.n_inputs > info["inputs"]:
        raise MappingError(f"pyNN.synfire: {m.n_inputs} input axons (one per spike source cell and delay: "
                           + ", ".join(f"{_label(s.pop)}" for s in m.sources)
                           + f") do not fit the back end '{state.port}', which has {info['inputs']}")

    # --- per-neuron conversions ------------------------------------------
    for name, arr in (("tau_m", tau_m), ("cm", cm)):
        if np.any(~(arr > 0)):
            j = int(np.argmax(~(arr > 0)))
            raise MappingError(f"pyNN.synfire: {_label(owner[j])}: {name} must be positive, got {arr[j]}")
    # u jump (mV) per unit of PyNN weight (nA for IF_curr_exp, mV for IF_curr_delta)
    k = np.empty(n)
    for j in range(n):
        if delta[j]:
            k[j] = units.voltage_jump(1.0, tau_m[j], dt)
        else:
            k[j] = _wrap(f"{_label(owner[j])} cell {j - m.neuron_offsets[owner[j]]}", units.current_jump,
                         tau_m[j] / cm[j], tau_syn[j], tau_m[j], dt)
    v_inf = i_offset * tau_m / cm  # the constant current's offset of the resting potential

    # weights in mV of u, per block, including the STDP bounds
    wmax_abs = {"in": 0.0, "rec": 0.0}
    for prj, is_src, row, post, c, plastic in conns:
        u = np.abs(c["weight"] * k[post])
        for blk, mask in (("in", is_src), ("rec", ~is_src)):
            if np.any(mask):
                wmax_abs[blk] = max(wmax_abs[blk], float(u[mask].max(initial=0.0)))
                if plastic:
                    b = max(abs(float(np.max(c["w_max"]))), abs(float(np.min(c["w_min"]))))
                    wmax_abs[blk] = max(wmax_abs[blk], float(b * k[post[mask]].max()))
    weight_bits = int(info.get("weight_bits", 8))
    wlim = 2 ** (weight_bits - 1) - 1
    p_max = float(np.max(np.abs(np.concatenate([v_thresh - v_rest, v_reset - v_rest, v_inf, [1.0]]))))
    lsb = _pow2_at_least(max(4.0 * p_max / 2 ** 23, max(wmax_abs.values()) / (wlim * 2 ** 8), 1e-12))
    exp = {blk: (_wrap(f"the largest {blk} weight", units.weight_exp_for, w, lsb, weight_bits) if w > 0 else 0)
           for blk, w in wmax_abs.items()}
    plastic_blocks = {blk for prj, is_src, row, post, c, plastic in conns if plastic
                      for blk, mask in (("in", is_src), ("rec", ~is_src)) if np.any(mask)}
    if len(plastic_blocks) == 2:  # one set of STDP integers for both blocks: one weight step
        exp["in"] = exp["rec"] = max(exp.values())
    step = {blk: lsb * 2 ** e for blk, e in exp.items()}

    net = synfire.Network(n, m.n_inputs)
    net.weight_bits = weight_bits
    net.weight_exp_in, net.weight_exp_rec = exp["in"], exp["rec"]
    net.seed = int(state.seed) & 0xFFFFFFFF

    decay_v = np.empty(n, dtype=np.int64)
    decay_u = np.empty(n, dtype=np.int64)
    for j in range(n):
        what = f"{_label(owner[j])} cell {j - m.neuron_offsets[owner[j]]}"
        decay_v[j] = _wrap(f"{what}: tau_m", units.decay_from_tau, tau_m[j], dt)
        decay_u[j] = 4095 if delta[j] else _wrap(f"{what}: tau_syn", units.decay_from_tau, tau_syn[j], dt)
    thr = np.floor((v_thresh - v_rest) / lsb + 1e-9).astype(np.int64) + 1  # Brian2 fires on v > v_thresh
    vres = np.rint((v_reset - v_rest) / lsb).astype(np.int64)
    bias = np.rint(decay_v / 4096.0 * v_inf / lsb).astype(np.int64)
    refr = np.maximum(0, np.floor(tau_refrac / dt + 1e-3).astype(np.int64) - 1)
    for name, arr in (("v_thresh", thr), ("v_reset", vres), ("i_offset", bias)):
        if np.any(np.abs(arr) > 2 ** 23 - 1):
            j = int(np.argmax(np.abs(arr)))
            raise MappingError(f"pyNN.synfire: {_label(owner[j])}: {name} does not fit synfire's 24-bit potential "
                               f"at {lsb} mV per step")
    if np.any(refr > 255):
        j = int(np.argmax(refr))
        raise MappingError(f"pyNN.synfire: {_label(owner[j])}: tau_refrac = {tau_refrac[j]} ms is more than "
                           f"256 timesteps, synfire's limit")
    for p, o in m.neuron_offsets.items():
        v0 = p.initial_values.get("v")
        if v0 is not None:
            v0 = np.asarray(v0.evaluate(simplify=False), dtype=float) * np.ones(p.size)
            off = np.abs(v0 - v_rest[o:o + p.size])
            if np.any(off > lsb / 2):
                raise MappingError(f"pyNN.synfire: {_label(p)}: initial v must be v_rest (synfire starts every "
                                   f"neuron at rest; PyNN's default initial v is -65 mV whatever v_rest is), got v = "
                                   f"{v0[int(np.argmax(off))]} mV and v_rest = {v_rest[o + int(np.argmax(off))]} mV: "
                                   "pass initial_values={'v': v_rest}")
    net.set_neuron_params(decay_v=decay_v, decay_u=decay_u, threshold=thr, v_reset=vres, bias=bias,
                          refractory=refr)
    m.lsb, m.v_rest, m.k, m.step, m.conns = lsb, v_rest, k, step, conns

    # --- weights ---------------------------------------------------------
    acc = {"in": np.zeros((m.n_inputs, n)), "rec": np.zeros((n, n))}
    plastic_mat = {"in": np.zeros((m.n_inputs, n), dtype=np.uint8), "rec": np.zeros((n, n), dtype=np.uint8)}
    claims = {"in": np.zeros((m.n_inputs, n), dtype=np.int64), "rec": np.zeros((n, n), dtype=np.int64)}
    for prj, is_src, row, post, c, plastic in conns:
        for blk, mask in (("in", is_src), ("rec", ~is_src)):
            r, j = row[mask], post[mask]
            np.add.at(acc[blk], (r, j), c["weight"][mask] * k[j])
            np.add.at(claims[blk], (r, j), 1)
            if plastic:
                plastic_mat[blk][r, j] = 1
    for blk in ("in", "rec"):
        clash = (plastic_mat[blk] == 1) & (claims[blk] > 1)
        if np.any(clash):
            prjs = [_label(p) for p, is_src, row, post, c, pl in conns if pl]
            raise MappingError(f"pyNN.synfire: a plastic synapse ({', '.join(prjs)}) shares its pre/post pair with "
                               "another synapse; synfire has one synapse per pair (static ones are summed)")
    ints = {blk: np.rint(acc[blk] / step[blk]).astype(np.int64) for blk in acc}
    for blk in ints:
        if np.any(np.abs(ints[blk]) > wlim + 1):
            raise MappingError(f"pyNN.synfire: summed {blk} weights do not fit {weight_bits}-bit weights")
        ints[blk] = np.clip(ints[blk], -wlim - 1, wlim)
    net.w_in, net.w_rec = ints["in"], ints["rec"]
    net.plastic_in, net.plastic_rec = plastic_mat["in"], plastic_mat["rec"]

    # --- STDP ------------------------------------------------------------
    # pyNN.brian2 pairs a post spike of step q with the pre pathway's step p (spike step + delay).
    # An input axon is delivered one step after p, so synfire's delay bin D is q - p - 1 there
    # (units.stdp_bins_from_brian2); a recurrent spike is delivered at p itself, so D = q - p.
    # One set of STDP integers serves both blocks: with plastic inputs the input alignment wins
    # and recurrent pairs fall one bin later than on pyNN.brian2 (reported).
    align = "in" if "in" in plastic_blocks else "rec"
    stdp, stdp_from, stdp_report = None, None, None
    for prj, is_src, row, post, c, plastic in conns:
        if not plastic or len(post) == 0:
            continue
        vals = {}
        for name in ("tau_plus", "tau_minus", "A_plus", "A_minus", "w_min", "w_max"):
            a = np.asarray(c[name], dtype=float)
            if np.ptp(a) > 1e-12 * max(1.0, np.abs(a).max()):
                raise MappingError(f"pyNN.synfire: {_label(prj)}: {name} varies between synapses; synfire has one "
                                   "set of STDP parameters")
            vals[name] = float(a[0])
        kk = k[post]
        if np.ptp(kk) > 1e-9 * kk.max():
            raise MappingError(f"pyNN.synfire: {_label(prj)}: its postsynaptic neurons have different tau_m, cm or "
                               "tau_syn, so one PyNN weight change is a different integer change per neuron; "
                               "synfire's STDP amplitudes are shared by all plastic synapses")
        blk = "in" if is_src[0] else "rec"
        if vals["A_plus"] < 0 or vals["A_minus"] < 0 or vals["w_max"] < 0:
            raise MappingError(f"pyNN.synfire: {_label(prj)}: A_plus, A_minus and w_max must not be negative")
        sc = kk[0] / step[blk]  # integer weight steps per PyNN weight unit
        spec = units.StdpSpec(a_plus=vals["w_max"] * vals["A_plus"] * sc, a_minus=vals["w_max"] * vals["A_minus"] * sc,
                              tau_plus=vals["tau_plus"], tau_minus=vals["tau_minus"], dt=dt,
                              trace_inc=int(state.stdp_trace_inc),
                              w_min=int(np.rint(vals["w_min"] * sc)), w_max=int(np.rint(vals["w_max"] * sc)))
        if align == "in":
            bins = _wrap(f"{_label(prj)}: STDP", units.stdp_bins_from_brian2, spec)
        else:
            bins = spec
            bins.a_minus = spec.a_minus * math.exp(-dt / vals["tau_minus"])
        params = _wrap(f"{_label(prj)}: STDP", units.stdp_from_spec, bins)
        if stdp is not None and params != stdp:
            raise MappingError(f"pyNN.synfire: {_label(prj)} and {stdp_from} map to different STDP parameters; "
                               "synfire has one set of STDP parameters for all plastic synapses")
        stdp, stdp_from = params, _label(prj)
        eff_p = units.stdp_effective_amplitude(params.a_plus, params.trace_inc_pre, params.shift)
        eff_m = units.stdp_effective_amplitude(params.a_minus, params.trace_inc_post, params.shift)
        if align == "in":
            eff_p /= math.exp(-dt / vals["tau_plus"])
        else:
            eff_m /= math.exp(-dt / vals["tau_minus"])
        stdp_report = {
            "A_plus": (vals["A_plus"], eff_p / (vals["w_max"] * sc) if vals["w_max"] > 0 else 0.0),
            "A_minus": (vals["A_minus"], eff_m / (vals["w_max"] * sc) if vals["w_max"] > 0 else 0.0),
            "tau_plus": (vals["tau_plus"], units.tau_from_decay(params.decay_pre, dt)),
            "tau_minus": (vals["tau_minus"], units.tau_from_decay(params.decay_post, dt)),
            "w_min": (vals["w_min"], params.w_min / sc),
            "w_max": (vals["w_max"], params.w_max / sc),
            "integers": {f: getattr(params, f) for f in ("a_plus", "a_minus", "shift", "trace_inc_pre",
                                                          "trace_inc_post", "decay_pre", "decay_post", "w_min",
                                                          "w_max")},
            "steps_per_unit": sc,  # integer weight steps per PyNN weight unit (nA or mV)
            "window": {"in": "input projections (recurrent ones one bin later than pyNN.brian2)",
                       "rec": "recurrent projections"}[align] if len(plastic_blocks) == 2 else
                      {"in": "input projections", "rec": "recurrent projections"}[align],
        }
    if stdp is not None:
        if "stdp" not in info.get("features", ["stdp"]):
            raise MappingError(f"pyNN.synfire: {stdp_from} needs STDP, which the back end '{state.port}' lacks")
        net.stdp = stdp
        net.learning = True
    try:
        net.validate()
    except ValueError as e:
        raise MappingError(f"pyNN.synfire: the mapped network is invalid: {e}") from None
    m.network = net
    m.board = board

    # --- the quantisation report -----------------------------------------
    rep = {"dt_ms": dt, "lsb_mV": lsb, "neurons": n, "inputs": m.n_inputs,
           "weight_step_mV": {"in": step["in"], "rec": step["rec"]}, "populations": {}, "projections": {}}
    for p, o in m.neuron_offsets.items():
        s = slice(o, o + p.size)
        tau_v_eff = np.array([units.tau_from_decay(int(x), dt) for x in decay_v[s]])
        r = {"tau_m_rel": float(np.max(np.abs(tau_v_eff / tau_m[s] - 1))),
             "v_thresh_mV": float(np.max(np.abs((thr[s] - 0.5) * lsb - (v_thresh[s] - v_rest[s])))),
             "v_reset_mV": float(np.max(np.abs(vres[s] * lsb - (v_reset[s] - v_rest[s])))),
             "tau_refrac_ms": float(np.max(np.abs(np.where(tau_refrac[s] < dt, 0.0, (refr[s] + 1) * dt)
                                                  - tau_refrac[s])))}
        if not np.all(delta[s]):
            tau_u_eff = np.array([units.tau_from_decay(int(x), dt) for x in decay_u[s]])
            r["tau_syn_rel"] = float(np.max(np.abs(tau_u_eff / tau_syn[s] - 1)))
        v_inf_eff = np.where(decay_v[s] > 0, bias[s] * lsb * 4096.0 / np.maximum(decay_v[s], 1), 0.0)
        r["i_offset_mV"] = float(np.max(np.abs(v_inf_eff - v_inf[s])))
        rep["populations"][p.label or f"population {o}"] = r
    for prj, is_src, row, post, c, plastic in conns:
        if len(post) == 0:
            continue
        blk = np.where(is_src, 0, 1)
        st = np.where(blk == 0, step["in"], step["rec"])
        w = c["weight"]
        w_eff = np.rint(w * k[post] / st) * st / k[post]
        err = np.abs(w_eff - w)
        nz = np.abs(w) > 0
        rep["projections"][prj.label or f"projection {len(rep['projections'])}"] = {
            "weight_step": float(np.min(st / k[post])),
            "weight_abs_error": float(err.max()),
            "weight_rel_error": float((err[nz] / np.abs(w[nz])).max()) if np.any(nz) else 0.0,
            "weights_rounded_to_zero": int(np.sum(nz & (w_eff == 0))),
            "plastic": bool(plastic),
        }
    if stdp_report:
        rep["stdp"] = stdp_report
    m.report = rep
    return m


def format_report(rep):
    """The quantisation report as a few lines of text (logged once at the run that loads the network)."""
    lines = [f"pyNN.synfire: {rep['neurons']} neurons, {rep['inputs']} input axons, dt = {rep['dt_ms']} ms, "
             f"v step {rep['lsb_mV']:.3g} mV, weight steps {rep['weight_step_mV']['in']:.3g} mV (in) "
             f"{rep['weight_step_mV']['rec']:.3g} mV (rec) of u"]
    for name, r in rep["populations"].items():
        lines.append(f"  {name}: tau_m {100 * r['tau_m_rel']:.2g} %"
                     + (f", tau_syn {100 * r['tau_syn_rel']:.2g} %" if "tau_syn_rel" in r else "")
                     + f", v_thresh {r['v_thresh_mV']:.2g} mV, tau_refrac {r['tau_refrac_ms']:.2g} ms")
    for name, r in rep["projections"].items():
        lines.append(f"  {name}: weights within {100 * r['weight_rel_error']:.2g} % (step {r['weight_step']:.3g}), "
                     f"{r['weights_rounded_to_zero']} rounded to 0")
    if "stdp" in rep:
        s = rep["stdp"]
        lines.append("  STDP: " + ", ".join(f"{k} {v[0]:.4g} -> {v[1]:.4g}" for k, v in s.items()
                                        if k not in ("integers", "steps_per_unit", "window"))
                     + f"; window aligned for {s['window']}")
    lines.append("  (sim.quantisation() returns these figures)")
    return "\n".join(lines)
