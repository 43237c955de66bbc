"""The student and teacher editions of the notebooks, and printable handouts.

`python -m newsfigures build` writes, from notebooks/*.ipynb:
- build/teacher/   every notebook exactly as committed;
- build/student/   every notebook without its `teacher` and `solution` cells,
                   and with the outputs of `exercise` cells cleared;
- build/handouts/  one self-contained HTML page per student notebook, to read
                   offline or print, every chart with its description as alt text.

A handout runs nothing and loads nothing: its template adds no script and sets
a Content-Security-Policy that allows none; every Markdown cell and output is
sanitised (inert.clean); and a page in which inert.scan still finds a script,
an event attribute, a javascript: address or an outside load is refused.

Handouts hide code except where writing it is the student's task (cells
tagged `exercise`) and in the notebooks listed in CODE_IS_THE_LESSON, where
the code is what the lesson is about. Links between notebooks become links
between handouts, so the set can be read offline as it is.

Nothing a student or teacher edited in build/ is overwritten: see manifest.py.
"""

import copy
import re
from pathlib import Path

from newsfigures.lighter_imports import without_iri_grammar

without_iri_grammar()  # before nbformat imports jsonschema
import nbformat  # noqa: E402
from nbconvert import HTMLExporter, NotebookExporter  # noqa: E402
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor  # noqa: E402
from traitlets.config import Config  # noqa: E402

from newsfigures.classroom.manifest import write_all  # noqa: E402
from newsfigures.errors import InputError  # noqa: E402

from . import inert  # noqa: E402

# Cell tags. A model answer is for a student who has tried; a teacher note is
# for the teacher only; a solution is the worked answer to a code exercise.
MODEL_ANSWER = "model-answer"
TEACHER_NOTE = "teacher-note"
SOLUTION = "solution"
EXERCISE = "exercise"
TEACHER_ONLY = {MODEL_ANSWER, TEACHER_NOTE, SOLUTION}
HIDDEN_TEXT = {MODEL_ANSWER, TEACHER_NOTE}
CODE_IS_THE_LESSON = {"01-prepare-data"}
TEMPLATES = Path(__file__).parent / "templates"
# Charts come as image/png (with its description in the metadata) beside an
# HTML <img>; the handout template draws the PNG itself. JavaScript, widgets
# and SVG (which can hold scripts) are never shown.
HANDOUT_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/latex", "text/plain"]


def student_edition(nb):
    """A copy of the notebook without teacher/solution cells, exercise outputs cleared."""
    remove = TagRemovePreprocessor(enabled=True, remove_cell_tags=TEACHER_ONLY, remove_all_outputs_tags={EXERCISE})
    student, _ = remove(copy.deepcopy(nb), {})
    return student


def notebook_bytes(nb):
    text, _ = NotebookExporter().from_notebook_node(nb)
    return text.encode("utf-8")


class HideCode(Preprocessor):
    """Hide the code of every cell except exercises; outputs stay."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and EXERCISE not in cell.metadata.get("tags", []):
            cell.metadata["transient"] = {"remove_source": True}
        return cell, resources


class LinkHandouts(Preprocessor):
    """Point Markdown links to a sibling notebook at its handout, so the handouts link to each other."""

    NOTEBOOK_LINK = re.compile(r"(\]\(\s*)([\w-]+)\.ipynb(?=[#)\s])")

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            stems = resources["notebooks"]
            cell.source = self.NOTEBOOK_LINK.sub(lambda m: f"{m[1]}{m[2]}.html" if m[2] in stems else m[0], cell.source)
        return cell, resources


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


def handout_html(student, path, stems):
    """The student notebook as one self-contained HTML page; `stems` name the other handouts."""
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
    if path.stem not in CODE_IS_THE_LESSON:
        exporter.register_preprocessor(HideCode, enabled=True)
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}, "notebooks": stems}
    html, _ = exporter.from_notebook_node(copy.deepcopy(student), resources=resources)
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


def editions(kit):
    """Every file of the three editions, as {path: bytes}, built in memory."""
    out = kit.build
    files = {}
    paths = kit.notebooks
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        check_chart_descriptions(nb, path, kit)
        student = student_edition(nb)
        files[out / "teacher" / path.name] = path.read_bytes()
        files[out / "student" / path.name] = notebook_bytes(student)
        handout = handout_html(student, path, {p.stem for p in paths})
        check_handout(handout.decode("utf-8"), nb, path, kit)
        files[out / "handouts" / f"{path.stem}.html"] = handout
    return files


def build(kit, force=False):
    """Write the editions into build/; returns the paths that changed.

    Raises manifest.EditedFiles, writing nothing, when a file in build/ was
    edited since the last build, unless `force`.
    """
    return write_all(editions(kit), kit.build / ".manifest.json", kit, force=force)
