"""The form driven as a browser drives it: runs, results, reconciling, errors."""

import form_configs as cfgs
import ipywidgets
import pytest
from drive import edit

from hypster_ui import ConfigForm

REFERENCE_SNAPSHOT = {
    "chunking_strategy": "paragraph",
    "llm_model": "claude-3-haiku-20240307",
    "llm_config.temperature": 0,
}


def run_export(form):
    namespace = {}
    exec(form.export(), namespace)
    return namespace["snapshot"]


def test_reference_controls_in_order():
    form = ConfigForm(cfgs.reference_config)

    assert list(form.controls) == [
        "chunking_strategy",
        "llm_model",
        "llm_config.temperature",
    ]


def test_reference_haiku_gives_reference_snapshot():
    form = ConfigForm(cfgs.reference_config)

    edit(form.controls["llm_model"], index=0)

    assert form.snapshot == REFERENCE_SNAPSHOT
    assert form.results["llm_model"] == "claude-3-haiku-20240307"
    assert form.selections == {"chunking_strategy": "paragraph", "llm_model": "haiku"}


def test_reference_export_reproduces_results():
    form = ConfigForm(cfgs.reference_config)
    edit(form.controls["llm_model"], index=0)
    edit(form.controls["llm_config.temperature"], value=0.7)

    snapshot = run_export(form)

    assert snapshot == form.snapshot
    assert cfgs.reference_config(overrides=snapshot) == form.results


def test_nested_and_dict_key_paths():
    form = ConfigForm(cfgs.network)

    edit(form.controls["opt.lr"], value=0.01)
    edit(form.controls["top.act"], index=1)

    assert form.results == {"opt": {"lr": 0.01}, "top": {"act": "gelu"}}
    assert form.snapshot == {"opt.lr": 0.01, "top.act": "gelu"}


def test_branch_switch_restores_values_per_site():
    form = ConfigForm(cfgs.family_config)
    edit(form.controls["block"], index=1)
    edit(form.controls["depth"], value=8)

    edit(form.controls["family"], index=1)

    assert form.results == {"family": "rnn", "block": "lstm", "depth": 2}
    assert form.error is None
    assert form.controls["depth"].max == 3

    edit(form.controls["family"], index=0)

    assert form.results == {"family": "cnn", "block": "conv5", "depth": 8}
    assert form.controls["depth"].value == 8
    assert form.controls["depth"].max == 10


def test_branch_switch_back_reuses_widget():
    form = ConfigForm(cfgs.family_config)
    cnn_block = form.controls["block"]

    edit(form.controls["family"], index=1)
    rnn_block = form.controls["block"]
    edit(form.controls["family"], index=0)

    assert rnn_block is not cnn_block
    assert form.controls["block"] is cnn_block


def test_kept_control_keeps_widget_instance():
    form = ConfigForm(cfgs.reference_config)
    before = dict(form.controls)

    edit(form.controls["chunking_strategy"], index=2)

    for path, widget in form.controls.items():
        assert widget is before[path], path


def test_one_edit_runs_config_once():
    form = ConfigForm(cfgs.counted_config)
    cfgs.RUNS.clear()

    edit(form.controls["mode"], index=1)
    assert len(cfgs.RUNS) == 1

    edit(form.controls["prompt"], value="goodbye")
    assert len(cfgs.RUNS) == 2
    assert form.results == {"mode": "slow", "prompt": "goodbye"}


def test_build_runs_config_once():
    cfgs.RUNS.clear()

    ConfigForm(cfgs.counted_config)

    assert len(cfgs.RUNS) == 1


def test_update_from_code_never_runs():
    form = ConfigForm(cfgs.counted_config)
    cfgs.RUNS.clear()

    form.reset()
    assert len(cfgs.RUNS) == 1

    # Reset and the reconcile after it changed widgets from code: no second run.
    edit(form.controls["mode"], index=1)
    form.reset()
    assert len(cfgs.RUNS) == 3
    assert form.controls["mode"].index == 0


def test_text_field_applies_on_commit():
    form = ConfigForm(cfgs.counted_config)

    assert form.controls["prompt"].continuous_update is False


def test_raising_branch_shows_error_and_keeps_results():
    form = ConfigForm(cfgs.raising_config)
    good_results = form.results
    good_snapshot = form.snapshot

    edit(form.controls["mode"], index=1)

    assert form.error is not None
    assert "the broken branch is not supported" in form.error
    assert "mode" in form.error
    assert "ValueError" in form.error
    assert form.results == good_results
    assert form.snapshot == good_snapshot
    assert "the broken branch" in form._message.value
    assert list(form.controls) == ["mode"]

    edit(form.controls["mode"], index=0)

    assert form.error is None
    assert form._message.value == ""
    assert form.results == {"mode": "ok", "size": 3}


def test_error_names_line_of_config():
    form = ConfigForm(cfgs.raising_config)

    edit(form.controls["mode"], index=1)

    assert "line" in form.error
    assert "raising_config" in form.error


def test_large_int_shows_without_clamping():
    form = ConfigForm(cfgs.field_config)
    tokens = form.controls["tokens"]

    assert tokens.value == 200000
    assert isinstance(tokens, ipywidgets.IntText)
    assert not isinstance(tokens, ipywidgets.BoundedIntText)


def test_number_with_min_accepts_float():
    form = ConfigForm(cfgs.field_config)

    edit(form.controls["temperature"], value=0.7)

    assert form.results["temperature"] == 0.7
    assert type(form.results["temperature"]) is float
    assert form.error is None


def test_multi_text_cleared_gives_empty_list():
    form = ConfigForm(cfgs.field_config)
    assert form.results["stops"] == ["###"]

    edit(form.controls["stops"], value=[])

    assert form.results["stops"] == []
    assert form.snapshot["stops"] == []


def test_bounded_field_only_with_both_bounds():
    form = ConfigForm(cfgs.field_config)

    ratio = form.controls["ratio"]
    steps = form.controls["steps"]

    assert isinstance(ratio, ipywidgets.BoundedFloatText)
    assert (ratio.min, ratio.max, ratio.value) == (0.0, 1.0, 0.5)
    assert isinstance(steps, ipywidgets.IntText)
    assert not isinstance(steps, ipywidgets.BoundedIntText)


def test_one_sided_bound_violation_marks_control():
    form = ConfigForm(cfgs.field_config)
    good = form.results

    edit(form.controls["steps"], value=20)

    assert form.error is not None
    assert form.error.startswith("steps")
    assert "hypster-error" in form.controls["steps"]._dom_classes
    assert form.results == good

    edit(form.controls["steps"], value=7)

    assert form.error is None
    assert "hypster-error" not in form.controls["steps"]._dom_classes
    assert form.results["steps"] == 7


def test_rejected_value_is_not_remembered():
    form = ConfigForm(cfgs.field_config)
    edit(form.controls["steps"], value=6)

    edit(form.controls["steps"], value=20)
    edit(form.controls["tokens"], value=10)

    assert form.results["steps"] == 6
    assert form.controls["steps"].value == 6
    assert form.error is None


def test_select_without_default_shows_unchosen():
    form = ConfigForm(cfgs.kinds_config)

    assert form.controls["choice"].index is None
    assert form.error is not None
    assert form.error.startswith("ParameterError: choice")
    assert form.results is None
    assert list(form.controls) == ["choice"]

    edit(form.controls["choice"], index=1)

    assert form.error is None
    assert form.results["choice"] == "b"
    assert len(form.controls) == 9


def test_every_kind_gets_its_control():
    form = ConfigForm(cfgs.kinds_config, selections={"choice": "a"})
    controls = form.controls

    assert isinstance(controls["choice"], ipywidgets.Dropdown)
    assert isinstance(controls["tags"], ipywidgets.SelectMultiple)
    assert isinstance(controls["enabled"], ipywidgets.Checkbox)
    assert isinstance(controls["name"], ipywidgets.Text)
    assert isinstance(controls["notes"], ipywidgets.Textarea)
    assert isinstance(controls["weights"], ipywidgets.FloatsInput)
    assert isinstance(controls["sizes"], ipywidgets.IntsInput)
    assert isinstance(controls["words"], ipywidgets.TagsInput)
    assert isinstance(controls["flags"], ipywidgets.TagsInput)
    assert controls["tags"].index == (0, 2)
    assert controls["flags"].value == ["True", "False"]


def test_every_kind_edit_reaches_results():
    form = ConfigForm(cfgs.kinds_config, selections={"choice": "a"})
    controls = form.controls

    edit(controls["tags"], index=[2, 1])
    edit(controls["enabled"], value=False)
    edit(controls["name"], value="long")
    edit(controls["notes"], value="one\ntwo\nthree")
    edit(controls["weights"], value=[2.5])
    edit(controls["sizes"], value=[3, 4, 5])
    edit(controls["words"], value=["c"])
    edit(controls["flags"], value=["False"])

    assert form.error is None
    assert form.results == {
        "choice": "a",
        "tags": ["y", "z"],
        "enabled": False,
        "name": "long",
        "notes": "one\ntwo\nthree",
        "weights": [2.5],
        "sizes": [3, 4, 5],
        "words": ["c"],
        "flags": [False],
    }


def test_labels_of_alike_keys_differ():
    form = ConfigForm(cfgs.alike_config)
    dropdown = form.controls["key"]

    labels = [label for label, _ in dropdown.options]

    assert labels == ["1", "'1'", "True", "1.0"]
    assert dropdown.index == 2
    assert form.results["key"] is True


def test_alike_keys_never_merge():
    form = ConfigForm(cfgs.alike_config)

    edit(form.controls["key"], index=0)
    assert type(form.results["key"]) is int

    edit(form.controls["key"], index=3)
    assert type(form.results["key"]) is float


def test_dict_select_shows_value_beside():
    form = ConfigForm(cfgs.reference_config)
    control = form._controls[("llm_model", form._records[1].site)]

    assert isinstance(control.view, ipywidgets.HBox)
    assert control.value_label.value == "= 'gpt-4o-mini'"

    edit(form.controls["llm_model"], index=0)

    assert control.value_label.value == "= 'claude-3-haiku-20240307'"


def test_labels_are_local_and_tooltips_full():
    form = ConfigForm(cfgs.outer)
    depth = form.controls["block.core.depth"]

    assert depth.description == "depth"
    assert depth.tooltip == "block.core.depth"


def test_nested_groups_titled_to_any_depth():
    form = ConfigForm(cfgs.outer)

    root = form._root.children
    assert root[0] is form.controls["name"]
    block = root[1]
    assert "hypster-group" in block._dom_classes
    assert "block" in block.children[0].value
    assert block.children[1] is form.controls["block.width"]
    core = block.children[2]
    assert "core" in core.children[0].value
    assert core.children[1] is form.controls["block.core.depth"]
    assert root[2] is form.controls["seed"]


def test_overrides_lock_controls():
    form = ConfigForm(cfgs.reference_config, overrides={"llm_model": "sonnet"})
    control = form.controls["llm_model"]

    assert control.disabled is True
    assert control.description.startswith("\N{LOCK}")
    assert "hypster-locked" in control._dom_classes
    assert form.results["llm_model"] == "claude-3-5-sonnet-20240620"
    assert "llm_model" not in form.selections

    edit(form.controls["chunking_strategy"], index=1)

    assert form.results["llm_model"] == "claude-3-5-sonnet-20240620"
    assert form.controls["chunking_strategy"].disabled is False


def test_form_selections_set_first_choices():
    form = ConfigForm(cfgs.reference_config, selections={"llm_model": "haiku"})

    assert form.results["llm_model"] == "claude-3-haiku-20240307"
    assert form.controls["llm_model"].disabled is False

    edit(form.controls["llm_model"], index=1)

    assert form.results["llm_model"] == "claude-3-5-sonnet-20240620"


def test_unreached_selection_and_override_are_notes():
    form = ConfigForm(
        cfgs.family_config,
        selections={"nothing": "x"},
        overrides={"missing.path": 1},
    )

    assert form.error is None
    assert form.results["family"] == "cnn"
    assert "nothing" in form._message.value
    assert "missing.path" in form._message.value


def test_reset_returns_to_first_state():
    form = ConfigForm(cfgs.family_config, selections={"block": "conv5"})
    edit(form.controls["depth"], value=9)
    edit(form.controls["family"], index=1)

    form.reset()

    assert form.results == {"family": "cnn", "block": "conv5", "depth": 4}
    assert form.controls["depth"].value == 4


def test_reset_button_click_resets():
    form = ConfigForm(cfgs.counted_config)
    edit(form.controls["prompt"], value="changed")

    form._reset_button.click()

    assert form.results["prompt"] == "hello"


def test_manual_apply_holds_edits_until_apply():
    form = ConfigForm(cfgs.counted_config, auto_apply=False)
    cfgs.RUNS.clear()

    edit(form.controls["mode"], index=1)
    edit(form.controls["prompt"], value="held")

    assert cfgs.RUNS == []
    assert form.pending is True
    assert form.results == {"mode": "fast", "prompt": "hello"}
    assert "hypster-pending" in form.controls["mode"]._dom_classes
    assert "pending" in form._message.value

    form._apply_button.click()

    assert len(cfgs.RUNS) == 1
    assert form.pending is False
    assert form.results == {"mode": "slow", "prompt": "held"}
    assert "hypster-pending" not in form.controls["mode"]._dom_classes


def test_options_and_bounds_change_in_place():
    form = ConfigForm(cfgs.computed_config)
    value = form.controls["value"]
    size = form.controls["size"]
    assert value.max == 10
    edit(value, value=8)
    edit(size, index=2)

    edit(form.controls["limit"], value=6)

    assert form.controls["value"] is value
    assert value.max == 6
    # 8 no longer fits under max 6, so the default comes back.
    assert form.results["value"] == 5
    assert [label for label, _ in form.controls["size"].options] == ["0", "1", "2", "3"]
    assert form.results["size"] == 2
    assert form.error is None


def test_results_are_observable_traits():
    form = ConfigForm(cfgs.reference_config)
    seen = []
    form.observe(lambda change: seen.append(change["new"]), names="results")

    edit(form.controls["llm_model"], index=1)

    assert len(seen) == 1
    assert seen[0]["llm_model"] == "claude-3-5-sonnet-20240620"


def test_results_and_snapshot_stay_in_kernel():
    form = ConfigForm(cfgs.reference_config)

    state = form.get_state()

    assert "results" not in state
    assert "snapshot" not in state
    assert "error" not in state
    assert form._export_box.get_state()["text"] == form.export()


def test_final_vars_limit_results():
    form = ConfigForm(cfgs.reference_config, final_vars=["llm_model"])

    assert form.results == {"llm_model": "gpt-4o-mini"}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"config": len}, "needs a config built with @config"),
        ({"selections": [("a", 1)]}, "selections must be a dict"),
        ({"overrides": "a=1"}, "overrides must be a dict"),
        ({"final_vars": "model"}, "final_vars must be a list"),
    ],
    ids=["not-config", "selections-list", "overrides-str", "final-vars-str"],
)
def test_bad_arguments_raise(kwargs, match):
    arguments = {"config": cfgs.reference_config, **kwargs}
    config = arguments.pop("config")

    with pytest.raises(TypeError, match=match):
        ConfigForm(config, **arguments)


def test_locked_list_edit_is_rejected():
    form = ConfigForm(cfgs.field_config, overrides={"stops": ["END"]})
    good = form.results

    edit(form.controls["stops"], value=[])

    assert form.error is not None
    assert form.error.startswith("stops")
    assert form.results == good
    assert form.results["stops"] == ["END"]


def test_field_replaced_when_bound_vanishes():
    form = ConfigForm(cfgs.bounds_config)
    bounded = form.controls["count"]
    assert isinstance(bounded, ipywidgets.BoundedIntText)

    edit(form.controls["capped"], value=False)

    unbounded = form.controls["count"]
    assert type(unbounded) is ipywidgets.IntText
    assert bounded.comm is None
    assert form._root.children[1] is unbounded

    edit(unbounded, value=500)

    assert form.results == {"capped": False, "count": 500}


def test_controls_before_unchosen_select_stay_usable():
    form = ConfigForm(cfgs.unchosen_config)
    assert list(form.controls) == ["retries", "backend"]
    assert form.error.startswith("ParameterError: backend")

    edit(form.controls["retries"], value=4)

    assert form.controls["retries"].value == 4
    assert form.controls["backend"].index is None
    assert form.error.startswith("ParameterError: backend")

    edit(form.controls["backend"], index=1)

    assert form.error is None
    assert form.results == {"retries": 4, "backend": "remote", "timeout": 2.5}


def test_failure_inside_form_is_shown_and_logged(monkeypatch, caplog):
    form = ConfigForm(cfgs.family_config)
    good = form.results

    def broken_make_control(record, on_edit):
        raise RuntimeError(f"cannot build {record.path}")

    monkeypatch.setattr("hypster_ui._form.make_control", broken_make_control)
    edit(form.controls["family"], index=1)

    assert form.error == ("the form failed to update: RuntimeError: cannot build block")
    assert form.results == good
    assert "updating the form of family_config failed" in caplog.text


def test_failure_while_building_is_raised(monkeypatch):
    def broken_make_control(record, on_edit):
        raise RuntimeError(f"cannot build {record.path}")

    monkeypatch.setattr("hypster_ui._form.make_control", broken_make_control)

    with pytest.raises(RuntimeError, match="cannot build family"):
        ConfigForm(cfgs.family_config)


def test_close_frees_every_widget():
    before = len(ipywidgets.widgets.widget._instances)
    form = ConfigForm(cfgs.family_config)
    edit(form.controls["family"], index=1)

    form.close()

    assert len(ipywidgets.widgets.widget._instances) == before
    assert form.results == {"family": "rnn", "block": "lstm", "depth": 2}
