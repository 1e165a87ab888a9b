"""Exact counts for flat forms: runs per build and per change, widgets, messages.

The timing side of these forms is in bench/form_speed.py; only counts are asserted
here, because they do not depend on the machine.
"""

import importlib.util

import ipywidgets
import pytest
from drive import edit

from hypster_ui import ConfigForm


def flat_config(tmp_path, count):
    """Write and import a config of `count` parameters; selects first and last."""
    lines = [
        "from hypster import HP, config",
        "",
        "RUNS = []",
        "",
        "",
        "@config",
        "def flat(hp: HP):",
        "    RUNS.append(1)",
    ]
    for i in range(count):
        if i % 3 == 0 or i == count - 1:
            lines.append(f'    p{i} = hp.select(["a", "b", "c"], default="a")')
        elif i % 3 == 1:
            lines.append(f"    p{i} = hp.number({i}.5)")
        else:
            lines.append(f"    p{i} = hp.int({i}, min=0, max={10 * count})")
    path = tmp_path / f"flat_{count}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"flat_{count}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Widget models of an auto-applying form besides its controls: title, root box,
#: message, Reset button, export box and button row, with their layouts and styles.
FORM_WIDGETS = sum(
    [
        3,  # title HTML, its layout and style
        2,  # root VBox and its layout
        3,  # message HTML, layout, style
        3,  # Reset button, layout, style
        2,  # export box and its layout
        2,  # button row and its layout
        2,  # the form VBox and its layout
    ]
)


def live_widgets():
    return len(ipywidgets.widgets.widget._instances)


@pytest.mark.parametrize("count", [100, 1000])
def test_build_runs_once_and_makes_widgets_per_parameter(tmp_path, count):
    module = flat_config(tmp_path, count)
    before = live_widgets()

    form = ConfigForm(module.flat)

    assert module.RUNS == [1]
    assert len(form.controls) == count
    # Each field is three widget models: the input, its layout and its style.
    per_control = 3
    assert live_widgets() - before == per_control * count + FORM_WIDGETS


@pytest.mark.parametrize("count", [100, 1000])
@pytest.mark.parametrize("where", ["first", "last"])
def test_change_runs_once_and_sends_constant_messages(tmp_path, outbox, count, where):
    module = flat_config(tmp_path, count)
    form = ConfigForm(module.flat)
    path = "p0" if where == "first" else f"p{count - 1}"
    module.RUNS.clear()
    widgets_before = live_widgets()
    outbox.clear()

    edit(form.controls[path], index=1)

    assert module.RUNS == [1]
    assert form.results[path] == "b"
    assert live_widgets() == widgets_before
    # The browser's own edit is echoed once, then the export text changes.
    methods = [msg["method"] for _, msg in outbox.messages]
    assert methods == ["echo_update", "update"]
    assert outbox.updates() == [("ExportBox", ["text"])]


@pytest.mark.parametrize("count", [100, 1000])
def test_number_change_sends_constant_messages(tmp_path, outbox, count):
    module = flat_config(tmp_path, count)
    form = ConfigForm(module.flat)
    module.RUNS.clear()
    outbox.clear()

    edit(form.controls["p1"], value=2.25)

    assert module.RUNS == [1]
    assert form.results["p1"] == 2.25
    assert [msg["method"] for _, msg in outbox.messages] == ["echo_update", "update"]


def test_run_without_change_sends_nothing(tmp_path, outbox):
    module = flat_config(tmp_path, 100)
    form = ConfigForm(module.flat)
    outbox.clear()

    form.reset()

    assert outbox.messages == []


def test_build_sends_same_updates_at_any_size(tmp_path, outbox):
    sent = []
    for count in (100, 1000):
        module = flat_config(tmp_path, count)
        outbox.clear()
        ConfigForm(module.flat)
        sent.append(outbox.updates())

    assert sent[0] == sent[1]
    assert sent[0] == [
        # anywidget sends its module and styles after opening the export box.
        ("ExportBox", ["_esm"]),
        ("ExportBox", ["_css"]),
        ("ExportBox", ["_anywidget_id"]),
        # The controls go into the root box once the first run has built them.
        ("VBox", ["children"]),
        ("ExportBox", ["text"]),
    ]


def write_config(tmp_path, name, body):
    """Write and import a config named `name` whose body is the lines `body`."""
    lines = ["import numpy", "from hypster import HP, config", "", "", "@config"]
    lines.append(f"def {name}(hp: HP):")
    lines.extend("    " + line for line in body)
    path = tmp_path / f"{name}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def test_option_keys_changed_only_in_type_update_labels(tmp_path):
    cfg = write_config(
        tmp_path,
        "typed_keys",
        [
            'mode = hp.select(["ints", "bools"], default="ints")',
            "keys = [1, 2] if mode == 'ints' else [True, 2]",
            'choice = hp.select(keys, default=keys[0], name="choice")',
        ],
    )
    form = ConfigForm(cfg)
    assert form.controls["choice"].label == "1"

    edit(form.controls["mode"], index=1)

    assert form.results["choice"] is True
    assert form.controls["choice"].label == "True"


def test_option_value_changed_only_in_type_updates_label(tmp_path):
    cfg = write_config(
        tmp_path,
        "typed_values",
        [
            'mode = hp.select(["int", "bool"], default="int")',
            'chosen = 1 if mode == "int" else True',
            'choice = hp.select({"x": chosen, "y": 2}, default="x", name="choice")',
        ],
    )
    form = ConfigForm(cfg)
    position = form.controls["choice"].value
    view = next(c.view for c in form._controls.values() if c.path == "choice")
    assert view.children[1].value == "= 1"

    edit(form.controls["mode"], index=1)

    assert form.results["choice"] is True
    assert form.controls["choice"].value == position
    assert view.children[1].value == "= True"


def test_values_whose_equality_raises_count_as_changed(tmp_path, outbox):
    cfg = write_config(
        tmp_path,
        "array_values",
        [
            'arrays = {"a": numpy.array([1, 2]), "b": numpy.array([3, 4])}',
            'table = hp.select(arrays, default="a", name="table")',
            "rate = hp.number(0.5)",
        ],
    )
    form = ConfigForm(cfg)
    outbox.clear()

    edit(form.controls["rate"], value=0.75)

    assert form.error is None
    assert form.results["rate"] == 0.75
    assert [msg["method"] for _, msg in outbox.messages] == ["echo_update", "update"]
