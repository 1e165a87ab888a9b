"""Helpers shared by the engine tests: configs written to files, exact comparison."""

import importlib.util
import itertools
import sys
import textwrap
from pathlib import Path

HEADER = "from hypster import HP, config\n"

_module_numbers = itertools.count()


def import_file(path):
    """Import the Python file at `path` as a fresh module and return the module."""
    module_name = f"_hypster_engine_test_{next(_module_numbers)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def config_source(body, *, header="", hp="hp", decorator="@config"):
    """Return the text of a file defining `cfg` with `body` as its body."""
    body = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    return f"{HEADER}{header}\n\n{decorator}\ndef cfg({hp}: HP):\n{body}\n"


def write_file(directory, text, stem="config"):
    """Write `text` to a new file in `directory` and return its path."""
    path = Path(directory) / f"{stem}_{next(_module_numbers)}.py"
    path.write_text(text, encoding="utf-8")
    return path


def config_from_body(directory, body, **kwargs):
    """Write a config with `body` to a file in `directory`, import it, return `cfg`."""
    path = write_file(directory, config_source(body, **kwargs))
    return import_file(path).cfg


def position_of(text, needle):
    """Return the 1-based line and 0-based column of the only `needle` in `text`."""
    assert text.count(needle) == 1, f"{needle!r} must occur once"
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle)
    raise AssertionError(needle)


def position_in_file(path, needle):
    """Return the 1-based line and 0-based column of the only `needle` in a file."""
    return position_of(Path(path).read_text(encoding="utf-8"), needle)


def assert_same(actual, expected, where="value"):
    """Assert equality that also compares types, recursively, and dict key order."""
    assert type(actual) is type(expected), (
        f"{where}: type {type(actual).__name__} != {type(expected).__name__}"
        f" ({actual!r} vs {expected!r})"
    )
    if isinstance(expected, dict):
        assert list(actual) == list(expected), f"{where}: keys {list(actual)!r}"
        for key in expected:
            same_key = [k for k in actual if type(k) is type(key) and k == key]
            assert same_key, f"{where}: key {key!r} differs in type"
            assert_same(actual[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            assert_same(left, right, f"{where}[{index}]")
    elif isinstance(expected, (set, frozenset)):
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
