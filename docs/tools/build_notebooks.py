"""Build the notebooks in notebooks/ from the Markdown pages and execute them.

Each page becomes one notebook: prose becomes Markdown cells, each Python block a
code cell, and the `text` blocks that show expected output are dropped because the
executed cell shows the real output. Links to other pages are pointed at `docs/`.
The notebook is executed in `notebooks/`, without saved widget state or timings,
so that nbval can compare its outputs exactly on the next run.

Usage, from the repository root: `python docs/tools/build_notebooks.py [PAGE ...]`
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS = REPO_ROOT / "docs"
NOTEBOOKS = REPO_ROOT / "notebooks"

#: The pages that get a notebook, by page name and notebook name.
PAGES = {
    "getting-started.md": "getting-started.ipynb",
    "parameters.md": "parameters.ipynb",
    "naming.md": "naming.ipynb",
    "calling.md": "calling.ipynb",
    "nesting.md": "nesting.ipynb",
    "save-load.md": "save-load.ipynb",
}

KERNELSPEC = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}

_PAGE_LINK = re.compile(r"\]\((?!https?:)([^)#]+\.md|decisions/)")


def split_cells(text: str) -> list[tuple[str, str]]:
    """Split a page into ("markdown" | "code", source) pairs, dropping output blocks."""
    cells: list[tuple[str, str]] = []
    prose: list[str] = []
    lines = text.splitlines()
    index = 0
    previous_was_code = False

    def flush() -> None:
        source = "\n".join(prose).strip()
        if source:
            cells.append(("markdown", _point_links(source)))
        prose.clear()

    while index < len(lines):
        line = lines[index]
        if not line.startswith("```"):
            prose.append(line)
            if line.strip():
                previous_was_code = False
            index += 1
            continue
        words = line[3:].split()
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = "\n".join(lines[index + 1 : end]).strip("\n")
        if words and words[0] == "python":
            flush()
            cells.append(("code", body))
            previous_was_code = True
        elif words and words[0] == "text" and previous_was_code:
            previous_was_code = False
        else:
            prose.extend(lines[index : end + 1])
            previous_was_code = False
        index = end + 1
    flush()
    return cells


def _point_links(source: str) -> str:
    return _PAGE_LINK.sub(lambda match: f"](../docs/{match.group(1)}", source)


def build(page: str, notebook_name: str) -> Path:
    """Write and execute the notebook of one page; return its path."""
    cells = split_cells((DOCS / page).read_text(encoding="utf-8"))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    for number, (kind, source) in enumerate(cells, start=1):
        if kind == "code":
            cell = nbformat.v4.new_code_cell(source)
        else:
            cell = nbformat.v4.new_markdown_cell(source)
        cell["id"] = f"cell-{number}"
        notebook.cells.append(cell)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    path = NOTEBOOKS / notebook_name
    nbformat.write(notebook, path)
    return path


def main(arguments: list[str]) -> int:
    """Build the notebooks of the pages named in `arguments`, or of every page."""
    pages = arguments or list(PAGES)
    for page in pages:
        print(build(page, PAGES[page]).relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
