"""The form's memory: the values a person chose, passed to `explore` as `preferred`."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

#: Marks a (path, site) entry that did not exist, for `restore`.
MISSING: Any = object()


class Memory:
    """Values chosen in the form, keyed by `(path, site)`, plus the first choices.

    The first choices are the form's `selections`, keyed by plain path, so they
    apply wherever that path is reached. An edit is keyed by `(path, site)`: the
    engine prefers it over a plain path when that call site is the one reached, and
    same-named parameters of different branches never share a value. Entries of
    branches not reached stay here, so switching back restores them.
    """

    def __init__(self, first_choices: Mapping[str, Any] | None = None) -> None:
        self._first = dict(first_choices or {})
        #: The mapping passed to `explore(preferred=...)`. The engine never
        #: changes it, so it is passed as is, without a copy per run.
        self.preferred: dict[Any, Any] = dict(self._first)

    def remember(self, path: str, site: tuple, value: Any) -> Any:
        """Store a chosen value and return the entry it replaced, or `MISSING`."""
        key = (path, site)
        previous = self.preferred.get(key, MISSING)
        self.preferred[key] = copy.copy(value) if isinstance(value, list) else value
        return previous

    def restore(self, path: str, site: tuple, previous: Any) -> None:
        """Put back an entry that `remember` replaced."""
        if previous is MISSING:
            self.preferred.pop((path, site), None)
        else:
            self.preferred[(path, site)] = previous

    def reset(self) -> None:
        """Forget every edit and keep only the first choices."""
        self.preferred = dict(self._first)
