"""Saving a config as a standalone module, and loading configs from files."""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import os
import tempfile
import tokenize
import types
from pathlib import Path

from ._config import Config
from ._errors import LoadError, SaveError

# Configs built by `load`, per absolute path: ((mtime_ns, size), configs by name).
_loaded: dict[str, tuple[tuple[int, int], dict[str, Config]]] = {}


# -- save ---------------------------------------------------------------------------


def save(config: Config, path: str | os.PathLike) -> None:
    """Write `config` to `path` as an importable module.

    The file contains the imports the body needs and the function as written, with an
    `@config` line added if it had none. Folders are created, the file is replaced
    atomically, and saving twice writes the same bytes.
    """
    if not isinstance(config, Config):
        raise TypeError(f"save takes a config made with @config, got {config!r}")
    node, lines = _parse_source(config)
    text = _function_lines(node, lines)
    imports = _imports_for(config, node)
    if not node.decorator_list:
        imports.add("from hypster import config")
        text = "@config\n" + text
    header = _merge_imports(imports)
    content = (header + "\n\n\n" if header else "") + text
    if not content.endswith("\n"):
        content += "\n"
    _write_atomically(Path(path), content)


def _parse_source(config: Config) -> tuple[ast.FunctionDef, list[str]]:
    """Parse the source read at decoration, so a later edit of the file is ignored.

    An indented function (defined inside another) is parsed under `if True:`.
    """
    text = config.source
    indented = text[:1].isspace()
    wrapped = "if True:\n" + text if indented else text
    tree = ast.parse(wrapped)
    node = tree.body[0].body[0] if indented else tree.body[0]
    return node, wrapped.splitlines(keepends=True)


def _function_lines(node: ast.FunctionDef, lines: list[str]) -> str:
    """Return the function's lines, moved to column 0 where it was indented.

    Lines inside a multi-line string keep their text exactly, because removing
    their indentation would change the string's value.
    """
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    chunk = lines[start - 1 : node.end_lineno]
    indent = node.col_offset
    if indent == 0:
        return "".join(chunk)
    keep = _string_continuation_lines("".join(chunk))
    out = []
    for number, line in enumerate(chunk, start=1):
        if number in keep or not line[:indent].isspace():
            out.append(line)
        else:
            out.append(line[indent:])
    return "".join(out)


def _string_continuation_lines(text: str) -> set[int]:
    lines: set[int] = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError):
        return lines
    for token in tokens:
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            lines.update(range(token.start[0] + 1, token.end[0] + 1))
    return lines


def _merge_imports(lines: set[str]) -> str:
    """Sort import lines, plain imports first, one `from` line per module."""
    plain = sorted(line for line in lines if line.startswith("import "))
    names_by_module: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("from "):
            module, _, names = line[len("from ") :].partition(" import ")
            names_by_module.setdefault(module, set()).add(names)
    from_lines = [
        f"from {module} import {', '.join(sorted(names))}"
        for module, names in sorted(names_by_module.items())
    ]
    return "\n".join(plain + from_lines)


def _imports_for(config: Config, node: ast.FunctionDef) -> set[str]:
    """Return the import lines for the global names the function uses.

    Modules become `import x`, importable classes and functions `from m import x`.
    Anything else (module-level variables, closure cells) cannot be carried, and
    `save` raises naming those names.
    """
    func = config.func
    if func.__code__.co_freevars:
        raise SaveError(
            f"{config.name}: the body uses variables of an enclosing function "
            f"({', '.join(func.__code__.co_freevars)}), which a file cannot carry; "
            "define the config at module level and pass such values as parameters",
            path=config.name,
        )
    imports: set[str] = set()
    refused: list[str] = []
    for name in sorted(_global_names(node)):
        if name in func.__globals__:
            value = func.__globals__[name]
        elif hasattr(builtins, name):
            continue
        else:
            refused.append(f"{name} (not defined)")
            continue
        line = _import_line(name, value)
        if line is None:
            refused.append(f"{name} ({type(value).__name__})")
        else:
            imports.add(line)
    if refused:
        raise SaveError(
            f"{config.name}: the body uses names that a saved file cannot carry: "
            f"{', '.join(refused)}; import them inside the body, or make them "
            "importable from a module",
            path=config.name,
        )
    return imports


def _import_line(name: str, value: object) -> str | None:
    if isinstance(value, types.ModuleType):
        module = value.__name__
        if module == name:
            return f"import {module}"
        if module.endswith("." + name):
            return f"from {module.rpartition('.')[0]} import {name}"
        return f"import {module} as {name}"
    if isinstance(value, Config):
        value = value.func
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if not module or not qualname or "." in qualname or module == "__main__":
        return None
    if module.startswith("hypster.") or module == "hypster":
        module = "hypster"
    try:
        imported = getattr(importlib.import_module(module), qualname)
    except (ImportError, AttributeError):
        return None
    if imported is not value and getattr(imported, "func", None) is not value:
        return None
    if qualname == name:
        return f"from {module} import {name}"
    return f"from {module} import {qualname} as {name}"


def _global_names(node: ast.FunctionDef) -> set[str]:
    """Return the names the function reads that no scope inside it binds."""
    loaded: set[str] = set()
    bound: set[str] = set()
    for current in ast.walk(node):
        if isinstance(current, ast.Name):
            if isinstance(current.ctx, ast.Load):
                loaded.add(current.id)
            else:
                bound.add(current.id)
        elif isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if current is not node:
                bound.add(current.name)
        elif isinstance(current, ast.arg):
            bound.add(current.arg)
        elif isinstance(current, (ast.Import, ast.ImportFrom)):
            for alias in current.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(current, ast.ExceptHandler) and current.name:
            bound.add(current.name)
    # Decorators and annotations of the config itself are read at module level.
    outer = set()
    for expression in [*node.decorator_list, *(a.annotation for a in node.args.args)]:
        if expression is not None:
            outer |= {n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}
    return (loaded - bound) | outer


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# -- load ---------------------------------------------------------------------------


def load(path: str | os.PathLike, *, name: str | None = None) -> Config:
    """Run the Python file at `path` and return the config it defines.

    Loading runs the file's code, as `import` would. With several configs in the
    file, `name` picks one. A file is read again only when it changed on disk;
    a relative path is relative to the working directory.
    """
    absolute = os.path.abspath(os.fspath(path))
    try:
        stat = os.stat(absolute)
    except FileNotFoundError:
        raise LoadError(
            f"{os.fspath(path)}: file not found (looked for {absolute}); check "
            "the path, which is relative to the working directory "
            f"{os.getcwd()}",
            path=os.fspath(path),
        ) from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(absolute)
    if cached is not None and cached[0] == stamp:
        configs = cached[1]
    else:
        configs = _execute(absolute, os.fspath(path))
        _loaded[absolute] = (stamp, configs)
    return _pick(configs, name, os.fspath(path))


def _execute(absolute: str, shown: str) -> dict[str, Config]:
    with open(absolute, "rb") as file:
        source = file.read()
    try:
        code = compile(source, absolute, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise LoadError(
            f"{shown}: syntax error at line {error.lineno}: {error.msg}; fix the "
            "file and load it again",
            path=shown,
        ) from error
    stem = Path(absolute).stem
    module = types.ModuleType(f"hypster_loaded_{stem}")
    module.__file__ = absolute
    import linecache

    linecache.checkcache(absolute)
    exec(code, module.__dict__)
    return {
        key: value
        for key, value in module.__dict__.items()
        if isinstance(value, Config) and value.filename == absolute
    }


def _pick(configs: dict[str, Config], name: str | None, shown: str) -> Config:
    if name is not None:
        if name not in configs:
            raise LoadError(
                f"{shown}: defines no config named {name!r}; configs in the file: "
                f"{', '.join(configs) or 'none'}",
                path=shown,
            )
        return configs[name]
    if not configs:
        raise LoadError(
            f"{shown}: defines no config; decorate a function in it with @config",
            path=shown,
        )
    if len(configs) > 1:
        raise LoadError(
            f"{shown}: defines several configs ({', '.join(configs)}); pass "
            "name= to pick one",
            path=shown,
        )
    return next(iter(configs.values()))
