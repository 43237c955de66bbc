"""Fixtures shared by the tests, and the network guard every test runs under.

`kit_copy` gives a test its own copy of the kit in a temporary folder, so that
it can change inputs, run the kit's commands and look at what they wrote
without touching the repository. `make_kit_copy` makes such a copy anywhere,
for fixtures that share one copy between several tests.

Every process the tests start (nbval's kernels included) inherits the network
guard of tests/netguard/: it refuses any connection or name look-up beyond
this machine, so a notebook that reached for the internet would fail its nbval
test with the guard's error. tests/test_offline.py shows the guard is in place
and adds a network namespace for the kit's commands.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from browser_support import browser  # noqa: F401 (a fixture: Chromium through Playwright)
from network_block import guard_environment
from repo import REPO

from newsfigures.lighter_imports import without_iri_grammar

without_iri_grammar()
sys.path.insert(0, str(REPO / "tools"))  # the maintainer tools some tests drive (page_counts, class_load)

# Not part of the kit: version control, build output, caches, leftovers of an interrupted run.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".ci", "build", "__pycache__", ".pytest_cache", ".hypothesis", ".ipynb_checkpoints", "*.egg-info", ".*.tmp"
)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Two workers, one file each, by default (the machines this runs on have two cores); `-n N` chooses
    otherwise, and `-p no:xdist` runs everything in this one process."""
    worker = hasattr(config, "workerinput") or "PYTEST_XDIST_WORKER" in os.environ
    if config.pluginmanager.hasplugin("xdist") and not worker and config.option.numprocesses is None:
        config.option.numprocesses, config.option.dist = 2, "loadfile"


def pytest_configure(config):
    log = Path(tempfile.gettempdir()) / f"kit-netguard-{os.getpid()}.log"
    os.environ.update(guard_environment(log))


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
