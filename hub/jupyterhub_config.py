"""JupyterHub for a class on one machine (guide/hub.md).

Started as root from the kit's folder, after installing the hub's Python (guide/hub.md)
and `npm install -g configurable-http-proxy@5.3.0`, and once `python hub/set_up.py`:

    jupyterhub -f hub/jupyterhub_config.py

- Sign-in: the hub's own accounts (NativeAuthenticator, closed further by
  hub/class_sign_in.py). The teacher's account is made by hub/set_up.py before
  the hub opens; a student signs up at /hub/signup, and nobody gets in until the
  teacher approves them at /hub/authorize. Never an open server.
- The hub's database and cookie secret live in hub/places.py's STATE folder
  (root only), never in the kit's folder.
- Each student's server runs as the student's own system user (jupyter-NAME,
  hub/student_users.py), with a private home folder.
- Every server gets the kit's privacy settings (no news feed, no update check,
  no extension look-ups) and class links limited to a plain folder of the
  student's home (newsfigures/serving/safe_pull.py), through JUPYTER_CONFIG_PATH:
  the copy set_up.py puts where students can read it.
- Servers idle for an hour are stopped; the students' files stay.

tools/class_load.py runs a whole class on this file, with a test sign-in and
all students under one system user in place of the two parts above that need
real accounts.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import places  # noqa: E402
from student_users import StudentSpawner  # noqa: E402

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)
BIN = Path(sys.executable).parent

# --- sign-in -------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "class_sign_in.ClassAuthenticator"
c.NativeAuthenticator.open_signup = False  # the teacher approves every account
# Whoever the teacher approved may use the hub (NativeAuthenticator refuses everyone else).
c.NativeAuthenticator.allow_all = True
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
# Five wrong passwords lock a student's name for 10 minutes (never the teacher's: class_sign_in.py).
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600
c.ClassAuthenticator.pending_limit = 40  # a class and some; sign-up closes beyond that
# The teacher's account, made by hub/set_up.py before the hub opens; it approves the others.
c.Authenticator.admin_users = {"teacher"}
# The authorization page with approve and revoke as forms (POST), not links.
c.JupyterHub.template_paths = [str(Path(__file__).resolve().parent / "templates")]

# --- the hub's own files, outside the kit's folder (root only) -------------------------------
c.JupyterHub.db_url = places.database_url()
c.JupyterHub.cookie_secret_file = str(places.COOKIE_SECRET)
c.ConfigurableHTTPProxy.pid_file = str(places.PROXY_PID)
# Names that are safe as part of a system user name.
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,23}$"

# --- each student's server -----------------------------------------------------------------
c.JupyterHub.spawner_class = StudentSpawner
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]


def kernel_sockets(spawner):
    """A short folder in the student's home for the server's runtime files and its kernels' sockets.

    With thirty servers on one machine, kernels on TCP ports collide (each server picks
    free ports on its own, and another takes them first: kernels die at start), so
    kernels talk over Unix sockets, whose paths must stay under 108 characters.
    """
    return os.path.join(spawner.user_env({})["HOME"], ".jupyter-run")


c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(places.JUPYTER_SETTINGS), "JUPYTER_RUNTIME_DIR": kernel_sockets}
c.Spawner.args = ["--KernelManager.transport=ipc"]
# The kit's own settings open notebooks/00-start-here.ipynb, which on a hub lies inside the
# pulled folder: the class link opens it there; a plain sign-in opens the file browser.
c.Spawner.default_url = "/lab"
# Thirty servers starting at once on two cores: give each time to start and to answer.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 60

# --- stop idle servers ---------------------------------------------------------------------
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {"name": "idle-culler", "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]},
]
