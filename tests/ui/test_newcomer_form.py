"""Cases a newcomer hit while using the form: non-finite numbers, Apply, rendering."""

# Config bodies bind locals that become the results, which pyflakes reads as unused.
# ruff: noqa: F841

import math

import pytest
from drive import edit

from hypster import HP, config
from hypster_ui import ConfigForm


def evaluate(source):
    namespace = {}
    exec(source, namespace)
    return namespace["snapshot"]


def same_floats(a, b):
    """Compare two floats with their type, counting nan as equal to nan."""
    if type(a) is not type(b):
        return False
    return (math.isnan(a) and math.isnan(b)) or a == b


@config
def clipping(hp: HP):
    max_grad_norm = hp.number(1.0)
    lr_range = hp.multi_number([1e-4, 1e-2])
    scale = hp.select({"none": 1.0, "unbounded": float("inf")}, default="none")


@config
def literal_choice(hp: HP):
    model = hp.select(["small", "large"], default="small")
    loss = hp.select({1: "mse", "1": "mae"}, default="1")


@config
def held(hp: HP):
    mode = hp.select(["fast", "full"], default="fast")
    if mode == "full":
        passes = hp.int(3, min=1)
    rate = hp.number(0.1, min=0.0)


@pytest.mark.parametrize(
    "overrides",
    [
        {"max_grad_norm": float("inf")},
        {"max_grad_norm": -float("inf")},
        {"max_grad_norm": float("nan")},
        {"lr_range": [float("nan"), 1.0]},
    ],
    ids=["inf", "minus-inf", "nan", "nan-in-list"],
)
def test_export_replays_non_finite_override(overrides):
    form = ConfigForm(clipping, overrides=overrides)

    snapshot = evaluate(form.export())
    (path,) = overrides

    assert path in snapshot
    replayed = clipping(overrides=snapshot)
    expected = form.results[path]
    if isinstance(expected, list):
        assert all(map(same_floats, replayed[path], expected))
    else:
        assert same_floats(replayed[path], expected)


def test_export_writes_non_finite_float_as_call():
    form = ConfigForm(clipping, overrides={"max_grad_norm": float("inf")})

    assert "'max_grad_norm': float('inf')," in form.export()


def test_export_replays_infinite_option_value():
    form = ConfigForm(clipping)
    edit(form.controls["scale"], index=1)

    snapshot = evaluate(form.export())

    assert clipping(overrides=snapshot) == form.results


def test_static_text_shows_non_finite_value():
    form = ConfigForm(clipping, overrides={"max_grad_norm": float("nan")})

    text = form._repr_mimebundle_()["text/plain"]

    assert "max_grad_norm: float('nan')  (locked)" in text
    assert "<float>" not in text


def test_static_text_shows_override_outside_options():
    form = ConfigForm(literal_choice, overrides={"model": "medium"})

    text = form._repr_mimebundle_()["text/plain"]
    html = form._repr_mimebundle_()["text/html"]

    assert "model: 'medium'  (locked)" in text
    assert "not chosen" not in text
    assert "&#x27;medium&#x27;" in html


def test_static_text_tells_alike_keys_apart():
    form = ConfigForm(literal_choice)

    text = form._repr_mimebundle_()["text/plain"]

    assert "loss: '1' = 'mae'" in text


def test_apply_keeps_valid_edit_pending_beside_rejected_one():
    form = ConfigForm(held, auto_apply=False)
    edit(form.controls["mode"], index=1)
    edit(form.controls["rate"], value=-1.0)

    form.apply()

    assert form.error.startswith("rate: -1.0 is out of bounds")
    assert form.results == {"mode": "fast", "rate": 0.1}
    assert form.pending
    assert not form._apply_button.disabled
    assert "1 edit pending" in form._message.value


def test_apply_after_fixing_rejected_edit_applies_both():
    form = ConfigForm(held, auto_apply=False)
    edit(form.controls["mode"], index=1)
    edit(form.controls["rate"], value=-1.0)
    form.apply()

    edit(form.controls["rate"], value=0.5)
    form.apply()

    assert form.error is None
    assert form.results == {"mode": "full", "passes": 3, "rate": 0.5}
    assert not form.pending
    assert form._apply_button.disabled


def test_rejected_edit_names_path_once():
    form = ConfigForm(held)

    edit(form.controls["rate"], value=-1.0)

    assert form.error.startswith("rate: -1.0 is out of bounds")
    assert form.error.count("rate") == 1


def test_locked_select_shows_override_outside_options():
    form = ConfigForm(literal_choice, overrides={"model": "medium"})

    dropdown = form.controls["model"]
    labels = [w.value for w in _row_of(form, dropdown).children if w is not dropdown]
    assert dropdown.disabled
    assert dropdown.index is None
    assert labels == ["= 'medium' (override, not an option)"]


def _row_of(form, widget):
    """Return the box that contains `widget` beside its value label."""
    boxes = [form]
    while boxes:
        box = boxes.pop()
        children = getattr(box, "children", ())
        if widget in children:
            return box
        boxes.extend(children)
    raise AssertionError("widget not found in the form")
