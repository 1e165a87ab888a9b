"""The public surface of hypster_ui."""

import hypster_ui
from hypster_ui import _magics


def test_all_is_public_surface():
    public = {name for name in dir(hypster_ui) if not name.startswith("_")}

    assert sorted(hypster_ui.__all__) == ["ConfigForm", "ExportBox", "interact"]
    assert public == set(hypster_ui.__all__)


def test_extension_hook_is_callable():
    assert callable(_magics.load_ipython_extension)
