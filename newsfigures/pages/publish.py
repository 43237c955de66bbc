"""`python -m newsfigures build --publish-branch student`: the student edition as a branch to pull.

The branch holds the whole kit as last committed (HEAD), with every notebook
in notebooks/ replaced by its student edition (editions.student_edition): no
model answers, teacher notes or solutions; and without the marking rubric that
notebooks/worksheets.toml names (its strong samples are model answers). Before
committing, every file of the branch is read for a line of teacher-only text
(a model answer, teacher note or solution of a notebook, a line of the rubric):
a file holding one stops the publication, naming the file. A class link
(class_links.py) that pulls this branch never puts the teacher's notes in a
student's folder.

It is written with git's own plumbing into the repository's object store: the
working tree, the index and the checked-out branch stay as they were. Each
publication is a new commit on top of the branch's last one, so a hub's
nbgitpuller merges it like any update; nothing is rewritten, and when nothing
changed no commit is made.
"""

import os
import re
import subprocess
import tempfile
import tomllib
from pathlib import Path

import nbformat

from newsfigures.errors import InputError
from newsfigures.pages.editions import TEACHER_ONLY, notebook_bytes, student_edition, tags, teacher_only_cells
from newsfigures.pages.paper import PLAN

NOTEBOOKS = "notebooks/"
# Used only where git knows no name of its own for the one publishing.
FALLBACK_IDENTITY = {"name": "newsfigures build", "email": "newsfigures-build@localhost"}


class Git:
    """git commands in one repository, with an index of their own (never the user's)."""

    def __init__(self, root, index):
        self.root = root
        self.env = {**os.environ, "GIT_INDEX_FILE": str(index)}
        for role in ("AUTHOR", "COMMITTER"):
            for key, value in FALLBACK_IDENTITY.items():
                if not self.config(f"user.{key}"):
                    self.env.setdefault(f"GIT_{role}_{key.upper()}", value)

    def __call__(self, *args, input=None, check=True):
        done = subprocess.run(["git", *args], cwd=self.root, env=self.env, input=input, capture_output=True, check=False)
        if check and done.returncode:
            raise subprocess.CalledProcessError(done.returncode, ["git", *args], done.stdout, done.stderr)
        return done.stdout.decode("utf-8").strip() if done.returncode == 0 else None

    def config(self, key):
        done = subprocess.run(["git", "config", key], cwd=self.root, capture_output=True, check=False)
        return done.stdout.decode("utf-8").strip()


def repository_of(kit):
    done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=kit.root, capture_output=True, check=False)
    if done.returncode:
        raise InputError(
            kit.root,
            "the kit is not in a git repository, so there is no branch to publish to",
            "run `git init` and commit the kit first, or publish from a clone of the kit's repository",
        )
    return done.stdout.decode("utf-8").strip()


# A line this long is a teacher's sentence, not a phrase any page might share with it.
SHORTEST_LINE = 40
LINE_START = re.compile(r"^\s*(?:[-*>#|]+|\d+\.)?\s*")


def lines_of(text):
    """The lines of a text as compared: list, quote and heading marks and surrounding space taken off."""
    return {LINE_START.sub("", line).strip() for line in text.splitlines()}


def teacher_files(git):
    """The files of HEAD that are for the teacher alone: the rubric named in notebooks/worksheets.toml."""
    plan = git("show", f"HEAD:{NOTEBOOKS}{PLAN}", check=False)
    rubric = tomllib.loads(plan).get("answer_key", {}).get("rubric", "") if plan else ""
    return [f"{NOTEBOOKS}{rubric}"] if rubric else []


def teacher_lines(git, notebooks, files):
    """{line: where it comes from} for every long line of a teacher-only cell or file of HEAD that the
    student edition does not itself show (an exercise's own line, repeated in its worked solution)."""
    shown = set().union(*(lines_of(cell.source) for nb in notebooks.values() for cell in student_edition(nb).cells))
    found = {}
    for path, nb in notebooks.items():
        for cell in teacher_only_cells(nb):
            where = f"{path} (a cell tagged {', '.join(sorted(tags(cell) & TEACHER_ONLY))})"
            found.update(dict.fromkeys(lines_of(cell.source), where))
    for path in files:
        found.update({line: path for line in lines_of(git("show", f"HEAD:{path}", check=False) or "")})
    # A box's first line (<details><summary>Model answer</summary>) names the box; it is not its text.
    return {
        line: where
        for line, where in found.items()
        if len(line) >= SHORTEST_LINE and "<summary>" not in line and line not in shown
    }


def text_lines(path, data):
    """The lines a student would read in a file: a notebook's cell sources, a text file's text, nothing of a binary."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return set()
    if path.endswith(".ipynb"):
        text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
    return lines_of(text)


def refuse_teacher_text(git, tree, teacher):
    """Stop, naming the file, if any file of `tree` holds a line of teacher-only text."""
    for line in git("ls-tree", "-r", tree).splitlines():
        mode, kind, blob, path = line.split(None, 3)
        if kind != "blob":
            continue
        data = subprocess.run(["git", "cat-file", "blob", blob], cwd=git.root, capture_output=True, check=True).stdout
        for shared in sorted(text_lines(path, data) & teacher.keys()):
            raise InputError(
                path,
                f'holds teacher-only text from {teacher[shared]} ("{shared[:60]}..."), so it cannot go on the student branch',
                "take that text out of the file (or out of the kit), commit, and publish again",
            )


def student_tree(git):
    """The tree of HEAD with each notebook replaced by its student edition and the teacher's files left out."""
    git("read-tree", "HEAD")
    notebooks = {}
    for line in git("ls-tree", "HEAD", NOTEBOOKS).splitlines():
        mode, _, blob, path = line.split(None, 3)
        if not path.endswith(".ipynb"):
            continue
        nb = notebooks[path] = nbformat.reads(git("cat-file", "blob", blob), as_version=4)
        student = git("hash-object", "-w", "--stdin", input=notebook_bytes(student_edition(nb)))
        git("update-index", "--cacheinfo", f"{mode},{student},{path}")
    files = teacher_files(git)
    if files:
        git("rm", "--cached", "--quiet", "--ignore-unmatch", "--", *files)
    tree = git("write-tree")
    refuse_teacher_text(git, tree, teacher_lines(git, notebooks, files))
    return tree


def publish(kit, branch, index):
    """Commit the student edition of HEAD on `branch`; returns (commit, True if a new commit was made).

    `index` is a scratch file for git's index (it must not exist yet).
    """
    root = repository_of(kit)
    git = Git(root, index)
    if git("check-ref-format", "--branch", branch, check=False) is None:
        raise InputError(branch, "is not a name git accepts for a branch", "use a plain name such as student")
    if git("symbolic-ref", "--quiet", "--short", "HEAD", check=False) == branch:
        raise InputError(branch, "is the branch checked out here", "publish from another branch (e.g. main) to this one")
    head = git("rev-parse", "--verify", "HEAD^{commit}")
    tree = student_tree(git)
    last = git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
    if last and git("rev-parse", f"{last}^{{tree}}") == tree:
        return last, False
    message = f"Student edition of {head[:12]}: notebooks without model answers, teacher notes and solutions, no rubric"
    commit = git("commit-tree", tree, *(["-p", last] if last else []), "-m", message)
    git("update-ref", f"refs/heads/{branch}", commit, last or "")
    return commit, True


def publish_command(kit, branch):
    """What `build --publish-branch` prints and returns."""
    with tempfile.TemporaryDirectory() as scratch:
        commit, new = publish(kit, branch, Path(scratch) / "index")
    if new:
        print(f"Branch {branch} now holds the student edition (commit {commit[:12]}). Push it so class links can pull it.")
    else:
        print(f"Branch {branch} already holds this student edition (commit {commit[:12]}); nothing was committed.")
    return 0
