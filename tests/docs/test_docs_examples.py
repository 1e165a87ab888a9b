"""Run every Python example in docs/ and compare what it prints with the page.

Each page runs in a fresh interpreter, in a temporary working directory, with its
blocks executed in order as one script (see docs/tools/docblocks.py).
"""

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS = REPO_ROOT / "docs"
RUNNER = DOCS / "tools" / "docblocks.py"
PAGES = [*sorted(DOCS.rglob("*.md")), REPO_ROOT / "README.md"]

sys.path.insert(0, str(RUNNER.parent))
from docblocks import extract_blocks  # noqa: E402


def run_pages(*pages: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUNNER), *map(str, pages)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return page


def fence(info: str, body: str) -> str:
    return f"```{info}\n{body}```\n"


def test_docs_folder_has_pages_with_examples():
    counted = {page.name: len(extract_blocks(page.read_text())) for page in PAGES}
    assert counted, f"no Markdown pages in {DOCS}"
    assert counted.get("getting-started.md", 0) > 0


@pytest.mark.parametrize(
    "page", PAGES, ids=[page.relative_to(REPO_ROOT).as_posix() for page in PAGES]
)
def test_page_examples_run_and_print_what_page_shows(page, tmp_path):
    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_skipped_blocks_need_a_notebook(tmp_path):
    # Blocks fenced `python notest` are never run, so keep them to code that only
    # works in a notebook: magics and displaying a form.
    for page in PAGES:
        for block in extract_blocks(page.read_text()):
            if block.run:
                continue
            needs_notebook = "%" in block.code or "interact(" in block.code
            assert needs_notebook, f"{page.name}:{block.line} is skipped needlessly"


def test_runner_reports_wrong_output_with_line(tmp_path):
    page = write_page(
        tmp_path, "Intro\n\n" + fence("python", "print(1 + 1)\n") + fence("text", "3\n")
    )

    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 1
    assert "docs/page.md:4: the block printed\n2\nbut the page shows\n3" in (
        finished.stdout
    )


def test_runner_reports_exception_with_page_line(tmp_path):
    body = "x = 1\n\n" + fence("python", "y = 2\nraise KeyError('boom')\n")
    page = write_page(tmp_path, body)

    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 1
    assert "docs/page.md:4: the block raised" in finished.stdout
    assert 'File "docs/page.md", line 5' in finished.stdout
    assert "KeyError: 'boom'" in finished.stdout


def test_runner_shares_names_between_blocks_and_skips_notest(tmp_path):
    body = (
        fence("python", "x = 20\n")
        + "\n"
        + fence("python notest", "%load_ext hypster\n")
        + fence("python", "print(x + 1)\n")
        + fence("text", "21\n")
    )
    page = write_page(tmp_path, body)

    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_runner_lets_config_read_block_source(tmp_path):
    code = (
        "from hypster import HP, config\n\n"
        "@config\n"
        "def tiny(hp: HP):\n"
        "    size = hp.int(3)\n\n"
        "print(tiny(overrides={'size': 4}))\n"
    )
    page = write_page(tmp_path, fence("python", code) + fence("text", "{'size': 4}\n"))

    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_runner_works_in_given_directory(tmp_path):
    page = write_page(
        tmp_path,
        fence("python", "import os\nprint(os.getcwd())\n")
        + fence("text", f"{tmp_path}\n"),
    )

    finished = run_pages(page, cwd=tmp_path)

    assert finished.returncode == 0, finished.stdout + finished.stderr
