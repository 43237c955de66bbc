"""`python -m newsfigures build --publish-branch student`: the student edition as a git branch.

Published from a git repository made of a copy of the kit: the branch holds the
whole kit, its notebooks without a cell tagged model-answer, teacher-note or
solution; publishing again adds a commit on top (history is never rewritten),
and the teacher's working tree, index and branch are left as they were.
"""

import json
import subprocess
import sys

import pytest
from repo import NOTEBOOKS

from newsfigures.classroom.editions import TEACHER_ONLY

pytestmark = pytest.mark.slow


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


def publish(root, branch="student"):
    return subprocess.run(
        [sys.executable, "-m", "newsfigures", "build", "--publish-branch", branch], cwd=root, capture_output=True, text=True
    )


def tags_on(root, ref):
    """{notebook path: set of every cell tag} in the notebooks of `ref`."""
    paths = git(root, "ls-tree", "--name-only", ref, "notebooks/").splitlines()
    notebooks = {path: json.loads(git(root, "show", f"{ref}:{path}")) for path in paths if path.endswith(".ipynb")}
    return {path: {tag for cell in nb["cells"] for tag in cell["metadata"].get("tags", [])} for path, nb in notebooks.items()}


@pytest.fixture
def repo(kit_copy):
    git(kit_copy, "init", "-q", "-b", "main")
    git(kit_copy, "add", "-A")
    git(kit_copy, "-c", "user.name=Teacher", "-c", "user.email=t@example.org", "commit", "-qm", "kit")
    return kit_copy


def test_the_branch_holds_the_whole_kit_and_no_teacher_only_cell(repo):
    assert TEACHER_ONLY & set().union(*tags_on(repo, "HEAD").values()), "the kit's notebooks have teacher-only cells"
    done = publish(repo)
    assert done.returncode == 0, done.stderr
    assert "Branch student now holds the student edition" in done.stdout
    assert {f"notebooks/{p.name}" for p in NOTEBOOKS} == set(tags_on(repo, "student"))
    assert all(not tags & TEACHER_ONLY for tags in tags_on(repo, "student").values())
    outside = git(repo, "diff", "--name-only", "main", "student", "--", ":!notebooks/*.ipynb")
    assert outside == "", "everything but the notebooks is the kit as committed, casebook.py beside them included"
    casebook = (repo / "notebooks" / "casebook.py").read_text(encoding="utf-8")
    assert git(repo, "show", "student:notebooks/casebook.py") == casebook.strip()
    assert git(repo, "status", "--porcelain") == "" and git(repo, "branch", "--show-current") == "main"


def test_publishing_again_adds_a_commit_and_keeps_the_history(repo):
    assert publish(repo).returncode == 0
    first = git(repo, "rev-parse", "student")
    again = publish(repo)
    assert "nothing was committed" in again.stdout and git(repo, "rev-parse", "student") == first
    (repo / "seeds" / "README.md").write_text("changed\n", encoding="utf-8")
    git(repo, "-c", "user.name=Teacher", "-c", "user.email=t@example.org", "commit", "-qam", "change")
    assert publish(repo).returncode == 0
    second = git(repo, "rev-parse", "student")
    assert second != first and git(repo, "rev-parse", "student^") == first
    assert git(repo, "show", "student:seeds/README.md") == "changed"


def test_a_kit_outside_git_or_the_checked_out_branch_is_refused(kit_copy):
    done = publish(kit_copy)
    assert done.returncode == 1 and "not in a git repository" in done.stderr and "git init" in done.stderr
    git(kit_copy, "init", "-q", "-b", "student")
    git(kit_copy, "add", "-A")
    git(kit_copy, "-c", "user.name=Teacher", "-c", "user.email=t@example.org", "commit", "-qm", "kit")
    done = publish(kit_copy)
    assert done.returncode == 1 and "is the branch checked out here" in done.stderr
