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
_NO_NAME_DISABLED = Unnamed("automatic naming is off (inject_names=False)")


@dataclass
class BodyNames:
    """What the naming pass learned about a config body."""

    hp_name: str
    # Names the body binds by assignment, in order of first binding in the source.
    result_names: list[str] = field(default_factory=list)
    # Names bound directly to an hp call (kept in results even if the value is a
    # Config).
    direct_names: set[str] = field(default_factory=set)
    # Number of hp calls found.
    call_count: int = 0


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
        self.call_count = 0

    # -- errors -----------------------------------------------------------------

    def error(self, node: ast.AST, message: str) -> ConfigSyntaxError:
        line = node.lineno
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        return ConfigSyntaxError(
            message,
            (
                self.filename,
                line,
                node.col_offset + 1,
                text,
                end_line,
                end_col + 1 if end_col is not None else None,
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
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            if node.value is not None:
                self.expression(node.value, target_path(node.target))
            self.expression(node.target, _NO_NAME_EXPRESSION)
        elif isinstance(node, ast.Expr):
            self.expression(node.value, _NO_NAME_BARE)
        else:
            for name, value in ast.iter_fields(node):
                self.field(value, name)
        self.check_duplicates()
        self.found = outer_found

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
            for child_name, child in ast.iter_fields(value):
                self.field(child, child_name)

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
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for item in node.elts:
                self.expression(item, _NO_NAME_ITEM, arms)
        elif isinstance(
            node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
        ):
            self.children(node, _NO_NAME_COMPREHENSION, arms)
        elif isinstance(node, ast.Lambda):
            self.children(node, _NO_NAME_LAMBDA, arms)
        else:
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
        self.call_count += 1
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
                path = _NO_NAME_DISABLED
            if isinstance(path, Unnamed):
                raise self.error(
                    node,
                    f"cannot infer a name for {call} because {path.reason}; "
                    'assign it to a variable or pass name="..."',
                )
            self.found.append(_Found(path, arms, node))
            node.keywords.append(_keyword(node, "_path", path))
        site = (self.filename, node.lineno, node.col_offset)
        node.keywords.append(_keyword(node, "_site", site))


def _keyword(node: ast.Call, name: str, value: object) -> ast.keyword:
    keyword = ast.keyword(arg=name, value=ast.Constant(value=value))
    ast.copy_location(keyword, node)
    ast.copy_location(keyword.value, node)
    return keyword


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
            f"the dict key {part!r} contains a dot, which would split the path; "
            "rename the key"
        )
    return f"{path}.{part}"


def check_body_level(node: ast.FunctionDef, namer_error) -> None:
    """Reject `return`, `yield` and `await` at the body's own level."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        if isinstance(
            current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
        ):
            continue
        if isinstance(current, (ast.Return, ast.Yield, ast.YieldFrom, ast.Await)):
            word = {ast.Return: "return", ast.Await: "await"}.get(
                type(current), "yield"
            )
            raise namer_error(
                current,
                f"'{word}' at the config body's own level is not allowed: the "
                "results are the body's locals; assign the value to a variable",
            )
        stack.extend(ast.iter_child_nodes(current))


def collect_bound_names(node: ast.FunctionDef) -> tuple[list[str], set[str]]:
    """Return the assigned names in source order, and those bound to hp calls."""
    ordered: dict[str, None] = {}
    direct: set[str] = set()

    def bind(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            ordered.setdefault(target.id, None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for item in target.elts:
                bind(item)
        elif isinstance(target, ast.Starred):
            bind(target.value)

    def visit(current: ast.AST) -> None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in current.decorator_list:
                visit(decorator)
            return
        if isinstance(current, ast.Lambda):
            return
        if isinstance(current, (ast.Import, ast.ImportFrom)):
            return
        if isinstance(current, ast.Assign):
            visit(current.value)
            for target in current.targets:
                bind(target)
                visit(target)
            if _is_call(current.value):
                for target in current.targets:
                    if isinstance(target, ast.Name):
                        direct.add(target.id)
            _direct_items(current.targets[0], current.value, direct)
            return
        if isinstance(current, (ast.AnnAssign, ast.AugAssign)):
            if current.value is not None:
                visit(current.value)
                bind(current.target)
                if _is_call(current.value) and isinstance(current.target, ast.Name):
                    direct.add(current.target.id)
            visit(current.target)
            return
        if isinstance(current, ast.NamedExpr):
            visit(current.value)
            bind(current.target)
            if _is_call(current.value):
                direct.add(current.target.id)
            return
        if isinstance(current, (ast.For, ast.AsyncFor)):
            visit(current.iter)
            bind(current.target)
            for statement in current.body + current.orelse:
                visit(statement)
            return
        if isinstance(current, ast.withitem):
            visit(current.context_expr)
            if current.optional_vars is not None:
                bind(current.optional_vars)
            return
        if isinstance(current, ast.comprehension):
            # Comprehension variables live in the comprehension's own scope.
            visit(current.iter)
            for condition in current.ifs:
                visit(condition)
            return
        for child in ast.iter_child_nodes(current):
            visit(child)

    for statement in node.body:
        visit(statement)
    return list(ordered), direct


def _is_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and any(
        keyword.arg == "_site" for keyword in node.keywords
    )


def _direct_items(target: ast.AST, value: ast.AST, direct: set[str]) -> None:
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(
        value, (ast.Tuple, ast.List)
    ):
        for item_target, item_value in zip(target.elts, value.elts, strict=False):
            _direct_items(item_target, item_value, direct)
    elif isinstance(target, ast.Name) and _is_call(value):
        direct.add(target.id)


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
    check_body_level(node, namer.error)
    namer.statements(node.body)
    result_names, direct = collect_bound_names(node)
    result_names = [name for name in result_names if name != hp_name]
    return BodyNames(hp_name, result_names, direct, namer.call_count)
