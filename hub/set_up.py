"""Set up the one-machine hub before it first opens: `python hub/set_up.py`, as root, from the kit's folder.

1. Makes the hub's state folder (places.STATE), readable by root only.
2. Makes the teacher's account (the admin of hub/jupyterhub_config.py) in the hub's
   database, approved, with a password the teacher types twice (at least 16
   characters, not a common one); the hub refuses to start without it
   (class_sign_in.py), so nobody can take the name by signing up first.
3. Copies the kit's Jupyter settings to places.PUBLIC, where every student's server can read them.
4. Checks that a student's server can run this Python and import what it needs,
   as an ordinary user; if not (e.g. it was made from a Python under /root), says what to run.
   If an ordinary user can read the kit's own folder (model answers), it says so.

Run it again to check everything; an existing teacher's account is kept (change its
password at /hub/change-password).
"""

import argparse
import getpass
import shutil
import subprocess
import sys
from pathlib import Path

HUB = Path(__file__).resolve().parent
KIT = HUB.parent
sys.path.insert(0, str(HUB))
sys.path.insert(0, str(HUB.parent))
import places  # noqa: E402
from class_sign_in import TEACHER_PASSWORD_LENGTH  # noqa: E402

from newsfigures.serving.lab import CONFIG_DIR  # noqa: E402

TEACHER = "teacher"  # Authenticator.admin_users in hub/jupyterhub_config.py
# What a student's server imports at start; run as this ordinary user to check it can.
STUDENT_PROBE = "import os, jupyterhub, nbgitpuller, jupyterlab, newsfigures.serving.safe_pull; os.listdir({settings!r})"
PROBE_USER = "nobody"
# A Python every user may run, to make the hub's venv from (guide/hub.md), and what goes into that venv.
SYSTEM_PYTHON = "/usr/bin/python3"
INSTALL = ("-r requirements.txt -r hub/requirements.txt", "--no-deps --force-reinstall .")


class SetUpFailed(Exception):
    """A step that could not be done; the message says why and the fix."""


def make_state_folder(folder=places.STATE):
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    for path in folder.iterdir():
        path.chmod(0o600 if path.is_file() else 0o700)


def weak_password(password):
    from nativeauthenticator import NativeAuthenticator

    if len(password) < TEACHER_PASSWORD_LENGTH:
        return f"it has fewer than {TEACHER_PASSWORD_LENGTH} characters"
    if NativeAuthenticator(add_new_table=False).is_password_common(password):
        return "it is one of the most common passwords"
    return None


def hub_database(database):
    """A session of the hub's database (made, with every table, if new)."""
    from jupyterhub import orm
    from nativeauthenticator.orm import UserInfo  # noqa: F401 (registers its table with the hub's)

    return orm.new_session_factory(places.database_url(database))()


def teacher_exists(database=places.DATABASE, name=TEACHER):
    from nativeauthenticator.orm import UserInfo

    if not database.exists():
        return False
    db = hub_database(database)
    try:
        return UserInfo.find(db, name) is not None
    finally:
        db.close()


def make_teacher(password, database=places.DATABASE, name=TEACHER):
    """The approved admin account in the hub's database, with this password."""
    import bcrypt
    from nativeauthenticator.orm import UserInfo

    problem = weak_password(password)
    if problem:
        raise SetUpFailed(f"The teacher's password was not accepted: {problem}. Nothing was changed; choose a longer one.")
    db = hub_database(database)
    try:
        db.add(UserInfo(username=name, password=bcrypt.hashpw(password.encode(), bcrypt.gensalt()), is_authorized=True))
        db.commit()
    finally:
        db.close()
        database.chmod(0o600)


def copy_jupyter_settings():
    """The kit's Jupyter settings where every user may read them."""
    target = places.JUPYTER_SETTINGS
    target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(CONFIG_DIR, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def student_cannot_run(python=sys.executable, user=PROBE_USER):
    """Why a student's server could not start with `python` (run as an ordinary user), or None."""
    probe = ["runuser", "-u", user, "--", str(python), "-c", STUDENT_PROBE.format(settings=str(places.JUPYTER_SETTINGS))]
    done = subprocess.run(probe, capture_output=True, text=True, cwd="/")
    if done.returncode == 0:
        return None
    private = private_folder(Path(python).resolve(), user)
    if private:
        return private_python(Path(python), private)
    return (
        f"An ordinary user cannot run {python} with what a student's server needs, or cannot read "
        f"{places.JUPYTER_SETTINGS} ({done.stderr.strip()[-300:]}). Install the hub's Python where every user "
        "may read it, as guide/hub.md says, and run this command and the hub with that Python."
    )


def private_folder(path, user=PROBE_USER):
    """The first folder on the way to `path` that `user` may not enter (e.g. /root), or None."""
    for folder in reversed(path.parents):
        if subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(folder)], cwd="/").returncode:
            return folder
    return None


def private_python(python, private):
    """What to run when the hub's Python lies in, or was made from a Python in, a private folder."""
    made_from = f" (it runs {python.resolve()})" if python.is_symlink() else ""
    problem = f"Students' servers cannot run {python}{made_from}: ordinary users may not enter {private}."
    venv = python.absolute().parent.parent
    if not (venv / "pyvenv.cfg").is_file():
        return f"{problem} Install the hub's Python where every user may run it (see guide/hub.md)."
    remake = [f"cd {KIT}", f"rm -rf {venv}", *venv_steps(venv), f"{venv / 'bin' / 'python'} hub/set_up.py"]
    return (
        f"{problem} A venv runs the Python it was made from: make it again from the system's Python, which "
        f"every user may run ({SYSTEM_PYTHON}, 3.11 or newer, with its venv module; on Debian or Ubuntu "
        "`apt-get install python3-venv`), as root:\n  " + "\n  ".join(remake)
    )


def venv_steps(venv):
    """guide/hub.md's commands that make the hub's Python at `venv` from the system's and install the kit in it."""
    python = venv / "bin" / "python"
    return [f"{SYSTEM_PYTHON} -m venv {venv}", *(f"{python} -m pip install {what}" for what in INSTALL)]


def first_line(path):
    return (path.read_text(encoding="utf-8").splitlines() or [""])[0]


def students_can_read(folder, user=PROBE_USER):
    """True if an ordinary user can list `folder` (the kit's own, with its model answers)."""
    probe = ["runuser", "-u", user, "--", "ls", str(folder)]
    return subprocess.run(probe, capture_output=True, cwd="/").returncode == 0


def ask_password():
    first = getpass.getpass(f"Password for the hub's account '{TEACHER}' (at least {TEACHER_PASSWORD_LENGTH} characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise SetUpFailed("The two passwords differ; nothing was changed. Run the command again.")
    return first


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--password-file", type=Path, help="read the teacher's password from this file (first line)")
    parser.add_argument(
        "--students-run-as",
        default=PROBE_USER,
        help=f"the ordinary user to check with (default {PROBE_USER}; a test hub whose servers all run as one user gives it)",
    )
    args = parser.parse_args(argv)
    try:
        make_state_folder()
        if teacher_exists():
            print(f"The account '{TEACHER}' exists already: kept as it was.")
        else:
            password = first_line(args.password_file) if args.password_file else ask_password()
            make_teacher(password)
            print(f"Made the hub's account '{TEACHER}' (approved, the hub's admin).")
        copy_jupyter_settings()
        problem = student_cannot_run(user=args.students_run_as)
        if problem:
            raise SetUpFailed(problem)
    except SetUpFailed as err:
        print(err, file=sys.stderr)
        return 1
    if students_can_read(KIT / "notebooks"):
        print(
            f"Note: an ordinary user can read {KIT}, whose notebooks hold the model answers. Students' servers need "
            f"nothing in it: make it private (chmod 700 {KIT})."
        )
    print(f"The hub's state is in {places.STATE} (root only); students' servers read {places.JUPYTER_SETTINGS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
