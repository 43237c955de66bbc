"""The repository the tests check, and its notebooks: one definition for every test file."""

from pathlib import Path

from newsfigures.kit import Kit

REPO = Path(__file__).resolve().parent.parent
REPO_KIT = Kit(REPO)
NOTEBOOKS = REPO_KIT.notebooks  # paths, in the order a student takes them
