"""Projection for pyNN.synfire: connections kept as arrays in PyNN units; learned weights read from the board."""
import numpy as np
from pyNN import common
from pyNN.space import Space

from . import simulator
from .standardmodels import StaticSynapse, STDPMechanism


class Connection(common.Connection):
    """One connection: indices in the projection's pre and post, and its attributes."""

    def __init__(self, pre, post, **attributes):
        self.presynaptic_index = pre
        self.postsynaptic_index = post
        for name, value in attributes.items():
            setattr(self, name, value)

    def as_tuple(self, *attribute_names):
        return tuple(getattr(self, name) for name in attribute_names)


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None,
                 source=None, receptor_type=None, space=Space(), label=None):
        simulator.state.check_not_running("creating a Projection")
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector,
                                   synapse_type, source, receptor_type, space, label)
        self._pre, self._post = [], []
        self._attrs = {}
        self._cached = None
        connector.connect(self)
        simulator.state.projections.append(self)

    def __len__(self):
        return len(self._arrays()["pre"])

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        pre = np.asarray(presynaptic_indices, dtype=np.int64).ravel()
        self._pre.append(pre)
        self._post.append(np.full(len(pre), int(postsynaptic_index), dtype=np.int64))
        for name, value in connection_parameters.items():
            self._attrs.setdefault(name, []).append(np.broadcast_to(np.asarray(value, dtype=float), pre.shape).copy())
        self._cached = None

    def _arrays(self):
        """pre, post (indices in self.pre and self.post) and every attribute, as flat arrays."""
        if self._cached is None:
            c = {"pre": np.concatenate(self._pre) if self._pre else np.zeros(0, np.int64),
                 "post": np.concatenate(self._post) if self._post else np.zeros(0, np.int64)}
            for name, parts in self._attrs.items():
                c[name] = np.concatenate(parts)
            self._pre, self._post = [c["pre"]], [c["post"]]
            self._attrs = {name: [c[name]] for name in self._attrs}
            self._cached = c
        return self._cached

    def _current(self, name):
        """An attribute's values now: learned weights come from the board after a run."""
        c = self._arrays()
        if len(c["pre"]) == 0:
            return np.zeros(0)
        st = simulator.state
        if name == "weight" and isinstance(self.synapse_type, STDPMechanism) and st.running \
                and st.mapped is not None and st.step > 0:
            return st.mapped.learned_weights(self)
        return c[name]

    @property
    def connections(self):
        c = self._arrays()
        names = [n for n in c if n not in ("pre", "post")]
        vals = {n: self._current(n) for n in names}
        return (Connection(int(c["pre"][i]), int(c["post"][i]), **{n: vals[n][i] for n in names})
                for i in range(len(c["pre"])))

    def _set_attributes(self, parameter_space):
        simulator.state.check_not_running(f"setting {', '.join(parameter_space.keys())} of {self.label or 'a Projection'}")
        parameter_space.evaluate()
        c = self._arrays()
        if len(c["pre"]) == 0:
            return
        for name, value in parameter_space.items():
            value = np.asarray(value, dtype=float)
            c[name][:] = value[c["pre"], c["post"]] if value.ndim == 2 else value

    def _get_attributes_as_list(self, names):
        c = self._arrays()
        cols = []
        for name in names:
            if name == "presynaptic_index":
                cols.append(c["pre"])
            elif name == "postsynaptic_index":
                cols.append(c["post"])
            else:
                cols.append(self._current(name))
        return [tuple(x) for x in np.array(cols, dtype=float).T] if cols else []

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        c = self._arrays()
        out = []
        for name in names:
            vals = self._current(name)
            a = np.full((self.pre.size, self.post.size), np.nan)
            if multiple_synapses == "last":
                a[c["pre"], c["post"]] = vals
            elif multiple_synapses == "first":
                a[c["pre"][::-1], c["post"][::-1]] = vals[::-1]
            else:
                op = {"sum": np.add, "min": np.fmin, "max": np.fmax}[multiple_synapses]
                init = {"sum": 0.0, "min": np.inf, "max": -np.inf}[multiple_synapses]
                has = np.zeros(a.shape, dtype=bool)
                has[c["pre"], c["post"]] = True
                a[has] = init
                op.at(a, (c["pre"], c["post"]), vals)
            out.append(a)
        return out
