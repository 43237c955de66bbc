"""What the context tables say about the articles' figures.

Small, pure functions on the DataFrames of `newsfigures.data.context(...)`:
notebooks/04-check-the-numbers.ipynb states their results, and
tests/test_check_numbers.py checks them against the data.
"""
import re

import pandas as pd

from .charts import article_source
from .context import cumulative_checks
from .safe_text import escape

# Boys born per 100 girls where births are not selected by sex. The range is
# the one the Xinhua report (source_id xinhua-2015-02-03) gives; the test
# suite checks that the source's note still says so.
NATURAL_SEX_RATIO_AT_BIRTH = (103, 107)


# --- Arrivals in South Korea -------------------------------------------------

def women_shares(arrivals):
    """Women's share (percent) of each row's arrivals and of all arrivals to
    the end of the row, indexed by the row's last year.

    `one_year` is False for the rows that hold several years together (the
    first two rows of the Ministry's series): their `share_of_period` belongs
    to the whole period, not to its last year. The running columns are exact
    at the end of every row, aggregate or not.
    """
    rows = arrivals.sort_values("last_year")
    out = rows[["period", "first_year", "last_year", "men", "women", "total"]].copy()
    out["one_year"] = out["first_year"].eq(out["last_year"])
    out["share_of_period"] = 100 * out["women"] / out["total"]
    out["total_to_date"] = out["total"].cumsum()
    out["women_to_date"] = out["women"].cumsum()
    out["share_to_date"] = 100 * out["women_to_date"] / out["total_to_date"]
    return out.set_index("last_year")


def year_passed(arrivals, count, column="total"):
    """The first year by whose end the running sum of arrivals had reached
    `count` (None if it never did). When that happens in a row of several
    years, the row's last year is all the table can say."""
    running = arrivals.sort_values("last_year").set_index("last_year")[column].cumsum()
    reached = running[running >= count]
    return int(reached.index[0]) if len(reached) else None


def text_rows(frame):
    """A DataFrame as rows of text, the form the input checks read."""
    return frame.convert_dtypes().astype("string").fillna("").to_dict("records")


def checkpoints(arrivals, cumulative, columns=("total", "men", "women")):
    """Each reported cumulative total beside the running sum of the annual
    arrivals (the check the data-prep run makes), one row per date and column."""
    rows = []
    for column in columns:
        for check in cumulative_checks(text_rows(arrivals), text_rows(cumulative), column):
            rows.append({
                "as_of": check.as_of, "count": column, "reported": check.reported,
                "summed_to_year_before": check.summed_before, "summed_to_year_end": check.summed_to,
                "difference": check.difference, "agrees": check.agrees,
            })
    table = pd.DataFrame(rows).astype({"difference": "Int64"})
    return table.sort_values(["as_of", "count"], ignore_index=True)


# --- Sex ratios ---------------------------------------------------------------

def per_one(per_100):
    """A ratio per 100 (as the official series give it) written per 1 (as the article does)."""
    return per_100 / 100


def record_year(frame, column):
    """The year of the highest value of `column`."""
    return int(frame.loc[frame[column].idxmax(), "year"])


def ratio_table(frame, column, decimals=2):
    """Each year's ratio per 100 and per 1, rounded as the article rounds."""
    out = frame[["year", column]].copy()
    out["per_one"] = per_one(out[column]).round(decimals)
    return out


def matching_years(frame, column, article_value, decimals=2):
    """Years whose ratio, written per 1 and rounded like the article's value, equals it."""
    table = ratio_table(frame, column, decimals)
    return table.loc[table["per_one"].eq(round(article_value, decimals)), "year"].astype(int).tolist()


def nearest_years(frame, column, article_value, n=2):
    """The n years whose ratio (per 1) comes closest to the article's value."""
    table = ratio_table(frame, column, decimals=4)
    table["off_by"] = (table["per_one"] - article_value).abs().round(4)
    return table.nsmallest(n, "off_by", keep="all")


# --- Estimates ---------------------------------------------------------------

def estimate_kind(row):
    """'range', 'point', 'upper bound' or 'lower bound', from the cells an estimate fills."""
    has = {c: pd.notna(row[c]) for c in ("low", "high", "point")}
    if has["point"]:
        return "point"
    if has["low"] and has["high"]:
        return "range"
    return "upper bound" if has["high"] else "lower bound"


def from_seed(estimates, authors):
    """Rows that are a seed article's own figure: no source_id, and the note names the author."""
    names_author = estimates["note"].fillna("").apply(lambda note: any(a in note for a in authors))
    return estimates["source_id"].isna() & names_author


def estimates_table(estimates, authors=()):
    """The estimates with their kind, whether they cover all of China, and
    whether they come from a seed article; sorted by year."""
    out = estimates.copy()
    out["kind"] = out.apply(estimate_kind, axis=1)
    if "area" in out:
        out["all_of_china"] = out["area"].eq("China")
    out["from_article"] = from_seed(out, authors)
    return out.sort_values(["year", "estimate_id"], ignore_index=True)


def spread(estimates):
    """The lowest and highest number any estimate gives (low, high or point)."""
    values = estimates[["low", "high", "point"]].stack()
    return int(values.min()), int(values.max())


def as_written(row):
    """An estimate as a reader would write it: '20,000-30,000', '30,000', 'up to 10,000'."""
    kind = estimate_kind(row)
    if kind == "point":
        return f"{row['point']:,.0f}"
    if kind == "range":
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"up to {row['high']:,.0f}" if kind == "upper bound" else f"at least {row['low']:,.0f}"


# --- Dating a document ------------------------------------------------------------

def year_in_url(url):
    """The year in a dated web address such as .../2015/11/19/..., or None."""
    found = re.search(r"/((?:19|20)\d\d)/\d\d?/\d\d?/", str(url))
    return int(found.group(1)) if found else None


# --- Showing a claim and its sources ---------------------------------------------

def claim_markdown(figures, articles):
    """Figures of data/tidy/figures.csv as a reader should meet them: each
    passage word for word with its article and paragraph, then for every
    number what it measures, who states it and on what basis."""
    lines = []
    for quote, group in figures.groupby("quote", sort=False):
        first = group.iloc[0]
        article = articles.loc[first["source_id"]]
        where = article_source(article).removeprefix("Source: ")
        lines += [f"**{escape(where)}, paragraph {int(first['paragraph'])}**", "", "> " + escape(quote), ""]
    lines += ["| number as printed | read as | what it measures | stated by | basis |", "| --- | --- | --- | --- | --- |"]
    for _, row in figures.iterrows():
        cells = (row["number_text"], row["qualifier"], row["measure"], row["stated_by"], row["basis"])
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
    return "\n".join(lines)


def sources_for(table, context_sources):
    """The context sources a table's rows cite, in the order they are first cited."""
    ids = list(dict.fromkeys(table["source_id"].dropna()))
    return context_sources.set_index("source_id").loc[ids, ["publisher", "published", "kind"]]
