#!/usr/bin/python3
"""Brian2 comparison for `make bench` (docs/model.md, "Counters and benchmark").

Builds in Brian2 the network that bench_model measures -- N current-based LIF
neurons, all-to-all recurrent synapses, M = N / 10 Poisson input axons at
20 Hz, every synapse plastic with pair-based trace STDP and clipped weights,
firing at about 20 Hz -- and runs it on one core, in C++ standalone mode
(what a user who wants speed from Brian2 picks) and, more briefly, in runtime
mode. Prints one JSON line per measurement on stdout, with the metrics of
bench_model:

  synaptic_events_per_s  deliveries: (presynaptic spike, postsynaptic neuron)
                         pairs, N per spike of a neuron or an input;
  plastic_updates_per_s  STDP updates: one per delivery (on_pre) plus one per
                         (presynaptic source, spiking neuron) pair (on_post);
  firing_rate            spikes per neuron per second of model time;
  realtime_factor        model seconds per CPU second.

The counts come from spike counts (every synapse exists and is plastic, so
each spike touches N or N + M synapses), the time from Brian2 itself: in
standalone mode the process CPU time of the simulation loop that the
generated main() measures (std::clock, compilation and setup excluded), in
runtime mode the smaller of the process CPU time of run() and the wall time
of its loop (code generation and compilation are done by a warm-up run); the
field "timed" names the one used. Diagnostics go to stderr.

Parameters are derived from bench_model's integers with the mappings of
docs/model.md, "From physical parameters to integers", read backwards.
"""
import argparse
import json
import math
import os
import signal
import subprocess
import sys
import time
import warnings

# bench_model's network (bench/model/bench_model.cpp, bench_network()): keep
# these in step with it.
DECAY_U = 742          # tau_u = 5 ms
DECAY_V = 200          # tau_v = 20 ms
THRESHOLD = 10000      # lsb
BIAS = 530             # lsb per step
V_RESET = 0            # lsb
REFRACTORY_STEPS = 2   # steps held after a spike
WEIGHT_EXP = 2         # recurrent and input: one weight step = 4 lsb
W_INIT = 8             # initial weights uniform integers in [-8, 8]
A_PLUS = A_MINUS = 4
STDP_SHIFT = 12
TRACE_INC = 64
DECAY_TRACE = 200      # tau = 20 ms for both traces
W_MIN, W_MAX = -16, 16
INPUT_RATE_HZ = 20.0
WARMUP_STEPS = 200

# Any lsb gives the same dynamics; 2 uV puts the threshold at 20 mV.
LSB_MV = 0.002
SEED = 7
# Limit on one child process (compilation plus run) so that a hung compiler
# or a runaway simulation cannot block `make bench`.
CHILD_TIMEOUT_S = 600


def tau_steps(decay):
    """Time constant, in steps, that a decay represents (tau_from_decay)."""
    return -1.0 / math.log(1.0 - decay / 4096.0)


def build_network(n, m):
    """Creates the Brian2 objects of the benchmark network on the current device.

    Returns (Network, neuron spike monitor, input spike monitor)."""
    import brian2 as b2

    dt = 1 * b2.ms
    tau_m = tau_steps(DECAY_V) * dt
    tau_s = tau_steps(DECAY_U) * dt
    tau_trace = tau_steps(DECAY_TRACE) * dt
    p_v = DECAY_V / 4096.0
    lsb = LSB_MV * b2.mV
    # The model's u is p_v * I in potential units (docs/model.md, "Converting
    # a NIR CubaLIF ... or a Brian2 CUBA model"): a weight step of 2^exp lsb
    # in u is a jump of 2^exp lsb / p_v in I; the bias is p_v * v_leak.
    w_step = 2**WEIGHT_EXP * lsb / p_v
    v_leak = BIAS * lsb / p_v
    # docs/model.md, "STDP": amplitudes in weight steps; Brian2's depression
    # sees the post trace one dt older than synfire's.
    d_apre = A_PLUS * TRACE_INC / 2.0**STDP_SHIFT
    d_apost = -A_MINUS * TRACE_INC / 2.0**STDP_SHIFT / math.exp(-dt / tau_trace)
    ns = {
        'tau_m': tau_m, 'tau_s': tau_s, 'tau_trace': tau_trace, 'v_leak': v_leak,
        'theta': THRESHOLD * lsb, 'v_reset': V_RESET * lsb, 'lsb': lsb,
        'w_step': w_step, 'd_apre': d_apre, 'd_apost': d_apost,
        'w_min': W_MIN, 'w_max': W_MAX, 'w_init': W_INIT,
    }

    b2.defaultclock.dt = dt
    b2.seed(SEED)
    neurons = b2.NeuronGroup(
        n,
        '''dv/dt = (v_leak - v + I) / tau_m : volt (unless refractory)
           dI/dt = -I / tau_s : volt''',
        threshold='v >= theta', reset='v = v_reset',
        # Brian2 holds a neuron for refractory / dt - 1 steps after its
        # spike step; synfire for `refractory` steps.
        refractory=(REFRACTORY_STEPS + 1) * dt,
        method='exact', namespace=ns, name='neurons')
    # Desynchronised like bench_model: v uniform in [0, 9999] lsb.
    neurons.v = 'v_reset + floor(rand() * theta / lsb) * lsb'
    inputs = b2.PoissonGroup(m, rates=INPUT_RATE_HZ * b2.Hz, name='inputs')

    # Brian2's classic pair-based STDP with event-driven traces, weights in
    # weight steps clipped to [w_min, w_max]; every synapse plastic.
    stdp_model = '''w : 1
                    dapre/dt = -apre / tau_trace : 1 (event-driven)
                    dapost/dt = -apost / tau_trace : 1 (event-driven)'''
    on_pre = '''I_post += w * w_step
                apre += d_apre
                w = clip(w + apost, w_min, w_max)'''
    on_post = '''apost += d_apost
                 w = clip(w + apre, w_min, w_max)'''
    synapses = []
    for source, name in ((neurons, 'recurrent'), (inputs, 'input')):
        s = b2.Synapses(source, neurons, model=stdp_model, on_pre=on_pre, on_post=on_post,
                        namespace=ns, name=name)
        s.connect()  # all to all, self-synapses included
        s.w = 'floor(rand() * (2 * w_init + 1)) - w_init'
        synapses.append(s)

    # record=False keeps only the spike counts, which is all that is needed.
    mon_neurons = b2.SpikeMonitor(neurons, record=False, name='mon_neurons')
    mon_inputs = b2.SpikeMonitor(inputs, record=False, name='mon_inputs')
    net = b2.Network(neurons, inputs, *synapses, mon_neurons, mon_inputs)
    return net, mon_neurons, mon_inputs


def measure(n, mode, steps, build_dir):
    """Runs one configuration in this process; returns a dict of results."""
    import brian2 as b2

    m = n // 10
    warmup = WARMUP_STEPS * b2.ms
    duration = steps * b2.ms
    compile_s = None
    if mode == 'cpp_standalone':
        directory = os.path.join(build_dir, 'standalone_n%d' % n)
        b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, no OpenMP
        # The machine is shared: compile with two jobs, not make's unlimited -j.
        b2.prefs.devices.cpp_standalone.extra_make_args_unix = ['-j2']
        net, mon_n, mon_i = build_network(n, m)
        # The monitors count only the measured run, not the warm-up.
        mon_n.active = mon_i.active = False
        net.run(warmup)
        mon_n.active = mon_i.active = True
        net.run(duration)
        t0 = time.monotonic()
        b2.device.build(directory=directory, compile=True, run=True, debug=False,
                        clean=False)
        total_s = time.monotonic() - t0
        # std::clock of the generated main: process CPU time of the second
        # run's loop alone (Brian2 writes it to results/last_run_info.txt).
        cpu_s = float(b2.device._last_run_time)
        wall_s = None
        timed = 'cpu_s'
        compile_s = total_s  # compilation, setup and both runs
    else:
        b2.prefs.codegen.target = mode
        if mode == 'cython':
            b2.prefs.codegen.runtime.cython.cache_dir = os.path.join(build_dir, 'cython_cache')
        net, mon_n, mon_i = build_network(n, m)
        mon_n.active = mon_i.active = False
        net.run(warmup)  # generates and compiles the code objects
        mon_n.active = mon_i.active = True
        c0 = time.process_time()
        net.run(duration)
        # Two upper bounds of the loop's CPU time, the rates use the smaller:
        # the process CPU of run(), which also prepares the (cached) code
        # objects again, and Brian2's own wall time of the loop alone, which
        # counts other jobs on a shared machine.
        cpu_s = time.process_time() - c0
        wall_s = float(b2.device._last_run_time)
        timed = 'cpu_s' if cpu_s <= wall_s else 'wall_s'
    spikes_n = int(mon_n.num_spikes)
    spikes_i = int(mon_i.num_spikes)
    deliveries = (spikes_n + spikes_i) * n
    updates = deliveries + spikes_n * (n + m)
    return {
        'neurons': n, 'inputs': m, 'steps': steps, 'cpu_s': cpu_s, 'wall_s': wall_s,
        'compile_s': compile_s, 'timed': timed, 'spikes': spikes_n, 'input_spikes': spikes_i,
        'deliveries': deliveries, 'updates': updates,
        'rate_hz': spikes_n / (n * steps * 1e-3), 'brian_version': b2.__version__,
    }


def json_lines(mode, r):
    """The JSON lines of one measurement, in bench_model's format plus the mode."""
    common = {
        'neurons': r['neurons'], 'inputs': r['inputs'], 'learning': True,
        'steps': r['steps'], 'dt_ms': 1, 'cpu_s': round(r['cpu_s'], 4),
        'mode': mode, 'threads': 1, 'brian2_version': r['brian_version'],
        'timed': r['timed'],
    }
    if r['wall_s'] is not None:
        common['wall_s'] = round(r['wall_s'], 4)
    if r['compile_s'] is not None:
        common['build_and_run_s'] = round(r['compile_s'], 2)
    secs = r[r['timed']]
    rows = [
        ('synaptic_events_per_s', r['deliveries'] / secs, '1/s'),
        ('plastic_updates_per_s', r['updates'] / secs, '1/s'),
        ('firing_rate', r['rate_hz'], 'Hz'),
        ('realtime_factor', r['steps'] * 1e-3 / secs, 'x'),
    ]
    out = []
    for metric, value, unit in rows:
        line = {'bench': 'brian2', 'metric': metric, 'value': float('%.6g' % value),
                'unit': unit}
        line.update(common)
        out.append(json.dumps(line))
    return out


def child(args):
    """--child: one configuration in this process (Brian2 keeps global device
    state, so every configuration gets a fresh interpreter)."""
    warnings.filterwarnings('ignore')  # numpy/pythran deprecation noise
    r = measure(args.neurons, args.mode, args.steps, args.build_dir)
    for line in json_lines(args.mode, r):
        print(line, flush=True)
    return 0


def run_child(n, mode, steps, build_dir):
    """Runs one configuration in a child interpreter; returns its JSON lines
    (empty on failure, with the reason on stderr)."""
    cmd = [sys.executable, os.path.abspath(__file__), '--child', '--neurons', str(n),
           '--mode', mode, '--steps', str(steps), '--build-dir', build_dir]
    # A session of its own, so that a timeout also ends the compiler or the
    # standalone binary that the child started.
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        stdout, stderr = p.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        print('brian_stdp: N=%d %s exceeded %d s, abandoned' % (n, mode, CHILD_TIMEOUT_S),
              file=sys.stderr)
        return []
    lines = [ln for ln in stdout.splitlines() if ln.startswith('{')]
    if p.returncode != 0 or not lines:
        tail = '\n'.join(stderr.strip().splitlines()[-15:])
        print('brian_stdp: N=%d %s failed (exit %d):\n%s' % (n, mode, p.returncode, tail),
              file=sys.stderr)
        return []
    print('brian_stdp: N=%d %s: %.1f s (code generation, compilation, run)'
          % (n, mode, time.monotonic() - t0), file=sys.stderr)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', default='build/brian2',
                    help='directory for the standalone projects and caches (default build/brian2)')
    ap.add_argument('--steps', type=int, default=4000,
                    help='measured steps of 1 ms in standalone mode at N = 1000, scaled by '
                         '(1000 / N)^2 for other N (default 4000)')
    ap.add_argument('--runtime-steps', type=int, default=1000,
                    help='the same in runtime mode, 0 to skip it (default 1000)')
    ap.add_argument('--runtime-target', default='cython', choices=['cython', 'numpy'],
                    help='code generation target of runtime mode (default cython)')
    ap.add_argument('--neurons', type=int, nargs='+', default=[1000, 256])
    ap.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--mode', default='cpp_standalone', help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.steps < 1 or args.runtime_steps < 0:
        ap.error('--steps must be positive and --runtime-steps non-negative')
    if any(n < 10 or n > 4096 for n in args.neurons):
        ap.error('--neurons must be in [10, 4096] (M = N / 10 inputs)')
    args.build_dir = os.path.abspath(args.build_dir)
    os.makedirs(args.build_dir, exist_ok=True)
    if args.child:
        args.neurons = args.neurons[0]
        return child(args)

    status = 0
    for n in args.neurons:
        # Brian2's cost grows as N^2 like ours: scale the model time so that
        # small networks are not lost in timer noise (bench_model repeats its
        # blocks until 0.5 s of CPU for the same reason).
        scale = max(1, round((1000 / n) ** 2))
        lines = run_child(n, 'cpp_standalone', args.steps * scale, args.build_dir)
        runtime_steps = args.runtime_steps
        if not lines:
            # Standalone did not build or run here: measure runtime mode
            # instead (the JSON names the mode), so the comparison still exists.
            print('brian_stdp: N=%d: falling back to runtime mode' % n, file=sys.stderr)
            runtime_steps = runtime_steps or args.steps
        if runtime_steps > 0:
            targets = [args.runtime_target] + (['numpy'] if args.runtime_target == 'cython' else [])
            for target in targets:
                more = run_child(n, target, runtime_steps * scale, args.build_dir)
                lines += more
                if more:
                    break
        if not lines:
            status = 1
        for line in lines:
            print(line, flush=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
