"""One input widget per parameter kind, updated in place from the engine's records.

A control is created for a parameter record and kept while the parameter's call
site is reached. `update(record)` changes only the traits whose values differ, so a
run that leaves a parameter as it was sends nothing to the browser. Every change made
here happens while the form ignores edits, so it never triggers a run.
"""

from __future__ import annotations

import numbers
import operator
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

# The record fields that decide what a control shows, besides the options.
_SHOWN_FIELDS = operator.attrgetter("source", "key", "value", "min", "max")


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
    #: Whether the widget class has a `disabled` trait to lock it with.
    can_disable = True

    def __init__(self, record: Any, on_edit: Callable[[Control], None]) -> None:
        self.path: str = record.path
        self.site: tuple = record.site
        self.kind: str = record.kind
        self.group: str = record.group
        self.label = local_label(record.path, record.group)
        self.locked = record.source == "override"
        self.has_error = False
        self.pending = False
        # Set by every change of the observed trait, so a person's edit that the
        # form has not reconciled yet always gets a full update.
        self.edited = False
        self._shown: tuple = ()
        self._shown_types: tuple = ()
        self._shown_options: tuple | None = None
        self._shown_option_types: tuple = ()
        self.view: widgets.Widget | None = None
        # The widget is created with the record's state, so that building a form
        # sends no update after each widget's opening message.
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

    def refresh(self, record: Any) -> bool:
        """Show `record` and return True, or return False if it needs a new control.

        A record that matches the last one shown, compared with types, returns at
        once without touching the widget: that keeps a run over a large form cheap.
        Otherwise only the widget traits whose values differ are set.
        """
        shown = _SHOWN_FIELDS(record)
        if not self.edited and self._shows(record, shown):
            return True
        if not self.fits(record):
            return False
        self.update(record, shown)
        return True

    def update(self, record: Any, shown: tuple | None = None) -> None:
        """Show `record`, setting only the widget traits whose values differ."""
        locked = record.source == "override"
        if locked != self.locked:
            self._set_locked(locked)
        self._show(record)
        self.edited = False
        self._shown = _SHOWN_FIELDS(record) if shown is None else shown
        self._shown_types = (type(record.key), type(record.value))
        options = record.options
        self._shown_options = options
        self._shown_option_types = () if options is None else tuple(map(type, options))

    def _shows(self, record: Any, shown: tuple) -> bool:
        """Return whether the widget shows `record` already."""
        try:
            if shown != self._shown:
                return False
        except Exception:  # noqa: BLE001 - values whose == raises (arrays) differ
            return False
        # Equal is not enough: 1, 1.0 and True are equal but different values.
        key_type, value_type = self._shown_types
        value = record.value
        if type(record.key) is not key_type or type(value) is not value_type:
            return False
        if value_type is list and not same_value(value, self._shown[2]):
            return False
        options = record.options
        if options is None:
            return self._shown_options is None
        return (
            options == self._shown_options
            and tuple(map(type, options)) == self._shown_option_types
        )

    def close(self) -> None:
        """Close the widgets of this control; it is not shown again."""
        widgets_to_close = {self.view, self.widget, self.widget.layout}
        style = getattr(self.widget, "style", None)
        if style is not None:
            widgets_to_close.add(style)
        for widget in widgets_to_close:
            widget.close()

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
        with self.widget.hold_trait_notifications():
            for name, value in self._label_state().items():
                setattr(self.widget, name, value)
        self._toggle_class(LOCKED_CLASS, locked)

    def _label_state(self) -> dict:
        locked = self.locked
        return {
            "description": (LOCK_MARK + self.label) if locked else self.label,
            "tooltip": (
                f"{self.path} (set by an override, locked)" if locked else self.path
            ),
            **({"disabled": locked} if self.can_disable else {}),
        }

    def _common(self) -> dict:
        """Return the constructor arguments that every kind of field shares."""
        return {
            **self._label_state(),
            "style": _DESCRIPTION_STYLE,
            "_dom_classes": (LOCKED_CLASS,) if self.locked else (),
        }

    def _toggle_class(self, name: str, on: bool) -> None:
        if on:
            self.widget.add_class(name)
        else:
            self.widget.remove_class(name)

    def _notify(self, change: dict) -> None:
        self.edited = True
        self._on_edit(self)


class SelectControl(Control):
    """A dropdown whose option values are positions, so `1` and `True` never merge.

    Only `index` is observed: a browser edit changes `index`, `value` and `label`
    together, and observing more than one would run the config more than once.
    """

    trait = "index"

    def _build(self, record: Any) -> widgets.Widget:
        pairs = self._take_options(record.options)
        self.shows_values = _needs_value_label(record)
        widget = widgets.Dropdown(
            options=pairs, index=self._position(record.key), **self._common()
        )
        if self.shows_values:
            self.value_label = widgets.Label(_value_text(record))
            self.view = widgets.HBox([widget, self.value_label])
        return widget

    def fits(self, record: Any) -> bool:
        """Return whether the kind and the dict-or-list form of the options match."""
        return record.kind == self.kind and (
            _needs_value_label(record) == self.shows_values
        )

    def read(self) -> Any:
        """Return the chosen option key, or None while nothing is chosen."""
        index = self.widget.index
        return None if index is None else self.keys[index]

    def _show(self, record: Any) -> None:
        widget = self.widget
        if not same_sequence(record.options, self.keys):
            # Assigning options resets the index, so it is set again below.
            widget.options = self._take_options(record.options)
        position = self._position(record.key)
        if widget.index != position:
            widget.index = position
        if self.shows_values:
            text = _value_text(record)
            if self.value_label.value != text:
                self.value_label.value = text

    def _take_options(self, keys: Sequence[Any] | None) -> tuple:
        """Store the option keys and return the (label, position) pairs to show."""
        self.keys = tuple(keys or ())
        self._positions = {(type(key), key): i for i, key in enumerate(self.keys)}
        labels = option_labels(self.keys)
        return tuple(zip(labels, range(len(labels)), strict=True))

    def _position(self, key: Any) -> int | None:
        if key is None:
            return None
        return self._positions.get((type(key), key))


class MultiSelectControl(SelectControl):
    """A multi-select list; its value keeps the options' order."""

    def _build(self, record: Any) -> widgets.Widget:
        pairs = self._take_options(record.options)
        self.shows_values = False
        return widgets.SelectMultiple(
            options=pairs,
            index=self._positions_of(record.key),
            rows=max(2, min(len(pairs), 8)),
            **self._common(),
        )

    def fits(self, record: Any) -> bool:
        """Return whether the record is a multi-select."""
        return record.kind == self.kind

    def read(self) -> list:
        """Return the chosen option keys, in the options' order."""
        return [self.keys[i] for i in sorted(self.widget.index)]

    def _show(self, record: Any) -> None:
        if not same_sequence(record.options, self.keys):
            self.widget.options = self._take_options(record.options)
        positions = self._positions_of(record.key)
        if tuple(self.widget.index) != positions:
            self.widget.index = positions

    def _positions_of(self, keys: Sequence[Any] | None) -> tuple:
        found = (self._position(key) for key in (keys or ()))
        return tuple(sorted(i for i in found if i is not None))


class NumberControl(Control):
    """A number or integer field, bounded only when both `min` and `max` exist.

    `BoundedFloatText` and `BoundedIntText` default to `max=100` and clamp silently,
    so a parameter with one bound or none gets a plain field and the engine checks
    the bound it has.
    """

    def _build(self, record: Any) -> widgets.Widget:
        self.widget_class = number_widget_class(record)
        kwargs = self._common()
        value = self._field_value(record)
        if _is_bounded(record):
            kwargs.update(min=record.min, max=record.max)
            if value is None:
                value = record.min
        if value is not None:
            kwargs["value"] = value
        return self.widget_class(**kwargs)

    def fits(self, record: Any) -> bool:
        """Return whether the record still needs the same field class."""
        return record.kind == self.kind and (
            number_widget_class(record) is self.widget_class
        )

    def _field_value(self, record: Any) -> int | float | None:
        # TODO: nan and inf are sent to the browser as invalid JSON, so
        # jupyter_client warns in the cell's output and the field shows no number.
        value = record.value
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            # NOTE: a failing record may carry no usable number; the field then
            # keeps what it showed.
            return None
        return float(value) if self.kind == "number" else int(value)

    def _show(self, record: Any) -> None:
        value = self._field_value(record)
        if value is None:
            return
        widget = self.widget
        if _is_bounded(record) and (
            widget.min != record.min or widget.max != record.max
        ):
            # Set the bounds and the value together: the bounded field clamps
            # its value against the bounds it holds when each trait changes.
            with widget.hold_trait_notifications():
                widget.min = record.min
                widget.max = record.max
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
        value = record.value if isinstance(record.value, str) else ""
        return cls(value=value, continuous_update=False, **self._common())

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
        value = record.value if isinstance(record.value, bool) else False
        return widgets.Checkbox(value=value, indent=False, **self._common())

    def _show(self, record: Any) -> None:
        value = record.value
        if isinstance(value, bool) and self.widget.value is not value:
            self.widget.value = value


class ListControl(Control):
    """A list input (tags) for the `multi_*` kinds. Removing every item gives `[]`.

    ipywidgets' tags inputs have no `disabled` trait, so a locked list shows only
    the lock mark. The engine rejects an edit to it, and the form shows the error.
    """

    can_disable = False

    def _build(self, record: Any) -> widgets.Widget:
        kwargs = self._common()
        items = self._items(record)
        if items is not None:
            kwargs["value"] = items
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

    def _items(self, record: Any) -> list | None:
        value = record.value
        if not isinstance(value, list):
            return None
        if self.kind == "multi_bool":
            return ["True" if item else "False" for item in value]
        if self.kind == "multi_text" and "" in value:
            # TODO: a tags input cannot hold an empty string, so a multi_text value
            # with one is shown without it, and an edit of the field drops it.
            return [item for item in value if item]
        return list(value)

    def _show(self, record: Any) -> None:
        items = self._items(record)
        if items is None:
            return
        current = self.widget.value
        if current != items or not _same_item_types(current, items):
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


def _value_text(record: Any) -> str:
    if record.key is None:
        if record.source == "override" and record.kind == "select":
            return "= " + short_repr(record.value) + " (override, not an option)"
        return ""
    return "= " + short_repr(record.value)


def _needs_value_label(record: Any) -> bool:
    """Tell whether a dropdown needs a label for its value beside it.

    Dict options show the chosen value there, and a select locked to an override
    that is not an option shows that override, since the dropdown cannot.
    """
    outside = record.kind == "select" and record.key is None
    return _has_distinct_values(record) or (outside and record.source == "override")


def _is_multiline(record: Any) -> bool:
    return isinstance(record.default, str) and "\n" in record.default


def _has_distinct_values(record: Any) -> bool:
    return not same_sequence(record.options, record.option_values)


def _same_item_types(a: Sequence[Any], b: Sequence[Any]) -> bool:
    return all(type(x) is type(y) for x, y in zip(a, b, strict=False))
