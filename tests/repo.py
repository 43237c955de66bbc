"""The repository the tests check, its notebooks and their case module: one definition for every test file."""

import importlib.util
from pathlib import Path

from newsfigures.kit import Kit

REPO = Path(__file__).resolve().parent.parent
REPO_KIT = Kit(REPO)
NOTEBOOKS = REPO_KIT.notebooks  # paths, in the order a student takes them
CASEBOOK = REPO / "notebooks" / "casebook.py"  # the case module the notebooks import


def load_casebook(path=CASEBOOK):
    """The case module, imported from its file as the notebooks import it (from their folder)."""
    spec = importlib.util.spec_from_file_location("casebook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
