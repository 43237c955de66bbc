"""A hostile article goes through the whole kit and nothing in it runs.

tests/fixtures/hostile/ holds an invented web page written as an attacker
would: script tags, event-handler attributes, javascript: links, entities,
Markdown links, images and autolinks, bare URLs, emphasis, strike-through and
maths, invisible characters, a right-to-left override and foreign digits
inside numbers, lookalike letters, lines that start like spreadsheet
formulas, and a line of more than 50 kB; with sources, figures and voices rows
as hostile as the columns allow. In a copy of the kit it is added, `prepare`
runs, notebooks 02 and 03 are executed and trusted, and `build` writes the
handouts, worksheets and answer key. Then:

- no stored output, once its Markdown is rendered, holds executable HTML or
  an address outside the kit;
- every passage of the article the notebooks show is the seed's text, verbatim;
- JupyterLab in Chromium opens both notebooks trusted (the worst case: a
  teacher who ran and saved them) and the handouts, worksheets and answer-key pages: no dialog opens, no
  request leaves loopback, and the hostile passages read as typed;
- numbers that look like one thing and read as another are refused.
"""

import csv
import hashlib
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from browser_support import Lab, open_notebook
from html_scan import outside_addresses
from nbclient import NotebookClient
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from test_safe_to_open import executable_html

from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.tables import rows
from newsfigures.text.seeds import collapse_space

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
ARTICLE = FIXTURE / "hostile-article.txt"
SOURCE_ID = "hostile-article"
EXECUTED = ("02-chart-the-figures.ipynb", "03-read-and-discuss.ipynb")
# Passages that must read exactly as typed wherever they are shown.
AS_TYPED = [
    "Portview<script>alert('p1')</script> last year.",
    "Officials said <img src=x onerror=alert('p2')> that about 300 of the refugees were children",
    "is kept &amp; checked &lt;b&gt;weekly&lt;/b&gt;.",
    "*every* refugee was __registered__, ~~none~~ was turned away, the cost was $40 per person and $x^2$ in all",
    '<img src="https://tracker.example/pixel.png" alt="">',
]
# The outlet as the sources row gives it: shown in chart descriptions, on screen and in the handouts.
OUTLET = "Portview <i>Example</i> News <script>alert('outlet')</script> (invented for the kit's tests)"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
PRINTED = ("handouts", "worksheets", "class-packs", "answer-key")  # the folders of build/ that hold printable pages
pytestmark = pytest.mark.slow


def add_fixture_rows(kit):
    """Append the fixture's rows to the kit's inputs; the sources row gets the seed's checksum."""
    sha = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    for name, target in [
        ("sources.csv", "seeds/sources.csv"),
        ("figures.csv", "data/input/figures.csv"),
        ("voices.csv", "data/input/voices.csv"),
    ]:
        with open(FIXTURE / name, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        path = kit / target
        with open(path, newline="", encoding="utf-8") as f:
            columns = next(csv.reader(f))
        with open(path, "a", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, columns, lineterminator="\n")
            for row in rows:
                writer.writerow(row | ({"sha256": sha} if "sha256" in columns else {}))


def kit_command(kit, *args):
    done = subprocess.run(
        [sys.executable, "-m", "newsfigures", *args],
        cwd=kit,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )
    assert done.returncode == 0, f"newsfigures {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def hostile_kit(make_kit_copy, tmp_path_factory):
    kit = make_kit_copy(tmp_path_factory.mktemp("hostile") / "kit")
    (kit / "seeds" / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    add_fixture_rows(kit)
    kit_command(kit, "prepare")
    for name in EXECUTED:
        path = kit / "notebooks" / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(nb, path)
    kit_command(kit, "build", "--force")
    return kit


def seed_body():
    return collapse_space(ARTICLE.read_text(encoding="utf-8"))


def rendered(output):
    """What JupyterLab would render for an output, as HTML: Markdown rendered, HTML as it is."""
    data = output.get("data", {})
    if "text/markdown" in data:
        yield markdown2html_mistune(data["text/markdown"])
    if "text/html" in data:
        yield data["text/html"]


def test_outside_addresses_are_read_from_tags_not_from_text():
    page = '<p>&lt;img src="https://tracker.example/t.png"&gt;</p><img src="https://tracker.example/u.png"><a href="a.html">x</a>'
    assert outside_addresses(page) == ["https://tracker.example/u.png"]


def test_prepare_keeps_the_article_text_as_data(hostile_kit):
    from newsfigures.tables.load import tidy

    paragraphs = tidy("paragraphs", Kit(hostile_kit))
    ours = paragraphs[paragraphs.source_id == SOURCE_ID]
    assert any(t.startswith("=HYPERLINK(") for t in ours.text)  # the formula mark is gone on reading
    assert max(map(len, ours.text)) > 50_000
    assert all(collapse_space(t) in seed_body() for t in ours.text)


def test_no_stored_output_is_executable_or_loads_from_outside(hostile_kit):
    problems = []
    for name in EXECUTED:
        nb = nbformat.read(hostile_kit / "notebooks" / name, as_version=4)
        for number, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                for page_html in rendered(output):
                    problems += [(name, number, what) for what in executable_html(page_html)]
                    problems += [(name, number, a) for a in outside_addresses(page_html)]
    assert problems == []


def test_the_article_reaches_the_notebooks_and_reads_verbatim(hostile_kit):
    nb = nbformat.read(hostile_kit / "notebooks" / "03-read-and-discuss.ipynb", as_version=4)
    shown = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("excerpt", {}).get("source_id") == SOURCE_ID
    ]
    assert len(shown) >= 8  # the sentences that use "refugee"
    body = seed_body()
    for output in shown:
        plain = output["data"]["text/plain"]
        assert collapse_space(plain) in body
        visible = html.unescape(re.sub(r"<[^>]+>", "", markdown2html_mistune(output["data"]["text/markdown"])))
        assert collapse_space(plain) in collapse_space(visible), plain[:120]
    everything = " ".join(collapse_space(html.unescape(re.sub(r"<[^>]+>", "", h))) for o in shown for h in rendered(o))
    for passage in AS_TYPED:
        assert passage in everything, passage


def test_printed_pages_carry_no_script_and_load_nothing_from_outside(hostile_kit):
    """Handouts, worksheets, class packs and answer-key pages alike."""
    pages = sorted(p for folder in PRINTED for p in (hostile_kit / "build" / folder).glob("*.html"))
    for folder in PRINTED:
        assert any(p.parent.name == folder for p in pages), folder
    for path in pages:
        page_html = path.read_text(encoding="utf-8")
        assert "<script" not in page_html.lower(), path.name
        assert executable_html(page_html) == [], path.name
        assert outside_addresses(page_html) == [], path.name
    for folder in ("handouts", "answer-key"):
        charts = (hostile_kit / "build" / folder / "02-chart-the-figures.html").read_text(encoding="utf-8")
        body = re.sub(r"(?s)<head>.*</head>", "", charts)
        assert OUTLET in collapse_space(html.unescape(re.sub(r"<[^>]+>", "", body))), folder


@pytest.mark.parametrize(
    "number_text, why",
    [
        ("12\u200b000", "zero-width space"),
        ("12\u00a0000", "non-breaking or thin space"),
        ("\uff11\uff12", "fullwidth digit one"),
        ("\u202e0021\u202c", "right-to-left or left-to-right control"),
    ],
)
def test_a_number_that_reads_as_another_is_refused(number_text, why):
    body = ARTICLE.read_text(encoding="utf-8")
    sentence = next(line for line in body.splitlines() if number_text in line)
    row = dict(
        figure_id="lookalike",
        source_id=SOURCE_ID,
        quote=sentence,
        number_text=number_text,
        line=7,
        measure="m",
        unit="u",
        place="p",
        period="p",
        stated_by="s",
        basis="claim",
        note="",
    )
    with pytest.raises(InputError) as refused:
        rows.figure_rows([row], {})  # refused before the quote is looked for in its seed
    message = str(refused.value)
    assert "data/input/figures.csv" in message and "line 7" in message and why in message
    assert "0-9" in message


def test_annotate_offers_no_row_for_a_number_that_may_read_as_another(hostile_kit):
    sheet = kit_command(hostile_kit, "annotate", f"seeds/{ARTICLE.name}")
    refused = [line for line in sheet.splitlines() if "not offered" in line]
    assert any("zero-width space" in line for line in refused)
    assert any("U+00A0" in line for line in refused)
    assert any("'0021'" in line and "U+202E" in line for line in refused)
    offered = [line for line in sheet.splitlines() if line.startswith("hostile-article-")]
    assert offered and not any("\u200b" in row or "\u202e" in row or "\uff11" in row for row in offered)
    # A sentence that starts like a formula ("+1 refugee family ...", "-2 degrees ...") is not offered as a quote
    # (prepare would refuse it); the sheet says how to annotate it instead.
    quotes = [next(csv.reader([row]))[2] for row in offered]
    assert quotes and not [q for q in quotes if q.startswith(("=", "+", "-", "@"))]
    assert any("starts with '+'" in line and "the sentence before it" in line for line in refused)


# --- in a real browser ----------------------------------------------------------------------------


def trust(kit, lab_data_dir, names):
    """Sign the notebooks as JupyterLab does after Run All and Save: their outputs are then trusted."""
    for name in names:
        subprocess.run(
            [sys.executable, "-m", "jupyter", "trust", str(kit / "notebooks" / name)],
            check=True,
            capture_output=True,
            env=dict(os.environ, JUPYTER_DATA_DIR=str(lab_data_dir)),
        )


def watch(page):
    """Record every dialog the page opens and every request that leaves loopback."""
    events = {"dialogs": [], "outside": []}

    def on_dialog(dialog):
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about", "file") and parts.hostname not in LOOPBACK:
            events["outside"].append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    return events


@pytest.mark.browser
def test_jupyterlab_and_the_handouts_show_the_article_and_run_none_of_it(hostile_kit, browser, tmp_path):
    lab = Lab(hostile_kit, tmp_path)
    try:
        trust(hostile_kit, tmp_path / "data", EXECUTED)
        lab.wait_until_up()
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        events = watch(page)
        for name in EXECUTED:
            open_notebook(page, lab, name)
            page.wait_for_timeout(1500)  # give any planted handler time to fire
            outputs = page.locator(".jp-NotebookPanel:visible .jp-OutputArea").all_inner_texts()
            text = collapse_space(" ".join(outputs))
            assert OUTLET in text, f"{name}: the article's outlet is not shown as typed"
            typeset = page.locator(".jp-NotebookPanel:visible .jp-OutputArea mjx-container").count()
            assert typeset == 0, f"{name}: article text was typeset as maths"
            if name.startswith("03"):
                for passage in AS_TYPED:
                    assert passage in text, f"{name}: not shown as typed: {passage}"
        for folder in PRINTED:
            for printed in sorted((hostile_kit / "build" / folder).glob("*.html")):
                page.goto(printed.as_uri())
                page.wait_for_timeout(300)
        page.close()
        assert events["dialogs"] == [], "a planted script ran"
        assert events["outside"] == [], "a request left loopback"
    finally:
        lab.stop()
