"""The state of one run of a config, and the records `explore` returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from ._errors import ParameterError, format_keys


class ParameterRecord(NamedTuple):
    """One parameter reached in a run, as `explore` reports it."""

    path: str
    group: str
    kind: str
    options: tuple | None
    option_values: tuple | None
    key: Any
    value: Any
    default: Any
    min: Any
    max: Any
    source: str
    site: tuple[str, int, int] | None


@dataclass(slots=True)
class Exploration:
    """The outcome of `Config.explore`."""

    results: dict | None
    snapshot: dict | None
    parameters: list[ParameterRecord]
    ignored: dict[str, str]
    error: BaseException | None


class Run:
    """Per-run tables shared by the HP objects of every level.

    Every table is keyed by full dotted path. The hot path reads them through the HP
    object of its level, which keeps direct references for speed.
    """

    __slots__ = (
        "overrides",
        "selections",
        "preferred_by_path",
        "preferred_by_site",
        "propagated",
        "snapshot",
        "records",
        "ignored",
        "groups",
    )

    def __init__(
        self,
        overrides: dict,
        selections: dict,
        preferred: dict | None,
        record: bool,
    ) -> None:
        self.overrides = overrides
        self.selections = selections
        self.preferred_by_path: dict = {}
        self.preferred_by_site: dict = {}
        for key, value in (preferred or {}).items():
            if type(key) is tuple:
                self.preferred_by_site[key] = value
            else:
                self.preferred_by_path[key] = value
        # path -> (is_override, value) for values given to hp.propagate.
        self.propagated: dict[str, tuple[bool, object]] = {}
        self.snapshot: dict = {}
        self.records: list | None = [] if record else None
        self.ignored: dict[str, str] = {}
        self.groups: set[str] = set()

    def add_propagated(self, prefix: str, selections, overrides, path: str) -> None:
        """Add the values given to `hp.propagate`.

        An outer level's values were added first, so they win over an inner
        level's. Within one call, an override wins over a selection for one path.
        """
        for values, is_override, what in (
            (overrides, True, "overrides"),
            (selections, False, "selections"),
        ):
            if values is None:
                continue
            if not isinstance(values, dict):
                raise ParameterError(
                    f"{path}: hp.propagate({what}=...) must be a dict of paths to "
                    f"values, got {values!r}",
                    path=path,
                )
            for key, value in values.items():
                if type(key) is not str:
                    raise ParameterError(
                        f"{path}: hp.propagate({what}=...) has the key {key!r}; "
                        "keys must be dotted paths as str",
                        path=path,
                    )
                full = prefix + key
                if full in self.propagated:
                    self.ignored[full] = "set by an outer level's hp.propagate"
                else:
                    self.propagated[full] = (is_override, value)

    def finish_ignored(self) -> None:
        """List preferred and propagated values that no parameter used."""
        snapshot, ignored = self.snapshot, self.ignored
        for path in [*self.preferred_by_path, *self.propagated]:
            if path not in snapshot and path not in ignored:
                ignored[path] = "not reached"
        for path, _site in self.preferred_by_site:
            if path not in snapshot and path not in ignored:
                ignored[path] = "not reached"

    def build_records(self) -> list[ParameterRecord]:
        """Turn the tuples the hot path stored into ParameterRecords."""
        return list(map(ParameterRecord._make, self.records))

    def duplicate(self, path: str) -> ParameterError:
        """Build the error for a path reached twice in one run."""
        return ParameterError(
            f"{path}: two hp calls reached this path in one run (a loop, or a "
            "helper called twice); pass a distinct name= to each, such as "
            f'name=f"{path.rpartition(".")[2]}_{{i}}"',
            path=path,
        )

    def selection_kind_error(self, path: str, kind: str, value: object):
        """Build the error for a selection given to a parameter that is not a select."""
        return ParameterError(
            f"{path}: got the selection {value!r}, but this parameter is hp.{kind}; "
            "selections apply to select and multi_select only, so pass the value "
            "in overrides",
            path=path,
        )

    def missing_default(self, path: str, options) -> ParameterError:
        """Build the error for a select with no default that nothing chose."""
        return ParameterError(
            f"{path}: this select has no default and no selection or override chose "
            f"an option; pass selections={{{path!r}: <key>}} with one of: "
            f"{format_keys(options)}",
            path=path,
        )
