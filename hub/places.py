"""Where the one-machine hub keeps its files, outside the kit's folder.

- STATE (root only, mode 0700): the hub's database (every account's password hash),
  its cookie secret and its proxy's pid file. Never in the kit's folder, which
  students' servers may read, and never in git.
- PUBLIC (readable by everyone): what every student's server reads, the kit's
  Jupyter settings. The kit's own folder may lie where students cannot read it
  (e.g. under /root).

Both can be moved with an environment variable, the same for `set_up.py` and the hub.
"""

import os
from pathlib import Path

STATE = Path(os.environ.get("NEWSFIGURES_HUB_STATE", "/var/lib/newsfigures-hub"))
PUBLIC = Path(os.environ.get("NEWSFIGURES_HUB_PUBLIC", "/opt/newsfigures-hub"))
DATABASE = STATE / "jupyterhub.sqlite"
COOKIE_SECRET = STATE / "jupyterhub_cookie_secret"
PROXY_PID = STATE / "jupyterhub-proxy.pid"
JUPYTER_SETTINGS = PUBLIC / "jupyter"


def database_url(path=DATABASE):
    return f"sqlite:///{path}"
