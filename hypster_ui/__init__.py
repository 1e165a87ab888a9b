"""hypster_ui: the notebook form and IPython magics for hypster configs.

`interact(config)` shows a config as a form of widgets; `%load_ext hypster` adds the
`%%hypster` and `%hypster` magics.
"""

from ._export import ExportBox
from ._form import ConfigForm, interact

__all__ = ["ConfigForm", "ExportBox", "interact"]
