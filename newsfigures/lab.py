"""`python -m newsfigures lab`: open the kit in JupyterLab at its start page.

JupyterLab reads its settings from every folder on JUPYTER_CONFIG_PATH, so the
command puts the kit's own folder (newsfigures/jupyter/) first there: no news
feed, no update check, no extension look-ups on PyPI, and the start page as
the landing page. Jupyter keeps its token and serves on this machine only.
Every other argument (--port, --no-browser, ...) goes to JupyterLab unchanged.
"""
import os
import signal
import subprocess
import sys
from pathlib import Path

from .paths import kit_root

CONFIG_DIR = Path(__file__).resolve().parent / "jupyter"


def lab_environment(environ=None):
    """The environment JupyterLab runs in: the kit's settings folder comes first."""
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(CONFIG_DIR), env.get("JUPYTER_CONFIG_PATH")]))
    return env


def lab_command(jupyter_args, root):
    """JupyterLab serving the kit's root; later arguments override earlier ones.

    Checkpoints ("File > Revert") go to build/checkpoints/ rather than a hidden
    folder beside each notebook, so the kit's own folders stay as they came.
    """
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
            f"--FileCheckpoints.checkpoint_dir={checkpoints_dir(root)}", *jupyter_args]


def checkpoints_dir(root):
    return root / "build" / "checkpoints"


def run_lab(jupyter_args):
    root = kit_root()
    # Jupyter falls back to the system's temporary folder when the parent folder is missing.
    checkpoints_dir(root).parent.mkdir(exist_ok=True)
    server = subprocess.Popen(lab_command(jupyter_args, root), cwd=root, env=lab_environment())
    # Ctrl-C reaches JupyterLab too; it asks before stopping, so this process waits for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    return server.wait()
