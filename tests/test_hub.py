"""The class hub (hub/): its configuration, its per-student system users, and a class of three on a real JupyterHub.

The class runs tools/class_load.py (real JupyterHub, npm's configurable-http-proxy,
nbgitpuller pulling from a local clone) and passes on failures only, never on
time. Without the hub's packages or the proxy these tests are skipped with the
reason; with KIT_REQUIRE_HUB=1 (set by .ci/run) they fail instead.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from optional_parts import skip_or_fail
from repo import REPO

HUB = REPO / "hub"
CLASS = 3
LAST_LINE = re.compile(rf"^{CLASS} students: ready p95 [\d.]+ s, run p95 [\d.]+ s, peak \d+ MB per student, failures 0$")


def hub_missing():
    missing = [
        f"the Python package {name} (pip install -r hub/requirements.txt)"
        for name in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler", "nativeauthenticator", "psutil", "websocket")
        if importlib.util.find_spec(name) is None
    ]
    if shutil.which("configurable-http-proxy") is None:
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy@5.3.0)")
    return "; ".join(missing)


@pytest.fixture(scope="module", autouse=True)
def hub_installed():
    skip_or_fail(hub_missing(), "KIT_REQUIRE_HUB", "the hub tests")


@pytest.fixture(scope="module")
def config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def test_the_hub_signs_in_with_its_own_approved_accounts_never_an_open_server(config):
    assert config.JupyterHub.authenticator_class == "nativeauthenticator.NativeAuthenticator"
    assert config.NativeAuthenticator.open_signup is False
    assert config.NativeAuthenticator.minimum_password_length >= 8
    assert config.Authenticator.admin_users == {"teacher"}


def test_every_server_gets_the_kits_settings_and_time_for_a_class_start(config):
    folder = Path(config.Spawner.environment["JUPYTER_CONFIG_PATH"])
    assert (folder / "jupyter_lab_config.py").is_file() and (folder / "labconfig" / "default_setting_overrides.json").is_file()
    assert config.Spawner.start_timeout >= 300 and config.Spawner.http_timeout >= 300


def test_idle_servers_are_culled_by_a_hub_service_with_only_the_rights_it_needs(config):
    (service,) = config.JupyterHub.services
    assert service["command"][1:] == ["-m", "jupyterhub_idle_culler", "--timeout=3600"]
    (role,) = config.JupyterHub.load_roles
    assert role["services"] == [service["name"]] and "admin:users" not in role["scopes"]


def test_each_student_is_a_system_user_of_their_own_with_a_private_home(config):
    sys.path.insert(0, str(HUB))
    import student_users

    assert config.JupyterHub.spawner_class is student_users.StudentSpawner
    assert student_users.system_name("ana") == "jupyter-ana"
    assert "HOME_MODE=0700" in student_users.add_user_command("jupyter-ana")
    made = []
    student_users.ensure_user("root", run=made.append)  # exists: nothing is created
    student_users.ensure_user("jupyter-nobody-here-xyz", run=lambda command, **_: made.append(command))
    assert made == [student_users.add_user_command("jupyter-nobody-here-xyz")]


@pytest.mark.slow
def test_a_class_signs_in_pulls_runs_03_and_gets_an_update_without_losing_work():
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "class_load.py"), "--students", str(CLASS)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines and LAST_LINE.match(lines[-1]), done.stdout + done.stderr[-5000:]
    left = subprocess.run(["pgrep", "-f", "jupyterhub-singleuser|class-load-"], capture_output=True, text=True).stdout.split()
    assert left == [], f"left running: {left}"


def test_zero_to_jupyterhub_gets_the_same_sign_in_settings_and_the_measured_memory(config):
    import yaml

    values = yaml.safe_load((HUB / "values.yaml").read_text(encoding="utf-8"))
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == config.JupyterHub.authenticator_class
    assert values["hub"]["config"]["NativeAuthenticator"] == dict(config.NativeAuthenticator)
    assert values["hub"]["config"]["Authenticator"]["admin_users"] == sorted(config.Authenticator.admin_users)
    image_env = re.search(r"^ENV JUPYTER_CONFIG_PATH=(\S+)$", (HUB / "Dockerfile").read_text(encoding="utf-8"), re.M)[1]
    assert values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"] == image_env == "/opt/kit/newsfigures/classroom/jupyter"
    guide = (REPO / "guide" / "hub.md").read_text(encoding="utf-8")
    measured_rss = max(int(row.split("|")[-2]) for row in re.findall(r"^\| p\d\d \|.*\|$", guide, re.M))
    guarantee, limit = (int(values["singleuser"]["memory"][key].removesuffix("M")) for key in ("guarantee", "limit"))
    assert measured_rss <= guarantee <= 1.25 * measured_rss and limit >= 2 * guarantee
    assert values["cull"] == {"enabled": True, "timeout": 3600, "every": 300}


@pytest.mark.slow
def test_nobody_gets_in_until_the_teacher_approves_them(tmp_path):
    import requests
    from class_load import Hub

    hub = Hub(tmp_path)  # the hub's own accounts, as hub/jupyterhub_config.py sets them

    def sign_up(session, name, password):
        session.get(f"{hub.url}/hub/signup", timeout=60)
        form = {"username": name, "signup_password": password, "signup_password_confirmation": password}
        return session.post(f"{hub.url}/hub/signup", data={**form, "_xsrf": session.cookies.get("_xsrf")}, timeout=60).text

    def signs_in(session, name, password):
        session.get(f"{hub.url}/hub/login", timeout=60)
        form = {"username": name, "password": password, "_xsrf": session.cookies.get("_xsrf")}
        answer = session.post(f"{hub.url}/hub/login", data=form, allow_redirects=False, timeout=60)
        return answer.status_code == 302

    try:
        teacher, ana = requests.Session(), requests.Session()
        assert "has at least 10 characters" in sign_up(requests.Session(), "bo", "short")
        sign_up(teacher, "teacher", "a long teacher passphrase")
        sign_up(ana, "ana", "ana's own long passphrase")
        assert not signs_in(ana, "ana", "ana's own long passphrase")
        assert not signs_in(requests.Session(), "nobody", "any long passphrase")
        assert signs_in(teacher, "teacher", "a long teacher passphrase")
        teacher.get(f"{hub.url}/hub/authorize/ana", timeout=60).raise_for_status()
        assert signs_in(ana, "ana", "ana's own long passphrase")
        assert not signs_in(requests.Session(), "ana", "a wrong long passphrase")
    finally:
        hub.stop()
