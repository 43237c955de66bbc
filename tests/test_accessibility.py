"""Accessible by test: axe-core on every page the kit writes and on every notebook in JupyterLab.

- Every HTML page `python -m newsfigures build` writes (build/**/*.html: the
  handouts, and every other set of pages the build adds), and a hand-in page
  from `python -m newsfigures export`, is opened in Debian's Chromium and
  checked with axe-core (the `axe-playwright-python` package): no violation of
  impact serious or critical.
- Each notebook is opened in JupyterLab (`python -m newsfigures lab`) with its
  stored outputs: the kit's own content (rendered Markdown cells and outputs)
  has no serious or critical violation. What axe finds in JupyterLab's own
  interface is written to build/accessibility/jupyterlab.txt and printed, not
  failed on: the kit does not make that interface.
- Keyboard: every closed <details> box, in a page and in the lab, opens when
  its summary has the focus and Enter is pressed.
- Charts: the chart style's text colours have a contrast of at least 4.5:1
  against the chart background, text put on a fill by `text_on` too, and the
  style's series differ by marker and hatch as well as by colour. The charts
  the notebooks draw are read back too: the entries of each legend differ by
  hatch, marker, line or fill, not by colour alone (charts that still key by
  colour alone are marked as expected failures, strictly, so fixing one shows;
  a chart without a legend names its marks in place).

Without Playwright, Chromium or axe-playwright-python the browser tests are
skipped with the reason; with KIT_REQUIRE_BROWSER=1 (set by .ci/run) they fail.
"""

import itertools
import json
import os
import subprocess
import sys

import nbformat
import pytest
from browser_support import open_notebook, running_lab
from git_checkout import committed
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell
from optional_parts import skip_or_fail
from repo import NOTEBOOKS, REPO

from newsfigures.charts import style

SERIOUS = {"serious", "critical"}
KIT_CONTENT = [".jp-MarkdownCell .jp-RenderedMarkdown", ".jp-OutputArea-output"]
REPORT = REPO / "build" / "accessibility"
CLOSED_BOXES = "details:not([open]) > summary"


@pytest.fixture(scope="module")
def axe(browser):
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing = "axe-playwright-python is not installed (pip install axe-playwright-python==0.1.8)"
        skip_or_fail(missing, "KIT_REQUIRE_BROWSER", "the accessibility test")
    return Axe()


@pytest.fixture(scope="module")
def context(browser):
    # The pages' own Content-Security-Policy allows no script: axe is injected past it.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1100})
    yield context
    context.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_kit_copy):
    """A copy of the kit, built, with a student's answer exported to a hand-in page."""
    root = make_kit_copy(tmp_path_factory.mktemp("a11y") / "kit")
    done = subprocess.run([sys.executable, "-m", "newsfigures", "build"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    committed(root)
    path = root / "notebooks" / "03-read-and-discuss.ipynb"
    path.write_text(path.read_text().replace("*Our claim (A, B, C or D) and position:* ...", "*Our claim:* A, agreed.", 1))
    done = subprocess.run([sys.executable, "-m", "newsfigures", "export"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root


def pages(root):
    return sorted((root / "build").glob("**/*.html"))


def serious(results):
    return [v for v in results.response["violations"] if v["impact"] in SERIOUS]


def described(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {n['target']}: {n['html'][:160]}" for n in v["nodes"][:5])
        for v in violations
    )


def open_every_closed_box(page, within=""):
    """Focus each closed box's summary and press Enter; returns (boxes, summaries of boxes that stayed closed)."""
    summaries = page.query_selector_all(f"{within} {CLOSED_BOXES}".strip())
    stayed_closed = []
    for summary in summaries:
        summary.focus()
        summary.press("Enter")
        # Still in the page (JupyterLab did not take Enter to edit the cell instead) and open.
        if summary.evaluate("s => !(s.isConnected && s.parentElement.open)"):
            stayed_closed.append(summary.text_content()[:80])
    return len(summaries), stayed_closed


@pytest.mark.browser
@pytest.mark.slow
def test_the_build_writes_pages_to_check(built):
    names = {p.relative_to(built / "build").as_posix() for p in pages(built)}
    assert {f"handouts/{p.stem}.html" for p in NOTEBOOKS} <= names
    assert any(n.startswith("hand-in/") for n in names)


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_has_no_serious_violation(built, axe, context):
    found = {}
    page = context.new_page()
    for path in pages(built):
        page.goto(path.as_uri())
        violations = serious(axe.run(page))
        if violations:
            found[path.relative_to(built).as_posix()] = described(violations)
    page.close()
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())


@pytest.mark.browser
@pytest.mark.slow
def test_every_closed_box_on_a_page_opens_with_the_keyboard(built, context):
    page, total, stuck = context.new_page(), 0, {}
    for path in pages(built):
        page.goto(path.as_uri())
        count, stayed_closed = open_every_closed_box(page)
        total += count
        if stayed_closed:
            stuck[path.name] = stayed_closed
    page.close()
    assert total > 0, "no closed box on any page: nothing was checked"
    assert not stuck


@pytest.mark.browser
@pytest.mark.slow
def test_every_closed_box_on_a_page_holds_what_its_summary_announces(built, context):
    """A box that opens onto nothing has let its passage out below it, in full view."""
    page, empty = context.new_page(), {}
    for path in pages(built):
        page.goto(path.as_uri())
        found = page.eval_on_selector_all(
            "details",
            "boxes => boxes.filter(d => !d.textContent.replace(d.querySelector('summary')?.textContent || '', '').trim())"
            ".map(d => d.querySelector('summary')?.textContent)",
        )
        if found:
            empty[path.name] = found
    page.close()
    assert not empty


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory, make_kit_copy):
    with running_lab(make_kit_copy, tmp_path_factory.mktemp("a11y-lab")) as server:
        yield server


@pytest.fixture(scope="module")
def lab_results(lab, axe, context):
    """Per notebook: (violations in the kit's content, violations in JupyterLab's interface, (boxes, stuck))."""
    results = {}
    page = context.new_page()
    for path in NOTEBOOKS:
        open_notebook(page, lab, path.name)
        checked = axe.run(page, context={"include": [[s] for s in KIT_CONTENT]})
        assert checked.response["passes"], f"{path.name}: axe found none of the kit's content to check"
        content = serious(checked)
        everything = serious(axe.run(page))
        content_ids = {(v["id"], n["html"]) for v in content for n in v["nodes"]}
        chrome = [
            dict(v, nodes=[n for n in v["nodes"] if (v["id"], n["html"]) not in content_ids])
            for v in everything
            if any((v["id"], n["html"]) not in content_ids for n in v["nodes"])
        ]
        results[path.name] = (content, chrome, open_every_closed_box(page, ".jp-NotebookPanel"))
        lab.shut_down_kernels()
    page.close()
    REPORT.mkdir(parents=True, exist_ok=True)
    report = "\n\n".join(f"{name}:\n{described(chrome) or 'none'}" for name, (_, chrome, _) in results.items())
    (REPORT / "jupyterlab.txt").write_text(
        "Serious or critical axe-core findings in JupyterLab's own interface (not the kit's content):\n\n" + report + "\n"
    )
    print(report)
    return results


@pytest.mark.browser
@pytest.mark.slow
def test_each_notebook_in_jupyterlab_has_no_serious_violation_in_the_kits_content(lab_results):
    found = {name: described(content) for name, (content, _, _) in lab_results.items() if content}
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())


@pytest.mark.browser
@pytest.mark.slow
def test_every_closed_box_in_jupyterlab_opens_with_the_keyboard(lab_results):
    assert sum(count for _, _, (count, _) in lab_results.values()) > 0
    assert {name: stuck for name, (_, _, (_, stuck)) in lab_results.items() if stuck} == {}


# --- charts: contrast and more than colour -----------------------------------------------------


def test_the_chart_text_colours_read_at_4_5_to_1():
    for name, colour in style.TEXT_COLOURS.items():
        assert style.contrast(colour, style.BACKGROUND) >= 4.5, name


def test_text_on_a_fill_reads_at_4_5_to_1():
    for name, fill in style.OKABE_ITO.items():
        assert style.contrast(style.text_on(fill), fill) >= 4.5, name


def test_contrast_is_measured_as_wcag_says():
    assert style.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert style.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the grey that just fails


@pytest.mark.parametrize("first, second", list(itertools.combinations(range(len(style.SERIES)), 2)))
def test_the_styles_series_differ_by_more_than_colour(first, second):
    a, b = style.series(first), style.series(second)
    assert a["color"] != b["color"]
    for key in ("marker", "hatch"):
        assert a[key] != b[key], (first, second, key)


def test_series_follow_the_colour_cycle():
    cycle = [entry["color"] for entry in style.STYLE["axes.prop_cycle"]]
    assert [style.series(i)["color"] for i in range(len(style.SERIES))] == cycle[: len(style.SERIES)]
    assert json.dumps(style.series(len(style.SERIES))) == json.dumps(style.series(0))  # wraps round


# Each chart a notebook shows, read back in its kernel: for each legend entry, what tells it apart.
RECORD_LEGENDS = """
import json as _json
import newsfigures.charts as _charts
from matplotlib.colors import to_hex as _hex
_legends = {}
def _key(handle):
    def get(name):
        try:
            value = getattr(handle, "get_" + name)()
        except AttributeError:
            return ""
        return "" if value in (None, "None", "none", " ", "") else str(value)
    try:
        hollow = _hex(handle.get_markerfacecolor()) in ("#ffffff", "#000000") or handle.get_fillstyle() == "none"
    except (AttributeError, ValueError):
        hollow = _hex(handle.get_facecolor()) == "#ffffff" if hasattr(handle, "get_facecolor") else False
    return [get("hatch"), get("marker"), get("linestyle"), hollow]
def _recording_show(fig, name, alt, write=True, _show=_charts.show, **options):
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    _legends[name] = [[t.get_text(), _key(h)] for lg in legends for t, h in zip(lg.get_texts(), lg.legend_handles)]
    return _show(fig, name, alt, write=False)
_charts.show = _recording_show
"""
CHART_NOTEBOOKS = ["02-chart-the-figures.ipynb", "03-read-and-discuss.ipynb", "04-check-the-numbers.ipynb"]
# A chart's "-untitled" copy (for notice and wonder) is the same chart and legend without its title.
CHARTS = sorted(p.stem for p in (REPO / "figures").glob("*.png") if not p.stem.endswith("-untitled"))


@pytest.fixture(scope="module")
def legends(tmp_path_factory, make_kit_copy):
    root = make_kit_copy(tmp_path_factory.mktemp("legends") / "kit")
    found = {}
    for name in CHART_NOTEBOOKS:
        nb = nbformat.read(root / "notebooks" / name, as_version=4)
        nb.cells.insert(0, new_code_cell(RECORD_LEGENDS))
        nb.cells.append(new_code_cell("print(_json.dumps(_legends))"))
        env = {k: v for k, v in os.environ.items() if k != "KIT_ROOT"}
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(root / "notebooks")}}).execute(
            env=env
        )
        found.update(json.loads("".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")))
    return found


@pytest.mark.slow
def test_the_notebooks_show_every_chart_in_figures(legends):
    assert set(CHARTS) <= set(legends)


@pytest.mark.slow
@pytest.mark.parametrize("name", CHARTS)
def test_a_charts_legend_tells_its_entries_apart_by_more_than_colour(legends, name):
    entries = legends[name]
    same = [(a[0], b[0]) for a, b in itertools.combinations(entries, 2) if a[1] == b[1]]
    assert not same, f"{name}: legend entries told apart by colour alone: {same}"
