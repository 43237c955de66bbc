"""A whole class on a real JupyterHub, all at once: `python tools/class_load.py --students 30`.

Starts JupyterHub on hub/jupyterhub_config.py (its proxy, timeouts, the kit's
settings on every server and the idle culler as they are), with two parts
swapped for the ones a test can use on one machine: one shared test password
in place of the hub's own accounts, and every student's server under this
system user (SimpleLocalProcessSpawner, a home folder each) in place of one
system user per student.

The kit comes from a clone of this repository whose `student` branch is
published by `python -m newsfigures build --publish-branch student`, served
over git's smart HTTP as a Git host serves it (class links refuse local paths). Then every
student, each in a thread of their own and all together:

1. signs in and starts a server;
2. follows the class link (`class-links`) as a browser does: the hub sends them to
   nbgitpuller's page, whose request pulls the kit into their folder;
3. opens notebook 03 and runs every code cell through the server's kernel API,
   checking that no cell fails and that each gives the kinds of output stored in
   the notebook.

Then the update: notebook 02 is changed, committed and published again; every
student edits their 03 and follows the link again: the change to 02 must
arrive and their edit of 03 must stay.

It prints one row per student (time from sign-in to a ready server, time to
pull, time to run 03, peak memory of the server with its kernel, as PSS and
RSS), p50 and p95 of each, the hub's own memory, the failures, and last the line
`N students: ready p95 X s, run p95 Y s, peak Z MB per student, failures F`
(Z: the highest peak PSS of any student). Exit code 1 if anything failed. Every
process it started is stopped and its scratch folder removed, whatever happens.
"""

import argparse
import getpass
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import psutil
import requests
import websocket
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from newsfigures.serving.class_links import folder_of, hub_link  # noqa: E402

NOTEBOOK = "notebooks/03-read-and-discuss.ipynb"
UPDATED = "notebooks/02-chart-the-figures.ipynb"
UPDATE_TEXT = "A note added after the class began: the teacher's update reached this notebook."
START_TIMEOUT = 600  # seconds for a whole class's servers to come up on two shared cores
CELL_TIMEOUT = 600
MB = 1024 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(cwd, *args):
    identity = ["-c", "user.name=Teacher", "-c", "user.email=teacher@example.org"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def publish(source):
    done = subprocess.run(
        [sys.executable, "-m", "newsfigures", "build", "--publish-branch", "student"], cwd=source, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"publishing the student branch failed:\n{done.stderr}")


def source_clone(scratch):
    """A clone of this repository (as last committed) with its student branch published."""
    source = scratch / "kit"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(source)], check=True)
    publish(source)
    return source


class SmartHTTP(BaseHTTPRequestHandler):
    """git's smart HTTP protocol (`git http-backend`, as a Git host runs it) for the repositories in `root`."""

    root = None

    def do_GET(self):
        self.backend()

    def do_POST(self):
        self.backend()

    def backend(self):
        path, _, query = self.path.partition("?")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        env = dict(
            os.environ,
            GIT_PROJECT_ROOT=str(self.root),
            GIT_HTTP_EXPORT_ALL="1",
            REQUEST_METHOD=self.command,
            PATH_INFO=path,
            QUERY_STRING=query,
            CONTENT_TYPE=self.headers.get("Content-Type", ""),
            CONTENT_LENGTH=str(len(body)),
            HTTP_GIT_PROTOCOL=self.headers.get("Git-Protocol", ""),
        )
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, content = out.partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n") if ": " in line)
        self.send_response(int(headers.pop("Status", "200").split()[0]))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


class GitHost:
    """The source's student branch in a bare repository served over smart HTTP, as a Git host serves it."""

    def __init__(self, scratch, source):
        self.source, self.bare = source, scratch / "web" / "kit"
        git(scratch, "clone", "--quiet", "--bare", "--branch", "student", str(source), str(self.bare))
        handler = type("Handler", (SmartHTTP,), {"root": self.bare.parent})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/kit"

    def push(self):
        git(self.source, "push", "--quiet", "--force", str(self.bare), "student")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def change_notebook_02(source, host):
    """The teacher's update: a Markdown cell at the end of 02, committed, published and pushed."""
    path = source / UPDATED
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "teacher-update", "metadata": {}, "source": [UPDATE_TEXT]})
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    git(source, "commit", "-qam", "Update to notebook 02")
    publish(source)
    host.push()


# --- the hub ---------------------------------------------------------------------------------


class Hub:
    """JupyterHub on hub/jupyterhub_config.py with a test spawner, on free loopback ports.

    Set up first by hub/set_up.py, with its state and public folders in `scratch` and
    `teacher_password` for the teacher's account. With a `password`, every student signs
    in with it (a test sign-in); without one, the hub keeps its own accounts.
    """

    def __init__(self, scratch, password=None, teacher_password=None, start=True, extra_config=()):
        self.scratch, self.port = scratch, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        scratch.chmod(0o755)  # the public folder inside must be readable by everyone, as set-up checks
        self.env = dict(
            os.environ,
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            NEWSFIGURES_HUB_STATE=str(scratch / "state"),
            NEWSFIGURES_HUB_PUBLIC=str(scratch / "public"),
        )
        self.teacher_password = teacher_password or secrets.token_urlsafe(24)
        self.set_up()
        config = scratch / "jupyterhub_test_config.py"
        shared_password = [
            'c.JupyterHub.authenticator_class = "shared-password"',
            f"c.SharedPasswordAuthenticator.user_password = {password!r}",
            "c.SharedPasswordAuthenticator.allow_all = True",
        ]
        config.write_text(
            "\n".join(
                [
                    "c = get_config()  # noqa",
                    f"load_subconfig({str(REPO / 'hub' / 'jupyterhub_config.py')!r})",
                    *(shared_password if password else []),
                    'c.JupyterHub.spawner_class = "simple"',
                    f"c.SimpleLocalProcessSpawner.home_dir_template = {str(scratch / 'h' / '{username}')!r}",
                    # As root (CI), jupyterhub-singleuser refuses to start without it.
                    f"c.Spawner.args = [*c.Spawner.args, *{['--allow-root'] if os.geteuid() == 0 else []!r}]",
                    f"c.JupyterHub.bind_url = {self.url + '/'!r}",
                    *extra_config,
                    f"c.JupyterHub.hub_port = {free_port()}",
                    f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
                ]
            )
            + "\n"
        )
        self.config, self.log = config, (scratch / "jupyterhub.log").open("w")
        if start:
            self.start()

    def set_up(self):
        """hub/set_up.py, as the guide runs it, with the teacher's password from a file."""
        secret = self.scratch / "teacher-password"
        secret.write_text(self.teacher_password + "\n", encoding="utf-8")
        done = subprocess.run(
            # Every test server runs as this process's own user (SimpleLocalProcessSpawner): check with that user.
            [
                sys.executable,
                str(REPO / "hub" / "set_up.py"),
                "--password-file",
                str(secret),
                "--students-run-as",
                getpass.getuser(),
            ],
            env=self.env,
            capture_output=True,
            text=True,
        )
        secret.unlink()
        if done.returncode:
            raise RuntimeError(f"hub/set_up.py failed:\n{done.stdout}{done.stderr}")

    def start(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(self.config)],
            cwd=self.scratch,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_up()

    def wait_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited at start:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterHub did not answer within 60 s:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        self.log.flush()
        return "\n".join((self.scratch / "jupyterhub.log").read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        """Stop the hub (it stops the students' servers and the proxy), then anything it left behind."""
        if getattr(self, "process", None) and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- memory ----------------------------------------------------------------------------------


class MemoryWatch:
    """Samples, once a second, each student's server plus kernel, the hub and the proxy (PSS and RSS)."""

    def __init__(self, hub_pid):
        self.hub = psutil.Process(hub_pid)
        self.peaks = {}  # who -> [pss, rss]
        self.seen = set()  # every process found, to check none is left
        self.services = set()  # command lines of the hub's other children
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopped.wait(1):
            self.sample()

    def sample(self):
        groups = {"hub": [self.hub]}
        try:
            children = self.hub.children()
        except psutil.NoSuchProcess:
            return
        for child in children:
            try:
                who = child.environ().get("JUPYTERHUB_USER")
                cmdline = " ".join(child.cmdline())
                tree = [child, *child.children(recursive=True)]
            except psutil.Error:
                continue
            if who:
                groups[who] = tree
            elif "configurable-http-proxy" in cmdline:
                groups["proxy"] = tree
            else:
                self.services.add(cmdline)
        for who, processes in groups.items():
            pss = rss = 0
            for process in processes:
                try:
                    info = process.memory_full_info()
                except psutil.Error:
                    continue
                self.seen.add(process.pid)
                pss, rss = pss + info.pss, rss + info.rss
            peak = self.peaks.setdefault(who, [0, 0])
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)

    def stop(self):
        self.stopped.set()
        self.thread.join()

    def leftovers(self):
        return sorted(pid for pid in self.seen if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie")


# --- one student -----------------------------------------------------------------------------


class Student:
    def __init__(self, hub, name, password, repo):
        self.hub, self.name, self.password, self.repo = hub, name, password, repo
        self.web = requests.Session()
        self.link = hub_link(hub.url, repo, "student")
        self.folder = folder_of(repo)
        self.times, self.failure = {}, None

    @property
    def server(self):
        return f"{self.hub.url}/user/{self.name}"

    def timed(self, what, step):
        start = time.monotonic()
        step()
        self.times[what] = time.monotonic() - start

    def sign_in_and_start(self):
        self.web.get(f"{self.hub.url}/hub/login", timeout=60)
        form = {"username": self.name, "password": self.password, "_xsrf": self.web.cookies.get("_xsrf", path="/hub/")}
        answer = self.web.post(f"{self.hub.url}/hub/login", data=form, timeout=120)
        answer.raise_for_status()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            # A page, not the API: only a page takes the student through the hub's sign-in to their server.
            answer = self.web.get(f"{self.server}/lab", timeout=120)
            if answer.ok and urlsplit(answer.url).path == f"/user/{self.name}/lab":
                self.api("GET", "status")
                return
            time.sleep(1)
        raise RuntimeError(f"no server within {START_TIMEOUT} s (last answer {answer.status_code} from {answer.url})")

    def follow_class_link(self):
        """The link, as a browser follows it: the hub's redirect, nbgitpuller's page, its pull request, the page it opens."""
        page = self.web.get(self.link, timeout=120)
        page.raise_for_status()
        body = BeautifulSoup(page.text, "html.parser").body
        data = {key.removeprefix("data-"): unquote(value) for key, value in body.attrs.items() if key.startswith("data-")}
        query = {"_xsrf": data["xsrf"], "repo": data["repo"], "targetpath": data["targetpath"], "branch": data["branch"]}
        base = urljoin(page.url, data["base-url"])
        events = self.web.get(f"{base}git-pull/api?{urlencode(query)}", stream=True, timeout=CELL_TIMEOUT)
        phase, output = None, []
        for line in events.iter_lines(decode_unicode=True):
            if line.startswith("data:"):
                event = json.loads(line[5:])
                phase = event.get("phase")
                output.append(event.get("output") or event.get("message") or "")
                if phase in {"finished", "error"}:
                    break
        events.close()
        if phase != "finished":
            raise RuntimeError("nbgitpuller did not finish: " + "".join(output)[-2000:])
        opened = self.web.get(f"{base}{data['path']}", timeout=120)
        if not opened.ok or f"/user/{self.name}/lab/tree/{self.folder}/notebooks/00-start-here.ipynb" not in opened.url:
            raise RuntimeError(f"the link did not open the start page ({opened.status_code} {opened.url})")

    def api(self, method, path, **kwargs):
        xsrf = self.web.cookies.get("_xsrf", path=f"/user/{self.name}/")
        answer = self.web.request(method, f"{self.server}/api/{path}", headers={"X-XSRFToken": xsrf or ""}, timeout=120, **kwargs)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def notebook(self, path):
        return self.api("GET", f"contents/{self.folder}/{path}")["content"]

    def run_notebook(self):
        self.web.get(f"{self.server}/lab/tree/{self.folder}/{NOTEBOOK}", timeout=120).raise_for_status()
        nb = self.notebook(NOTEBOOK)
        session = self.api(
            "POST", "sessions", json={"path": f"{self.folder}/{NOTEBOOK}", "type": "notebook", "kernel": {"name": "python3"}}
        )
        kernel = session["kernel"]["id"]
        try:
            Kernel(self, kernel).run_cells(nb)
        finally:
            self.api("DELETE", f"sessions/{session['id']}")

    def edit_and_update(self):
        """Edit 03 (a cell of one's own at the end), follow the class link again, check both notebooks."""
        nb = self.notebook(NOTEBOOK)
        own = f"My own notes, {self.name}: {secrets.token_hex(4)}"
        nb["cells"].append({"cell_type": "markdown", "id": f"own-{self.name}", "metadata": {}, "source": own})
        self.api("PUT", f"contents/{self.folder}/{NOTEBOOK}", json={"type": "notebook", "format": "json", "content": nb})
        self.follow_class_link()
        if not any(UPDATE_TEXT in "".join(cell["source"]) for cell in self.notebook(UPDATED)["cells"]):
            raise RuntimeError("the update to notebook 02 did not arrive")
        if not any(own == "".join(cell["source"]) for cell in self.notebook(NOTEBOOK)["cells"]):
            raise RuntimeError("the student's edit of notebook 03 was lost")

    def check_kit_settings(self):
        """The kit's settings reached this server (JUPYTER_CONFIG_PATH): JupyterLab fetches no news."""
        settings = self.web.get(f"{self.server}/lab/api/settings/@jupyterlab/apputils-extension:notification", timeout=60)
        settings.raise_for_status()
        if settings.json()["schema"]["properties"]["fetchNews"]["default"] != "false":
            raise RuntimeError("the kit's JupyterLab settings did not reach the server (fetchNews is not off)")

    def lesson(self, start, check_settings):
        try:
            start.wait()
            self.timed("ready", self.sign_in_and_start)
            if check_settings:
                self.check_kit_settings()
            self.timed("pull", self.follow_class_link)
            self.timed("run", self.run_notebook)
        except Exception as err:
            self.failure = f"{type(err).__name__}: {err}"[:300]
            traceback.print_exc(file=sys.stderr)

    def update(self):
        try:
            self.edit_and_update()
        except Exception as err:
            self.failure = f"update: {type(err).__name__}: {err}"[:300]


class Kernel:
    """A kernel of the student's server, spoken to over its websocket as JupyterLab does."""

    def __init__(self, student, kernel_id):
        self.session = uuid.uuid4().hex
        cookies = "; ".join(f"{c.name}={c.value}" for c in student.web.cookies if c.path in {"/", f"/user/{student.name}/"})
        address = student.server.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(address, header=[f"Cookie: {cookies}"], timeout=CELL_TIMEOUT)

    def execute(self, code):
        """The outputs of running `code`, as nbformat stores them (output_type, and name or mime types)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session, "username": "", "version": "5.3"}
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}))
        kinds, idle, replied = set(), False, False
        while not (idle and replied):
            frame = self.ws.recv()
            if isinstance(frame, bytes):
                continue  # a message with binary buffers: nothing the checks read
            msg = json.loads(frame)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = msg["header"]["msg_type"], msg["content"]
            if kind == "error":
                raise RuntimeError(f"{body['ename']}: {body['evalue']}")
            if kind == "stream":
                kinds.add(("stream", body["name"]))
            elif kind in {"display_data", "execute_result"}:
                kinds.add((kind, tuple(sorted(body["data"]))))
            idle |= kind == "status" and body["execution_state"] == "idle"
            replied |= kind == "execute_reply"
        return kinds

    def run_cells(self, nb):
        try:
            for number, cell in enumerate(nb["cells"], start=1):
                if cell["cell_type"] != "code":
                    continue
                got = self.execute("".join(cell["source"]))
                if "exercise" in cell["metadata"].get("tags", []):
                    continue  # the student edition keeps no output here to compare with
                stored = {stored_kind(output) for output in cell["outputs"]}
                if got != stored:
                    raise RuntimeError(f"cell {number}: outputs {sorted(got)}, the notebook stores {sorted(stored)}")
        finally:
            self.ws.close()


def stored_kind(output):
    if output["output_type"] == "stream":
        return ("stream", output["name"])
    return (output["output_type"], tuple(sorted(output["data"])))


# --- the class -------------------------------------------------------------------------------


def percentile(values, share):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[max(0, math.ceil(share * len(values)) - 1)]  # nearest rank


def report(students, watch, count):
    lines = [f"{'student':<12}{'ready s':>9}{'pull s':>9}{'run 03 s':>10}{'PSS MB':>9}{'RSS MB':>9}  failure"]
    for s in students:
        pss, rss = (value / MB for value in watch.peaks.get(s.name, [0, 0]))
        cells = [f"{s.times[k]:.1f}" if k in s.times else "-" for k in ("ready", "pull", "run")]
        lines.append(f"{s.name:<12}{cells[0]:>9}{cells[1]:>9}{cells[2]:>10}{pss:>9.0f}{rss:>9.0f}  {s.failure or ''}")
    columns = {
        "ready": [s.times["ready"] for s in students if "ready" in s.times],
        "pull": [s.times["pull"] for s in students if "pull" in s.times],
        "run": [s.times["run"] for s in students if "run" in s.times],
        "pss": [watch.peaks[s.name][0] / MB for s in students if s.name in watch.peaks],
        "rss": [watch.peaks[s.name][1] / MB for s in students if s.name in watch.peaks],
    }
    for label, share in (("p50", 0.5), ("p95", 0.95)):
        p = {key: percentile(values, share) for key, values in columns.items()}
        lines.append(f"{label:<12}{p['ready']:>9.1f}{p['pull']:>9.1f}{p['run']:>10.1f}{p['pss']:>9.0f}{p['rss']:>9.0f}")
    for who in ("hub", "proxy"):
        pss, rss = (value / MB for value in watch.peaks.get(who, [0, 0]))
        lines.append(f"{who}: peak PSS {pss:.0f} MB, RSS {rss:.0f} MB")
    failures = [s for s in students if s.failure]
    lines.append(f"failures: {len(failures)}" + "".join(f"\n  {s.name}: {s.failure}" for s in failures))
    ready95, run95 = percentile(columns["ready"], 0.95), percentile(columns["run"], 0.95)
    peak = max(columns["pss"], default=float("nan"))
    summary = f"ready p95 {ready95:.1f} s, run p95 {run95:.1f} s, peak {peak:.0f} MB per student"
    lines.append(f"{count} students: {summary}, failures {len(failures)}")
    return "\n".join(lines), len(failures)


def run_class(count, scratch):
    password = secrets.token_urlsafe(16)
    source = source_clone(scratch)
    host = GitHost(scratch, source)
    hub = Hub(scratch, password)
    watch = None
    try:
        watch = MemoryWatch(hub.process.pid)
        students = [Student(hub, f"student{n:02d}", password, host.url) for n in range(1, count + 1)]
        start = threading.Barrier(count)
        threads = [threading.Thread(target=s.lesson, args=(start, s is students[0])) for s in students]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if not any("jupyterhub_idle_culler" in cmd for cmd in watch.services):
            students[0].failure = students[0].failure or "the idle culler was not running as a hub service"
        change_notebook_02(source, host)
        threads = [threading.Thread(target=s.update) for s in students if not s.failure]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        watch.stop()
        table, failures = report(students, watch, count)
        if failures:
            print("Last lines of the hub's log:\n" + hub.log_tail(), file=sys.stderr)
    finally:
        if watch:
            watch.stop()
        hub.stop()
        host.stop()
    time.sleep(2)
    left = watch.leftovers() if watch else []
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    if left:
        table += f"\nleft running after the hub stopped (now killed): {left}"
        failures += 1
    return table, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="how many students start together (default 30)")
    args = parser.parse_args(argv)
    missing = [name for name in ("configurable-http-proxy", "git") if shutil.which(name) is None]
    if missing:
        print(f"Cannot run the class: {', '.join(missing)} not found (see hub/requirements.txt).", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="class-load-"))
    try:
        table, failures = run_class(args.students, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(table)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
