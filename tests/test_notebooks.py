"""What every committed notebook must be: the kit's skeleton, executed in
order, clean outputs, and model answers that render as text."""

import json
import re
from pathlib import Path

import pytest
from repo import NOTEBOOKS, REPO

from newsfigures.pages.editions import HIDDEN_TEXT


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def test_the_five_notebooks_are_there():
    assert [p.name[:2] for p in NOTEBOOKS] == ["00", "01", "02", "03", "04"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_the_skeleton_and_closes_with_key_points(path):
    opening = "\n".join(text(c) for c in cells(path)[:3] if c["cell_type"] == "markdown")
    assert opening.startswith("# "), "a title first"
    assert re.search(r"content note", opening, re.I), "a content note near the top"
    assert re.search(r"minutes|\bmin\b", opening), "how long it takes"
    closing = "\n".join(text(c) for c in cells(path)[-3:] if c["cell_type"] == "markdown")
    assert re.search(r"key points", closing, re.I), "key points at the end"
    assert re.search(r"\]\((0\d-[a-z-]+\.ipynb)\)", closing), "where to go next, as a link"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order_without_errors_or_warnings(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", text(c)[:80]
            assert out.get("name") != "stderr", text(c)[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_model_answers_are_collapsed_and_render_as_text(path):
    for c in cells(path):
        tags = c["metadata"].get("tags", [])
        if HIDDEN_TEXT & set(tags) and c["cell_type"] == "markdown":
            body = text(c)
            assert body.lstrip().startswith("<details>") and body.rstrip().endswith("</details>"), body[:80]
            # Four spaces after a blank line would show the answer as a code block.
            assert not re.search(r"\n\n {4,}\S", body), body[:120]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_machine_paths_in_notebooks(path):
    raw = path.read_text(encoding="utf-8")
    assert str(REPO) not in raw
    assert str(Path.home()) + "/" not in raw


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_execution_timestamps(path):
    """Run with `--ExecutePreprocessor.record_timing=False`: timestamps would change on every run."""
    assert [text(c)[:60] for c in cells(path) if "execution" in c["metadata"]] == []


CELL_LIMIT = 12  # lines of code (blank lines not counted): a cell a student reads whole; a chart's code is in casebook.py


def long_cells(notebook_cells):
    """Code cells longer than CELL_LIMIT, except model answers: prose rendered from the tables, as long as the answer."""
    return [
        (text(c).splitlines()[0][:60], len([line for line in text(c).splitlines() if line.strip()]))
        for c in notebook_cells
        if c["cell_type"] == "code"
        and not HIDDEN_TEXT & set(c["metadata"].get("tags", []))
        and len([line for line in text(c).splitlines() if line.strip()]) > CELL_LIMIT
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_is_longer_than_a_student_reads_at_a_glance(path):
    assert long_cells(cells(path)) == []


def test_a_long_code_cell_is_caught():
    code = {"cell_type": "code", "metadata": {}, "source": ["x = 1\n"] * CELL_LIMIT + ["\n", "y = 2\n"]}
    answer = {"cell_type": "code", "metadata": {"tags": ["model-answer"]}, "source": code["source"]}
    assert long_cells([code, answer]) == [("x = 1", CELL_LIMIT + 1)]
