"""The naming pass: give every hp call in a config body its path.

The pass walks the parsed `def` once, at decoration. For each call `hp.<kind>(...)`
without `name=`, it finds the nearest place around the call that names something
(an assignment target, a dict key, a keyword argument) and adds two keywords to the
call node: `_path="<name>"` and `_site=(file, line, column)`. The user's text is
never changed. Calls with `name=` get only `_site`.

The same walk collects the names that the body binds by assignment, in source order,
which become the keys of the results.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ._errors import ConfigSyntaxError

# hp methods whose calls the pass names.
HP_METHODS = frozenset(
    {
        "select",
        "multi_select",
        "number",
        "int",
        "text",
        "bool",
        "multi_number",
        "multi_int",
        "multi_text",
        "multi_bool",
        "propagate",
    }
)

_KEY_TYPES = (str, int, float, bool)


class Unnamed:
    """The reason why no name reaches a position of the tree."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_NO_NAME_BARE = Unnamed("it stands in a bare expression, not an assignment")
_NO_NAME_ITEM = Unnamed("it is an item of a list, tuple or set")
_NO_NAME_COMPREHENSION = Unnamed("it is inside a comprehension")
_NO_NAME_LAMBDA = Unnamed("it is inside a lambda")
_NO_NAME_SUBSCRIPT = Unnamed("it is assigned to a subscript target")
_NO_NAME_EXPRESSION = Unnamed("it is inside an expression that does not pass names")
_NO_NAME_HP_ARGUMENT = Unnamed("it is an argument of another hp call")
_NO_NAME_KEY = Unnamed("its dict key is not a str, int, float or bool constant")


@dataclass
class BodyNames:
    """Facts the naming pass collects about a config body."""

    hp_name: str
    # Names the body binds by assignment, in order of first binding in the source.
    result_names: list[str] = field(default_factory=list)
    # Names bound directly to an hp call (kept in results even if the value is a
    # Config).
    direct_names: set[str] = field(default_factory=set)


@dataclass
class _Found:
    path: str | None
    arms: tuple[tuple[int, int], ...]
    node: ast.Call


class _Namer:
    def __init__(self, hp_name: str, filename: str, lines: list[str], inject: bool):
        self.hp_name = hp_name
        self.filename = filename
        self.lines = lines
        self.inject = inject
        self.found: list[_Found] = []
        # Nesting depth in functions, lambdas and classes defined in the body; names
        # bound at depth 0 are the body's own locals.
        self.depth = 0
        self.bound: dict[str, None] = {}
        self.direct: set[str] = set()

    # -- errors -----------------------------------------------------------------

    def error(self, node: ast.AST, message: str) -> ConfigSyntaxError:
        line = node.lineno
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        end_text = (
            self.lines[end_line - 1]
            if end_line and end_line <= len(self.lines)
            else None
        )
        return ConfigSyntaxError(
            message,
            (
                self.filename,
                line,
                _characters(text, node.col_offset) + 1,
                text,
                end_line,
                _characters(end_text, end_col) + 1 if end_col is not None else None,
            ),
        )

    # -- statements ---------------------------------------------------------------

    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        outer_found = self.found
        self.found = []
        if isinstance(node, ast.Assign):
            self.assign(node.targets[0], node.value)
            for target in node.targets:
                self.expression(target, _NO_NAME_EXPRESSION)
                self.bind(target, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            if node.value is not None:
                self.expression(node.value, target_path(node.target))
                self.bind(node.target, node.value)
            self.expression(node.target, _NO_NAME_EXPRESSION)
        elif isinstance(node, ast.Expr):
            self.expression(node.value, _NO_NAME_BARE)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.depth += 1
            self.fields(node)
            self.depth -= 1
        else:
            if isinstance(node, ast.Return) and self.depth == 0:
                raise self.body_level_error(node, "return")
            if isinstance(node, (ast.For, ast.AsyncFor)):
                self.bind(node.target, None)
            self.fields(node)
        self.check_duplicates()
        self.found = outer_found

    def fields(self, node: ast.AST) -> None:
        for name, value in ast.iter_fields(node):
            self.field(value, name)

    def field(self, value: object, name: str) -> None:
        if isinstance(value, list):
            for item in value:
                self.field(item, name)
        elif isinstance(value, ast.stmt):
            self.statement(value)
        elif isinstance(value, ast.expr):
            self.expression(value, _NO_NAME_EXPRESSION)
        elif isinstance(value, ast.AST):
            # withitem, excepthandler, match_case, arguments, keyword, ...
            if isinstance(value, ast.withitem) and value.optional_vars is not None:
                self.bind(value.optional_vars, None)
            self.fields(value)

    def bind(self, target: ast.expr, value: ast.expr | None) -> None:
        """Note the names an assignment binds in the body's own scope."""
        if self.depth:
            return
        if isinstance(target, ast.Name):
            self.bound.setdefault(target.id, None)
            if value is not None and _is_named_call(value):
                self.direct.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = None
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(
                target.elts
            ):
                values = value.elts
            for index, item in enumerate(target.elts):
                self.bind(item, values[index] if values else None)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, None)

    def body_level_error(self, node: ast.AST, word: str) -> ConfigSyntaxError:
        return self.error(
            node,
            f"'{word}' at the config body's own level is not allowed: the results "
            "are the body's locals, so assign the value to a variable instead",
        )

    def assign(self, target: ast.expr, value: ast.expr) -> None:
        if (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, ast.Starred) for e in target.elts + value.elts)
        ):
            for item_target, item_value in zip(target.elts, value.elts, strict=True):
                self.assign(item_target, item_value)
            return
        self.expression(value, target_path(target))

    def check_duplicates(self) -> None:
        seen: dict[str, _Found] = {}
        for found in self.found:
            if found.path is None:
                continue
            earlier = seen.get(found.path)
            if earlier is None:
                seen[found.path] = found
            elif not _exclusive(earlier.arms, found.arms):
                raise self.error(
                    found.node,
                    f"{found.path}: two hp calls in one statement get this name; "
                    "pass a distinct name= to one of them",
                )

    # -- expressions --------------------------------------------------------------

    def expression(self, node: ast.expr, path: str | Unnamed, arms: tuple = ()) -> None:
        if isinstance(node, ast.Call):
            if self.is_hp_call(node):
                self.hp_call(node, path, arms)
                return
            self.expression(node.func, _NO_NAME_EXPRESSION, arms)
            for argument in node.args:
                if isinstance(argument, ast.Starred):
                    self.expression(argument.value, _NO_NAME_ITEM, arms)
                else:
                    self.expression(argument, path, arms)
            for keyword in node.keywords:
                if keyword.arg is None:
                    self.expression(keyword.value, path, arms)
                else:
                    self.expression(keyword.value, child_path(path, keyword.arg), arms)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    self.expression(value, path, arms)
                    continue
                self.expression(key, _NO_NAME_EXPRESSION, arms)
                if isinstance(key, ast.Constant) and type(key.value) in _KEY_TYPES:
                    self.expression(value, child_path(path, str(key.value)), arms)
                else:
                    self.expression(value, _NO_NAME_KEY, arms)
        elif isinstance(node, ast.BinOp):
            self.expression(node.left, path, arms)
            self.expression(node.right, path, arms)
        elif isinstance(node, ast.UnaryOp):
            self.expression(node.operand, path, arms)
        elif isinstance(node, ast.IfExp):
            self.expression(node.test, _NO_NAME_EXPRESSION, arms)
            self.expression(node.body, path, (*arms, (id(node), 0)))
            self.expression(node.orelse, path, (*arms, (id(node), 1)))
        elif isinstance(node, ast.Attribute):
            self.expression(node.value, path, arms)
        elif isinstance(node, ast.Subscript):
            self.expression(node.value, path, arms)
            self.expression(node.slice, _NO_NAME_EXPRESSION, arms)
        elif isinstance(node, ast.NamedExpr):
            self.expression(node.value, node.target.id, arms)
            self.bind(node.target, node.value)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for item in node.elts:
                self.expression(item, _NO_NAME_ITEM, arms)
        elif isinstance(
            node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
        ):
            self.children(node, _NO_NAME_COMPREHENSION, arms)
        elif isinstance(node, ast.Lambda):
            self.depth += 1
            self.children(node, _NO_NAME_LAMBDA, arms)
            self.depth -= 1
        else:
            if self.depth == 0 and isinstance(node, (ast.Yield, ast.YieldFrom)):
                raise self.body_level_error(node, "yield")
            if self.depth == 0 and isinstance(node, ast.Await):
                raise self.body_level_error(node, "await")
            self.children(node, _NO_NAME_EXPRESSION, arms)

    def children(self, node: ast.AST, path: Unnamed, arms: tuple) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, path, arms)
            elif isinstance(child, ast.AST):
                self.children(child, path, arms)

    def is_hp_call(self, node: ast.Call) -> bool:
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in HP_METHODS
            and isinstance(func.value, ast.Name)
            and func.value.id == self.hp_name
        )

    def hp_call(self, node: ast.Call, path: str | Unnamed, arms: tuple) -> None:
        for argument in node.args:
            self.expression(argument, _NO_NAME_HP_ARGUMENT, arms)
        explicit = None
        for keyword in node.keywords:
            if keyword.arg in ("_path", "_site"):
                raise self.error(
                    node,
                    f"hp.{node.func.attr}: '{keyword.arg}' is "
                    "reserved for the naming pass; remove it",
                )
            if keyword.arg == "name":
                explicit = keyword.value
            self.expression(keyword.value, _NO_NAME_HP_ARGUMENT, arms)
        call = f"hp.{node.func.attr}(...)"
        if explicit is not None:
            if isinstance(explicit, ast.Constant):
                name = explicit.value
                if not isinstance(name, str):
                    raise self.error(node, f"{call}: name={name!r} must be a str")
                if "." in name:
                    raise self.error(
                        node,
                        f"{name}: an explicit name may not contain a dot; nested "
                        "paths come from hp.propagate, so use a name like "
                        f"{name.replace('.', '_')!r}",
                    )
                self.found.append(_Found(name, arms, node))
        else:
            if not self.inject:
                raise self.error(
                    node,
                    f"{call} has no name=, and automatic naming is off for this "
                    'config (inject_names=False); pass name="..." to the call',
                )
            if isinstance(path, Unnamed):
                raise self.error(
                    node,
                    f"cannot infer a name for {call} because {path.reason}. "
                    'Assign it to a variable, or pass name="..."',
                )
            self.found.append(_Found(path, arms, node))
            node.keywords.append(_keyword(node, "_path", path))
        site = (self.filename, node.lineno, node.col_offset)
        node.keywords.append(_keyword(node, "_site", site))
        if node.func.attr in ("select", "multi_select") and _literal_options(node):
            node.keywords.append(_keyword(node, "_known", True))


def _characters(text: str | None, byte_offset: int) -> int:
    """Convert the AST's UTF-8 byte offset to the character offset SyntaxError uses."""
    if text is None:
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _keyword(node: ast.Call, name: str, value: object) -> ast.keyword:
    location = {
        "lineno": node.lineno,
        "col_offset": node.col_offset,
        "end_lineno": node.end_lineno,
        "end_col_offset": node.end_col_offset,
    }
    return ast.keyword(
        arg=name, value=ast.Constant(value=value, **location), **location
    )


def _literal_options(node: ast.Call) -> bool:
    """Tell whether a select's options are a literal of distinct constant keys.

    Such options need no check at run time; anything else is checked per call.
    """
    options = node.args[0] if node.args else None
    for keyword in node.keywords:
        if keyword.arg == "options":
            options = keyword.value
    if isinstance(options, ast.Dict):
        keys = options.keys
    elif isinstance(options, (ast.List, ast.Tuple)):
        keys = options.elts
    else:
        return False
    if not keys or not all(
        isinstance(key, ast.Constant) and type(key.value) in _KEY_TYPES for key in keys
    ):
        return False
    typed = {(type(key.value), key.value) for key in keys}
    return len(typed) == len(keys)


def _exclusive(first: tuple, second: tuple) -> bool:
    """Tell whether two calls sit in different arms of one conditional expression."""
    arms = dict(first)
    return any(arms.get(node_id, arm) != arm for node_id, arm in second)


def target_path(target: ast.expr) -> str | Unnamed:
    """Return the path an assignment target gives, such as `x` or `obj.lr`."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        base = target_path(target.value)
        if isinstance(base, str):
            return f"{base}.{target.attr}"
        return base
    if isinstance(target, ast.Subscript):
        return _NO_NAME_SUBSCRIPT
    return _NO_NAME_ITEM


def child_path(path: str | Unnamed, part: str) -> str | Unnamed:
    """Extend `path` by a dict key or keyword, rejecting keys that hold a dot."""
    if isinstance(path, Unnamed):
        return path
    if "." in part:
        return Unnamed(
            f"its dict key {part!r} contains a dot, which would split the path"
        )
    return f"{path}.{part}"


def _is_named_call(node: ast.AST) -> bool:
    """Tell whether `node` is an hp call that the pass has already named."""
    return isinstance(node, ast.Call) and any(
        keyword.arg == "_site" for keyword in node.keywords
    )


def name_calls(
    node: ast.FunctionDef, filename: str, lines: list[str], inject: bool
) -> BodyNames:
    """Name every hp call in `node` in place and return what the pass learned."""
    arguments = node.args.posonlyargs + node.args.args
    if not arguments:
        raise ConfigSyntaxError(
            f"config {node.name!r} takes no parameter; declare it as "
            f"'def {node.name}(hp: HP):'",
            (
                filename,
                node.lineno,
                node.col_offset + 1,
                lines[node.lineno - 1],
                None,
                None,
            ),
        )
    hp_name = arguments[0].arg
    namer = _Namer(hp_name, filename, lines, inject)
    namer.statements(node.body)
    result_names = [name for name in namer.bound if name != hp_name]
    return BodyNames(hp_name, result_names, namer.direct)
