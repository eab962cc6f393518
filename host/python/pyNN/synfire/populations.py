"""Population, PopulationView and Assembly for pyNN.synfire (parameters kept in PyNN units, as pyNN.mock)."""
import numpy as np
from pyNN import common, errors
from pyNN.parameters import ParameterSpace, simplify
from pyNN.standardmodels import StandardCellType

from . import simulator
from .mapping import MappingError
from .recording import Recorder


class Assembly(common.Assembly):
    _simulator = simulator


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        parameter_dict = {}
        for name in names:
            value = self.parent._parameters[name]
            if isinstance(value, np.ndarray):
                value = value[self.mask]
            parameter_dict[name] = simplify(value)
        return ParameterSpace(parameter_dict, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        simulator.state.check_not_running(f"setting parameters of {self.label or 'a PopulationView'}")
        for name, value in parameter_space.items():
            try:
                self.parent._parameters[name][self.mask] = value.evaluate(simplify=True)
            except ValueError:
                raise errors.InvalidParameterValueError(f"{name} should not be of type {type(value)}")

    def _set_initial_value_array(self, variable, initial_values):
        simulator.state.check_not_running(f"initialize() of {self.label or 'a PopulationView'}")

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def _create_cells(self):
        simulator.state.check_not_running("creating a Population")
        from . import standardmodels as sm

        if isinstance(self.celltype, (sm.IF_curr_exp, sm.IF_curr_delta)):
            self._synfire_kind = "neuron"
        elif isinstance(self.celltype, (sm.SpikeSourceArray, sm.SpikeSourcePoisson)):
            self._synfire_kind = "source"
        else:
            raise MappingError(f"pyNN.synfire: cell type {type(self.celltype).__name__} is not supported "
                               "(IF_curr_exp, IF_curr_delta, SpikeSourceArray, SpikeSourcePoisson)")
        id_range = np.arange(simulator.state.id_counter, simulator.state.id_counter + self.size)
        self.all_cells = np.array([simulator.ID(i) for i in id_range], dtype=simulator.ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        if isinstance(self.celltype, StandardCellType):
            parameter_space = self.celltype.native_parameters
        else:
            parameter_space = self.celltype.parameter_space
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(mask=self._mask_local, simplify=False)
        self._parameters = parameter_space.as_dict()
        for i in self.all_cells:
            i.parent = self
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def _set_initial_value_array(self, variable, initial_values):
        simulator.state.check_not_running(f"initialize() of {self.label or 'a Population'}")

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _get_parameters(self, *names):
        return ParameterSpace({name: simplify(self._parameters[name]) for name in names}, shape=(self.local_size,))

    def _set_parameters(self, parameter_space):
        simulator.state.check_not_running(f"setting parameters of {self.label or 'a Population'}")
        parameter_space.evaluate(simplify=False, mask=self._mask_local)
        for name, value in parameter_space.items():
            self._parameters[name] = value
