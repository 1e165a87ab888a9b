# ruff: noqa: F841, F401, B007  (config bodies bind locals the results return)
"""Calling a config: precedence, selections, overrides, results and snapshots."""

import contextlib
import json
import math
import threading
from math import floor

import pytest

import hypster
from hypster import HP, ParameterError, UnknownParameterError, config

from .helpers import assert_same


@config
def letters(hp: HP):
    a = hp.select(["x", "y", "z"], default="x")
    b = hp.select({"one": 1, "two": 2}, default="one")
    n = hp.int(1)


def test_override_beats_selection():
    results = letters(selections={"a": "y"}, overrides={"a": "z"})

    assert results["a"] == "z"


def test_selection_beats_default():
    assert letters(selections={"a": "y"})["a"] == "y"


def test_selection_shadowed_by_override_is_still_checked():
    with pytest.raises(ParameterError, match="a"):
        letters(selections={"a": "nope"}, overrides={"a": "z"})


def test_selection_on_non_select_is_rejected():
    with pytest.raises(ParameterError, match="n") as info:
        letters(selections={"n": 2})

    assert info.value.path == "n"


def test_invalid_selection_lists_valid_keys():
    with pytest.raises(ParameterError, match="b") as info:
        letters(selections={"b": 1})

    message = str(info.value)
    assert "'one'" in message or '"one"' in message
    assert "two" in message


@config
def overlapping(hp: HP):
    a = hp.select({"x": "y", "y": "z", "k": 1}, default="x")


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("y", "y", id="value-before-key"),
        pytest.param("x", "y", id="key-when-not-a-value"),
        pytest.param("k", 1, id="key-to-int-value"),
        pytest.param("d", "d", id="neither-used-as-is"),
        pytest.param(1.0, 1.0, id="float-is-not-int-value"),
        pytest.param(True, True, id="bool-is-not-int-value"),
        pytest.param(None, None, id="none-used-as-is"),
    ],
)
def test_select_override_resolution(override, expected):
    results, snapshot = overlapping(
        overrides={"a": override}, return_config_snapshot=True
    )

    assert_same(results["a"], expected)
    assert_same(snapshot["a"], expected)


def test_select_override_record_source():
    exploration = overlapping.explore(overrides={"a": "d"})

    assert exploration.parameters[0].source == "override"
    assert exploration.parameters[0].value == "d"


@config
def lr_branch(hp: HP):
    model = hp.select(["cnn", "rnn"], default="cnn")
    if model == "cnn":
        filters = hp.int(64)
    lr = hp.number(0.1)


def test_unknown_override_lists_path_and_nearest():
    with pytest.raises(UnknownParameterError, match="lrr") as info:
        lr_branch(overrides={"lrr": 0.5})

    assert list(info.value.unknown) == ["lrr"]
    assert "lr" in str(info.value).replace("lrr", "")


def test_unknown_selection_is_rejected():
    with pytest.raises(UnknownParameterError, match="modle"):
        lr_branch(selections={"modle": "rnn"})


def test_several_unknown_paths_listed():
    with pytest.raises(UnknownParameterError, match="zz") as info:
        lr_branch(selections={"yy": 1}, overrides={"zz": 2})

    assert sorted(info.value.unknown) == ["yy", "zz"]


def test_unreached_override_is_rejected():
    with pytest.raises(UnknownParameterError, match="filters") as info:
        lr_branch(selections={"model": "rnn"}, overrides={"filters": 32})

    assert list(info.value.unknown) == ["filters"]


def test_unknown_parameter_error_is_hypster_error():
    assert issubclass(UnknownParameterError, hypster.HypsterError)
    assert issubclass(hypster.HypsterError, ValueError)


@config
def many_names(hp: HP):
    import json
    from math import sqrt as root

    def helper():
        return 1

    class Local:
        pass

    nested = letters
    _private = hp.int(5)
    b = 1
    a = hp.int(2)
    b = 3
    for item in range(2):
        pass
    with contextlib.nullcontext(7) as managed:
        pass
    if (walrus := 4) > 1:
        pass
    chosen = hp.select({"cfg": letters}, default="cfg")


def test_results_exclude_hidden_names():
    results = many_names()

    assert list(results) == ["b", "a", "item", "managed", "walrus", "chosen"]
    assert results["b"] == 3
    assert results["item"] == 1
    assert results["chosen"] is letters


def test_private_parameter_stays_in_snapshot():
    _, snapshot = many_names(return_config_snapshot=True)

    assert list(snapshot) == ["_private", "a", "chosen"]


def test_final_vars_exact_order_and_hidden_names():
    results = many_names(final_vars=["a", "_private", "json", "nested", "b"])

    assert list(results) == ["a", "_private", "json", "nested", "b"]
    assert results["nested"] is letters
    assert results["_private"] == 5


def test_final_vars_missing_name_is_rejected():
    with pytest.raises(hypster.HypsterError, match="missing_name"):
        many_names(final_vars=["a", "missing_name"])


def test_final_vars_unbound_branch_name_is_rejected():
    with pytest.raises(hypster.HypsterError, match="filters"):
        lr_branch(selections={"model": "rnn"}, final_vars=["filters"])


@config
def source_order(hp: HP):
    flag = hp.bool(False)
    if flag:
        late = 1
    early = 2
    late = 3


def test_results_follow_first_binding_in_source():
    assert list(source_order()) == ["flag", "late", "early"]


@config
def mutating(hp: HP):
    xs = hp.multi_int([1, 2])
    xs.append(99)
    box = hp.select({"d": {"k": [1]}}, default="d")
    box["k"].append(2)
    obj = hp.select(["plain"], default="plain")


def test_body_does_not_change_override_containers():
    given = [5, 6]

    results, snapshot = mutating(overrides={"xs": given}, return_config_snapshot=True)

    assert given == [5, 6]
    assert results["xs"] == [5, 6, 99]
    assert snapshot["xs"] == [5, 6]


def test_option_values_fresh_each_call():
    first = mutating()
    second = mutating()

    assert first["box"] == {"k": [1, 2]}
    assert second["box"] == {"k": [1, 2]}


def test_snapshot_unchanged_after_results_mutated():
    results, snapshot = mutating(return_config_snapshot=True)

    results["xs"].append(100)
    results["box"]["k"].append(3)

    assert snapshot["xs"] == [1, 2]
    assert snapshot["box"] == {"k": [1]}


def test_override_keeps_identity_of_inner_objects():
    marker = object()

    results = mutating(overrides={"obj": [marker]})

    assert results["obj"][0] is marker


def test_override_object_used_as_is_keeps_identity():
    marker = object()

    results = mutating(overrides={"obj": marker})

    assert results["obj"] is marker


def test_results_and_snapshot_are_plain_dicts():
    results, snapshot = letters(return_config_snapshot=True)

    assert type(results) is dict
    assert type(snapshot) is dict


def test_call_rejects_positional_arguments():
    with pytest.raises(TypeError):
        letters(["a"])


@config
def duplicate_in_loop(hp: HP):
    for j in range(2):
        width = hp.int(4)


def test_path_reached_twice_rejected():
    with pytest.raises(ParameterError, match="width"):
        duplicate_in_loop()


def external_helper(hp):
    return hp.int(1)


@config
def calls_outside_helper(hp: HP):
    value = external_helper(hp)


def test_unnamed_call_from_outside_helper_is_rejected():
    with pytest.raises(hypster.HypsterError, match="name"):
        calls_outside_helper()


@config
def uses_module_names(hp: HP):
    root = floor(math.pi) + hp.int(0)


def test_module_imports_visible_in_body():
    assert uses_module_names() == {"root": 3}


@config
def scoping_edges(hp: HP):
    try:
        raise ValueError("handled")
    except ValueError as err:
        caught = hp.int(1)
    ys = [(last := i) for i in range(3)]
    if caught > 5:
        never = 1


def test_results_skip_deleted_and_unbound_names():
    results = scoping_edges()

    assert "err" not in results
    assert "never" not in results
    assert results["caught"] == 1


def test_comprehension_walrus_binds_body_name():
    results = scoping_edges()

    assert results["last"] == 2
    assert results["ys"] == [0, 1, 2]


@config
def calls_other_config(hp: HP):
    own = hp.int(1)
    inner_results = letters(overrides={"n": 7})
    after = hp.int(2)


def test_config_called_inside_body_stays_separate():
    results, snapshot = calls_other_config(return_config_snapshot=True)

    assert snapshot == {"own": 1, "after": 2}
    assert results["inner_results"] == {"a": "x", "b": 1, "n": 7}


def test_failed_call_leaves_no_state():
    with pytest.raises(ParameterError, match="n"):
        letters(overrides={"n": "bad"})

    results, snapshot = letters(return_config_snapshot=True)

    assert snapshot == {"a": "x", "b": 1, "n": 1}
    assert results == {"a": "x", "b": 1, "n": 1}


def test_propagate_name_is_not_a_parameter():
    with pytest.raises(UnknownParameterError, match="opt"):
        nested_user(overrides={"opt": {"x": 1}})


@config
def child_of_nested(hp: HP):
    x = hp.int(1)


@config
def nested_user(hp: HP):
    opt = hp.propagate(child_of_nested)


def test_snapshot_is_json_serialisable():
    _, flat = letters(return_config_snapshot=True)
    _, nested = nested_user(return_config_snapshot=True)

    assert json.loads(json.dumps(flat)) == {"a": "x", "b": 1, "n": 1}
    assert json.loads(json.dumps(nested)) == {"opt.x": 1}


@config
def tuple_holder(hp: HP):
    pair = hp.select({"p": ([1], {2})}, default="p")
    pair[0].append(5)


def test_tuple_override_inner_containers_copied():
    given = ([1], {2})

    _, snapshot = tuple_holder(overrides={"pair": given}, return_config_snapshot=True)

    assert given == ([1], {2})
    assert snapshot["pair"] == ([1], {2})


def test_explore_results_match_call():
    exploration = letters.explore(selections={"b": "two"})

    assert exploration.results == letters(selections={"b": "two"})


def test_snapshot_follows_reach_order_not_call_order():
    _, snapshot = letters(
        overrides={"n": 2, "a": "y"},
        selections={"b": "two"},
        return_config_snapshot=True,
    )

    assert list(snapshot) == ["a", "b", "n"]


def test_final_vars_keep_full_snapshot():
    results, snapshot = letters(final_vars=["n"], return_config_snapshot=True)

    assert results == {"n": 1}
    assert snapshot == {"a": "x", "b": 1, "n": 1}


@pytest.mark.parametrize(
    "selection",
    [
        pytest.param(["x"], id="list"),
        pytest.param({"x": 1}, id="dict"),
        pytest.param(None, id="none"),
    ],
)
def test_unhashable_selection_is_parameter_error(selection):
    with pytest.raises(ParameterError, match="a"):
        letters(selections={"a": selection})


@pytest.mark.parametrize(
    "override",
    [
        pytest.param(["x"], id="list"),
        pytest.param({"x": 1}, id="dict"),
        pytest.param({1, 2}, id="set"),
    ],
)
def test_unhashable_select_override_used_as_is(override):
    results, snapshot = letters(overrides={"a": override}, return_config_snapshot=True)

    assert_same(results["a"], override)
    assert_same(snapshot["a"], override)


@config
def multi_only(hp: HP):
    tags = hp.multi_select(["x", "y"], default=["x"])


@pytest.mark.parametrize(
    "override",
    [
        pytest.param("x", id="str"),
        pytest.param(None, id="none"),
        pytest.param(1, id="int"),
    ],
)
def test_multi_select_override_must_be_list(override):
    with pytest.raises(ParameterError, match="tags"):
        multi_only(overrides={"tags": override})


def test_multi_override_unhashable_items_kept():
    assert_same(multi_only(overrides={"tags": [["x"], "y"]})["tags"], [["x"], "y"])


@config
def deletes_name(hp: HP):
    x = hp.int(1)
    y = x + 1
    del x


def test_deleted_name_left_out_of_results():
    results, snapshot = deletes_name(return_config_snapshot=True)

    assert results == {"y": 2}
    assert snapshot == {"x": 1}


@config
def wide(hp: HP):
    values = [hp.int(0, name=f"v{i}") for i in range(50)]
    total = sum(values)


def test_concurrent_calls_do_not_mix():
    failures = []

    def worker(offset):
        for round_number in range(40):
            overrides = {f"v{i}": offset + round_number for i in range(50)}
            results, snapshot = wide(overrides=overrides, return_config_snapshot=True)
            if results["total"] != 50 * (offset + round_number):
                failures.append((offset, round_number, results["total"]))
            if set(snapshot.values()) != {offset + round_number}:
                failures.append((offset, round_number, "snapshot"))

    threads = [threading.Thread(target=worker, args=(k * 1000,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []


def test_call_arguments_left_unchanged():
    selections = {"opt.x": 1}
    overrides = {"opt.x": 3}
    final_vars = ["opt"]

    nested_user(selections={}, overrides=overrides, final_vars=final_vars)
    with pytest.raises(ParameterError, match="opt.x"):
        nested_user(selections=selections)

    assert overrides == {"opt.x": 3}
    assert selections == {"opt.x": 1}
    assert final_vars == ["opt"]


def test_preferred_argument_left_unchanged():
    preferred = {"a": "z", "b": "two", "nowhere": 1}

    letters.explore(preferred=preferred)

    assert preferred == {"a": "z", "b": "two", "nowhere": 1}


def test_empty_final_vars_gives_empty_results():
    results, snapshot = letters(final_vars=[], return_config_snapshot=True)

    assert results == {}
    assert snapshot == {"a": "x", "b": 1, "n": 1}


def test_snapshot_call_returns_tuple():
    returned = letters(return_config_snapshot=True)

    assert type(returned) is tuple
    assert len(returned) == 2
