"""Fixtures for the browser tests: one Jupyter server per module and app, one page
per test, and a screenshot of every page at the end of its test.
"""

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import (
    APPS,
    CHROMIUM,
    CHROMIUM_ARGS,
    JupyterServer,
    NotebookPage,
    new_context,
)
from playwright.sync_api import Browser, sync_playwright

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = BROWSER_TESTS_DIR / "artifacts"

_workspace_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=APPS)
def jupyter_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    """A fresh server per test module, once with JupyterLab and once with Notebook 7."""
    app = request.param
    server = JupyterServer(app, tmp_path_factory.mktemp(f"jupyter-{app}"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notebook_page(
    browser: Browser, jupyter_server: JupyterServer, request: pytest.FixtureRequest
) -> Iterator[NotebookPage]:
    """A page in a new browser context; saved to artifacts/ as a PNG at teardown."""
    context = new_context(browser, jupyter_server)
    module = request.node.module.__name__.removeprefix("test_")
    screenshot = (
        ARTIFACTS_DIR / f"{jupyter_server.app}-{module}-{request.node.originalname}.png"
    )
    page = NotebookPage(context.new_page(), jupyter_server, screenshot)
    try:
        yield page
        page.save_screenshot()
    finally:
        context.close()
        jupyter_server.shut_down_kernels()


@pytest.fixture
def open_notebook(
    notebook_page: NotebookPage,
    jupyter_server: JupyterServer,
    request: pytest.FixtureRequest,
) -> Callable[[Path], NotebookPage]:
    """Open a copy of a notebook, without its outputs, and wait for its kernel.

    The copy is named after the test, so no test opens a copy another test edited.
    The Python files beside the notebook are copied along with it.
    """

    def open_copy(source: Path) -> NotebookPage:
        for module in source.parent.glob("*.py"):
            shutil.copy(module, jupyter_server.root / module.name)
        name = f"{request.node.originalname}-{source.name}"
        jupyter_server.add_notebook(source, name)
        notebook_page.open(name, workspace=f"test{next(_workspace_numbers)}")
        return notebook_page

    return open_copy
