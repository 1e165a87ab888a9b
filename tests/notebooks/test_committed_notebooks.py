"""Checks on how the notebooks in notebooks/ are committed.

nbval runs these notebooks and compares each cell's output with the committed one,
but a cell committed without outputs is run and never compared. These tests make
sure that every comparison nbval should make actually happens.
"""

import json
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[dict]:
    return [
        cell
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "".join(cell["source"]).strip()
    ]


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def notebook(request: pytest.FixtureRequest) -> dict:
    return load_notebook(request.param)


def test_notebooks_folder_has_notebooks():
    assert NOTEBOOKS, f"no .ipynb files in {NOTEBOOKS_DIR}"


def test_notebook_has_python_kernelspec(notebook):
    kernelspec = notebook["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3"
    assert kernelspec.get("language") == "python"


def test_notebook_has_no_saved_widget_state(notebook):
    # Saved widget state takes precedence over the form's text and HTML fallback in
    # nbconvert and on GitHub, and it needs JavaScript from a CDN to render.
    assert "widgets" not in notebook["metadata"]


def test_notebook_code_cells_are_executed(notebook):
    unexecuted = [
        "".join(cell["source"]).splitlines()[0]
        for cell in code_cells(notebook)
        if cell.get("execution_count") is None
    ]
    assert unexecuted == []


def test_notebook_execution_counts_run_in_order(notebook):
    # Counts 1, 2, 3, ... show the outputs came from one top-to-bottom run.
    counts = [cell["execution_count"] for cell in code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1))
