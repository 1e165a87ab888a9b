# ruff: noqa: F841  (config bodies bind locals that the results return)
"""Parameter kinds: defaults, selections, overrides, bounds and type checks."""

from fractions import Fraction

import numpy as np
import pytest

from hypster import HP, ParameterError, config

from .helpers import assert_same, config_from_body, import_file


@config
def every_kind(hp: HP):
    choice = hp.select(["a", "b", "c"], default="b")
    model = hp.select({"small": "model-s", "large": "model-l"}, default="large")
    tags = hp.multi_select(["x", "y", "z"], default=["z", "x"])
    rate = hp.number(0.5, min=0.0, max=1.0)
    count = hp.int(3, min=1, max=10)
    label = hp.text("hello")
    enabled = hp.bool(True)
    rates = hp.multi_number([0.1, 2])
    counts = hp.multi_int([1, 2, 3])
    labels = hp.multi_text(["a", "b"])
    flags = hp.multi_bool([True, False])
    empty = hp.multi_int()


EVERY_KIND_DEFAULTS = {
    "choice": "b",
    "model": "model-l",
    "tags": ["z", "x"],
    "rate": 0.5,
    "count": 3,
    "label": "hello",
    "enabled": True,
    "rates": [0.1, 2],
    "counts": [1, 2, 3],
    "labels": ["a", "b"],
    "flags": [True, False],
    "empty": [],
}


def test_every_kind_default_values():
    results, snapshot = every_kind(return_config_snapshot=True)

    assert_same(results, EVERY_KIND_DEFAULTS)
    assert_same(snapshot, EVERY_KIND_DEFAULTS)


def test_every_kind_record_kinds():
    exploration = every_kind.explore()

    kinds = [record.kind for record in exploration.parameters]

    assert kinds == [
        "select",
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
        "multi_int",
    ]


GOOD_OVERRIDES = [
    pytest.param("rate", 1, 1, id="number-takes-int-and-keeps-it"),
    pytest.param("rate", 0.0, 0.0, id="number-at-min"),
    pytest.param("rate", 1.0, 1.0, id="number-at-max"),
    pytest.param("count", 10, 10, id="int-at-max"),
    pytest.param("count", np.int64(7), 7, id="int-numpy-scalar"),
    pytest.param("rate", np.float64(0.25), 0.25, id="number-numpy-float"),
    pytest.param("rate", np.int32(1), 1, id="number-numpy-int"),
    pytest.param("label", "", "", id="text-empty"),
    pytest.param("enabled", False, False, id="bool"),
    pytest.param("rates", [1, 0.5], [1, 0.5], id="multi-number-mixed"),
    pytest.param("counts", [], [], id="multi-int-empty"),
    pytest.param("counts", [np.int64(4)], [4], id="multi-int-numpy"),
    pytest.param("labels", ["q"], ["q"], id="multi-text"),
    pytest.param("flags", [False], [False], id="multi-bool"),
]


@pytest.mark.parametrize(("path", "override", "expected"), GOOD_OVERRIDES)
def test_override_accepted(path, override, expected):
    results, snapshot = every_kind(
        overrides={path: override}, return_config_snapshot=True
    )

    assert_same(results[path], expected)
    assert_same(snapshot[path], expected)


BAD_OVERRIDES = [
    pytest.param("rate", True, id="number-rejects-bool"),
    pytest.param("rate", "0.5", id="number-rejects-str"),
    pytest.param("rate", 1.5, id="number-above-max"),
    pytest.param("rate", -0.1, id="number-below-min"),
    pytest.param("rate", complex(1, 0), id="number-rejects-complex"),
    pytest.param("count", 4.0, id="int-rejects-integral-float"),
    pytest.param("count", 3.7, id="int-rejects-float"),
    pytest.param("count", True, id="int-rejects-bool"),
    pytest.param("count", np.bool_(True), id="int-rejects-numpy-bool"),
    pytest.param("count", np.float64(4.0), id="int-rejects-numpy-float"),
    pytest.param("count", 0, id="int-below-min"),
    pytest.param("count", 11, id="int-above-max"),
    pytest.param("label", 5, id="text-rejects-int"),
    pytest.param("enabled", 1, id="bool-rejects-int"),
    pytest.param("enabled", "true", id="bool-rejects-str"),
    pytest.param("rates", 0.5, id="multi-number-rejects-scalar"),
    pytest.param("rates", [True], id="multi-number-rejects-bool-item"),
    pytest.param("counts", [1.0], id="multi-int-rejects-float-item"),
    pytest.param("counts", (1, 2), id="multi-int-rejects-tuple"),
    pytest.param("labels", "ab", id="multi-text-rejects-str"),
    pytest.param("flags", [0], id="multi-bool-rejects-int-item"),
]


@pytest.mark.parametrize(("path", "override"), BAD_OVERRIDES)
def test_override_rejected_naming_parameter(path, override):
    with pytest.raises(ParameterError, match=path) as info:
        every_kind(overrides={path: override})

    assert info.value.path == path


@config
def bounded_default(hp: HP):
    count = hp.int(20, max=10)


def test_default_outside_bounds_is_rejected():
    with pytest.raises(ParameterError, match="count"):
        bounded_default()


@config
def numpy_defaults(hp: HP):
    count = hp.int(np.int64(3))
    rate = hp.number(np.float32(0.5))


def test_numpy_defaults_become_plain_numbers():
    _, snapshot = numpy_defaults(return_config_snapshot=True)

    assert_same(snapshot, {"count": 3, "rate": 0.5})


@config
def mixed_list_keys(hp: HP):
    zero = hp.select([0, False, 0.0, "0"], default=False)
    one = hp.select([1, True, 1.0], default=1.0)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(0, 0, id="int"),
        pytest.param(False, False, id="bool"),
        pytest.param(0.0, 0.0, id="float"),
        pytest.param("0", "0", id="str"),
    ],
)
def test_list_keys_equal_across_types_stay_distinct(key, expected):
    exploration = mixed_list_keys.explore(selections={"zero": key})

    record = exploration.parameters[0]
    assert_same(exploration.snapshot["zero"], expected)
    assert_same(record.key, expected)
    assert_same(record.options, (0, False, 0.0, "0"))


def test_list_default_key_keeps_its_type():
    _, snapshot = mixed_list_keys(return_config_snapshot=True)

    assert_same(snapshot, {"zero": False, "one": 1.0})


@config
def typed_dict_keys(hp: HP):
    pick = hp.select({1: "int", "1": "str", 2.5: "float", False: "bool"}, default=1)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(1, "int", id="int"),
        pytest.param("1", "str", id="str"),
        pytest.param(2.5, "float", id="float"),
        pytest.param(False, "bool", id="bool"),
    ],
)
def test_dict_keys_of_several_types(key, expected):
    exploration = typed_dict_keys.explore(selections={"pick": key})

    assert exploration.snapshot == {"pick": expected}
    assert_same(exploration.parameters[0].key, key)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(True, id="true-is-not-1"),
        pytest.param(1.0, id="float-is-not-1"),
        pytest.param(0, id="int-is-not-false"),
    ],
)
def test_selection_matches_key_type(key):
    with pytest.raises(ParameterError, match="pick"):
        typed_dict_keys(selections={"pick": key})


@config
def no_default(hp: HP):
    llm = hp.select({"haiku": "h-id", "sonnet": "s-id"})


def test_select_without_default_must_be_chosen():
    with pytest.raises(ParameterError, match="llm") as info:
        no_default()

    message = str(info.value)
    assert "haiku" in message
    assert "sonnet" in message
    assert info.value.path == "llm"


def test_select_without_default_takes_selection():
    assert no_default(selections={"llm": "sonnet"}) == {"llm": "s-id"}


def test_select_without_default_takes_override():
    assert no_default(overrides={"llm": "h-id"}) == {"llm": "h-id"}


@config
def bad_select_default(hp: HP):
    llm = hp.select(["a", "b"], default="c")


def test_select_default_not_a_key_is_rejected():
    with pytest.raises(ParameterError, match="llm"):
        bad_select_default()


@config
def dict_default_is_key(hp: HP):
    llm = hp.select({"haiku": "h-id"}, default="h-id")


def test_select_default_is_key_not_value():
    with pytest.raises(ParameterError, match="llm"):
        dict_default_is_key()


@config
def ordered_multi(hp: HP):
    tags = hp.multi_select({"a": 1, "b": 2, "c": 3}, default=["c", "a"])
    none = hp.multi_select(["p", "q"])


def test_multi_select_default_keeps_key_order():
    assert_same(ordered_multi(), {"tags": [3, 1], "none": []})


def test_multi_select_selection_keeps_key_order():
    exploration = ordered_multi.explore(selections={"tags": ["b", "c", "a"]})

    assert_same(exploration.snapshot["tags"], [2, 3, 1])
    assert_same(exploration.parameters[0].key, ["b", "c", "a"])


def test_multi_select_override_resolves_each_item():
    results = ordered_multi(overrides={"tags": [3, "a", "zz"]})

    assert_same(results["tags"], [3, 1, "zz"])


def test_multi_selection_unknown_key_rejected():
    with pytest.raises(ParameterError, match="tags"):
        ordered_multi(selections={"tags": ["a", "nope"]})


def test_multi_select_selection_rejects_single_key():
    with pytest.raises(ParameterError, match="tags"):
        ordered_multi(selections={"tags": "a"})


@config
def inner(hp: HP):
    kind = hp.select(["adam", "sgd"], default="adam")
    lr = hp.number(0.01)


@config
def propagate_object(hp: HP):
    opt = hp.propagate(inner)


def test_propagate_config_object():
    results, snapshot = propagate_object(return_config_snapshot=True)

    assert results == {"opt": {"kind": "adam", "lr": 0.01}}
    assert snapshot == {"opt.kind": "adam", "opt.lr": 0.01}


def test_propagate_path(tmp_path, monkeypatch):
    (tmp_path / "inner_file.py").write_text(
        "from hypster import HP, config\n\n\n"
        "@config\n"
        "def inner(hp: HP):\n"
        "    size = hp.int(4)\n",
        encoding="utf-8",
    )
    (tmp_path / "outer_file.py").write_text(
        "from hypster import HP, config\n\n\n"
        "@config\n"
        "def outer(hp: HP):\n"
        '    sub = hp.propagate("inner_file.py")\n'
        '    absolute = hp.propagate(r"' + str(tmp_path / "inner_file.py") + '")\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)

    outer = import_file(tmp_path / "outer_file.py").outer
    results, snapshot = outer(overrides={"sub.size": 5}, return_config_snapshot=True)

    assert results == {"sub": {"size": 5}, "absolute": {"size": 4}}
    assert snapshot == {"sub.size": 5, "absolute.size": 4}


@config
def propagate_final_vars(hp: HP):
    opt = hp.propagate(inner, final_vars=["lr"])


def test_propagate_final_vars_limits_child_results():
    results, snapshot = propagate_final_vars(return_config_snapshot=True)

    assert results == {"opt": {"lr": 0.01}}
    assert snapshot == {"opt.kind": "adam", "opt.lr": 0.01}


@config
def dropout_layers(hp: HP):
    dropout = hp.number(0)
    layers = hp.int(3)


def test_number_override_takes_float():
    assert_same(dropout_layers(overrides={"dropout": 0.5})["dropout"], 0.5)


@pytest.mark.parametrize(
    "override",
    [pytest.param(True, id="bool"), pytest.param(3.7, id="float")],
)
def test_int_override_rejected_naming_layers(override):
    with pytest.raises(ParameterError, match="layers"):
        dropout_layers(overrides={"layers": override})


BAD_DEFINITIONS = [
    pytest.param("hp.int(2.5)", id="int-default-float"),
    pytest.param("hp.int(True)", id="int-default-bool"),
    pytest.param("hp.number(True)", id="number-default-bool"),
    pytest.param("hp.number('1')", id="number-default-str"),
    pytest.param("hp.text(5)", id="text-default-int"),
    pytest.param("hp.bool(0)", id="bool-default-int"),
    pytest.param("hp.int(3, min=5, max=1)", id="min-above-max"),
    pytest.param("hp.multi_int([1.5])", id="multi-int-default-float"),
    pytest.param("hp.multi_text('ab')", id="multi-text-default-str"),
    pytest.param("hp.select([])", id="select-no-options"),
    pytest.param("hp.select([None, 'a'], default='a')", id="select-none-key"),
    pytest.param("hp.select([[1], [2]])", id="select-list-keys"),
    pytest.param("hp.select({(1, 2): 'a'}, default=(1, 2))", id="select-tuple-key"),
    pytest.param("hp.select('ab', default='a')", id="select-options-str"),
    pytest.param("hp.multi_select(['a', 'b'], default='a')", id="multi-default-str"),
    pytest.param("hp.multi_select(['a'], default=['b'])", id="multi-default-not-key"),
]


@pytest.mark.parametrize("call", BAD_DEFINITIONS)
def test_invalid_definition_rejected_naming_parameter(tmp_path, call):
    cfg = config_from_body(tmp_path, f"bad = {call}")

    with pytest.raises(ParameterError, match="bad"):
        cfg()


def test_multi_select_without_default_record():
    record = ordered_multi.explore().parameters[1]

    assert record.kind == "multi_select"
    assert record.default == []
    assert record.key == []
    assert record.value == []


def test_number_accepts_fraction():
    results = every_kind(overrides={"rate": Fraction(1, 2)})

    assert results["rate"] == Fraction(1, 2)


def test_number_bounds_apply_to_fraction():
    with pytest.raises(ParameterError, match="rate"):
        every_kind(overrides={"rate": Fraction(3, 2)})
