"""Numbers typed into a notebook's Markdown, each marked with the table it comes from.

A teacher writes the kit's own prose (a "Reading the chart" paragraph, a model answer) as a Markdown
cell and follows every number in it with a marker, an HTML comment that is invisible on screen and
on paper:

    200,000<!-- figures: city-size.high -->       table figures (data/tidy/), row city-size, column high
    121.18<!-- value: record_ratio -->            a value computed from the tables (see below)
    1.21<!-- value: peak_per_one | .2f -->        written with a format (Python's, here two decimals)
    2008<!-- figures: peak-year.value | year -->  a year (2008, not 2,008)
    3 February 2015<!-- value: released | date --> a day, from a table's 2015-02-03

`value:` names an entry of the dict returned by the function the notebook's metadata names
(`"newsfigures": {"marked_values": "casebook.marked_values"}`: module beside the notebook, then
function, which takes the kit). Without a format a number is written as the kit writes numbers
(`number()`: 28,000; 1.16). A number is digits, commas and a decimal point (no sign: in
"103-107" the dash is a range). Only numbers and days can be marked: words from an article or an
input are rendered by code, escaped.

`problems()` lists every marked number that disagrees with its table and every marker that names
nothing; `rewritten()` puts the tables' number in front of each marker.
"""

import importlib.util
import numbers
import re
import sys

from newsfigures.display.figures import number
from newsfigures.display.record import on_date
from newsfigures.tables.load import tidy

# A number (or a date in words), then the marker right after it: <!-- TABLE: ROW.COLUMN --> or
# <!-- value: NAME -->, either with "| FORMAT".
MARKED = re.compile(
    r"(?P<written>\d{1,2} [A-Z][a-z]+ \d{4}|\d[\d,]*(?:\.\d+)?)?"
    r"<!--\s*(?P<table>[a-z][a-z0-9_]*):\s*(?P<name>[^|>]*?)\s*(?:\|\s*(?P<spec>[^>]*?)\s*)?-->"
)
VALUE = "value"  # the marker's "table" for a value computed from the tables
YEAR = "year"  # the format of a year: 2008, not 2,008
DATE = "date"  # the format of a day, given as 2015-11-30 and written 30 November 2015
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Lookup:
    """The values markers can name, for one notebook: rows of the tidy tables and the notebook's computed values."""

    def __init__(self, kit, notebook):
        self.kit, self.notebook, self.tables, self._values = kit, notebook, {}, None

    def values(self):
        if self._values is None:
            named = self.notebook.get("metadata", {}).get("newsfigures", {}).get("marked_values", "")
            self._values = computed_values(named, self.kit) if named else {}
        return self._values

    def table(self, name):
        if name not in self.tables:
            rows = tidy(name, self.kit) if (self.kit.tidy / f"{name}.csv").is_file() else None
            self.tables[name] = None if rows is None else rows.set_index(rows.columns[0])  # its first column: the key
        return self.tables[name]

    def value(self, table, name):
        """The value a marker names; raises LookupError saying what is missing."""
        if table == VALUE:
            values = self.values()
            if name not in values:
                raise LookupError(f"no computed value '{name}' (known: {', '.join(sorted(values)) or 'none'})")
            found = values[name]
        else:
            rows = self.table(table)
            if rows is None:
                raise LookupError(f"no table data/tidy/{table}.csv")
            row, _, column = name.rpartition(".")
            if row not in rows.index:
                raise LookupError(f"data/tidy/{table}.csv has no row '{row}'")
            if column not in rows.columns:
                raise LookupError(f"data/tidy/{table}.csv has no column '{column}'")
            found = rows.at[row, column]
        return found


def computed_values(named, kit):
    """The dict of values from `module.function` beside the kit's notebooks, called with the kit."""
    module_name, _, function = named.rpartition(".")
    path = kit.root / "notebooks" / f"{module_name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return getattr(module, function)(kit)


def written(value, spec):
    """The value as the text writes it: `year` as 2008, `date` as 30 November 2015, a Python format as given,
    else as the kit writes numbers. Raises LookupError for a value that is neither a number nor a day."""
    if spec == DATE:
        if not ISO_DAY.fullmatch(str(value)[:10]):
            raise LookupError(f"{value!r} is not a day written YYYY-MM-DD")
        return on_date(str(value)[:10])
    if isinstance(value, bool) or not isinstance(value, numbers.Number) or value != value:
        raise LookupError(f"{value!r} is not a number (words are rendered by code, escaped)")
    if spec == YEAR:
        return str(int(value))
    return format(value, spec) if spec else number(value)


def without_markers(text):
    """The text as a reader sees it: every marker left out, its number kept."""
    return MARKED.sub(lambda match: match["written"] or "", text)


def markers(nb):
    """(cell index, match) for every marker in the notebook's Markdown cells."""
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            for match in MARKED.finditer(cell["source"]):
                yield index, match


def problems(nb, kit, name="notebook"):
    """Each marked number that disagrees with the tables, and each marker that names nothing or follows no number."""
    lookup, found = Lookup(kit, nb), []
    for index, match in markers(nb):
        where = f"{name}, cell {index}: {match.group(0)}"
        try:
            expected = written(lookup.value(match["table"], match["name"]), match["spec"])
        except (LookupError, ValueError) as err:  # ValueError: a format that does not fit the value
            found.append(f"{where}: the marker names nothing usable: {err}")
            continue
        if match["written"] is None:
            found.append(f"{where}: no number right before the marker (the tables give {expected})")
        elif match["written"] != expected:
            found.append(f"{where}: the tables give {expected}")
    return found


def rewritten(nb, kit):
    """The notebook with the tables' number in front of every marker; raises LookupError on a marker naming nothing."""
    lookup = Lookup(kit, nb)

    def fresh(match):
        return written(lookup.value(match["table"], match["name"]), match["spec"]) + match.group(0)[len(match["written"] or "") :]

    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = MARKED.sub(fresh, cell["source"])
    return nb
