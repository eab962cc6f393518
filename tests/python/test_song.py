"""Song, Miller & Abbott (2000) in Brian2 and on synfire (docs/model.md "Checked
against Brian2"), the experiment of bench/brian/song.py: one neuron, 1000
Poisson inputs at 15 Hz, Song's additive rule, 100 s of model time, Brian2 at
its default dt = 0.1 ms and synfire at 0.1 ms too with the conversion of
docs/model.md (current_jump_mean, the largest weight at 127 steps, 24-bit
traces with trace_inc 16, stdp_from_rule(stdp_rule_from_brian2(...))). Same
input spikes and initial weights from each printed seed. The issue's
criteria: the mean output rate within 10 % of Brian2's, the mean fractions
of weights below 0.1 and above 0.9 of w_max within 0.03. Slow tier: Brian2
(python3-brian) simulates 3 x 100 s at 0.1 ms (about 30 s each here), synfire
3 x 10^6 steps (about 7 s each): 117 s in all; skipped when brian2 does not import.
"""
import os
import sys

import numpy as np
import pytest

pytest.importorskip("brian2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench", "brian"))
import song  # noqa: E402

SEEDS = [int(s) for s in os.environ.get("SYNFIRE_SONG_SEEDS", "1,2,3").split(",")]


def test_song_miller_abbott_matches_brian2():
    brian, ours = [], []
    for seed in SEEDS:
        b, o = song.run_brian2(seed), song.run_synfire(seed)
        brian.append(b)
        ours.append(o)
        for name, r in (("brian2", b), ("synfire", o)):
            print(song.line(f"Song seed {seed} {name}", r))
    mean = lambda runs, k: float(np.mean([r[k] for r in runs]))  # noqa: E731
    for k in ("rate", "low", "high"):
        print(f"Song mean {k}: brian2 {mean(brian, k):.3f}, synfire {mean(ours, k):.3f}")
    # The weight histograms (10 bins of 0.1 w_max, fractions): both bimodal,
    # and bin by bin within 0.03 on average over the seeds.
    hist = lambda runs: np.mean([np.asarray(r["hist"]) / song.N for r in runs], axis=0)  # noqa: E731
    hb, ho = hist(brian), hist(ours)
    print(f"Song mean histogram: brian2 {np.round(hb, 3).tolist()}, synfire {np.round(ho, 3).tolist()}")
    for r in brian + ours:
        assert r["low"] > 0.1 and r["high"] > 0.1 and r["hist"][0] > r["hist"][4] and r["hist"][9] > r["hist"][5]
    assert np.max(np.abs(ho - hb)) < 0.03
    assert abs(mean(ours, "low") - mean(brian, "low")) < 0.03
    assert abs(mean(ours, "high") - mean(brian, "high")) < 0.03
    assert abs(mean(ours, "rate") / mean(brian, "rate") - 1) < 0.10
