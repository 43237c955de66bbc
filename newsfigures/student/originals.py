"""The kit's copy of each notebook (and of each module beside the notebooks, such as the one that draws
their charts): the version the class was given, before anyone wrote in it.

`reset` puts it back and `export` compares a student's notebook with it. It is:

- in a git checkout (a clone, Binder, nbgitpuller on a JupyterHub): the
  notebook as committed on the branch the kit was pulled from (its upstream,
  e.g. origin/main), else as committed at HEAD. The upstream comes first
  because nbgitpuller commits a student's changes locally before it merges the
  teacher's updates, so HEAD may already hold the student's answers;
- otherwise (a kit copied or unpacked from an archive): the copy kept in
  `.kit/originals/`, which `python -m newsfigures lab` makes of each notebook
  the first time it starts, before anything is written in it.
"""

import os
import subprocess

from newsfigures.files import write_bytes_atomic
from newsfigures.kit import SAVED_COPY

KEPT = ".kit/originals"
KEPT_KINDS = (".ipynb", ".py")  # notebooks, and the modules they import from their folder


def kept_folder(kit):
    return kit.root / KEPT


def git(kit, *args):
    """Standard output of a git command run in the kit's folder, or None when git cannot answer."""
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", "-C", str(kit.root), *args], capture_output=True, env=env, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_refs(kit):
    """The commits to read the kit's copy from, best first; empty outside a git checkout."""
    if git(kit, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return []
    upstream = git(kit, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    return [upstream.decode().strip(), "HEAD"] if upstream else ["HEAD"]


def source(kit):
    """Where the kit's copies come from, in words for a message."""
    refs = git_refs(kit)
    if refs:
        return f"the version committed in git ({refs[0]})"
    return f"the copy kept in {KEPT}/"


def original(kit, name):
    """The kit's copy of notebooks/<name> as bytes, or None if the kit has none."""
    refs = git_refs(kit)
    if refs:
        for ref in refs:
            data = git(kit, "show", f"{ref}:./notebooks/{name}")
            if data is not None:
                return data
        return None
    kept = kept_folder(kit) / name
    return kept.read_bytes() if kept.is_file() else None


def original_names(kit):
    """The names of the notebooks (and modules beside them) the kit has a copy of."""
    refs = git_refs(kit)
    if refs:
        listings = (git(kit, "ls-tree", "--name-only", ref, "./notebooks/") or b"" for ref in refs)
        names = {line.rsplit("/", 1)[-1] for listing in listings for line in listing.decode().splitlines()}
    else:
        names = {p.name for p in kept_folder(kit).iterdir()} if kept_folder(kit).is_dir() else set()
    return sorted(n for n in names if n.endswith(KEPT_KINDS) and SAVED_COPY not in n)


def keep_originals(kit):
    """Outside git, keep a copy of every notebook and module beside them not kept yet (the first start of the lab).

    Returns the names kept now; raises files.WriteFailed if one cannot be written."""
    if git_refs(kit):
        return []
    kept = []
    for path in (*kit.notebooks, *kit.modules):
        target = kept_folder(kit) / path.name
        if not target.exists():
            write_bytes_atomic(target, path.read_bytes(), kit)
            kept.append(path.name)
    return kept
