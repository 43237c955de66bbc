"""`python -m newsfigures build --publish-branch student`: the student edition as a git branch.

Published from a git repository made of a copy of the kit: the branch holds the
whole kit, its notebooks without a cell tagged model-answer, teacher-note or
solution, and no file holding a line of them or of the marking rubric (read back
file by file from the branch git made); publishing again adds a commit on top (history is never rewritten),
and the teacher's working tree, index and branch are left as they were.
"""

import json
import subprocess
import sys

import nbformat
import pytest
from repo import NOTEBOOKS

from newsfigures.pages.editions import TEACHER_ONLY, teacher_only_cells

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


def branch_texts(root, ref):
    """{path: the text a reader meets} for every file of `ref`: a notebook's cell sources, a text file's text."""
    texts = {}
    for path in git(root, "ls-tree", "-r", "--name-only", ref).splitlines():
        data = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=root, capture_output=True, check=True).stdout
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if path.endswith(".ipynb"):
            text = "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
        texts[path] = text
    return texts


def teacher_sentences(root):
    """Every line of 40 characters or more of a model answer, teacher note or solution, and of the rubric
    (but a box's first line, which only names it: <details><summary>Model answer</summary>, and a line
    the student's own cells show too, such as an exercise's line repeated in its worked solution)."""
    notebooks = [nbformat.read(root / "notebooks" / path.name, 4) for path in NOTEBOOKS]
    teacher = [cell for nb in notebooks for cell in teacher_only_cells(nb)]
    sources = [cell.source for cell in teacher] + [(root / "notebooks" / "rubric.md").read_text(encoding="utf-8")]
    students = [cell.source for nb in notebooks for cell in nb.cells if cell not in teacher]

    def lines(texts):
        return {line.strip().lstrip(">-*|#0123456789. ").strip() for text in texts for line in text.splitlines()}

    return {line for line in lines(sources) - lines(students) if len(line) >= 40 and "<summary>" not in line}


def teacher_text_in(texts, sentences):
    return sorted({path for path, text in texts.items() for line in sentences if line in text})


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
    assert outside == "notebooks/rubric.md", "everything but the notebooks and the rubric is the kit as committed"
    casebook = (repo / "notebooks" / "casebook.py").read_text(encoding="utf-8")
    assert git(repo, "show", "student:notebooks/casebook.py") == casebook.strip()
    assert git(repo, "status", "--porcelain") == "" and git(repo, "branch", "--show-current") == "main"


def test_no_file_of_the_branch_holds_a_rubric_model_answer_teacher_note_or_solution(repo):
    sentences = teacher_sentences(repo)
    assert len(sentences) > 100
    assert teacher_text_in(branch_texts(repo, "HEAD"), sentences), "the kit as committed holds teacher text"
    assert publish(repo).returncode == 0
    texts = branch_texts(repo, "student")
    assert "notebooks/rubric.md" not in texts and "README.md" in texts and len(texts) > 50
    assert teacher_text_in(texts, sentences) == []


def test_a_planted_teacher_file_stops_the_publication_naming_it(repo):
    nb = nbformat.read(repo / "notebooks" / "03-read-and-discuss.ipynb", 4)
    (repo / "guide" / "answers.md").write_text(teacher_only_cells(nb)[2].source, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Teacher", "-c", "user.email=t@example.org", "commit", "-qm", "answers")
    assert teacher_text_in(branch_texts(repo, "HEAD"), teacher_sentences(repo)) != []
    done = publish(repo)
    assert done.returncode == 1 and "guide/answers.md" in done.stderr and "teacher-only text" in done.stderr
    assert "notebooks/03-read-and-discuss.ipynb (a cell tagged model-answer)" in done.stderr
    assert git(repo, "branch", "--list", "student") == ""


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
