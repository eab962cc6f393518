"""The state of a pyNN.synfire simulation: the PyNN objects, the synfire back end, time.

PyNN's common code calls State.run_until, reset and clear. The network is mapped
onto one synfire core (mapping.py) at the first run after setup() or reset(),
loaded with board.load, and each run() is one board.run() of whole steps with
the input spikes of that window. Only the public synfire Python API is used.
"""
import logging

import numpy as np
from pyNN import common

import synfire

from . import mapping

name = "synfire"
logger = logging.getLogger("PyNN")


class ID(int, common.IDMixin):
    def __init__(self, n):
        """Create an ID object with numerical value `n`."""
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 1.0
        self._min_delay = "auto"
        self.max_delay = "auto"
        self.port = "model"
        self.seed = 1
        self.stdp_trace_inc = 128
        self.quiet = False
        self._board = None
        self._board_port = None
        self.clear()

    # 'auto' is one timestep, the only delay a neuron-to-neuron projection can have on synfire
    @property
    def min_delay(self):
        return self.dt if self._min_delay == "auto" else self._min_delay

    @min_delay.setter
    def min_delay(self, value):
        self._min_delay = value

    # time is whole steps on synfire: t = step * dt
    @property
    def t(self):
        return self.step * self.dt

    def board(self):
        """The synfire back end (opened on first use, kept across runs)."""
        if self._board is None or self._board_port != self.port:
            self._board = synfire.open(self.port)
            self._board_port = self.port
        return self._board

    def check_not_running(self, what):
        """Changing the network between runs would need a reload, which resets every neuron."""
        if self.running:
            raise mapping.MappingError(
                f"pyNN.synfire: {what} after run() needs sim.reset() first: the synfire back ends "
                "take a network only as a whole (board.load), which resets every neuron's state")

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        steps = int(round((tstop - self.t) / self.dt))
        if abs(steps * self.dt - (tstop - self.t)) > 1e-6 * max(1.0, self.dt):
            raise ValueError(f"pyNN.synfire runs whole timesteps: {tstop - self.t} ms is not a multiple "
                             f"of the timestep {self.dt} ms")
        if self.mapped is None:
            self.mapped = mapping.build(self)
            if not self.quiet:
                logger.warning(mapping.format_report(self.mapped.report))
            self.board().load(self.mapped.network)
        self.running = True
        if steps <= 0:
            return
        board = self.board()
        inputs = self.mapped.inputs(self.step, steps)
        probes = self.mapped.probe_neurons()
        result = board.run(steps, inputs=inputs, probes=probes)
        spikes = np.asarray(result.spikes, dtype=np.int64).reshape(-1, 2).copy()
        spikes[:, 0] += self.step
        probe_rows = np.asarray(result.probes, dtype=np.int64).reshape(-1, 8).copy()
        probe_rows[:, 0] += self.step
        self.mapped.record(spikes, probe_rows, inputs, self.step, steps)
        self.step += steps
        self.mapped.learned = None  # weights changed on the board: read them again when asked

    def clear(self):
        self.recorders = set([])
        self.populations = []
        self.projections = []
        self.id_counter = 0
        self.segment_counter = -1
        self.mapped = None
        self.last_report = None
        self.reset()

    def reset(self):
        """Back to t = 0 with the initial (or since set) weights: the network is loaded again at the next run."""
        self.running = False
        self.t_start = 0
        self.step = 0
        for r in self.recorders:
            r._start_step = 0
        if self.mapped is not None:
            self.last_report = self.mapped.report
        self.mapped = None
        self.segment_counter += 1


state = State()
