"""`python -m newsfigures export`: what a student wrote in the notebooks, in one file to hand in.

A cell is the student's when its text is in no cell of the kit's copy of the
notebook (originals.py): a cell they added, or one of the kit's they changed
(an answer template filled in, an exercise's code). Each is listed under the
notebook it is in and the question it answers: the nearest cell above it that
is the kit's own text (a question or a heading; model answers, teacher notes
and the answer cells under the questions are not questions). In an answer cell
(tagged `answer`, "**Your answer:** ...") only what the student added is kept.
Code cells come with their text output.

A student's version that `reset` saved beside a notebook (`<name>.saved-<date>.ipynb`)
is collected too, under its own name, so starting again never empties a hand-in;
and a hand-in with nothing in it says so, loudly, rather than "hand in that file".

Everything the student wrote is input, shown as typed and never run: escaped
for HTML (and the page, like a handout, carries a policy that allows no script
and refuses to be written if inert.scan still finds one) or for Markdown.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from markupsafe import Markup

from newsfigures.errors import InputError
from newsfigures.files import write_bytes_atomic
from newsfigures.kit import SAVED_COPY
from newsfigures.pages import inert
from newsfigures.pages.editions import ANSWER, TEACHER_ONLY, tags
from newsfigures.pages.editions import title as notebook_title
from newsfigures.pages.page import PAGE_POLICY, page_template
from newsfigures.student import originals
from newsfigures.text.attribution import date_in_words
from newsfigures.text.headings import headings
from newsfigures.text.safe_text import escape


@dataclass
class Answer:
    section: str  # the nearest heading above, "" if none
    question: str  # the nearest cell of the kit's own text above (Markdown), "" if none
    kind: str  # "code" or "markdown"
    changed: bool  # a cell of the kit's that the student changed (else one they added)
    text: str
    output: str = ""


@dataclass
class Notebook:
    path: str
    title: str
    answers: list = field(default_factory=list)


def text_output(cell):
    """A code cell's stream and plain-text results, as one string."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "text/plain" in output.get("data", {}):
            parts.append(output["data"]["text/plain"])
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts).rstrip("\n")


def written(cell, kit_cell):
    """What the student wrote in a cell: in an answer cell, the text after the kit's own words."""
    text = cell.source.strip()
    if kit_cell is not None and ANSWER in tags(kit_cell) and text.startswith(kit_cell.source.strip()):
        return text[len(kit_cell.source.strip()) :].strip()
    return text


def students_cells(student, kit_copy):
    """Answers for every cell of `student` that is not the kit's; `kit_copy` may be None (a notebook of their own)."""
    kit_cells = kit_copy.cells if kit_copy else []
    kit_texts = {c.source.strip() for c in kit_cells}
    kit_by_id = {c.get("id"): c for c in kit_cells if c.get("id")}
    section = question = ""
    found = []
    for cell in student.cells:
        text = cell.source.strip()
        if text in kit_texts:
            if cell.cell_type == "markdown" and text and not (TEACHER_ONLY | {ANSWER}) & tags(cell):
                question = cell.source
                section = (headings(text) or [section])[-1]
            continue
        kit_cell = kit_by_id.get(cell.get("id"))
        text = written(cell, kit_cell)
        if text and cell.cell_type in ("markdown", "code"):
            output = text_output(cell) if cell.cell_type == "code" else ""
            found.append(Answer(section, question, cell.cell_type, kit_cell is not None, text, output))
    return found


def collect(kit):
    """A Notebook per notebook of the kit (and per copy `reset` saved) that holds something the student wrote."""
    if not originals.original_names(kit):
        raise InputError(
            "notebooks/",
            f"the kit keeps no copy of its notebooks here (it looked for {originals.source(kit)}), "
            "so it cannot tell what you wrote from what was there",
            "open the kit with `python -m newsfigures lab` before writing in it (it keeps a copy of each notebook), "
            "or hand in the notebooks themselves (File > Download in JupyterLab).",
        )
    notebooks = []
    for path in kit.notebooks + saved_copies(kit):
        student = read(path, kit)
        data = originals.original(kit, path.name.split(SAVED_COPY)[0].removesuffix(".ipynb") + ".ipynb")
        kit_copy = nbformat.reads(data.decode("utf-8"), as_version=4) if data else None
        title = notebook_title(kit_copy or student, path.stem)
        if SAVED_COPY in path.name:
            title += " (your version saved when you started the notebook again)"
        answers = students_cells(student, kit_copy)
        if answers:
            notebooks.append(Notebook(kit.relative(path), title, answers))
    return notebooks


def saved_copies(kit):
    """The student's versions `reset` saved beside the notebooks, oldest name first."""
    return sorted((kit.root / "notebooks").glob(f"*{SAVED_COPY}*.ipynb"))


def read(path, kit):
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise InputError(
            kit.relative(path),
            f"the notebook cannot be read ({err})",
            "open it in JupyterLab to see what is wrong, or start it again with "
            f"`python -m newsfigures reset {kit.relative(path)}` (your version is saved beside it first)",
        ) from None


def kind_of(answer):
    what = "code" if answer.kind == "code" else "text"
    return f"Your {what} (in a cell you {'changed' if answer.changed else 'added'})"


# --- HTML -------------------------------------------------------------------------------------


def question_html(markdown_text):
    """The kit's own question, rendered from its Markdown and sanitised like a handout's cells."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return Markup(inert.clean(markdown2html_mistune(markdown_text)))


def as_html(notebooks, name, when):
    """The hand-in page, from the Jinja2 template beside the handouts' (autoescaped: the student's text is data)."""
    shown = [
        {
            "title": nb.title,
            "path": nb.path,
            "answers": [
                {
                    "section": answer.section,
                    "question_html": question_html(question) if (question := shown_question(answer)) else "",
                    "kind_of": kind_of(answer),
                    "tag": "pre" if answer.kind == "code" else "div",
                    "text": answer.text,
                    "output": answer.output,
                }
                for answer in nb.answers
            ],
        }
        for nb in notebooks
    ]
    template = page_template("hand-in")
    title = "Answers" + (f": {name}" if name else "")
    return template.render(policy=PAGE_POLICY, title=title, name=name, when=written_on(when), notebooks=shown)


def written_on(when):
    """'3 December 2026 at 14:12': the day in words as everywhere in the kit, then the time."""
    return f"{date_in_words(when.date().isoformat())} at {when:%H:%M}"


def shown_question(answer):
    """The question above an answer, unless it is only the section's heading (shown as the answer's heading)."""
    return answer.question if answer.question.strip() != f"# {answer.section}" else ""


# --- Markdown ---------------------------------------------------------------------------------


def escaped_lines(text):
    """Text shown as typed in Markdown, line by line (escape alone would join the lines)."""
    return "\n".join(f"{escape(line)}  " if line.strip() else "" for line in text.splitlines()).rstrip()


def fenced(text):
    """A code block no line of `text` can close: its fence is longer than any run of backticks in it."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}\n{text}\n{fence}"


def as_markdown(notebooks, name, when):
    lines = ["# Answers" + (f": {escape(name)}" if name else ""), ""]
    lines += [f"Written on {written_on(when)} from the notebooks in `notebooks/`.", ""]
    for nb in notebooks:
        lines += [f"## {escape(nb.title)} ({escape(nb.path)})", ""]
        for answer in nb.answers:
            lines += [f"### {escape(answer.section or 'Before the first heading')}", ""]
            if shown_question(answer):
                lines += ["> " + line for line in answer.question.splitlines()] + [""]
            lines += [f"**{kind_of(answer)}**", ""]
            lines += [fenced(answer.text) if answer.kind == "code" else escaped_lines(answer.text), ""]
            if answer.output:
                lines += ["**What it showed**", "", fenced(answer.output), ""]
    if not notebooks:
        lines += ["Nothing written yet: no cell differs from the kit's copy of the notebooks.", ""]
    return "\n".join(lines)


def export(kit, fmt="html", name="", output=None, now=None):
    """Write the hand-in file; returns what was written, in words."""
    when = now or datetime.datetime.now()
    notebooks = collect(kit)
    if fmt == "html":
        text = as_html(notebooks, name, when)
        found = inert.executable_pieces(text)
        if found:  # cannot happen with everything escaped; refuse rather than hand in a page that runs
            raise InputError("the hand-in page", f"it would contain {found[0]}", "report this to your teacher")
    else:
        text = as_markdown(notebooks, name, when)
    target = Path(output) if output else free_name(kit.build / "hand-in", f"answers-{when:%Y-%m-%d-%H%M}", fmt)
    write_bytes_atomic(target, text.encode("utf-8"), kit)
    count = sum(len(nb.answers) for nb in notebooks)
    wrote = f"Wrote {kit.relative(target)}: {count} cell(s) you wrote, from {len(notebooks)} notebook(s)"
    saved = [nb.path for nb in notebooks if SAVED_COPY in nb.path]
    if saved:
        wrote += f", including the version(s) you saved by starting again: {', '.join(saved)}"
    if not count:
        return (
            f"{wrote}.\nWARNING: this hand-in is EMPTY: no cell of the notebooks differs from the kit's copy. "
            "Save your notebooks in JupyterLab (File > Save Notebook) and run export again; if you wrote your answers "
            "somewhere else, hand that in instead."
        )
    return f"{wrote}. Hand in that file."


def free_name(folder, stem, ext):
    n, target = 1, folder / f"{stem}.{ext}"
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}.{ext}"
    return target
