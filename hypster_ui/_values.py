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


def short_repr(value: Any, limit: int = 60) -> str:
    """Render a value for a label: its repr if literal, else its type in brackets.

    The fallback keeps the text stable between runs: a default object repr
    includes a memory address.
    """
    text = repr(value) if is_literal(value) else f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
