"""A Jupyter server and a notebook page to drive in headless Chromium.

`JupyterServer` starts JupyterLab or Notebook 7 from the Python environment that runs
pytest, isolated from the user's own Jupyter files and kept off the network.
`NotebookPage` wraps a Playwright page showing one notebook, with the steps every
scenario needs: open, wait for the kernel, run all cells, read outputs, and collect
the browser console's errors.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    expect,
)

APPS = ("lab", "notebook")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# On a 2-core machine a server responded to /api/status 3 to 5 s after its start,
# and one scenario took under 10 s. The limits leave room for a loaded machine.
SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 20
# Milliseconds, as Playwright takes them.
KERNEL_READY_TIMEOUT_MS = 60_000
RUN_ALL_TIMEOUT_MS = 60_000

# Errors that the Jupyter front end itself logs, by app, which the tests leave out.
# NOTE: Notebook 7.6.5 throws this TypeError from its keyboard shortcuts plugin on
# every notebook page, also for a notebook holding only `print(1)` and with the
# default Jupyter folders; JupyterLab 4.6.6 logs no error on the same pages.
KNOWN_APP_ERRORS = {
    "lab": set(),
    "notebook": {"Cannot read properties of undefined (reading 'schema')"},
}

# One notebook is open per page, in JupyterLab and in Notebook 7 alike.
NOTEBOOK_SELECTOR = ".jp-NotebookPanel .jp-Notebook"

# True once Run All is over: no code cell is queued or running, and either every
# code cell ran or one shows an error, which stops the run. A prompt reads "[*]:"
# while its cell is queued or running, "[ ]:" before it ever ran, and "[n]:" once it
# ran. JupyterLab and Notebook 7 render tracebacks with the stderr MIME type.
RUN_ALL_FINISHED_JS = """(notebook) => {
    const prompts = [...document.querySelectorAll(
        `${notebook} .jp-CodeCell .jp-InputPrompt`,
    )].map((prompt) => prompt.textContent.trim());
    if (prompts.length === 0 || prompts.includes("[*]:")) {
        return false;
    }
    return prompts.every((prompt) => /^\\[\\d+\\]:$/.test(prompt)) ||
        document.querySelector(`${notebook} [data-mime-type$="stderr"]`) !== null;
}"""

# Matches every URL whose host is not 127.0.0.1. Playwright hands a regex to the
# browser, so requests to the server are not routed through Python at all.
FOREIGN_URL = re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])")

# The news and update notification of JupyterLab and Notebook 7: "false" (a string in
# this schema) stops the pop-up that requests permission to fetch news.
NOTIFICATION_SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def find_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_notebook_without_outputs(source: Path, target: Path) -> None:
    """Copy a notebook with every output and execution count removed.

    The page then shows only outputs of the run the test starts, never stale ones
    saved in the file.
    """
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook["metadata"].pop("widgets", None)
    target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


@dataclass
class JupyterServer:
    """A `jupyter lab` or `jupyter notebook` server with its own Jupyter folders.

    All of its state (config, data, runtime files, IPython profile, JupyterLab
    settings and workspaces) lives under `home`, and it serves `root`.
    """

    app: str
    home: Path
    root: Path = field(init=False)
    port: int = field(init=False)
    token: str = field(init=False)
    process: subprocess.Popen | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.app not in APPS:
            raise ValueError(
                f"unknown Jupyter app {self.app!r}; expected one of {APPS}"
            )
        self.root = self.home / "root"
        self.port = find_free_port()
        self.token = secrets.token_hex(16)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        folders = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        }
        for variable, name in folders.items():
            env[variable] = str(self.home / name)
        return env

    def command(self) -> list[str]:
        # The server comes from the environment running pytest, which scripts/test
        # built from the wheel, so its kernels import the installed packages too.
        executable = Path(sys.executable).parent / f"jupyter-{self.app}"
        command = [
            str(executable),
            "--ip=127.0.0.1",
            "--no-browser",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        return command

    def write_settings(self) -> None:
        settings = self.home / "lab-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps(NOTIFICATION_SETTINGS), encoding="utf-8"
        )

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.write_settings()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                env=self.environment(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter {self.app} exited with code {self.process.returncode} "
                    f"before it answered; its log:\n{self.read_log()}"
                )
            try:
                self.request("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(
            f"jupyter {self.app} did not answer /api/status within "
            f"{SERVER_START_TIMEOUT_S} s; its log:\n{self.read_log()}"
        )

    def read_log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server with SIGTERM, which also shuts down its kernels."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise RuntimeError(
                f"jupyter {self.app} (pid {self.process.pid}) ignored SIGTERM for "
                f"{SERVER_STOP_TIMEOUT_S} s and was killed; its log:\n{self.read_log()}"
            ) from None

    def request(self, method: str, path: str) -> object:
        """Send one REST API request and return the decoded JSON, or None."""
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for kernel in self.request("GET", "/api/kernels"):
            self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def add_notebook(self, source: Path, name: str) -> str:
        """Copy a notebook, without its outputs, into the served folder as `name`."""
        copy_notebook_without_outputs(source, self.root / name)
        return name

    def notebook_url(self, name: str, workspace: str) -> str:
        # A fresh JupyterLab workspace per page, because the default one would reopen
        # every notebook an earlier test opened, each with its own kernel.
        if self.app == "lab":
            path = f"/lab/workspaces/{workspace}/tree/{name}"
        else:
            path = f"/notebooks/{name}"
        return f"{self.base_url}{path}?token={self.token}"


def new_context(browser: Browser, server: JupyterServer) -> BrowserContext:
    """Open a browser context that reaches only 127.0.0.1 and may use the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=server.base_url
    )
    context.route(FOREIGN_URL, lambda route: route.abort())
    context.route_web_socket(FOREIGN_URL, lambda socket: socket.close())
    return context


class NotebookPage:
    """One notebook open in JupyterLab or Notebook 7."""

    def __init__(self, page: Page, server: JupyterServer, screenshot: Path) -> None:
        self.page = page
        self.server = server
        self.screenshot_path = screenshot
        self.console_errors: list[str] = []
        page.on("console", self._record_console_message)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _record_console_message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    @property
    def unexpected_console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions, less the app's known errors."""
        known = KNOWN_APP_ERRORS[self.server.app]
        return [error for error in self.console_errors if error not in known]

    @property
    def notebook(self) -> Locator:
        return self.page.locator(NOTEBOOK_SELECTOR)

    @property
    def cells(self) -> Locator:
        return self.notebook.locator(".jp-Cell")

    def code_cell(self, index: int) -> Locator:
        """The code cell at `index`, counting code cells only, from 0."""
        return self.notebook.locator(".jp-CodeCell").nth(index)

    def find_code_cell(self, source: str | re.Pattern) -> int:
        """Return the index of the one code cell whose source is `source`.

        A string must equal the whole source, less surrounding blank space. A
        pattern needs to match some part of it.
        """
        sources = self.notebook.locator(".jp-CodeCell .cm-content").all_inner_texts()
        if isinstance(source, str):
            found = [i for i, text in enumerate(sources) if text.strip() == source]
        else:
            found = [i for i, text in enumerate(sources) if source.search(text)]
        if len(found) != 1:
            raise AssertionError(
                f"expected one code cell with source {source!r}, found {len(found)} "
                f"among {sources!r}"
            )
        return found[0]

    def output(self, index: int) -> Locator:
        return self.code_cell(index).locator(".jp-OutputArea")

    def open(self, name: str, workspace: str) -> None:
        self.page.goto(self.server.notebook_url(name, workspace))
        self.wait_for_kernel_idle()

    def wait_for_kernel_idle(self) -> None:
        # The execution indicator reports idle before the kernel can take "Run All"
        # in JupyterLab; its status bar reads "Python 3 (ipykernel) | Idle" only once
        # the kernel is connected. Notebook 7 has no status bar, but it shows the
        # kernel's logo once connected.
        if self.server.app == "lab":
            status = self.page.locator("#jp-main-statusbar").get_by_text(
                re.compile(r"\| Idle$")
            )
            expect(status).to_be_visible(timeout=KERNEL_READY_TIMEOUT_MS)
        else:
            logo = self.page.locator(".jp-NotebookKernelLogo img")
            expect(logo).to_be_visible(timeout=KERNEL_READY_TIMEOUT_MS)
            idle = self.page.locator(
                ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            )
            expect(idle).to_be_attached(timeout=KERNEL_READY_TIMEOUT_MS)

    def run_menu_command(self, menu: str, item: str) -> None:
        self.page.get_by_role("menuitem", name=menu, exact=True).click()
        self.page.get_by_role("menuitem", name=item).first.click()

    def run_all(self) -> None:
        """Run every cell from the Run menu and wait until each code cell ran.

        Raises AssertionError naming the first code cell that did not run, which
        happens when a cell before it raised.
        """
        self.run_menu_command("Run", "Run All Cells")
        self.page.wait_for_function(
            RUN_ALL_FINISHED_JS, arg=NOTEBOOK_SELECTOR, timeout=RUN_ALL_TIMEOUT_MS
        )
        prompts = self.notebook.locator(".jp-CodeCell .jp-InputPrompt")
        for index, text in enumerate(prompts.all_text_contents()):
            if not re.fullmatch(r"\[\d+\]:", text.strip()):
                source = self.code_cell(index).locator(".cm-content").inner_text()
                raise AssertionError(
                    f"code cell {index} did not run (prompt {text.strip()!r}) after "
                    f"Run All; its source:\n{source}"
                )

    def run_cell(self, index: int) -> None:
        """Run one code cell, staying on it, and wait until it finished."""
        cell = self.code_cell(index)
        prompt = cell.locator(".jp-InputPrompt")
        before = prompt.text_content()
        cell.locator(".jp-InputArea-editor").click()
        # Ctrl+Enter, unlike Shift+Enter, adds no cell after the last one.
        self.page.keyboard.press("ControlOrMeta+Enter")
        expect(prompt).not_to_have_text(before, timeout=RUN_ALL_TIMEOUT_MS)
        expect(prompt).to_have_text(re.compile(r"^\[\d+\]:$"))

    def add_code_cell(self) -> int:
        """Add an empty code cell after the last cell and put its editor in focus.

        Returns the new cell's index among the code cells.
        """
        count = self.notebook.locator(".jp-CodeCell").count()
        self.cells.last.locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        expect(self.notebook.locator(".jp-CodeCell")).to_have_count(count + 1)
        self.code_cell(count).locator(".cm-content").click()
        return count

    def form(self, index: int) -> Locator:
        """The hypster form shown in the output of the code cell at `index`."""
        return self.output(index).locator(".hypster-form")

    def read_clipboard(self) -> str:
        return self.page.evaluate("navigator.clipboard.readText()")

    def save_screenshot(self, label: str = "") -> Path:
        """Save the page as a PNG at `screenshot_path`, or beside it with `label`."""
        path = self.screenshot_path
        if label:
            path = path.with_stem(f"{path.stem}-{label}")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=path)
        return path
