"""Printed page counts: every handout, worksheet, class pack and answer-key page, printed to A4 by Chromium.

    python tools/page_counts.py                 build a copy of the kit, print the table
    python tools/page_counts.py --write-guide   the same, and put the table in guide/teaching.md

The kit is built in a temporary copy as `python -m newsfigures build` builds it (content-noted
passages printed as their note), so the working copy's build/ is never touched.
tests/test_page_counts.py fails when the guide's table and the measured counts disagree.
"""

import argparse
import io
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the tests' own helpers
from browser_support import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from conftest import copy_kit  # noqa: E402
from repo import REPO  # noqa: E402

FOLDERS = ("handouts", "worksheets", "class-packs", "answer-key")
GUIDE = REPO / "guide" / "teaching.md"
START = "<!-- page counts: written by `python tools/page_counts.py --write-guide` -->"
END = "<!-- end of page counts -->"
ROW = re.compile(r"^\| `([\w./-]+)` \| (\d+) \|$", re.M)
PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def page_count(pdf):
    """Pages in a PDF as Chromium writes it: one /Type /Page object each."""
    return len(PAGE.findall(pdf))


def printed_pages(pdf):
    """The text of each page of a PDF, as pypdf reads it, in reading form (ligatures undone, spaces collapsed)."""
    from pypdf import PdfReader

    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def built_copy(folder):
    """A copy of the kit in `folder`, built; returns its root."""
    root = copy_kit(Path(folder) / "kit")
    done = subprocess.run([sys.executable, "-m", "newsfigures", "build"], cwd=root, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return root


def measure(build, browser):
    """{page as 'folder/name.html': printed A4 pages} for every page in the three printed folders."""
    page = browser.new_page()
    counts = {}
    for folder in FOLDERS:
        for path in sorted((build / folder).glob("*.html")):
            page.goto(path.as_uri())
            counts[f"{folder}/{path.name}"] = page_count(page.pdf(format="A4"))
    page.close()
    return counts


def table(counts):
    rows = "\n".join(f"| `{name}` | {pages} |" for name, pages in counts.items())
    return f"| page | printed pages (A4) |\n| --- | --- |\n{rows}"


def guide_counts(text):
    """The counts the guide's table states, in its order."""
    if START not in text or END not in text:
        return {}
    return {name: int(pages) for name, pages in ROW.findall(text.split(START, 1)[1].split(END, 1)[0])}


def write_guide(counts):
    text = GUIDE.read_text(encoding="utf-8")
    if START not in text:
        raise SystemExit(f"guide/teaching.md has no line {START!r} to put the table after")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    GUIDE.write_text(f"{before}{START}\n{table(counts)}\n{END}{after}", encoding="utf-8")


def missing_parts():
    """What this machine lacks to print pages ('' when nothing): Playwright, and Chromium where the kit looks for it."""
    import importlib.util

    missing = [] if importlib.util.find_spec("playwright") else ["Playwright (a Python package)"]
    missing += [] if CHROMIUM.is_file() else [f"Chromium at {CHROMIUM}"]
    return " and ".join(missing)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-guide", action="store_true", help="put the table in guide/teaching.md")
    args = parser.parse_args()
    missing = missing_parts()
    if missing:
        raise SystemExit(
            f"Skipped: counting printed pages needs {missing}. Install them with "
            "`python -m pip install -e .[browser]` (Playwright, pinned) and `apt-get install chromium` "
            "(Debian's Chromium; never `playwright install`), then run this again. guide/teaching.md was not changed."
        )
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        root = built_copy(folder)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        counts = measure(root / "build", browser)
        browser.close()
    print(table(counts))
    if args.write_guide:
        write_guide(counts)
        print("guide/teaching.md: table written.")


if __name__ == "__main__":
    main()
