"""The facts notebooks/04-check-the-numbers.ipynb states and the charts it draws, checked
against the context tables; the notebook is run and read back as it computes and draws
(see notebook_charts.py), and each chart check is shown to catch a planted mistake. Then
the checks that keep the context tables honest."""

import copy
import csv
import datetime
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from frictionless import Package
from matplotlib.colors import to_hex
from notebook_charts import assert_writes_the_committed_figures, clipped_texts, overlapping_texts, run_notebook
from repo import REPO, REPO_KIT

from newsfigures.charts import OKABE_ITO
from newsfigures.display.figures import as_worded
from newsfigures.display.marked import without_markers
from newsfigures.errors import InputError
from newsfigures.inputs.context import checkpoints, context_resources, running_totals
from newsfigures.kit import Kit
from newsfigures.pages.editions import HIDDEN_TEXT
from newsfigures.tables import load
from newsfigures.tables.prepare import prepare

NAME = "04-check-the-numbers.ipynb"
NOTEBOOK = REPO / "notebooks" / NAME
VARIABLES = ["shares", "births", "checkpoints", "estimates", "children", "highest_year", "natural_low", "natural_high"]


def context(stem):
    return load.context(stem, REPO_KIT)


def figure(figure_id):
    return load.figure(figure_id, REPO_KIT)


def colour(name):
    return to_hex(OKABE_ITO[name], keep_alpha=True)


def year_of(day):
    """Where a date sits on an axis of years: 2015-11-19 -> 2015.88."""
    day = datetime.date.fromisoformat(str(day)[:10])
    start, end = datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)
    return day.year + (day - start).days / (end - start).days


def solved(path):
    """The notebook as a student leaves it who copied each worked solution into its exercise's cell."""
    nb = nbformat.read(path, as_version=4)
    exercise = None
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags:
            exercise = cell
        elif "solution" in tags and exercise is not None:
            exercise.source = re.search(r"```python\n(.*?)\n```", cell.source, re.S)[1]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def run(make_kit_copy, tmp_path_factory):
    """Notebook 04 with its exercises solved, run in a copy of the kit whose figures/ is empty."""
    context_copy = make_kit_copy(tmp_path_factory.mktemp("check") / "kit")
    shutil.rmtree(context_copy / "figures")
    (context_copy / "figures").mkdir()
    solved(context_copy / "notebooks" / NAME)
    return run_notebook(context_copy, NAME, VARIABLES)


@pytest.fixture(scope="module")
def arrivals():
    return context("kr_arrivals_by_sex").sort_values("last_year")


@pytest.fixture(scope="module")
def shares(run):
    return run.variables["shares"]


@pytest.fixture(scope="module")
def at_birth():
    return context("cn_sex_ratio_at_birth")


def printed(run, words):
    """What the notebook printed in the cell whose code holds `words`."""
    (cell,) = [c for c in run.outputs if c.cell_type == "code" and words in c.source]
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def teacher_text():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    hidden = [c for c in cells if HIDDEN_TEXT & set(c["metadata"].get("tags", []))]
    shown = [  # a model answer rendered by code shows its figures in its output
        "".join(o.get("data", {}).get("text/markdown", "")) for c in hidden if c["cell_type"] == "code" for o in c["outputs"]
    ]
    return "\n".join([without_markers("".join(c["source"])) for c in hidden] + shown)


def lines(drawn_chart, **properties):
    return [line for line in drawn_chart["axes"][0]["lines"] if all(line[k] == v for k, v in properties.items())]


# --- Investigation 1: women's share ---------------------------------------------------


def test_women_share_of_2015_arrivals(arrivals, shares):
    row = arrivals[arrivals["period"] == "2015"].iloc[0]
    assert shares.loc[2015, "share_of_period"] == pytest.approx(100 * row["women"] / row["total"])
    assert round(shares.loc[2015, "share_of_period"], 1) == 80.3  # published: the first year above 80%
    single = shares[shares["one_year"]]
    assert single.index[single["share_of_period"] > 80][0] == 2015


def test_women_share_of_arrivals_to_end_2015(arrivals, shares):
    to_2015 = arrivals[arrivals["last_year"] <= 2015]
    assert shares.loc[2015, "share_to_date"] == pytest.approx(100 * to_2015["women"].sum() / to_2015["total"].sum())
    assert round(shares.loc[2015, "share_to_date"], 1) == 70.5
    # the Ministry's own figure for November 2015 (a whole percent)
    cumulative = context("kr_cumulative_by_sex").set_index("as_of")
    assert abs(shares.loc[2015, "share_to_date"] - cumulative.loc["2015-11-30", "women_percent_reported"]) < 1


def test_the_article_share_fits_one_year_not_all_to_date(shares):
    claimed = figure("defectors-women-share")
    assert claimed["qualifier"] == "more than"
    assert shares.loc[2015, "share_of_period"] > claimed["low"] > shares.loc[2015, "share_to_date"]


def test_aggregate_rows_are_marked_and_still_counted(arrivals, shares):
    several_years = arrivals["first_year"].isna() | (arrivals["first_year"] != arrivals["last_year"])
    assert list(shares.index[~shares["one_year"]]) == list(arrivals.loc[several_years, "last_year"]) == [1998, 2001]
    assert shares.loc[2001, "total_to_date"] == arrivals[arrivals["last_year"] <= 2001]["total"].sum()


def check_women_share(drawn_chart, arrivals):
    """Each year's share as filled dots, each several-year row hollow across its years (a row with no first
    year runs from the left edge: never drawn as one year's figure), the share to date as squares, and the
    article's 'more than' as a floor on the article's date."""
    share = 100 * arrivals["women"] / arrivals["total"]
    one_year = arrivals["first_year"] == arrivals["last_year"]
    (yearly,) = lines(drawn_chart, marker="o", linestyle="None", markerfacecolor=colour("blue"))
    # On an axis of years that also holds a day (the article's), a year's share sits at mid-year, never at 1 January.
    assert yearly["x"] == list(arrivals.loc[one_year, "last_year"] + 0.5) and yearly["y"] == pytest.approx(list(share[one_year]))
    hollow = lines(drawn_chart, marker="o", markerfacecolor="#ffffffff")
    expected = [  # a row of several years spans them whole: from its first year's start to its last year's end
        ([row.first_year if row.first_year == row.first_year else drawn_chart["axes"][0]["xlim"][0], row.last_year + 1], [s, s])
        for row, s in zip(arrivals[~one_year].itertuples(), share[~one_year], strict=True)
    ]
    assert [(h["x"], h["y"]) for h in hollow] == [(x, pytest.approx(y)) for x, y in expected]
    (to_date,) = lines(drawn_chart, marker="s", linestyle="None")
    assert to_date["x"] == list(arrivals["last_year"] + 1)  # the share to date at the end of each year
    assert to_date["y"] == pytest.approx(list(100 * arrivals["women"].cumsum() / arrivals["total"].cumsum()))
    assert drawn_chart["axes"][0]["xlim"][0] < arrivals["last_year"].min()
    (article,) = lines(drawn_chart, marker="_")
    claimed = figure("defectors-women-share")["low"]
    assert (article["x"], article["y"]) == (
        [pytest.approx(year_of(load.source("upi-2015-shim", REPO_KIT)["published"]))],
        [claimed],
    )


# --- Investigation 2: sex ratios --------------------------------------------------------


def test_sex_ratio_at_birth_2004_is_the_record_not_2008(at_birth, run):
    ratio = at_birth.set_index("year")["boys_per_100_girls"]
    assert ratio[2004] == 121.18 and ratio[2008] == 120.56  # xinhua-2015-02-03
    assert run.variables["highest_year"] == ratio.idxmax() == 2004
    assert run.variables["highest_year"] != figure("sex-ratio-peak-year")["value"]


def test_the_exercise_asks_for_sort_values_and_the_solution_uses_it():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    (exercise,) = [i for i, c in enumerate(cells) if "exercise" in c.metadata.get("tags", []) and "highest_year" in c.source]
    (solution,) = [c for c in cells if "solution" in c.metadata.get("tags", []) and "highest_year" in c.source]
    assert "sort_values" in cells[exercise - 1].source and cells[exercise - 1].cell_type == "markdown"
    assert "highest_year = births.sort_values(" in solution.source


def test_the_article_ratios_fit_births_not_the_population(at_birth, run):
    ratio = at_birth.set_index("year")["boys_per_100_girls"]
    now, peak = figure("sex-ratio-now")["value"], figure("sex-ratio-peak")["value"]
    assert list(ratio.index[(ratio / 100).round(2) == now]) == [2014]
    assert list(ratio.index[(ratio / 100).round(2) == peak]) == []  # close to 2004 and 2008, equal to none
    assert set((ratio / 100 - peak).abs().nsmallest(2).index) == {2004, 2008}
    said = printed(run, "highest_year = births")
    assert f"Article's 'now' {now:g}: years that round to it: [2014]" in said
    assert f"{peak:g}: years that round to it: none; closest: 2004 (121.18), 2008 (120.56)" in said
    population = context("cn_population_sex_ratio")
    assert (population["men_per_100_women"] / 100 < now - 0.1).all()
    assert run.variables["births"]["per_one"].to_dict() == (ratio / 100).round(2).to_dict()


def test_natural_range_is_the_one_the_source_states(run):
    low, high = run.variables["natural_low"], run.variables["natural_high"]
    assert (low, high) == (103, 107)
    notes = context("sources").set_index("source_id").loc["xinhua-2015-02-03", "notes"]
    assert f"range {low}-{high}" in notes


def check_sex_ratio(drawn_chart, at_birth, population):
    """Both series per 100, the natural range as a band, the article's figures times 100."""
    births = at_birth.sort_values("year")
    (yearly,) = lines(drawn_chart, marker="o", linestyle="None")
    assert (yearly["x"], yearly["y"]) == (list(births["year"]), list(births["boys_per_100_girls"]))
    (people,) = lines(drawn_chart, marker="s")
    assert (people["x"], people["y"]) == (list(population["year"]), list(population["men_per_100_women"]))
    (band,) = drawn_chart["axes"][0]["rectangles"]
    assert (band["y"], band["y"] + band["height"]) == (103, 107)
    peak_year = figure("sex-ratio-peak-year")["value"]
    (peak,) = lines(drawn_chart, marker="D")
    assert (peak["x"], peak["y"]) == ([peak_year], [pytest.approx(100 * figure("sex-ratio-peak")["value"])])
    (now,) = lines(drawn_chart, linestyle="--", color=colour("vermillion"))
    assert now["y"] == [pytest.approx(100 * figure("sex-ratio-now")["value"])] * 2


# --- Investigation 3: estimates ---------------------------------------------------------


def own_year(period):
    """The one year a figure's period names, or None ('not stated ...', or two years)."""
    years = set(re.findall(r"\b(?:18|19|20)\d\d\b", period))
    return None if period.startswith("not stated") or len(years) != 1 else int(years.pop())


def quoted_estimates():
    """Every article's figure of the measure of 'nk-in-china' that the context table does not hold, as
    (figure_id, year, dated, low, high, point): in the year its period names, else in the year it was quoted (undated);
    one with the numbers and year of a table row is that row."""
    table = context("nk_in_china_estimates")
    articles = load.tidy("sources", REPO_KIT).set_index("source_id")
    held = {s for s, a in articles.iterrows() if table["note"].fillna("").str.contains(a["author"], regex=False).any()}
    figures = load.tidy("figures", REPO_KIT).set_index("figure_id")
    same = figures[(figures["measure"] == figure("nk-in-china")["measure"]) & ~figures["source_id"].isin(held)]
    rows = []
    for figure_id, f in same.iterrows():
        single = (f["low"] == f["high"]) or (pd.isna(f["low"]) and pd.isna(f["high"]))
        low, high, point = (None, None, f["value"]) if single else (f["low"], f["high"], None)
        year = own_year(str(f["period"]))
        dated = year is not None
        year = year if dated else int(str(articles.loc[f["source_id"], "published"])[:4])
        numbers = [None if pd.isna(v) else float(v) for v in (low, high, point)]
        in_table = any(
            [None if pd.isna(v) else float(v) for v in (r.low, r.high, r.point)] == numbers and r.year == year
            for r in table.itertuples()
        )
        if not in_table:
            rows.append((figure_id, year, dated, *numbers))
    return rows


def test_estimates_spread_and_the_article_range(run):
    estimates = run.variables["estimates"]
    values = estimates[["low", "high", "point"]]
    table = context("nk_in_china_estimates")
    quoted = quoted_estimates()
    every_end = [v for v in table[["low", "high", "point"]].stack()] + [v for q in quoted for v in q[3:] if v is not None]
    assert (values.min().min(), values.max().max()) == (min(every_end), max(every_end))
    article = estimates[estimates["from_article"]].set_index("estimate_id")
    claimed = figure("nk-in-china")
    assert (article.loc["conversation-2017", "low"], article.loc["conversation-2017", "high"]) == (
        claimed["low"],
        claimed["high"],
    )
    assert sorted(article.index) == sorted(["conversation-2017", *(q[0] for q in quoted)])
    kinds = estimates.set_index("estimate_id")["kind"]
    assert kinds["china-gov-2002"] == "upper bound" and kinds["unhcr-2002"] == "point" and kinds["hrw-2002"] == "range"
    assert not estimates.set_index("estimate_id").loc["refugees-intl-2003", "all_of_china"]
    as_written = estimates.set_index("estimate_id")["as written"]
    assert (as_written["china-gov-2002"], as_written["unhcr-2002"], as_written["hrw-2002"]) == (
        "up to 10,000",
        "30,000",
        "10,000-300,000",
    )


def test_an_articles_estimate_keeps_its_year_and_its_words(run):
    """Each article's estimate at the year its row gives (else the year quoted, marked undated), worded as the article
    words it; and one the context table holds is not drawn twice."""
    estimates = run.variables["estimates"].set_index("estimate_id")
    figures = load.tidy("figures", REPO_KIT).set_index("figure_id")
    for figure_id, year, dated, *_ in quoted_estimates():
        row = estimates.loc[figure_id]
        assert (row["year"], bool(row["dated"])) == (year, dated), figure_id
        assert row["as written"] == as_worded(figures.loc[figure_id]), figure_id
    assert estimates.index.is_unique


def expected_estimates():
    """(from, to) in thousands per line, oldest first: low to high, the point itself, or zero to an upper bound;
    and whether each is an article's own (the context table's row with no source, or an article's quoted figure)."""
    table = context("nk_in_china_estimates").assign(article=lambda t: t["source_id"].isna())
    quoted = pd.DataFrame(
        [(f, y, low, high, point, True) for f, y, _, low, high, point in quoted_estimates()],
        columns=["estimate_id", "year", "low", "high", "point", "article"],
    )
    table = pd.concat([table, quoted]).astype({"year": int}).sort_values(["year", "estimate_id"], ignore_index=True)
    spans = []
    for row in table.itertuples():
        if row.point == row.point:
            spans.append((row.point / 1000, row.point / 1000))
        elif row.high == row.high:
            spans.append(((row.low if row.low == row.low else 0) / 1000, row.high / 1000))
        else:  # a lower bound: from the bound off the right edge
            spans.append((row.low / 1000, None))
    return spans, list(table["article"])


def check_estimates(drawn_chart, expected):
    """Every estimate on its own line, as what it is; the article's in red, the others in blue."""
    spans, from_article = expected
    per_line = {}
    for line in drawn_chart["axes"][0]["lines"]:
        (y,) = set(line["y"])
        per_line.setdefault(int(y), []).append(line)
    assert sorted(per_line) == list(range(len(spans)))
    for y, (span, article) in enumerate(zip(spans, from_article, strict=True)):
        xs = [x for line in per_line[y] for x in line["x"]]
        if span[1] is None:  # a lower bound runs off the right edge
            assert min(xs) == pytest.approx(span[0]) and max(xs) > span[0], y
        else:
            assert (min(xs), max(xs)) == pytest.approx(span), y
        assert {line["color"] for line in per_line[y]} == {colour("vermillion" if article else "blue")}, y


def test_an_estimate_of_the_same_measure_from_another_article_joins_the_timeline(make_kit_copy, tmp_path):
    """A figure of the same measure from another article (planted here as a lower bound in a copy's tidy table) gets
    a line of its own: quoted in the article's year, in red, from the bound off the right edge, named by its outlet."""
    kit = make_kit_copy(tmp_path / "kit")
    table = kit / "data" / "tidy" / "figures.csv"
    figures = pd.read_csv(table)
    planted = figures[figures["figure_id"] == "nk-in-china"].assign(
        figure_id="planted-lower-bound",
        source_id="upi-2015-shim",
        number_text="120,000",
        qualifier="more than",
        value=120000,
        low=120000,
        high=None,
        bound="lower bound",
    )
    pd.concat([figures, planted]).to_csv(table, index=False)
    done = run_notebook(kit, NAME, ["estimates"])
    row = done.variables["estimates"].set_index("estimate_id").loc["planted-lower-bound"]
    assert (row["year"], row["kind"], row["as written"], bool(row["from_article"]), bool(row["dated"])) == (
        2015,
        "lower bound",
        "more than 120,000",
        True,
        False,
    )
    assert ", quoted by UPI" in row["estimator"]
    y = list(done.variables["estimates"]["estimate_id"]).index("planted-lower-bound")
    drawn = [line for line in done.charts["04-estimates"]["axes"][0]["lines"] if set(line["y"]) == {y}]
    xs = [x for line in drawn for x in line["x"]]
    assert min(xs) == 120 and max(xs) > 300 and {line["color"] for line in drawn} == {colour("vermillion")}
    assert any(line["marker"] == ">" for line in drawn)


def test_children_estimates_count_different_people(run):
    children = context("nk_children_in_china_estimates")
    assert children["who_is_counted"].is_unique
    survey = children[children["source_id"].isna()].iloc[0]
    assert survey["point"] == figure("children-no-chain")["value"]
    assert run.variables["children"]["from_article"].sum() == 1


# --- Investigation 4: dating a document, and the cumulative check ---------------------


def test_cumulative_count_passed_28000_in_2015(arrivals, shares, run):
    count = figure("defectors-in-south")["value"]
    running = arrivals.set_index("last_year")["total"].cumsum()
    assert running[2014] < count <= running[2015]
    assert list(shares["total_to_date"]) == list(running)
    assert "Year in the address: 2015" in printed(run, "Year in the address")


def check_running_total(drawn_chart, arrivals):
    """The running sum at each year's end, the reported totals on their dates, the article's count."""
    cumulative = context("kr_cumulative_by_sex")
    (summed,) = lines(drawn_chart, marker="o", linestyle="None")
    assert summed["y"] == pytest.approx(list(arrivals["total"].cumsum() / 1000))
    assert summed["x"] == pytest.approx([year_of(f"{y}-12-31") for y in arrivals["last_year"]])
    (reported,) = lines(drawn_chart, marker="D")
    assert (reported["x"], reported["y"]) == (
        pytest.approx([year_of(d) for d in cumulative["as_of"]]),
        pytest.approx(list(cumulative["total"] / 1000)),
    )
    (article,) = lines(drawn_chart, linestyle="--")
    assert article["y"] == [pytest.approx(figure("defectors-in-south")["value"] / 1000)] * 2


def text_rows(frame):
    """A DataFrame as rows of text, the form the input checks read."""
    return frame.convert_dtypes().astype("string").fillna("").to_dict("records")


(DECLARED,) = running_totals(REPO_KIT)  # the reported totals, against the running sum of the yearly arrivals


def test_the_data_package_declares_the_running_total_check():
    assert (DECLARED.totals, DECLARED.of, DECLARED.fields) == (
        "kr-cumulative-by-sex",
        "kr-arrivals-by-sex",
        ("total", "men", "women"),
    )
    assert DECLARED.tolerance == 10 and DECLARED.why


def found_checkpoints(arrivals, field):
    tables = {DECLARED.of: text_rows(arrivals), DECLARED.totals: text_rows(context("kr_cumulative_by_sex"))}
    return checkpoints(DECLARED, tables, field)


@pytest.mark.parametrize("column", ["total", "men", "women"])
def test_cumulative_checkpoints_agree(arrivals, column):
    found = found_checkpoints(arrivals, column)
    assert len(found) == context("kr_cumulative_by_sex")[column].notna().sum() > 0
    assert all(check.agrees for check in found), [c for c in found if not c.agrees]


def test_a_year_left_out_does_not_add_up(arrivals):
    found = found_checkpoints(arrivals[arrivals["last_year"] != 2012], "total")
    assert not all(check.agrees for check in found)


def test_the_tidy_table_is_the_check_the_data_prep_makes(arrivals):
    written = load.tidy("running_totals", REPO_KIT)
    for field in DECLARED.fields:
        rows = written[written["field"] == field]
        found = found_checkpoints(arrivals, field)
        assert list(rows["as_of"]) == [c.as_of for c in found]
        assert list(rows["summed_to_year_end"]) == [c.summed_to for c in found]
        assert list(rows["agrees"]) == [c.agrees for c in found]


def prep_check(arrivals):
    """The check the data-prep step makes, as data/tidy/running_totals.csv holds it."""
    written = load.tidy("running_totals", REPO_KIT).query("field == 'total'")
    return {
        r.as_of: (
            r.reported,
            r.summed_to_year_before,
            r.summed_to_year_end,
            None if pd.isna(r.difference) else int(r.difference),
            bool(r.agrees),
        )
        for r in written.itertuples()
    }


def notebook_check(checkpoints):
    return {
        as_of: (
            r.reported,
            r.summed_to_year_before,
            r.summed_to_year_end,
            None if pd.isna(r.difference) else int(r.difference),
            bool(r.agrees),
        )
        for as_of, r in checkpoints.iterrows()
    }


def test_the_notebook_works_out_the_check_the_data_prep_makes(arrivals, run):
    checkpoints = run.variables["checkpoints"]
    assert notebook_check(checkpoints) == prep_check(arrivals)
    wrong = checkpoints.assign(summed_to_year_before=checkpoints["summed_to_year_end"])  # the year before forgotten
    assert notebook_check(wrong) != prep_check(arrivals)


def test_last_checkpoint_is_the_sum_of_every_row(arrivals):
    last = context("kr_cumulative_by_sex").sort_values("as_of").iloc[-1]
    assert arrivals["total"].sum() == last["total"]
    assert (arrivals["men"].sum(), arrivals["women"].sum()) == (last["men"], last["women"])


# --- The charts, and what the notebook writes -------------------------------------------

CHECKS = {
    "04-women-share": lambda c: check_women_share(c, context("kr_arrivals_by_sex").sort_values("last_year")),
    "04-sex-ratio": lambda c: check_sex_ratio(c, context("cn_sex_ratio_at_birth"), context("cn_population_sex_ratio")),
    "04-estimates": lambda c: check_estimates(c, expected_estimates()),
    "04-running-total": lambda c: check_running_total(c, context("kr_arrivals_by_sex").sort_values("last_year")),
}


def test_the_notebook_shows_the_charts_that_are_checked(run):
    assert sorted(run.charts) == sorted(CHECKS)


@pytest.mark.parametrize("name", CHECKS)
def test_the_chart_draws_what_the_tables_say(run, name):
    assert run.charts[name]["alt"].strip()
    CHECKS[name](run.charts[name])


@pytest.mark.parametrize("name", CHECKS)
def test_no_text_runs_off_the_chart_or_over_another(run, name):
    drawn_chart = run.charts[name]
    assert drawn_chart["drawn_texts"]
    assert clipped_texts(drawn_chart) == [] and overlapping_texts(drawn_chart) == []


def a_year_off(c):
    line = next(line for line in c["axes"][0]["lines"] if line["linestyle"] == "None")
    line["y"] = [line["y"][0] + 5, *line["y"][1:]]


def yearly_points_on_1_january(c):
    line = next(line for line in c["axes"][0]["lines"] if line["linestyle"] == "None")
    line["x"] = [int(x) for x in line["x"]]


def a_range_from_zero(c):
    line = next(line for line in c["axes"][0]["lines"] if len(set(line["x"])) == 2)
    line["x"] = [0.0, line["x"][1]]


@pytest.mark.parametrize(
    "name, plant",
    [
        ("04-women-share", a_year_off),
        ("04-women-share", yearly_points_on_1_january),
        ("04-sex-ratio", a_year_off),
        ("04-running-total", a_year_off),
        ("04-estimates", a_range_from_zero),
    ],
)
def test_a_chart_that_draws_something_else_is_caught(run, name, plant):
    broken = copy.deepcopy(run.charts[name])
    plant(broken)
    with pytest.raises(AssertionError):
        CHECKS[name](broken)


def test_a_fresh_run_rewrites_the_same_figures(run):
    assert_writes_the_committed_figures(run, NAME, REPO)


# --- The notebook states what the data says ------------------------------------------


def test_teacher_answers_state_the_computed_facts(shares, at_birth, run):
    text = teacher_text()
    ratio = at_birth.set_index("year")["boys_per_100_girls"]
    passed = shares.index[shares["total_to_date"] >= 28000][0]
    facts = [
        f"{shares.loc[2015, 'share_of_period']:.1f}%",
        f"{shares.loc[2015, 'share_to_date']:.1f}%",
        f"{shares.loc[2015, 'total_to_date']:,}",
        f"{shares.loc[2014, 'total_to_date']:,}",
        f"{ratio[2004]:g}",
        f"{ratio[2008]:g}",
        f"{ratio[2014]:g}",
        f"**{run.variables['highest_year']}**",
        f"**{passed}**",
    ]
    assert [fact for fact in facts if fact not in text] == []


# --- The context inputs ------------------------------------------------------------------


def as_list(fields):
    return [fields] if isinstance(fields, str) else list(fields)


def test_context_inputs_validate_with_frictionless():
    descriptor = Package(str(REPO / "data" / "datapackage.json")).to_descriptor()
    declared = context_resources(REPO_KIT)
    resources = [r for r in descriptor["resources"] if r["name"] in declared]
    assert {p.relative_to(REPO / "data").as_posix() for p in REPO_KIT.context.glob("*.csv")} == set(declared.values())
    for resource in resources:
        if resource["name"] != "context-sources":
            keys = [
                (as_list(k["fields"]), k["reference"]["resource"], as_list(k["reference"]["fields"]))
                for k in resource["schema"].get("foreignKeys", [])
            ]
            assert (["source_id"], "context-sources", ["source_id"]) in keys, resource["name"]
    report = Package({**descriptor, "resources": resources}, basepath=str(REPO / "data")).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "note"])


@pytest.mark.parametrize("stem", [Path(p).stem for p in context_resources(REPO_KIT).values() if not p.endswith("/sources.csv")])
def test_every_context_row_has_a_known_source(stem):
    known = set(context("sources")["source_id"])
    authors = set(load.tidy("sources", REPO_KIT)["author"])
    table = context(stem)
    assert len(table) > 0
    for _, row in table.iterrows():
        if isinstance(row["source_id"], str):
            assert row["source_id"] in known, (stem, row.to_dict())
        else:  # only a seed article's own figure, and its note names the author
            assert any(author in str(row["note"]) for author in authors), (stem, row.to_dict())


# --- Bad context rows are refused, and nothing is written ---------------------------


@pytest.fixture
def context_copy(kit_copy):
    return kit_copy


def tidy_bytes(root):
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "tidy").iterdir())}


def edit_cell(path, key, column, value):
    """Set one cell of the row whose first cell is `key`; returns the row's line number."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    line = next(n for n, row in enumerate(rows, start=1) if row[0] == key)
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return line


def test_the_unedited_copy_is_accepted(context_copy):
    prepare(Kit(context_copy))


BAD_ROWS = [
    # file, row key, column, bad value, words the message must hold
    ("cn_sex_ratio_at_birth.csv", "2008", "source_id", "xinhua-2051-02-03", ["xinhua-2051-02-03", "source_id"]),
    ("nk_in_china_estimates.csv", "unhcr-2002", "source_id", "unhcr-2002-report", ["unhcr-2002-report", "source_id"]),
    ("kr_arrivals_by_sex.csv", "2015", "women", "1O24", ["1O24", "women"]),
    ("cn_sex_ratio_at_birth.csv", "2004", "boys_per_100_girls", "121,18", ["121,18", "boys_per_100_girls"]),
    ("nk_in_china_estimates.csv", "robinson-2009", "source_id", "", ["no source_id"]),
]


@pytest.mark.parametrize("file, key, column, value, words", BAD_ROWS, ids=[f"{r[0]}:{r[2]}={r[3]!r}" for r in BAD_ROWS])
def test_a_bad_context_row_is_refused_and_nothing_is_written(context_copy, file, key, column, value, words):
    before = tidy_bytes(context_copy)
    line = edit_cell(context_copy / "data" / "input" / "context" / file, key, column, value)
    with pytest.raises(InputError) as refused:
        prepare(Kit(context_copy))
    message = str(refused.value)
    assert f"data/input/context/{file}" in message and f"line {line}" in message, message
    assert all(word in message for word in words), message
    assert "How to fix it:" in message
    assert tidy_bytes(context_copy) == before
