"""examples/pattern/train.py: the pattern demo trained from Python gives the
trained network of the command line's pipeline (tools/demo) bit for bit, and
finds the pattern (seed 1: 6 of 8 neurons become detectors, as
examples/pattern/README.md says)."""
import json
import os
import subprocess
import sys

import synfire

CLI = os.environ["SYNFIRE_CLI"]
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "pattern")


def test_python_training_equals_the_cli(tmp_path):
    out = tmp_path / "py"
    r = subprocess.run([sys.executable, os.path.join(EXAMPLE, "train.py"), "--out", str(out), "--seed", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "6 of them became pattern detectors" in r.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert sum(n["detector"] for n in summary["neurons"]) == 6
    for png in ("raster_after.png", "weights.png"):
        assert (out / png).stat().st_size > 10000

    r = subprocess.run([CLI, "run", "--port", "model", "--quiet", "--network", out / "network.json", "--learn", "on",
                        "--input", out / "inputs.csv", "--steps", "12000", "--spikes", tmp_path / "train.aer",
                        "--weights-out", tmp_path / "trained.json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert synfire.Network.load(tmp_path / "trained.json") == synfire.Network.load(out / "trained.json")
    assert (tmp_path / "train.aer").read_bytes() == (out / "train_spikes.aer").read_bytes()
