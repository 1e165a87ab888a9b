"""Golden cases for the naming pass: a config body and the paths it must yield."""

import pytest

from hypster import ConfigSyntaxError, HypsterError, ParameterError

from .helpers import (
    config_from_body,
    config_source,
    import_file,
    position_of,
    write_file,
)

CHILD = """
@config
def child(hp: HP):
    x = hp.int(1)
"""

NAMESPACE = "import types\n"


def case(case_id, body, names, header=""):
    return pytest.param(body, names, header, id=case_id)


NAMING_CASES = [
    case("plain", "x = hp.int(1)", ["x"]),
    case("two-statements-in-order", "y = hp.int(1)\nx = hp.int(2)", ["y", "x"]),
    case("annotated", "lr: float = hp.number(0.1)", ["lr"]),
    case("walrus-in-if", "if (depth := hp.int(4)) > 2:\n    pass", ["depth"]),
    case("walrus-inside-expression", "y = (z := hp.int(1)) + 1", ["z"]),
    case("tuple-unpacking", "a, b = hp.int(1), hp.int(2)", ["a", "b"]),
    case("tuple-unpacking-parens", "(a, b) = (hp.int(1), hp.text('t'))", ["a", "b"]),
    case(
        "nested-tuple-unpacking",
        "a, (b, c) = hp.int(1), (hp.int(2), hp.int(3))",
        ["a", "b", "c"],
    ),
    case("chained-first-target", "a = b = hp.int(1)", ["a"]),
    case(
        "attribute-target",
        "obj = types.SimpleNamespace()\nobj.lr = hp.number(0.1)",
        ["obj.lr"],
        NAMESPACE,
    ),
    case("dict-key", 'd = {"t": hp.number(0)}', ["d.t"]),
    case("dict-keys-in-order", 'd = {"b": hp.int(1), "a": hp.int(2)}', ["d.b", "d.a"]),
    case("nested-dict-keys", 'd = {"a": {"b": hp.int(1)}}', ["d.a.b"]),
    case("int-dict-key", "d = {3: hp.int(1)}", ["d.3"]),
    case("bool-dict-key", "d = {True: hp.int(1)}", ["d.True"]),
    case("keyword-argument", "m = dict(lr=hp.number(0.1))", ["m.lr"]),
    case("nested-keyword-arguments", "m = dict(b=dict(c=hp.int(1)))", ["m.b.c"]),
    case("keyword-then-dict-key", 'm = dict(o={"k": hp.int(1)})', ["m.o.k"]),
    case("dict-key-then-keyword", 'd = {"a": dict(b=hp.int(1))}', ["d.a.b"]),
    case("keyword-through-positional", "m = dict(dict(lr=hp.int(1)))", ["m.lr"]),
    case("arithmetic-left", "scaled = hp.number(1.0) * 2", ["scaled"]),
    case("arithmetic-right", "shifted = 2 + hp.int(1)", ["shifted"]),
    case("unary-minus", "neg = -hp.int(1)", ["neg"]),
    case("unary-not", "flag = not hp.bool(True)", ["flag"]),
    case("positional-argument", "x = abs(hp.int(1))", ["x"]),
    case("positional-under-keyword", "m = dict(b=abs(hp.int(-1)))", ["m.b"]),
    case("conditional-first-arm", "x = hp.int(1) if True else hp.int(2)", ["x"]),
    case("conditional-second-arm", "x = hp.int(1) if False else hp.int(2)", ["x"]),
    case("attribute-access", "real = hp.number(1.5).real", ["real"]),
    case("subscript-value", "first = hp.multi_int([1, 2])[0]", ["first"]),
    case("augmented-assignment", "x = 1\nx += hp.int(1)", ["x"]),
    case("underscore-name", "_hidden = hp.int(1)", ["_hidden"]),
    case("option-key-with-dot", 'm = hp.select({"a.b": 1}, default="a.b")', ["m"]),
    case("explicit-name-wins", 'x = hp.int(1, name="width")', ["width"]),
    case("explicit-name-in-dict", 'd = {"t": hp.int(1, name="u")}', ["u"]),
    case("explicit-name-in-keyword", 'm = dict(a=hp.int(1, name="u"))', ["u"]),
    case(
        "explicit-names-in-list",
        'xs = [hp.int(1, name="a"), hp.int(2, name="b")]',
        ["a", "b"],
    ),
    case("explicit-name-bare-expression", 'hp.int(1, name="bare")', ["bare"]),
    case(
        "explicit-name-in-lambda",
        'f = lambda: hp.int(1, name="lam")\nv = f()',
        ["lam"],
    ),
    case(
        "explicit-name-under-subscript-target",
        'widths = [0]\nwidths[0] = hp.int(32, name="w0")',
        ["w0"],
    ),
    case(
        "computed-name-in-comprehension",
        'sizes = [hp.int(8, name=f"size_{i}") for i in range(3)]',
        ["size_0", "size_1", "size_2"],
    ),
    case(
        "computed-name-in-loop",
        'for i in range(2):\n    w = hp.int(1, name=f"layer_{i}")',
        ["layer_0", "layer_1"],
    ),
    case(
        "return-inside-nested-def",
        "def helper():\n    return 1\nx = hp.int(helper())",
        ["x"],
    ),
    case("comment-mentions-name", 'x = hp.int(1)  # name="zz"', ["x"]),
    case("string-looks-like-call", 's = "hp.int(1)"\nx = hp.int(2)', ["x"]),
    case(
        "multi-line-call",
        'x = hp.select(\n    ["a", "b"],\n    default="a",\n)',
        ["x"],
    ),
    case("trailing-comma", "x = hp.int(1,)", ["x"]),
    case("double-star-arguments", 'x = hp.int(**{"default": 1})', ["x"]),
    case("star-arguments", "x = hp.int(*[1])", ["x"]),
    case("name-from-variable", 'n = "w"\nx = hp.int(1, name=n)', ["w"]),
    case("non-ascii-target", "größe = hp.int(1)", ["größe"]),
    case("docstring-first", '"""Doc."""\nx = hp.int(1)', ["x"]),
    case(
        "nested-conditional-arms",
        "x = hp.int(1) if False else (hp.int(2) if False else hp.int(3))",
        ["x"],
    ),
    case(
        "yield-inside-nested-def",
        "def gen():\n    yield 1\nx = hp.int(sum(gen()))",
        ["x"],
    ),
    case(
        "match-statement",
        'match hp.select(["a", "b"], default="a", name="mode"):\n'
        '    case "a":\n        x = hp.int(1)\n'
        "    case _:\n        y = hp.int(2)",
        ["mode", "x"],
    ),
    case(
        "try-else-finally",
        "try:\n    x = hp.int(1)\nexcept ValueError:\n    pass\n"
        "else:\n    y = hp.int(2)\nfinally:\n    z = hp.int(3)",
        ["x", "y", "z"],
    ),
    case("while-loop", "while True:\n    w = hp.int(1)\n    break", ["w"]),
    case("with-block", "with open(__file__) as f:\n    w = hp.int(1)", ["w"]),
    case("global-target", "global G\nG = hp.int(1)", ["G"]),
    case("dict-unpacking", 'base = {}\nd = {**base, "t": hp.int(1)}', ["d.t"]),
    case("slice", "tail = hp.multi_int([1, 2, 3])[1:]", ["tail"]),
    case("parenthesized", "x = (hp.int(1))", ["x"]),
    case("comment-inside-call", "x = hp.int(\n    1,  # one\n)", ["x"]),
    case("dict-as-positional", 'm = dict({"a": hp.int(1)})', ["m.a"]),
    case("propagate-prefix", "c = hp.propagate(child)", ["c.x"], CHILD),
    case(
        "propagate-under-dict-key",
        'd = {"k": hp.propagate(child)}',
        ["d.k.x"],
        CHILD,
    ),
    case(
        "propagate-explicit-name",
        'c = hp.propagate(child, name="sub")',
        ["sub.x"],
        CHILD,
    ),
]


@pytest.mark.parametrize(("body", "names", "header"), NAMING_CASES)
def test_naming_golden(tmp_path, body, names, header):
    cfg = config_from_body(tmp_path, body, header=header)

    _, snapshot = cfg(return_config_snapshot=True)

    assert list(snapshot) == names


def test_hp_parameter_may_have_any_name(tmp_path):
    cfg = config_from_body(tmp_path, "x = p.int(1)\nd = {'k': p.text('a')}", hp="p")

    _, snapshot = cfg(return_config_snapshot=True)

    assert list(snapshot) == ["x", "d.k"]


def test_other_object_method_not_parameter(tmp_path):
    body = """
    other = types.SimpleNamespace(int=lambda value: value)
    x = other.int(5)
    y = p.int(1)
    """
    cfg = config_from_body(tmp_path, body, header=NAMESPACE, hp="p")

    results, snapshot = cfg(return_config_snapshot=True)

    assert list(snapshot) == ["y"]
    assert results["x"] == 5


def test_naming_keeps_user_text(tmp_path):
    body = """
    # a comment that must stay
    x = hp.int(  1  )  # trailing comment
    """
    path = write_file(tmp_path, config_source(body))
    text = path.read_text(encoding="utf-8")

    cfg = import_file(path).cfg

    assert path.read_text(encoding="utf-8") == text
    assert "# a comment that must stay" in cfg.source
    assert "hp.int(  1  )  # trailing comment" in cfg.source
    assert "name=" not in cfg.source


def bad(case_id, body, pointers, header=""):
    if isinstance(pointers, str):
        pointers = [pointers]
    return pytest.param(body, pointers, header, id=case_id)


SYNTAX_ERROR_CASES = [
    bad("list-item", "xs = [hp.int(1)]", "hp.int(1)"),
    bad("tuple-item-without-unpacking", "t = (hp.int(1), 2)", "hp.int(1)"),
    bad("set-item", "s = {hp.int(1)}", "hp.int(1)"),
    bad("dict-in-list-item", 'xs = [{"a": hp.int(1)}]', "hp.int(1)"),
    bad("list-comprehension", "xs = [hp.int(i) for i in range(2)]", "hp.int(i)"),
    bad("generator-expression", "xs = list(hp.int(i) for i in range(2))", "hp.int(i)"),
    bad("dict-comprehension", "d = {i: hp.int(i) for i in range(2)}", "hp.int(i)"),
    bad("lambda", "f = lambda: hp.int(1)", "hp.int(1)"),
    bad("bare-expression", "hp.int(1)", "hp.int(1)"),
    bad("bare-call-argument", "print(hp.int(1))", "hp.int(1)"),
    bad("subscript-target", "widths = [0]\nwidths[0] = hp.int(32)", "hp.int(32)"),
    bad("dict-key-position", 'd = {hp.text("k"): 1}', 'hp.text("k")'),
    bad("dict-key-with-dot", 'd = {"a.b": hp.int(1)}', "hp.int(1)"),
    bad("float-dict-key-has-dot", "d = {0.5: hp.int(1)}", "hp.int(1)"),
    bad("explicit-name-with-dot", 'x = hp.int(1, name="a.b")', "hp.int(1, "),
    bad(
        "two-calls-one-path-arithmetic",
        "x = hp.int(1) + hp.int(2)",
        ["hp.int(1)", "hp.int(2)"],
    ),
    bad(
        "two-calls-one-path-arguments",
        "x = max(hp.int(1), hp.int(2))",
        ["hp.int(1)", "hp.int(2)"],
    ),
    bad(
        "two-calls-one-explicit-name",
        'x = (hp.int(1, name="w"), hp.int(2, name="w"))',
        ['hp.int(1, name="w")', 'hp.int(2, name="w")'],
    ),
    bad(
        "conditional-plus-same-path",
        "x = (hp.int(1) if True else hp.int(2)) + hp.int(3)",
        ["hp.int(1)", "hp.int(2)", "hp.int(3)"],
    ),
    bad("non-ascii-before-call", "größe = [hp.int(1)]", "hp.int(1)"),
    bad("return-at-body-level", "x = hp.int(1)\nreturn x", "return x"),
    bad("return-inside-if", "if True:\n    return None", "return None"),
    bad("yield-at-body-level", "x = hp.int(1)\nyield x", "yield x"),
]


@pytest.mark.parametrize(("body", "pointers", "header"), SYNTAX_ERROR_CASES)
def test_naming_rejects_at_decoration(tmp_path, body, pointers, header):
    text = config_source(body, header=header)
    path = write_file(tmp_path, text)
    positions = [position_of(text, pointer) for pointer in pointers]

    with pytest.raises(ConfigSyntaxError) as info:
        import_file(path)

    error = info.value
    assert isinstance(error, SyntaxError)
    assert error.filename == str(path)
    assert (error.lineno, error.offset - 1) in positions
    assert error.text.strip() == text.splitlines()[error.lineno - 1].strip()


def test_syntax_error_message_suggests_name(tmp_path):
    path = write_file(tmp_path, config_source("xs = [hp.int(1)]"))

    with pytest.raises(ConfigSyntaxError, match="name="):
        import_file(path)


def test_async_config_is_rejected(tmp_path):
    text = f"{config_source('x = 1')}".replace("def cfg", "async def cfg")
    path = write_file(tmp_path, text)

    with pytest.raises((ConfigSyntaxError, HypsterError), match="async"):
        import_file(path)


def test_inject_names_false_requires_name(tmp_path):
    cfg_text = config_source("x = hp.int(1)", decorator="@config(inject_names=False)")
    path = write_file(tmp_path, cfg_text)

    with pytest.raises((ConfigSyntaxError, HypsterError), match="name"):
        import_file(path).cfg()


def test_inject_names_false_keeps_explicit_names(tmp_path):
    cfg = config_from_body(
        tmp_path,
        'x = hp.int(1, name="width")\nys = [hp.text("a", name="t")]',
        decorator="@config(inject_names=False)",
    )

    results, snapshot = cfg(overrides={"width": 2}, return_config_snapshot=True)

    assert snapshot == {"width": 2, "t": "a"}
    assert results == {"x": 2, "ys": ["a"]}


def test_names_and_values_of_issue_example(tmp_path):
    body = """
    lr: float = hp.number(0.1)
    if (depth := hp.int(4)) > 2:
        pass
    a, b = hp.int(1), hp.int(2)
    scaled = hp.number(1.0) * 2
    """
    cfg = config_from_body(tmp_path, body)

    results, snapshot = cfg(return_config_snapshot=True)

    assert list(snapshot) == ["lr", "depth", "a", "b", "scaled"]
    assert results["scaled"] == 2.0
    assert snapshot["scaled"] == 1.0


def test_computed_names_take_overrides(tmp_path):
    body = 'sizes = [hp.int(8, name=f"size_{i}") for i in range(3)]'
    cfg = config_from_body(tmp_path, body)

    assert cfg(overrides={"size_1": 16}) == {"sizes": [8, 16, 8]}


def test_unnamed_call_in_loop_is_duplicate(tmp_path):
    cfg = config_from_body(tmp_path, "for j in range(2):\n    width = hp.int(4)")

    with pytest.raises(ParameterError, match="width") as info:
        cfg()

    assert info.value.path == "width"


def test_subscript_target_error_points_at_line(tmp_path):
    text = config_source("widths = [0, 0]\nwidths[0] = hp.int(32)")
    path = write_file(tmp_path, text)

    with pytest.raises(ConfigSyntaxError) as info:
        import_file(path)

    assert info.value.lineno == position_of(text, "widths[0] =")[0]


def test_computed_name_with_dot_is_rejected(tmp_path):
    cfg = config_from_body(
        tmp_path, 'for i in range(1):\n    w = hp.int(1, name=f"a.{i}")'
    )

    with pytest.raises(HypsterError, match="a.0"):
        cfg()


def test_propagate_and_dict_same_path_is_rejected(tmp_path):
    body = 'a = hp.propagate(child)\nif True:\n    a = {"x": hp.int(1)}'
    cfg = config_from_body(tmp_path, body, header=CHILD)

    with pytest.raises(ParameterError, match="a.x"):
        cfg()


def test_name_is_keyword_only(tmp_path):
    cfg = config_from_body(tmp_path, 'x = hp.int(1, "w")')

    with pytest.raises(TypeError):
        cfg()
