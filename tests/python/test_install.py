"""make install's tree (cmake --install BUILD --prefix P): the programs run
from it, the Python module imports from it, and the bash completion
completes commands and options from synfire's own --help."""
import os
import subprocess
import sys

CLI = os.environ["SYNFIRE_CLI"]
BUILD = os.path.dirname(os.path.dirname(CLI))


def test_install_with_a_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    r = subprocess.run(["cmake", "--install", BUILD, "--prefix", str(prefix)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    synfire = prefix / "bin" / "synfire"
    v = subprocess.run([synfire, "--version"], capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.startswith("synfire ") and "\nprotocol: " in v.stdout
    # synfire board finds synfire-board next to itself.
    b = subprocess.run([synfire, "board", "--", "--help"], capture_output=True, text=True, timeout=60)
    assert b.returncode == 0, b.stderr
    env = dict(os.environ, PYTHONPATH=str(prefix / "lib" / "python3" / "dist-packages"))
    p = subprocess.run([sys.executable, "-c", "import synfire; print(synfire.__file__)"], env=env,
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0 and str(prefix) in p.stdout, p.stderr

    completion = prefix / "share" / "bash-completion" / "completions" / "synfire"
    script = f"""
source {completion}
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMPREPLY=(); _synfire; echo "${{COMPREPLY[*]}}"; }}
t synfire ru
t synfire run --ste
t synfire plot ''
t synfire run --port mod
"""
    c = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                       env=dict(os.environ, PATH=f"{prefix / 'bin'}:{os.environ['PATH']}"))
    assert c.returncode == 0, c.stderr
    assert c.stdout.splitlines() == ["run", "--steps", "raster traces weights hist", "model"]
