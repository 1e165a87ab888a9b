"""The snapshot as Python source, and the widget that copies it to the clipboard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ._values import is_literal, same_value, value_source

_SELECT_KINDS = ("select", "multi_select")


def snapshot_source(snapshot: Mapping[str, Any], records: Sequence[Any]) -> str:
    """Write a snapshot as `snapshot = {...}` source that reproduces it as overrides.

    `records` are the parameter records of the run. A value with no Python literal
    form is written as its option key, which an override resolves back to the
    value. Where no key can stand in for it (not a select, or the key equals another
    option's value, which an override would pick first), the entry is written as a
    comment saying why.
    """
    return SnapshotWriter().write(snapshot, records)


class SnapshotWriter:
    """Export source writer that reuses the line of each entry whose value is unchanged.

    A form writes the export after every run. Most values are the same objects as in
    the run before, so their lines are kept instead of written again.
    """

    def __init__(self) -> None:
        self._lines: dict[str, tuple[Any, str]] = {}

    def write(self, snapshot: Mapping[str, Any], records: Sequence[Any]) -> str:
        """Return the export source of `snapshot`; see `snapshot_source`."""
        if not snapshot:
            return "snapshot = {}\n"
        cached = self._lines
        fresh: dict[str, tuple[Any, str]] = {}
        by_path = None
        lines = ["snapshot = {"]
        for path, value in snapshot.items():
            entry = cached.get(path)
            if entry is None or entry[0] is not value:
                if by_path is None:
                    by_path = {record.path: record for record in records}
                entry = (value, _entry_line(path, value, by_path.get(path)))
            fresh[path] = entry
            lines.append(entry[1])
        lines.append("}")
        self._lines = fresh
        return "\n".join(lines) + "\n"


def _entry_line(path: str, value: Any, record: Any) -> str:
    source, problem = _value_source(value, record)
    if source is None:
        return f"    # {path!r}: {problem}"
    return f"    {path!r}: {source},"


def _value_source(value: Any, record: Any) -> tuple[str | None, str]:
    """Write `value` as source; a select's non-literal value is written as its key."""
    if is_literal(value):
        return repr(value), ""
    source, problem = _option_source(value, record)
    if source is None:
        # A float that is not finite has no literal but has source, such as
        # `float('inf')`, alone or inside a container.
        fallback = value_source(value)
        if fallback is not None:
            return fallback, ""
    return source, problem


def _option_source(value: Any, record: Any) -> tuple[str | None, str]:
    kind = getattr(record, "kind", None)
    if kind == "select":
        return _key_source(value, record.key, record)
    if kind == "multi_select" and isinstance(value, list):
        keys = record.key if isinstance(record.key, list) else []
        if len(keys) != len(value):
            return None, _no_literal(value)
        items = []
        for item, key in zip(value, keys, strict=True):
            if is_literal(item):
                items.append(repr(item))
                continue
            source, problem = _key_source(item, key, record)
            if source is None:
                return None, problem
            items.append(source)
        return "[" + ", ".join(items) + "]", ""
    return None, _no_literal(value)


def _key_source(value: Any, key: Any, record: Any) -> tuple[str | None, str]:
    """Write the option key that stands for `value`, if an override maps it back."""
    options = record.options or ()
    option_values = record.option_values or ()
    position = next(
        (i for i, option in enumerate(options) if same_value(option, key)), None
    )
    if position is None or option_values[position] is not value:
        # An override used as is, not one of the options: no key stands for it.
        return None, _no_literal(value)
    for i, other in enumerate(option_values):
        if i != position and same_value(other, key):
            return None, (
                f"option key {key!r} stands for a {type(value).__name__} value, but "
                f"an override {key!r} would pick the option whose value is "
                f"{key!r}; set this entry by hand"
            )
    return repr(key), ""


def _no_literal(value: Any) -> str:
    return (
        f"a {type(value).__name__} value has no Python literal form; "
        "set this entry by hand"
    )


def static_file(name: str) -> Path:
    """Return the path of a browser-side file.

    The wheel ships `js/` as the data folder `hypster_ui/_static`; a source checkout
    used without installing has the file in `js/` beside `hypster_ui/`. The folder is
    read directly rather than imported, so `hypster_ui` gains no public attribute.
    """
    package_folder = Path(__file__).resolve().parent
    candidates = [
        package_folder / "_static" / name,
        package_folder.parent / "js" / name,
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"hypster_ui: browser file {name!r} not found in {candidates}; "
        "reinstall hypster-ui"
    )


class ExportBox(anywidget.AnyWidget):
    """A button that copies `text` to the clipboard and shows it in a copyable box.

    The text is synced ahead of the click because browsers allow clipboard writes
    only inside the click handler.
    """

    _esm = static_file("export.js").read_text(encoding="utf-8")
    _css = static_file("export.css").read_text(encoding="utf-8")

    #: The export source: `snapshot = {...}`.
    text = traitlets.Unicode("").tag(sync=True)
    #: The button's label.
    label = traitlets.Unicode("Export").tag(sync=True)

    def __repr__(self) -> str:
        return f"ExportBox(label={self.label!r})"
