# ruff: noqa: F841  (config bodies bind locals the results return)
"""Nested configs through hp.propagate: prefixes, precedence, groups, replay."""

import pytest

from hypster import HP, ParameterError, UnknownParameterError, config

from .helpers import assert_same


@config
def optim(hp: HP):
    kind = hp.select(["adam", "sgd"], default="adam")
    lr = hp.number(0.01)


@config
def trainer(hp: HP):
    opt = hp.propagate(optim, selections={"kind": "sgd"}, overrides={"lr": 0.5})


def test_propagate_values_apply_to_child():
    assert trainer()["opt"] == {"kind": "sgd", "lr": 0.5}


def test_call_values_beat_propagate_values():
    results = trainer(selections={"opt.kind": "adam"}, overrides={"opt.lr": 0.001})

    assert results["opt"] == {"kind": "adam", "lr": 0.001}


def test_propagate_snapshot_and_sources():
    exploration = trainer.explore()

    assert exploration.snapshot == {"opt.kind": "sgd", "opt.lr": 0.5}
    assert [record.source for record in exploration.parameters] == [
        "propagate",
        "propagate",
    ]
    assert [record.group for record in exploration.parameters] == ["opt", "opt"]


def test_preferred_beats_propagate_values():
    exploration = trainer.explore(preferred={"opt.kind": "adam", "opt.lr": 0.2})

    assert exploration.snapshot == {"opt.kind": "adam", "opt.lr": 0.2}
    assert [record.source for record in exploration.parameters] == [
        "preferred",
        "preferred",
    ]


def test_propagate_replays_from_snapshot():
    results, snapshot = trainer(return_config_snapshot=True)

    assert_same(trainer(overrides=snapshot), results)


@config
def optim_both(hp: HP):
    opt = hp.propagate(optim, selections={"kind": "sgd"}, overrides={"kind": "adam"})


def test_propagate_override_beats_propagate_selection():
    assert optim_both()["opt"]["kind"] == "adam"


@config
def grand(hp: HP):
    v = hp.int(0)
    w = hp.int(0)


@config
def middle(hp: HP):
    g = hp.propagate(grand, overrides={"v": 1, "w": 1})


@config
def outer(hp: HP):
    m = hp.propagate(middle, overrides={"g.v": 2})


def test_outer_propagate_values_win_along_chain():
    results, snapshot = outer(return_config_snapshot=True)

    assert snapshot == {"m.g.v": 2, "m.g.w": 1}
    assert results == {"m": {"g": {"v": 2, "w": 1}}}


def test_call_values_win_along_chain():
    _, snapshot = outer(overrides={"m.g.v": 3}, return_config_snapshot=True)

    assert snapshot == {"m.g.v": 3, "m.g.w": 1}


def test_deep_groups():
    exploration = outer.explore()

    assert [record.path for record in exploration.parameters] == ["m.g.v", "m.g.w"]
    assert [record.group for record in exploration.parameters] == ["m.g", "m.g"]


@config
def head(hp: HP):
    act = hp.select(["relu", "gelu"], default="relu")


@config
def net(hp: HP):
    kind = hp.select(["cnn", "rnn"], default="cnn")
    if kind == "cnn":
        filters = hp.int(64)
    else:
        units = hp.int(128)
    top = hp.propagate(head)


def test_net_branch_and_nested_snapshot():
    results, snapshot = net(
        selections={"kind": "rnn", "top.act": "gelu"}, return_config_snapshot=True
    )

    assert_same(snapshot, {"kind": "rnn", "units": 128, "top.act": "gelu"})
    assert_same(net(overrides=snapshot), results)
    assert_same(net.explore(overrides=snapshot).snapshot, snapshot)


@config
def branchy_child(hp: HP):
    mode = hp.select(["a", "b"], default="a")
    if mode == "b":
        extra = hp.int(1)


@config
def skips_unreached(hp: HP):
    c = hp.propagate(branchy_child, overrides={"extra": 5, "nowhere": 1})


def test_propagate_values_for_unreached_are_skipped():
    exploration = skips_unreached.explore()

    assert exploration.snapshot == {"c.mode": "a"}
    assert exploration.ignored["c.extra"].startswith("not reached")
    assert exploration.ignored["c.nowhere"].startswith("not reached")


def test_propagate_values_apply_once_branch_reached():
    _, snapshot = skips_unreached(
        selections={"c.mode": "b"}, return_config_snapshot=True
    )

    assert snapshot == {"c.mode": "b", "c.extra": 5}


def test_unreached_nested_call_value_rejected():
    with pytest.raises(UnknownParameterError, match="c.extra"):
        skips_unreached(overrides={"c.extra": 2})


@config
def bad_propagate_selection(hp: HP):
    c = hp.propagate(optim, selections={"kind": "rmsprop"})


def test_invalid_propagate_selection_is_rejected():
    with pytest.raises(ParameterError, match="kind"):
        bad_propagate_selection()


@config
def propagate_twice(hp: HP):
    first = hp.propagate(optim)
    second = hp.propagate(optim, overrides={"lr": 1.0})


def test_same_child_propagated_twice():
    results, snapshot = propagate_twice(
        overrides={"first.lr": 0.3}, return_config_snapshot=True
    )

    assert snapshot == {
        "first.kind": "adam",
        "first.lr": 0.3,
        "second.kind": "adam",
        "second.lr": 1.0,
    }
    assert results["second"] == {"kind": "adam", "lr": 1.0}


def test_nested_unknown_path_suggests_nearest():
    with pytest.raises(UnknownParameterError, match="first.lrr") as info:
        propagate_twice(overrides={"first.lrr": 0.3})

    assert "first.lr" in str(info.value).replace("first.lrr", "")


@config
def propagate_callers_values(hp: HP):
    given = {"lr": [0.5]}
    opt = hp.propagate(optim, overrides={"lr": 0.5})


def test_propagate_does_not_change_body_dicts():
    results = propagate_callers_values(final_vars=["given", "opt"])

    assert results["given"] == {"lr": [0.5]}


def test_propagate_value_under_call_override_is_ignored():
    exploration = trainer.explore(overrides={"opt.lr": 0.25})

    assert exploration.snapshot == {"opt.kind": "sgd", "opt.lr": 0.25}
    assert exploration.ignored == {"opt.lr": "set by a selection or override"}


def test_call_selection_on_nested_select_source():
    exploration = trainer.explore(selections={"opt.kind": "adam"})

    assert exploration.parameters[0].source == "selection"
    assert exploration.parameters[0].key == "adam"


@config
def failing_child(hp: HP):
    x = hp.int(1)
    model = hp.select(["a", "b"])


@config
def parent_of_failing(hp: HP):
    first = hp.int(0)
    c = hp.propagate(failing_child)


def test_catch_records_missing_select_in_child():
    exploration = parent_of_failing.explore(catch=True)

    assert isinstance(exploration.error, ParameterError)
    assert [record.path for record in exploration.parameters] == [
        "first",
        "c.x",
        "c.model",
    ]
    record = exploration.parameters[-1]
    assert record.group == "c"
    assert record.source == "missing"
    assert record.key is None
    assert record.value is None


def test_missing_select_in_child_names_full_path():
    with pytest.raises(ParameterError, match="c.model") as info:
        parent_of_failing()

    assert info.value.path == "c.model"


def test_child_selection_through_parent_call():
    results = parent_of_failing(selections={"c.model": "b"})

    assert results == {"first": 0, "c": {"x": 1, "model": "b"}}
