"""`python -m newsfigures class-links`: the links a teacher gives a class, both opening the start page.

- The hub link is nbgitpuller's: `HUB/hub/user-redirect/git-pull?repo=...&urlpath=...&branch=...`,
  as nbgitpuller's link generator writes it. The first click copies the repository
  into the student's home folder, in a folder named as nbgitpuller names it (the
  last part of the address); later clicks merge the teacher's updates and keep
  the student's own changes.
- The Binder link builds the same branch on mybinder.org: `/v2/gh/OWNER/REPO/BRANCH`
  for GitHub, `/v2/git/ADDRESS/BRANCH` for any other Git host.
"""

from urllib.parse import quote, urlencode, urlsplit

START_PAGE = "notebooks/00-start-here.ipynb"
BINDER = "https://mybinder.org"
# The branch `python -m newsfigures build --publish-branch student` writes: no teacher notes.
STUDENT_BRANCH = "student"


class BadAddress(ValueError):
    """An address that would give a link that does not work; the message says why and the fix."""


def checked_repo(repo):
    repo = repo.strip().rstrip("/")
    if not repo or any(ch.isspace() for ch in repo):
        raise BadAddress(f"--repo {repo!r}: give the repository's address, e.g. https://github.com/OWNER/REPO")
    return repo


def checked_hub(hub):
    parts = urlsplit(hub.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise BadAddress(f"--hub {hub!r}: give the hub's web address, e.g. https://hub.example.org")
    return hub.strip().rstrip("/")


def checked_pull_repo(repo):
    """A repository the hub may pull from: on the web, into a plain folder of the student's home.

    A local path would send students to the teacher's own folder (the hub cannot read it as
    them, and should not); a last part of "..", "." or a hidden name would clone outside the
    kit's folder or into one that runs code at the next start (e.g. ~/.jupyter).
    """
    repo = checked_repo(repo)
    if urlsplit(repo).scheme not in {"http", "https"}:
        raise BadAddress(
            f"--repo {repo!r}: a hub link needs the repository's web address (https://...), not a folder of this "
            "computer: publish the student edition to a Git host (guide/hub.md)"
        )
    folder = folder_of(repo)
    if folder.startswith(".") or "\\" in folder or "%" in folder:
        raise BadAddress(
            f"--repo {repo!r}: its last part {folder!r} would make nbgitpuller write outside the kit's folder "
            "(or into a hidden folder): give the repository's own address, e.g. https://github.com/OWNER/REPO"
        )
    return repo


def folder_of(repo):
    """The folder nbgitpuller clones `repo` into, inside the student's home folder."""
    return repo.rstrip("/").split("/")[-1]


def hub_link(hub, repo, branch=STUDENT_BRANCH, page=START_PAGE):
    """nbgitpuller's link: pull `branch` of `repo` into the student's folder on `hub`, then open `page` in JupyterLab."""
    repo = checked_pull_repo(repo)
    query = urlencode({"repo": repo, "urlpath": f"lab/tree/{folder_of(repo)}/{page}", "branch": branch})
    return f"{checked_hub(hub)}/hub/user-redirect/git-pull?{query}"


def binder_link(repo, branch=STUDENT_BRANCH, page=START_PAGE):
    """mybinder.org's link: build `branch` of `repo` and open `page` in JupyterLab."""
    repo = checked_repo(repo)
    parts = urlsplit(repo)
    owner_repo = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() in {"github.com", "www.github.com"} and len(owner_repo) == 2:
        spec = f"gh/{owner_repo[0]}/{owner_repo[1]}/{quote(branch, safe='')}"
    elif parts.scheme in {"http", "https"}:
        spec = f"git/{quote(repo, safe='')}/{quote(branch, safe='')}"
    else:
        raise BadAddress(f"--repo {repo!r}: Binder builds only from a public web address (https://...)")
    return f"{BINDER}/v2/{spec}?{urlencode({'urlpath': f'lab/tree/{page}'})}"


def class_links(repo, branch=STUDENT_BRANCH, hub=None):
    """The text the command prints: each link with a line saying what it is for."""
    lines = []
    if hub:
        lines += ["On your JupyterHub (each student keeps their work between lessons):", hub_link(hub, repo, branch), ""]
    try:
        binder = binder_link(repo, branch)
    except BadAddress as err:
        lines += [f"No Binder link: {err}"]
    else:
        lines += ["On mybinder.org (a temporary session: students download their work before they leave):", binder]
    if not hub:
        lines += ["", "For a JupyterHub's link, add --hub with the hub's address, e.g. --hub https://hub.example.org"]
    return "\n".join(lines) + "\n"
