"""pyNN.synfire: PyNN on synfire's back ends (the reference model, the RTL under Verilator, a board).

    import pyNN.synfire as sim
    sim.setup(timestep=1.0, port="model")     # "sim", or a serial port (a board, the virtual board's pty)

The network is mapped onto one synfire core when it first runs; sim.quantisation()
returns what the mapping rounded, and anything synfire cannot represent raises
MappingError naming the object and the limit. docs/pynn.md lists the supported
subset and how every parameter maps.
"""
import logging

from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP  # noqa: F401
from pyNN.connectors import *  # noqa: F401,F403  (every connector: they only call _convergent_connect)
from pyNN.recording import get_io
from pyNN.space import Space  # noqa: F401

from . import simulator
from .mapping import MappingError  # noqa: F401
from .populations import Assembly, Population, PopulationView  # noqa: F401
from .projections import Projection
from .standardmodels import *  # noqa: F401,F403
from .standardmodels import StaticSynapse

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The StandardCellType classes this back end supports."""
    from . import standardmodels as sm

    return [c.__name__ for c in (sm.IF_curr_exp, sm.IF_curr_delta, sm.SpikeSourceArray, sm.SpikeSourcePoisson)]


def setup(timestep=1.0, min_delay=DEFAULT_MIN_DELAY, port="model", seed=1, stdp_trace_inc=128, quiet=False,
          **extra_params):
    """Start a new simulation on synfire.

    port: "model" (the bit-exact reference model), "sim" (the RTL under Verilator) or a
    serial device (a board, or the virtual board's pty from `synfire board`).
    seed: seeds SpikeSourcePoisson (drawn on the host) and STDP's stochastic rounding.
    stdp_trace_inc: synfire's STDP trace increment (1-255; larger keeps the window closer
    to the exponential, smaller saturates later; docs/model.md "Traces").
    quiet: do not log the quantisation report at the run that loads the network.
    """
    max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    common.setup(timestep, min_delay, **extra_params)
    st = simulator.state
    st.clear()
    st.dt = float(timestep)
    st.min_delay = min_delay
    st.max_delay = max_delay
    st.mpi_rank = 0
    st.num_processes = 1
    st.port = port
    st.seed = int(seed)
    st.stdp_trace_inc = int(stdp_trace_inc)
    st.quiet = bool(quiet)
    return rank()


def end(compatible_output=True):
    """Write the data requested by record(..., to_file) and close the back end."""
    st = simulator.state
    for (population, variables, filename) in st.write_on_end:
        io = get_io(filename)
        population.write_data(io, variables)
    st.write_on_end = []
    st._board = None


def quantisation():
    """What the mapping of the current (or last) network rounded, as a dict (docs/pynn.md)."""
    st = simulator.state
    if st.mapped is not None:
        return st.mapped.report
    if st.last_report is not None:
        return st.last_report
    from .mapping import build

    return build(st).report


run, run_until = common.build_run(simulator)
run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize
get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank = \
    common.build_state_queries(simulator)
create = common.build_create(Population)
connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)
record = common.build_record(simulator)


def record_v(source, filename):
    return record(["v"], source, filename)
