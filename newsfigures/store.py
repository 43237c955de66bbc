"""Write the tidy tables all-or-nothing.

Every table is first written to a temporary file beside its target and the
new set is validated against the data package; only then are the files
swapped in. A failure before the swap removes the temporary files and leaves
yesterday's tables as they were. Unchanged tables are not touched at all.
"""
import csv
import io
import os

from .inputs import raise_first
from .numbers import format_number
from .paths import datapackage_path, kit_root, tidy_dir

TIDY = ("sources", "paragraphs", "numbers", "figures", "voices", "terms")


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
    return str(value)


def write_tables(tables, root=None):
    """Write {name: rows} into data/tidy/ atomically; returns the names that changed."""
    root = root or kit_root()
    folder = tidy_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    from frictionless import Package
    descriptor = Package(str(datapackage_path(root))).to_descriptor()
    staged = {}
    try:
        for resource in descriptor["resources"]:
            if resource["name"] in tables:
                columns = [f["name"] for f in resource["schema"]["fields"]]
                temp = folder / f".{resource['name']}.csv.tmp"
                temp.write_text(to_csv(tables[resource["name"]], columns), encoding="utf-8", newline="")
                staged[resource["name"]] = temp
                resource["path"] = temp.relative_to(folder.parent).as_posix()
        validate_staged(descriptor, folder.parent, staged)
        return swap_in(staged, folder)
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)


def validate_staged(descriptor, basepath, staged):
    from frictionless import Package
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in staged]
    report = Package(descriptor, basepath=str(basepath)).validate()
    if not report.valid:
        bad = next(t for t in report.tasks if not t.valid)
        raise_first(f"data/tidy/{bad.name}.csv (not written)", bad, note=" The tidy tables were left as they were.")


def swap_in(staged, folder):
    changed = []
    for name, temp in staged.items():
        target = folder / f"{name}.csv"
        if target.is_file() and target.read_bytes() == temp.read_bytes():
            continue
        os.replace(temp, target)
        changed.append(name)
    return changed
