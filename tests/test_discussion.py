"""The start page and the read-and-discuss notebook: every passage shown is the
article's own words, every question has a model answer after it, the class
plans add up, the links resolve, and the voices and terms tables are valid.

Definitions the tests rely on:
- a *passage* is a stored output whose metadata carries `excerpt` (article and
  paragraph numbers), as `newsfigures.display.readings` displays it; its `text/plain` is
  the passage's words, one paragraph (or sentence) per blank-line-separated piece;
- a *question cell* is a Markdown cell, not tagged `teacher`, whose first line
  is exactly `**Questions**`;
- a *plan* is a Markdown table whose first column is `Minutes`; it belongs to
  the nearest heading or bold line above it.
"""

import copy
import re

import nbformat
import pandas as pd
import pytest
from articles import BUILT_IN
from frictionless import Package
from repo import REPO, REPO_KIT

from newsfigures.pages.editions import ANSWER, HIDDEN_TEXT
from newsfigures.tables.load import paragraph, tidy

NOTEBOOK_DIR = REPO / "notebooks"
START, DISCUSS = "00-start-here.ipynb", "03-read-and-discuss.ipynb"
QUESTION_MARKER = "**Questions**"
STEPS = ("*Find it.*", "*Explain it.*", "*Judge it.*", "*Connect it.*")
HTML_TAG = re.compile(r"<[^>]+>")


def read(name):
    return nbformat.read(NOTEBOOK_DIR / name, as_version=4)


def collapse(text):
    """White space collapsed, so a line break in a seed matches a space in a passage."""
    return " ".join(text.split())


def seed_texts():
    sources = tidy("sources").set_index("source_id")
    return {s: collapse((REPO_KIT.seeds / row["file"]).read_text(encoding="utf-8")) for s, row in sources.iterrows()}


def tags(cell):
    return cell.metadata.get("tags", [])


def markdown_cells(nb, teacher=None):
    """Markdown cells; only teacher cells (True), only the others (False), or all (None)."""
    return [c for c in nb.cells if c.cell_type == "markdown" and (teacher is None or bool(HIDDEN_TEXT & set(tags(c))) == teacher)]


# ---- passages ------------------------------------------------------------------


def passages(nb):
    """(reading heading, excerpt metadata, output data) for every passage the notebook shows."""
    heading = None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            heading = cell.source.splitlines()[0].lstrip("# ").strip()
        for output in cell.get("outputs", []):
            excerpt = output.get("metadata", {}).get("excerpt")
            if excerpt:
                yield heading, excerpt, output["data"]


def shown_words(markdown):
    """The words a reader sees in a passage's Markdown: paragraph numbers, quote marks,
    bold and backslash escapes taken out."""
    text = re.sub(r"\*\*\[\d+\]\*\*", " ", markdown)
    text = re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    return collapse(re.sub(r"\\(.)", r"\1", text))


def verbatim_problems(nb):
    """Every way a passage shown differs from its seed, its paragraph, or what is on screen."""
    seeds = seed_texts()
    problems = []
    for _, excerpt, data in passages(nb):
        source_id, numbers = excerpt["source_id"], excerpt["paragraphs"]
        pieces = data["text/plain"].split("\n\n")
        if len(pieces) != len(numbers):
            problems.append(f"{source_id} {numbers}: {len(pieces)} pieces of text")
            continue
        for number, piece in zip(numbers, pieces, strict=True):
            words = collapse(piece)
            if words not in seeds[source_id]:
                problems.append(f"{source_id} paragraph {number}: not in the seed: {words[:80]}")
            if words not in collapse(paragraph(source_id, number)):
                problems.append(f"{source_id} paragraph {number}: not in that paragraph: {words[:80]}")
            if words not in shown_words(data["text/markdown"]):
                problems.append(f"{source_id} paragraph {number}: the Markdown shows other words")
    return problems


def test_every_passage_shown_is_verbatim_from_its_seed():
    nb = read(DISCUSS)
    assert len(list(passages(nb))) >= 8
    assert verbatim_problems(nb) == []


def test_a_retyped_passage_would_be_caught():
    nb = copy.deepcopy(read(DISCUSS))
    _, _, data = next(passages(nb))
    data["text/plain"] = data["text/plain"].replace("North Korea", "North Koera", 1)
    data["text/markdown"] = data["text/markdown"].replace("North Korea", "North Koera", 1)
    assert any("not in the seed" in p for p in verbatim_problems(nb))


def test_each_built_in_article_has_at_least_four_guided_readings():
    """Notebook 03 is written for the kit's own articles; an article a teacher adds gets none."""
    readings = {}
    for heading, excerpt, _ in passages(read(DISCUSS)):
        if heading and heading.startswith("Reading "):
            readings.setdefault(heading, set()).add(excerpt["source_id"])
    assert all(len(articles) == 1 for articles in readings.values()), readings
    per_article = pd.Series([a for articles in readings.values() for a in articles]).value_counts()
    assert set(per_article.index) == set(BUILT_IN)
    assert (per_article >= 4).all(), per_article


# Words that mark a passage describing sexual violence, forced abortion or infanticide.
CONTENT_NOTED = re.compile(r"abortion|infanticide|rape|sexual|prostitution", re.IGNORECASE)


def test_every_passage_about_sexual_violence_or_forced_abortion_stays_closed_behind_a_content_note():
    noted = [(h, data) for h, _, data in passages(read(DISCUSS)) if CONTENT_NOTED.search(data["text/plain"])]
    assert len(noted) >= 5  # readings C3, U1, U4, U6 and the whole UPI article at least
    for heading, data in noted:
        shown = data["text/markdown"]
        assert "<details><summary>" in shown and "Content note" in shown, heading
        assert shown.index("<details>") < CONTENT_NOTED.search(shown).start(), heading


def test_words_in_quotation_marks_are_the_articles_words():
    """Double quotation marks in the Markdown of 00 and 03 hold only words of the articles
    (case aside), so a question never misquotes a text. HTML attributes are markup, not prose."""
    seeds = " ".join(seed_texts().values()).lower()
    quoted = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
    for name in (START, DISCUSS):
        for cell in markdown_cells(read(name)):
            for match in quoted.finditer(HTML_TAG.sub(" ", cell.source)):
                words = collapse(match.group(1) or match.group(2)).lower()
                assert words in seeds, f"{name}: “{words}” is not in either article"


# ---- questions and model answers -----------------------------------------------


def is_question(cell):
    if cell.cell_type != "markdown" or HIDDEN_TEXT & set(tags(cell)):
        return False
    return cell.source.splitlines()[0].strip() == QUESTION_MARKER


def test_every_question_cell_is_followed_by_a_place_to_write_then_its_answer_or_note():
    cells = read(DISCUSS).cells
    questions = [i for i, c in enumerate(cells) if is_question(c)]
    assert len(questions) >= 11
    for i in questions:
        write, after = (cells[i + 1 : i + 3] + [None, None])[:2]
        assert write is not None and ANSWER in tags(write) and write.source.startswith("**Your answer:**"), (
            f"cell {i} ({cells[i].source[:60]!r}) has no answer cell under it"
        )
        assert after is not None and after.cell_type == "markdown" and HIDDEN_TEXT & set(tags(after)), (
            f"cell {i} ({cells[i].source[:60]!r}) has no model answer or teacher note after its answer cell"
        )


# A prompt to the reader: a bold question, "In the text.", or a step, outside a table's rows.
PROMPT = re.compile(r"\*\*[^*\n]*\?\*\*|\*\*In the text\.\*\*|\*\*(?:Find|Explain|Judge|Connect) it\.\*\*")


def prompts_without_a_place_to_write(nb):
    """Prompt cells not followed, after at most two code cells (the passage or chart they ask about), by an answer cell."""
    missing = []
    for i, cell in enumerate(nb.cells):
        prose = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("|"))
        if (
            cell.cell_type != "markdown"
            or (HIDDEN_TEXT | {ANSWER}) & set(tags(cell))
            or not (PROMPT.search(prose) or is_question(cell))
        ):
            continue
        following = [c for c in nb.cells[i + 1 : i + 4]]
        while following and following[0].cell_type == "code" and len(following) > 1:
            following.pop(0)
        if not (following and ANSWER in tags(following[0]) and following[0].source.startswith("**Your answer:**")):
            missing.append(f"cell {i}: {cell.source[:60]!r}")
    return missing


@pytest.mark.parametrize("name", ["02-chart-the-figures.ipynb", DISCUSS, "04-check-the-numbers.ipynb"])
def test_every_prompt_to_the_reader_has_a_place_to_write_under_it(name):
    nb = read(name)
    assert prompts_without_a_place_to_write(nb) == []
    planted = copy.deepcopy(nb)
    first = next(i for i, c in enumerate(planted.cells) if ANSWER in tags(c))
    del planted.cells[first]
    assert len(prompts_without_a_place_to_write(planted)) == 1


def test_model_answers_are_collapsed_until_opened():
    for name in (START, DISCUSS):
        for cell in markdown_cells(read(name), teacher=True):
            text = cell.source.strip()
            assert text.startswith("<details><summary>") and text.endswith("</details>"), text[:60]


def test_questions_in_steps_are_always_marked_as_questions():
    """A cell that asks a step (find it, explain it ...) is a question cell, so none escapes the test above."""
    for cell in markdown_cells(read(DISCUSS), teacher=False):
        if any(step in cell.source for step in STEPS):
            assert is_question(cell), cell.source[:60]


def test_every_reading_asks_all_four_steps_in_order():
    nb = read(DISCUSS)
    reading, asked = None, {}
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Reading "):
            reading = cell.source.splitlines()[0]
        elif cell.cell_type == "markdown" and cell.source.startswith("#"):
            reading = None
        elif reading and is_question(cell):
            asked[reading] = cell.source
    readings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Reading ")]
    assert readings and sorted(asked) == sorted(readings)
    for reading, text in asked.items():
        places = [text.find(step) for step in STEPS]
        assert -1 not in places and places == sorted(places), reading


# ---- class plans -----------------------------------------------------------------


def plans(nb):
    """(label, rows) for every Markdown table whose first column is Minutes; rows are dicts."""
    found, label = [], None
    for cell in markdown_cells(nb, teacher=False):
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("#") or re.fullmatch(r"\*\*[^*]+\*\*", line.strip()):
                label = line.strip("#* ")
            if re.match(r"\|\s*Minutes\s*\|", line):
                header = [h.strip() for h in line.strip("|").split("|")]
                rows = []
                for row in lines[i + 2 :]:
                    if not row.startswith("|"):
                        break
                    rows.append(dict(zip(header, (v.strip() for v in row.strip("|").split("|")), strict=True)))
                found.append((label, rows))
    return found


def minutes(rows):
    return [int(r["Minutes"]) for r in rows]


def plans_under(label_start):
    return [rows for label, rows in plans(read(START)) if label.startswith(label_start)]


def test_the_one_class_plan_takes_fifty_minutes():
    (rows,) = plans_under("Route 1")
    assert sum(minutes(rows)) == 50


def test_the_two_class_plan_takes_two_fifty_minute_classes():
    classes = plans_under("Class ")
    assert len(classes) == 2
    assert [sum(minutes(rows)) for rows in classes] == [50, 50]


def test_the_alternative_activity_fills_the_same_class():
    (rows,) = [rows for label, rows in plans(read(START)) if "alternative" in label.lower()]
    assert sum(minutes(rows)) == 50


def test_each_step_of_a_plan_starts_when_the_one_before_ends():
    timed = [rows for _, rows in plans(read(START)) if "From" in rows[0]]
    assert len(timed) >= 4
    for rows in timed:
        starts = [int(r["From"]) for r in rows]
        assert starts == [sum(minutes(rows)[:i]) for i in range(len(rows))], rows


def test_readings_named_in_the_plans_exist():
    start = "\n".join(c.source for c in markdown_cells(read(START)))
    named = set(re.findall(r"Reading ([CU]\d)", start)) | {
        f"{letter}{n}" for letter, a, b in re.findall(r"\b([CU])(\d)-[CU](\d)\b", start) for n in range(int(a), int(b) + 1)
    }
    headings = set(
        re.findall(
            r"^## Reading ([CU]\d)", "\n".join(c.source for c in read(DISCUSS).cells if c.cell_type == "markdown"), re.MULTILINE
        )
    )
    assert named and named == headings


# ---- links -------------------------------------------------------------------------


def local_links(nb):
    """Targets of Markdown links that point inside the kit."""
    links = re.findall(r"\]\(([^)\s]+)\)", "\n".join(c.source for c in markdown_cells(nb)))
    return [link for link in links if not re.match(r"[a-z]+:", link)]


@pytest.mark.parametrize("name", [START, DISCUSS])
def test_links_to_other_notebooks_point_at_files_that_exist(name):
    links = local_links(read(name))
    assert links
    for link in links:
        assert (NOTEBOOK_DIR / link.split("#")[0]).is_file(), link


def test_the_start_page_links_every_notebook():
    linked = {link.split("#")[0] for link in local_links(read(START))}
    assert linked >= {p.name for p in NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb")}


# ---- the voices and terms tables ------------------------------------------------


def validate(names, root=None):
    """Validate resources of the data package (with the sources table their keys point to)."""
    descriptor = Package(str(REPO_KIT.datapackage)).to_descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in {"sources", *names}]
    return Package(descriptor, basepath=str(root or REPO_KIT.datapackage.parent)).validate()


def test_voices_and_terms_validate_against_the_data_package():
    report = validate({"voices", "terms"})
    assert [t.name for t in report.tasks] == ["sources", "voices", "terms"]
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]


def test_a_voice_outside_the_data_package_would_be_caught(tmp_path):
    (tmp_path / "tidy").mkdir()
    for name in ("sources", "terms"):
        (tmp_path / "tidy" / f"{name}.csv").write_bytes((REPO_KIT.tidy / f"{name}.csv").read_bytes())
    voices = pd.read_csv(REPO_KIT.tidy / "voices.csv", dtype=str, keep_default_na=False)
    voices.loc[0, "speech"] = "overheard"
    voices.to_csv(tmp_path / "tidy" / "voices.csv", index=False)
    report = validate({"voices", "terms"}, tmp_path)
    errors = [e for t in report.tasks for e in t.errors]
    assert [e.type for e in errors] == ["constraint-error"]


def self_study_place(nb):
    """(markdown cells before the self-study route, markdown cells before the first class plan)."""
    texts = [c.source for c in markdown_cells(nb, teacher=False)]
    route = next(i for i, t in enumerate(texts) if re.search(r"^#+ .*Route 3", t, re.M))
    first_plan = next(i for i, t in enumerate(texts) if re.search(r"^#+ Route 1", t, re.M))
    return route, first_plan


def test_a_student_alone_finds_the_self_study_route_near_the_top():
    route, first_plan = self_study_place(read(START))
    assert route <= 2 and route < first_plan


def test_a_self_study_route_after_the_lesson_plans_is_caught():
    nb = read(START)
    moved = next(c for c in nb.cells if re.search(r"^## .*Route 3", c.source, re.M))
    nb.cells.remove(moved)
    nb.cells.append(moved)
    route, first_plan = self_study_place(nb)
    assert not (route <= 2 and route < first_plan)
