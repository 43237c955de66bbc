"""`python -m newsfigures lab` stays locked whatever the user's Jupyter setup says.

Each test starts the real JupyterLab on a copy of the kit, with a Jupyter
setup of its own (HOME, JUPYTER_CONFIG_DIR, JUPYTER_CONFIG_PATH in temporary
folders), and shows:
- a user config with an empty token, another address and XSRF checks off is
  refused before any port opens, with each setting, its file and the fix;
- the same goes for the other places a setting can come from: ~/.jupyter, a
  folder on JUPYTER_CONFIG_PATH, a JupyterLab config file, the command line,
  an empty JUPYTER_TOKEN_FILE;
- started normally (with a token, or with a password only), the lab listens
  on loopback only, answers 403 without the token, and refuses a POST that
  carries the login cookie but no XSRF token;
- the same checks see plain `python -m jupyterlab` open the door under the
  planted config, so they can fail.
"""

import ipaddress
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from browser_support import stop_process_group

pytestmark = pytest.mark.slow

PLANTED = "c.ServerApp.token = ''\nc.ServerApp.ip = '0.0.0.0'\nc.ServerApp.disable_check_xsrf = True\n"
# Weaker in other ways: kernels on every address with unsigned messages, open metrics, framing by any site, a guessable token.
PLANTED_KERNELS = (
    "c.KernelManager.ip = '0.0.0.0'\nc.Session.key = b''\nc.ServerApp.authenticate_prometheus = False\n"
    "c.ServerApp.tornado_settings = {'headers': {'Content-Security-Policy': 'frame-ancestors *'}}\nc.ServerApp.token = 'x'\n"
)
# Leave the tests' own settings out, so only what a test plants counts.
INHERITED = ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE", "JUPYTER_CONFIG_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_PREFER_ENV_PATH")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def jupyter_setup(tmp_path, config_dir=True):
    """An environment whose Jupyter files all live under tmp_path."""
    env = {name: value for name, value in os.environ.items() if name not in INHERITED}
    env.update(
        HOME=str(tmp_path / "home"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        IPYTHONDIR=str(tmp_path / "ipython"),
    )
    (tmp_path / "home").mkdir()
    if config_dir:
        env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
        (tmp_path / "config").mkdir()
    return env


def lab_command(port, *args, plain=False):
    program = ["-m", "jupyterlab"] if plain else ["-m", "newsfigures", "lab"]
    return [
        sys.executable,
        *program,
        "--no-browser",
        "--allow-root",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        *args,
    ]


def refused(kit, env, *args):
    """Run the lab expecting a refusal; returns {first line: paragraph} of the message and the whole output."""
    done = subprocess.run(lab_command(free_port(), *args), cwd=kit, env=env, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert "Traceback" not in output and "is running at" not in output, output[-3000:]
    message = output.split("weaken its protection:\n\n", 1)[1]
    return {paragraph.split("\n")[0]: paragraph for paragraph in message.strip().split("\n\n")}


def planted_config(tmp_path, text):
    """An environment whose user config folder holds `text` as its server config; (env, that file)."""
    env = jupyter_setup(tmp_path)
    planted = Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py"
    planted.write_text(text)
    return env, planted


def test_planted_user_config_is_refused_naming_each_setting_and_file(kit_copy, tmp_path):
    env, planted = planted_config(tmp_path, PLANTED)
    found = refused(kit_copy, env)
    assert set(found) == {
        f"ServerApp.token = '' (in {planted})",
        f"ServerApp.ip = '0.0.0.0' (in {planted})",
        f"ServerApp.disable_check_xsrf = True (in {planted})",
    }
    for paragraph in found.values():
        assert "\n  Fix: remove it from that file" in paragraph, paragraph
    assert "--ServerApp.ip=127.0.0.1" in found[f"ServerApp.ip = '0.0.0.0' (in {planted})"]


def test_home_folder_config_path_lab_config_and_command_line_are_refused(kit_copy, tmp_path):
    env = jupyter_setup(tmp_path, config_dir=False)
    home_file = tmp_path / "home" / ".jupyter" / "jupyter_lab_config.json"
    home_file.parent.mkdir()
    home_file.write_text(json.dumps({"IdentityProvider": {"token": ""}}))
    path_file = tmp_path / "shared" / "jupyter_lab_config.py"
    path_file.parent.mkdir()
    path_file.write_text("c.LabApp.ip = '192.0.2.1'\n")
    env["JUPYTER_CONFIG_PATH"] = str(path_file.parent)
    found = refused(
        kit_copy, env, "--ServerApp.tornado_settings={'xsrf_cookies': False}", "--ServerApp.local_hostnames=['attacker.example']"
    )
    assert set(found) == {
        f"IdentityProvider.token = '' (in {home_file})",
        f"LabApp.ip = '192.0.2.1' (in {path_file})",
        "ServerApp.tornado_settings = {'xsrf_cookies': False} (on the command line)",
        "ServerApp.local_hostnames = ['attacker.example'] (on the command line)",
    }
    assert "Fix: leave it out of the command" in found["ServerApp.local_hostnames = ['attacker.example'] (on the command line)"]


def test_empty_token_file_and_other_origins_are_refused(kit_copy, tmp_path):
    env = jupyter_setup(tmp_path)
    (tmp_path / "token").write_text("")
    env["JUPYTER_TOKEN_FILE"] = str(tmp_path / "token")
    found = refused(kit_copy, env, "--ServerApp.allow_origin=*", "--ServerApp.allow_remote_access=True")
    assert set(found) == {
        f"JUPYTER_TOKEN_FILE = '{tmp_path / 'token'}' (in the environment; that file is empty)",
        "ServerApp.allow_origin = '*' (on the command line)",
        "ServerApp.allow_remote_access = True (on the command line)",
    }


def test_open_kernels_unsigned_messages_open_metrics_framing_and_a_short_token_are_refused(kit_copy, tmp_path):
    env, planted = planted_config(tmp_path, PLANTED_KERNELS)
    found = refused(kit_copy, env)
    assert set(found) == {
        f"KernelManager.ip = '0.0.0.0' (in {planted})",
        f"Session.key = b'' (in {planted})",
        f"ServerApp.authenticate_prometheus = False (in {planted})",
        f"ServerApp.tornado_settings = {{'headers': {{'Content-Security-Policy': 'frame-ancestors *'}}}} (in {planted})",
        f"ServerApp.token = 'x' (in {planted})",
    }
    assert "--KernelManager.ip=127.0.0.1" in found[f"KernelManager.ip = '0.0.0.0' (in {planted})"]


# --- a lab that did start ------------------------------------------------------------------------


def listening_addresses(port, tables=(Path("/proc/net/tcp"), Path("/proc/net/tcp6"))):
    """Every address a socket listens on at this port, read from the kernel's tables."""
    found = []
    for table in tables:
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                raw = bytes.fromhex(address)  # 32-bit words in the machine's byte order (little-endian)
                found.append(ipaddress.ip_address(b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))))
    return found


def test_listening_addresses_reads_a_planted_table(tmp_path):
    table = tmp_path / "tcp"
    table.write_text(
        "  sl  local_address rem_address   st\n"
        "   0: 00000000:1F90 00000000:0000 0A\n   1: 0100007F:1F90 00000000:0000 0A\n"
        "   2: 0100007F:1F91 00000000:0000 0A\n   3: 0100007F:1F90 0100007F:A000 01\n"
    )
    assert listening_addresses(8080, [table]) == [ipaddress.ip_address("0.0.0.0"), ipaddress.ip_address("127.0.0.1")]


class Server:
    """A lab started in the background on a free port, stopped with its children."""

    def __init__(self, kit, env, *args, plain=False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["JUPYTER_RUNTIME_DIR"]).parent / "lab.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                lab_command(self.port, *args, plain=plain),
                cwd=kit,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                return requests.get(f"{self.base}/api", timeout=5)
            except requests.ConnectionError:
                time.sleep(0.3)
        pytest.fail(f"JupyterLab did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        stop_process_group(self.process)


@contextmanager
def served(kit, env, *args, plain=False):
    server = Server(kit, env, *args, plain=plain)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def create_file(session, server, xsrf):
    """POST a new file with the session's cookies: the status code."""
    headers = {"X-XSRFToken": session.cookies.get("_xsrf", "")} if xsrf else {}
    return session.post(f"{server.base}/api/contents", json={"type": "file"}, headers=headers, timeout=10).status_code


def log_in(session, server, how, secret):
    if how == "token":
        session.get(f"{server.base}/lab?token={secret}", timeout=30)
    else:
        session.get(f"{server.base}/login", timeout=10)
        session.post(f"{server.base}/login", data={"password": secret, "_xsrf": session.cookies.get("_xsrf")}, timeout=10)
    assert any(name.startswith("username-") for name in session.cookies.keys()), "the login set no cookie"


@pytest.fixture(params=["token", "password"])
def locked_lab(request, kit_copy, tmp_path):
    """The kit's lab with a token (in JUPYTER_TOKEN), or with an empty token and a password."""
    from jupyter_server.auth import passwd

    env, secret = jupyter_setup(tmp_path), secrets.token_hex(16)
    if request.param == "token":
        env["JUPYTER_TOKEN"] = secret
    else:
        config = {"IdentityProvider": {"token": ""}, "PasswordIdentityProvider": {"hashed_password": passwd(secret)}}
        (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json").write_text(json.dumps(config))
    with served(kit_copy, env) as server:
        yield server, request.param, secret


def test_started_lab_listens_on_loopback_only_and_needs_the_token_and_xsrf(locked_lab):
    server, how, secret = locked_lab
    addresses = listening_addresses(server.port)
    assert addresses and all(address.is_loopback for address in addresses), addresses
    assert requests.get(f"{server.base}/api/contents", timeout=10).status_code == 403
    with requests.Session() as session:
        assert create_file(session, server, xsrf=True) == 403
        log_in(session, server, how, secret)
        assert session.get(f"{server.base}/api/contents", timeout=10).status_code == 200
        assert create_file(session, server, xsrf=False) == 403
        assert create_file(session, server, xsrf=True) == 201


def test_plain_jupyterlab_under_the_planted_config_is_open(kit_copy, tmp_path):
    """The planted config really opens plain JupyterLab, and the checks above see it (kept on loopback here)."""
    env = jupyter_setup(tmp_path)
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py").write_text(PLANTED)
    with served(kit_copy, env, "--ServerApp.ip=127.0.0.1", plain=True) as server:
        assert requests.get(f"{server.base}/api/contents", timeout=10).status_code == 200
        with requests.Session() as session:
            assert create_file(session, server, xsrf=False) == 201
    assert re.search(r"All authentication is disabled", server.log.read_text())


def test_plain_jupyterlab_under_the_planted_kernel_config_is_open(kit_copy, tmp_path):
    """The second planted config really weakens plain JupyterLab: open metrics, any framer, a one-letter token,
    and a kernel on every address whose messages need no signature."""
    env = jupyter_setup(tmp_path)
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py").write_text(PLANTED_KERNELS)
    with served(kit_copy, env, plain=True) as server:
        assert requests.get(f"{server.base}/metrics", timeout=10).status_code == 200
        with requests.Session() as session:
            page = session.get(f"{server.base}/lab?token=x", timeout=30)
            assert page.status_code == 200 and page.headers["Content-Security-Policy"] == "frame-ancestors *"
            headers = {"X-XSRFToken": session.cookies.get("_xsrf", "")}
            kernel = session.post(f"{server.base}/api/kernels", json={"name": "python3"}, headers=headers, timeout=60).json()
        connection = json.loads(next(Path(env["JUPYTER_RUNTIME_DIR"]).glob(f"kernel-{kernel['id']}.json")).read_text())
        assert connection["ip"] == "0.0.0.0" and connection["key"] == ""


def test_a_setting_with_no_traceable_source_is_still_named():
    from newsfigures.serving.lab import RULES, where_set

    xsrf = next(rule for rule in RULES if "ServerApp.disable_check_xsrf" in rule.settings)
    [(found, remedy)] = where_set(xsrf, [])
    assert found.startswith("ServerApp.disable_check_xsrf or ServerApp.tornado_settings (set where the kit could not")
    assert remedy == "remove it"
