"""Self-tests of the browser harness on a plain ipywidgets Dropdown."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PLAIN_DROPDOWN = Path(__file__).resolve().parent / "notebooks" / "plain_dropdown.ipynb"


def test_dropdown_choice_reaches_kernel(open_notebook):
    page = open_notebook(PLAIN_DROPDOWN)

    page.run_all()

    select = page.output(0).locator(".widget-dropdown select")
    expect(select).to_be_visible()
    expect(page.output(1)).to_have_text("colour is red")
    select.select_option("green")
    page.run_cell(1)
    expect(page.output(1)).to_have_text("colour is green")
    expect(page.notebook).not_to_contain_text("Loading widget")
    assert page.unexpected_console_errors == []


def test_request_to_other_host_is_aborted(open_notebook, jupyter_server):
    page = open_notebook(PLAIN_DROPDOWN)
    failures = []
    page.page.on("requestfailed", lambda request: failures.append(request.failure))
    # 127.0.0.2 is a loopback address too, so the request stays on this machine
    # even if the route lets it through. It then fails as refused, not as aborted.
    url = f"http://127.0.0.2:{jupyter_server.port}/api/status"

    error = page.page.evaluate(
        "(url) => fetch(url).then(() => 'no error', (error) => String(error))", url
    )

    assert re.search("Failed to fetch", error)
    assert failures == ["net::ERR_FAILED"]
