"""A real browser on a real JupyterLab, for the tests that need both.

`browser` launches Debian's Chromium through Playwright (skipped with the
reason when either is missing; failed instead when KIT_REQUIRE_BROWSER=1, as
.ci/run sets). `Lab` serves a copy of the kit with `python -m newsfigures lab`
on a free loopback port with a random token. `open_notebook` waits until a
notebook's cells are shown and its kernel is idle; `running_lab` keeps a Lab up for a block.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from optional_parts import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as root in a container: no sandbox, no GPU, and nothing fetched on its own.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_missing():
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright is not installed (pip install playwright==1.65.2)")
    try:
        import pypdf  # noqa: F401  (reads the text of each printed page)
    except ImportError:
        missing.append("pypdf is not installed (pip install pypdf==7.1.1)")
    if not CHROMIUM.is_file():
        missing.append(f"Chromium is not at {CHROMIUM} (apt-get install chromium)")
    return "; ".join(missing)


@pytest.fixture(scope="module")
def browser():
    skip_or_fail(browser_missing(), "KIT_REQUIRE_BROWSER", "the real-browser test")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()
    playwright.stop()


class Lab:
    """A JupyterLab server on a copy of the kit."""

    def __init__(self, root, scratch):
        self.root, self.token, self.port = root, secrets.token_hex(24), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = scratch / "settings"
        tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True)
        # Every cell stays in the page, so every chart can be counted.
        tracker.write_text(json.dumps({"windowingMode": "none"}))
        env = dict(
            os.environ,
            JUPYTER_TOKEN=self.token,  # in the environment, not on a command line others can read
            JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
            JUPYTER_DATA_DIR=str(scratch / "data"),
            IPYTHONDIR=str(scratch / "ipython"),
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        )
        self.log = scratch / "jupyterlab.log"
        command = [
            sys.executable,
            "-m",
            "newsfigures",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
        ]
        with open(self.log, "w") as log:
            # A session of its own: `newsfigures lab` starts JupyterLab as its child, and both are stopped together.
            self.process = subprocess.Popen(
                command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def api(self, path, method="GET"):
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_until_up(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"JupyterLab stopped at start-up:\n{self.log.read_text()[-3000:]}")
            try:
                return self.api("status")
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{self.log.read_text()[-3000:]}")

    def shut_down_kernels(self):
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self):
        if self.process.poll() is None:
            stop_process_group(self.process)

    def notebook_url(self, name):
        # A workspace of its own per notebook, reset, so no other tab is restored with it.
        return f"{self.url}/lab/workspaces/{Path(name).stem}/tree/notebooks/{name}?reset&token={self.token}"


@contextmanager
def running_lab(make_kit_copy, scratch):
    """A Lab on a fresh copy of the kit in `scratch`, up until the block ends."""
    server = Lab(make_kit_copy(scratch / "kit"), scratch)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_notebook(page, lab, name):
    """Open the notebook and wait until all its cells are shown and its kernel is ready."""
    cells = len(nbformat.read(lab.root / "notebooks" / name, as_version=4).cells)
    page.goto(lab.notebook_url(name))
    page.wait_for_function(
        """cells => document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length === cells
            && document.querySelector('.jp-StatusBar-Widget')?.textContent.includes('| Idle')""",
        arg=cells,
        timeout=60_000,
    )


def stop_process_group(process, seconds=30):
    """End a server started in its own process group: politely, then by force."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
