"""The notebooks in notebooks/, run in JupyterLab and Notebook 7.

nbval checks their outputs in a kernel alone. These tests check what a person gets
in the browser: every form renders as real controls, with no "Loading widget" text,
no widget repr in its place, no error output and no error in the browser console.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"

# The notebook whose first form is the project's reference picture of a form.
QUICKSTART = REPO_ROOT / "notebooks" / "quickstart.ipynb"
HAIKU = "'llm_model': 'claude-3-haiku-20240307'"

# How a widget or the form looks when printed instead of rendered: its repr, or the
# text fallback that `ConfigForm` gives for places with no live kernel.
WIDGET_REPR = re.compile(
    r"\b(ConfigForm|ExportBox|VBox|HBox|Dropdown|Checkbox|FloatText|IntText)\("
    r"|<(ipywidgets|hypster_ui)\.[\w.]+ object at "
)
FORM_CALL = re.compile(r"\binteract\(|%%?hypster\b|\bConfigForm\(")


def shows_a_form(source: Path) -> bool:
    notebook = json.loads(source.read_text(encoding="utf-8"))
    return any(
        FORM_CALL.search("".join(cell["source"]))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    )


@pytest.mark.parametrize(
    "source", PROJECT_NOTEBOOKS, ids=[path.stem for path in PROJECT_NOTEBOOKS]
)
def test_notebook_renders_forms_as_controls(open_notebook, jupyter_server, source):
    page = open_notebook(source)

    page.run_all()

    notebook = page.notebook
    forms = notebook.locator(".hypster-form")
    expect(notebook).not_to_contain_text("Loading widget")
    expect(notebook).not_to_contain_text("Error displaying widget")
    expect(notebook.locator(".hypster-form-static")).to_have_count(0)
    errors = notebook.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    expect(errors).to_have_count(0)
    outputs = "\n".join(notebook.locator(".jp-OutputArea-output").all_inner_texts())
    assert WIDGET_REPR.search(outputs) is None
    if shows_a_form(source):
        expect(forms.first).to_be_visible()
    for form in forms.all():
        expect(form.locator("select, input, textarea").first).to_be_visible()
    assert page.unexpected_console_errors == []
    if source == QUICKSTART and jupyter_server.app == "lab":
        # The padding, applied only while the picture is taken, gives it a margin.
        forms.first.screenshot(
            path=ARTIFACTS_DIR / "reference-form.png",
            style=".hypster-form { padding: 12px; }",
        )


def test_quickstart_edits_reach_kernel(open_notebook):
    page = open_notebook(QUICKSTART)
    page.run_all()
    form = page.form(page.find_code_cell("form = interact(my_config)"))
    results_cell = page.find_code_cell("form.results")
    magic_form = page.form(page.find_code_cell(re.compile(r"^%%hypster retrieval")))
    magic_results_cell = page.find_code_cell("retrieval_results")

    form.get_by_label("llm_model", exact=True).select_option("haiku")
    form.get_by_label("llm_config.temperature", exact=True).fill("0.7")
    form.get_by_label("llm_config.temperature", exact=True).press("Enter")
    page.run_cell(results_cell)

    expect(page.output(results_cell)).to_contain_text(HAIKU)
    expect(page.output(results_cell)).to_contain_text("'temperature': 0.7")

    magic_form.get_by_label("top_k", exact=True).fill("10")
    magic_form.get_by_label("top_k", exact=True).press("Enter")
    page.run_cell(magic_results_cell)

    expect(page.output(magic_results_cell)).to_contain_text("'top_k': 10")
    assert page.unexpected_console_errors == []


def test_quickstart_export_pastes_as_snapshot(open_notebook):
    page = open_notebook(QUICKSTART)
    page.run_all()
    form = page.form(page.find_code_cell("form = interact(my_config)"))
    export_text = form.locator(".hypster-export-text")
    form.get_by_label("llm_model", exact=True).select_option("haiku")
    expect(form).to_contain_text("= 'claude-3-haiku-20240307'")

    form.get_by_role("button", name="Export").click()

    expect(form.locator(".hypster-export-status")).to_have_text(
        "Copied to the clipboard."
    )
    expect(export_text).to_be_visible()
    page.save_screenshot("exported")
    copied = page.read_clipboard()
    assert copied == export_text.input_value()
    assert copied.startswith("snapshot = {")
    assert HAIKU in copied

    cell = page.add_code_cell()
    page.page.keyboard.press("ControlOrMeta+v")
    page.page.keyboard.press("ControlOrMeta+End")
    page.page.keyboard.insert_text(
        "\nprint(my_config(overrides=snapshot) == form.results)"
    )
    page.run_cell(cell)

    expect(page.output(cell)).to_have_text("True")
    assert page.unexpected_console_errors == []
