"""The context tables: outside series and estimates, each row sourced."""
from dataclasses import dataclass

from .errors import InputError
from .inputs import read_rows, validate_resources
from .paths import context_dir, kit_root

CONTEXT_TABLES = {  # data-package resource -> file in data/input/context/
    "context-sources": "sources.csv",
    "kr-arrivals-by-sex": "kr_arrivals_by_sex.csv",
    "kr-cumulative-by-sex": "kr_cumulative_by_sex.csv",
    "cn-sex-ratio-at-birth": "cn_sex_ratio_at_birth.csv",
    "cn-population-sex-ratio": "cn_population_sex_ratio.csv",
    "nk-in-china-estimates": "nk_in_china_estimates.csv",
    "nk-children-in-china-estimates": "nk_children_in_china_estimates.csv",
}
# The annual table and the reported totals come from different releases;
# later revisions move single years by a handful of people.
CUMULATIVE_TOLERANCE = 10


def load_context(sources, root=None):
    """Every context table, checked: types, keys, and every row's source."""
    root = root or kit_root()
    tables = {}
    for name, file in CONTEXT_TABLES.items():
        tables[name] = read_rows(context_dir(root) / file, name, root)
    validate_resources(CONTEXT_TABLES, root)
    authors = {s["author"] for s in sources}
    for name in ("nk-in-china-estimates", "nk-children-in-china-estimates"):
        for row in tables[name]:
            if not row["source_id"] and not any(a in row["note"] for a in authors):
                raise InputError(f"data/input/context/{CONTEXT_TABLES[name]}", "the row has no source_id.",
                                 "give the source_id of a row of data/input/context/sources.csv; only a seed article's own figure may go without one, and its note must name the article's author.",
                                 row=f"line {row['line']}")
    return tables


@dataclass
class Checkpoint:
    as_of: str
    reported: int
    summed_before: int  # running sum of arrivals to the end of the year before
    summed_to: int  # running sum to the end of the checkpoint's year
    year_end: bool

    @property
    def difference(self):
        return self.reported - self.summed_to if self.year_end else None

    @property
    def agrees(self):
        if self.year_end:
            return abs(self.difference) <= CUMULATIVE_TOLERANCE
        return self.summed_before - CUMULATIVE_TOLERANCE <= self.reported <= self.summed_to + CUMULATIVE_TOLERANCE


def cumulative_checks(arrivals, cumulative, column="total"):
    """Compare the running sum of arrivals with each reported cumulative total.
    A year-end total must agree within the tolerance; a mid-year total must
    lie between the sums to the end of the year before and of its own year."""
    running, by_year = 0, {}
    for row in sorted(arrivals, key=lambda r: int(r["last_year"])):
        running += int(row[column])
        by_year[int(row["last_year"])] = running
    checks = []
    for row in cumulative:
        if not row[column]:
            continue
        year = int(row["as_of"][:4])
        before = max((v for y, v in by_year.items() if y < year), default=0)
        checks.append(Checkpoint(row["as_of"], int(row[column]), before, by_year.get(year, before), row["as_of"][5:] == "12-31"))
    return checks


def check_cumulative(tables):
    """Refuse arrivals that do not add up to the reported totals."""
    for column in ("total", "men", "women"):
        for check in cumulative_checks(tables["kr-arrivals-by-sex"], tables["kr-cumulative-by-sex"], column):
            if not check.agrees:
                raise InputError("data/input/context/kr_arrivals_by_sex.csv",
                                 f"the running sum of '{column}' to {check.as_of[:4]} is {check.summed_to}, but the total reported on {check.as_of} is {check.reported} (tolerance {CUMULATIVE_TOLERANCE}).",
                                 "check the annual rows against their sources, and the checkpoint in kr_cumulative_by_sex.csv.")
