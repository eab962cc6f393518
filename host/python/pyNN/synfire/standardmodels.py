"""The standard cell and synapse types pyNN.synfire supports, and the ones it refuses.

Parameters are kept in PyNN's own names and units (the translations are the
identity, as in pyNN.mock); mapping.py converts them to synfire's integers with
synfire.units when the network is loaded. Types synfire cannot represent exist
here only to raise MappingError with the reason when they are instantiated.
"""
from pyNN.standardmodels import build_translations, cells, electrodes, synapses

from .mapping import MappingError
from .simulator import state

__all__ = [
    # supported
    "IF_curr_exp", "IF_curr_delta", "SpikeSourceArray", "SpikeSourcePoisson", "StaticSynapse", "STDPMechanism",
    "AdditiveWeightDependence", "SpikePairRule",
    # refused with MappingError when created
    "IF_cond_exp", "IF_cond_alpha", "IF_cond_exp_gsfa_grr", "EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista",
    "HH_cond_exp", "IF_curr_alpha", "Izhikevich", "SpikeSourceGamma", "TsodyksMarkramSynapse",
    "MultiplicativeWeightDependence", "AdditivePotentiationMultiplicativeDepression", "GutigWeightDependence",
    "DCSource", "ACSource", "StepCurrentSource", "NoisyCurrentSource",
]


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


class IF_curr_exp(cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = _identity("v_rest", "v_reset", "cm", "tau_m", "tau_refrac", "tau_syn_E", "tau_syn_I",
                             "v_thresh", "i_offset")
    # synfire probes v (and u, but one u stands for both synaptic currents)
    recordable = ["spikes", "v"]


class IF_curr_delta(cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__
    translations = _identity("v_rest", "v_reset", "cm", "tau_m", "tau_refrac", "v_thresh", "i_offset")
    recordable = ["spikes", "v"]


class SpikeSourceArray(cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity("spike_times")


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    translations = _identity("rate", "start", "duration")


def _min_delay():
    d = state.min_delay
    return state.dt if d == "auto" else d


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = _identity("weight", "delay")

    def _get_minimum_delay(self):
        return _min_delay()


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = _identity("weight", "delay", "dendritic_delay_fraction")

    def __init__(self, timing_dependence=None, weight_dependence=None, voltage_dependence=None,
                 dendritic_delay_fraction=1.0, weight=0.0, delay=None):
        if dendritic_delay_fraction != 0:
            # as pyNN.brian2: the delay is axonal, so the plasticity sees the presynaptic
            # spike when it is delivered
            raise MappingError("pyNN.synfire: STDPMechanism needs dendritic_delay_fraction=0 (all of the delay "
                               "is axonal: synfire's STDP sees a presynaptic spike when it is delivered), "
                               f"got {dendritic_delay_fraction}")
        if voltage_dependence is not None:
            raise MappingError("pyNN.synfire: STDPMechanism has no voltage dependence on synfire")
        if timing_dependence is not None and not isinstance(timing_dependence, SpikePairRule):
            raise MappingError(f"pyNN.synfire: STDP timing dependence {type(timing_dependence).__name__} is not "
                               "supported; synfire has pair-based STDP (SpikePairRule)")
        if weight_dependence is not None and not isinstance(weight_dependence, AdditiveWeightDependence):
            raise MappingError(f"pyNN.synfire: STDP weight dependence {type(weight_dependence).__name__} is not "
                               "supported; synfire has additive STDP only (AdditiveWeightDependence)")
        if timing_dependence is None or weight_dependence is None:
            raise MappingError("pyNN.synfire: STDPMechanism needs a SpikePairRule and an AdditiveWeightDependence")
        super().__init__(timing_dependence, weight_dependence, voltage_dependence, dendritic_delay_fraction,
                         weight, delay)

    def _get_minimum_delay(self):
        return _min_delay()


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity("w_max", "w_min")


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity("tau_plus", "tau_minus", "A_plus", "A_minus")


def _unsupported(base, reason):
    """A PyNN standard type that synfire cannot represent: instantiating it raises MappingError."""

    def __init__(self, *args, **kwargs):
        raise MappingError(f"pyNN.synfire: {base.__name__} is not supported: {reason}")

    return type(base.__name__, (base,), {"__init__": __init__, "__doc__": base.__doc__})


_COND = ("synfire's neuron is current-based (use IF_curr_exp); "
         "conductances depend on v, which the integer core does not model")
IF_cond_exp = _unsupported(cells.IF_cond_exp, _COND)
IF_cond_alpha = _unsupported(cells.IF_cond_alpha, _COND)
IF_cond_exp_gsfa_grr = _unsupported(cells.IF_cond_exp_gsfa_grr, _COND)
EIF_cond_exp_isfa_ista = _unsupported(cells.EIF_cond_exp_isfa_ista, _COND)
EIF_cond_alpha_isfa_ista = _unsupported(cells.EIF_cond_alpha_isfa_ista, _COND)
HH_cond_exp = _unsupported(cells.HH_cond_exp, _COND)
IF_curr_alpha = _unsupported(cells.IF_curr_alpha, "synfire's synaptic current decays exponentially "
                             "(one state variable u); an alpha-shaped current needs two (use IF_curr_exp)")
Izhikevich = _unsupported(cells.Izhikevich, "synfire's neuron is a leaky integrate-and-fire neuron")
SpikeSourceGamma = _unsupported(cells.SpikeSourceGamma, "only SpikeSourceArray and SpikeSourcePoisson "
                                "are generated on the host")
TsodyksMarkramSynapse = _unsupported(synapses.TsodyksMarkramSynapse,
                                     "synfire has no short-term plasticity (StaticSynapse or STDPMechanism)")
MultiplicativeWeightDependence = _unsupported(
    synapses.MultiplicativeWeightDependence,
    "synfire has additive STDP only (AdditiveWeightDependence); soft-bound STDP is not in the core yet")
AdditivePotentiationMultiplicativeDepression = _unsupported(
    synapses.AdditivePotentiationMultiplicativeDepression, "synfire has additive STDP only (AdditiveWeightDependence)")
GutigWeightDependence = _unsupported(synapses.GutigWeightDependence,
                                     "synfire has additive STDP only (AdditiveWeightDependence)")
_CURRENT = ("synfire's neurons take input only through synapses; use i_offset for a constant current "
            "or a spike source")
DCSource = _unsupported(electrodes.DCSource, _CURRENT)
ACSource = _unsupported(electrodes.ACSource, _CURRENT)
StepCurrentSource = _unsupported(electrodes.StepCurrentSource, _CURRENT)
NoisyCurrentSource = _unsupported(electrodes.NoisyCurrentSource, _CURRENT)
