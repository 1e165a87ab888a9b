"""The `hp` object that a config body calls, and the hot path of every hp call.

A call resolves its value with a few dict look-ups, in this order: the call's
overrides, the call's selections, preferred values, values given to hp.propagate,
the default. Each table is usually empty, so each step is a truth test first.
"""

from __future__ import annotations

import os
from typing import Any

from ._errors import ParameterError
from ._params import (
    MISSING,
    SCALAR_CHECKS,
    check_bound_arguments,
    check_options,
    copy_containers,
    find_key,
    key_error,
    option_value,
    resolve_keys,
    resolve_multi_override,
    resolve_select_override,
)
from ._run import Run

_SET_BY_CALLER = "set by a selection or override"


class HP:
    """The parameter maker passed as the first argument of a config body.

    Each method marks a value as choosable and returns the value for this run. The
    `name=` of a call is filled in by the decorator from the place the call stands;
    `_path` and `_site` are added by that naming pass and are not for callers.
    """

    __slots__ = (
        "_run",
        "_prefix",
        "_group",
        "_overrides",
        "_selections",
        "_snapshot",
        "_records",
    )

    def __init__(self, run: Run, prefix: str = "", group: str = "") -> None:
        self._run = run
        self._prefix = prefix
        self._group = group
        self._overrides = run.overrides
        self._selections = run.selections
        self._snapshot = run.snapshot
        self._records = run.records

    def __repr__(self) -> str:
        return f"<HP at {self._group or 'top level'}>"

    # -- shared steps ---------------------------------------------------------------

    def _path(self, name: object, inferred: str | None, kind: str) -> str:
        if name is None:
            if inferred is None:
                raise ParameterError(
                    f"hp.{kind}: this call has no name=, and no name could be "
                    "inferred because it was made outside a config body (in a "
                    'helper defined elsewhere); pass name="..."',
                )
            return self._prefix + inferred
        if type(name) is not str or not name or "." in name:
            raise ParameterError(
                f"hp.{kind}: name={name!r} must be a non-empty str without dots; "
                "nested paths come from hp.propagate",
                path=str(name),
            )
        return self._prefix + name

    def _preferred(self, path: str, site: object) -> object:
        run = self._run
        if run.preferred_by_site:
            value = run.preferred_by_site.get((path, site), MISSING)
            if value is not MISSING:
                return value
        return run.preferred_by_path.get(path, MISSING)

    def _record(
        self, path, kind, options, key, value, default, low, high, source, site
    ) -> None:
        if options is None:
            keys = values = None
        else:
            keys = tuple(options)
            values = tuple(options.values()) if type(options) is dict else keys
        self._records.append(
            (
                path,
                self._group,
                kind,
                keys,
                values,
                key,
                value,
                default,
                low,
                high,
                source,
                site,
            )
        )

    def _shadowed(self, path: str) -> None:
        run = self._run
        if path in run.propagate_overrides or path in run.propagate_selections:
            run.ignored[path] = _SET_BY_CALLER

    # -- selects --------------------------------------------------------------------

    def select(
        self,
        options: list | dict,
        *,
        default: Any = None,
        name: str | None = None,
        _path: str | None = None,
        _site: tuple | None = None,
    ) -> Any:
        """Choose one option; return its option value.

        `options` is a list (each item is key and value) or a dict of keys to
        values. `default` is an option key; without one, a selection or override
        must choose.
        """
        path = self._path(name, _path, "select")
        if path in self._snapshot:
            raise self._run.duplicate(path)
        try:
            check_options(options, path)
            key, value, source = self._resolve_select(path, options, default, _site)
        except ParameterError:
            if self._records is not None:
                self._record(
                    path,
                    "select",
                    options if type(options) in (list, tuple, dict) else None,
                    None,
                    None,
                    default,
                    None,
                    None,
                    "missing",
                    _site,
                )
            raise
        self._snapshot[path] = copy_containers(value)
        if self._records is not None:
            self._record(
                path, "select", options, key, value, default, None, None, source, _site
            )
        return value

    def _resolve_select(self, path, options, default, site):
        overrides, selections = self._overrides, self._selections
        if selections and path in selections:
            selected = find_key(options, selections[path])
            if selected is MISSING:
                raise key_error(path, "selection", selections[path], options)
            if not (overrides and path in overrides):
                self._shadowed(path)
                return selected, option_value(options, selected), "selection"
        if overrides and path in overrides:
            self._shadowed(path)
            key, value = resolve_select_override(options, overrides[path])
            return key, value, "override"
        run = self._run
        if run.preferred_by_site or run.preferred_by_path:
            preferred = self._preferred(path, site)
            if preferred is not MISSING:
                key = find_key(options, preferred)
                if key is not MISSING:
                    return key, option_value(options, key), "preferred"
                run.ignored[path] = f"does not fit: {preferred!r} is not an option key"
        if run.propagate_overrides and path in run.propagate_overrides:
            key, value = resolve_select_override(options, run.propagate_overrides[path])
            return key, value, "propagate"
        if run.propagate_selections and path in run.propagate_selections:
            key = find_key(options, run.propagate_selections[path])
            if key is MISSING:
                raise key_error(
                    path,
                    "selection given to hp.propagate",
                    run.propagate_selections[path],
                    options,
                )
            return key, option_value(options, key), "propagate"
        if default is None:
            raise run.missing_default(path, options)
        key = find_key(options, default)
        if key is MISSING:
            raise key_error(path, "default", default, options)
        return key, option_value(options, key), "default"

    def multi_select(
        self,
        options: list | dict,
        *,
        default: list | None = None,
        name: str | None = None,
        _path: str | None = None,
        _site: tuple | None = None,
    ) -> list:
        """Choose any number of options; return their option values in key order.

        `default` is a list of option keys (none when omitted).
        """
        path = self._path(name, _path, "multi_select")
        if path in self._snapshot:
            raise self._run.duplicate(path)
        default = [] if default is None else default
        try:
            check_options(options, path)
            keys, value, source = self._resolve_multi(path, options, default, _site)
        except ParameterError:
            if self._records is not None:
                self._record(
                    path,
                    "multi_select",
                    options if type(options) in (list, tuple, dict) else None,
                    None,
                    None,
                    default,
                    None,
                    None,
                    "missing",
                    _site,
                )
            raise
        self._snapshot[path] = copy_containers(value)
        if self._records is not None:
            self._record(
                path,
                "multi_select",
                options,
                keys,
                value,
                list(default),
                None,
                None,
                source,
                _site,
            )
        return copy_containers(value)

    def _resolve_multi(self, path, options, default, site):
        keys, source = self._multi_keys(path, options, default, site)
        if type(keys) is tuple:
            # An override was resolved item by item: (keys, values).
            keys, values = keys
            return keys, values, source
        return keys, [option_value(options, key) for key in keys], source

    def _multi_keys(self, path, options, default, site):
        overrides, selections = self._overrides, self._selections
        if selections and path in selections:
            keys = resolve_keys(options, selections[path], path, "selection")
            if not (overrides and path in overrides):
                self._shadowed(path)
                return keys, "selection"
        if overrides and path in overrides:
            self._shadowed(path)
            return resolve_multi_override(options, overrides[path], path), "override"
        run = self._run
        if run.preferred_by_site or run.preferred_by_path:
            preferred = self._preferred(path, site)
            if preferred is not MISSING:
                try:
                    keys = resolve_keys(options, preferred, path, "preferred value")
                    return keys, "preferred"
                except ParameterError as error:
                    run.ignored[path] = f"does not fit: {error}"
        if run.propagate_overrides and path in run.propagate_overrides:
            value = run.propagate_overrides[path]
            return resolve_multi_override(options, value, path), "propagate"
        if run.propagate_selections and path in run.propagate_selections:
            keys = resolve_keys(
                options,
                run.propagate_selections[path],
                path,
                "selection given to hp.propagate",
            )
            return keys, "propagate"
        return resolve_keys(options, default, path, "default"), "default"

    # -- values ---------------------------------------------------------------------

    def _value(self, kind, path, default, low, high, site):
        """Resolve the value of a number, int, text, bool or multi_* parameter."""
        check = SCALAR_CHECKS[kind]
        overrides = self._overrides
        if overrides and path in overrides:
            selections = self._selections
            if selections and path in selections:
                raise self._run.selection_kind_error(path, kind, selections[path])
            self._shadowed(path)
            return check(copy_containers(overrides[path]), path, low, high), "override"
        selections = self._selections
        if selections and path in selections:
            raise self._run.selection_kind_error(path, kind, selections[path])
        run = self._run
        if run.preferred_by_site or run.preferred_by_path:
            preferred = self._preferred(path, site)
            if preferred is not MISSING:
                try:
                    return check(copy_containers(preferred), path, low, high), (
                        "preferred"
                    )
                except ParameterError as error:
                    run.ignored[path] = f"does not fit: {error}"
        if run.propagate_overrides and path in run.propagate_overrides:
            value = copy_containers(run.propagate_overrides[path])
            return check(value, path, low, high), "propagate"
        if run.propagate_selections and path in run.propagate_selections:
            raise run.selection_kind_error(path, kind, run.propagate_selections[path])
        return check(default, path, low, high), "default"

    def _scalar(self, kind, path, default, low, high, site):
        if path in self._snapshot:
            raise self._run.duplicate(path)
        try:
            value, source = self._value(kind, path, default, low, high, site)
        except ParameterError:
            if self._records is not None:
                self._record(
                    path, kind, None, None, None, default, low, high, "missing", site
                )
            raise
        self._snapshot[path] = value if type(value) is not list else list(value)
        if self._records is not None:
            self._record(
                path, kind, None, None, value, default, low, high, source, site
            )
        return value

    def number(self, default, *, name=None, min=None, max=None, _path=None, _site=None):
        """Return a real number (int or float), `default` unless chosen otherwise."""
        path = self._path(name, _path, "number")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max, None)
        return self._scalar("number", path, default, min, max, _site)

    def int(self, default, *, name=None, min=None, max=None, _path=None, _site=None):
        """Return an integer (never a bool or a float), `default` unless chosen."""
        path = self._path(name, _path, "int")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max, None)
        return self._scalar("int", path, default, min, max, _site)

    def text(self, default, *, name=None, _path=None, _site=None):
        """Return a string, `default` unless chosen otherwise."""
        path = self._path(name, _path, "text")
        return self._scalar("text", path, default, None, None, _site)

    def bool(self, default, *, name=None, _path=None, _site=None):
        """Return True or False, `default` unless chosen otherwise."""
        path = self._path(name, _path, "bool")
        return self._scalar("bool", path, default, None, None, _site)

    def multi_number(
        self, default=None, *, name=None, min=None, max=None, _path=None, _site=None
    ):
        """Return a list of numbers (int or float), `default` (or []) unless chosen."""
        path = self._path(name, _path, "multi_number")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max, None)
        default = [] if default is None else default
        return self._scalar("multi_number", path, default, min, max, _site)

    def multi_int(
        self, default=None, *, name=None, min=None, max=None, _path=None, _site=None
    ):
        """Return a list of integers, `default` (or []) unless chosen otherwise."""
        path = self._path(name, _path, "multi_int")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max, None)
        default = [] if default is None else default
        return self._scalar("multi_int", path, default, min, max, _site)

    def multi_text(self, default=None, *, name=None, _path=None, _site=None):
        """Return a list of strings, `default` (or []) unless chosen otherwise."""
        path = self._path(name, _path, "multi_text")
        default = [] if default is None else default
        return self._scalar("multi_text", path, default, None, None, _site)

    def multi_bool(self, default=None, *, name=None, _path=None, _site=None):
        """Return a list of bools, `default` (or []) unless chosen otherwise."""
        path = self._path(name, _path, "multi_bool")
        default = [] if default is None else default
        return self._scalar("multi_bool", path, default, None, None, _site)

    # -- nesting --------------------------------------------------------------------

    def propagate(
        self,
        config_or_path,
        *,
        name: str | None = None,
        selections: dict | None = None,
        overrides: dict | None = None,
        final_vars: list[str] | None = None,
        _path: str | None = None,
        _site: tuple | None = None,
    ) -> dict:
        """Run a nested config as part of this one; return its results.

        Its parameters are prefixed with this call's name. `selections` and
        `overrides` use the nested config's own paths and rank below the caller's.
        """
        from ._config import Config
        from ._files import load

        path = self._path(name, _path, "propagate")
        run = self._run
        if path in run.groups or path in self._snapshot:
            raise run.duplicate(path)
        if isinstance(config_or_path, (str, os.PathLike)):
            child = load(config_or_path)
        elif isinstance(config_or_path, Config):
            child = config_or_path
        else:
            raise ParameterError(
                f"{path}: hp.propagate takes a config (made with @config) or the "
                f"path of a .py file holding one, got {config_or_path!r}",
                path=path,
            )
        run.groups.add(path)
        prefix = path + "."
        run.add_propagated(prefix, selections, overrides, path)
        child_hp = HP(run, prefix, path)
        return child.run_body(child_hp, final_vars, path)
