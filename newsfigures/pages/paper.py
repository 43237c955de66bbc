"""What a class gets on paper: per route, a handout of the sections it uses and a worksheet.

notebooks/worksheets.toml names, for each route (or each class of a route), the notebook, the
sections of it the route uses, and what the worksheet takes from them. A section is found by its
heading: the cell holding the heading and the cells after it, up to the next cell with a heading.
Everything is taken from the notebook's own cells, so each question exists once.

A worksheet keeps the Markdown cells a part asks for (`take = "questions"`: the cells that start
with **Questions**; `take = "all"`: every Markdown cell of the section) and adds ruled writing
space: under each line of an answer frame (a paragraph that ends with "...", as in *Claim:* ...)
and, in a part that takes questions, under each question of a numbered list, with a line more for
each further question mark of a question in several parts. (In a part taken whole, such as a
structured discussion, the questions are for talking or re-reading.) A part may keep only some of
a lettered list (`only = ["A", "D"]`: the items **A.** and **D.**, and "(A, B, C or D)" becomes
"(A or D)").

A route's class pack (`pack`, a list of sections) is what a class needs on paper and no more: the
passages, charts and tables those sections show (their code cells' outputs, under each section's
heading), then the route's worksheet.
"""

import re
import tomllib
from dataclasses import dataclass

import nbformat

from newsfigures.errors import InputError
from newsfigures.text.headings import headings as markdown_headings
from newsfigures.text.safe_text import escape

PLAN = "worksheets.toml"
TAKES = ("questions", "all")
QUESTIONS = "**Questions**"
LIST_ITEM = re.compile(r"^\d+\.\s", re.M)
FRAME_LINE = re.compile(r"^(?P<label>\S.*?)\s*\.\.\.\s*$")


@dataclass(frozen=True)
class Part:
    section: str
    take: str
    lines: int
    only: tuple = ()  # the letters of a lettered list to keep (all if empty)


@dataclass(frozen=True)
class Route:
    name: str
    title: str
    notebook: str
    handout: tuple
    worksheet: tuple
    pack: tuple = ()


@dataclass(frozen=True)
class Plan:
    routes: tuple = ()
    rubric: str = ""  # a Markdown file in notebooks/, shown in the answer key
    rubric_after: str = ""  # the notebook after which the answer key lists the rubric


def read_plan(kit, notebooks):
    """The plan in notebooks/worksheets.toml, checked against the `notebooks` there are; empty if there is none."""
    path = kit.root / "notebooks" / PLAN
    if not path.is_file():
        return Plan()
    where = kit.relative(path)
    try:
        plan = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(where, f"it is not valid TOML ({err})", "correct the line named, then build again") from None
    routes = [route_from(entry, number, where, notebooks) for number, entry in enumerate(plan.get("route", []), start=1)]
    names = [r.name for r in routes]
    for name in {n for n in names if names.count(n) > 1}:
        raise InputError(where, f"two routes are named {name!r}", "give each [[route]] a name of its own")
    key = plan.get("answer_key", {})
    rubric, after = key.get("rubric", ""), key.get("rubric_after", "")
    if rubric and not (kit.root / "notebooks" / rubric).is_file():
        raise InputError(where, f"the rubric notebooks/{rubric} does not exist", "correct [answer_key] rubric, or add the file")
    if after and after not in notebooks:
        raise InputError(where, f"there is no notebooks/{after}", "correct [answer_key] rubric_after")
    return Plan(tuple(routes), rubric, after)


def route_from(entry, number, where, notebooks):
    row = f"route {number}"
    for key in ("name", "title", "notebook"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise InputError(where, f"the route has no {key}", f'add {key} = "..." to this [[route]]', row=row)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entry["name"]):
        raise InputError(where, f"the name {entry['name']!r} is not a file name", "use lower-case letters, digits and -", row=row)
    parts = []
    for item in entry.get("worksheet", []):
        take, lines, only = item.get("take", "questions"), item.get("lines", 3), item.get("only", [])
        letters = isinstance(only, list) and all(isinstance(x, str) and re.fullmatch(r"[A-Z]", x) for x in only)
        if take not in TAKES or not isinstance(lines, int) or not 0 <= lines <= 12 or not item.get("section") or not letters:
            raise InputError(
                where,
                f"a worksheet part is not understood: {item!r}",
                'write each part as { section = "<heading>", take = "questions" or "all", lines = 0 to 12 }, '
                'with only = ["A", "D"] to keep some items of a lettered list',
                row=row,
            )
        parts.append(Part(item["section"], take, lines, tuple(only)))
    if entry["notebook"] not in notebooks:
        raise InputError(where, f"there is no notebooks/{entry['notebook']}", "name a notebook of notebooks/", row=row)
    handout, pack = tuple(entry.get("handout", [])), tuple(entry.get("pack", []))
    return Route(entry["name"], entry["title"], entry["notebook"], handout, tuple(parts), pack)


def headings(cell):
    return markdown_headings(cell.source) if cell.cell_type == "markdown" else []


def matches(wanted, heading):
    """A heading is named by its text, or by its start up to " · " ("Reading C1" for "Reading C1 · How many")."""
    return heading == wanted or heading.startswith(f"{wanted} · ")


def section(nb, wanted, where, notebook):
    """The cells of the section headed `wanted`: its heading's cell up to the next cell with a heading."""
    starts = [i for i, cell in enumerate(nb.cells) if any(matches(wanted, h) for h in headings(cell))]
    if len(starts) != 1:
        found = "no heading" if not starts else f"{len(starts)} headings"
        names = "; ".join(h for cell in nb.cells for h in headings(cell))
        raise InputError(
            where,
            f"{found} {wanted!r} in notebooks/{notebook}",
            f"name one of its headings (or its start up to ' · '): {names}",
        )
    end = next((i for i in range(starts[0] + 1, len(nb.cells)) if headings(nb.cells[i])), len(nb.cells))
    return nb.cells[starts[0] : end]


def route_notebook(route, nb, where):
    """The route's handout: the sections it uses, in its order, as one notebook."""
    cells = [cell for wanted in route.handout for cell in section(nb, wanted, where, route.notebook)]
    return nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)


def worksheet_notebook(route, nb, where, leave_out):
    """The route's worksheet: its title, then each part's heading and cells (none tagged `leave_out`),
    with writing space. The cells it adds have ids of their own, so a second build changes nothing."""
    cells = [markdown_cell(f"# {escape(route.title)}", f"{route.name}-title")]
    for number, part in enumerate(route.worksheet, start=1):
        found = [c for c in section(nb, part.section, where, route.notebook) if leave_out not in c.metadata.get("tags", [])]
        taken = [c for c in found if c.cell_type == "markdown" and (part.take == "all" or is_questions(c))]
        if not taken:
            raise InputError(where, f"the section {part.section!r} has no **Questions** cell", 'use take = "all"', row=route.name)
        if part.take == "questions":
            cells.append(markdown_cell(f"## {headings(found[0])[0]}", f"{route.name}-part-{number}"))
        taken = [only_items(cell, part.only) for cell in taken] if part.only else taken
        cells += [with_writing_space(cell, part.lines, questions=part.take == "questions") for cell in taken]
    return nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)


def pack_notebook(route, nb, where, leave_out):
    """The route's class pack: each pack section's heading and what its code shows (passages, charts,
    tables), then the worksheet's parts."""
    cells = [markdown_cell(f"# {escape(route.title)} · class pack", f"{route.name}-pack")]
    for number, wanted in enumerate(route.pack, start=1):
        found = section(nb, wanted, where, route.notebook)
        cells.append(markdown_cell(f"## {headings(found[0])[0]}", f"{route.name}-pack-{number}"))
        cells += [c for c in found if c.cell_type == "code" and c.get("outputs") and leave_out not in c.metadata.get("tags", [])]
    sheet = worksheet_notebook(route, nb, where, leave_out)
    cells.append(markdown_cell(f"# {escape(route.title)} · worksheet", f"{route.name}-pack-worksheet"))
    return nbformat.v4.new_notebook(cells=cells + sheet.cells[1:], metadata=nb.metadata)


LETTERED = re.compile(r"^[-*]\s+\*\*(?P<letter>[A-Z])\.\*\*", re.M)
LETTER_CHOICE = re.compile(r"\((?:[A-Z], )*[A-Z],? or [A-Z]\)")


def only_items(cell, letters):
    """A copy of a Markdown cell keeping only the lettered items (`- **A.** ...`) named, and saying so
    where the cell lists the letters to choose from ("(A, B, C or D)" becomes "(A or D)")."""
    lines = [line for line in cell.source.splitlines() if (m := LETTERED.match(line)) is None or m["letter"] in letters]
    choice = f"({', '.join(letters[:-1])} or {letters[-1]})" if len(letters) > 1 else f"({letters[0]})"
    return markdown_cell(LETTER_CHOICE.sub(choice, "\n".join(lines)), cell.id, cell.metadata)


def markdown_cell(source, cell_id, metadata=None):
    return nbformat.v4.new_markdown_cell(source, id=cell_id, metadata=metadata or {})


def is_questions(cell):
    return cell.source.lstrip().startswith(QUESTIONS)


def ruled(lines):
    return '<div class="ruled">' + "<div></div>" * lines + "</div>" if lines else ""


def extra_parts(question):
    """A line more for each further question a numbered question asks ("Who ...? And why?")."""
    return max(question.count("?") - 1, 0)


def with_writing_space(cell, lines, questions=True):
    """A copy of a Markdown cell with ruled lines under each frame line and (if `questions`) each numbered
    question, without its **Questions** label."""
    blocks = []
    for block in re.split(r"\n\s*\n", cell.source.strip()):
        frame = FRAME_LINE.match(block.strip())
        if block.strip() == QUESTIONS:
            continue  # under the part's heading, the numbered list says it is questions
        if frame:
            blocks += [frame["label"], ruled(lines)]
        elif questions and LIST_ITEM.match(block):
            items = [item.strip() for item in re.split(r"\n(?=\d+\.\s)", block)]
            blocks += [piece for item in items for piece in (item, ruled(lines + extra_parts(item)))]
        else:
            blocks.append(block)
    return markdown_cell("\n\n".join(b for b in blocks if b), cell.id, cell.metadata)
