"""The context tables: outside series and estimates, each row sourced.

Which tables there are, and which checks they get, the data package says:
every resource stored under `input/context/` is a context table, and a table
of reported totals declares the yearly table it must add up to with a
`runningTotal` property, e.g.

    "runningTotal": {"of": "yearly-arrivals", "yearField": "last_year", "dateField": "as_of",
                     "fields": ["total"], "tolerance": 10, "why": "..."}
"""

from dataclasses import dataclass

from newsfigures.errors import InputError
from newsfigures.inputs.schema import package, read_rows, validate_resources

CONTEXT_FOLDER = "input/context/"


def context_resources(kit):
    """{resource name: path under data/} of every context table."""
    return {r.name: r.path for r in package(kit).resources if r.path.startswith(CONTEXT_FOLDER)}


def load_context(sources, kit):
    """Every context table, checked: types, keys, and every row's source."""
    resources = context_resources(kit)
    tables = {name: read_rows(kit.datapackage.parent / path, name, kit) for name, path in resources.items()}
    validate_resources(resources, kit)
    authors = {s["author"] for s in sources}
    for name, rows in tables.items():
        for row in rows:
            if "source_id" in row and not row["source_id"] and not any(a in row["note"] for a in authors):
                raise InputError(
                    f"data/{resources[name]}",
                    "the row has no source_id.",
                    "give the source_id of a row of data/input/context/sources.csv; only a seed article's "
                    "own figure may go without one, and its note must name the article's author.",
                    row=f"line {row['line']}",
                )
    return tables


@dataclass(frozen=True)
class RunningTotal:
    """A declaration: the table `totals` reports running totals of the yearly table `of`."""

    totals: str
    of: str
    year_field: str
    date_field: str
    fields: tuple
    tolerance: int
    why: str


def running_totals(kit):
    """Every runningTotal the data package declares."""
    found = []
    for resource in package(kit).resources:
        spec = resource.custom.get("runningTotal")
        if spec:
            found.append(
                RunningTotal(
                    resource.name,
                    spec["of"],
                    spec["yearField"],
                    spec["dateField"],
                    tuple(spec["fields"]),
                    int(spec["tolerance"]),
                    spec.get("why", ""),
                )
            )
    return found


@dataclass
class Checkpoint:
    as_of: str
    reported: int
    summed_before: int  # running sum of the yearly rows to the end of the year before
    summed_to: int  # running sum to the end of the checkpoint's year
    year_end: bool
    tolerance: int

    @property
    def difference(self):
        return self.reported - self.summed_to if self.year_end else None

    @property
    def agrees(self):
        if self.year_end:
            return abs(self.difference) <= self.tolerance
        return self.summed_before - self.tolerance <= self.reported <= self.summed_to + self.tolerance


def checkpoints(declared, tables, field):
    """Compare the running sum of the yearly rows with each reported total of `field`.
    A year-end total must agree within the tolerance; a mid-year total must lie
    between the sums to the end of the year before and of its own year."""
    running, by_year = 0, {}
    for row in sorted(tables[declared.of], key=lambda r: int(r[declared.year_field])):
        running += int(row[field])
        by_year[int(row[declared.year_field])] = running
    found = []
    for row in tables[declared.totals]:
        if not row[field]:
            continue
        as_of = str(row[declared.date_field])
        year = int(as_of[:4])
        before = max((v for y, v in by_year.items() if y < year), default=0)
        found.append(
            Checkpoint(as_of, int(row[field]), before, by_year.get(year, before), as_of[5:] == "12-31", declared.tolerance)
        )
    return found


def running_total_rows(tables, kit):
    """The tidy table of every declared check, one row per reported total and field;
    refuses yearly rows that do not add up to the totals reported."""
    resources = context_resources(kit)
    rows = []
    for declared in running_totals(kit):
        for field in declared.fields:
            for check in checkpoints(declared, tables, field):
                if not check.agrees:
                    raise InputError(
                        f"data/{resources[declared.of]}",
                        f"the running sum of '{field}' to {check.as_of[:4]} is {check.summed_to}, but the total "
                        f"reported on {check.as_of} in data/{resources[declared.totals]} is {check.reported} "
                        f"(tolerance {check.tolerance}).",
                        f"check the yearly rows against their sources, and the total in data/{resources[declared.totals]}.",
                    )
                rows.append(
                    {
                        "totals_table": declared.totals,
                        "yearly_table": declared.of,
                        "field": field,
                        "as_of": check.as_of,
                        "reported": check.reported,
                        "summed_to_year_before": check.summed_before,
                        "summed_to_year_end": check.summed_to,
                        "year_end": check.year_end,
                        "difference": check.difference,
                        "agrees": check.agrees,
                        "tolerance": check.tolerance,
                    }
                )
    return rows
