"""What the kit says about itself and its sources holds: read from the tables and files it names.

- Who answered whom: where a position in data/input/context/positions.csv is "Answering" another
  speaker, that speaker spoke first (by the table's dates), and no text of the kit says the first
  speaker replied or answered.
- Every `python -m newsfigures COMMAND` the README, the guide, the data dictionary and the
  notebooks name is a command the kit has.
- The README's quick run leaves out the browser, hub and network-cutting tests it says it leaves out.
- The code's licence is in LICENSE, as the README says.
- Words the kit's own sources contradict, once written and corrected, are not written again.
"""

import csv
import re
import subprocess
import sys
from datetime import date

import nbformat
import pytest
from repo import NOTEBOOKS, REPO

from newsfigures.__main__ import COMMANDS

POSITIONS = REPO / "data" / "input" / "context" / "positions.csv"
ANSWERING = re.compile(r"^Answering the (?P<whom>.+?)'s\b")
REPLY_WORDS = r"(?:reply|replies|replied|answer|answers|answered|respond|responded|response)\b"
DOCS = [REPO / "README.md", REPO / "data" / "README.md", *sorted((REPO / "guide").glob("*.md"))]


def kit_texts():
    """{where: text} for the README, the guide, the data dictionary and every notebook's Markdown."""
    texts = {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in DOCS}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        texts[f"notebooks/{path.name}"] = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return texts


def exchanges(rows):
    """[(who spoke first, their date, who answered, the answer's date)] from the table's "Answering the ..." rows."""
    found = []
    for row in rows:
        answering = ANSWERING.match(row["in_our_words"])
        if answering:
            first = [r for r in rows if r["role"].startswith(answering["whom"])]
            assert len(first) == 1, f"positions.csv: no single row for {answering['whom']!r}"
            found.append((answering["whom"], first[0]["date"], row["speaker"], row["date"]))
    return found


def said_to_reply(whom, text):
    """The phrases of `text` in which `whom` (or its last two words) is said to reply or answer."""
    name = re.escape(" ".join(whom.split()[-2:]))
    return re.findall(rf"{name}(?:'s)?\s+(?:\w+\s+){{0,2}}?{REPLY_WORDS}", " ".join(text.split()))


def test_the_first_speaker_of_each_exchange_is_never_said_to_reply():
    rows = list(csv.DictReader(POSITIONS.open(encoding="utf-8")))
    pairs = exchanges(rows)
    assert pairs, "positions.csv records no exchange"
    for whom, spoke, answerer, answered in pairs:
        assert date.fromisoformat(spoke) < date.fromisoformat(answered), (whom, spoke, answerer, answered)
        wrong = {where: said_to_reply(whom, text) for where, text in kit_texts().items() if said_to_reply(whom, text)}
        assert wrong == {}, f"the {whom} spoke first ({spoke}); {answerer} answered ({answered})"


@pytest.mark.parametrize(
    "planted",
    [
        "and the UN Special Rapporteur's reply (`data/input/context/positions.csv`, oldest first):",
        "the UN Special Rapporteur answered by asking for special protection",
        "Set China's statement beside the UN Special Rapporteur's reply of 2017",
    ],
)
def test_a_planted_reply_of_the_first_speaker_is_found(planted):
    assert said_to_reply("UN Special Rapporteur", planted)
    assert not said_to_reply("UN Special Rapporteur", "Set the UN Special Rapporteur's statement beside China's answer")


# (words, what the sources say instead)
CONTRADICTED = [
    ("a government's recognition", "refugee status is the recognition of a fact (UNHCR Handbook, para. 28), by whoever decides"),
    ("counts among the grounds", "CAT art. 3(2): a pattern of violations is taken into account, not a ground in itself"),
    ("children left stateless", "'stateless' is the advocates' word (trust-2015-12-09, kinu-2012): attribute it"),
    ("who lives in South Korea", "the running count adds arrivals and takes no one away: it is not who lives there"),
    ("(often sold)", "that women are sold is the articles' report: attribute it"),
    ("which a reader can check", "UPI names a body, not a report or table a reader can look up"),
]
INPUTS = sorted((REPO / "data" / "input").rglob("*.csv"))


def contradicted(texts):
    found = {}
    for where, text in texts.items():
        flat = " ".join(text.split())
        found.update({(where, words): why for words, why in CONTRADICTED if words in flat})
    return found


def test_no_text_of_the_kit_says_what_its_sources_contradict():
    texts = kit_texts() | {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in INPUTS}
    assert contradicted(texts) == {}
    planted = {"data/input/glossary.csv": "refugee status is a government's recognition of it."}
    assert list(contradicted(planted)) == [("data/input/glossary.csv", "a government's recognition")]


def named_commands(text):
    return set(re.findall(r"python -m newsfigures ([a-z][\w-]*)", text))


def test_every_command_the_kit_names_exists():
    named = {where: named_commands(text) - set(COMMANDS) for where, text in kit_texts().items()}
    assert {where: missing for where, missing in named.items() if missing} == {}
    assert named_commands("edit the data package and run `python -m newsfigures dictionary`") - set(COMMANDS) == {"dictionary"}


def collected(marks, *files):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-m", marks, *files],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_the_quick_run_leaves_out_what_the_readme_says_it_leaves_out():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "except the slow ones, which open JupyterLab, Chromium or a class hub, cut the network" in readme
    assert "`python -m pytest -m slow`" in readme
    assert collected("browser and not slow", "tests") == [], "a test that opens Chromium runs in the quick run"
    assert collected("not slow", "tests/test_browser.py") == []
    cuts = [t for t in collected("offline", "tests/test_offline.py") if "command_runs_offline" in t]
    assert cuts and not set(cuts) & set(collected("not slow", "tests/test_offline.py"))
    assert collected("slow", "tests/test_browser.py"), "`-m slow` selects the browser tests"


def test_the_code_has_the_licence_the_readme_names():
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted, free of charge" in licence
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"The kit's code \(`newsfigures/`, `tests/`\): MIT licence, in \[`LICENSE`\]\(LICENSE\)", readme)
    assert 'license = "MIT"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
