"""Comparisons and short renderings of parameter values, with their types."""

from __future__ import annotations

import math
from typing import Any

_SCALARS = (str, int, bool, type(None), bytes)


def same_value(a: Any, b: Any) -> bool:
    """Return whether two values are equal and of the same type, item by item.

    Plain `==` merges `1`, `1.0` and `True`, which are three different options or
    parameter values here.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(same_value, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - objects whose == raises count as different
        return False


def same_sequence(a: tuple | list | None, b: tuple | list | None) -> bool:
    """Return whether two sequences hold the same items with the same types."""
    if a is b:
        return True
    if a is None or b is None or len(a) != len(b):
        return False
    return all(map(same_value, a, b))


def is_literal(value: Any) -> bool:
    """Return whether `repr(value)` is a Python literal that evaluates back to it.

    Covers what `ast.literal_eval` reads: strings, bytes, numbers, booleans, None
    and lists, tuples, sets and dicts of those. A float must be finite, because
    `repr(float("nan"))` is `nan`, a name rather than a literal. Subclasses of the
    built-in types are rejected, since their repr may differ.
    """
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is complex:
        return math.isfinite(value.real) and math.isfinite(value.imag)
    if kind in (list, tuple):
        return all(map(is_literal, value))
    if kind is set:
        return bool(value) and all(map(is_literal, value))
    if kind is dict:
        return all(is_literal(k) and is_literal(v) for k, v in value.items())
    return False


def value_source(value: Any) -> str | None:
    """Return Python source that evaluates to `value` with its type, or None.

    Literals are written as their repr. A float that is not finite, which has no
    literal, is written as `float('nan')`, `float('inf')` or `-float('inf')`, also
    inside complex numbers and containers. An empty set is written as `set()`.
    """
    if is_literal(value):
        return repr(value)
    kind = type(value)
    if kind is float:
        return _float_source(value)
    if kind is complex:
        return f"complex({_float_source(value.real)}, {_float_source(value.imag)})"
    if kind is set and not value:
        return "set()"
    if kind is dict:
        items = [(value_source(k), value_source(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in items):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if kind in (list, tuple, set):
        parts = [value_source(item) for item in value]
        if None in parts:
            return None
        inner = ", ".join(parts)  # type: ignore[arg-type]
        if kind is list:
            return f"[{inner}]"
        if kind is set:
            return "{" + inner + "}"
        return f"({inner},)" if len(parts) == 1 else f"({inner})"
    return None


def _float_source(number: float) -> str:
    if math.isnan(number):
        return "float('nan')"
    if math.isinf(number):
        return "float('inf')" if number > 0 else "-float('inf')"
    return repr(number)


def short_repr(value: Any, limit: int = 60) -> str:
    """Render a value for a label: its source if it has one, else its type.

    The fallback keeps the text stable between runs: a default object repr
    includes a memory address.
    """
    text = value_source(value)
    if text is None:
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
