"""synfire's progress lines (docs/cli.md, "Progress"): drawn on stderr when it
is a terminal, never in a pipe, with --quiet or with --json; and the Python
module's progress callbacks (docs/python.md, "Progress")."""
import os
import pty
import select
import shutil
import subprocess

import pytest

import synfire

CLI = os.environ["SYNFIRE_CLI"]
QUICKSTART = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "quickstart")
RUN = ["run", "--port", "model", "--network", "net.json", "--input", "in.csv", "--steps", "3000000",
       "--weights-out", "trained.json"]


def on_terminal(args, cwd):
    """Runs synfire with stderr on a pseudo-terminal; returns (status, what it drew there)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([CLI, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            p.kill()
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    # The terminal turns each \n into \r\n (onlcr); only other \r are synfire's.
    return p.wait(timeout=60), out.decode(errors="replace").replace("\r\n", "\n")


def quickstart(tmp_path):
    for f in ("net.json", "in.csv"):
        shutil.copy(os.path.join(QUICKSTART, f), tmp_path / f)
    return tmp_path


def test_a_terminal_sees_the_upload_the_run_and_the_read_back(tmp_path):
    status, drawn = on_terminal(RUN, quickstart(tmp_path))
    assert status == 0, drawn
    assert "uploading net.json to model ..." in drawn
    assert "run [" in drawn and "%" in drawn  # the bar of a run that takes a while
    assert "reading the weights back from model ..." in drawn
    assert "\r\x1b[K" in drawn  # every line is erased again
    assert "loaded net.json (8 neurons, 4 inputs)" in drawn


def test_pipes_quiet_and_json_see_no_progress(tmp_path):
    cwd = quickstart(tmp_path)
    r = subprocess.run([CLI, *RUN], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "\r" not in r.stderr and "\x1b" not in r.stderr and "uploading" not in r.stderr
    assert "loaded net.json" in r.stderr  # what was loaded is still said
    for flag in ("--quiet", "--json"):
        status, drawn = on_terminal(RUN + [flag], cwd)
        assert status == 0, drawn
        assert "\r" not in drawn and "uploading" not in drawn and "run [" not in drawn, (flag, drawn)


def check_reports(seen, what):
    """Reports of one call: at least one, one total, done growing to it."""
    assert seen, f"{what}: no progress report"
    totals = {total for _, total in seen}
    assert len(totals) == 1, (what, seen)
    done = [d for d, _ in seen]
    assert all(a < b for a, b in zip(done, done[1:])), (what, seen)
    assert done[-1] == totals.pop() > 0, (what, seen)


@pytest.mark.parametrize("port", ["model", "sim"])
def test_python_uploads_runs_and_read_backs_report_progress(port):
    net = synfire.Network.load(os.path.join(QUICKSTART, "net.json"))
    rows = synfire.read_spikes(os.path.join(QUICKSTART, "in.csv"))
    board = synfire.open(port)
    reports = {}
    for what, call in (("load", lambda p: board.load(net, progress=p)),
                       ("run", lambda p: board.run(1500, inputs=rows, progress=p)),
                       ("read_network", lambda p: board.read_network(progress=p))):
        seen = []
        result = call(lambda done, total: seen.append((done, total)))
        check_reports(seen, what)
        reports[what] = seen
        if what == "read_network":
            assert result.neurons == net.neurons
    assert reports["run"][-1] == (1500, 1500)
    if port == "model":
        # The model takes a network at once: one report, its synapses.
        assert reports["load"] == [(8 * 12, 8 * 12)] and reports["read_network"] == [(8 * 12, 8 * 12)]
    else:
        # sim writes the whole core (N = M = 256) and reads back the network's weights.
        assert len(reports["load"]) > 10 and reports["load"][-1][1] > 256 * 512
        assert reports["read_network"][-1][1] == 8 * 12
        assert len(reports["run"]) > 10  # a report per request of up to 32 steps


def test_an_exception_in_an_upload_progress_callback_comes_out_of_the_call():
    board = synfire.open("sim")

    def stop(done, total):
        raise KeyError("stop the upload")

    net = synfire.Network.load(os.path.join(QUICKSTART, "net.json"))
    with pytest.raises(KeyError, match="stop the upload"):
        board.load(net, progress=stop)
    board = synfire.open("sim")  # a new session works
    board.load(net)
    assert board.read_network() == net


def test_a_progress_that_is_not_callable_is_named():
    board = synfire.open("model")
    net = synfire.Network(2, 1)
    for call in (lambda: board.load(net, progress=5), lambda: board.run(10, progress="x"),
                 lambda: board.read_network(progress=[])):
        with pytest.raises(TypeError, match=r"progress must be None or a callable f\(done, total\), not "):
            call()
    board.load(net, progress=None)
    assert board.run(10, progress=None).steps == 10


def test_a_terminal_sees_the_upload_and_the_read_back_of_sim_as_bars(tmp_path):
    status, drawn = on_terminal(["run", "--port", "sim", "--network", "net.json", "--input", "in.csv", "--steps", "200",
                                 "--weights-out", "trained.json"], quickstart(tmp_path))
    assert status == 0, drawn
    # The core's words as the board answers: 13 registers, RegRule, RegNorm and RegNormTarget
    # (sim256 has the optional features), 8 parameters of 256 neurons, 512 x 256 weights,
    # 512 delays, OpClear: 133649; the network's 96 weights back.
    assert "uploading net.json to sim [" in drawn and "100% 133649/133649" in drawn
    assert "reading the weights back from sim [" in drawn and "100% 96/96" in drawn
