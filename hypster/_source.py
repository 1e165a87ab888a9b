"""Reading a config function's source and compiling the named body again.

The decorator cannot work from the text alone: names are injected into the parsed
tree, never into the user's text, and the result must behave like the original
function. In pseudo-code:

    lines = linecache lines of func's file or notebook cell
    node  = the def in ast.parse(lines) that starts on func's first line
    ...the naming pass edits node...
    code  = compile(def __hypster_outer__(<free variables>): <node>)
    new   = FunctionType(<node's code>, func.__globals__, closure=func's cells)

The outer function exists only so that the inner code object gets the same free
variables (closure cells) as the original. Line numbers come from the full parse of
the file, so tracebacks point at the user's lines.
"""

from __future__ import annotations
import __future__

import ast
import linecache
import sys
import types
from collections.abc import Callable

from ._errors import ConfigSyntaxError, SourceError

# Names the compiled wrapper adds; user code cannot reach them by accident.
OUTER_NAME = "__hypster_outer__"
LOCALS_NAME = "__hypster_locals__"

_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag


def read_lines(func: Callable) -> tuple[str, list[str]]:
    """Return the file name and the source lines of the file or cell holding `func`."""
    code = func.__code__
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, func.__globals__)
    if not lines:
        raise SourceError(
            f"{func.__qualname__}: cannot read the source of this config "
            f"(file {filename!r}); define the function in a .py file or a "
            "notebook cell, not through exec or the plain interactive prompt",
            path=func.__qualname__,
        )
    return filename, lines


def find_function(func: Callable, filename: str, lines: list[str]) -> ast.FunctionDef:
    """Find the `def` node of `func` in the parsed file.

    The node is matched by name and by its first line (the first decorator's line, as
    `co_firstlineno` counts it), so two functions of one name are distinguished.
    """
    try:
        tree = ast.parse("".join(lines), filename)
    except SyntaxError as error:
        raise SourceError(
            f"{func.__qualname__}: the source in {filename!r} no longer parses "
            f"({error.msg}, line {error.lineno}); run the cell or reload the module",
            path=func.__qualname__,
        ) from error
    first_line = func.__code__.co_firstlineno
    for node in _statements(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.name != func.__name__:
            continue
        start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        if start == first_line:
            if isinstance(node, ast.AsyncFunctionDef):
                raise ConfigSyntaxError(
                    f"config {node.name!r} is declared with 'async def'; "
                    "a config must be a plain 'def' function",
                    (
                        filename,
                        node.lineno,
                        node.col_offset + 1,
                        lines[node.lineno - 1],
                        None,
                        None,
                    ),
                )
            return node
    raise SourceError(
        f"{func.__qualname__}: its source in {filename!r} changed since it was "
        "defined; run the cell again or reload the module",
        path=func.__qualname__,
    )


def _statements(tree: ast.Module):
    """Yield every statement of the tree, nested ones included, but no expression.

    A def is always a statement, so the search skips the expressions, which make up
    most of a long config body.
    """
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(children)


def function_text(node: ast.FunctionDef, lines: list[str]) -> str:
    """Return the text of the function, decorators included, as the user wrote it."""
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    return "".join(lines[start - 1 : node.end_lineno])


def compile_body(
    func: Callable, node: ast.FunctionDef, filename: str
) -> types.FunctionType:
    """Compile the edited `def` node into a function with `func`'s globals and cells.

    The node must already end with `return __hypster_locals__()`. That name is bound
    to the builtin `locals` through an extra closure cell, so a user's own `locals`
    cannot shadow it.
    """
    node.decorator_list = []
    free_names = list(func.__code__.co_freevars)
    outer = ast.FunctionDef(
        name=OUTER_NAME,
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg=name) for name in [*free_names, LOCALS_NAME]],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=[node, ast.Return(value=ast.Name(id=node.name, ctx=ast.Load()))],
        decorator_list=[],
        returns=None,
        type_comment=None,
    )
    if sys.version_info >= (3, 12):
        outer.type_params = []
    # Give the new nodes the def's location; the user's nodes keep their own.
    for new_node in [outer, *outer.args.args, *ast.walk(outer.body[1])]:
        ast.copy_location(new_node, node)
    module = ast.Module(body=[outer], type_ignores=[])
    flags = func.__code__.co_flags & _FUTURE_FLAGS
    module_code = compile(module, filename, "exec", flags=flags, dont_inherit=True)

    outer_code = _only_code(module_code, OUTER_NAME)
    inner_code = _only_code(outer_code, node.name)
    wrong_prefix = f"{OUTER_NAME}.<locals>."
    parent = func.__qualname__.rpartition(".")[0]
    inner_code = _fix_qualnames(
        inner_code, wrong_prefix, parent + "." if parent else ""
    )

    cells = dict(zip(func.__code__.co_freevars, func.__closure__ or (), strict=True))
    cells[LOCALS_NAME] = types.CellType(locals)
    closure = tuple(cells[name] for name in inner_code.co_freevars)
    new = types.FunctionType(
        inner_code, func.__globals__, func.__name__, func.__defaults__, closure
    )
    new.__kwdefaults__ = func.__kwdefaults__
    new.__qualname__ = func.__qualname__
    new.__module__ = func.__module__
    return new


def _only_code(code: types.CodeType, name: str) -> types.CodeType:
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const.co_name == name:
            return const
    raise AssertionError(f"compiled wrapper has no code object named {name!r}")


def _fix_qualnames(code: types.CodeType, wrong: str, right: str) -> types.CodeType:
    """Give functions and classes defined in the body the qualified names they had.

    Python 3.11+ keeps the name in `co_qualname`; 3.10 keeps it as a string constant
    next to the nested code object, so both are rewritten.
    """
    consts = []
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            const = _fix_qualnames(const, wrong, right)
        elif isinstance(const, str) and const.startswith(wrong):
            const = right + const[len(wrong) :]
        consts.append(const)
    changes: dict[str, object] = {"co_consts": tuple(consts)}
    qualname = getattr(code, "co_qualname", None)
    if qualname is not None and qualname.startswith(wrong):
        changes["co_qualname"] = right + qualname[len(wrong) :]
    return code.replace(**changes)
