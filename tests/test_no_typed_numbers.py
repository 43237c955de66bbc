"""No typed numbers in the kit's prose: every figure a reader meets is rendered from the data by code.

Every Markdown cell (model answers and teacher notes included) and every string written in a code
cell is read. A number in them passes only if it is structural, on the short list below, is
inside a quotation that stands word for word in an article, or is marked with the table it comes
from (`2004<!-- value: record_year | year -->`; tests/test_marked_numbers.py checks it agrees). Anything else is a figure typed by
hand, which can drift from the data: render it from the tables instead.
"""

import ast
import re

import nbformat
import pytest
from repo import NOTEBOOKS, REPO_KIT

from newsfigures.display.marked import MARKED
from newsfigures.tables.load import tidy

NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
LABELS = (  # words that make the numbers after them labels, not figures: "Route 1", "paragraphs 4 and 10"
    r"(?:Routes?|Parts?|Steps?|steps?|Readings?(?: [CU])?|[Ii]nvestigations?|[Ss]ections?|[Pp]aragraphs?|Evidence|"
    r"[Cc]laims?|[Cc]ells?|[Nn]otebooks?|Clue|Blocks?|[Cc]lass(?:es)?)"
)
LABELLED = re.compile(LABELS + r"\s+(?:\d+\s*(?:,|and|or|-|to)\s*)*$")
STRUCTURAL_AFTER = re.compile(r"^(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?(?:-minute|\s*(?:min\b|minutes|hours))")
STRUCTURAL_WHOLE = re.compile(r"^0[0-4]$")  # notebook numbers
UNITS = re.compile(  # the kit's method and definitions, not figures: conversions, parity, the scales of its charts
    r"per 1,000 words|per 100\b|for 100\b|per 1\b|\bto 1\b(?![,.]\d)|every 100\b|(?:by|x|×) 100\b|100 × |\b1\.0\b|"
    r"marks 100\b|100 squares|"
    r"\b1 square\b|\b1 percent\b|10 times the one before|31 December"
)
PLAN_TABLE = re.compile(r"^\| Minutes \|.*(?:\n\|.*)*", re.MULTILINE)  # a lesson plan: its first two columns are minutes
UNSCANNED = re.compile(r"`[^`\n]*`|\]\([^)]*\)|<[^>]*>")  # code spans, link targets, HTML tags
QUOTED = re.compile(r"\"([^\"\n]+(?:\n[^\"\n]+)?)\"|“([^”\n]+(?:\n[^”\n]+)?)”")  # may wrap onto a second line
CODE_BLOCK = re.compile(r"```python\n(.*?)\n```", re.S)  # code in a Markdown cell (a worked solution)
LIST_OR_HEADING = re.compile(r"^(\s*(?:#+\s*)?)(\d+)[.:](?=\s)", re.MULTILINE)


def article_text():
    return " ".join(" ".join(tidy("paragraphs", REPO_KIT)["text"].astype(str)).split()).lower()


ARTICLES = article_text()
ARTICLE_YEARS = {str(day)[:4] for day in tidy("sources", REPO_KIT)["published"]}


def blank(match):
    return " " * len(match.group(0))


def verbatim(quote):
    """A quotation that stands word for word in an article ("..." marking what it leaves out)."""
    parts = [" ".join(part.split()).lower() for part in quote.split("...")]
    return all(part in ARTICLES for part in parts if part)


def minutes_blanked(table):
    """A lesson plan with its Minutes and From columns blanked."""
    rows = []
    for row in table.group(0).split("\n"):
        cells = row.split("|")
        rows.append("|".join(cells[:1] + [" " * len(c) for c in cells[1:3]] + cells[3:]))
    return "\n".join(rows)


def typed_numbers(text):
    """The numbers in `text` that are neither structural nor inside a verbatim quotation of an article."""
    text = MARKED.sub(blank, text)  # a number marked with its table: checked against it elsewhere
    text = UNSCANNED.sub(blank, text)
    text = PLAN_TABLE.sub(minutes_blanked, text)
    text = LIST_OR_HEADING.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    text = UNITS.sub(blank, text)
    text = QUOTED.sub(lambda m: blank(m) if verbatim(m.group(1) or m.group(2)) else m.group(0), text)
    found = []
    for m in NUMBER.finditer(text):
        before, after, number = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 16], m.group(0)
        if LABELLED.search(before) or STRUCTURAL_AFTER.match(after) or STRUCTURAL_WHOLE.match(number):
            continue
        if number in ARTICLE_YEARS:  # a year that names an article
            continue
        found.append(f"{number} in …{text[max(0, m.start() - 50) : m.end() + 20]}…".replace("\n", " "))
    return found


def code_strings(source):
    """The literal text of the strings a code cell writes (f-string parts too), docstrings and comments left out."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [  # a string with no space in it is a name (an id, a colour, a pattern), not prose
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and " " in node.value.strip()
    ]


def prose(path):
    """(where, text) for every Markdown cell and every string in a code cell of a notebook."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        where = f"{path.name} cell {index}"
        if cell.cell_type == "markdown":  # a worked solution's code, shown in a box, is read as code
            yield where, CODE_BLOCK.sub("", cell.source)
            for code in CODE_BLOCK.findall(cell.source):
                for text in code_strings(code):
                    yield where + " (a string in its code)", text
        elif cell.cell_type == "code":
            for text in code_strings(cell.source):
                yield where + " (a string in its code)", text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figure_is_typed_by_hand(path):
    typed = [f"{where}: {number}" for where, text in prose(path) for number in typed_numbers(text)]
    assert typed == [], "figures typed by hand (render them from the tables):\n" + "\n".join(typed)


@pytest.mark.parametrize(
    "planted",
    [
        "Women were 70.5 percent of all arrivals.",
        "<details><summary>Model answer</summary>\n\nThe ratio was 120.56 in 2008.\n</details>",
        "The estimates run from 10,000 to 300,000.",
        "Paragraph 2 gives a range; the low end is 50,000.",
        "The peak was in 2004<!-- value: record_year | year -->, at 121.18 boys per 100 girls.",
        "At 121.18 <!-- value: at_birth_in_record_year --> boys per 100 girls.",  # not right before its marker
    ],
)
def test_a_planted_typed_figure_is_found(planted):
    assert typed_numbers(planted)


@pytest.mark.parametrize(
    "structural",
    [
        "## 2. Men and women",
        "1. *Find it.* Read paragraphs 4 and 10 of Reading U2 (Route 1, about 10 minutes).",
        'The article says "An unofficial figure estimates that there are between 50,000 and\n'
        '200,000 North Koreans living in China."',
        "Open `04-check-the-numbers.ipynb`, investigations 3 and 4, and convert per 1 into per 100.",
        "The peak was in 2004<!-- value: record_year | year -->, at 121.18<!-- value: at_birth_in_record_year -->.",
    ],
)
def test_structural_numbers_pass(structural):
    assert typed_numbers(structural) == []
