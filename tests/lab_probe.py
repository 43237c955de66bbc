"""Start JupyterLab on a copy of the kit, visit it, stop it, and report what it did.

Run by tests/test_offline.py inside the network block (so the server and
everything that talks to it share one loopback):

    python tests/lab_probe.py KIT SCRATCH [--plain] [--page notebooks/NN-name.ipynb]

starts `python -m newsfigures lab` (the README's command), or with --plain a
bare `python -m jupyterlab` for comparison, with a random token on a free
loopback port; asks the server for the start page, the start notebook, the
news, the update check, the extension list and the settings the page will
use; if Chromium is installed (and not --plain), opens the start page (or the
given page) in it with a network log; then stops the server and writes
SCRATCH/probe.json.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_PAGE = "notebooks/00-start-here.ipynb"
SETTINGS = ["@jupyterlab/apputils-extension:notification", "@jupyterlab/extensionmanager-extension:plugin"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, token):
    """(status, headers, body) of a GET, without following redirects."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")


def start(kit, scratch, plain, port, token):
    jupyter = ["-m", "jupyterlab"] if plain else ["-m", "newsfigures", "lab"]
    command = [
        sys.executable,
        *jupyter,
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--LabApp.user_settings_dir={scratch / 'settings'}",
        f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
    ]
    env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), IPYTHONDIR=str(scratch / "ipython"))
    with open(scratch / "jupyterlab.log", "w") as log:
        return subprocess.Popen(command, cwd=kit, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(server, base, token, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if get(f"{base}/api/status", token)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def page_config(html):
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else {}


def visit(base, token):
    """What the server answers on the pages and APIs a start-up touches."""
    report = {}
    status, headers, _ = get(f"{base}/", token)
    report["root"] = {"status": status, "location": headers.get("Location", "")}
    status, _, html = get(f"{base}/lab/tree/{START_PAGE}", token)
    config = page_config(html)
    report["start_page"] = {"status": status, "news": config.get("news"), "extension_manager": config.get("extensionManager")}
    report["start_notebook_status"] = get(f"{base}/api/contents/{START_PAGE}?content=0", token)[0]
    for name, path in [("news", "lab/api/news"), ("update", "lab/api/update"), ("extensions", "lab/api/extensions")]:
        status, _, body = get(f"{base}/{path}", token)
        report[name] = {"status": status, "body": json.loads(body) if status == 200 else body}
    report["setting_defaults"] = {}
    for plugin in SETTINGS:
        status, _, body = get(f"{base}/lab/api/settings/{plugin}", token)
        schema = json.loads(body)["schema"] if status == 200 else {"properties": {}}
        report["setting_defaults"][plugin] = {k: v.get("default") for k, v in schema["properties"].items()}
    return report


def browse(base, token, scratch, page):
    """Open the page in headless Chromium; every request it made, from the network log."""
    chromium = shutil.which("chromium")
    if not chromium:
        return None
    netlog = scratch / "chromium-netlog.json"
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={scratch / 'chromium'}",
            f"--log-net-log={netlog}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            f"{base}/lab/tree/{page}?token={token}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    log = json.loads(netlog.read_text())
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    requests = [
        {"url": e["params"]["url"], "initiator": e["params"].get("initiator", "")}
        for e in log["events"]
        if names[e["type"]] == "URL_REQUEST_START_JOB" and "url" in e.get("params", {})
    ]
    return {
        "returncode": done.returncode,
        "cells_shown": len(re.findall(r'class="[^"]*\bjp-Cell\b', done.stdout)),
        "requests": requests,
    }


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def main(kit, scratch, plain=False, page=START_PAGE):
    kit, scratch = Path(kit), Path(scratch)
    port, token = free_port(), secrets.token_hex(24)
    base = f"http://127.0.0.1:{port}"
    server = start(kit, scratch, plain, port, token)
    report = {"origin": base, "up": wait_until_up(server, base, token)}
    try:
        if report["up"]:
            report.update(visit(base, token))
            report["browser"] = None if plain else browse(base, token, scratch, page)
    finally:
        report["exit_code"] = stop(server)
        report["log_tail"] = (scratch / "jupyterlab.log").read_text()[-3000:]
    (scratch / "probe.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    options = sys.argv[3:]
    main(
        sys.argv[1],
        sys.argv[2],
        plain="--plain" in options,
        page=options[options.index("--page") + 1] if "--page" in options else START_PAGE,
    )
