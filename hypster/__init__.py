"""hypster: configuration spaces written as plain Python functions.

The engine is pure Python and imports nothing from Jupyter; `%load_ext hypster`
loads the notebook layer (`hypster_ui`) lazily.
"""

from ._config import Config, config
from ._errors import (
    ConfigSyntaxError,
    HypsterError,
    LoadError,
    ParameterError,
    SaveError,
    SourceError,
    UnknownParameterError,
)
from ._files import load, save
from ._hp import HP
from ._run import Exploration, ParameterRecord

__all__ = [
    "HP",
    "Config",
    "ConfigSyntaxError",
    "Exploration",
    "HypsterError",
    "LoadError",
    "ParameterError",
    "ParameterRecord",
    "SaveError",
    "SourceError",
    "UnknownParameterError",
    "config",
    "load",
    "save",
]


def load_ipython_extension(ipython) -> None:
    """Register the `%%hypster` and `%hypster` magics (`%load_ext hypster`)."""
    try:
        from hypster_ui._magics import load_ipython_extension as load_magics
    except ImportError as error:
        raise ImportError(
            "%load_ext hypster needs the notebook layer and its widgets; install "
            "them with: pip install 'hypster-ui[notebook]'"
        ) from error
    load_magics(ipython)
