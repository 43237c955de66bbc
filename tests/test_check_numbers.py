"""The facts notebooks/04-check-the-numbers.ipynb states, checked against the
context tables, and the checks that keep those tables honest."""
import csv
import json
from pathlib import Path

import pytest
from frictionless import Package

from newsfigures import checks, data
from newsfigures.context import CONTEXT_TABLES, cumulative_checks
from newsfigures.errors import InputError
from newsfigures.prepare import prepare

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04-check-the-numbers.ipynb"


def context(stem):
    return data.context(stem, root=ROOT)


def figure(figure_id):
    return data.figure(figure_id, root=ROOT)


@pytest.fixture(scope="module")
def arrivals():
    return context("kr_arrivals_by_sex")


@pytest.fixture(scope="module")
def shares(arrivals):
    return checks.women_shares(arrivals)


@pytest.fixture(scope="module")
def at_birth():
    return context("cn_sex_ratio_at_birth")


def teacher_text():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if "teacher" in c["metadata"].get("tags", []))


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


# --- Investigation 2: sex ratios --------------------------------------------------------

def test_sex_ratio_at_birth_2004_is_the_record_not_2008(at_birth):
    ratio = at_birth.set_index("year")["boys_per_100_girls"]
    assert ratio[2004] == 121.18 and ratio[2008] == 120.56  # xinhua-2015-02-03
    assert checks.record_year(at_birth, "boys_per_100_girls") == ratio.idxmax() == 2004
    assert checks.record_year(at_birth, "boys_per_100_girls") != figure("sex-ratio-peak-year")["value"]


def test_the_article_ratios_fit_births_not_the_population(at_birth):
    now, peak = figure("sex-ratio-now")["value"], figure("sex-ratio-peak")["value"]
    assert checks.matching_years(at_birth, "boys_per_100_girls", now) == [2014]
    assert checks.matching_years(at_birth, "boys_per_100_girls", peak) == []  # close to 2004 and 2008, equal to none
    assert set(checks.nearest_years(at_birth, "boys_per_100_girls", peak)["year"]) == {2004, 2008}
    population = context("cn_population_sex_ratio")
    assert (checks.per_one(population["men_per_100_women"]) < now - 0.1).all()


def test_natural_range_is_the_one_the_source_states():
    low, high = checks.NATURAL_SEX_RATIO_AT_BIRTH
    notes = context("sources").set_index("source_id").loc["xinhua-2015-02-03", "notes"]
    assert f"range {low}-{high}" in notes


# --- Investigation 3: estimates ---------------------------------------------------------

def test_estimates_spread_and_the_article_range():
    authors = set(data.tidy("sources", root=ROOT)["author"])
    estimates = checks.estimates_table(context("nk_in_china_estimates"), authors)
    values = estimates[["low", "high", "point"]]
    assert checks.spread(estimates) == (values.min().min(), values.max().max()) == (10000, 300000)
    article = estimates[estimates["from_article"]]
    claimed = figure("nk-in-china")
    assert len(article) == 1 and (article.iloc[0]["low"], article.iloc[0]["high"]) == (claimed["low"], claimed["high"])
    kinds = estimates.set_index("estimate_id")["kind"]
    assert kinds["china-gov-2002"] == "upper bound" and kinds["unhcr-2002"] == "point"
    assert not estimates.set_index("estimate_id").loc["refugees-intl-2003", "all_of_china"]


def test_children_estimates_count_different_people():
    children = context("nk_children_in_china_estimates")
    assert children["who_is_counted"].is_unique
    survey = children[children["source_id"].isna()].iloc[0]
    assert survey["point"] == figure("children-no-chain")["value"]


# --- Investigation 4: dating a document, and the cumulative check ---------------------

def test_cumulative_count_passed_28000_in_2015(arrivals):
    count = figure("defectors-in-south")["value"]
    running = arrivals.sort_values("last_year").set_index("last_year")["total"].cumsum()
    assert running[2014] < count <= running[2015]
    assert checks.year_passed(arrivals, count) == 2015
    assert checks.year_in_url(data.source("upi-2015-shim", root=ROOT)["url"]) == 2015


@pytest.mark.parametrize("column", ["total", "men", "women"])
def test_cumulative_checkpoints_agree(arrivals, column):
    cumulative = context("kr_cumulative_by_sex")
    found = cumulative_checks(checks.text_rows(arrivals), checks.text_rows(cumulative), column)
    assert len(found) == cumulative[column].notna().sum() > 0
    assert all(check.agrees for check in found), [c for c in found if not c.agrees]
    table = checks.checkpoints(arrivals, cumulative, columns=[column])
    assert sorted(table["reported"]) == sorted(c.reported for c in found)
    assert table["agrees"].all()


def test_last_checkpoint_is_the_sum_of_every_row(arrivals):
    last = context("kr_cumulative_by_sex").sort_values("as_of").iloc[-1]
    assert arrivals["total"].sum() == last["total"]
    assert (arrivals["men"].sum(), arrivals["women"].sum()) == (last["men"], last["women"])


# --- The notebook states what the data says ------------------------------------------

def test_teacher_answers_state_the_computed_facts(shares, at_birth, arrivals):
    text = teacher_text()
    ratio = at_birth.set_index("year")["boys_per_100_girls"]
    facts = [
        f"{shares.loc[2015, 'share_of_period']:.1f}%", f"{shares.loc[2015, 'share_to_date']:.1f}%",
        f"{shares.loc[2015, 'total_to_date']:,}", f"{shares.loc[2014, 'total_to_date']:,}",
        f"{ratio[2004]:g}", f"{ratio[2008]:g}", f"{ratio[2014]:g}",
        f"**{checks.record_year(at_birth, 'boys_per_100_girls')}**", f"**{checks.year_passed(arrivals, 28000)}**",
    ]
    assert [fact for fact in facts if fact not in text] == []


# --- The context inputs ------------------------------------------------------------------

def as_list(fields):
    return [fields] if isinstance(fields, str) else list(fields)


def test_context_inputs_validate_with_frictionless():
    descriptor = Package(str(ROOT / "data" / "datapackage.json")).to_descriptor()
    resources = [r for r in descriptor["resources"] if r["name"] in CONTEXT_TABLES]
    assert {r["path"] for r in resources} == {f"input/context/{f}" for f in CONTEXT_TABLES.values()}
    assert {Path(p).name for p in (ROOT / "data" / "input" / "context").glob("*.csv")} == set(CONTEXT_TABLES.values())
    for resource in resources:
        if resource["name"] != "context-sources":
            keys = [(as_list(k["fields"]), k["reference"]["resource"], as_list(k["reference"]["fields"]))
                    for k in resource["schema"].get("foreignKeys", [])]
            assert (["source_id"], "context-sources", ["source_id"]) in keys, resource["name"]
    report = Package({**descriptor, "resources": resources}, basepath=str(ROOT / "data")).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "note"])


@pytest.mark.parametrize("stem", [Path(f).stem for f in CONTEXT_TABLES.values() if f != "sources.csv"])
def test_every_context_row_has_a_known_source(stem):
    known = set(context("sources")["source_id"])
    authors = set(data.tidy("sources", root=ROOT)["author"])
    table = context(stem)
    assert len(table) > 0
    for _, row in table.iterrows():
        if isinstance(row["source_id"], str):
            assert row["source_id"] in known, (stem, row.to_dict())
        else:  # only a seed article's own figure, and its note names the author
            assert any(author in str(row["note"]) for author in authors), (stem, row.to_dict())


# --- Bad context rows are refused, and nothing is written ---------------------------

@pytest.fixture
def kit(kit_copy):
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


def test_the_unedited_copy_is_accepted(kit):
    prepare(root=kit)


BAD_ROWS = [
    # file, row key, column, bad value, words the message must hold
    ("cn_sex_ratio_at_birth.csv", "2008", "source_id", "xinhua-2051-02-03", ["xinhua-2051-02-03", "source_id"]),
    ("nk_in_china_estimates.csv", "unhcr-2002", "source_id", "unhcr-2002-report", ["unhcr-2002-report", "source_id"]),
    ("kr_arrivals_by_sex.csv", "2015", "women", "1O24", ["1O24", "women"]),
    ("cn_sex_ratio_at_birth.csv", "2004", "boys_per_100_girls", "121,18", ["121,18", "boys_per_100_girls"]),
    ("nk_in_china_estimates.csv", "robinson-2009", "source_id", "", ["no source_id"]),
]


@pytest.mark.parametrize("file, key, column, value, words", BAD_ROWS, ids=[f"{r[0]}:{r[2]}={r[3]!r}" for r in BAD_ROWS])
def test_a_bad_context_row_is_refused_and_nothing_is_written(kit, file, key, column, value, words):
    before = tidy_bytes(kit)
    line = edit_cell(kit / "data" / "input" / "context" / file, key, column, value)
    with pytest.raises(InputError) as refused:
        prepare(root=kit)
    message = str(refused.value)
    assert f"data/input/context/{file}" in message and f"line {line}" in message, message
    assert all(word in message for word in words), message
    assert "How to fix it:" in message
    assert tidy_bytes(kit) == before
