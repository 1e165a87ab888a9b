"""The config form driven in JupyterLab and Notebook 7, as a person would use it.

Each test opens a fresh copy of a notebook from tests/browser/notebooks/, runs all
its cells, edits the form, and checks what reached the kernel by running a cell
that prints the form's results.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOKS_DIR = Path(__file__).resolve().parent / "notebooks"

# form_kinds.ipynb: code cell 1 shows `form`, cell 2 prints its results, cell 3 shows
# `locked` (learning_rate set by an override) and cell 4 prints its results.
FORM_KINDS = NOTEBOOKS_DIR / "form_kinds.ipynb"
# form_branches.ipynb: code cell 1 shows `form`, cell 2 prints its results.
FORM_BRANCHES = NOTEBOOKS_DIR / "form_branches.ipynb"

KINDS_DEFAULTS = {
    "optimizer": "'Adam(lr)'",
    "learning_rate": "0.001",
    "epochs": "10",
    "shuffle": "True",
    "run_name": "'baseline'",
}


def results_text(**entries: str) -> str:
    """Return how `print(results)` shows a dict of these entries' reprs, in order."""
    return (
        "{" + ", ".join(f"'{name}': {value}" for name, value in entries.items()) + "}"
    )


def kinds_results(**changed: str) -> str:
    return results_text(**{**KINDS_DEFAULTS, **changed})


def branch_results(family: str, **entries: str) -> str:
    return results_text(family=f"'{family}'", **entries, seed="0")


def test_each_edit_reaches_kernel(open_notebook):
    page = open_notebook(FORM_KINDS)
    page.run_all()
    form = page.form(1)

    form.get_by_label("optimizer", exact=True).select_option("sgd")
    page.run_cell(2)
    expect(page.output(2)).to_have_text(kinds_results(optimizer="'SGD(lr)'"))
    expect(form).to_contain_text("= 'SGD(lr)'")

    form.get_by_label("learning_rate", exact=True).fill("0.05")
    form.get_by_label("learning_rate", exact=True).press("Enter")
    page.run_cell(2)
    expect(page.output(2)).to_have_text(
        kinds_results(optimizer="'SGD(lr)'", learning_rate="0.05")
    )

    form.get_by_label("shuffle", exact=True).uncheck()
    page.run_cell(2)
    expect(page.output(2)).to_have_text(
        kinds_results(optimizer="'SGD(lr)'", learning_rate="0.05", shuffle="False")
    )

    form.get_by_label("run_name", exact=True).fill("tuned")
    form.get_by_label("run_name", exact=True).press("Enter")
    page.run_cell(2)
    expect(page.output(2)).to_have_text(
        kinds_results(
            optimizer="'SGD(lr)'",
            learning_rate="0.05",
            shuffle="False",
            run_name="'tuned'",
        )
    )
    assert page.unexpected_console_errors == []


def test_branch_switch_restores_values(open_notebook):
    page = open_notebook(FORM_BRANCHES)
    page.run_all()
    form = page.form(1)
    family = form.get_by_label("family", exact=True)
    form.get_by_label("depth", exact=True).fill("7")
    form.get_by_label("depth", exact=True).press("Enter")

    family.select_option("net")

    expect(form.get_by_label("depth", exact=True)).to_have_count(0)
    expect(form.get_by_label("pruned", exact=True)).to_have_count(0)
    form.get_by_label("layers", exact=True).fill("4")
    form.get_by_label("layers", exact=True).press("Enter")
    form.get_by_label("activation", exact=True).select_option("tanh")
    page.run_cell(2)
    expect(page.output(2)).to_have_text(
        branch_results("net", layers="4", activation="'tanh'")
    )

    family.select_option("tree")

    expect(form.get_by_label("layers", exact=True)).to_have_count(0)
    expect(form.get_by_label("activation", exact=True)).to_have_count(0)
    expect(form.get_by_label("depth", exact=True)).to_have_value("7")
    page.run_cell(2)
    expect(page.output(2)).to_have_text(
        branch_results("tree", depth="7", pruned="False")
    )

    family.select_option("net")

    expect(form.get_by_label("layers", exact=True)).to_have_value("4")
    expect(form.get_by_label("activation", exact=True)).to_have_value("tanh")
    assert page.unexpected_console_errors == []


def test_raising_branch_shows_error_until_switched_back(open_notebook):
    page = open_notebook(FORM_BRANCHES)
    page.run_all()
    form = page.form(1)
    family = form.get_by_label("family", exact=True)
    error = form.locator(".hypster-message-error")

    family.select_option("broken")

    expect(error).to_contain_text("ValueError: the broken family has no model")
    expect(family).to_be_enabled()
    page.save_screenshot("error")
    page.run_cell(2)
    # The form keeps the results of the last run that succeeded.
    expect(page.output(2)).to_have_text(
        branch_results("tree", depth="3", pruned="False")
    )

    family.select_option("tree")

    expect(error).to_have_count(0)
    expect(form.get_by_label("depth", exact=True)).to_have_value("3")
    assert page.unexpected_console_errors == []


def test_locked_override_cannot_be_edited(open_notebook):
    page = open_notebook(FORM_KINDS)
    page.run_all()
    form = page.form(3)
    field = form.get_by_label(re.compile(r"learning_rate$"))

    expect(field).to_be_disabled()
    expect(field).to_have_value("0.5")
    expect(form).to_contain_text("\N{LOCK} learning_rate")

    field.click(force=True)

    expect(field).not_to_be_focused()
    page.run_cell(4)
    expect(page.output(4)).to_have_text(kinds_results(learning_rate="0.5"))
    assert page.unexpected_console_errors == []
