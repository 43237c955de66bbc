"""Fixtures shared by the tests.

`kit_copy` gives a test its own copy of the kit in a temporary folder, so that
it can change inputs, run the kit's commands and look at what they wrote
without touching the repository. `make_kit_copy` makes such a copy anywhere,
for fixtures that share one copy between several tests.
"""
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Not part of the kit: version control, build output, caches, leftovers of an interrupted run.
NOT_COPIED = shutil.ignore_patterns(".git", ".ci", "build", "__pycache__", ".pytest_cache", ".hypothesis",
                                    ".ipynb_checkpoints", "*.egg-info", ".*.tmp")


def copy_kit(target):
    """Copy the repository to `target` (a folder that does not exist yet); returns its root."""
    shutil.copytree(REPO, target, ignore=NOT_COPIED)
    return Path(target)


@pytest.fixture(scope="session")
def make_kit_copy():
    return copy_kit


@pytest.fixture
def kit_copy(tmp_path):
    """A fresh copy of the kit; returns its root."""
    return copy_kit(tmp_path / "kit")
