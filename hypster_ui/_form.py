"""The config form: runs `explore`, reconciles its controls, keeps the results."""

from __future__ import annotations

import contextlib
import html
import logging
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from operator import is_
from typing import Any

import ipywidgets as widgets
import traitlets

from hypster import Config, HypsterError

from ._controls import Control, make_control
from ._export import ExportBox, SnapshotWriter
from ._memory import Memory
from ._render import form_html, form_text
from ._values import same_value

logger = logging.getLogger(__name__)

_SELECT_KINDS = ("select", "multi_select")
_NOT_REACHED = "not reached"


class ConfigForm(widgets.VBox):
    """A form with one control per parameter that the current choices reach.

    Each edit made in the browser runs the config once through `explore`, passing
    the values chosen so far as preferred values. The run's parameter records are
    then reconciled with the controls: a control whose call site is still reached
    keeps its widget and sends nothing unless its options, bounds or value changed.
    """

    #: Results of the last successful run. Kept in the kernel only.
    results = traitlets.Any(None, allow_none=True).tag(sync=False)
    #: Snapshot of the last successful run. Kept in the kernel only.
    snapshot = traitlets.Any(None, allow_none=True).tag(sync=False)
    #: The error message shown in the form, or None.
    error = traitlets.Unicode(None, allow_none=True).tag(sync=False)

    def __init__(
        self,
        config: Config,
        *,
        selections: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
        final_vars: Sequence[str] | None = None,
        auto_apply: bool = True,
        **kwargs: Any,
    ) -> None:
        _check_arguments(config, selections, overrides, final_vars)
        self._config = config
        self._name = config.name
        self._overrides = dict(overrides) if overrides is not None else None
        self._final_vars = list(final_vars) if final_vars is not None else None
        self._first_selections = dict(selections or {})
        self.auto_apply = bool(auto_apply)
        self._memory = Memory(self._first_selections)
        self._controls: dict[tuple, Control] = {}
        self._parked: dict[tuple, Control] = {}
        self._groups: dict[str, _Group] = {}
        self._records: list = []
        # The records that the controls show, in their order; None while unknown.
        self._shown_records: list | None = None
        self._pending: dict[tuple, tuple[Control, Any]] = {}
        self._marked: set[Control] = set()
        self._notes: list[str] = []
        self._quiet = False
        self._echo_execution_count: int | None = None
        self._source_file = getattr(config.func.__code__, "co_filename", None)

        self._root = widgets.VBox()
        self._message = widgets.HTML()
        self._reset_button = widgets.Button(
            description="Reset",
            tooltip="Return every unlocked control to the form's first state",
            layout={"width": "auto"},
        )
        self._reset_button.on_click(self._on_reset)
        buttons = [self._reset_button]
        self._apply_button = None
        if not self.auto_apply:
            self._apply_button = widgets.Button(
                description="Apply",
                tooltip="Run the config once with the pending edits",
                disabled=True,
                layout={"width": "auto"},
            )
            self._apply_button.on_click(self._on_apply)
            buttons.append(self._apply_button)
        self._export_box = ExportBox()
        self._writer = SnapshotWriter()
        buttons.append(self._export_box)
        title = widgets.HTML(f"<b>{html.escape(self._name)}</b>")
        kwargs.setdefault("_dom_classes", ("hypster-form",))
        super().__init__(
            children=[title, self._root, self._message, widgets.HBox(buttons)],
            **kwargs,
        )

        self._run(edited=(), building=True)

    # -- public API ------------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The config this form runs."""
        return self._config

    @property
    def controls(self) -> dict[str, widgets.Widget]:
        """Map each reached parameter's path to its input widget, in run order."""
        return {control.path: control.widget for control in self._controls.values()}

    @property
    def selections(self) -> dict[str, Any]:
        """Map each reached, unlocked select's path to its chosen key (keys, for multi).

        The mapping is what the engine's `selections` argument takes.
        """
        chosen = {}
        for record in self._records:
            if record.kind not in _SELECT_KINDS or record.source == "override":
                continue
            if record.key is None:
                continue
            key = record.key
            chosen[record.path] = list(key) if isinstance(key, list) else key
        return chosen

    @property
    def pending(self) -> bool:
        """Whether edits are waiting for the Apply button (`auto_apply=False`)."""
        return bool(self._pending)

    def export(self) -> str:
        """Return the snapshot as Python source to paste into a cell.

        The source reads `snapshot = {...}` and, passed as `overrides`, reproduces
        `results`. An empty string means no run has succeeded yet.
        """
        return self._export_box.text

    def close(self) -> None:
        """Close the form and every widget it created, remembered controls included.

        The form's views disappear from the notebook, and the kernel frees the
        widgets. `results` and `snapshot` stay readable.
        """
        # A form whose arguments were rejected has no controls, yet `Widget.__del__`
        # still calls `close`.
        parked = getattr(self, "_parked", {})
        for control in parked.values():
            control.close()
        parked.clear()
        for widget in _widget_tree(self):
            if widget is not self:
                widget.close()
        super().close()

    def apply(self) -> None:
        """Run the config once with the pending edits (what the Apply button does)."""
        self._on_apply(None)

    def reset(self) -> None:
        """Return every unlocked control to the form's first state and run once."""
        self._on_reset(None)

    # -- runs ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _updating(self) -> Iterator[None]:
        previous = self._quiet
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = previous

    def _on_edit(self, control: Control) -> None:
        if self._quiet:
            return
        value = control.read()
        if value is None:
            return
        previous = self._memory.remember(control.path, control.site, value)
        if self.auto_apply:
            self._run(edited=((control, previous),))
            return
        key = (control.path, control.site)
        first_previous = self._pending.get(key, (control, previous))[1]
        self._pending[key] = (control, first_previous)
        with self._updating():
            control.set_pending(True)
            self._apply_button.disabled = False
            self._show_message()

    def _on_apply(self, _button: Any) -> None:
        edited = tuple(self._pending.values())
        self._pending.clear()
        with self._updating():
            for control, _ in edited:
                control.set_pending(False)
            if self._apply_button is not None:
                self._apply_button.disabled = True
        self._run(edited=edited)

    def _on_reset(self, _button: Any) -> None:
        self._memory.reset()
        self._pending.clear()
        with self._updating():
            for control in [*self._controls.values(), *self._parked.values()]:
                control.set_pending(False)
            if self._apply_button is not None:
                self._apply_button.disabled = True
        self._run(edited=())

    def _run(
        self, edited: Sequence[tuple[Control, Any]], building: bool = False
    ) -> None:
        """Run the config once and show the outcome; never triggers another run.

        An exception in the form's own code while building reaches the caller.
        After that, it is raised inside a widget callback, where the kernel would
        only log it, so the form shows it and keeps its last good state.
        """
        try:
            exploration = self._config.explore(
                overrides=self._overrides,
                final_vars=self._final_vars,
                preferred=self._memory.preferred,
                catch=True,
                strict=False,
            )
            with self._updating():
                self._show(exploration, edited)
        except Exception as error:
            if building:
                raise
            logger.exception("hypster_ui: updating the form of %s failed", self._name)
            with self._updating():
                self._set_error(
                    f"the form failed to update: {type(error).__name__}: {error}",
                    [control for control, _ in edited],
                )

    def _show(self, exploration: Any, edited: Sequence[tuple[Control, Any]]) -> None:
        ignored = exploration.ignored
        rejected = []
        for control, previous in edited:
            reason = ignored.get(control.path)
            if reason is not None and reason != _NOT_REACHED:
                rejected.append((control, previous, reason))
        if rejected:
            # The run used other values than the ones just chosen: keep the last
            # good state and point at the rejected controls.
            for control, previous, _ in rejected:
                self._memory.restore(control.path, control.site, previous)
            self._keep_pending(edited, rejected)
            self._set_error(
                "\n".join(_name_path(c.path, reason) for c, _, reason in rejected),
                [control for control, _, _ in rejected],
            )
            return

        self._reconcile(exploration.parameters)
        if exploration.error is not None:
            failing = getattr(exploration.error, "path", None)
            marked = [c for c in self._controls.values() if c.path == failing]
            if not marked:
                marked = [control for control, _ in edited]
            self._set_error(self._describe(exploration.error, edited), marked)
            return

        self._notes = self._collect_notes(ignored)
        self._set_error(None, [])
        self.snapshot = exploration.snapshot
        self.results = exploration.results
        self._export_box.text = self._writer.write(
            exploration.snapshot, exploration.parameters
        )

    def _keep_pending(
        self, edited: Sequence[tuple[Control, Any]], rejected: Sequence[tuple]
    ) -> None:
        """Mark the edits applied with a rejected one as pending again.

        The form keeps the last good results, so those edits are not applied yet,
        though they stay in the memory and in their controls.
        """
        rejected_controls = {control for control, _, _ in rejected}
        for control, previous in edited:
            if control in rejected_controls:
                continue
            self._pending[(control.path, control.site)] = (control, previous)
            control.set_pending(True)
        if self._pending and self._apply_button is not None:
            self._apply_button.disabled = False

    # -- reconciling -----------------------------------------------------------------

    def _reconcile(self, records: list) -> None:
        """Match the controls to the records of a run, reusing every widget it can."""
        shown = self._shown_records
        # Cleared first, so that a reconcile that raises halfway leaves no stale
        # records behind to compare the next run with.
        self._shown_records = None
        if shown is None or not self._refresh_changed(records, shown):
            self._reconcile_all(records)
        self._records = records
        self._shown_records = records

    def _refresh_changed(self, records: list, shown: list) -> bool:
        """Refresh only the controls whose record differs from the one shown.

        Return False when the run reached other call sites than `shown` or a record
        needs a new control. No widget has been replaced then, so `_reconcile_all`
        can take over. A control that a person edited is always refreshed.
        """
        controls = list(self._controls.values())
        if len(records) != len(shown) or len(controls) != len(shown):
            return False
        changed = []
        for control, new, old in zip(controls, records, shown, strict=True):
            if _same_record(new, old):
                if control.edited:
                    changed.append((control, new))
            elif new.path != old.path or new.site != old.site:
                return False
            else:
                changed.append((control, new))
        for control, record in changed:
            if not control.refresh(record):
                return False
        return True

    def _reconcile_all(self, records: list) -> None:
        """Refresh, create or park a control for every record of the run."""
        controls = self._controls
        parked = self._parked
        live: dict[tuple, Control] = {}
        same_widgets = True
        for record in records:
            key = (record.path, record.site)
            control = controls.get(key)
            if control is None:
                same_widgets = False
                control = parked.pop(key, None)
            if control is None:
                control = make_control(record, self._on_edit)
            elif not control.refresh(record):
                same_widgets = False
                control.close()
                control = make_control(record, self._on_edit)
            live[key] = control
        if len(live) != len(controls) or live.keys() != controls.keys():
            same_widgets = False
            for key, control in controls.items():
                if key not in live:
                    parked[key] = control
        self._controls = live
        # The same widgets in the same order need no new layout. Every widget was
        # found in `controls`, so only the order is left to compare.
        if not same_widgets or list(live) != list(controls):
            self._lay_out(records, live)

    def _lay_out(self, records: list, live: dict[tuple, Control]) -> None:
        """Place each control in its group box, creating and ordering the groups."""
        group_names = {record.group for record in records}
        children: dict[str, list] = {"": []}
        for record, control in zip(records, live.values(), strict=True):
            items = children.get(record.group)
            if items is None:
                items = self._open_group(record.group, group_names, children)
            items.append(control.view)
        for name, items in children.items():
            box = self._root if name == "" else self._groups[name].body
            if name:
                items.insert(0, self._groups[name].title)
            new = tuple(items)
            if new != box.children:
                box.children = new

    def _open_group(
        self, name: str, group_names: set[str], children: dict[str, list]
    ) -> list:
        parent = _parent_group(name, group_names)
        if parent not in children:
            self._open_group(parent, group_names, children)
        group = self._groups.get(name)
        if group is None:
            group = self._groups[name] = _Group(name, parent)
        children[parent].append(group.body)
        children[name] = []
        return children[name]

    # -- messages --------------------------------------------------------------------

    def _set_error(self, message: str | None, controls: Sequence[Control]) -> None:
        marked = set(controls)
        for control in self._marked - marked:
            control.set_error(False)
        for control in marked:
            control.set_error(True)
        self._marked = marked
        self.error = message
        self._show_message()

    def _show_message(self) -> None:
        parts = []
        if self.error:
            parts.append(
                f'<div class="hypster-message-error">{html.escape(self.error)}</div>'
            )
        for note in self._notes:
            parts.append(f'<div class="hypster-message-note">{html.escape(note)}</div>')
        if self._pending:
            count = len(self._pending)
            parts.append(
                '<div class="hypster-message-note">'
                f"{count} edit{'s' if count > 1 else ''} pending: press Apply"
                "</div>"
            )
        text = "".join(parts)
        if self._message.value != text:
            self._message.value = text

    def _collect_notes(self, ignored: Mapping[str, str]) -> list[str]:
        """List the form's own selections and overrides that this run did not use."""
        notes: list[str] = []
        if not self._first_selections and not self._overrides:
            return notes
        reached = {control.path for control in self._controls.values()}
        for source, entries in (
            ("selection", self._first_selections),
            ("override", self._overrides or {}),
        ):
            for path in entries:
                reason = ignored.get(path)
                if reason is None or path in reached:
                    continue
                notes.append(f"{source} for {path} not used: {reason}")
        return notes

    def _describe(self, error: BaseException, edited: Sequence[tuple]) -> str:
        """Write a readable message for an exception raised by a run."""
        if isinstance(error, HypsterError):
            return f"{type(error).__name__}: {error}"
        where = []
        line = self._config_line(error)
        if line is not None:
            where.append(f"line {line} of {self._name}")
        if edited:
            changed = ", ".join(control.path for control, _ in edited)
            where.append(f"after changing {changed}")
        suffix = f" ({', '.join(where)})" if where else ""
        return f"{type(error).__name__}: {error}{suffix}"

    def _config_line(self, error: BaseException) -> int | None:
        line = None
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename == self._source_file:
                line = frame.lineno
        return line

    # -- display ---------------------------------------------------------------------

    def __repr__(self) -> str:
        name = getattr(self, "_name", "?")
        return f"ConfigForm({name}, {len(getattr(self, '_controls', ()))} parameters)"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = form_text(
            self._name, self._records, self.error, self._notes
        )
        data["text/html"] = form_html(
            self._name, self._records, self.error, self._notes
        )
        return data

    def _ipython_display_(self) -> None:
        """Display the form, unless this is the echo of an `interact` on a last line.

        `interact(cfg)` displays the form and returns it; on a cell's last line
        IPython's display hook would then show the returned form a second time.
        """
        if self._echo_execution_count is not None and _is_echo(
            self._echo_execution_count
        ):
            self._echo_execution_count = None
            return
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def _displayed_by_interact(self) -> None:
        shell = _shell()
        self._echo_execution_count = shell.execution_count if shell else None


class _Group:
    """The titled box of one nested config."""

    def __init__(self, name: str, parent: str) -> None:
        label = name[len(parent) + 1 :] if parent else name
        self.title = widgets.HTML(
            f'<span class="hypster-group-title">{html.escape(label)}</span>',
            tooltip=name,
        )
        self.body = widgets.VBox()
        self.body.add_class("hypster-group")


def interact(
    config: Config,
    *,
    selections: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    final_vars: Sequence[str] | None = None,
    auto_apply: bool = True,
) -> ConfigForm:
    """Display a form for `config` and return it.

    A bare `interact(cfg)` on a cell's last line shows one form, not two.
    """
    from IPython.display import display

    form = ConfigForm(
        config,
        selections=selections,
        overrides=overrides,
        final_vars=final_vars,
        auto_apply=auto_apply,
    )
    display(form)
    form._displayed_by_interact()
    return form


def _check_arguments(
    config: Any,
    selections: Any,
    overrides: Any,
    final_vars: Any,
) -> None:
    if not isinstance(config, Config):
        raise TypeError(
            f"a form needs a config built with @config, got {type(config).__name__}: "
            f"{config!r}; decorate the function with @hypster.config"
        )
    for name, value in (("selections", selections), ("overrides", overrides)):
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(
                f"{name} must be a dict mapping parameter paths to values, "
                f"got {type(value).__name__}: {value!r}"
            )
    if final_vars is not None and (
        isinstance(final_vars, str)
        or not all(isinstance(name, str) for name in final_vars)
    ):
        raise TypeError(
            f"final_vars must be a list of result names, got {final_vars!r}"
        )


def _widget_tree(root: widgets.Widget) -> list[widgets.Widget]:
    """Return `root` and every widget below it: children, layouts and styles."""
    found: dict[int, widgets.Widget] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in found:
            continue
        found[id(widget)] = widget
        for name in ("layout", "style"):
            part = getattr(widget, name, None)
            if isinstance(part, widgets.Widget):
                stack.append(part)
        stack.extend(getattr(widget, "children", ()))
    return list(found.values())


def _same_record(new: tuple, old: tuple) -> bool:
    """Return whether two parameter records hold equal fields of the same types.

    `==` alone merges 1, 1.0 and True, and an `==` that raises or returns an array
    counts as a difference. A run that leaves a parameter as it was mostly returns
    the same objects, so the fields whose type can differ while equal are compared
    by identity first, and only records that fail that get the typed comparison.
    Path, group, kind, source and site are str or tuples built by the engine.
    """
    try:
        if not new == old:
            return False
    except Exception:  # noqa: BLE001 - values whose == raises count as different
        return False
    # Positions in ParameterRecord: 3 options, 4 option_values, 5 key, 6 value,
    # 7 default, 8 min, 9 max. Indexing is faster than the field names, and option
    # tuples are rebuilt by every run, so their items are compared instead.
    if (
        new[5] is old[5]
        and new[6] is old[6]
        and new[7] is old[7]
        and new[8] is old[8]
        and new[9] is old[9]
        and (new[3] is old[3] or all(map(is_, new[3], old[3])))
        and (new[4] is old[4] or all(map(is_, new[4], old[4])))
    ):
        return True
    return all(map(same_value, new, old))


def _parent_group(name: str, group_names: set[str]) -> str:
    """Return the nearest enclosing group that this run reached, or "" at the top."""
    prefix = name
    while "." in prefix:
        prefix = prefix.rsplit(".", 1)[0]
        if prefix in group_names:
            return prefix
    return ""


def _name_path(path: str, reason: str) -> str:
    """Start a rejected edit's reason with its path, without naming the path twice.

    The engine's reason may read `does not fit: rate: -1.0 is out of bounds`.
    """
    reason = reason.strip()
    detail = reason.removeprefix("does not fit: ")
    if detail != reason and detail.startswith(path + ":"):
        return detail
    return reason if reason.startswith(path) else f"{path}: {reason}"


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _is_echo(execution_count: int) -> bool:
    """Return whether IPython's display hook is showing a cell's last value now."""
    shell = _shell()
    if shell is None or shell.execution_count != execution_count:
        return False
    hook = shell.displayhook
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_locals.get("self") is hook:
            return True
        frame = frame.f_back
    return False
