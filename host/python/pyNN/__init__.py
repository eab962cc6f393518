"""Build-tree shim that makes `pyNN.synfire` importable next to the system's PyNN.

PyNN is a regular package (Debian's python3-pynn, /usr/lib/python3/dist-packages/pyNN),
so a second `pyNN` directory on the path would hide it. This file is that second
directory's __init__: it extends __path__ with every other `pyNN` directory on
sys.path (pkgutil.extend_path, the classic way to split a package over several
directories) and then runs the real PyNN's __init__.py in this module, so that
`pyNN.brian2`, `pyNN.common`, ... come from the system package and `pyNN.synfire`
from here. Nothing of the system installation is modified, and no .pth or
sitecustomize is involved: it only takes PYTHONPATH=BUILD/python.
"""
import os as _os
from pkgutil import extend_path as _extend_path

__path__ = _extend_path(__path__, __name__)  # noqa: F821  (set by the import system)


def _run_real_init():
    here = _os.path.dirname(_os.path.abspath(__file__))
    for d in __path__:
        init = _os.path.join(d, "__init__.py")
        if _os.path.abspath(d) != here and _os.path.isfile(init):
            with open(init, encoding="utf-8") as f:
                code = compile(f.read(), init, "exec")
            exec(code, globals())
            return init
    raise ImportError("pyNN.synfire needs PyNN itself (Debian: apt-get install python3-pynn, "
                      "or tools/install-deps --pynn); only synfire's shim was found in " + here)


_real_init = _run_real_init()
del _run_real_init
