"""`python -m newsfigures reset`: one notebook back as the kit has it, the student's version saved beside it.

Every test works in a copy of the kit: made a git checkout where the kit's
copy comes from git (as committed; from the upstream branch when the
checkout tracks one, as nbgitpuller's do), left without git where it comes
from the copy `python -m newsfigures lab` keeps.
"""

import datetime
import os
import subprocess
import sys

import pytest
from git_checkout import GIT_ENV, committed, git

from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.student import originals
from newsfigures.student.reset import reset

NAME = "03-read-and-discuss.ipynb"
WHEN = datetime.datetime(2026, 12, 3, 14, 12)


def files_in(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def scribble(path, text=b"a student's answer"):
    path.write_bytes(
        path.read_bytes().replace(b'"cells": [', b'"cells": [{"cell_type": "raw", "metadata": {}, "source": "' + text + b'"},', 1)
    )
    return path.read_bytes()


@pytest.fixture
def git_kit(kit_copy):
    return committed(kit_copy)


def test_reset_puts_back_the_committed_notebook_and_saves_the_students_beside_it(git_kit):
    path = git_kit.root / "notebooks" / NAME
    kit_version = path.read_bytes()
    student_version = scribble(path)
    message = reset(f"notebooks/{NAME}", git_kit, now=WHEN)
    saved = path.with_name("03-read-and-discuss.saved-2026-12-03-1412.ipynb")
    assert path.read_bytes() == kit_version
    assert saved.read_bytes() == student_version
    assert "notebooks/03-read-and-discuss.saved-2026-12-03-1412.ipynb" in message
    assert "Reload Notebook from Disk" in message


def test_an_earlier_saved_copy_is_never_overwritten(git_kit):
    path = git_kit.root / "notebooks" / NAME
    first = scribble(path, b"first try")
    reset(NAME, git_kit, now=WHEN)
    second = scribble(path, b"second try")
    reset("03-read-and-discuss", git_kit, now=WHEN)  # the same minute
    folder = path.parent
    assert (folder / "03-read-and-discuss.saved-2026-12-03-1412.ipynb").read_bytes() == first
    assert (folder / "03-read-and-discuss.saved-2026-12-03-1412-2.ipynb").read_bytes() == second


def test_a_notebook_as_the_kit_has_it_is_left_alone(git_kit):
    before = files_in(git_kit.root / "notebooks")
    assert "nothing was changed" in reset(NAME, git_kit, now=WHEN)
    assert files_in(git_kit.root / "notebooks") == before


def test_a_deleted_notebook_comes_back(git_kit):
    path = git_kit.root / "notebooks" / NAME
    kit_version = path.read_bytes()
    path.unlink()
    assert "was missing" in reset(NAME, git_kit, now=WHEN)
    assert path.read_bytes() == kit_version


def test_an_unknown_name_is_refused_with_the_names_the_kit_has(git_kit):
    before = files_in(git_kit.root / "notebooks")
    with pytest.raises(InputError) as refused:
        reset("notebooks/03-read-and-dicsuss.ipynb", git_kit, now=WHEN)
    message = str(refused.value)
    assert "the kit has no notebook of that name" in message
    assert "did you mean notebooks/03-read-and-discuss.ipynb?" in message
    assert all(f"notebooks/{p.name}" in message for p in git_kit.notebooks)
    assert files_in(git_kit.root / "notebooks") == before


@pytest.mark.parametrize("given", ["3-read", "notebooks/03", "read-and-discuss.ipynb"])
def test_part_of_a_name_gets_the_notebook_it_belongs_to(git_kit, given):
    with pytest.raises(InputError, match="did you mean notebooks/03-read-and-discuss.ipynb?"):
        reset(given, git_kit, now=WHEN)


def test_a_saved_copy_is_not_one_of_the_kits_notebooks(git_kit):
    path = git_kit.root / "notebooks" / NAME
    scribble(path)
    reset(NAME, git_kit, now=WHEN)
    assert [p.name for p in git_kit.notebooks] == sorted(p.name for p in (git_kit.root / "notebooks").glob("0?-*[a-z].ipynb"))
    assert not any(originals.SAVED_COPY in p.name for p in git_kit.notebooks)
    with pytest.raises(InputError, match="no notebook of that name"):
        reset("03-read-and-discuss.saved-2026-12-03-1412.ipynb", git_kit, now=WHEN)


def test_in_a_checkout_pulled_by_nbgitpuller_the_upstream_version_comes_back(git_kit, tmp_path):
    """nbgitpuller commits a student's changes ("WIP") before merging: HEAD holds them, the upstream does not."""
    clone = tmp_path / "student"
    subprocess.run(["git", "clone", "-q", str(git_kit.root), str(clone)], check=True, env={**os.environ, **GIT_ENV})
    path = clone / "notebooks" / NAME
    kit_version = path.read_bytes()
    student_version = scribble(path)
    git(clone, "commit", "-q", "-am", "WIP")
    kit = Kit(clone)
    assert "origin/main" in reset(NAME, kit, now=WHEN)
    assert path.read_bytes() == kit_version
    assert path.with_name("03-read-and-discuss.saved-2026-12-03-1412.ipynb").read_bytes() == student_version


def test_outside_git_the_copy_kept_at_the_labs_first_start_comes_back(kit_copy):
    kit = Kit(kit_copy)
    assert originals.keep_originals(kit) == [p.name for p in (*kit.notebooks, *kit.modules)]
    path = kit.root / "notebooks" / NAME
    kit_version = path.read_bytes()
    student_version = scribble(path)
    assert originals.keep_originals(kit) == []  # a later start keeps the first copy
    assert ".kit/originals/" in reset(NAME, kit, now=WHEN)
    assert path.read_bytes() == kit_version
    assert path.with_name("03-read-and-discuss.saved-2026-12-03-1412.ipynb").read_bytes() == student_version


@pytest.mark.parametrize("checkout", [True, False], ids=["git", "kept copy"])
def test_the_module_that_draws_the_charts_comes_back_too(kit_copy, checkout):
    """A student who changed a chart in notebooks/casebook.py and broke it gets the kit's module back."""
    kit = committed(kit_copy) if checkout else Kit(kit_copy)
    if not checkout:
        originals.keep_originals(kit)
    path = kit.root / "notebooks" / "casebook.py"
    kit_version = path.read_bytes()
    path.write_bytes(kit_version.replace(b'"blue"', b'"not a colour"'))
    student_version = path.read_bytes()
    message = reset("notebooks/casebook.py", kit, now=WHEN)
    assert path.read_bytes() == kit_version
    assert path.with_name("casebook.saved-2026-12-03-1412.py").read_bytes() == student_version
    assert "Restart Kernel" in message
    assert [p.name for p in kit.modules] == ["casebook.py"]


def test_outside_git_and_with_no_kept_copy_the_message_says_what_to_do(kit_copy):
    kit = Kit(kit_copy)
    path = kit.root / "notebooks" / NAME
    student_version = scribble(path)
    with pytest.raises(InputError) as refused:
        reset(NAME, kit, now=WHEN)
    assert "keeps no copy of its notebooks" in str(refused.value)
    assert "python -m newsfigures lab" in str(refused.value)
    assert path.read_bytes() == student_version


@pytest.mark.slow
def test_the_command_resets_and_refuses_in_plain_words(git_kit):
    path = git_kit.root / "notebooks" / NAME
    kit_version = path.read_bytes()
    scribble(path)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "newsfigures", *args], cwd=git_kit.root, capture_output=True, text=True)

    done = run("reset", f"notebooks/{NAME}")
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == kit_version
    assert len(list(path.parent.glob("03-read-and-discuss.saved-*.ipynb"))) == 1
    refused = run("reset", "notebooks/99-nothing.ipynb")
    assert refused.returncode == 1
    assert "notebooks/99-nothing.ipynb: the kit has no notebook of that name" in refused.stderr
    assert "Traceback" not in refused.stderr
