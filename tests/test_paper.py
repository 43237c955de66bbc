"""What a class gets on paper: print styles, route handouts, worksheets, the answer key, the rubric.

The printed text is read in Chromium as it would print (`emulate_media(media="print")`, then
`document.body.innerText`), and page counts come from Chromium's print to PDF (A4). Beside the
kit's own notebooks, a copy of the kit holds one planted notebook with a content-noted passage,
a screen-only cell, a closed box, a model answer, a teacher note, a worked solution, questions
and an answer frame, and one planted route that takes them, so each rule is checked even where
no lesson uses it yet.
"""

import re
import tomllib

import nbformat
import pytest
from bs4 import BeautifulSoup
from kit_command import run_kit
from nbclient import NotebookClient
from page_counts import page_count, printed_pages
from repo import NOTEBOOKS, REPO, REPO_KIT

from newsfigures.display.readings import body_paragraphs
from newsfigures.errors import InputError
from newsfigures.inputs.sources import load_seeds, load_sources
from newsfigures.kit import Kit
from newsfigures.pages import editions, inert, paper, screen_words
from newsfigures.text.headings import headings as markdown_headings
from newsfigures.text.passages import sentences
from newsfigures.text.seeds import collapse_space

PLANTED = "98-planted-paper"
NOTE = "Content note: forced abortion. Click to read paragraph 21."  # from data/input/content_notes.csv
PRINTED_NOTE = "Passage not printed: Content note: forced abortion; read it on screen or ask your teacher."
# A printed note of a passage on forced abortion (the topics of its paragraphs, data/input/content_notes.csv).
ABORTION_NOTE = re.compile(r"Passage not printed: Content note: [^;]*forced abortion[^;]*; read it on screen or ask")
PLANTED_ROUTE = """
[[route]]
name = "planted-route"
title = "Planted route"
notebook = "98-planted-paper.ipynb"
handout = ["Planted paper", "Reading Z1"]
worksheet = [
  { section = "Reading Z1", take = "questions", lines = 2 },
  { section = "Part Z", take = "all", lines = 3 },
]
"""
PLAN = tomllib.loads((REPO / "notebooks" / paper.PLAN).read_text(encoding="utf-8"))
ROUTES = [route["name"] for route in PLAN["route"]]
STEMS = [p.stem for p in NOTEBOOKS]
PACKS = [route["name"] for route in PLAN["route"] if route.get("pack")]
PAGES = (
    [f"handouts/{name}.html" for name in STEMS + ROUTES]
    + [f"worksheets/{name}.html" for name in ROUTES]
    + [f"class-packs/{name}.html" for name in PACKS]
    + [f"answer-key/{name}.html" for name in STEMS + ["rubric", "index"]]
)


def box(summary, content):
    return f"<details><summary>{summary}</summary>\n\n{content}\n\n</details>"


def planted_notebook():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(
        cells=[
            md("# Planted paper\n\nA planted notebook. Choose **Run > Run All Cells** to see it."),
            md("Click the line to open it: SCREEN-ONLY-WORDS.", metadata={"tags": ["screen-only"]}),
            code("from newsfigures.display.readings import show_excerpt\nshow_excerpt('upi-2015-shim', 21)"),
            md(box("A closed box", "BOX-CONTENT, on paper too.")),
            md("## Reading Z1 · A planted reading\n\nPLANTED-INTRO, not on the worksheet."),
            md("**Questions**\n\n1. *Find it.* PLANTED-QUESTION-ONE?\n2. *Explain it.* PLANTED-QUESTION-TWO?"),
            md(box("Model answer", "PLANTED-MODEL-ANSWER."), metadata={"tags": ["model-answer"]}),
            md(box("Teacher notes", "PLANTED-TEACHER-NOTE."), metadata={"tags": ["teacher-note"]}),
            md(box("Worked solution", "```python\nprint('PLANTED-SOLUTION')\n```"), metadata={"tags": ["solution"]}),
            md('# Part Z · A planted discussion\n\nChoose a claim.\n\n<p class="screen-only">Double-click SPAN-WORDS.</p>'),
            md("*Claim:* ...\n\n*Evidence (article, paragraph):* ..."),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def build(root, *args):
    return run_kit(root, "build", *args, timeout=300)


@pytest.fixture(scope="module")
def executed_planted(tmp_path_factory):
    nb = planted_notebook()
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    return nb


def planted_copy(make_kit_copy, folder, nb, *args):
    root = make_kit_copy(folder / "kit")
    nbformat.write(nb, root / "notebooks" / f"{PLANTED}.ipynb")
    with (root / "notebooks" / paper.PLAN).open("a", encoding="utf-8") as plan:
        plan.write(PLANTED_ROUTE)
    result = build(root, *args)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_kit_copy, executed_planted):
    """A copy of the kit with the planted notebook and route, built as a plain build does."""
    return planted_copy(make_kit_copy, tmp_path_factory.mktemp("paper"), executed_planted)


@pytest.fixture(scope="module")
def built_in_full(tmp_path_factory, make_kit_copy, executed_planted):
    """The same, built with --print-content-noted."""
    return planted_copy(make_kit_copy, tmp_path_factory.mktemp("paper-full"), executed_planted, "--print-content-noted")


def text_of(html):
    return collapse_space(BeautifulSoup(html, "html.parser").get_text(" "))


# --- the plan and the worksheets, without a build -------------------------------------------------


def questions_of(cell):
    return [collapse_space(item) for item in re.split(r"\n(?=\d+\.\s)", cell.source.split(paper.QUESTIONS, 1)[1].strip())]


@pytest.mark.parametrize("route", paper.read_plan(REPO_KIT, {p.name for p in NOTEBOOKS}).routes, ids=lambda r: r.name)
def test_each_worksheet_holds_its_sections_questions_from_the_notebook_itself(route):
    nb = editions.student_edition(nbformat.read(REPO / "notebooks" / route.notebook, as_version=4))
    sheet = paper.worksheet_notebook(route, nb, paper.PLAN, leave_out=editions.SCREEN_ONLY)
    sheet_text = collapse_space("\n".join(c.source for c in sheet.cells))
    asked = [
        q
        for part in route.worksheet
        for cell in paper.section(nb, part.section, paper.PLAN, route.notebook)
        if paper.is_questions(cell)
        for q in questions_of(cell)
    ]
    assert asked and all(q in sheet_text for q in asked)
    kept = {c.id for c in nb.cells}
    assert {c.id for c in sheet.cells} - kept == {f"{route.name}-title"} | {
        f"{route.name}-part-{n}" for n, p in enumerate(route.worksheet, start=1) if p.take == "questions"
    }  # every other cell is one of the notebook's own
    assert not any(editions.tags(c) & editions.TEACHER_ONLY for c in sheet.cells)


def test_writing_space_goes_under_each_question_and_each_frame_line():
    questions = nbformat.v4.new_markdown_cell("**Questions**\n\n1. *Find it.* A?\n2. *Explain it.* B?")
    frame = nbformat.v4.new_markdown_cell("*Claim:* ...\n\n*Evidence:* ...\n\nNot a frame line.")
    spaced = paper.with_writing_space(questions, 2).source
    assert spaced.count('<div class="ruled"><div></div><div></div></div>') == 2
    assert spaced.index("A?") < spaced.index("ruled") < spaced.index("B?")
    framed = paper.with_writing_space(frame, 3).source
    assert framed.count('<div class="ruled">') == 2 and "..." not in framed and "Not a frame line." in framed
    assert "ruled" not in paper.with_writing_space(questions, 2, questions=False).source


def kit_with_plan(tmp_path, plan):
    (tmp_path / "notebooks").mkdir()
    nbformat.write(planted_notebook(), tmp_path / "notebooks" / f"{PLANTED}.ipynb")
    (tmp_path / "notebooks" / paper.PLAN).write_text(plan, encoding="utf-8")
    return Kit(tmp_path)


@pytest.mark.parametrize(
    "plan, message",
    [
        (PLANTED_ROUTE.replace('"Reading Z1", take', '"Reading Z9", take'), "no heading 'Reading Z9'"),
        (PLANTED_ROUTE.replace('"98-planted-paper.ipynb"', '"97-missing.ipynb"'), "there is no notebooks/97-missing.ipynb"),
        (PLANTED_ROUTE.replace('take = "all"', 'take = "some"'), "a worksheet part is not understood"),
        (PLANTED_ROUTE.replace("[[route]]", "[[route]"), "it is not valid TOML"),
        (PLANTED_ROUTE.replace('"Part Z", take = "all"', '"Part Z", take = "questions"'), "has no **Questions** cell"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_file_and_the_fix(tmp_path, plan, message):
    kit = kit_with_plan(tmp_path, plan)
    with pytest.raises(InputError) as refused:
        editions.build(kit)
    assert str(refused.value).startswith("notebooks/worksheets.toml") and message in str(refused.value)
    assert "How to fix it" in str(refused.value)
    assert not (tmp_path / "build").exists()


def test_a_missing_heading_lists_the_headings_there_are(tmp_path):
    with pytest.raises(InputError, match=r"Planted paper; Reading Z1 · A planted reading; Part Z · A planted discussion"):
        editions.build(kit_with_plan(tmp_path, PLANTED_ROUTE.replace('"Reading Z1", take', '"Reading Z9", take')))


# --- the rubric ----------------------------------------------------------------------------------

RUBRIC = REPO / "notebooks" / "rubric.md"
QUOTED = re.compile(r'"([^"]+)"')
# A number outside a quotation names a paragraph, a part, a route, a class, a notebook or a reading.
NAMED_NUMBER = re.compile(r"\b(?:(?:paragraphs?|part|route|class|notebook)\s+|reading [a-z])\d+$", re.I)


def rubric_text(text):
    """The rubric with its block-quote marks and line breaks gone, as a reader reads a sample."""
    return collapse_space(re.sub(r"^>\s?", "", text, flags=re.M))


def seed_texts():
    return [collapse_space(seed.text) for seed in load_seeds(load_sources(REPO_KIT), REPO_KIT).values()]


def unverified_quotes(text, seeds):
    return [q for q in QUOTED.findall(rubric_text(text)) if not any(q in seed for seed in seeds)]


def unnamed_numbers(text):
    outside = QUOTED.sub('""', rubric_text(text))
    return [m.group() for m in re.finditer(r"\d+(?:[,.]\d+)*", outside) if not NAMED_NUMBER.search(outside[: m.end()])]


def test_every_quotation_in_the_rubric_is_an_articles_own_words():
    text = RUBRIC.read_text(encoding="utf-8")
    assert len(QUOTED.findall(rubric_text(text))) >= 6
    assert unverified_quotes(text, seed_texts()) == []


def test_a_misquotation_planted_in_the_rubric_is_caught():
    planted = 'The author writes "Many of them told me" and "Many of them told us".'
    assert unverified_quotes(planted, seed_texts()) == ["Many of them told us"]


def test_the_rubric_invents_no_number():
    assert unnamed_numbers(RUBRIC.read_text(encoding="utf-8")) == []
    assert unnamed_numbers('In paragraph 25, "28,000" defectors; 80 percent are women.') == ["80"]


def test_the_rubric_has_three_levels_with_a_sample_for_each_task():
    text = RUBRIC.read_text(encoding="utf-8")
    tasks = re.split(r"^## ", text, flags=re.M)[1:]
    assert len(tasks) == 3
    for task in tasks:
        for level in ("Strong", "Adequate", "Weak"):
            assert f"| {level} |" in task and f"**{level}" in task, (task[:40], level)


# --- what the build writes ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_build_writes_a_worksheet_and_a_handout_per_route_and_the_answer_key(built):
    for name in ROUTES + ["planted-route"]:
        assert (built / "build" / "worksheets" / f"{name}.html").is_file()
        assert (built / "build" / "handouts" / f"{name}.html").is_file()
    contents = BeautifulSoup((built / "build" / "answer-key" / "index.html").read_text(encoding="utf-8"), "html.parser")
    order = [a["href"] for a in contents.select("main ol a")]
    assert order == [f"{p.stem}.html" for p in NOTEBOOKS if p.stem <= "03-read-and-discuss"] + ["rubric.html"] + [
        f"{p.stem}.html" for p in NOTEBOOKS if p.stem > "03-read-and-discuss"
    ] + [f"{PLANTED}.html"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS + [PLANTED])
def test_the_answer_key_shows_every_model_answer_and_teacher_note_open(built, stem):
    nb = nbformat.read(built / "notebooks" / f"{stem}.ipynb", as_version=4)
    soup = BeautifulSoup((built / "build" / "answer-key" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    hidden = [c for c in nb.cells if editions.tags(c) & editions.HIDDEN_TEXT]
    boxes = soup.find_all("details", open=True)  # the answer key opens these, and no other box
    assert len(boxes) == len(hidden)
    assert all(box.has_attr("open") and len(box.get_text()) > len(box.summary.get_text()) + 20 for box in boxes)


@pytest.mark.slow
def test_the_answer_key_shows_worked_solutions_and_student_pages_show_no_answer(built):
    key = (built / "build" / "answer-key" / f"{PLANTED}.html").read_text(encoding="utf-8")
    assert "PLANTED-MODEL-ANSWER" in key and "PLANTED-TEACHER-NOTE" in key and "PLANTED-SOLUTION" in text_of(key)
    for page in ["handouts/planted-route.html", "worksheets/planted-route.html", f"handouts/{PLANTED}.html"]:
        html = (built / "build" / page).read_text(encoding="utf-8")
        assert "PLANTED-MODEL-ANSWER" not in html and "PLANTED-TEACHER-NOTE" not in html and "PLANTED-SOLUTION" not in html
    for name in ROUTES:
        for folder in ("handouts", "worksheets"):
            soup = BeautifulSoup((built / "build" / folder / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
            assert not [s for s in soup.find_all("summary") if s.get_text() in ("Model answer", "Teacher notes")]


@pytest.mark.slow
def test_a_route_handout_holds_only_the_sections_the_route_uses(built):
    notebooks = {p.name for p in Kit(built).notebooks}
    route = next(r for r in paper.read_plan(Kit(built), notebooks).routes if r.name == "route-1")
    soup = BeautifulSoup((built / "build" / "handouts" / "route-1.html").read_text(encoding="utf-8"), "html.parser")
    shown = [collapse_space(h.get_text()).removesuffix("¶").strip() for h in soup.select("main h1, main h2")]
    assert all(any(paper.matches(wanted, h) for h in shown) for wanted in route.handout)
    nb = nbformat.read(built / "notebooks" / route.notebook, as_version=4)
    every = [h for c in nb.cells for h in paper.headings(c)]
    assert all(any(paper.matches(w, h) for w in route.handout) for h in shown if h in every)
    assert "Reading C2 · Who the author listened to" in every and "Reading C2 · Who the author listened to" not in shown


@pytest.mark.slow
def test_the_planted_worksheet_takes_the_questions_and_frame_and_leaves_out_the_rest(built):
    soup = BeautifulSoup((built / "build" / "worksheets" / "planted-route.html").read_text(encoding="utf-8"), "html.parser")
    text = collapse_space(soup.get_text(" "))
    assert "PLANTED-QUESTION-ONE?" in text and "PLANTED-QUESTION-TWO?" in text and "Evidence (article, paragraph):" in text
    assert "PLANTED-INTRO" not in text and "SCREEN-ONLY-WORDS" not in text and "Choose a claim." in text
    assert len(soup.select(".ruled")) == 4 and len(soup.select(".ruled > div")) == 2 * 2 + 2 * 3


# --- hostile markup on the new pages --------------------------------------------------------------

HOSTILE_QUESTIONS = "**Questions**\n\n1. *Find it.* kept-question <img src=x onerror=alert(1)><script>alert(2)</script>"


def hostile_kit(tmp_path):
    nb = planted_notebook()
    nb.cells[5].source = HOSTILE_QUESTIONS
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / f"{PLANTED}.ipynb")
    (tmp_path / "notebooks" / paper.PLAN).write_text(PLANTED_ROUTE, encoding="utf-8")
    return Kit(tmp_path)


def test_markup_in_a_question_is_sanitised_on_the_worksheet_and_in_the_answer_key(tmp_path):
    editions.build(hostile_kit(tmp_path))
    for page in ("worksheets/planted-route.html", f"answer-key/{PLANTED}.html", "handouts/planted-route.html"):
        html = (tmp_path / "build" / page).read_text(encoding="utf-8")
        assert "kept-question" in html and "onerror" not in html and "<script" not in html.lower(), page
        assert inert.scan(html) == []


def test_markup_the_sanitiser_let_through_onto_a_worksheet_stops_the_build(tmp_path, monkeypatch):
    kit = hostile_kit(tmp_path)
    monkeypatch.setattr(inert, "clean", lambda html: html)
    with pytest.raises(InputError, match=rf"^notebooks/{PLANTED}.ipynb, cell 6: the handout would contain"):
        editions.build(kit)
    assert not (tmp_path / "build").exists()


def test_markup_in_the_rubric_is_sanitised_in_the_answer_key(tmp_path):
    kit = kit_with_plan(tmp_path, '[answer_key]\nrubric = "rubric.md"\n')
    (tmp_path / "notebooks" / "rubric.md").write_text("# Rubric\n\nkept-rubric <img src=x onerror=alert(1)>", encoding="utf-8")
    editions.build(kit)
    html = (tmp_path / "build" / "answer-key" / "rubric.html").read_text(encoding="utf-8")
    assert "kept-rubric" in html and "onerror" not in html and inert.scan(html) == []
    contents = BeautifulSoup((tmp_path / "build" / "answer-key" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in contents.select("main ol a")] == ["Planted paper", "Rubric"]


# --- on paper, in Chromium -----------------------------------------------------------------------


def forced_abortion_words():
    """The last six words up to each mention of abortion in the articles: what must not print by default."""
    rows = body_paragraphs()
    return [" ".join(t[: m.end()].split()[-6:]) for t in rows.text for m in re.finditer("abortion", t)]


def read_page(browser, path, media):
    page = browser.new_page()
    page.goto(path.as_uri())
    page.emulate_media(media=media)
    text = collapse_space(page.evaluate("document.body.innerText"))
    page.close()
    return text


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_no_page_prints_a_content_noted_passage_by_default(built, browser, name):
    printed = read_page(browser, built / "build" / name, "print")
    assert [w for w in forced_abortion_words() if w in printed] == []


@pytest.mark.slow
@pytest.mark.browser
def test_a_content_noted_passage_prints_as_its_note_and_stays_closed_on_screen(built, browser):
    words = forced_abortion_words()
    assert len(words) >= 4
    for name in ("handouts/03-read-and-discuss.html", "handouts/route-1.html", "answer-key/03-read-and-discuss.html"):
        path = built / "build" / name
        printed, screen = read_page(browser, path, "print"), read_page(browser, path, "screen")
        assert ABORTION_NOTE.search(printed), name
        assert not ABORTION_NOTE.search(screen) and "Click to read the whole article." in screen
        assert [w for w in words if w in screen] == [], name  # closed until a reader opens it
    planted = built / "build" / "handouts" / f"{PLANTED}.html"
    assert PRINTED_NOTE in read_page(browser, planted, "print")


@pytest.mark.slow
@pytest.mark.browser
def test_the_option_prints_content_noted_passages_in_full(built_in_full, browser):
    words = forced_abortion_words()
    for name in ("handouts/03-read-and-discuss.html", "handouts/route-1.html", "answer-key/03-read-and-discuss.html"):
        path = built_in_full / "build" / name
        printed, screen = read_page(browser, path, "print"), read_page(browser, path, "screen")
        assert all(w in printed for w in words), name
        assert "Passage not printed" not in printed
        assert [w for w in words if w in screen] == [], name  # still closed on screen
    assert PRINTED_NOTE not in read_page(browser, built_in_full / "build" / "handouts" / f"{PLANTED}.html", "print")


@pytest.mark.slow
@pytest.mark.browser
def test_screen_only_cells_do_not_print_and_closed_boxes_print_open(built, browser):
    path = built / "build" / "handouts" / f"{PLANTED}.html"
    printed, screen = read_page(browser, path, "print"), read_page(browser, path, "screen")
    assert "SCREEN-ONLY-WORDS" in screen and "SCREEN-ONLY-WORDS" not in printed
    assert "SPAN-WORDS" in screen and "SPAN-WORDS" not in printed
    assert "BOX-CONTENT" not in screen and "BOX-CONTENT, on paper too." in printed


@pytest.mark.slow
@pytest.mark.browser
def test_a_screen_instruction_inside_a_cell_is_left_off_the_worksheet(built, browser):
    path = built / "build" / "worksheets" / "planted-route.html"
    for media in ("screen", "print"):
        text = read_page(browser, path, media)
        assert "Choose a claim." in text and "SPAN-WORDS" not in text


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", ROUTES)
def test_each_worksheet_prints_on_at_most_two_a4_sides(built, browser, name):
    page = browser.new_page()
    page.goto((built / "build" / "worksheets" / f"{name}.html").as_uri())
    pages = page_count(page.pdf(format="A4"))
    page.close()
    assert 1 <= pages <= 2


# Words that only make sense in JupyterLab, which no page built for reading or paper should carry.
NOTEBOOK_WORDS = re.compile(r"Run All|\bEsc\b|Table of Contents|Shift \+ Enter|three dots|double-click", re.I)
STUDENT_PAGES = [name for name in PAGES if not name.startswith("answer-key/")] + [f"handouts/{PLANTED}.html"]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES + [f"handouts/{PLANTED}.html"])
def test_page_one_holds_the_pages_title_not_only_its_header(built, browser, name):
    path = built / "build" / name
    heading = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("main h1")
    first_words = " ".join(collapse_space(heading.get_text()).removesuffix("¶").split()[:4])
    page = browser.new_page()
    page.goto(path.as_uri())
    pages = printed_pages(page.pdf(format="A4"))
    page.close()
    assert first_words in pages[0], f"page 1 of {name} holds only: {pages[0][:200]!r}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", STUDENT_PAGES)
def test_no_handout_or_worksheet_tells_how_to_work_jupyterlab(built, browser, name):
    text = read_page(browser, built / "build" / name, "print")
    assert NOTEBOOK_WORDS.findall(text) == [], name
    if PLANTED in name:
        assert "A planted notebook." in text


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_title_of_its_own(built, name):
    title = BeautifulSoup((built / "build" / name).read_text(encoding="utf-8"), "html.parser").title.get_text()
    kind = {"handouts": "Handout", "worksheets": "Worksheet", "class-packs": "Class pack", "answer-key": "Answer key"}[
        name.split("/")[0]
    ]
    assert kind in title and len(title) > 20, title


@pytest.mark.parametrize(
    "markdown, printed",
    [
        ("**Run first.** Nothing. Choose **Run > Run All Cells** (new? See below).", "**Run first.** Nothing."),
        ("**Find your way.** **View > Table of Contents** lists them.", ""),
        ("- Kept.\n- Odd results: **Kernel > Restart Kernel**. This runs it all.\n- Also kept.", "- Kept.\n- Also kept."),
        ("Read it (click the questions, press **Esc**, then **B**), then compare. Next.", "Next."),
        ('<p class="screen-only">Double-click it.</p>\n\n```\nRun All Cells\n```', None),
        ("Nothing for the notebook alone.\nOn two lines.", None),
    ],
)
def test_sentences_of_notebook_instructions_are_left_out_and_the_rest_kept(markdown, printed):
    assert screen_words.leave_out_instructions(markdown) == (markdown if printed is None else printed)


@pytest.mark.parametrize(
    "text, said",
    [
        ("The U.S. said so on Nov. 19. Others did not.", ["The U.S. said so on Nov. 19.", "Others did not."]),
        ('She said: "We left." Then she stopped.', ['She said: "We left."', "Then she stopped."]),
        ("**Run first.** Then read.", ["**Run first.**", "Then read."]),
        ("Choose it (new? See below). Next.", ["Choose it (new? See below).", "Next."]),
        ("Type `x = 1. y` here. Done.", ["Type `x = 1. y` here.", "Done."]),
    ],
)
def test_one_sentence_splitter_reads_articles_and_the_kits_markdown(text, said):
    assert sentences(text) == said


# --- the worksheets follow the plans of 00-start-here -------------------------------------------

ROUTE_PLANS = {route.name: route for route in paper.read_plan(REPO_KIT, {p.name for p in NOTEBOOKS}).routes}


def sheet_text(name):
    route = ROUTE_PLANS[name]
    nb = editions.student_edition(nbformat.read(REPO / "notebooks" / route.notebook, as_version=4))
    sheet = paper.worksheet_notebook(route, nb, paper.PLAN, leave_out=editions.SCREEN_ONLY)
    return collapse_space("\n".join(c.source for c in sheet.cells))


def plan_of(route_heading):
    """The rows of a route's plan in 00 (Markdown table rows under its heading, up to the next heading)."""
    start = "\n".join(c.source for c in nbformat.read(REPO / "notebooks" / "00-start-here.ipynb", 4).cells)
    rest = start.split(route_heading, 1)[1]
    return re.split(r"\n(?:#+ |\*\*Class)", rest, maxsplit=1)[0]


def test_route_1_worksheet_asks_who_is_quoted_and_offers_only_claims_a_and_d():
    plan = plan_of("### Route 1")
    assert "Who is quoted and who is missing" in plan and "claim **A** or **D** only" in plan
    text = sheet_text("route-1")
    assert "Who is quoted and who is missing" in text and "Who is quoted most often in the UPI article?" in text
    assert "*Neither article lets a North Korean woman" in text and "*The UPI article gives its readers more" in text
    assert "**B.**" not in text and "**C.**" not in text and "(A or D)" in text and "(A, B, C or D)" not in text


def test_route_2_class_1_worksheet_ends_with_its_exit_ticket():
    plan = plan_of("**Class 1 · Read closely**")
    assert "Exit ticket: one claim from each article, and who vouches for it" in plan
    text = sheet_text("route-2-class-1")
    assert "One claim from each article" in text and "who vouches for it" in text
    assert "A claim from The Conversation (paragraph), and who vouches for it:" in text
    assert "One thing I now read differently" not in text  # the reflection is class 2's


def test_only_keeps_the_lettered_items_named_and_says_which():
    cell = nbformat.v4.new_markdown_cell("Choose:\n- **A.** *a*\n- **B.** *b*\n- **C.** *c*\n\n*Our claim (A, B or C):* ...")
    kept = paper.only_items(cell, ("A", "C")).source
    assert "**A.**" in kept and "**C.**" in kept and "**B.**" not in kept and "(A or C)" in kept


def test_a_question_in_several_parts_gets_a_line_more_for_each():
    cell = nbformat.v4.new_markdown_cell("**Questions**\n\n1. *Find it.* Who? Where? Why?\n2. *Explain it.* How?")
    spaced = paper.with_writing_space(cell, 1).source
    first, second = spaced.split("2. ")
    assert first.count("<div></div>") == 3 and second.count("<div></div>") == 1
    assert "**Questions**" not in spaced


@pytest.mark.slow
def test_the_class_pack_holds_the_routes_passages_and_charts_then_its_worksheet(built):
    route = ROUTE_PLANS["route-1"]
    soup = BeautifulSoup((built / "build" / "class-packs" / "route-1.html").read_text(encoding="utf-8"), "html.parser")
    headings = [collapse_space(h.get_text()).removesuffix("¶").strip() for h in soup.select("main h1, main h2")]
    for wanted in route.pack:
        assert any(paper.matches(wanted, h) for h in headings), wanted
    assert not [h for h in headings if h.startswith(("Reading C2", "Reading C3", "The words chosen", "Glossary"))]
    assert len(soup.select("img[alt]")) == 2  # the chart of C1's range and the voices chart, each with its description
    text = text_of(str(soup))
    assert "[2]" in text and "[7]" in text  # C1's and U2's paragraphs, word for word
    assert "Name" in text and "Who is quoted most often in the UPI article?" in text and "(A or D)" in text
    guide = (REPO / "guide" / "teaching.md").read_text(encoding="utf-8")
    assert "class-packs/route-1.html" in guide


def test_one_headings_parser_finds_sections_titles_and_hand_in_questions():
    text = "# A title ##\n\nText #1 is not a heading.\n\n## Notes on C#\n\n#Not one either"
    assert markdown_headings(text) == ["A title", "Notes on C#"]
