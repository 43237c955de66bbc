"""`python -m newsfigures ...` run as a user types it in a kit's folder."""

import os
import subprocess
import sys


def run_kit(root, *args, timeout=600):
    """Run the kit's command with `args` in the kit at `root`; returns the finished process."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "newsfigures", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
