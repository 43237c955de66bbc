"""The class hub (hub/): its configuration, its per-student system users, and a class of three on a real JupyterHub.

The class runs tools/class_load.py (real JupyterHub, npm's configurable-http-proxy,
nbgitpuller pulling from a local clone) and passes on failures only, never on
time. Without the hub's packages or the proxy these tests are skipped with the
reason; with KIT_REQUIRE_HUB=1 (set by .ci/run) they fail instead.
"""

import getpass
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

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
    assert config.JupyterHub.authenticator_class == "class_sign_in.ClassAuthenticator"
    assert config.NativeAuthenticator.open_signup is False
    assert config.NativeAuthenticator.minimum_password_length >= 8
    assert config.Authenticator.admin_users == {"teacher"}


def test_every_server_gets_the_kits_settings_and_time_for_a_class_start(config):
    from newsfigures.serving.lab import CONFIG_DIR

    sys.path.insert(0, str(HUB))
    import places

    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(places.JUPYTER_SETTINGS)  # set_up.py's copy of:
    assert (CONFIG_DIR / "jupyter_lab_config.py").is_file()
    assert (CONFIG_DIR / "labconfig" / "default_setting_overrides.json").is_file()
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
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    assert values["hub"]["config"]["NativeAuthenticator"] == dict(config.NativeAuthenticator)
    assert values["hub"]["config"]["Authenticator"]["admin_users"] == sorted(config.Authenticator.admin_users)
    image_env = re.search(r"^ENV JUPYTER_CONFIG_PATH=(\S+)$", (HUB / "Dockerfile").read_text(encoding="utf-8"), re.M)[1]
    assert values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"] == image_env == "/opt/kit/newsfigures/serving/jupyter"
    guide = (REPO / "guide" / "hub.md").read_text(encoding="utf-8")
    measured_rss = max(int(row.split("|")[-2]) for row in re.findall(r"^\| p\d\d \|.*\|$", guide, re.M))
    guarantee, limit = (int(values["singleuser"]["memory"][key].removesuffix("M")) for key in ("guarantee", "limit"))
    assert measured_rss <= guarantee <= 1.25 * measured_rss and limit >= 2 * guarantee
    assert values["cull"] == {"enabled": True, "timeout": 3600, "every": 300}


# --- the hub against its own students, for real ---------------------------------------------------

TEACHER_PASSWORD = "the teacher's own long passphrase"


def sign_up(hub, session, name, password):
    session.get(f"{hub.url}/hub/signup", timeout=60)
    form = {"username": name, "signup_password": password, "signup_password_confirmation": password}
    return session.post(f"{hub.url}/hub/signup", data={**form, "_xsrf": session.cookies.get("_xsrf")}, timeout=60)


def signs_in(hub, session, name, password):
    session.get(f"{hub.url}/hub/login", timeout=60)
    form = {"username": name, "password": password, "_xsrf": session.cookies.get("_xsrf")}
    answer = session.post(f"{hub.url}/hub/login", data=form, allow_redirects=False, timeout=60)
    return answer.status_code == 302


def approved(hub, teacher, name):
    page = teacher.get(f"{hub.url}/hub/authorize", timeout=60).text
    row = re.search(rf"<tr[^>]*id={name}>(.*?)</tr>", page, re.S)
    return row is not None and "<td>Yes</td>" in row[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A real hub on hub/jupyterhub_config.py with its own accounts, set up by hub/set_up.py (at most 3 waiting)."""
    from class_load import Hub

    limit = ["c.ClassAuthenticator.pending_limit = 3"]
    hub = Hub(tmp_path_factory.mktemp("hub"), teacher_password=TEACHER_PASSWORD, extra_config=limit)
    yield hub
    hub.stop()


@pytest.fixture(scope="module")
def teacher(hub):
    import requests

    session = requests.Session()
    assert signs_in(hub, session, "teacher", TEACHER_PASSWORD)
    return session


@pytest.mark.slow
def test_nobody_gets_in_until_the_teacher_approves_them(hub, teacher):
    import requests

    ana = requests.Session()
    assert "has at least 10 characters" in sign_up(hub, requests.Session(), "bo", "short").text
    sign_up(hub, ana, "ana", "ana's own long passphrase")
    assert not signs_in(hub, ana, "ana", "ana's own long passphrase")
    assert not signs_in(hub, requests.Session(), "nobody", "any long passphrase")
    approve(hub, teacher, "ana")
    assert signs_in(hub, ana, "ana", "ana's own long passphrase")
    assert not signs_in(hub, requests.Session(), "ana", "a wrong long passphrase")


def hub_xsrf(session):
    return {"X-XSRFToken": session.cookies.get("_xsrf", path="/hub/") or ""}


def approve(hub, teacher, name):
    form = {"_xsrf": teacher.cookies.get("_xsrf", path="/hub/")}
    teacher.post(f"{hub.url}/hub/authorize/{name}", data=form, timeout=60).raise_for_status()
    assert approved(hub, teacher, name)


@pytest.mark.slow
def test_the_teachers_account_exists_before_the_hub_opens_and_a_student_cannot_take_it(hub, tmp_path):
    import requests
    from class_load import Hub

    mallory = requests.Session()
    sign_up(hub, mallory, "teacher", "mallory's long passphrase")
    assert not signs_in(hub, mallory, "teacher", "mallory's long passphrase")
    assert signs_in(hub, requests.Session(), "teacher", TEACHER_PASSWORD)
    # A hub whose teacher's account was never made does not open at all.
    unset = Hub(tmp_path, start=False)
    (tmp_path / "state" / "jupyterhub.sqlite").unlink()
    try:
        with pytest.raises(RuntimeError, match="no approved account for teacher"):
            unset.start()
    finally:
        unset.stop()


@pytest.mark.slow
def test_approving_or_revoking_needs_the_teachers_form_not_a_link_another_site_can_send(hub, teacher):
    import requests

    sign_up(hub, requests.Session(), "cy", "cy's own long passphrase")
    # What a page of another site makes the teacher's browser do: follow a link, or post a form without the hub's token.
    assert teacher.get(f"{hub.url}/hub/authorize/cy", timeout=60).status_code == 405
    assert teacher.post(f"{hub.url}/hub/authorize/cy", timeout=60).status_code == 403
    assert teacher.get(f"{hub.url}/hub/discard/cy", timeout=60).status_code == 405
    page = teacher.get(f"{hub.url}/hub/authorize", timeout=60).text
    assert not approved(hub, teacher, "cy") and "id=cy>" in page
    # The teacher's own page approves with a form carrying the hub's token.
    assert re.search(r'<form method="post" action="/hub/authorize/cy"><input type="hidden" name="_xsrf" value="[^"]+"', page)
    approve(hub, teacher, "cy")


@pytest.mark.slow
def test_wrong_passwords_never_lock_the_teacher_out_and_sign_ups_stop_at_the_limit(hub, teacher):
    import requests

    for _ in range(6):
        assert not signs_in(hub, requests.Session(), "teacher", "a wrong long passphrase")
    assert signs_in(hub, requests.Session(), "teacher", TEACHER_PASSWORD)
    answers = [sign_up(hub, requests.Session(), f"flood{n}", "a flooding passphrase") for n in range(6)]
    assert [a.status_code for a in answers].count(429) >= 3 and "Sign-up is closed for now" in answers[-1].text
    waiting = re.findall(r"<tr id=(flood\d)>", teacher.get(f"{hub.url}/hub/authorize", timeout=60).text)
    assert 0 < len(waiting) <= 3
    for name in waiting:  # the teacher's form discards them, and sign-up opens again
        teacher.post(f"{hub.url}/hub/discard/{name}", data={"_xsrf": teacher.cookies.get("_xsrf", path="/hub/")}, timeout=60)
    assert sign_up(hub, requests.Session(), "flood9", "a flooding passphrase").status_code == 200
    teacher.post(f"{hub.url}/hub/discard/flood9", data={"_xsrf": teacher.cookies.get("_xsrf", path="/hub/")}, timeout=60)
    assert "flood" not in teacher.get(f"{hub.url}/hub/authorize", timeout=60).text


@pytest.mark.slow
def test_the_hubs_state_is_outside_the_kit_readable_by_root_only_and_ignored_by_git(hub, config):
    state = hub.scratch / "state"
    assert state.stat().st_mode & 0o777 == 0o700
    for name in ("jupyterhub.sqlite", "jupyterhub_cookie_secret"):
        assert (state / name).stat().st_mode & 0o077 == 0, name
        read = subprocess.run(["runuser", "-u", "nobody", "--", "cat", str(state / name)], capture_output=True)
        assert read.returncode != 0, f"an ordinary user read {name}"
    for path in (config.JupyterHub.db_url.removeprefix("sqlite:///"), config.JupyterHub.cookie_secret_file):
        assert not Path(path).resolve().is_relative_to(REPO), path
    names = ["jupyterhub.sqlite", "jupyterhub_cookie_secret", "hub/jupyterhub.sqlite"]
    ignored = subprocess.run(["git", "check-ignore", *names], cwd=REPO, capture_output=True, text=True)
    assert ignored.stdout.split() == names


@pytest.mark.slow
def test_a_class_link_may_not_pull_outside_the_students_kit_folder(hub, teacher, tmp_path):
    import requests
    from class_load import GitHost, git

    source = tmp_path / "kit"
    source.mkdir()
    (source / "start.py").write_text("print('from a class link')\n")
    git(source, "init", "-q", "-b", "student")
    git(source, "add", ".")
    git(source, "commit", "-qm", "A repository")
    host = GitHost(tmp_path, source)
    dee = requests.Session()
    sign_up(hub, dee, "dee", "dee's own long passphrase")
    approve(hub, teacher, "dee")
    assert signs_in(hub, dee, "dee", "dee's own long passphrase")
    server = f"{hub.url}/user/dee"
    try:
        dee.post(f"{hub.url}/hub/api/users/dee/server", headers=hub_xsrf(dee), timeout=120).raise_for_status()
        deadline = time.monotonic() + 120
        while urlsplit(dee.get(f"{server}/lab", timeout=120).url).path != "/user/dee/lab" and time.monotonic() < deadline:
            time.sleep(1)
        home = hub.scratch / "h" / "dee"
        xsrf = dee.cookies.get("_xsrf", path="/user/dee/")
        for repo, target in ((host.url, "../../escaped"), (host.url + "/.jupyter", None), (host.url, ".jupyter")):
            query = {"repo": repo, "branch": "student", **({"targetpath": target} if target else {})}
            assert dee.get(f"{server}/git-pull", params=query, timeout=60).status_code == 400
            pulled = dee.get(f"{server}/git-pull/api", params={**query, "_xsrf": xsrf}, timeout=120)
            assert pulled.status_code == 400, pulled.text[-500:]
        assert not (home.parent.parent / "escaped").exists() and not (home / ".jupyter" / "start.py").exists()
        # The class link as class-links writes it still pulls into the kit's folder.
        query = {"repo": host.url, "branch": "student"}
        assert dee.get(f"{server}/git-pull", params=query, timeout=60).status_code == 200
        events = dee.get(f"{server}/git-pull/api", params={**query, "_xsrf": xsrf}, timeout=120).text
        assert '"phase": "finished"' in events and (home / "kit" / "start.py").is_file()
    finally:
        host.stop()
        dee.delete(f"{hub.url}/hub/api/users/dee/server", headers=hub_xsrf(dee), timeout=120)


def test_set_up_finds_a_python_students_cannot_run_and_puts_the_settings_where_they_can(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(HUB))
    import set_up

    monkeypatch.setattr(set_up.places, "JUPYTER_SETTINGS", tmp_path / "public" / "jupyter")
    tmp_path.chmod(0o755)
    set_up.copy_jupyter_settings()
    assert set_up.student_cannot_run(user=getpass.getuser()) is None
    with tempfile.TemporaryDirectory() as shared:  # outside pytest's own folders, which only root may enter
        shared = Path(shared)
        shared.chmod(0o755)
        (shared / "kit").mkdir(mode=0o755)
        (shared / "private").mkdir(mode=0o700)
        assert set_up.students_can_read(shared / "kit") and not set_up.students_can_read(shared / "private")
        # The trap of a Python under /root (pyenv's): a venv in a public folder, made from a Python in a private one.
        private_python = shared / "private" / "python3"
        private_python.write_text("#!/bin/sh\n")
        private_python.chmod(0o755)
        venv = shared / "opt" / "python"
        (venv / "bin").mkdir(parents=True)
        (venv / "pyvenv.cfg").write_text(f"home = {private_python.parent}\n")
        (venv / "bin" / "python").symlink_to(private_python)
        problem = set_up.student_cannot_run(python=venv / "bin" / "python")  # as `nobody`, like a student's server
    assert f"ordinary users may not enter {shared / 'private'}." in problem
    commands = [line.strip() for line in problem.splitlines()[1:]]
    assert commands == [f"cd {set_up.KIT}", f"rm -rf {venv}", *set_up.venv_steps(venv), f"{venv}/bin/python hub/set_up.py"]
    # The guide's own set-up makes the hub's Python the same way, from the system's.
    guide = (REPO / "guide" / "hub.md").read_text(encoding="utf-8").split("## One machine")[1]
    steps = re.search(r"```\n(.*?)```", guide, re.S)[1].splitlines()
    assert steps[:3] == set_up.venv_steps(Path("/opt/newsfigures-hub/python"))
