#!/usr/bin/env python3
"""Usage: compare.py BENCH_JSONL

Reads the JSON lines of `make bench` and prints, for every network size that
both bench_model (learning on) and brian_stdp.py measured, one JSON line with
the ratio of synfire's plastic updates per second to Brian2's on the same
network ("metric": "speedup_vs_brian2"). Brian2's C++ standalone result is
preferred, since it is its fastest single-core mode; otherwise the first mode
measured (the "brian2_mode" field says which). Exits 1 with a message on
stderr when there is nothing to compare.
"""
import json
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__.split('\n')[0], file=sys.stderr)
        return 2
    ours = {}
    brian = {}
    try:
        with open(sys.argv[1]) as f:
            rows = [json.loads(line) for line in f if line.lstrip().startswith('{')]
    except (OSError, ValueError) as e:
        print('compare.py: cannot read %s: %s' % (sys.argv[1], e), file=sys.stderr)
        return 2
    for r in rows:
        if r.get('metric') != 'plastic_updates_per_s':
            continue
        key = (r.get('neurons'), r.get('inputs'))
        if r.get('bench') == 'model' and r.get('learning') is True:
            ours.setdefault(key, r)
        elif r.get('bench') == 'brian2':
            if key not in brian or (r.get('mode') == 'cpp_standalone'
                                    and brian[key].get('mode') != 'cpp_standalone'):
                brian[key] = r
    keys = [k for k in ours if k in brian]
    if not keys:
        print('compare.py: no network measured by both bench_model and Brian2', file=sys.stderr)
        return 1
    for n, m in keys:
        a, b = ours[(n, m)], brian[(n, m)]
        print(json.dumps({
            'bench': 'comparison', 'metric': 'speedup_vs_brian2',
            'value': float('%.4g' % (a['value'] / b['value'])), 'unit': 'x',
            'neurons': n, 'inputs': m, 'compared': 'plastic_updates_per_s',
            'synfire': a['value'], 'brian2': b['value'], 'brian2_mode': b.get('mode'),
        }))
    return 0


if __name__ == '__main__':
    sys.exit(main())
