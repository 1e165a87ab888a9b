"""The `@config` decorator and the `Config` object it returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._errors import HypsterError, UnknownParameterError, nearest_names
from ._hp import HP
from ._naming import name_calls
from ._run import Exploration, Run
from ._source import compile_body, find_function, function_text, read_lines


class Config:
    """A config function, named and compiled once; call it to run the body.

    `func` is the original function, `name` its name, `source` its text.
    """

    def __init__(self, func: Callable, *, inject_names: bool = True) -> None:
        if not callable(func) or not hasattr(func, "__code__"):
            raise TypeError(
                f"@config decorates a function defined with def, got {func!r}"
            )
        self.func = func
        self.name = func.__name__
        self.inject_names = inject_names
        filename, lines = read_lines(func)
        node = find_function(func, filename, lines)
        self.source = function_text(node, lines)
        body = name_calls(node, filename, lines, inject_names)
        self._hp_name = body.hp_name
        self._result_names = body.result_names
        self._direct_names = body.direct_names
        self._public_names = [n for n in body.result_names if not n.startswith("_")]
        self.filename = filename
        _append_return_locals(node)
        self._body = compile_body(func, node, filename)
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def __repr__(self) -> str:
        return f"<Config {self.name}>"

    # -- running ------------------------------------------------------------------

    def __call__(
        self,
        *,
        final_vars: list[str] | None = None,
        selections: dict | None = None,
        overrides: dict | None = None,
        return_config_snapshot: bool = False,
    ) -> dict | tuple[dict, dict]:
        """Run the body; return the results, and the snapshot if asked."""
        run = Run(
            _checked_paths(overrides, "overrides"),
            _checked_paths(selections, "selections"),
            None,
            record=False,
        )
        results = self._run_body(HP(run), _checked_names(final_vars), "")
        _check_unknown(run, strict=True)
        if return_config_snapshot:
            return results, run.snapshot
        return results

    def explore(
        self,
        *,
        selections: dict | None = None,
        overrides: dict | None = None,
        final_vars: list[str] | None = None,
        preferred: dict | None = None,
        catch: bool = False,
        strict: bool = True,
    ) -> Exploration:
        """Run the body once and report every parameter it reached.

        `preferred` maps paths, or `(path, site)` pairs, to values used when no
        call-time selection or override sets the parameter. A preferred value that
        is not reached or does not fit is listed in `ignored`, never raised. With
        `catch=True` an exception in the run is returned in `error` instead of
        raised. With `strict=False` unknown call-time paths go to `ignored`.
        """
        run = Run(
            _checked_paths(overrides, "overrides"),
            _checked_paths(selections, "selections"),
            _checked_preferred(preferred),
            record=True,
        )
        try:
            results = self._run_body(HP(run), _checked_names(final_vars), "")
            _check_unknown(run, strict=strict)
        except Exception as error:
            if not catch:
                raise
            records = run.build_records()
            return Exploration(None, None, records, run.ignored, error)
        run.finish_ignored()
        records = run.build_records()
        return Exploration(results, run.snapshot, records, run.ignored, None)

    def _run_body(self, hp: HP, final_vars: list[str] | None, path: str) -> dict:
        """Run the compiled body with `hp`; return its results dict."""
        local_names = self._body(hp)
        if final_vars is not None:
            missing = [name for name in final_vars if name not in local_names]
            if missing:
                where = f"{path}: " if path else ""
                bound = [n for n in self._result_names if n in local_names]
                raise HypsterError(
                    f"{where}final_vars names {missing!r}, which the run of "
                    f"{self.name} did not bind; names it bound: {bound!r}",
                    path=missing[0],
                )
            return {name: local_names[name] for name in final_vars}
        results = {
            name: local_names[name]
            for name in self._public_names
            if name in local_names
        }
        if Config in set(map(type, results.values())):
            # A config loaded or referenced in the body is a tool, not a result,
            # unless the name is bound directly to an hp call.
            for name, value in list(results.items()):
                if isinstance(value, Config) and name not in self._direct_names:
                    del results[name]
        return results


def config(func: Callable | None = None, *, inject_names: bool = True) -> Any:
    """Turn a function `def my_config(hp: HP): ...` into a `Config`.

    Use it as `@config` or `@config(inject_names=False)`. With automatic naming off,
    every hp call must carry `name=`.
    """
    if func is None:
        return lambda inner: Config(inner, inject_names=inject_names)
    return Config(func, inject_names=inject_names)


def _append_return_locals(node) -> None:
    import ast

    from ._source import LOCALS_NAME

    call = ast.Call(func=ast.Name(id=LOCALS_NAME, ctx=ast.Load()), args=[], keywords=[])
    statement = ast.Return(value=call)
    last = node.body[-1]
    ast.copy_location(statement, last)
    ast.copy_location(call, last)
    ast.copy_location(call.func, last)
    statement.lineno = call.lineno = call.func.lineno = last.end_lineno
    node.body.append(statement)


def _checked_paths(values: dict | None, what: str) -> dict:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise TypeError(
            f"{what} must be a dict of dotted paths to values, got "
            f"{type(values).__name__} {values!r}"
        )
    for key in values:
        if type(key) is not str:
            raise TypeError(
                f"{what} has the key {key!r}; keys must be dotted paths as str, "
                'such as "llm_config.temperature"'
            )
    return values


def _checked_preferred(values: dict | None) -> dict | None:
    if not values:
        return None
    if not isinstance(values, dict):
        raise TypeError(f"preferred must be a dict, got {values!r}")
    return values


def _checked_names(final_vars) -> list[str] | None:
    if final_vars is None:
        return None
    if isinstance(final_vars, str) or not all(isinstance(n, str) for n in final_vars):
        raise TypeError(
            f"final_vars must be a list of names, got {final_vars!r}; "
            'write final_vars=["model"] for one name'
        )
    return list(final_vars)


def _check_unknown(run: Run, *, strict: bool) -> None:
    snapshot = run.snapshot
    unknown = [path for path in run.overrides if path not in snapshot]
    unknown += [
        path for path in run.selections if path not in snapshot and path not in unknown
    ]
    if not unknown:
        return
    if not strict:
        for path in unknown:
            run.ignored[path] = "not reached"
        return
    lines = []
    for path in unknown:
        near = nearest_names(path, snapshot)
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        lines.append(f"{path!r}{hint}")
    raise UnknownParameterError(
        f"{unknown[0]}: no parameter reached in this run has this path. Unknown "
        f"selections or overrides: {', '.join(lines)}. Parameters reached: "
        f"{', '.join(snapshot) or 'none'}; a parameter in a branch not taken is not "
        "reached",
        unknown=unknown,
    )
