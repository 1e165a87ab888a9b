"""Checking and resolving values, one function per parameter kind.

Every check takes the value and the parameter's path and returns the value as the
body receives it (numpy scalars become plain int or float), or raises
ParameterError naming the path. Option keys and values are compared with their type,
so that `0`, `False` and `0.0` stay three different options.
"""

from __future__ import annotations

import numbers

from ._errors import ParameterError, format_keys

KEY_TYPES = frozenset({str, int, float, bool})
MISSING = object()


def same(first: object, second: object) -> bool:
    """Compare two values by type and by value, never raising."""
    if type(first) is not type(second):
        return False
    try:
        equal = first == second
    except Exception:
        return False
    return equal is True or (type(equal) is not bool and _truth(equal))


def _truth(value: object) -> bool:
    try:
        return bool(value)
    except Exception:
        return False


def copy_containers(value: object) -> object:
    """Copy lists, dicts, tuples and sets recursively; keep other objects as is."""
    kind = type(value)
    if kind is list:
        return [copy_containers(item) for item in value]
    if kind is dict:
        return {key: copy_containers(item) for key, item in value.items()}
    if kind is tuple:
        return tuple(copy_containers(item) for item in value)
    if kind is set:
        return {copy_containers(item) for item in value}
    return value


# -- options -----------------------------------------------------------------------


def check_options(options: object, path: str) -> None:
    """Check that `options` is a list or dict of distinct keys of the allowed types."""
    if type(options) not in (dict, list, tuple):
        raise ParameterError(
            f"{path}: options must be a list or a dict, got "
            f"{type(options).__name__} {options!r}",
            path=path,
        )
    if not options:
        raise ParameterError(f"{path}: options are empty; give at least one", path=path)
    if not set(map(type, options)) <= KEY_TYPES:
        bad = next(key for key in options if type(key) not in KEY_TYPES)
        raise ParameterError(
            f"{path}: option key {bad!r} is a {type(bad).__name__}; keys must be "
            "str, int, float or bool (use a dict to map such keys to any value)",
            path=path,
        )
    if type(options) is not dict and len(
        set(zip(map(type, options), options, strict=True))
    ) != len(options):
        raise ParameterError(
            f"{path}: the options {list(options)!r} repeat a key; "
            "give each option once",
            path=path,
        )


def find_key(options: list | tuple | dict, key: object) -> object:
    """Return the option key equal to `key` with its type, or MISSING."""
    if type(key) is str:
        if type(options) is dict:
            return key if key in options else MISSING
        try:
            index = options.index(key)
        except ValueError:
            return MISSING
        return key if type(options[index]) is str else MISSING
    if type(key) not in KEY_TYPES:
        return MISSING
    for option in options:
        if type(option) is type(key) and option == key:
            return option
    return MISSING


def option_value(options: list | tuple | dict, key: object) -> object:
    """Return the value of an option key found by `find_key`."""
    if type(options) is dict:
        return options[key]
    return key


def find_value(options: list | tuple | dict, value: object) -> object:
    """Return the first option key whose value equals `value` with its type."""
    if type(options) is dict:
        for key, option in options.items():
            if same(option, value):
                return key
        return MISSING
    return find_key(options, value)


def key_error(path: str, what: str, key: object, options) -> ParameterError:
    """Build the error for a key that is not an option key."""
    return ParameterError(
        f"{path}: {what} {key!r} is not an option key; valid keys: "
        f"{format_keys(options)}",
        path=path,
    )


def resolve_select_override(options, value: object) -> tuple[object, object]:
    """Resolve a select override to (key, value): values, then keys, else as is."""
    key = find_value(options, value)
    if key is not MISSING:
        return key, option_value(options, key)
    key = find_key(options, value)
    if key is not MISSING:
        return key, option_value(options, key)
    return None, copy_containers(value)


def resolve_multi_override(options, value: object, path: str) -> tuple[list, list]:
    """Resolve a multi_select override (a list) item by item."""
    if type(value) is not list:
        raise ParameterError(
            f"{path}: a multi_select override must be a list, got {value!r}",
            path=path,
        )
    keys, values = [], []
    for item in value:
        key, resolved = resolve_select_override(options, item)
        keys.append(key)
        values.append(resolved)
    return keys, values


def resolve_keys(options, keys: object, path: str, what: str) -> list:
    """Check a list of keys for a multi_select and return their option keys."""
    if type(keys) is not list:
        raise ParameterError(
            f"{path}: the {what} of a multi_select must be a list of option keys, "
            f"got {keys!r}; valid keys: {format_keys(options)}",
            path=path,
        )
    found = []
    for key in keys:
        option = find_key(options, key)
        if option is MISSING:
            raise key_error(path, what, key, options)
        if any(type(option) is type(other) and option == other for other in found):
            raise ParameterError(
                f"{path}: the {what} {list(keys)!r} names the key {key!r} twice; "
                "give each key once",
                path=path,
            )
        found.append(option)
    return found


# -- scalar kinds ------------------------------------------------------------------


def check_int(value: object, path: str, low: object, high: object) -> int:
    """Return `value` as an int, rejecting bools, floats and values out of bounds."""
    if type(value) is not int:
        if type(value) is bool or not isinstance(value, numbers.Integral):
            raise ParameterError(
                f"{path}: expected an int, got {type(value).__name__} {value!r}"
                + (
                    "; pass a whole number such as 4, not 4.0"
                    if isinstance(value, float)
                    else ""
                ),
                path=path,
            )
        value = int(value)
    if low is not None or high is not None:
        check_bounds(value, path, low, high)
    return value


def check_number(value: object, path: str, low: object, high: object) -> int | float:
    """Return `value` as an int or float, rejecting bools and values out of bounds."""
    kind = type(value)
    if kind is not int and kind is not float:
        if kind is bool or not isinstance(value, numbers.Real):
            raise ParameterError(
                f"{path}: expected a number (int or float), got "
                f"{kind.__name__} {value!r}",
                path=path,
            )
        value = int(value) if isinstance(value, numbers.Integral) else float(value)
    if low is not None or high is not None:
        check_bounds(value, path, low, high)
    return value


def check_bounds(value, path: str, low, high) -> None:
    """Raise if `value` lies outside [low, high]."""
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(
            f"{path}: {value!r} is out of bounds; expected a value in "
            f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]",
            path=path,
        )


def check_text(value: object, path: str, low: object, high: object) -> str:
    """Return `value` if it is a str."""
    if type(value) is not str:
        if not isinstance(value, str):
            raise ParameterError(
                f"{path}: expected a str, got {type(value).__name__} {value!r}",
                path=path,
            )
        value = str(value)
    return value


def check_bool(value: object, path: str, low: object, high: object) -> bool:
    """Return `value` if it is a bool (numpy bools become plain bools)."""
    if type(value) is not bool:
        if type(value).__name__ != "bool_":
            raise ParameterError(
                f"{path}: expected a bool (True or False), got "
                f"{type(value).__name__} {value!r}",
                path=path,
            )
        value = bool(value)
    return value


def check_bound_arguments(path: str, low, high) -> None:
    """Reject bounds that are not numbers or that cross."""
    for bound in (low, high):
        if bound is not None:
            check_number(bound, path, None, None)
    if low is not None and high is not None and low > high:
        raise ParameterError(
            f"{path}: min={low!r} is greater than max={high!r}; swap them",
            path=path,
        )


def make_list_check(item_check):
    """Build the check of a multi_* kind from the check of its items."""

    def check_list(value: object, path: str, low: object, high: object) -> list:
        if type(value) is not list:
            raise ParameterError(
                f"{path}: expected a list, got {type(value).__name__} {value!r}",
                path=path,
            )
        return [item_check(item, path, low, high) for item in value]

    return check_list


SCALAR_CHECKS = {
    "number": check_number,
    "int": check_int,
    "text": check_text,
    "bool": check_bool,
    "multi_number": make_list_check(check_number),
    "multi_int": make_list_check(check_int),
    "multi_text": make_list_check(check_text),
    "multi_bool": make_list_check(check_bool),
}
