"""Every command and snippet of README.md, docs/ and examples/*/README.md
runs as written (README.md, "Documentation", states these rules):

* Every code block is fenced and says what it is; an indented code block
  fails the test. ```sh blocks are shell commands, ```python blocks Python
  code, ```pycon blocks a Python session; ```text (output, synopses,
  formulas, diagrams), ```json and ```csv blocks are shown, not run.
* The sh blocks of a document run in order in one bash (set -e, so the
  first failing command fails the test), in a scratch copy of the tree:
  examples/ copied, build/ a link to the build tree, every other top-level
  directory a link. They start where DOCS below says, as the document's
  text says (the top of the tree unless it says otherwise).
* A pycon block's `>>>`/`...` lines are fed to the interpreter that the
  line before it starts. Python blocks with no sh block between them are
  one program, run by python3 with PYTHONPATH=build/python from the
  document's starting directory.
* A shown block with a file name after the language (```json example.json,
  ```csv spikes.csv) is saved under that name, in the document's starting
  directory, before its commands run; the text before it names the file.
* A block that cannot run here says so in its first line, visibly:
  `# not run by the docs test: <reason>`. SKIPS below lists them; a new one
  fails the test until it is listed there (keep them few and honest).
* Blocks in SLOW (minutes: Brian2) run only in the slow tier
  (python:docs-slow, test_the_slow_blocks_run_as_written); the rest of the
  document runs in both.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("SYNFIRE_CLI", "")
BUILD = os.path.dirname(os.path.dirname(CLI))
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)
SKIP = re.compile(r"^# not run by the docs test: (\S.*)$")

# document: (starting directory, directory put first on PATH), both relative
# to the top of the tree, as the document's text says.
DOCS = {
    "README.md": (".", None),
    "docs/cli.md": ("examples/quickstart", "build/bin"),
    "docs/python.md": (".", None),
    "docs/nir.md": (".", "build/bin"),
    "docs/pynn.md": (".", None),
    "docs/network-format.md": (".", "build/bin"),
    "docs/file-formats.md": (".", "build/bin"),
    "docs/boards.md": (".", "build/bin"),
    "docs/model.md": (".", None),
    "docs/protocol.md": (".", None),
    "docs/rtl.md": (".", None),
    "examples/quickstart/README.md": ("examples/quickstart", "build/bin"),
    "examples/pattern/README.md": ("examples/pattern", None),
    "examples/digits/README.md": (".", None),
}
# The blocks that say they are not run, by a command they contain.
SKIPS = {
    "README.md": ["make demo"],                      # builds this tree; make test runs this test
    "docs/boards.md": ["make bitstream BOARD=icebreaker"],  # minutes; ctest's bitstream:icebreaker
    "docs/rtl.md": ["make test-slow BUILD=build-nl"],  # a second build of about 10 minutes
}
# Blocks that take minutes, by a command they contain: slow tier only.
SLOW = {
    "docs/pynn.md": ["examples/pynn/compare.py"],
    "examples/digits/README.md": ["--out out/digits --check sim"],  # minutes: the whole training
}
RUN_LANGS = {"sh", "python", "pycon"}
SHOWN_LANGS = {"text", "json", "csv"}


def read(doc):
    with open(os.path.join(ROOT, doc)) as f:
        return f.read()


def blocks(doc):
    """The (language, rest of the info string, text) of every fenced block."""
    out = []
    for info, text in FENCE.findall(read(doc)):
        lang, _, rest = info.strip().partition(" ")
        out.append((lang, rest.strip(), text))
    return out


def indented_code(doc, text=None):
    """The first lines of indented code blocks outside fences: a line
    indented by 4 or more after a blank line, not inside a list item."""
    found = []
    in_fence = False
    prev_blank = True
    in_list = False
    for n, line in enumerate((read(doc) if text is None else text).splitlines(), 1):
        if line.startswith("```"):
            in_fence = not in_fence
            prev_blank = False
            continue
        if in_fence:
            continue
        if not line.strip():
            prev_blank = True
            continue
        if re.match(r"^(\s*)([-*+]|\d+\.)\s", line):
            in_list = True
        elif not line.startswith(" "):
            in_list = False
        if prev_blank and line.startswith("    ") and not in_list:
            found.append(f"{doc}:{n}: {line.strip()}")
        prev_blank = False
    return found


def classify(doc):
    """(run, skipped, slow): the runnable blocks as (language, info, text)
    tuples, the skip reasons, and which runnable blocks are slow."""
    run, skipped, slow = [], [], []
    for lang, rest, text in blocks(doc):
        if lang not in RUN_LANGS:
            continue
        first = text.splitlines()[0] if text.strip() else ""
        m = SKIP.match(first)
        if m:
            skipped.append((text, m.group(1)))
            continue
        is_slow = any(s in text for s in SLOW.get(doc, []))
        run.append((lang, rest, text))
        slow.append(is_slow)
    return run, skipped, slow


def script(doc, with_slow=False):
    """One bash script of the document's runnable blocks (above)."""
    start, _ = DOCS[doc]
    run, _, slow = classify(doc)
    out = []
    python = []

    def end_python():
        if python:
            out.append("PYTHONPATH=" + os.path.relpath("build/python", start) +
                       " python3 - <<'SYNFIRE_PY'\n" + "\n".join(python) + "\nSYNFIRE_PY")
            python.clear()

    for (lang, _, text), is_slow in zip(run, slow):
        if is_slow and not with_slow:
            continue
        if lang == "sh":
            end_python()
            out.append(text.rstrip("\n"))
        elif lang == "python":
            python.append(text.rstrip("\n"))
        elif lang == "pycon":
            end_python()
            code = "\n".join(line[4:] for line in text.splitlines() if line.startswith((">>> ", "... ")))
            assert out, f"{doc}: a pycon block needs the sh block that starts python before it"
            out[-1] += " <<'SYNFIRE_PYCON'\n" + code + "\nSYNFIRE_PYCON"
    end_python()
    return "set -e\n" + "\n".join(out) + "\n"


def files(doc):
    """The shown blocks to save first: {name: text}."""
    return {rest: text for lang, rest, text in blocks(doc) if lang in SHOWN_LANGS and rest}


def make_tree(tmp_path):
    """A scratch tree: examples/ copied, build/ linked, the rest linked."""
    for name in os.listdir(ROOT):
        if name in ("examples", "build", ".git") or name.startswith("build-") or name == "out":
            continue
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    shutil.copytree(os.path.join(ROOT, "examples"), tmp_path / "examples")
    os.symlink(BUILD, tmp_path / "build")
    return tmp_path


def run_doc(doc, tree, with_slow=False, timeout=300):
    start, path = DOCS[doc]
    cwd = tree / start
    for name, text in files(doc).items():
        (cwd / name).write_text(text)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the documents set it themselves
    if path:
        env["PATH"] = str(tree / path) + os.pathsep + env["PATH"]
    # Debian's python3, which the module is built for, first on PATH.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    text = script(doc, with_slow)
    r = subprocess.run(["bash", "-c", text], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"the commands of {doc} failed:\n{text}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert "synfire: error" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    return r


def test_every_document_is_covered():
    docs = {"README.md"} | {f"docs/{f}" for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md")}
    docs |= {f"examples/{d}/README.md" for d in os.listdir(os.path.join(ROOT, "examples"))
             if os.path.exists(os.path.join(ROOT, "examples", d, "README.md"))}
    assert docs == set(DOCS), f"list every document in DOCS: {docs ^ set(DOCS)}"


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_block_says_what_it_is(doc):
    assert indented_code(doc) == [], "fence these code blocks with a language (```sh, ```text, ...)"
    for lang, _, text in blocks(doc):
        assert lang in RUN_LANGS | SHOWN_LANGS, f"{doc}: a ```{lang} block (known: {RUN_LANGS | SHOWN_LANGS}):\n{text}"
    _, skipped, _ = classify(doc)
    listed = SKIPS.get(doc, [])
    assert len(skipped) == len(listed), f"{doc}: skipped blocks {skipped}, listed {listed}"
    for (text, reason), what in zip(skipped, listed):
        assert what in text and len(reason) > 10, (doc, text, reason)
    for what in SLOW.get(doc, []):
        assert any(what in text for _, _, text in classify(doc)[0]), (doc, what)


def test_an_indented_code_block_is_found_and_a_list_continuation_is_not():
    text = "Run:\n\n    synfire info --port model\n\n- an item\n\n    more of the item\n\nEnd.\n"
    assert indented_code("x.md", text) == ["x.md:3: synfire info --port model"]


def test_the_extraction_finds_the_documented_commands():
    readme = script("README.md")
    assert "synfire run --port model --network net.json" in readme
    assert "board.run(10000" in readme and "SYNFIRE_PYCON" in readme
    cli = script("docs/cli.md")
    for cmd in ("info", "run", "load", "weights", "convert", "plot raster", "plot traces", "plot weights",
                "plot hist", "bench", "nir export", "nir import"):
        assert f"\nsynfire {cmd} " in cli, cmd
    assert "board.load(net, progress=" in script("docs/python.md")
    assert "import pyNN.synfire as sim" in script("docs/pynn.md")
    assert "compare.py" not in script("docs/pynn.md") and "compare.py" in script("docs/pynn.md", with_slow=True)
    assert "example.json" in files("docs/network-format.md")
    assert "synfire nir export example.json" in script("docs/network-format.md")


@pytest.fixture
def tree(tmp_path):
    return make_tree(tmp_path)


def test_readme_runs_as_written(tree):
    run_doc("README.md", tree)
    q = tree / "examples" / "quickstart"
    for f in ("out.aer", "trained.json", "raster.png", "weights.png"):
        assert (q / f).stat().st_size > 0, f


def test_cli_md_runs_as_written(tree):
    run_doc("docs/cli.md", tree)
    q = tree / "examples" / "quickstart"
    for f in ("out.csv", "out.aer", "trained.json", "probes.csv", "w.json", "raster.png", "traces.svg",
              "weights.png", "hist.png", "net.nir", "back.json"):
        assert (q / f).stat().st_size > 0, f


def keys(obj, prefix=""):
    """The key paths of a JSON object, nested ones as "link.retries"."""
    out = set()
    for k, v in obj.items():
        out.add(prefix + k)
        if isinstance(v, dict):
            out |= keys(v, prefix + k + ".")
    return out


def test_the_documented_json_output_has_the_keys_synfire_prints(tree):
    q = tree / "examples" / "quickstart"
    shown = [json.loads(text) for lang, _, text in blocks("docs/cli.md") if lang == "json"]
    assert [list(d)[0] for d in shown] == ["command", "bench"]
    run = subprocess.run([CLI, "run", "--port", "model", "--network", "net.json", "--steps", "100", "--input", "in.csv",
                          "--spikes", "out.aer", "--weights-out", "trained.json", "--json"],
                         cwd=q, capture_output=True, text=True, check=True)
    assert keys(json.loads(run.stdout)) == keys(shown[0])
    bench = subprocess.run([CLI, "bench", "--port", "model", "--steps", "100"], cwd=q, capture_output=True, text=True,
                           check=True)
    for line in bench.stdout.splitlines():
        assert keys(json.loads(line)) == keys(shown[1]), line


@pytest.mark.parametrize("doc", sorted(set(DOCS) - {"README.md", "docs/cli.md"}))
def test_the_other_documents_run_as_written(doc, tree):
    if classify(doc)[0]:
        run_doc(doc, tree)
    if doc == "docs/network-format.md":  # "it gives 21 output spikes"
        assert len((tree / "example.csv").read_text().splitlines()) == 1 + 21
        assert (tree / "example.nir").stat().st_size > 0


@pytest.mark.parametrize("doc", sorted(SLOW))
def test_the_slow_blocks_run_as_written(doc, tree):
    run_doc(doc, tree, with_slow=True, timeout=1800)
