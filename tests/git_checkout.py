"""Make a copy of the kit a git checkout, as a class gets it from a clone, Binder or nbgitpuller."""

import os
import subprocess

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Kit",
    "GIT_AUTHOR_EMAIL": "kit@example.org",
    "GIT_COMMITTER_NAME": "Kit",
    "GIT_COMMITTER_EMAIL": "kit@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(folder, *args):
    """Run git in `folder` with a neutral identity and no user or system config."""
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def committed(root):
    """Commit everything in `root` on a new branch main; returns the Kit."""
    from newsfigures.kit import Kit

    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the kit")
    return Kit(root)
