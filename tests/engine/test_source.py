# ruff: noqa: F841  (config bodies bind locals the results return)
"""Reading a config's source, and a body that behaves like the plain function."""

import linecache
import traceback

import pytest

import hypster
from hypster import HP, Config, SourceError, config

from .helpers import assert_same, import_file, position_in_file, write_file

SCALE = 10


def make_scoped_config():
    offset = 100

    @config
    def scoped(hp: HP):
        base = hp.int(2)
        scaled = base * SCALE
        shifted = base + offset
        squares = [base * i for i in range(3)]
        add = lambda value: value + base  # noqa: E731
        added = add(1)
        pairs = {i: base for i in range(2)}

    return scoped


def test_body_scope_like_plain_function():
    scoped = make_scoped_config()

    results = scoped(overrides={"base": 3})

    assert results["scaled"] == 30
    assert results["shifted"] == 103
    assert results["squares"] == [0, 3, 6]
    assert results["added"] == 4
    assert results["pairs"] == {0: 3, 1: 3}


def test_closure_cell_change_seen_by_next_call():
    counter = 1

    @config
    def reads_cell(hp: HP):
        value = counter + hp.int(0)

    first = reads_cell()["value"]
    counter = 5
    second = reads_cell()["value"]

    assert first == 1
    assert second == 5


def test_config_attributes():
    scoped = make_scoped_config()

    assert isinstance(scoped, Config)
    assert scoped.name == "scoped"
    assert scoped.func.__name__ == "scoped"
    assert "def scoped(hp: HP):" in scoped.source
    assert "scaled = base * SCALE" in scoped.source


@config
def defines_class(hp: HP):
    class Local:
        pass

    def local_function():
        return 1

    instance = Local()
    function = local_function


def test_body_class_qualname():
    results = defines_class()

    assert type(results["instance"]).__qualname__ == "defines_class.<locals>.Local"
    assert results["function"].__qualname__ == ("defines_class.<locals>.local_function")


@config
def raises_in_body(hp: HP):
    value = hp.int(1)
    raise KeyError("from the body")  # traceback line


def test_traceback_points_at_user_line():
    line, _ = position_in_file(__file__, "# traceback " + "line")

    with pytest.raises(KeyError, match="from the body") as info:
        raises_in_body()

    frames = traceback.extract_tb(info.value.__traceback__)
    assert (frames[-1].filename, frames[-1].lineno) == (__file__, line)
    assert "from the body" in frames[-1].line


def test_config_inside_function_with_split_signature():
    @config(inject_names=False)
    def split(  # a comment on the signature
        hp: HP,  # the hp object
    ):  # a comment after the colon
        prompt = hp.text(
            """first line
second line at column 0
""",
            name="prompt",
        )
        size = hp.int(2, name="size")

    results = split()

    assert_same(results, {"prompt": "first line\nsecond line at column 0\n", "size": 2})


def test_multiline_string_at_column_zero_with_names():
    @config
    def text_body(hp: HP):
        doc = """
not indented
    indented
"""
        label = hp.text("a")

    assert text_body() == {"doc": "\nnot indented\n    indented\n", "label": "a"}


def test_decorator_call_with_defaults():
    @config()
    def called(hp: HP):
        x = hp.int(1)

    assert called() == {"x": 1}


def test_decorator_as_attribute():
    @hypster.config
    def attribute(hp: HP):
        x = hp.int(1)

    assert attribute() == {"x": 1}


def test_decorator_as_function_call():
    def plain(hp: HP):
        x = hp.int(1)

    wrapped = config(plain)

    assert wrapped() == {"x": 1}
    assert wrapped.func is plain


def test_stacked_decorator_below_config():
    def identity(func):
        return func

    @config
    @identity
    def stacked(hp: HP):
        x = hp.int(1)

    assert stacked() == {"x": 1}


def test_same_named_configs_in_one_file():
    def first():
        @config
        def same(hp: HP):
            x = hp.int(1)

        return same

    def second():
        @config
        def same(hp: HP):
            y = hp.text("a")

        return same

    assert first()() == {"x": 1}
    assert second()() == {"y": "a"}


def test_exec_without_source_raises_source_error():
    namespace = {"HP": HP}
    exec("def built_by_exec(hp):\n    x = hp.int(1)\n", namespace)

    with pytest.raises(SourceError, match="built_by_exec") as info:
        config(namespace["built_by_exec"])

    message = str(info.value)
    assert "file" in message
    assert "notebook" in message


def test_notebook_cell_source_is_read():
    cell = (
        "x_before = 1\n"
        "\n"
        "@config\n"
        "def in_cell(hp: HP):\n"
        '    text = """\n'
        "col zero\n"
        '"""\n'
        "    size = hp.int(3)\n"
    )
    filename = "<hypster-test-cell-1>"
    linecache.cache[filename] = (len(cell), None, cell.splitlines(True), filename)
    namespace = {"HP": HP, "config": config}
    try:
        exec(compile(cell, filename, "exec"), namespace)
    finally:
        del linecache.cache[filename]

    cfg = namespace["in_cell"]
    results, snapshot = cfg(overrides={"size": 4}, return_config_snapshot=True)

    assert results == {"text": "\ncol zero\n", "size": 4}
    assert snapshot == {"size": 4}
    assert cfg.explore().parameters[0].site == (filename, 8, 11)


FILE_HEAD = "from hypster import HP, config\n\n\n"


def test_file_indented_with_tabs(tmp_path):
    path = write_file(
        tmp_path,
        FILE_HEAD
        + "@config\ndef cfg(hp: HP):\n\tx = hp.int(1)\n\tif x:\n\t\ty = hp.text('a')\n",
    )

    _, snapshot = import_file(path).cfg(return_config_snapshot=True)

    assert snapshot == {"x": 1, "y": "a"}


def test_file_with_crlf_line_endings(tmp_path):
    body = "    x = hp.int(1)\n    y = [hp.int(2, name='w')]\n"
    text = FILE_HEAD + "@config\ndef cfg(hp: HP):\n" + body
    path = tmp_path / "crlf_config.py"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))

    _, snapshot = import_file(path).cfg(return_config_snapshot=True)

    assert snapshot == {"x": 1, "w": 2}


def test_file_with_latin1_coding_declaration(tmp_path):
    text = (
        "# -*- coding: latin-1 -*-\n"
        + FILE_HEAD
        + "@config\ndef cfg(hp: HP):\n    word = hp.text('café')\n"
    )
    path = tmp_path / "latin1_config.py"
    path.write_bytes(text.encode("latin-1"))

    assert import_file(path).cfg() == {"word": "café"}


def test_module_level_def_inside_if_block(tmp_path):
    text = (
        FILE_HEAD
        + "if True:\n    @config\n    def cfg(hp: HP) -> None:\n        x = hp.int(1)\n"
    )
    path = write_file(tmp_path, text)

    assert import_file(path).cfg() == {"x": 1}


def test_line_continuation_in_signature(tmp_path):
    text = FILE_HEAD + "@config\ndef cfg(hp: HP \\\n        ):\n    x = hp.int(1)\n"
    path = write_file(tmp_path, text)

    assert import_file(path).cfg() == {"x": 1}


def test_nested_function_uses_closure_and_body_local():
    factor = 3

    @config
    def cfg(hp: HP):
        base = hp.int(2)

        def scale():
            return base * factor

        class Scaler:
            amount = factor

        scaled = scale()
        amount = Scaler.amount

    assert cfg() == {"base": 2, "scaled": 6, "amount": 3}


def test_nonlocal_in_body_changes_enclosing_variable():
    calls = 0

    @config
    def counting(hp: HP):
        nonlocal calls
        calls += 1
        x = hp.int(1)

    counting()
    counting()

    assert calls == 2


class Holder:
    @config
    def cfg(hp: HP):
        class Inner:
            pass

        inner = Inner()
        x = hp.int(1)


def test_config_defined_in_class_body():
    results = Holder.cfg()

    assert results["x"] == 1
    assert type(results["inner"]).__qualname__ == "Holder.cfg.<locals>.Inner"


def test_redefined_module_config_uses_its_own_body(tmp_path):
    text = (
        FILE_HEAD
        + "@config\ndef cfg(hp: HP):\n    x = hp.int(1)\n\n\n"
        + "@config\ndef cfg(hp: HP):\n    y = hp.int(2)\n"
    )

    cfg = import_file(write_file(tmp_path, text)).cfg

    assert cfg() == {"y": 2}


def test_decorator_arguments_over_lines(tmp_path):
    text = (
        FILE_HEAD
        + "@config(\n    inject_names=False,\n)\n"
        + "def cfg(hp):\n    x = hp.int(1, name='w')\n"
    )

    cfg = import_file(write_file(tmp_path, text)).cfg

    assert cfg(overrides={"w": 3}) == {"x": 3}


def test_return_inside_body_class_method(tmp_path):
    text = (
        FILE_HEAD
        + "@config\ndef cfg(hp):\n"
        + "    class K:\n        def m(self):\n            return 1\n"
        + "    x = hp.int(K().m())\n"
    )

    cfg = import_file(write_file(tmp_path, text)).cfg

    assert cfg(return_config_snapshot=True)[1] == {"x": 1}
