"""nbgitpuller, for class links only: a link may pull only into a plain folder of the student's home.

nbgitpuller clones into the folder a link names (`targetpath`, or else the last part
of the repository's address), relative to the student's home, and follows `..` and
hidden names: a crafted link could write into ~/.jupyter (code that runs at the next
server start) or outside the home folder. This server extension serves nbgitpuller's
pages with that refused, and nbgitpuller's own extension is turned off
(`jupyter_server_config.json` beside the kit's other Jupyter settings).
"""

import os

from tornado import web

# A folder name nbgitpuller may clone into: no separators, not hidden, not "." or "..".
FORBIDDEN_START = "."


def pull_target(repo, targetpath=None):
    """The folder, inside the home folder, that nbgitpuller would clone `repo` into."""
    return targetpath or repo.rstrip("/").split("/")[-1]


def refusal(repo, targetpath=None):
    """Why a class link with these arguments is refused, or None if it pulls into a plain folder from the web."""
    folder = pull_target(repo, targetpath)
    if not repo.startswith(("https://", "http://")):
        return f"the repository {repo!r} is not a web address (https://...): a class link pulls only from a Git host"
    if not folder or folder.startswith(FORBIDDEN_START) or "/" in folder or os.sep in folder or "\\" in folder:
        return f"the folder {folder!r} is not a plain folder of your home folder: a class link may not write there"
    return None


def guarded(handler_class):
    """`handler_class` with its GET refused (400) when the link's target is refused."""

    class Guarded(handler_class):
        @web.authenticated
        async def get(self, *args):
            problem = refusal(self.get_argument("repo", ""), self.get_argument("targetpath", None))
            if problem:
                raise web.HTTPError(400, f"This class link was refused: {problem}.", reason="Class link refused")
            return await super().get(*args)

    Guarded.__name__ = f"Guarded{handler_class.__name__}"
    return Guarded


def _jupyter_server_extension_points():
    return [{"module": __name__}]


def _load_jupyter_server_extension(server_app):
    """nbgitpuller's own loading (nbgitpuller 1.3.0), with its two pulling handlers guarded."""
    import nbgitpuller
    from nbgitpuller._compat import get_base_handler

    get_base_handler(server_app)  # nbgitpuller's handlers must be imported after this
    from nbgitpuller import handlers

    handlers.SyncHandler = guarded(handlers.SyncHandler)
    handlers.UIHandler = guarded(handlers.UIHandler)
    nbgitpuller._load_jupyter_server_extension(server_app)
