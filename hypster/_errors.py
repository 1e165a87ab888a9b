"""The exceptions raised by the engine.

Every message starts with the dotted parameter path (or the config's name when no
parameter is involved), shows the offending value and ends with how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "ConfigSyntaxError",
    "HypsterError",
    "LoadError",
    "ParameterError",
    "SaveError",
    "SourceError",
    "UnknownParameterError",
]


class HypsterError(ValueError):
    """Base class of the engine's errors; `path` is the parameter or config named."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class ParameterError(HypsterError):
    """A parameter got a value it cannot take, or no value at all."""


class UnknownParameterError(HypsterError):
    """Selections or overrides name parameters that the run did not reach."""

    def __init__(self, message: str, *, unknown: list[str]) -> None:
        super().__init__(message, path=unknown[0] if unknown else None)
        self.unknown = unknown


class SourceError(HypsterError):
    """The source of a config function cannot be read."""


class SaveError(HypsterError):
    """A config cannot be written as a standalone file."""


class LoadError(HypsterError):
    """A config file cannot be loaded."""


class ConfigSyntaxError(SyntaxError):
    """A config body breaks a rule of the naming pass, pointing at the user's line."""


def nearest_names(name: str, known: Iterable[str]) -> list[str]:
    """Return up to three known names that look like `name`, closest first."""
    return difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)


def format_keys(keys: Iterable[object]) -> str:
    """Format option keys as a comma-separated list of reprs."""
    return ", ".join(repr(key) for key in keys)
