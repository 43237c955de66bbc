"""Write the tidy tables all-or-nothing.

Every table is first written into the run's own folder and the new set is
validated against the data package; only then are the changed tables
switched in, as one generation, by switch.py: a run that fails leaves
yesterday's tables as they were, the notebooks never load the tables of a
run that was killed half way (the next run finishes it), and two runs never
write at once. Unchanged tables are not touched at all. Nothing is written
outside data/tidy/.
"""

import csv
import io
import json

from newsfigures.files import write_failed
from newsfigures.inputs.reports import raise_first
from newsfigures.inputs.schema import FORMULA_START, frictionless
from newsfigures.tables import switch
from newsfigures.text.numbers import format_number

# A spreadsheet runs a cell that starts with one of FORMULA_START as a formula.
# Hand-made text that does is refused when it is read; text copied from a seed
# (a paragraph, a number's context) is written with this mark in front.
FORMULA_MARK = "'"


def tidy_names(kit):
    """The tidy tables the data package describes: its resources stored under tidy/."""
    resources = json.loads(kit.datapackage.read_text(encoding="utf-8"))["resources"]
    return [r["name"] for r in resources if r["path"].startswith("tidy/")]


def to_csv(rows, columns):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int):  # a number, never a formula, even when negative
        return str(value)
    text = str(value)
    # A text that starts with the mark itself is marked too, so that reading removes exactly one mark.
    return FORMULA_MARK + text if text.startswith((*FORMULA_START, FORMULA_MARK)) else text


def formula_cells(tables):
    """(table, row number, column) of each text cell written with FORMULA_MARK."""
    return [
        (name, n, column)
        for name, rows in tables.items()
        for n, row in enumerate(rows, start=1)
        for column, value in row.items()
        if isinstance(value, str) and value.startswith(FORMULA_START)
    ]


def write_tables(tables, kit):
    """Write {name: rows} into data/tidy/ as one generation (see switch.py); returns the names that changed."""
    folder = kit.tidy
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_failed(folder, err, "No tidy table was changed.", kit) from None
    with switch.locked(folder, kit):
        run = None
        try:
            switch.clean(folder)  # what a killed run left behind
            run = switch.run_folder(folder)
            staged = stage_all(tables, run, kit)
            changed = [name for name, path in staged.items() if not same_bytes(path, folder / f"{name}.csv")]
            switch.switch(run, folder, [f"{name}.csv" for name in changed], kit)
            return changed
        except OSError as err:  # making the run folder, or reading a table back
            raise write_failed(folder, err, "No tidy table was changed.", kit) from None
        finally:
            if run:
                switch.discard(run)


def stage_all(tables, run, kit):
    """Write every table into the run folder and validate the new set; {name: staged path}."""
    Package = frictionless().Package
    descriptor = Package(str(kit.datapackage)).to_descriptor()
    staged = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name in tables:
            columns = [f["name"] for f in resource["schema"]["fields"]]
            try:
                switch.stage(run, f"{name}.csv", to_csv(tables[name], columns))
            except OSError as err:
                raise write_failed(kit.tidy / f"{name}.csv", err, "No tidy table was changed.", kit) from None
            staged[name] = run / f"{name}.csv"
            resource["path"] = staged[name].relative_to(kit.datapackage.parent).as_posix()
    validate_staged(descriptor, kit.datapackage.parent, staged)
    return staged


def validate_staged(descriptor, basepath, staged):
    Package = frictionless().Package
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in staged]
    report = Package(descriptor, basepath=str(basepath)).validate()
    if not report.valid:
        bad = next(t for t in report.tasks if not t.valid)
        schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == bad.name)
        raise_first(f"data/tidy/{bad.name}.csv (not written)", bad, schema, note=" The tidy tables were left as they were.")


def same_bytes(a, b):
    return b.is_file() and a.read_bytes() == b.read_bytes()
