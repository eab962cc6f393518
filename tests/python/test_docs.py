"""The commands and snippets of README.md and docs/cli.md run as written.

Every ```sh block of a document is run, in order, by one bash (set -e, so
the first failing command fails the test) in a scratch copy of the tree's
layout: examples/quickstart copied, build/ a link to the build tree. A
```pycon block is fed to the interpreter that the sh block before it
starts. README's blocks start at the top of the tree (they cd into
examples/quickstart); docs/cli.md's in examples/quickstart with build/bin
on PATH, as the text before them says.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ["SYNFIRE_CLI"]
BUILD = os.path.dirname(os.path.dirname(CLI))
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def blocks(doc):
    """The (language, text) of every fenced block of a markdown file."""
    with open(os.path.join(ROOT, doc)) as f:
        return FENCE.findall(f.read())


def script(doc):
    """One bash script of the document's sh blocks, pycon blocks as the
    standard input of the line before them (the interpreter it starts)."""
    out = []
    for lang, text in blocks(doc):
        if lang == "sh":
            out.append(text.rstrip("\n"))
        elif lang == "pycon":
            code = "\n".join(line[4:] for line in text.splitlines() if line.startswith((">>> ", "... ")))
            assert out, f"{doc}: a pycon block needs the sh block that starts python before it"
            out[-1] += " <<'SYNFIRE_PYCON'\n" + code + "\nSYNFIRE_PYCON"
    return "set -e\n" + "\n".join(out) + "\n"


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(os.path.join(ROOT, "examples", "quickstart"), tmp_path / "examples" / "quickstart")
    os.symlink(BUILD, tmp_path / "build")
    return tmp_path


def run(script_text, cwd, env_path=None):
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the documents set it themselves
    if env_path:
        env["PATH"] = env_path + os.pathsep + env["PATH"]
    # Debian's python3, which the module is built for, first on PATH.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    r = subprocess.run(["bash", "-c", script_text], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"the documented commands failed:\n{script_text}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert "synfire: error" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    return r


def test_the_extraction_finds_the_documented_commands():
    readme = script("README.md")
    assert "synfire run --port model --network net.json" in readme
    assert "board.run(10000" in readme and "SYNFIRE_PYCON" in readme
    cli = script("docs/cli.md")
    for cmd in ("info", "run", "load", "weights", "convert", "plot raster", "plot traces", "plot weights",
                "plot hist", "bench", "nir export", "nir import"):
        assert f"\nsynfire {cmd} " in cli, cmd


def test_readme_runs_as_written(tree):
    run(script("README.md"), tree)
    q = tree / "examples" / "quickstart"
    for f in ("out.aer", "trained.json", "raster.png", "weights.png"):
        assert (q / f).stat().st_size > 0, f


def test_cli_md_runs_as_written(tree):
    q = tree / "examples" / "quickstart"
    run(script("docs/cli.md"), q, env_path=str(tree / "build" / "bin"))
    for f in ("out.csv", "out.aer", "trained.json", "probes.csv", "w.json", "raster.png", "traces.svg",
              "weights.png", "hist.png", "net.nir", "back.json"):
        assert (q / f).stat().st_size > 0, f
