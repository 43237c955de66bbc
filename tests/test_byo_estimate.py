"""A teacher adds a briefing note that gives counts and estimates of North Koreans living in China, the measure
notebook 04 compares, exactly as guide/bring-your-own-article.md says; then the suite's tests that read every
article pass in the teacher's copy. The briefing note (tests/fixtures/borderland-estimates-briefing.txt) is invented:
its office, its surveys and its numbers are made up, except the State Department's range for 2006, which it quotes
as the context table holds it (so that the same estimate must not be drawn twice).

On the way: annotate offers the measures in use and proposes each estimate's year from its sentence ("In 2000",
"five years earlier" from the note's date); prepare notes a measure a few words away from one in use; 04 places each
estimate in its own year (the year quoted, marked, where the note gives none), in the note's own words, and credits
the note under the chart; no chart cuts off or overlaps a text."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from byo_steps import (
    add_figure_rows,
    add_seed,
    add_source_row,
    annotate,
    offered_figures,
    rerun_notebooks,
    run,
    without_practice_articles,
)
from notebook_charts import clipped_texts, overlapping_texts, run_notebook

from newsfigures.display.figures import as_worded
from newsfigures.kit import Kit
from newsfigures.tables.load import tidy

pytestmark = pytest.mark.slow
ARTICLE = Path(__file__).parent / "fixtures" / "borderland-estimates-briefing.txt"
MEASURE = "North Koreans living in China"  # as annotate lists it among the measures in use
NEAR_MISS = "North Korean refugees living in China"
SOURCE_CELLS = {
    "outlet": "Example Border Research Office briefing notes (invented for the kit's tests)",
    "headline": "North Koreans in China: what the estimates say, a briefing note for a school debate",
    "author": "Example Border Research Office",
    "published": "2007-09-26",
    "date_basis": "printed in the text (26 September 2007)",
    "rights": "invented for the kit's tests; free to use",
}
COMMON = dict(place="China", unit="people", basis="estimate", note="Invented for the kit's tests.")
# number_text -> the teacher's judgement; the period stays as annotate proposes it unless given here.
JUDGEMENT = {
    "30,000 to 50,000": dict(figure_id="borderland-office-2000", measure=MEASURE, stated_by="the office's field workers"),
    "300,000": dict(figure_id="borderland-church-group", measure=MEASURE, stated_by="a church group on the border"),
    "30,000-50,000": dict(figure_id="borderland-state-dept-2006", measure=MEASURE, stated_by="US State Department"),
    "100,000": dict(figure_id="borderland-newsletter", measure=NEAR_MISS, stated_by="one newsletter", period="not stated"),
    "120": dict(
        figure_id="borderland-people-met",
        measure="people the office's field workers spoke with",
        basis="survey",
        period="not stated",
        stated_by="Example Border Research Office",
    ),
    "85": dict(
        figure_id="borderland-women-met",
        measure="women among the people the office's field workers spoke with",
        basis="survey",
        period="not stated",
        stated_by="Example Border Research Office",
    ),
}
# figure_id -> (year on 04's timeline, whether the note gives that year, as 04 writes it)
ON_THE_TIMELINE = {
    "borderland-office-2000": (2000, True, "between 30,000 and 50,000"),
    "borderland-church-group": (2002, True, "closer to 300,000"),
    "borderland-newsletter": (2007, False, "100,000"),
}
ARTICLE_DEPENDENT = [  # the suite's tests that read every article, run in the teacher's copy
    "notebooks/",
    "tests/test_figure_charts.py",
    "tests/test_check_numbers.py",
    "tests/test_numbers.py",
    "tests/test_provenance.py",
    "tests/test_datapackage.py",
]


def test_an_article_with_estimates_of_the_same_measure_joins_04_and_the_suite_passes(kit_copy, monkeypatch, capsys):
    kit = kit_copy
    monkeypatch.chdir(kit)
    without_practice_articles(kit)
    seed = add_seed(kit, ARTICLE)
    sheet = annotate(seed, capsys)
    assert f"  {MEASURE}\n" in sheet  # the measures in use, to copy exactly
    source = add_source_row(kit, sheet, seed, SOURCE_CELLS)
    offered = offered_figures(kit, sheet, source["source_id"])
    proposed = {n: offered[n]["period"] for n in ("30,000 to 50,000", "300,000", "30,000-50,000")}
    assert proposed == {"30,000 to 50,000": "2000", "300,000": "2002", "30,000-50,000": "2006"}
    assert "'five years earlier' counted from 2007" in sheet
    assert "'26 September 2007'" in sheet
    add_figure_rows(kit, offered, JUDGEMENT, COMMON)

    # A measure a few words away from one in use is noted, naming the line and the wording to copy.
    said = run(kit, "prepare")
    lines = (kit / "data/input/figures.csv").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "borderland-newsletter" in text)
    assert f"line {line} (figure_id borderland-newsletter): measure '{NEAR_MISS}' is close to '{MEASURE}'" in said
    figures_file = kit / "data/input/figures.csv"
    figures_file.write_text(figures_file.read_text(encoding="utf-8").replace(NEAR_MISS, MEASURE), encoding="utf-8")
    assert "is close to" not in run(kit, "prepare")

    rerun_notebooks(kit)
    figures = tidy("figures", Kit(kit)).set_index("figure_id")
    done = run_notebook(kit, "04-check-the-numbers.ipynb", ["estimates"])
    estimates = done.variables["estimates"].set_index("estimate_id")
    for figure_id, (year, dated, worded) in ON_THE_TIMELINE.items():
        row = estimates.loc[figure_id]
        assert (row["year"], bool(row["dated"]), row["as written"]) == (year, dated, worded), figure_id
        assert worded == as_worded(figures.loc[figure_id])
    # The State Department's range for 2006 is the context table's row, drawn once.
    assert "borderland-state-dept-2006" not in estimates.index
    assert len(estimates[(estimates["year"] == 2006) & (estimates["low"] == 30000) & (estimates["high"] == 50000)]) == 1
    chart = done.charts["04-estimates"]
    assert "Example Border Research Office briefing notes" in " ".join(chart["all_text"].split())
    assert "quoted 2007,\nundated" in chart["axes"][0]["yticklabels"]

    # Every chart of 02, 03 and 04 keeps its text inside the figure, no text over another.
    charts = done.charts | run_notebook(kit, "02-chart-the-figures.ipynb").charts
    charts |= run_notebook(kit, "03-read-and-discuss.ipynb").charts
    for name, drawn_chart in charts.items():
        assert (clipped_texts(drawn_chart), overlapping_texts(drawn_chart)) == ([], []), name

    env = {k: v for k, v in os.environ.items() if k not in ("KIT_ROOT", "PYTEST_XDIST_WORKER")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:randomly", *ARTICLE_DEPENDENT]
    done = subprocess.run(command, cwd=kit, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-6000:]
