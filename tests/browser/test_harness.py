"""Self-tests of the browser harness: a plain ipywidgets Dropdown, and the route
that keeps the browser on 127.0.0.1.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
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


def test_request_to_other_host_is_aborted(notebook_page, jupyter_server):
    # 127.0.0.2 is a loopback address too, so the request stays on this machine
    # even if the route lets it through. Nothing listens there, so it then fails
    # with ERR_CONNECTION_REFUSED instead.
    url = f"http://127.0.0.2:{jupyter_server.port}/api/status"
    # A second page of the same context, because Chromium may fail to take the
    # teardown screenshot of a page showing a navigation error.
    page = notebook_page.page.context.new_page()

    with pytest.raises(PlaywrightError, match=r"net::ERR_FAILED"):
        page.goto(url)
