# ruff: noqa: F841  (config bodies bind locals the results return)
"""explore: records, preferred values, ignored reasons, strict and catch."""

from pathlib import Path

import pytest

from hypster import (
    HP,
    Exploration,
    ParameterError,
    ParameterRecord,
    UnknownParameterError,
    config,
)

from .helpers import assert_same, position_in_file


@config
def family_config(hp: HP):
    family = hp.select(["cnn", "rnn"], default="cnn")
    if family == "cnn":
        block = hp.select(["conv3", "conv5"], default="conv3")  # site: cnn block
        depth = hp.int(4, min=1, max=16)  # site: cnn depth
    else:
        rnn_blocks = {"lstm": "LSTM", "gru": "GRU"}
        block = hp.select(rnn_blocks, default="lstm")  # site: rnn block
        depth = hp.int(2, min=1, max=4)


def site_of(label):
    """Return the site of the hp call on the line marked `# site: <label>`."""
    line, _ = position_in_file(__file__, f"# site: {label}")
    text = Path(__file__).read_text(encoding="utf-8").splitlines()[line - 1]
    return (__file__, line, text.index("hp."))


CNN_BLOCK_SITE = site_of("cnn block")
RNN_BLOCK_SITE = site_of("rnn block")


def test_family_unfit_preferred_ignored():
    exploration = family_config.explore(
        selections={"family": "rnn"}, preferred={"block": "conv5", "depth": 8}
    )

    assert exploration.error is None
    assert exploration.results["block"] == "LSTM"
    assert exploration.results["depth"] == 2
    assert exploration.parameters[1].key == "lstm"
    assert exploration.ignored["block"].startswith("does not fit")
    assert exploration.ignored["depth"].startswith("does not fit")


def test_family_preferred_that_fits_is_used():
    exploration = family_config.explore(preferred={"block": "conv5", "depth": 8})

    assert exploration.snapshot == {"family": "cnn", "block": "conv5", "depth": 8}
    assert [record.source for record in exploration.parameters] == [
        "default",
        "preferred",
        "preferred",
    ]
    assert exploration.ignored == {}


def test_exploration_types():
    exploration = family_config.explore()

    assert isinstance(exploration, Exploration)
    assert all(isinstance(record, ParameterRecord) for record in exploration.parameters)
    assert type(exploration.results) is dict
    assert type(exploration.snapshot) is dict


def test_select_record_fields():
    exploration = family_config.explore(selections={"family": "rnn"})

    record = exploration.parameters[1]
    assert record.path == "block"
    assert record.group == ""
    assert record.kind == "select"
    assert_same(record.options, ("lstm", "gru"))
    assert_same(record.option_values, ("LSTM", "GRU"))
    assert record.key == "lstm"
    assert record.value == "LSTM"
    assert record.default == "lstm"
    assert record.min is None
    assert record.max is None
    assert record.source == "default"
    assert record.site == RNN_BLOCK_SITE


def test_selection_record_source():
    exploration = family_config.explore(selections={"family": "rnn"})

    assert exploration.parameters[0].source == "selection"
    assert exploration.parameters[0].key == "rnn"


def test_int_record_fields():
    exploration = family_config.explore(overrides={"depth": 9})

    record = exploration.parameters[2]
    assert record.path == "depth"
    assert record.kind == "int"
    assert record.options is None
    assert record.option_values is None
    assert record.key is None
    assert_same(record.value, 9)
    assert_same(record.default, 4)
    assert_same(record.min, 1)
    assert_same(record.max, 16)
    assert record.source == "override"
    assert record.site == site_of("cnn depth")


def test_sites_tell_branches_apart():
    cnn = family_config.explore()
    rnn = family_config.explore(selections={"family": "rnn"})

    assert cnn.parameters[1].site == CNN_BLOCK_SITE
    assert rnn.parameters[1].site == RNN_BLOCK_SITE
    assert CNN_BLOCK_SITE != RNN_BLOCK_SITE


def test_preferred_by_path_and_site():
    preferred = {
        ("block", CNN_BLOCK_SITE): "conv5",
        ("block", RNN_BLOCK_SITE): "gru",
    }

    cnn = family_config.explore(preferred=preferred)
    rnn = family_config.explore(selections={"family": "rnn"}, preferred=preferred)

    assert cnn.snapshot["block"] == "conv5"
    assert rnn.snapshot["block"] == "GRU"


def test_preferred_site_wins_over_plain_path():
    preferred = {"block": "conv3", ("block", CNN_BLOCK_SITE): "conv5"}

    exploration = family_config.explore(preferred=preferred)

    assert exploration.snapshot["block"] == "conv5"


def test_preferred_plain_path_used_at_other_site():
    preferred = {"block": "gru", ("block", CNN_BLOCK_SITE): "conv5"}

    exploration = family_config.explore(
        selections={"family": "rnn"}, preferred=preferred
    )

    assert exploration.snapshot["block"] == "GRU"


def test_preferred_select_matches_key_not_value():
    exploration = family_config.explore(
        selections={"family": "rnn"}, preferred={"block": "GRU"}
    )

    assert exploration.snapshot["block"] == "LSTM"
    assert exploration.ignored["block"].startswith("does not fit")


def test_preferred_not_reached_is_ignored():
    exploration = family_config.explore(preferred={"nowhere": 1})

    assert exploration.ignored == {"nowhere": "not reached"}


def test_preferred_under_override_is_ignored():
    exploration = family_config.explore(overrides={"depth": 3}, preferred={"depth": 5})

    assert exploration.snapshot["depth"] == 3
    assert exploration.ignored["depth"] == "set by a selection or override"


def test_preferred_wrong_type_does_not_fit():
    exploration = family_config.explore(preferred={"depth": 5.0})

    assert exploration.snapshot["depth"] == 4
    assert exploration.ignored["depth"].startswith("does not fit")


def test_strict_false_lists_unknown_call_values():
    exploration = family_config.explore(overrides={"dpeth": 3}, strict=False)

    assert exploration.snapshot == {"family": "cnn", "block": "conv3", "depth": 4}
    assert "dpeth" in exploration.ignored


def test_strict_true_rejects_unknown_call_values():
    with pytest.raises(UnknownParameterError, match="dpeth"):
        family_config.explore(overrides={"dpeth": 3})


def test_explore_final_vars():
    exploration = family_config.explore(final_vars=["depth"])

    assert exploration.results == {"depth": 4}
    assert len(exploration.parameters) == 3


@config
def fails_midway(hp: HP):
    first = hp.int(1)
    second = hp.text("a")
    if first > 0:
        raise RuntimeError("body failed")
    third = hp.int(3)


def test_exception_propagates_unchanged():
    with pytest.raises(RuntimeError, match="body failed"):
        fails_midway.explore()


def test_catch_keeps_records_reached():
    exploration = fails_midway.explore(catch=True)

    assert isinstance(exploration.error, RuntimeError)
    assert exploration.results is None
    assert exploration.snapshot is None
    assert [record.path for record in exploration.parameters] == ["first", "second"]


@config
def missing_choice(hp: HP):
    first = hp.int(1)
    model = hp.select(["a", "b"])
    after = hp.int(2)


def test_catch_records_missing_select():
    exploration = missing_choice.explore(catch=True)

    assert isinstance(exploration.error, ParameterError)
    assert [record.path for record in exploration.parameters] == ["first", "model"]
    record = exploration.parameters[1]
    assert record.key is None
    assert record.value is None
    assert record.default is None
    assert record.source == "missing"
    assert record.options == ("a", "b")


def test_catch_records_failing_override():
    exploration = family_config.explore(overrides={"depth": 99}, catch=True)

    assert isinstance(exploration.error, ParameterError)
    assert exploration.parameters[-1].path == "depth"
    assert exploration.results is None


@config
def multi_kinds(hp: HP):
    tags = hp.multi_select({"a": 1, "b": 2, "c": 1}, default=["c"])
    rate = hp.number(0.5, min=0)


def test_multi_select_record_fields():
    exploration = multi_kinds.explore(selections={"tags": ["b", "a"]})

    record = exploration.parameters[0]
    assert record.kind == "multi_select"
    assert record.key == ["b", "a"]
    assert record.value == [2, 1]
    assert record.default == ["c"]
    assert record.options == ("a", "b", "c")
    assert record.option_values == (1, 2, 1)


def test_override_record_first_matching_key():
    exploration = multi_kinds.explore(overrides={"tags": [1]})

    assert exploration.parameters[0].key == ["a"]


def test_number_record_open_max():
    record = multi_kinds.explore().parameters[1]

    assert record.kind == "number"
    assert_same(record.min, 0)
    assert record.max is None


def test_preferred_multi_select_keys():
    exploration = multi_kinds.explore(preferred={"tags": ["b", "c"]})

    assert exploration.snapshot["tags"] == [2, 1]
    assert exploration.parameters[0].source == "preferred"


@pytest.mark.parametrize(
    "preferred",
    [
        pytest.param(["conv5"], id="list"),
        pytest.param({"k": 1}, id="dict"),
        pytest.param(None, id="none"),
    ],
)
def test_unhashable_preferred_select_does_not_fit(preferred):
    exploration = family_config.explore(preferred={"block": preferred})

    assert exploration.snapshot["block"] == "conv3"
    assert exploration.ignored["block"].startswith("does not fit")


def test_unhashable_preferred_multi_select_does_not_fit():
    exploration = multi_kinds.explore(preferred={"tags": [["a"]]})

    assert exploration.snapshot["tags"] == [1]
    assert exploration.ignored["tags"].startswith("does not fit")


def test_preferred_multi_not_list_unfit():
    exploration = multi_kinds.explore(preferred={"tags": "a"})

    assert exploration.snapshot["tags"] == [1]
    assert exploration.ignored["tags"].startswith("does not fit")


@config
def arms(hp: HP):
    flag = hp.bool(True)
    x = hp.int(1) if flag else hp.text("a")  # site: arms


def arm_sites():
    file, line, _ = site_of("arms")
    text = Path(__file__).read_text(encoding="utf-8").splitlines()[line - 1]
    return (file, line, text.index("hp.int")), (file, line, text.index("hp.text"))


def test_preferred_by_site_tells_arms_apart():
    int_site, text_site = arm_sites()
    preferred = {("x", int_site): 5, ("x", text_site): "b"}

    first = arms.explore(preferred=preferred)
    second = arms.explore(overrides={"flag": False}, preferred=preferred)

    assert first.snapshot == {"flag": True, "x": 5}
    assert second.snapshot == {"flag": False, "x": "b"}
    assert first.parameters[1].site == int_site
    assert second.parameters[1].site == text_site


@config
def rates(hp: HP):
    rate = hp.number(0.5, min=0, max=1)  # site: rate
    steps = hp.int(10)


def test_preferred_number_by_site_wins_over_path():
    rate_site = site_of("rate")
    preferred = {"rate": 0.25, ("rate", rate_site): 1}

    exploration = rates.explore(preferred=preferred)

    record = exploration.parameters[0]
    assert_same(record.value, 1)
    assert_same(exploration.snapshot["rate"], 1)
    assert record.source == "preferred"
    assert record.site == rate_site
    assert_same(record.default, 0.5)
    assert_same(record.min, 0)
    assert_same(record.max, 1)
    assert exploration.ignored == {}


def test_preferred_number_out_of_bounds_does_not_fit():
    exploration = rates.explore(preferred={"rate": 1.5})

    assert_same(exploration.snapshot["rate"], 0.5)
    assert exploration.parameters[0].source == "default"
    assert exploration.ignored == {
        "rate": "does not fit: rate: 1.5 is out of bounds; expected a value in [0, 1]"
    }


@pytest.mark.parametrize("preferred", [True, 10.0, "10"], ids=["bool", "float", "str"])
def test_preferred_int_of_other_type_does_not_fit(preferred):
    exploration = rates.explore(preferred={"steps": preferred})

    assert_same(exploration.snapshot["steps"], 10)
    assert exploration.parameters[1].source == "default"
    reason = exploration.ignored["steps"]
    assert reason.startswith("does not fit: steps: expected an int")


def test_preferred_int_recorded_with_source():
    exploration = rates.explore(preferred={"steps": 12})

    record = exploration.parameters[1]
    assert record == ParameterRecord(
        "steps", "", "int", None, None, None, 12, 10, None, None, "preferred",
        record.site,
    )  # fmt: skip
    assert_same(exploration.snapshot["steps"], 12)
