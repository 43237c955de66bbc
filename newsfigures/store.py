"""Write the tidy tables all-or-nothing.

Every table is first written to a temporary file beside its target and the
new set is validated against the data package; only then are the files
swapped in. Before the swap each old table is kept aside, so that a failure
while swapping puts every old table back: a run that fails leaves yesterday's
tables as they were, and no temporary file behind. Unchanged tables are not
touched at all. Nothing is written outside data/tidy/.
"""
import csv
import io
import os
import shutil

from .errors import InputError
from .inputs import FORMULA_START, frictionless
from .numbers import format_number
from .paths import datapackage_path, kit_root, tidy_dir
from .reports import raise_first

TIDY = ("sources", "paragraphs", "numbers", "figures", "voices", "terms")
TEMP = ".{name}.csv.tmp"  # a new table, before the swap
KEPT = ".{name}.csv.old.tmp"  # an old table, kept aside during the swap
# A spreadsheet runs a cell that starts with one of FORMULA_START as a formula.
# Hand-made text that does is refused when it is read; text copied from a seed
# (a paragraph, a number's context) is written with this mark in front.
FORMULA_MARK = "'"


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
    text = str(value)
    # A text that starts with the mark itself is marked too, so that reading removes exactly one mark.
    return FORMULA_MARK + text if text.startswith((*FORMULA_START, FORMULA_MARK)) else text


def formula_cells(tables):
    """(table, row number, column) of each text cell written with FORMULA_MARK."""
    return [(name, n, column) for name, rows in tables.items() for n, row in enumerate(rows, start=1)
            for column, value in row.items() if isinstance(value, str) and value.startswith(FORMULA_START)]


def write_tables(tables, root=None):
    """Write {name: rows} into data/tidy/ atomically; returns the names that changed."""
    root = root or kit_root()
    folder = tidy_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    Package = frictionless().Package
    descriptor = Package(str(datapackage_path(root))).to_descriptor()
    staged = {}
    try:
        for resource in descriptor["resources"]:
            if resource["name"] in tables:
                columns = [f["name"] for f in resource["schema"]["fields"]]
                temp = folder / TEMP.format(name=resource["name"])
                staged[resource["name"]] = temp
                stage(temp, to_csv(tables[resource["name"]], columns), resource["name"])
                resource["path"] = temp.relative_to(folder.parent).as_posix()
        validate_staged(descriptor, folder.parent, staged)
        return swap_in(staged, folder)
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)


def stage(temp, text, name):
    try:
        temp.write_text(text, encoding="utf-8", newline="")
    except OSError as err:
        raise InputError(f"data/tidy/{name}.csv", f"the new table could not be written ({err.strerror or err}). No tidy table was changed.",
                         "make room on the disk, or check that data/tidy/ may be written to, then run the step again.") from err


def remove_leftovers(folder):
    """Temporary files of a run that was killed outright (a power cut)."""
    for pattern in (TEMP, KEPT):
        for path in folder.glob(pattern.format(name="*")):
            path.unlink()


def validate_staged(descriptor, basepath, staged):
    Package = frictionless().Package
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in staged]
    report = Package(descriptor, basepath=str(basepath)).validate()
    if not report.valid:
        bad = next(t for t in report.tasks if not t.valid)
        schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == bad.name)
        raise_first(f"data/tidy/{bad.name}.csv (not written)", bad, schema, note=" The tidy tables were left as they were.")


def swap_in(staged, folder):
    """Replace the changed tables; if any replacement fails, put every old one back."""
    changed = [name for name, temp in staged.items() if not same_bytes(temp, folder / f"{name}.csv")]
    kept, current = {}, None
    try:
        for current in changed:
            target = folder / f"{current}.csv"
            if target.is_file():
                kept[current] = keep_aside(target, folder / KEPT.format(name=current))
            os.replace(staged[current], target)
    except BaseException as err:
        for name in changed:
            target = folder / f"{name}.csv"
            if name in kept:
                os.replace(kept[name], target)
            elif not staged[name].exists():
                target.unlink(missing_ok=True)  # a table that did not exist before
        if isinstance(err, OSError):
            raise InputError(f"data/tidy/{current}.csv", f"the file could not be replaced ({err.strerror or err}). "
                             "Every tidy table was put back as it was.",
                             "close the file if it is open in another program (a spreadsheet locks it), then run the step again.") from err
        raise
    finally:
        for path in kept.values():
            path.unlink(missing_ok=True)
    return changed


def keep_aside(target, kept):
    """A second name for the old table (a hard link, or a copy where links are not possible)."""
    try:
        os.link(target, kept)
    except OSError:
        shutil.copy2(target, kept)
    return kept


def same_bytes(a, b):
    return b.is_file() and a.read_bytes() == b.read_bytes()
