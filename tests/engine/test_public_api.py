"""The public surface of `hypster`, and an import that needs no Jupyter."""

import subprocess
import sys
import types
from pathlib import Path

import hypster

MAIN = Path(__file__).resolve().parents[2]

PUBLIC = {
    "HP",
    "config",
    "save",
    "load",
    "Config",
    "Exploration",
    "ParameterRecord",
    "HypsterError",
    "ParameterError",
    "UnknownParameterError",
    "ConfigSyntaxError",
    "SourceError",
    "SaveError",
    "LoadError",
}

# IPython looks this hook up by name for `%load_ext hypster`; it may be listed.
EXTENSION_HOOK = "load_ipython_extension"


def test_all_is_exactly_the_public_surface():
    assert len(hypster.__all__) == len(set(hypster.__all__))
    assert set(hypster.__all__) - {EXTENSION_HOOK} == PUBLIC


def test_all_names_exist():
    for name in hypster.__all__:
        assert hasattr(hypster, name), name


def test_no_public_name_outside_all():
    public = {
        name
        for name, value in vars(hypster).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    assert public - {EXTENSION_HOOK} <= set(hypster.__all__)


def test_extension_hook_present():
    assert callable(getattr(hypster, EXTENSION_HOOK))


def test_import_loads_no_jupyter_module():
    code = (
        "import sys\n"
        "import hypster\n"
        "roots = {'ipywidgets', 'IPython', 'traitlets', 'anywidget', 'hypster_ui',\n"
        "         'ipykernel', 'jupyter_client', 'numpy'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in roots))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=MAIN,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
