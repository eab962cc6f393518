"""synfire's progress lines (docs/cli.md, "Progress"): drawn on stderr when it
is a terminal, never in a pipe, with --quiet or with --json."""
import os
import pty
import select
import shutil
import subprocess

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
