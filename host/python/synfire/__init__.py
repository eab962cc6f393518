"""synfire from Python: networks, the three back ends, runs, units, NIR.

The compiled part (_synfire) wraps synfire's C++ library, so Python gives the
same bits as the `synfire` command line. Arrays are numpy arrays (copies):

    import numpy as np, synfire
    net = synfire.Network(neurons=8, inputs=200)
    net.set_neuron_params(threshold=1000, decay_v=200, decay_u=742)
    net.w_in = np.random.default_rng(1).integers(0, 20, size=(200, 8))
    board = synfire.open("model")            # or "sim", or a serial port
    board.load(net)
    run = board.run(1000, inputs=np.array([[0, 3], [5, 7]]))   # rows (step, axon)
    run.spikes                               # (K, 2) rows (step, neuron)
    trained = board.read_network().w_in      # (M, N) int8

Errors are Python exceptions with the C++ library's messages: BackendError,
CapacityError, NetworkFormatError, FileError, NirError, ValueError.
docs/python.md describes the module.
"""
try:
    import numpy as _numpy  # noqa: F401  (every array crosses as numpy)
except ImportError as e:  # pragma: no cover
    raise ImportError("synfire needs numpy: run it with Debian's /usr/bin/python3 and python3-numpy "
                      "(tools/install-deps), the interpreter it was built for") from e

from ._synfire import (  # noqa: F401
    Backend,
    BackendError,
    CapacityError,
    FileError,
    LinkStats,
    Network,
    NetworkFormatError,
    NetworkState,
    NeuronParams,
    NormParams,
    NirError,
    RunResult,
    StdpParams,
    list_serial_ports,
    nir_export,
    nir_import,
    open,
    read_probes,
    read_spikes,
    units,
    write_spikes,
)

# `units` is a submodule of the compiled part; registering it under its
# package name lets `import synfire.units` and `from synfire.units import ...`
# work as for any Python submodule (pybind11's def_submodule does not).
import sys as _sys

_sys.modules[__name__ + ".units"] = units

# The columns of RunResult.probes and read_probes().
PROBE_COLUMNS = ("step", "neuron", "u", "v", "adapt", "refractory", "trace_pre", "trace_post")


def probe_trace(probes, neuron, field="v"):
    """(steps, values) of one field of one probed neuron from a probe array."""
    import numpy as np

    probes = np.asarray(probes)
    col = PROBE_COLUMNS.index(field)
    rows = probes[probes[:, 1] == neuron]
    return rows[:, 0], rows[:, col]


def spike_counts(spikes, n):
    """Spikes per index (neuron or axon) of a (K, 2) spike array, length n."""
    import numpy as np

    spikes = np.asarray(spikes)
    if spikes.size == 0:
        return np.zeros(n, dtype=np.int64)
    return np.bincount(spikes[:, 1].astype(np.int64), minlength=n)


def inputs_from_times(times, indices, dt):
    """Input spikes of a continuous-time model (NIR, Brian2) as synfire rows.

    A spike at time t is in step round(t / dt) of the source model and is
    delivered at synfire step round(t / dt) + 1: the input first moves v in
    the step after the spike (docs/model.md "Weights"). Returns a (K, 2)
    uint32 array of (step, axon) sorted by step.
    """
    import numpy as np

    steps = np.rint(np.asarray(times, dtype=float) / dt).astype(np.int64) + 1
    rows = np.stack([steps, np.asarray(indices, dtype=np.int64)], axis=1)
    return rows[np.lexsort((rows[:, 1], rows[:, 0]))].astype(np.uint32)
