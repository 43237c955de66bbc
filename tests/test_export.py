"""`python -m newsfigures export`: what a student wrote, in one file to hand in, and inert.

A copy of the kit is made a git checkout (the kit's copy of each notebook is
then the committed one); a student's answers are written into two notebooks:
a filled-in answer template, an added cell, a changed code exercise, and an
answer full of markup meant to run.
"""

import datetime
import re
import subprocess
import sys

import nbformat
import pytest
from bs4 import BeautifulSoup
from git_checkout import committed
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.pages import inert
from newsfigures.student.export import collect, export, fenced
from newsfigures.student.reset import reset

WHEN = datetime.datetime(2026, 12, 3, 14, 12)
HOSTILE = (
    "My claim </div></pre><script>alert('x')</script><img src=x onerror=alert(1)> "
    '<a href="javascript:alert(2)">link</a> **bold** $x^2$ ```'
)
ADDED = "The range is wide: the high end is four times the low end."
EXERCISE_CODE = "times_larger = 200\ntimes_larger  # my code"


def edit(path, change):
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def cell(nb, cell_id):
    return next(c for c in nb.cells if c.get("id") == cell_id)


def after(nb, cell_id, new):
    nb.cells.insert(nb.cells.index(cell(nb, cell_id)) + 1, new)


@pytest.fixture
def answered(kit_copy):
    kit = committed(kit_copy)
    notebooks = kit.root / "notebooks"

    def reading(nb):
        cell(nb, "cell-088").source = cell(nb, "cell-088").source.replace("...", HOSTILE, 1)
        after(nb, "cell-013", nbformat.v4.new_markdown_cell(ADDED))  # below C1's questions
        after(nb, "cell-014", nbformat.v4.new_markdown_cell("Written below a model answer."))

    def charting(nb):
        exercise = next(c for c in nb.cells if "exercise" in c.metadata.get("tags", []))
        exercise.source = EXERCISE_CODE
        exercise.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "200"}, execution_count=1)]

    edit(notebooks / "03-read-and-discuss.ipynb", reading)
    edit(notebooks / "02-chart-the-figures.ipynb", charting)
    return kit


def test_every_cell_the_student_wrote_is_collected_under_its_notebook_and_question(answered):
    notebooks = {nb.path: nb for nb in collect(answered)}
    assert set(notebooks) == {"notebooks/02-chart-the-figures.ipynb", "notebooks/03-read-and-discuss.ipynb"}
    reading = notebooks["notebooks/03-read-and-discuss.ipynb"]
    assert reading.title.startswith("03 · Read and discuss")
    texts = {a.text: a for a in reading.answers}
    assert set(texts) == {ADDED, "Written below a model answer.", cell_source(answered, "cell-088")}
    added = texts[ADDED]
    assert (added.section, added.changed, added.kind) == ("Reading C1 · How many, and what are they?", False, "markdown")
    assert added.question.startswith("**Questions**")
    # A model answer is not a question: the cell below one belongs to the question above it.
    assert texts["Written below a model answer."].question == added.question
    template = texts[cell_source(answered, "cell-088")]
    assert template.changed and template.section.startswith("Part 4 · Structured discussion")
    (code,) = notebooks["notebooks/02-chart-the-figures.ipynb"].answers
    assert (code.text, code.output, code.kind, code.changed) == (EXERCISE_CODE, "200", "code", True)
    assert code.question.startswith("**Try it.**")


def cell_source(kit, cell_id):
    return cell(nbformat.read(kit.root / "notebooks" / "03-read-and-discuss.ipynb", as_version=4), cell_id).source


def test_the_html_shows_a_hostile_answer_as_typed_and_runs_nothing(answered):
    export(answered, "html", name="Ana <b>", now=WHEN)
    (page,) = (answered.build / "hand-in").glob("*.html")
    html = page.read_text()
    assert inert.executable_pieces(html) == []
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "")]
    answers = [el.get_text() for el in soup.select(".answer")]
    assert any(HOSTILE in text for text in answers)
    assert EXERCISE_CODE in answers and "200" in answers
    assert "Name: Ana <b>" in soup.get_text()
    assert "Written on 3 December 2026 at 14:12" in soup.get_text()  # the day in words, as everywhere in the kit
    headings = [h.get_text() for h in soup.find_all("h3")]
    assert "Reading C1 · How many, and what are they?" in headings


@pytest.mark.browser
@pytest.mark.slow
def test_in_a_browser_the_hostile_answer_reads_as_typed_and_nothing_runs(answered, browser):
    export(answered, "html", now=WHEN)
    (page_file,) = (answered.build / "hand-in").glob("*.html")
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
    page.goto(page_file.as_uri())
    text = page.inner_text("main")
    scripts = page.evaluate("document.scripts.length")
    page.close()
    assert HOSTILE in text
    assert (dialogs, requests, scripts) == ([], [], 0)


def test_the_markdown_shows_a_hostile_answer_as_typed(answered):
    export(answered, "md", now=WHEN)
    (md_file,) = (answered.build / "hand-in").glob("*.md")
    rendered = markdown2html_mistune(md_file.read_text())
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("strong", string="bold") is None
    assert HOSTILE.replace("  ", " ") in soup.get_text()
    assert EXERCISE_CODE in [c.get_text().strip() for c in soup.find_all("code")]
    assert "Written on 3 December 2026 at 14:12" in soup.get_text()


def test_code_with_backticks_cannot_close_its_block():
    code = "print('```')\n````\nx = 1"
    fence = fenced(code).splitlines()[0]
    assert len(fence) == 5 and re.fullmatch(r"`+", fence)
    assert markdown2html_mistune(fenced(code)).count("<pre>") == 1


def test_nothing_written_says_so(kit_copy):
    kit = committed(kit_copy)
    said = export(kit, "md", now=WHEN)
    assert "0 cell(s)" in said and "WARNING: this hand-in is EMPTY" in said and "Hand in that file" not in said
    (md_file,) = (kit.build / "hand-in").glob("*.md")
    assert "Nothing written yet" in md_file.read_text()


def test_a_second_export_in_the_same_minute_keeps_the_first(answered):
    export(answered, "html", now=WHEN)
    first = (answered.build / "hand-in" / "answers-2026-12-03-1412.html").read_bytes()
    export(answered, "html", name="again", now=WHEN)
    assert (answered.build / "hand-in" / "answers-2026-12-03-1412.html").read_bytes() == first
    assert (answered.build / "hand-in" / "answers-2026-12-03-1412-2.html").is_file()


def test_without_a_copy_of_the_kit_the_message_says_what_to_hand_in_instead(kit_copy):
    with pytest.raises(InputError, match=r"(?s)keeps no copy of its notebooks.*File > Download"):
        collect(Kit(kit_copy))


@pytest.mark.slow
def test_the_command_writes_the_file_it_names(answered):
    done = subprocess.run(
        [sys.executable, "-m", "newsfigures", "export", "--format", "md"], cwd=answered.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    written = re.search(r"Wrote (build/hand-in/answers-[\d-]+\.md): 4 cell\(s\)", done.stdout)
    assert written and (answered.root / written[1]).is_file()


def test_an_answer_cell_gives_what_the_student_wrote_under_its_question(kit_copy):
    kit = committed(kit_copy)
    path = kit.root / "notebooks" / "03-read-and-discuss.ipynb"
    nb = nbformat.read(path, as_version=4)
    answer = cell(nb, "answer-014")
    assert answer.source.startswith("**Your answer:**") and "answer" in answer.metadata["tags"]
    answer.source += "\n\nThe range is wide."
    nbformat.write(nb, path)
    (reading,) = collect(kit)
    (written,) = reading.answers
    assert (written.text, written.changed) == ("The range is wide.", True)
    assert written.question.startswith("**Questions**")  # the question above it, not the empty answer cell


def test_after_reset_the_hand_in_holds_the_saved_version_and_says_so(kit_copy):
    kit = committed(kit_copy)
    path = kit.root / "notebooks" / "03-read-and-discuss.ipynb"
    edit(path, lambda nb: after(nb, "cell-013", nbformat.v4.new_markdown_cell(ADDED)))
    reset("notebooks/03-read-and-discuss.ipynb", kit, now=WHEN)
    said = export(kit, "html", now=WHEN)
    saved = "notebooks/03-read-and-discuss.saved-2026-12-03-1412.ipynb"
    assert "1 cell(s) you wrote" in said and saved in said and "EMPTY" not in said
    (page,) = (kit.build / "hand-in").glob("*.html")
    text = BeautifulSoup(page.read_text(), "html.parser").get_text()
    assert ADDED in text and saved in text


@pytest.mark.slow
def test_a_python_without_the_kits_packages_says_how_to_run_the_command(answered):
    # -S: no site-packages, as a terminal's python that is not the one the notebooks use
    done = subprocess.run(
        [sys.executable, "-S", "-m", "newsfigures", "export"], cwd=answered.root, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "does not have the packages the kit needs" in done.stderr
    assert "%run -m newsfigures export" in done.stderr and "pip install -r requirements.txt" in done.stderr
