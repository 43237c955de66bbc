"""The student and teacher editions of the notebooks, and printable handouts.

`python -m newsfigures build` writes, from notebooks/*.ipynb:
- build/teacher/   every notebook exactly as committed;
- build/student/   every notebook without its `teacher` and `solution` cells,
                   and with the outputs of `exercise` cells cleared;
                   both editions get the modules the notebooks import from their
                   folder (notebooks/*.py), so they run where they are;
- build/handouts/  one self-contained HTML page per student notebook, to read
                   offline or print, every chart with its description as alt text,
                   and one per route of notebooks/worksheets.toml with only the
                   sections that route uses;
- build/worksheets/ one printable worksheet per route (see paper.py);
- build/class-packs/ per route that names a pack: only the passages, charts and tables it uses,
                   then its worksheet;
- build/answer-key/ the teacher edition as printable pages, every model answer
                   and teacher note open, and the marking rubric (notebooks/rubric.md).

On paper a content-noted passage (one shown closed behind its note) prints as
its note alone, unless the build is asked to print such passages; cells tagged
`screen-only` never print.

A handout runs nothing and loads nothing: its template adds no script and sets
a Content-Security-Policy that allows none; every Markdown cell and output is
sanitised (inert.clean); and a page in which inert.scan still finds a script,
an event attribute, a javascript: address or an outside load is refused.

Handouts hide code except where writing it is the student's task (cells
tagged `exercise`) and in a notebook whose code is what the lesson is about:
its notebook metadata says so, `"newsfigures": {"handout_shows_code": true}`. Links between notebooks become links
between handouts, so the set can be read offline as it is.

Nothing a student or teacher edited in build/ is overwritten: see manifest.py.
"""

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from newsfigures.lighter_imports import without_iri_grammar

without_iri_grammar()  # before nbformat imports jsonschema
import nbformat  # noqa: E402
from nbconvert import HTMLExporter, NotebookExporter  # noqa: E402
from nbconvert.filters.markdown_mistune import markdown2html_mistune  # noqa: E402
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor  # noqa: E402
from traitlets.config import Config  # noqa: E402

from newsfigures.errors import InputError  # noqa: E402
from newsfigures.pages.manifest import write_all  # noqa: E402
from newsfigures.pages.page import PAGE_POLICY, TEMPLATES  # noqa: E402

from . import inert, paper  # noqa: E402
from .screen_words import leave_out_instructions  # noqa: E402

# Cell tags. A model answer is for a student who has tried; a teacher note is
# for the teacher only; a solution is the worked answer to a code exercise, as
# code in a closed box of a Markdown cell (so Run All never runs or prints it);
# a screen-only cell (an instruction to click or run) is never printed.
MODEL_ANSWER = "model-answer"
TEACHER_NOTE = "teacher-note"
SOLUTION = "solution"
EXERCISE = "exercise"
SCREEN_ONLY = "screen-only"
ANSWER = "answer"  # a student's place to write under a question ("**Your answer:** ..."); export collects it
TEACHER_ONLY = {MODEL_ANSWER, TEACHER_NOTE, SOLUTION}
HIDDEN_TEXT = {MODEL_ANSWER, TEACHER_NOTE, SOLUTION}  # closed boxes, open in the answer key
# Charts come as image/png (with its description in the metadata) beside an
# HTML <img>; the handout template draws the PNG itself. JavaScript, widgets
# and SVG (which can hold scripts) are never shown.
HANDOUT_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/latex", "text/plain"]
# A closed box: a model answer, a teacher note, or a passage closed behind its content note
# (as newsfigures.display.readings shows it).
FOLDED = re.compile(r"<details>\s*<summary>(?P<summary>.*?)</summary>(?P<content>.*?)</details>", re.S)
# On paper nothing can be clicked: the note's screen instruction ("Click to read ...") is left out.
CLICK = re.compile(r"\s*\bClick\b[^.]*\.")


@dataclass(frozen=True)
class Paper:
    """What kind of page a notebook becomes, and what it shows."""

    kind: str = "handout"  # the page's classes: handout, worksheet (a class pack is "worksheet class-pack") or answer-key
    origin: str = ""  # the line under the title that says what the page is ("" for a notebook's handout)
    code_shown: frozenset = frozenset({EXERCISE})  # the tags of the cells whose code is shown
    open_hidden_text: bool = False  # model answers and teacher notes open
    print_content_noted: bool = False  # print content-noted passages, not only their notes
    link_prefix: str = ""  # where the notebooks' handouts are, seen from this page
    title: str = ""  # the page's title (a browser's tab, a printed page's header); "" for the notebook's name


# Words for a student working alone with the full notebook ("open the model answer"), marked
# <!-- self-study --> ... <!-- /self-study -->: the student edition has no such boxes, so it drops
# them and says where the answers are instead.
SELF_STUDY = re.compile(r"<!-- self-study -->.*?<!-- /self-study -->", re.S)
WHERE_THE_ANSWERS_ARE = (
    "*This is the student edition: the model answers, teacher notes and worked solutions are with your teacher.*"
)


def student_edition(nb):
    """A copy of the notebook without teacher/solution cells and self-study words, exercise outputs cleared."""
    remove = TagRemovePreprocessor(enabled=True, remove_cell_tags=TEACHER_ONLY, remove_all_outputs_tags={EXERCISE})
    student, _ = remove(copy.deepcopy(nb), {})
    for cell in student.cells:
        if cell.cell_type == "markdown":
            cell.source = SELF_STUDY.sub("", cell.source)
    first = next((cell for cell in student.cells if cell.cell_type == "markdown"), None)
    if first is not None:
        first.source += "\n\n" + WHERE_THE_ANSWERS_ARE
    return student


def teacher_only_cells(nb):
    """The cells the student edition leaves out: model answers, teacher notes, solutions."""
    return [cell for cell in nb.cells if tags(cell) & TEACHER_ONLY]


def notebook_bytes(nb):
    text, _ = NotebookExporter().from_notebook_node(nb)
    return text.encode("utf-8")


def tags(cell):
    return set(cell.metadata.get("tags", []))


class HideCode(Preprocessor):
    """Hide the code of every cell except those the page shows (exercises)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and not tags(cell) & resources["paper"].code_shown:
            cell.metadata["transient"] = {"remove_source": True}
        return cell, resources


class LinkHandouts(Preprocessor):
    """Point Markdown links to a sibling notebook at its handout, so the handouts link to each other."""

    NOTEBOOK_LINK = re.compile(r"(\]\(\s*)([\w-]+)\.ipynb(?=[#)\s])")

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            stems, prefix = resources["notebooks"], resources["paper"].link_prefix
            cell.source = self.NOTEBOOK_LINK.sub(lambda m: f"{m[1]}{prefix}{m[2]}.html" if m[2] in stems else m[0], cell.source)
        return cell, resources


class NoNotebookInstructions(Preprocessor):
    """Leave out the sentences that tell how to work JupyterLab: a page runs nothing (see screen_words.py)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = leave_out_instructions(cell.source)
        return cell, resources


class Folds(Preprocessor):
    """Closed boxes (<details>) holding Markdown, rendered whole: the Markdown renderer ends a block of
    HTML at the first blank line, which would leave the box empty and its content open after it.
    Model answers and teacher notes open on a page that asks for it; a content-noted passage (an
    excerpt shown closed behind its note) gets the note to print in its place, unless the page
    prints such passages (see handout.css)."""

    def preprocess_cell(self, cell, resources, index):
        page = resources["paper"]
        opened = page.open_hidden_text and bool(tags(cell) & HIDDEN_TEXT)  # a model answer may be rendered by code
        if cell.cell_type == "markdown":
            cell.source = FOLDED.sub(lambda fold: box(fold, opened=opened), cell.source)
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                excerpt = "excerpt" in output.get("metadata", {})  # a passage: never opened by the page
                noted = excerpt and not page.print_content_noted
                output.data["text/markdown"] = FOLDED.sub(
                    lambda fold: box(fold, opened=opened and not excerpt, noted=noted), output.data["text/markdown"]
                )
        return cell, resources


def box(fold, opened=False, noted=False):
    """The box as one block of HTML (no blank line inside), its content rendered from Markdown."""
    content = "\n".join(line for line in markdown2html_mistune(fold["content"]).splitlines() if line.strip())
    attributes = (' class="content-noted"' if noted else "") + (" open" if opened else "")
    html = f"<details{attributes}><summary>{fold['summary']}</summary>\n{content}\n</details>"
    if noted:
        note = CLICK.sub("", fold["summary"]).strip().rstrip(".")
        html += f'\n\n<p class="passage-not-printed">Passage not printed: {note}; read it on screen or ask your teacher.</p>'
    return html


def check_chart_descriptions(nb, path, kit):
    """Refuse a chart with no description: the handout would show it without alt text."""
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}) and not output.get("metadata", {}).get("image/png", {}).get("alt"):
                raise InputError(
                    kit.relative(path),
                    f"cell {number} shows a chart without a description",
                    "display every chart with newsfigures.charts.show(fig, name, alt), then re-run the notebook",
                )


def code_is_the_lesson(nb):
    """Does the notebook ask its handouts to show all its code (notebook metadata `newsfigures.handout_shows_code`)?"""
    return bool(nb.metadata.get("newsfigures", {}).get("handout_shows_code", False))


def handout_html(nb, path, stems, page=Paper()):
    """The notebook as one self-contained HTML page; `stems` name the notebooks that have handouts."""
    exporter = HTMLExporter(
        config=Config({"NbConvertBase": {"display_data_priority": HANDOUT_PRIORITY}}),
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="handout",
        embed_images=False,  # True re-parses each HTML block of a Markdown cell alone, closing an open <details> at once
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,  # the template passes Markdown cells and outputs through clean_html
    )
    exporter.register_filter("clean_html", inert.clean)  # nh3, keeping the charts' embedded images
    exporter.register_preprocessor(LinkHandouts, enabled=True)
    exporter.register_preprocessor(NoNotebookInstructions, enabled=True)
    if not code_is_the_lesson(nb):
        exporter.register_preprocessor(HideCode, enabled=True)
    exporter.register_preprocessor(Folds, enabled=True)
    resources = {
        "metadata": {"name": path.stem, "path": str(path.parent)},
        "notebooks": stems,
        "paper": page,
        "policy": PAGE_POLICY,
    }
    nb = copy.deepcopy(nb)
    if page.title:
        nb.metadata["title"] = page.title  # the lab template's <title>
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    return html.encode("utf-8")


def check_handout(html, nb, path, kit):
    """Refuse a handout page that would still run or load anything, naming the notebook's cell."""
    numbers = {cell.id: number for number, cell in enumerate(nb.cells, start=1) if cell.get("id")}
    for cell, what in inert.scan(html):
        if cell in numbers:
            raise InputError(
                kit.relative(path),
                f"the handout would contain {what}",
                "take the markup out of the cell (or, in an output, show article text through "
                "newsfigures.text.safe_text), re-run the notebook, then build again",
                row=f"cell {numbers[cell]}",
            )
        raise InputError(
            kit.relative(TEMPLATES / "handout" / "index.html.j2"),
            f"the handout of {kit.relative(path)} would contain {what}, outside any cell",
            "remove it from the handout template, then build again",
        )


def checked_page(nb, source, path, kit, stems, page):
    """A page made from `nb` (cells of the notebook `source` at `path`), refused if it would run anything."""
    html = handout_html(nb, path, stems, page)
    check_handout(html.decode("utf-8"), source, path, kit)
    return html


def answer_key(nb, path, kit, stems, printed):
    """The teacher edition as a printable page: every model answer, teacher note and worked solution open."""
    page = Paper(
        kind="answer-key",
        origin=f"Answer key: notebooks/{path.name}, teacher edition, every model answer and teacher note open. "
        "For the teacher: do not hand it out before students have tried.",
        code_shown=frozenset({EXERCISE}),
        open_hidden_text=True,
        print_content_noted=printed,
        title=f"Answer key · {title(nb, path.stem)}",
    )
    return checked_page(nb, nb, path, kit, stems, page)


def title(nb, fallback):
    """A notebook's first heading, or `fallback`."""
    return next((h for cell in nb.cells for h in paper.headings(cell)), fallback)


def answer_key_extras(kit, plan, notebooks, stems, printed):
    """The marking rubric as a page (placed where the plan says), and a contents page in the order of the lesson."""
    out = kit.build / "answer-key"
    pages = [(Path(name).stem, title(nb, name)) for name, (nb, _) in notebooks.items()]
    files = {}
    if plan.rubric:
        rubric = kit.root / "notebooks" / plan.rubric
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(rubric.read_text(encoding="utf-8"), id="rubric")])
        origin = f"Answer key: the marking rubric (notebooks/{plan.rubric})."
        page = Paper("answer-key", origin, print_content_noted=printed, title=f"Answer key · {title(nb, plan.rubric)}")
        files[out / "rubric.html"] = checked_page(nb, nb, rubric, kit, stems, page)
        after = next((i for i, (stem, _) in enumerate(pages) if f"{stem}.ipynb" == plan.rubric_after), len(pages) - 1)
        pages.insert(after + 1, ("rubric", title(nb, plan.rubric)))
    items = "\n".join(f"{n}. [{name}]({stem}.html)" for n, (stem, name) in enumerate(pages, start=1))
    contents = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# Answer key\n\nIn the order of the lesson:\n\n{items}", id="contents")]
    )
    page = Paper("answer-key", "Answer key: contents. For the teacher.", title="Answer key · Contents")
    files[out / "index.html"] = checked_page(contents, contents, out / "index.html", kit, set(), page)
    return files


def route_pages(kit, plan, notebooks, stems, printed):
    """Per route of the plan (notebooks/worksheets.toml): its handout and its worksheet (see paper.py)."""
    files, where = {}, kit.relative(kit.root / "notebooks" / paper.PLAN)
    for route in plan.routes:
        source, student = notebooks[route.notebook]
        path = kit.root / "notebooks" / route.notebook
        if route.handout:
            origin = f"Handout for {route.title}: the parts of notebooks/{route.notebook} it uses (student edition)."
            nb = paper.route_notebook(route, student, where)
            page = Paper("handout", origin, print_content_noted=printed, title=f"{route.title} · Handout")
            files[kit.build / "handouts" / f"{route.name}.html"] = checked_page(nb, source, path, kit, stems, page)
        if route.worksheet:
            origin = f"Worksheet for {route.title}, from notebooks/{route.notebook}."
            nb = paper.worksheet_notebook(route, student, where, leave_out=SCREEN_ONLY)
            page = Paper(
                "worksheet", origin, print_content_noted=printed, link_prefix="../handouts/", title=f"{route.title} · Worksheet"
            )
            files[kit.build / "worksheets" / f"{route.name}.html"] = checked_page(nb, source, path, kit, stems, page)
        if route.pack:
            origin = f"Class pack for {route.title}: its passages, charts and worksheet, from notebooks/{route.notebook}."
            nb = paper.pack_notebook(route, student, where, leave_out=SCREEN_ONLY)
            page = Paper("worksheet class-pack", origin, print_content_noted=printed, title=f"{route.title} · Class pack")
            files[kit.build / "class-packs" / f"{route.name}.html"] = checked_page(nb, source, path, kit, stems, page)
    return files


def editions(kit, print_content_noted=False):
    """Every file of the editions and printed pages, as {path: bytes}, built in memory."""
    out, printed = kit.build, print_content_noted
    files, notebooks = {}, {}
    paths = kit.notebooks
    stems = {p.stem for p in paths}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        check_chart_descriptions(nb, path, kit)
        student = student_edition(nb)
        notebooks[path.name] = (nb, student)
        files[out / "teacher" / path.name] = path.read_bytes()
        files[out / "student" / path.name] = notebook_bytes(student)
        handout = Paper(print_content_noted=printed, title=f"{title(nb, path.stem)} · Handout")
        files[out / "handouts" / f"{path.stem}.html"] = checked_page(student, nb, path, kit, stems, handout)
        files[out / "answer-key" / f"{path.stem}.html"] = answer_key(nb, path, kit, stems, printed)
    for module in kit.modules:  # the notebooks import them from their own folder
        files[out / "teacher" / module.name] = files[out / "student" / module.name] = module.read_bytes()
    plan = paper.read_plan(kit, {p.name for p in paths})
    files.update(route_pages(kit, plan, notebooks, stems, printed))
    if paths:
        files.update(answer_key_extras(kit, plan, notebooks, stems, printed))
    return files


def build(kit, force=False, print_content_noted=False):
    """Write the editions into build/; returns the paths that changed.

    Raises manifest.EditedFiles, writing nothing, when a file in build/ was
    edited since the last build, unless `force`. With `print_content_noted`,
    the printed pages carry content-noted passages in full.
    """
    files = editions(kit, print_content_noted)
    return write_all(files, kit.build / ".manifest.json", kit, force=force)
