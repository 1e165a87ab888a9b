"""The `%%hypster` and `%hypster` magics, registered by `%load_ext hypster`."""

from __future__ import annotations

import argparse
import ast
import re
import shlex
from collections.abc import Mapping
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import display

from hypster import HP, Config, config, save

from ._form import ConfigForm

CELL_USAGE = "%%hypster NAME [-s VAR] [-o VAR] [-f a,b] [-r VAR] [-w FILE]"
LINE_USAGE = "%hypster EXPR [-s VAR] [-o VAR] [-f a,b] [-r VAR]"

# The first option of a `%hypster EXPR ...` line: a dash and a letter after a space.
_FIRST_OPTION = re.compile(r"(?:^|\s)(?=--?[A-Za-z])")


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises `UsageError` instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\nusage: {self.usage}")


def _parser(usage: str, *, cell: bool) -> _Parser:
    parser = _Parser(prog="hypster", usage=usage, add_help=False)
    if cell:
        parser.add_argument("name")
    parser.add_argument("-s", dest="selections", metavar="VAR")
    parser.add_argument("-o", dest="overrides", metavar="VAR")
    parser.add_argument("-f", dest="final_vars", metavar="a,b")
    parser.add_argument("-r", dest="results", metavar="VAR")
    if cell:
        parser.add_argument("-w", dest="file", metavar="FILE")
    return parser


@magics_class
class HypsterMagics(Magics):
    """`%%hypster NAME` defines a config from a cell; `%hypster EXPR` shows a form.

    Options: `-s VAR` and `-o VAR` name notebook variables holding the form's
    selections and overrides, `-f a,b` gives `final_vars`, `-r VAR` keeps `VAR`
    equal to the form's current results, and `-w FILE` (cell only) saves the config
    to FILE.
    """

    def __init__(self, shell: Any = None) -> None:
        super().__init__(shell)
        #: The last form shown for each config name or expression.
        self.forms: dict[str, ConfigForm] = {}

    @line_cell_magic
    def hypster(self, line: str, cell: str | None = None) -> None:
        """Define a config from a cell and show its form, or show a config's form.

        Cell:  %%hypster NAME [-s VAR] [-o VAR] [-f a,b] [-r VAR] [-w FILE]
        Line:  %hypster EXPR [-s VAR] [-o VAR] [-f a,b] [-r VAR]
        """
        if cell is None:
            self._show_expression(line)
        else:
            self._define_from_cell(line, cell)

    def _define_from_cell(self, line: str, cell: str) -> None:
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise UsageError(f"{error}\nusage: {CELL_USAGE}") from None
        args = _parser(CELL_USAGE, cell=True).parse_args(words)
        if not args.name.isidentifier():
            raise UsageError(
                f"NAME must be a Python identifier, got {args.name!r}\n"
                f"usage: {CELL_USAGE}"
            )
        options = self._form_options(args, CELL_USAGE)

        defined = self._run_cell(cell)
        self.shell.user_ns[args.name] = defined
        if args.file:
            save(defined, args.file)
        self._show(args.name, defined, options, args.results)

    def _show_expression(self, line: str) -> None:
        match = _FIRST_OPTION.search(line.strip())
        text = line.strip()
        expression, rest = (
            (text[: match.start()], text[match.start() :]) if match else (text, "")
        )
        if not expression.strip():
            raise UsageError(f"missing the config expression\nusage: {LINE_USAGE}")
        try:
            words = shlex.split(rest)
        except ValueError as error:
            raise UsageError(f"{error}\nusage: {LINE_USAGE}") from None
        args = _parser(LINE_USAGE, cell=False).parse_args(words)
        options = self._form_options(args, LINE_USAGE)
        value = self.shell.ev(expression.strip())
        if not isinstance(value, Config):
            raise UsageError(
                f"{expression.strip()} is a {type(value).__name__}, not a config; "
                f"decorate the function with @config\nusage: {LINE_USAGE}"
            )
        self._show(expression.strip(), value, options, args.results)

    def _run_cell(self, cell: str) -> Config:
        """Execute a cell holding one config function and return it as a `Config`.

        The cell is compiled under a name cached in `linecache` by IPython's
        compiler, as IPython does for ordinary cells, so that `@config` can read
        the function's source.
        """
        shell = self.shell
        tree = ast.parse(cell)
        functions = [
            node
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        if len(functions) != 1:
            found = ", ".join(node.name for node in functions) or "none"
            raise UsageError(
                "a %%hypster cell must define exactly one config function at its "
                f"top level (found: {found})\nusage: {CELL_USAGE}"
            )
        filename = shell.compile.cache(cell, shell.execution_count, raw_code=cell)
        code = shell.compile(cell, filename, "exec")
        # `def f(hp: HP)` and `@config` need these names when the def runs. They are
        # added only where the notebook has not bound them itself.
        shell.user_ns.setdefault("HP", HP)
        shell.user_ns.setdefault("config", config)
        exec(code, shell.user_ns)
        value = shell.user_ns[functions[0].name]
        return value if isinstance(value, Config) else config(value)

    def _form_options(self, args: argparse.Namespace, usage: str) -> dict:
        options: dict[str, Any] = {}
        for flag, name in (("-s", "selections"), ("-o", "overrides")):
            variable = getattr(args, name)
            if variable is not None:
                options[name] = self._mapping_variable(flag, variable, usage)
        if args.final_vars is not None:
            names = [name.strip() for name in args.final_vars.split(",")]
            if not all(names):
                raise UsageError(
                    "-f takes result names separated by commas, such as -f model,lr; "
                    f"got {args.final_vars!r}\nusage: {usage}"
                )
            options["final_vars"] = names
        if args.results is not None and not args.results.isidentifier():
            raise UsageError(
                f"-r takes a variable name, got {args.results!r}\nusage: {usage}"
            )
        return options

    def _mapping_variable(self, flag: str, variable: str, usage: str) -> Mapping:
        try:
            value = self.shell.user_ns[variable]
        except KeyError:
            raise UsageError(
                f"{flag} {variable}: no notebook variable named {variable!r}; "
                f"define it as a dict first\nusage: {usage}"
            ) from None
        if not isinstance(value, Mapping):
            raise UsageError(
                f"{flag} {variable}: expected a dict of parameter paths, got "
                f"{type(value).__name__}\nusage: {usage}"
            )
        return value

    def _show(
        self, label: str, value: Config, options: dict, results_variable: str | None
    ) -> None:
        form = ConfigForm(value, **options)
        if results_variable is not None:
            user_ns = self.shell.user_ns
            user_ns[results_variable] = form.results

            def keep_results(change: dict) -> None:
                user_ns[results_variable] = change["new"]

            form.observe(keep_results, names="results")
        self.forms[label] = form
        display(form)


def load_ipython_extension(ipython: Any) -> None:
    """Register the hypster magics with an IPython shell."""
    ipython.register_magics(HypsterMagics)
