"""The kit needs no network and sends nothing.

On a copy of the kit, with the network blocked (see network_block.py; the
method in use, `netns+guard` or `guard`, is part of every test id):
- `python -m newsfigures prepare` and `build` succeed without a single attempt
  to reach another machine; the notebooks themselves run offline under nbval,
  whose kernels carry the same guard (see conftest.py), and a test here shows
  such a kernel refuses to connect;
- the HTML handouts, worksheets and answer-key pages load nothing from anywhere: no outside script, style,
  font or image, only links a reader may click;
- the README's way of starting JupyterLab (`python -m newsfigures lab`) opens
  at the start page with news, update checks and extension look-ups off, and
  nothing it serves, nor the page in Chromium, reaches outside the machine.
The blocks and the lab probe are also shown to catch what they are for.

If the build command does not exist yet, its tests are skipped with the
reason; with KIT_REQUIRE_BUILD=1 they fail instead. Chromium's part of the lab
test likewise fails instead of skipping when KIT_REQUIRE_BROWSER=1.
"""

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from html_scan import loaded_from_elsewhere
from network_block import DESCRIPTION, METHOD, NAMESPACE, attempts, guard_environment, in_namespace, run_offline
from optional_parts import skip_or_fail
from repo import NOTEBOOKS

pytestmark = pytest.mark.offline
NAMES = [p.name for p in NOTEBOOKS]
PROBE = Path(__file__).resolve().parent / "lab_probe.py"
START_PAGE = "/lab/tree/notebooks/00-start-here.ipynb"
# Where the kit's commands and JupyterLab may write; everything else must stay as it came.
WRITABLE = ("data/tidy/", "figures/", "build/", ".kit/originals/")
# The lab's own announcement, update and extension APIs: the start page must not even ask for them.
PHONING_APIS = ("/lab/api/news", "/lab/api/update", "/lab/api/extensions")


def kit_commands():
    from newsfigures.__main__ import COMMANDS

    return set(COMMANDS)


def require_build():
    if "build" not in kit_commands():
        skip_or_fail("`python -m newsfigures build` does not exist", "KIT_REQUIRE_BUILD", "the build and handout checks")


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory, make_kit_copy):
    return make_kit_copy(tmp_path_factory.mktemp("offline") / "kit")


@pytest.fixture(scope="module")
def offline(offline_copy, tmp_path_factory):
    """Run a command on the kit copy with the network blocked; each command runs once per module."""
    logs, results = tmp_path_factory.mktemp("guard-logs"), {}

    def run(name, command, timeout=900):
        if name not in results:
            log = logs / f"{re.sub(r'[^a-z0-9.-]+', '-', name)}.log"
            results[name] = run_offline(command, log, cwd=offline_copy, timeout=timeout), attempts(log)
        return results[name]

    return run


def failure(done):
    return f"exit code {done.returncode}\n--- stdout\n{done.stdout[-2000:]}\n--- stderr\n{done.stderr[-4000:]}"


def snapshot(root):
    """Size and modification time of every file of the kit that must not change."""
    files = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and "__pycache__" not in path.parts and not relative.startswith(WRITABLE):
            files[relative] = (path.stat().st_size, path.stat().st_mtime_ns)
    return files


# --- the blocks block ----------------------------------------------------------------------------

REACH_OUT = """
import socket

def connect(address):
    with socket.socket() as sock:
        sock.settimeout(10)
        sock.connect(address)

for attempt in (lambda: connect(("192.0.2.1", 80)), lambda: socket.getaddrinfo("example.org", 443)):
    try:
        attempt()
        print("reached")
    except OSError as err:
        print("refused", err.errno)
server = socket.create_server(("127.0.0.1", 0))
socket.create_connection(server.getsockname(), timeout=10).close()
print("loopback works")
"""


def test_the_guard_refuses_and_records_outside_connections(tmp_path):
    """Without any namespace: the guard alone refuses an address and a name look-up, and logs both."""
    log = tmp_path / "guard.log"
    done = subprocess.run(
        [sys.executable, "-c", REACH_OUT], env=guard_environment(log), capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split("\n")[:3] == [f"refused {errno.ENETUNREACH}"] * 2 + ["loopback works"], failure(done)
    assert [line.split(" ", 1)[1] for line in attempts(log)] == ["connect ('192.0.2.1', 80)", "getaddrinfo 'example.org'"]


@pytest.mark.skipif(NAMESPACE is None, reason=f"no network namespace: the offline tests ran with the {DESCRIPTION}")
def test_the_namespace_has_only_loopback():
    """Without the guard: inside the namespace only `lo` exists and nothing outside answers."""
    done = subprocess.run(
        in_namespace(["sh", "-c", f'ip -o link show && "{sys.executable}" -c "$0"', REACH_OUT]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    interfaces = [line.split(":")[1].strip() for line in done.stdout.splitlines() if re.match(r"\d+:", line)]
    assert interfaces == ["lo"], failure(done)
    outcomes = [line for line in done.stdout.splitlines() if line.startswith(("refused", "reached"))]
    assert len(outcomes) == 2 and all(line.startswith("refused") for line in outcomes), failure(done)
    assert "loopback works" in done.stdout, failure(done)


# --- notebooks and commands ----------------------------------------------------------------------


def test_there_are_notebooks_to_run():
    assert len(NAMES) >= 5, NAMES


def test_kernels_the_tests_start_are_guarded(tmp_path):
    """nbval runs every notebook in a kernel started like this one: with the guard loaded, so a
    notebook that tried to reach the network would fail its nbval test. Prove the kernel refuses."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(tmp_path))
    seen = []
    try:
        reply = client.execute_interactive(
            "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=5)\n"
            "    print('reached')\nexcept OSError as err:\n    print('refused:', err)",
            timeout=60,
            output_hook=lambda msg: seen.append(msg["content"].get("text", "")),
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    assert "".join(seen).startswith("refused: [Errno 101] network access refused by the offline test's guard")


@pytest.mark.slow
@pytest.mark.parametrize("command", ["prepare", "build"], ids=lambda command: f"{METHOD}-{command}")
def test_command_runs_offline(command, offline):
    if command == "build":
        require_build()
    done, tried = offline(command, [sys.executable, "-m", "newsfigures", command])
    assert done.returncode == 0, failure(done)
    assert tried == [], f"`python -m newsfigures {command}` tried to reach the network ({DESCRIPTION})"


# --- handouts ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_handouts_load_nothing_from_elsewhere(offline_copy, offline):
    require_build()
    done, _ = offline("build", [sys.executable, "-m", "newsfigures", "build"])
    assert done.returncode == 0, failure(done)
    build = offline_copy / "build"
    pages = sorted(
        p for folder in ("handouts", "worksheets", "class-packs", "answer-key") for p in (build / folder).glob("*.html")
    )
    for folder in ("handouts", "answer-key"):
        assert {n.removesuffix(".ipynb") for n in NAMES} <= {p.stem for p in pages if p.parent.name == folder}
    assert any(p.parent.name == "worksheets" for p in pages)
    found = {p.relative_to(build).as_posix(): loaded_from_elsewhere(p.read_text(encoding="utf-8")) for p in pages}
    assert found == {name: [] for name in found}


def test_handout_scan_catches_planted_references():
    planted = """<html><head>
      <script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"></script>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <style>@import url("https://example.org/theme.css"); body { background: url(http://example.org/bg.png) }</style>
      </head><body>
      <img src="https://example.org/chart.png" alt="x"><img src="figure.png" alt="y">
      <div style="background-image: url('//example.org/a.png')"></div>
      <a href="http://example.org/insecure">a plain http link</a><a href="//example.org/x">protocol-relative</a>
      <a href="https://www.example.org/article">fine</a><a href="02-chart-the-figures.html">fine</a>
      <a href="#key-points">fine</a><img src="data:image/png;base64,iVBORw0KGgo=" alt="fine">
    </body></html>"""
    found = loaded_from_elsewhere(planted)
    assert len(found) == 10, found
    assert not [f for f in found if "fine" in f or "data:" in f or "www.example.org/article" in f]


# --- the documented start ------------------------------------------------------------------------


def probe_lab(offline_copy, scratch, *options):
    """Start JupyterLab on the kit with the network blocked, visit it, stop it; returns (report, attempts)."""
    log = scratch / "guard.log"
    done = run_offline([sys.executable, PROBE, offline_copy, scratch, *options], log, timeout=600)
    assert done.returncode == 0, failure(done)
    report = json.loads((scratch / "probe.json").read_text())
    assert report["up"], f"JupyterLab did not start:\n{report['log_tail']}"
    return report, attempts(log)


@pytest.fixture(scope="module")
def lab_start(offline_copy, tmp_path_factory):
    before = snapshot(offline_copy)
    report, tried = probe_lab(offline_copy, tmp_path_factory.mktemp("lab"))
    after = snapshot(offline_copy)
    return report, tried, {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.mark.slow
def test_lab_opens_at_the_start_page(lab_start):
    report, _, _ = lab_start
    assert urlsplit(report["root"]["location"]).path == START_PAGE
    assert report["start_page"]["status"] == 200
    assert report["start_notebook_status"] == 200


@pytest.mark.slow
def test_lab_turns_off_news_updates_and_extension_lookups(lab_start):
    report, _, _ = lab_start
    assert report["start_page"]["news"] == {"disabled": True}
    assert report["start_page"]["extension_manager"]["name"] == "read-only"
    assert report["start_page"]["extension_manager"]["can_install"] is False
    assert report["news"]["body"] == {"news": []}
    assert report["update"]["body"] == {"notification": None}
    assert [e["latest_version"] for e in report["extensions"]["body"]] == [None] * len(report["extensions"]["body"])
    defaults = report["setting_defaults"]
    assert defaults["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert defaults["@jupyterlab/apputils-extension:notification"]["checkForUpdates"] is False
    assert defaults["@jupyterlab/extensionmanager-extension:plugin"]["enabled"] is False


@pytest.mark.slow
def test_lab_start_sends_nothing(lab_start):
    report, tried, _ = lab_start
    assert tried == [], f"JupyterLab tried to reach the network ({DESCRIPTION})"
    assert report["exit_code"] == 0, report["log_tail"]


@pytest.mark.slow
def test_lab_start_writes_only_where_the_kit_writes(lab_start):
    _, _, changed = lab_start
    assert changed == set()


@pytest.mark.slow
def test_lab_start_outside_git_keeps_a_copy_of_each_notebook_to_reset_from(lab_start, offline_copy):
    """Each notebook, and each module beside them (casebook.py), which `reset` can also put back."""
    kept = offline_copy / ".kit" / "originals"
    folder = offline_copy / "notebooks"
    resettable = sorted([*folder.glob("*.ipynb"), *folder.glob("*.py")])
    assert any(p.suffix == ".py" for p in resettable)
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == {p.name: p.read_bytes() for p in resettable}


def page_requests(report):
    """The addresses the page asked for in Chromium, once it showed the notebook's cells."""
    browser = report["browser"]
    if browser is None:
        if os.environ.get("KIT_REQUIRE_BROWSER") == "1":
            pytest.fail("KIT_REQUIRE_BROWSER=1, but Chromium is not installed")
        pytest.skip("Chromium is not installed, so the page itself was not opened (the server checks ran)")
    assert browser["returncode"] == 0 and browser["cells_shown"] > 0, browser
    # Requests the page makes carry its origin; Chromium's own background requests do not, and are not the kit's.
    from_page = [r["url"] for r in browser["requests"] if r["initiator"] == report["origin"]]
    assert from_page, "the network log shows no request from the page"
    return from_page


def outside(urls, origin):
    return [url for url in urls if urlsplit(url).netloc != urlsplit(origin).netloc]


@pytest.mark.slow
def test_lab_start_page_in_chromium_requests_nothing_outside(lab_start):
    report, _, _ = lab_start
    from_page = page_requests(report)
    assert outside(from_page, report["origin"]) == []
    assert [url for url in from_page if urlsplit(url).path.startswith(PHONING_APIS)] == []


@pytest.mark.slow
def test_chromium_check_catches_a_page_that_loads_from_elsewhere(kit_copy, tmp_path):
    """Planted: a notebook whose Markdown shows an image from another site."""
    planted = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Planted\n\n![a remote image](https://example.org/planted.png)")]
    )
    nbformat.write(planted, kit_copy / "notebooks" / "99-planted.ipynb")
    report, _ = probe_lab(kit_copy, tmp_path, "--page", "notebooks/99-planted.ipynb")
    assert outside(page_requests(report), report["origin"]) == ["https://example.org/planted.png"]


@pytest.mark.slow
def test_lab_probe_catches_a_lab_that_phones_home(offline_copy, tmp_path):
    """Planted: plain `jupyter lab`, without the kit's settings, asks for news, updates and PyPI."""
    report, tried = probe_lab(offline_copy, tmp_path, "--plain")
    assert report["start_page"]["news"] == {"disabled": False}
    assert any("jupyterlab.github.io" in line for line in tried), tried
    assert any("pypi.org" in line for line in tried), tried
