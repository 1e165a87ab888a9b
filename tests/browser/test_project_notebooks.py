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
REFERENCE_NOTEBOOK = "quickstart.ipynb"

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
    if source.name == REFERENCE_NOTEBOOK and jupyter_server.app == "lab":
        forms.first.screenshot(path=ARTIFACTS_DIR / "reference-form.png")
