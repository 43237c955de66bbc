"""Every time the kit states for a notebook or a route agrees with every other.

The times are read where a teacher or student meets them: the README's table of notebooks, the
start page's table and its Route 3 plan, each notebook's opening, any "(N minutes)" after a link
to a notebook, "N minutes for Route 1's part", and the guide's total for Route 3. Each is read as a range of minutes ("10-15 min",
"2.5 to 3 hours", "about three and a half hours"); all the times stated for one notebook must be
the same range, the self-study total must be the sum of its plan's steps, and each class plan's
minutes must add up to the class it plans ("One 50-minute class").
"""

import re

import nbformat
import pytest
from repo import NOTEBOOKS, REPO

WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split(),
    )
}
NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")(?:\s+and\s+a\s+half)?"
DURATION = re.compile(
    rf"(?:about\s+)?(?P<low>{NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{NUMBER}))?\s+(?P<unit>minutes?|min\b|hours?)", re.I
)
NOTEBOOK_LINK = re.compile(r"\(\s*`?(?:notebooks/)?(?P<stem>\d\d-[\w-]+)\.ipynb`?\s*\)")
ROW = re.compile(r"^\|(.+)\|\s*$", re.M)


def number(text):
    text = text.lower()
    half = 0.5 if text.endswith("and a half") else 0
    word = text.removesuffix("and a half").strip()
    return WORD_NUMBERS[word] + half if word in WORD_NUMBERS else float(word) + half


def minutes(text, unit="minutes"):
    """(low, high) in minutes of the first duration in `text` (a bare range counts in `unit`), or None."""
    text = text.replace("*", "")
    found = DURATION.search(text)
    if found is None:
        bare = re.match(rf"\s*(?:about\s+)?(?P<low>{NUMBER})(?:\s*-\s*(?P<high>{NUMBER}))?\b", text, re.I)
        if bare is None:
            return None
        found, scale = bare, 60 if unit.startswith("hour") else 1
    else:
        scale = 60 if found["unit"].lower().startswith("hour") else 1
    low = number(found["low"]) * scale
    return (low, number(found["high"]) * scale if found["high"] else low)


def markdown_of(stem):
    nb = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def table_rows(text, header):
    """The rows of the Markdown table whose header row starts with `header`, as lists of cells."""
    start = text.index(header)
    rows = []
    for match in ROW.finditer(text, start):
        if rows and match.start() > rows[-1][0] + 1:
            break
        rows.append((match.end(), [cell.strip() for cell in match[1].split("|")]))
    return [cells for _, cells in rows[2:]]


def stated_times():
    """[(where, notebook stem, (low, high) minutes)] for every time the kit states for a notebook."""
    stated = []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for cells in table_rows(readme, "| notebook | what it does |"):
        stated.append(("README.md", NOTEBOOK_LINK.search(f"({cells[0]})")["stem"], minutes(cells[-1])))
    start = "\n\n".join(markdown_of("00-start-here"))
    for cells in table_rows(start, "| Notebook | What it does | Time |"):
        stated.append(("00, table of notebooks", NOTEBOOK_LINK.search(cells[0])["stem"], minutes(cells[2])))
    for cells in table_rows(start, "| Minutes | Step | Where |"):
        link = NOTEBOOK_LINK.search(cells[2])
        if link:
            stated.append(("00, Route 3", link["stem"], minutes(cells[0])))
    for path in NOTEBOOKS:
        opening = markdown_of(path.stem)[0]
        stated.append((f"{path.stem}, its opening", path.stem, minutes(opening)))
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in [REPO / "README.md", *sorted((REPO / "guide").glob("*.md"))]]
    pages += [(p.stem, "\n\n".join(markdown_of(p.stem))) for p in NOTEBOOKS]
    for where, text in pages:
        for link in re.finditer(r"\]\((?P<stem>\d\d-[\w-]+)\.ipynb\)\s*\((?P<said>[^)]*)\)", text):
            if DURATION.match(link["said"].replace("*", "")):
                stated.append((f"{where}, after a link", link["stem"], minutes(link["said"])))
    for where, text in pages:  # a part of a notebook that a route takes: "95-110 minutes for Route 1's part"
        for part in re.finditer(
            r"(?P<said>[\w.]+(?:\s*-\s*[\w.]+)?\s+minutes)\s+(?:for|over)\s+(?P<route>Route \d)'s part", text
        ):
            stated.append((f"{where}, a route's part", f"{part['route']}'s part", minutes(part["said"])))
    return stated


def disagreements(stated):
    by_notebook = {}
    for where, stem, span in stated:
        by_notebook.setdefault(stem, {}).setdefault(span, []).append(where)
    return {stem: spans for stem, spans in by_notebook.items() if len(spans) > 1}


def test_every_notebook_is_given_one_time_wherever_the_kit_states_it():
    stated = stated_times()
    assert all(span for _, _, span in stated), [s for s in stated if not s[2]]
    assert {stem for _, stem, _ in stated} >= {p.stem for p in NOTEBOOKS}
    assert len([s for s in stated if s[1] == "Route 1's part"]) >= 2
    assert len(stated) >= 3 * len(NOTEBOOKS)
    assert disagreements(stated) == {}


@pytest.mark.parametrize(
    "planted",
    [
        ("00, planted", "04-check-the-numbers", minutes("about 50 minutes")),
        ("00, planted", "00-start-here", minutes("This page takes about **10 minutes**.", "minutes")),
        ("03, planted", "Route 1's part", minutes("95-100 minutes")),
    ],
)
def test_a_planted_time_that_disagrees_is_found(planted):
    assert disagreements([*stated_times(), planted]) != {}


def test_durations_are_read_in_words_and_figures():
    assert minutes("about three and a half hours in all") == (210, 210)
    assert minutes("allow 2.5 to 3\nhours in several sittings") == (150, 180)
    assert minutes("one 50-minute class, then 45-55 min") == (45, 55)
    assert minutes("150-180, in several sittings") == (150, 180)


def route_three_steps():
    start = "\n\n".join(markdown_of("00-start-here"))
    steps = [(cells[1], minutes(cells[0])) for cells in table_rows(start, "| Minutes | Step | Where |")]
    return [span for step, span in steps if not step.startswith("Optional")]


def route_three_totals():
    """Every total the guide and README give for Route 3, in minutes."""
    totals = []
    for path in [REPO / "README.md", *sorted((REPO / "guide").glob("*.md"))]:
        for line in re.findall(r"[^\n]*Route 3[^\n]*(?:\n  [^\n]*)*", path.read_text(encoding="utf-8")):
            if "in all" in line:
                totals.append((path.name, minutes(line.split("in all")[0].rsplit(",", 1)[-1])))
    return totals


def test_the_self_study_total_is_the_sum_of_its_steps():
    steps = route_three_steps()
    total = (sum(low for low, _ in steps), sum(high for _, high in steps))
    totals = route_three_totals()
    assert totals and all(span == total for _, span in totals), (total, totals)
    assert minutes("about three and a half hours") != total  # what the guide once said


def class_plans():
    """(the plan's heading, the minutes its class lasts, the minutes of its rows) for each class plan of 00."""
    start = "\n\n".join(markdown_of("00-start-here"))
    plans = []
    for heading in re.finditer(r"^(?:#{2,4} |\*\*)(?P<title>[^\n]*)$", start, re.M):
        rest = start[heading.end() :]
        table = rest.split("\n\n| Minutes | From |", 1)
        if len(table) < 2 or re.search(r"^(?:#{2,4} |\*\*)", table[0], re.M):
            continue
        rows = table_rows("| Minutes | From |" + table[1], "| Minutes | From |")
        plans.append((heading["title"], [int(cells[0]) for cells in rows]))
    return plans


def test_each_class_plan_fills_its_fifty_minutes():
    plans = class_plans()
    assert len(plans) >= 4, plans  # Route 1, Route 2's two classes, the alternative activity
    assert all(sum(rows) == 50 for _, rows in plans), plans
