"""Plotting helpers for synfire results with matplotlib (imported on use).

    from synfire import plot
    plot.raster(run.spikes, inputs=in_rows, path="raster.png")
    plot.weights(before.w_in, after.w_in, path="weights.png")
    plot.trace(run.probes, neuron=0, field="v", path="v.png")

Each function draws into a new figure, saves it when `path` is given, and
returns the figure.
"""
import numpy as np

from . import probe_trace


def _figure(**kw):
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        try:
            import IPython  # noqa: F401  (a notebook keeps its own backend)
        except ImportError:
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(**kw)


def _done(fig, path):
    if path is not None:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    return fig


def raster(spikes, inputs=None, path=None, title="spikes"):
    """Output spikes (and input spikes, if given) as a raster over steps."""
    rows = 2 if inputs is not None else 1
    fig, axes = _figure(nrows=rows, sharex=True, figsize=(9, 2.5 * rows), squeeze=False)
    spikes = np.asarray(spikes)
    ax = axes[0][0]
    if spikes.size:
        ax.plot(spikes[:, 0], spikes[:, 1], "|", markersize=4, color="C0")
    ax.set_ylabel("neuron")
    ax.set_title(title)
    if inputs is not None:
        inputs = np.asarray(inputs)
        ax = axes[1][0]
        if inputs.size:
            ax.plot(inputs[:, 0], inputs[:, 1], "|", markersize=2, color="0.4")
        ax.set_ylabel("input axon")
    axes[-1][0].set_xlabel("step")
    return _done(fig, path)


def weights(before, after=None, path=None, title="weights"):
    """A weight matrix (rows: presynaptic), or before and after side by side."""
    mats = [np.asarray(before)] + ([np.asarray(after)] if after is not None else [])
    fig, axes = _figure(ncols=len(mats), figsize=(4 * len(mats), 4), squeeze=False)
    lim = max(1, max(int(np.abs(m).max()) if m.size else 0 for m in mats))
    for ax, m, name in zip(axes[0], mats, ["before", "after"]):
        im = ax.imshow(m, aspect="auto", interpolation="nearest", cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(f"{title} {name}" if after is not None else title)
        ax.set_xlabel("postsynaptic neuron")
        ax.set_ylabel("presynaptic")
    fig.colorbar(im, ax=axes[0].tolist())
    return _done(fig, path)


def trace(probes, neuron, field="v", path=None):
    """One probed state variable of one neuron over steps."""
    steps, values = probe_trace(probes, neuron, field)
    fig, axes = _figure(figsize=(9, 3))
    ax = axes
    ax.plot(steps, values, lw=1)
    ax.set_xlabel("step")
    ax.set_ylabel(f"{field} (lsb)")
    ax.set_title(f"neuron {neuron}")
    return _done(fig, path)
