"""Two more articles the kit has never seen go through the guide's steps in a copy of the kit:
a harbour authority's briefing note (an organisation as author, a month-only date, a range,
"up to", "closer to", "at least", "thirtyfold", "half", a day before its month and a relative
date) and a ferry report written with decimal commas (a year-only date, an author whose surname
is a word). Every figure's value, bound and kind is checked, a wrong row is refused with nothing
written, and the re-run notebooks carry both articles. Both articles (tests/fixtures/) are invented."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from byo_steps import (
    add_figure_rows,
    add_seed,
    add_source_row,
    annotate,
    append_line,
    as_csv,
    assert_charts_show_the_article,
    every_article_charts,
    offered_figures,
    rerun_notebooks,
    run,
    without_practice_articles,
)

from newsfigures.charts import article_source
from newsfigures.kit import Kit
from newsfigures.tables.load import tidy

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
INVENTED = "Invented for the kit's tests."


def judged(figure_id, measure, unit, **more):
    return dict(figure_id=figure_id, measure=measure, unit=unit, **more)


HARBOUR = {
    "file": FIXTURES / "portview-harbour-briefing.txt",
    "source": {
        "outlet": "Portview Harbour Authority briefing notes (invented for the kit's tests)",
        "headline": "Portview harbour traffic: a briefing note for the harbour board",
        "author": "Portview Harbour Authority",
        "author_role": "planning office",
        "published": "2007-09",
        "date_basis": "printed in the text (September 2007); no day is given",
        "rights": "invented for the kit's tests; free to use",
    },
    "common": dict(
        place="Portview (an invented harbour)",
        period="summer 2007",
        stated_by="Portview Harbour Authority",
        basis="official statistic",
        note=INVENTED,
    ),
    # number_text -> (the teacher's judgement, and what the kit must read: value, low, high, bound, number_kind)
    "figures": {
        "30,000 and 50,000": (
            judged("portview-containers-month", "containers handled a month", "containers"),
            (None, 30000, 50000, "range", "number"),
        ),
        "400": (
            judged("portview-containers-week-2002", "containers handled a week five years earlier", "containers", period="2002"),
            (400, None, None, "approximate", "number"),
        ),
        "thirtyfold": (
            judged("portview-traffic-growth", "growth of traffic since the deep-water berth opened", "times"),
            (30, 30, 30, "exact", "ratio"),
        ),
        "1,200": (
            judged(
                "portview-lorries-day",
                "lorries leaving the port gates a day",
                "lorries",
                stated_by="the hauliers' association",
                basis="survey",
            ),
            (1200, None, 1200, "upper bound", "number"),
        ),
        "half": (
            judged(
                "portview-lorries-empty-share",
                "share of lorries leaving empty",
                "share of lorries",
                stated_by="the hauliers' association",
                basis="survey",
            ),
            (0.5, 0.5, 0.5, "exact", "share"),
        ),
        "40": (
            judged(
                "portview-quay-unpaved",
                "square metres of quayside still unpaved, in thousands",
                "thousand square metres",
                basis="claim",
            ),
            (40, 40, None, "lower bound", "number"),
        ),
        "300,000": (
            judged("portview-quay-area", "quayside area", "square metres", basis="claim"),
            (300000, None, None, "approximate", "number"),  # whole thousands, no qualifier: a round figure
        ),
    },
    "counts": ("30,000 and 50,000", "400", "1,200", "40", "300,000"),  # not the ratio or the share
    "precision": ("month", "September 2007"),
    "dates": {"26": "date", "2002": "date", "Five": "relative date"},
}
FERRY = {
    "file": FIXTURES / "lakeside-ferry-report.txt",
    "source": {
        "outlet": "Lakeside Example Gazette (invented for the kit's tests)",
        "headline": "Lakeside ferries carried more passengers than ever",
        "author": "Jo Read",
        "published": "2024",
        "date_basis": "printed in the text (2024); no month or day is given",
        "rights": "invented for the kit's tests; free to use",
    },
    "common": dict(
        place="Lakeside (an invented lake)", period="2023", stated_by="the Lakeside Ferry Company", basis="claim", note=INVENTED
    ),
    "figures": {
        "1,5 million": (
            judged("lakeside-passengers", "passengers carried in a year", "passengers", value="1500000"),
            (1_500_000, 1_500_000, 1_500_000, "exact", "number"),
        ),
        "2,5 percent": (
            judged("lakeside-fare-rise", "rise in fares", "percent", value="2.5"),
            (2.5, 2.5, 2.5, "exact", "percent"),
        ),
        "1,500": (judged("lakeside-crossings", "crossings in a year", "crossings"), (1500, 1500, 1500, "exact", "number")),
        "a quarter": (
            judged("lakeside-cyclists-share", "share of passengers who were cyclists", "share of passengers"),
            (0.25, None, None, "approximate", "share"),
        ),
        "twice": (
            judged("lakeside-saturday-ratio", "Saturday passengers per Monday passenger", "times"),
            (2, 2, 2, "exact", "ratio"),
        ),
        "a dozen": (
            judged(
                "lakeside-crew-needed",
                "crew the company says it will need",
                "crew members",
                stated_by="Kim Sample, operations manager",
            ),
            (12, 12, 12, "exact", "number"),
        ),
    },
    "counts": ("1,5 million", "1,500", "a dozen"),
    "precision": ("year", "2024"),
    "dates": {},
}
ARTICLES = (HARBOUR, FERRY)


def same(found, expected):
    return all((pd.isna(f) and e is None) or f == pytest.approx(e) for f, e in zip(found, expected, strict=True))


def test_two_unseen_articles_go_through_every_table_and_the_notebooks(kit_copy, monkeypatch, capsys):
    kit = kit_copy
    monkeypatch.chdir(kit)
    without_practice_articles(kit)
    figures_file = kit / "data/input/figures.csv"
    sources = {}
    for article in ARTICLES:
        seed = add_seed(kit, article["file"])
        sheet = annotate(seed, capsys)
        source = add_source_row(kit, sheet, seed, article["source"])
        offered = offered_figures(kit, sheet, source["source_id"])
        add_figure_rows(kit, offered, {n: j for n, (j, _) in article["figures"].items()}, article["common"])
        sources[source["source_id"]] = article
    assert "rewrote" in run(kit, "prepare")

    # Every figure read as it must be, located where the seed prints it.
    figures = tidy("figures", Kit(kit)).set_index("figure_id")
    for source_id, article in sources.items():
        text = (kit / "seeds" / article["file"].name).read_text(encoding="utf-8")
        for number_text, (judgement, expected) in article["figures"].items():
            f = figures.loc[judgement["figure_id"]]
            assert f.source_id == source_id and f.number_text == number_text
            assert text[f.number_start : f.number_end] == number_text
            assert same((f.value, f.low, f.high), expected[:3]), (number_text, f.value, f.low, f.high)
            assert (f.bound, f.number_kind) == expected[3:], number_text
            assert f.value_from == ("the row" if "value" in judgement else "the text")
    # The date as precisely as it is known, in the sources table and in a chart's source line.
    articles = tidy("sources", Kit(kit)).set_index("source_id")
    for source_id, article in sources.items():
        precision, shown = article["precision"]
        assert articles.loc[source_id, "published_precision"] == precision
        assert article_source(articles.loc[source_id]).endswith(f", {shown}")
    # Dates and relative dates are told apart from figures.
    numbers = tidy("numbers", Kit(kit))
    for source_id, article in sources.items():
        ours = numbers[numbers.source_id == source_id].set_index("text")
        assert {t: ours.loc[t, "role"] for t in article["dates"]} == article["dates"]
        assert set(ours.figure_id.dropna()) == {j["figure_id"] for j, _ in article["figures"].values()}

    # A wrong row is refused, naming the file, the line and the fix, and nothing is written.
    tidy_before = {p.name: p.read_bytes() for p in (kit / "data/tidy").iterdir()}
    kept = figures_file.read_text(encoding="utf-8")
    harbour_id = next(s for s, a in sources.items() if a is HARBOUR)
    quote = figures.loc["portview-containers-month", "quote"]
    wrong = dict(figure_id="portview-wrong", source_id=harbour_id, quote=quote, number_text="0 and 50", value="")
    columns = kept.splitlines()[0].split(",")
    append_line(figures_file, as_csv([(HARBOUR["common"] | judged("x", "x", "x") | wrong).get(c, "") for c in columns]))
    err = run(kit, "prepare", ok=False)
    line = len(kept.splitlines()) + 1
    where = f"data/input/figures.csv, line {line} (figure_id portview-wrong)"
    assert f"{where}: number_text '0 and 50' is only part of the number '30,000 and 50,000'" in err
    assert "How to fix it: copy the whole number as the quote prints it" in err
    assert {p.name: p.read_bytes() for p in (kit / "data/tidy").iterdir()} == tidy_before
    figures_file.write_text(kept, encoding="utf-8")

    # The notebooks the guide names, re-run with its command, run to the end and show both articles.
    rerun = rerun_notebooks(kit)
    assert [Path(p).name[:2] for p in rerun] == ["00", "01", "02", "03", "04"]
    for path in rerun:
        nb = nbformat.read(path, as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"], path
        shown = json.dumps([c.get("outputs", []) for c in nb.cells])
        if Path(path).name.startswith(("00", "01")):  # the lists of articles
            assert all(a["source"]["headline"] in shown for a in ARTICLES), path

    # Every chart that lists articles shows both, and on the log scale exactly their counts, bounds with arrows.
    charts = every_article_charts(kit)
    for source_id, article in sources.items():
        ours = figures[figures.source_id == source_id]
        counts = [j["figure_id"] for n, (j, _) in article["figures"].items() if n in article["counts"]]
        assert_charts_show_the_article(charts, article["source"]["outlet"], ours, counts)

    # The test suite passes in the teacher's copy: every notebook under nbval, and the tests that
    # read every article (a sample of the generic suite; the rest run on the kit itself).
    generic = [
        "notebooks/",
        "tests/test_provenance.py",
        "tests/test_datapackage.py",
        "tests/test_package_is_generic.py",
        "tests/test_discussion.py::test_each_built_in_article_has_at_least_four_guided_readings",
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_ROOT", "PYTEST_XDIST_WORKER")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", *generic]
    done = subprocess.run(command, cwd=kit, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:]
