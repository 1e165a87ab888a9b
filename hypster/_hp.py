"""The `hp` object that a config body calls, and the hot path of every hp call.

A call resolves its value with a few dict look-ups, in this order: the call's
overrides, the call's selections, preferred values, values given to hp.propagate,
the default. When a level has no selections, preferred or propagated values and
nothing records parameters (a plain call), numbers, ints and selects take a short
path: one override look-up, a type test, one snapshot store.
"""

from __future__ import annotations

import os
from typing import Any

# _config imports this module, so its names are read at call time.
from . import _config
from ._errors import ParameterError
from ._params import (
    MISSING,
    SCALAR_CHECKS,
    check_bound_arguments,
    check_int,
    check_number,
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
_CONTAINERS = frozenset({list, dict, tuple, set})


class HP:
    """The parameter maker passed as the first argument of a config body.

    Each method marks a value as choosable and returns the value for this run. The
    decorator fills in each call's name from where the call is in the source. It
    adds the keywords `_path`, `_site` and `_known`, which are not for callers.
    """

    __slots__ = (
        "_run",
        "_prefix",
        "_group",
        "_overrides",
        "_snapshot",
        "_records",
        "_plain",
        "_simple",
    )

    def __init__(self, run: Run, prefix: str = "", group: str = "") -> None:
        self._run = run
        self._prefix = prefix
        self._group = group
        self._overrides = run.overrides
        self._snapshot = run.snapshot
        self._records = run.records
        # Values added to run.propagated later belong to deeper levels, whose HP
        # objects are made after them, so this flag stays true for this level.
        # Simple: no selections or propagated values. A plain level is also not
        # recorded and has no preferred values.
        self._simple = not (run.selections or run.propagated)
        self._plain = (
            self._simple
            and run.records is None
            and not (run.preferred_by_path or run.preferred_by_site)
        )

    def __repr__(self) -> str:
        return f"<HP of {self._group or 'the top level'}>"

    # -- shared steps ---------------------------------------------------------------

    def _path(self, name: object, inferred: str | None, kind: str) -> str:
        if name is None:
            if inferred is None:
                raise ParameterError(
                    f"hp.{kind}: this call has no name=, and none could be inferred "
                    "because the call was made outside a config body (in a helper "
                    'defined elsewhere); pass name="..."',
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

    def _record(self, path, kind, options, key, value, default, low, high, source,
                site) -> None:  # fmt: skip
        if type(options) is dict:
            keys, values = tuple(options), tuple(options.values())
        elif type(options) in (list, tuple):
            keys = values = tuple(options)
        else:
            keys = values = None
        # The tuple has the fields of ParameterRecord, in order.
        self._records.append(
            (path, self._group, kind, keys, values, key, value, default, low, high,
             source, site)
        )  # fmt: skip

    def _shadowed(self, path: str, site: object) -> None:
        """Note that a call-time value hid a preferred or propagated value."""
        run = self._run
        if (
            path in run.propagated
            or path in run.preferred_by_path
            or (path, site) in run.preferred_by_site
        ):
            run.ignored[path] = _SET_BY_CALLER

    def _store(self, path: str, value: object) -> None:
        self._snapshot[path] = (
            copy_containers(value) if type(value) in _CONTAINERS else value
        )

    # -- selects --------------------------------------------------------------------

    def select(
        self,
        options: list | dict,
        *,
        default: Any = None,
        name: str | None = None,
        _path: str | None = None,
        _site: tuple | None = None,
        _known: bool = False,
    ) -> Any:
        """Choose one option; return its option value.

        `options` is a list (each item is both key and value) or a dict of keys to
        values. `default` is an option key; without one, a selection or override
        must choose.
        """
        if name is None and _path is not None:
            path = self._prefix + _path
        else:
            path = self._path(name, _path, "select")
        if path in self._snapshot:
            raise self._run.duplicate(path)
        if (
            self._plain
            and _known
            and type(default) is str
            and path not in self._overrides
            and default in options
        ):
            # The naming pass checked that the options are a literal of constant
            # keys, so a str equal to a key is that key.
            value = options[default] if type(options) is dict else default
            self._store(path, value)
            return value
        if self._plain and _known and type(options) is list:
            # An override that is a str equal to an item of a literal list is that
            # item, whether read as an option value or as a key.
            value = self._overrides.get(path)
            if type(value) is str and value in options:
                self._snapshot[path] = value
                return value
        if self._simple and _known and path not in self._overrides:
            value = self._select_simply(path, options, default, _site)
            if value is not MISSING:
                return value
        try:
            if not _known:
                check_options(options, path)
            key, value, source = self._resolve_select(path, options, default, _site)
        except ParameterError:
            if self._records is not None:
                self._record(path, "select", options, None, None, default, None,
                             None, "missing", _site)  # fmt: skip
            raise
        self._store(path, value)
        if self._records is not None:
            self._record(path, "select", options, key, value, default, None, None,
                         source, _site)  # fmt: skip
        return value

    def _select_simply(self, path, options, default, site):
        """Resolve a select of literal str keys from a preferred value or default.

        Return MISSING when the general path is needed: another key type, or a
        preferred value that is not an option key (it goes to `ignored` there).
        """
        preferred = self._preferred(path, site)
        if preferred is not MISSING:
            if type(preferred) is not str or preferred not in options:
                return MISSING
            key, source = preferred, "preferred"
        elif type(default) is str and default in options:
            key, source = default, "default"
        else:
            return MISSING
        value = options[key] if type(options) is dict else key
        self._store(path, value)
        if self._records is not None:
            self._record(path, "select", options, key, value, default, None, None,
                         source, site)  # fmt: skip
        return value

    def _resolve_select(self, path, options, default, site):
        overrides = self._overrides
        if not self._plain:
            selections = self._run.selections
            if selections and path in selections:
                selected = find_key(options, selections[path])
                if selected is MISSING:
                    raise key_error(path, "selection", selections[path], options)
                if path not in overrides:
                    self._shadowed(path, site)
                    return selected, option_value(options, selected), "selection"
        if path in overrides:
            if not self._plain:
                self._shadowed(path, site)
            key, value = resolve_select_override(options, overrides[path])
            return key, value, "override"
        if not self._plain:
            run = self._run
            if run.preferred_by_site or run.preferred_by_path:
                preferred = self._preferred(path, site)
                if preferred is not MISSING:
                    key = find_key(options, preferred)
                    if key is not MISSING:
                        return key, option_value(options, key), "preferred"
                    run.ignored[path] = (
                        f"does not fit: {preferred!r} is not an option key"
                    )
            propagated = run.propagated.get(path) if run.propagated else None
            if propagated is not None:
                is_override, value = propagated
                if is_override:
                    key, value = resolve_select_override(options, value)
                    return key, value, "propagate"
                key = find_key(options, value)
                if key is MISSING:
                    raise key_error(path, "selection given to hp.propagate", value,
                                    options)  # fmt: skip
                return key, option_value(options, key), "propagate"
        if default is None:
            raise self._run.missing_default(path, options)
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
        _known: bool = False,
    ) -> list:
        """Choose any number of options; return their option values.

        The values keep the order of the keys given. `default` is a list of option
        keys (none when omitted).
        """
        path = self._path(name, _path, "multi_select")
        if path in self._snapshot:
            raise self._run.duplicate(path)
        default = [] if default is None else default
        try:
            if not _known:
                check_options(options, path)
            keys, value, source = self._resolve_multi(path, options, default, _site)
        except ParameterError:
            if self._records is not None:
                self._record(path, "multi_select", options, None, None, default,
                             None, None, "missing", _site)  # fmt: skip
            raise
        self._snapshot[path] = copy_containers(value)
        if self._records is not None:
            self._record(path, "multi_select", options, keys, value, list(default),
                         None, None, source, _site)  # fmt: skip
        return value

    def _resolve_multi(self, path, options, default, site):
        keys, source = self._multi_keys(path, options, default, site)
        if type(keys) is tuple:
            # An override resolved item by item: (keys, values).
            keys, values = keys
            return keys, values, source
        return keys, [option_value(options, key) for key in keys], source

    def _multi_keys(self, path, options, default, site):
        overrides, run = self._overrides, self._run
        selections = run.selections
        if selections and path in selections:
            keys = resolve_keys(options, selections[path], path, "selection")
            if path not in overrides:
                self._shadowed(path, site)
                return keys, "selection"
        if path in overrides:
            self._shadowed(path, site)
            return resolve_multi_override(options, overrides[path], path), "override"
        if run.preferred_by_site or run.preferred_by_path:
            preferred = self._preferred(path, site)
            if preferred is not MISSING:
                try:
                    keys = resolve_keys(options, preferred, path, "preferred value")
                    return keys, "preferred"
                except ParameterError as error:
                    run.ignored[path] = f"does not fit: {error}"
        propagated = run.propagated.get(path) if run.propagated else None
        if propagated is not None:
            is_override, value = propagated
            if is_override:
                return resolve_multi_override(options, value, path), "propagate"
            what = "selection given to hp.propagate"
            return resolve_keys(options, value, path, what), "propagate"
        return resolve_keys(options, default, path, "default"), "default"

    # -- values ---------------------------------------------------------------------

    def _value(self, kind, path, default, low, high, site):
        """Resolve the value of a number, int, text, bool or multi_* parameter."""
        check = SCALAR_CHECKS[kind]
        overrides, run = self._overrides, self._run
        selections = run.selections
        if selections and path in selections:
            raise run.selection_kind_error(path, kind, selections[path])

        if path in overrides:
            self._shadowed(path, site)
            return check(copy_containers(overrides[path]), path, low, high), "override"

        preferred = self._preferred(path, site)
        if preferred is not MISSING:
            if type(preferred) in _CONTAINERS:
                preferred = copy_containers(preferred)
            try:
                return check(preferred, path, low, high), "preferred"
            except ParameterError as error:
                run.ignored[path] = f"does not fit: {error}"

        propagated = run.propagated.get(path) if run.propagated else None
        if propagated is not None:
            is_override, value = propagated
            if not is_override:
                raise run.selection_kind_error(path, kind, value)
            return check(copy_containers(value), path, low, high), "propagate"

        if type(default) in _CONTAINERS:
            default = copy_containers(default)
        return check(default, path, low, high), "default"

    def _scalar(self, kind, path, default, low, high, site):
        if path in self._snapshot:
            raise self._run.duplicate(path)
        records = self._records
        try:
            value, source = self._value(kind, path, default, low, high, site)
        except ParameterError:
            if records is not None:
                records.append((path, self._group, kind, None, None, None, None,
                                default, low, high, "missing", site))  # fmt: skip
            raise
        self._snapshot[path] = value if type(value) is not list else list(value)
        if records is not None:
            records.append((path, self._group, kind, None, None, None, value,
                            default, low, high, source, site))  # fmt: skip
        return value

    def _scalar_simply(self, kind, path, default, low, high, site):
        """Resolve a number or int from a preferred value or the default.

        Return MISSING when the general path is needed: a value of another type or
        out of bounds, which that path rejects or lists in `ignored`.
        """
        snapshot = self._snapshot
        if path in snapshot:
            raise self._run.duplicate(path)
        value = self._preferred(path, site)
        if value is MISSING:
            value, source = default, "default"
        else:
            source = "preferred"
        value_type = type(value)
        if value_type is not int and (kind == "int" or value_type is not float):
            return MISSING
        if (low is not None and value < low) or (high is not None and value > high):
            return MISSING
        snapshot[path] = value
        if self._records is not None:
            self._records.append((path, self._group, kind, None, None, None, value,
                                  default, low, high, source, site))  # fmt: skip
        return value

    def number(self, default, *, name=None, min=None, max=None, _path=None,
               _site=None):  # fmt: skip
        """Return a real number (int or float), `default` unless chosen otherwise."""
        if name is None and _path is not None:
            path = self._prefix + _path
        else:
            path = self._path(name, _path, "number")
        # The plain path is written out here and again in `int`, because a shared
        # helper would add a call to every plain hp call.
        if self._plain and min is None and max is None:
            snapshot = self._snapshot
            if path in snapshot:
                raise self._run.duplicate(path)
            overrides = self._overrides
            value = overrides[path] if path in overrides else default
            if type(value) is not float and type(value) is not int:
                value = check_number(value, path, None, None)
            snapshot[path] = value
            return value
        if min is not None or max is not None:
            check_bound_arguments(path, min, max)
        if self._simple and path not in self._overrides:
            value = self._scalar_simply("number", path, default, min, max, _site)
            if value is not MISSING:
                return value
        return self._scalar("number", path, default, min, max, _site)

    def int(self, default, *, name=None, min=None, max=None, _path=None,
            _site=None):  # fmt: skip
        """Return an integer (never a bool or a float), `default` unless chosen."""
        if name is None and _path is not None:
            path = self._prefix + _path
        else:
            path = self._path(name, _path, "int")
        if self._plain and min is None and max is None:
            snapshot = self._snapshot
            if path in snapshot:
                raise self._run.duplicate(path)
            overrides = self._overrides
            value = overrides[path] if path in overrides else default
            if type(value) is not int:
                value = check_int(value, path, None, None)
            snapshot[path] = value
            return value
        if min is not None or max is not None:
            check_bound_arguments(path, min, max)
        if self._simple and path not in self._overrides:
            value = self._scalar_simply("int", path, default, min, max, _site)
            if value is not MISSING:
                return value
        return self._scalar("int", path, default, min, max, _site)

    def text(self, default, *, name=None, _path=None, _site=None):
        """Return a string, `default` unless chosen otherwise."""
        path = self._path(name, _path, "text")
        return self._scalar("text", path, default, None, None, _site)

    def bool(self, default, *, name=None, _path=None, _site=None):
        """Return True or False, `default` unless chosen otherwise."""
        path = self._path(name, _path, "bool")
        return self._scalar("bool", path, default, None, None, _site)

    def multi_number(self, default=None, *, name=None, min=None, max=None,
                     _path=None, _site=None):  # fmt: skip
        """Return a list of numbers (int or float), `default` (or []) unless chosen."""
        path = self._path(name, _path, "multi_number")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max)
        default = [] if default is None else default
        return self._scalar("multi_number", path, default, min, max, _site)

    def multi_int(self, default=None, *, name=None, min=None, max=None, _path=None,
                  _site=None):  # fmt: skip
        """Return a list of integers, `default` (or []) unless chosen otherwise."""
        path = self._path(name, _path, "multi_int")
        if min is not None or max is not None:
            check_bound_arguments(path, min, max)
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
        path = self._path(name, _path, "propagate")
        run = self._run
        if path in run.groups or path in self._snapshot:
            raise run.duplicate(path)
        if isinstance(config_or_path, (str, os.PathLike)):
            from ._files import load

            child = load(config_or_path)
        elif isinstance(config_or_path, _config.Config):
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
        return child._run_body(HP(run, prefix, path), final_vars, path)
