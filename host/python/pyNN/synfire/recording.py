"""Recording of spikes and v for pyNN.synfire: the spikes and probes of the board's runs as Neo data."""
import numpy as np
from pyNN import errors, recording

from . import simulator
from .mapping import MappingError


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population=None, file=None):
        recording.Recorder.__init__(self, population, file)
        self._start_step = 0

    def _record(self, variable, new_ids, sampling_interval=None):
        if variable not in ("spikes", "v"):
            raise errors.RecordingError(variable, self.population.celltype)
        if variable == "v" and sampling_interval is not None and \
                abs(sampling_interval - self._simulator.state.dt) > 1e-9:
            raise MappingError("pyNN.synfire records v at every timestep only "
                               f"(sampling_interval = {self._simulator.state.dt} ms), got {sampling_interval} ms")
        simulator.state.check_not_running(f"record('{variable}') on {self.population.label or 'a population'}")

    def _mapped(self):
        m = self._simulator.state.mapped
        if m is None:
            raise MappingError("pyNN.synfire: nothing recorded yet (run() first)")
        return m

    def _spike_rows(self):
        """(step, index in the population) of this population's spikes in the current segment."""
        st = self._simulator.state
        m = st.mapped
        pop = self.population
        if m is None:
            return np.zeros((0, 2), dtype=np.int64)
        if pop._synfire_kind == "source":
            parts = m.source_spikes.get(pop, [])
            rows = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
        else:
            rows = np.concatenate(m.neuron_spikes) if m.neuron_spikes else np.zeros((0, 2), dtype=np.int64)
            off = m.neuron_offsets[pop]
            rows = rows[(rows[:, 1] >= off) & (rows[:, 1] < off + pop.size)].copy()
            rows[:, 1] -= off
        return rows[rows[:, 0] >= self._start_step]

    def _get_spiketimes(self, requested_ids, clear=False):
        rows = self._spike_rows()
        ids = np.asarray(self.population.all_cells, dtype=int)[rows[:, 1]] if len(rows) else np.zeros(0, dtype=int)
        times = rows[:, 0].astype(float) * self._simulator.state.dt
        mask = np.isin(ids, np.asarray(list(requested_ids), dtype=int))
        if clear:
            self._start_step = self._simulator.state.step
        return ids[mask], times[mask]

    def _get_all_signals(self, variable, ids, clear=False):
        st = self._simulator.state
        m = self._mapped()
        pop = self.population
        off = m.neuron_offsets[pop]
        idx = np.array([pop.id_to_index(i) for i in ids], dtype=int)
        probes = np.concatenate(m.probes) if m.probes else np.zeros((0, 8), dtype=np.int64)
        n_samples = st.step - self._start_step + 1
        values = np.empty((n_samples, len(idx)))
        for c, i in enumerate(idx):
            rows = probes[probes[:, 1] == off + i]
            v = np.full(st.step, np.nan)
            v[rows[:, 0]] = rows[:, 3] * m.lsb + m.v_rest[off + i]
            # sample k is v at time k * dt: the initial value (rest), then the end of each step
            series = np.concatenate([[m.v_rest[off + i]], v])
            values[:, c] = series[self._start_step:]
        if clear:
            self._start_step = st.step
        return values, None

    def _local_count(self, variable, filter_ids=None):
        rows = self._spike_rows()
        counts = np.bincount(rows[:, 1], minlength=self.population.size) if len(rows) else \
            np.zeros(self.population.size, dtype=int)
        return {int(i): int(counts[self.population.id_to_index(i)])
                for i in self.filter_recorded(variable, filter_ids)}

    def _clear_simulator(self):
        self._start_step = self._simulator.state.step

    def _reset(self):
        self._start_step = 0
