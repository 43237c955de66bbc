"""The kit in a real browser: every notebook opened in JupyterLab and run there.

One JupyterLab server, started the way the README starts it
(`python -m newsfigures lab`), serves a temporary copy of the kit on a free
loopback port with a random token; Debian's Chromium, driven by Playwright,
opens each notebook, clears its stored outputs, runs all cells from the Run
menu and waits for the kernel to go idle. Then: no error output, every cell
ran, every chart drawn again as an image with its description as alt text, and
the start page's links open the notebooks they name. A screenshot per notebook
goes to build/screenshots/ of the working copy.

Without Playwright or Chromium the test is skipped, with the reason; with
KIT_REQUIRE_BROWSER=1 (set by .ci/run) it fails instead.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser_support import open_notebook, running_lab
from repo import NOTEBOOKS, REPO

NAMES = [p.name for p in NOTEBOOKS]
START_PAGE = "00-start-here.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
RUN_ALL_TIMEOUT_MS = 300_000
VIEWPORT = {"width": 1280, "height": 1100}
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory, make_kit_copy):
    with running_lab(make_kit_copy, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture
def page(browser, lab):
    page = browser.new_page(viewport=VIEWPORT)
    yield page
    page.close()
    lab.shut_down_kernels()


def menu(page, *path):
    for item in path:
        page.get_by_role("menuitem", name=item, exact=True).click()


def prompts(page):
    return page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()


def run_all_cells(page):
    """Clear the stored outputs, so that whatever is checked afterwards was drawn here, then run all."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    assert page.locator(".jp-OutputArea-output").count() == 0
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
            return !prompts.some(p => p.includes('*')) && prompts.some(p => /\\[\\d+\\]/.test(p))
                && document.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status === 'idle';
        }""",
        timeout=RUN_ALL_TIMEOUT_MS,
    )


def rendered_images(page):
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img",
        "imgs => imgs.map(img => ({alt: img.getAttribute('alt') || '', width: img.naturalWidth}))",
    )


def screenshot(page, name):
    """Show the first chart if there is one, otherwise the last cell that ran."""
    target = page.locator(".jp-OutputArea-output img").first
    if not target.count():
        target = page.locator(".jp-CodeCell").last
    if target.count():
        target.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{Path(name).stem}.png")


def stored_chart_alts(nb):
    return [
        o.get("metadata", {}).get("image/png", {}).get("alt")
        for c in nb.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_cleanly_in_jupyterlab(lab, page, name):
    stored = nbformat.read(lab.root / "notebooks" / name, as_version=4)
    open_notebook(page, lab, name)
    try:
        run_all_cells(page)
    finally:
        screenshot(page, name)

    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    assert errors == [], f"{name} wrote errors or warnings in JupyterLab"
    menu(page, "View", "Expand All Code")  # a collapsed cell shows no prompt; its count is what proves it ran
    not_run = [p for p in prompts(page) if not any(ch.isdigit() for ch in p)]
    assert not_run == [], f"{name}: {len(not_run)} code cell(s) did not run"

    # Run All shows no answer: every worked solution stays in its closed box, and no exercise says "Right".
    solutions = page.locator(".jp-MarkdownOutput details", has=page.locator("summary", has_text="Worked solution"))
    assert solutions.count() == sum("solution" in c.metadata.get("tags", []) for c in stored.cells)
    assert all(not box.evaluate("d => d.open") for box in solutions.all())
    assert not [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if t.startswith("Right:")]

    images = rendered_images(page)
    expected = stored_chart_alts(stored)
    assert len(images) >= len(expected)
    assert all(img["alt"].strip() and img["width"] > 0 for img in images), images
    assert set(expected) <= {img["alt"] for img in images}


def test_start_page_links_open_the_notebooks_they_name(lab, page):
    assert (lab.root / "notebooks" / START_PAGE).is_file(), f"notebooks/{START_PAGE} is missing"
    open_notebook(page, lab, START_PAGE)
    links = page.locator(".jp-RenderedMarkdown a[href]")
    targets = {}
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        path = unquote(urlsplit(href).path)
        if path.endswith(".ipynb") and "/files/" in path:
            targets.setdefault(path.split("/files/", 1)[1], href)
    others = set(NAMES) - {START_PAGE}
    assert others <= {Path(t).name for t in targets}, f"{START_PAGE} does not link to every notebook"
    for target, href in sorted(targets.items()):
        assert (lab.root / target).is_file(), f"{START_PAGE} links to {target}, which does not exist"
        tab(page, START_PAGE).click()
        page.locator(f'.jp-RenderedMarkdown a[href="{href}"]').first.click()
        opened = tab(page, Path(target).name)
        opened.wait_for(timeout=30_000)
        assert "jp-mod-current" in opened.get_attribute("class"), f"clicking the link to {target} did not open it"


def tab(page, name):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab").filter(has=page.locator(".lm-TabBar-tabLabel", has_text=name))
