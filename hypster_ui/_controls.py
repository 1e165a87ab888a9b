"""One input widget per parameter kind, updated in place from the engine's records.

A control is created for a parameter record and kept while the parameter's call
site is reached. `update(record)` changes only the traits whose values differ, so a
run that leaves a parameter as it was sends nothing to the browser. Every change made
here happens while the form ignores edits, so it never triggers a run.
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from ._values import same_sequence, same_value, short_repr

LOCK_MARK = "\N{LOCK} "
ERROR_CLASS = "hypster-error"
PENDING_CLASS = "hypster-pending"
LOCKED_CLASS = "hypster-locked"

_DESCRIPTION_STYLE = {"description_width": "initial"}


def local_label(path: str, group: str) -> str:
    """Return a parameter's path inside its group: `temperature` in `llm_config`."""
    if group and path.startswith(group + "."):
        return path[len(group) + 1 :]
    return path


def option_labels(keys: Sequence[Any]) -> list[str]:
    """Return dropdown labels for option keys, distinct even when keys print alike.

    Keys print as `str(key)`; keys whose text collides (`1` and `"1"`) print as
    `repr(key)`, and any collision left gets the key's position appended.
    """
    labels = [str(key) for key in keys]
    counts = Counter(labels)
    if len(counts) == len(labels):
        return labels
    labels = [
        repr(key) if counts[label] > 1 else label
        for key, label in zip(keys, labels, strict=True)
    ]
    if len(set(labels)) < len(labels):
        labels = [f"{label} (#{i + 1})" for i, label in enumerate(labels)]
    return labels


class Control:
    """The input widget of one parameter, with the row it is shown in."""

    #: Name of the widget trait that a person's edit changes.
    trait = "value"

    def __init__(self, record: Any, on_edit: Callable[[Control], None]) -> None:
        self.path: str = record.path
        self.site: tuple = record.site
        self.kind: str = record.kind
        self.group: str = record.group
        self.label = local_label(record.path, record.group)
        self.locked = False
        self.has_error = False
        self.pending = False
        self.view: widgets.Widget | None = None
        self.widget = self._build(record)
        if self.view is None:
            self.view = self.widget
        self.update(record)
        self._on_edit = on_edit
        self.widget.observe(self._notify, names=self.trait)

    def _build(self, record: Any) -> widgets.Widget:
        raise NotImplementedError

    def _show(self, record: Any) -> None:
        raise NotImplementedError

    def fits(self, record: Any) -> bool:
        """Return whether this control can show `record` without a new widget."""
        return record.kind == self.kind

    def read(self) -> Any:
        """Return the value a person chose, as `explore` takes it in `preferred`."""
        return self.widget.value

    def update(self, record: Any) -> None:
        """Show `record`, setting only the widget traits whose values differ."""
        locked = record.source == "override"
        if locked != self.locked:
            self._set_locked(locked)
        self._show(record)

    def set_error(self, has_error: bool) -> None:
        """Mark the control as holding a value the engine rejected, or unmark it."""
        if has_error != self.has_error:
            self.has_error = has_error
            self._toggle_class(ERROR_CLASS, has_error)

    def set_pending(self, pending: bool) -> None:
        """Mark the control as edited but not applied yet, or unmark it."""
        if pending != self.pending:
            self.pending = pending
            self._toggle_class(PENDING_CLASS, pending)

    def _set_locked(self, locked: bool) -> None:
        self.locked = locked
        widget = self.widget
        with widget.hold_trait_notifications():
            widget.disabled = locked
            widget.description = (LOCK_MARK + self.label) if locked else self.label
            widget.tooltip = (
                f"{self.path} (set by an override, locked)" if locked else self.path
            )
        self._toggle_class(LOCKED_CLASS, locked)

    def _toggle_class(self, name: str, on: bool) -> None:
        if on:
            self.widget.add_class(name)
        else:
            self.widget.remove_class(name)

    def _notify(self, change: dict) -> None:
        self._on_edit(self)

    def _common(self) -> dict:
        return {
            "description": self.label,
            "tooltip": self.path,
            "style": _DESCRIPTION_STYLE,
        }


class SelectControl(Control):
    """A dropdown whose option values are positions, so `1` and `True` never merge.

    Only `index` is observed: a browser edit changes `index`, `value` and `label`
    together, and observing more than one would run the config more than once.
    """

    trait = "index"

    def _build(self, record: Any) -> widgets.Widget:
        self.keys: tuple = ()
        self._positions: dict = {}
        self.shows_values = _has_distinct_values(record)
        widget = widgets.Dropdown(options=(), **self._common())
        if self.shows_values:
            self.value_label = widgets.Label()
            self.view = widgets.HBox([widget, self.value_label])
        return widget

    def fits(self, record: Any) -> bool:
        """Return whether the kind and the dict-or-list form of the options match."""
        return record.kind == self.kind and (
            _has_distinct_values(record) == self.shows_values
        )

    def read(self) -> Any:
        """Return the chosen option key, or None while nothing is chosen."""
        index = self.widget.index
        return None if index is None else self.keys[index]

    def _show(self, record: Any) -> None:
        widget = self.widget
        if not same_sequence(record.options, self.keys):
            self._set_options(record.options)
        position = self._position(record.key)
        if widget.index != position:
            widget.index = position
        if self.shows_values:
            text = "" if record.key is None else "= " + short_repr(record.value)
            if self.value_label.value != text:
                self.value_label.value = text

    def _set_options(self, keys: Sequence[Any]) -> None:
        self.keys = tuple(keys)
        self._positions = {(type(key), key): i for i, key in enumerate(self.keys)}
        labels = option_labels(self.keys)
        self.widget.options = tuple(zip(labels, range(len(labels)), strict=True))

    def _position(self, key: Any) -> int | None:
        if key is None:
            return None
        return self._positions.get((type(key), key))


class MultiSelectControl(SelectControl):
    """A multi-select list; its value keeps the options' order."""

    def _build(self, record: Any) -> widgets.Widget:
        self.keys = ()
        self._positions = {}
        self.shows_values = False
        rows = max(2, min(len(record.options or ()), 8))
        return widgets.SelectMultiple(options=(), rows=rows, **self._common())

    def fits(self, record: Any) -> bool:
        """Return whether the record is a multi-select."""
        return record.kind == self.kind

    def read(self) -> list:
        """Return the chosen option keys, in the options' order."""
        return [self.keys[i] for i in sorted(self.widget.index)]

    def _show(self, record: Any) -> None:
        if not same_sequence(record.options, self.keys):
            self._set_options(record.options)
        found = (self._position(key) for key in (record.key or ()))
        positions = tuple(sorted(i for i in found if i is not None))
        if tuple(self.widget.index) != positions:
            self.widget.index = positions


class NumberControl(Control):
    """A number or integer field, bounded only when both `min` and `max` exist.

    `BoundedFloatText` and `BoundedIntText` default to `max=100` and clamp silently,
    so a parameter with one bound or none gets a plain field and the engine checks
    the bound it has.
    """

    def _build(self, record: Any) -> widgets.Widget:
        self.widget_class = number_widget_class(record)
        kwargs = self._common()
        if _is_bounded(record):
            kwargs.update(min=record.min, max=record.max, value=_clip(record))
        return self.widget_class(**kwargs)

    def fits(self, record: Any) -> bool:
        """Return whether the record still needs the same field class."""
        return record.kind == self.kind and (
            number_widget_class(record) is self.widget_class
        )

    def _show(self, record: Any) -> None:
        value = record.value
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            # NOTE: a failing record may carry no usable number; the field keeps
            # what it showed.
            return
        value = float(value) if self.kind == "number" else int(value)
        widget = self.widget
        if _is_bounded(record):
            with widget.hold_trait_notifications():
                if not same_value(widget.min, _coerce(self.kind, record.min)):
                    widget.min = record.min
                if not same_value(widget.max, _coerce(self.kind, record.max)):
                    widget.max = record.max
                if widget.value != value:
                    widget.value = value
        elif widget.value != value:
            widget.value = value


class TextControl(Control):
    """A text field applied on commit (Enter or leaving the field).

    A default holding a newline gets a multi-line box.
    """

    def _build(self, record: Any) -> widgets.Widget:
        self.multiline = _is_multiline(record)
        cls = widgets.Textarea if self.multiline else widgets.Text
        return cls(continuous_update=False, **self._common())

    def fits(self, record: Any) -> bool:
        """Return whether the record still needs the same one- or multi-line box."""
        return record.kind == self.kind and _is_multiline(record) == self.multiline

    def _show(self, record: Any) -> None:
        value = record.value
        if isinstance(value, str) and self.widget.value != value:
            self.widget.value = value


class BoolControl(Control):
    """A checkbox."""

    def _build(self, record: Any) -> widgets.Widget:
        return widgets.Checkbox(indent=False, **self._common())

    def _show(self, record: Any) -> None:
        value = record.value
        if isinstance(value, bool) and self.widget.value is not value:
            self.widget.value = value


class ListControl(Control):
    """A list input (tags) for the `multi_*` kinds; removing every item gives `[]`."""

    def _build(self, record: Any) -> widgets.Widget:
        kwargs = self._common()
        if self.kind == "multi_number":
            return widgets.FloatsInput(format="", **kwargs)
        if self.kind == "multi_int":
            return widgets.IntsInput(**kwargs)
        if self.kind == "multi_bool":
            return widgets.TagsInput(allowed_tags=["True", "False"], **kwargs)
        return widgets.TagsInput(**kwargs)

    def read(self) -> list:
        """Return the items as parameter values: text, numbers or booleans."""
        items = list(self.widget.value)
        if self.kind == "multi_bool":
            return [item == "True" for item in items]
        return items

    def _show(self, record: Any) -> None:
        value = record.value
        if not isinstance(value, list):
            return
        if self.kind == "multi_bool":
            items = ["True" if item else "False" for item in value]
        elif self.kind == "multi_text":
            items = list(value)
            if "" in items:
                # TODO: a tags input cannot hold an empty string, so a multi_text
                # value with one is shown without it and the field is disabled.
                items = [item for item in items if item]
                self.widget.disabled = True
        else:
            items = list(value)
        if list(self.widget.value) != items or not _same_item_types(
            self.widget.value, items
        ):
            self.widget.value = items


_CONTROL_CLASSES: dict[str, type[Control]] = {
    "select": SelectControl,
    "multi_select": MultiSelectControl,
    "number": NumberControl,
    "int": NumberControl,
    "text": TextControl,
    "bool": BoolControl,
    "multi_number": ListControl,
    "multi_int": ListControl,
    "multi_text": ListControl,
    "multi_bool": ListControl,
}


def make_control(record: Any, on_edit: Callable[[Control], None]) -> Control:
    """Create the control for a parameter record; `on_edit` runs on a person's edit."""
    try:
        cls = _CONTROL_CLASSES[record.kind]
    except KeyError:
        raise ValueError(
            f"{record.path}: parameter kind {record.kind!r} has no control; "
            f"expected one of {sorted(_CONTROL_CLASSES)}"
        ) from None
    return cls(record, on_edit)


def number_widget_class(record: Any) -> type[widgets.Widget]:
    """Return the field class for a `number` or `int` record."""
    if record.kind == "int":
        return widgets.BoundedIntText if _is_bounded(record) else widgets.IntText
    return widgets.BoundedFloatText if _is_bounded(record) else widgets.FloatText


def _is_bounded(record: Any) -> bool:
    return record.min is not None and record.max is not None


def _coerce(kind: str, bound: Any) -> Any:
    return float(bound) if kind == "number" else int(bound)


def _clip(record: Any) -> Any:
    value = record.value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return record.min
    return min(max(value, record.min), record.max)


def _is_multiline(record: Any) -> bool:
    return isinstance(record.default, str) and "\n" in record.default


def _has_distinct_values(record: Any) -> bool:
    return not same_sequence(record.options, record.option_values)


def _same_item_types(a: Sequence[Any], b: Sequence[Any]) -> bool:
    return all(type(x) is type(y) for x, y in zip(a, b, strict=False))
