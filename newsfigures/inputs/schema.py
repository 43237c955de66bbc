"""Read the hand-made tables and refuse bad input with a message that says
which file, which line, what is wrong and how to fix it.

Each table's columns and types come from `data/datapackage.json` (the one
description of the data); frictionless checks types and constraints, and the
kit turns its reports into plain sentences.
"""

import csv
import difflib
import io
from functools import lru_cache

from newsfigures.errors import InputError, not_utf8
from newsfigures.inputs.reports import raise_first
from newsfigures.lighter_imports import without_iri_grammar

FORMULA_START = tuple("=+-@")


def frictionless():
    """The frictionless module, imported lazily and without a slow optional grammar."""
    without_iri_grammar()
    import frictionless as module

    return module


@lru_cache(maxsize=4)
def _package(path):
    return frictionless().Package(path)


def package(kit):
    return _package(str(kit.datapackage))


def schema_of(resource_name, kit):
    return package(kit).get_resource(resource_name).schema


def input_schema(resource_name, kit):
    """The columns a hand-made file has: its resource's, without those the kit generates
    (the resource's `generatedFields`, e.g. a precision worked out from a date)."""
    resource = package(kit).get_resource(resource_name)
    generated = set(resource.custom.get("generatedFields", []))
    descriptor = resource.schema.to_descriptor()
    descriptor["fields"] = [f for f in descriptor["fields"] if f["name"] not in generated]
    return frictionless().Schema.from_descriptor(descriptor)


def read_rows(path, resource_name, kit):
    """The rows of a hand-made CSV, as dicts of text, after every check."""
    name = kit.relative(path)
    if not path.is_file():
        raise InputError(name, "the file does not exist.", f"create it with the columns of '{resource_name}' in data/README.md.")
    schema = input_schema(resource_name, kit)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise not_utf8(name, raw, err, "save it again as 'CSV UTF-8' (in a spreadsheet: Save As, CSV UTF-8).") from None
    rows, lines = read_csv(text)
    if not rows:
        raise InputError(name, "the file is empty.", "add the header line and the rows.")
    check_header(name, rows[0], schema.field_names)
    check_shape(name, rows, lines)
    check_formulas(name, rows, schema, lines)
    check_types(name, path, schema, kit, lines)
    return [dict(zip(rows[0], r, strict=True), line=n) for n, r in zip(lines[1:], rows[1:], strict=True) if any(r)]


def read_csv(text):
    """(rows, the line of the file each row starts on): a quoted cell may span lines, and a
    message must name the line an editor shows."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines, start = [], [], 1
    for row in reader:
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    return rows, lines


def check_shape(name, rows, lines):
    """Every row has as many cells as the header; a row that does not gets the likely reason."""
    width = len(rows[0])
    for line, row in zip(lines[1:], rows[1:], strict=True):
        if not any(row) or len(row) == width:
            continue
        if len(row) < width and ";" in ",".join(row):
            problem = "the line's cells are separated by semicolons (;), not commas, unlike the header's."
            fix = (
                "separate its cells with commas, as on the other lines (or save the file again as 'CSV UTF-8 (comma delimited)')."
            )
        elif len(row) > width:
            problem = (
                f"the line has {len(row)} cells, but the header has {width}: a text with a comma in it that is not "
                f"inside double quotes is split at its commas (cell {width + 1} holds {row[width]!r})."
            )
            fix = 'put double quotes around every text that contains a comma, e.g. "between 50,000 and 200,000 people".'
        else:
            problem = f"the line has {len(row)} cells, but the header has {width} (nothing for column '{rows[0][len(row)]}')."
            fix = (
                "add the missing cells, even if empty (one comma per column); "
                "put double quotes around any text that contains a comma."
            )
        raise InputError(name, problem, fix, row=f"line {line}")


def check_header(name, header, expected):
    if len(header) == 1 and ";" in header[0]:
        raise InputError(
            name,
            "the cells are separated by semicolons (;), not commas.",
            "save the file again as 'CSV UTF-8 (comma delimited)'; some spreadsheets set for a language "
            "that writes decimals with a comma use ';' unless told otherwise.",
            row="line 1 (header)",
        )
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if not missing and not extra:
        if header != expected:
            raise InputError(
                name,
                f"the columns are in a different order: {', '.join(header)}.",
                f"put them in this order: {', '.join(expected)}.",
                row="line 1 (header)",
            )
        return
    problems = []
    for col in extra:
        guess = difflib.get_close_matches(col, missing, n=1)
        problems.append(
            f"column '{col}' is misspelled (did you mean '{guess[0]}'?)" if guess else f"column '{col}' is not expected"
        )
    spelled = {difflib.get_close_matches(c, missing, n=1)[0] for c in extra if difflib.get_close_matches(c, missing, n=1)}
    problems += [f"column '{c}' is missing" for c in missing if c not in spelled]
    raise InputError(name, "; ".join(problems) + ".", f"make the first line exactly: {','.join(expected)}", row="line 1 (header)")


def check_formulas(name, rows, schema, lines):
    """Refuse text that a spreadsheet would run as a formula."""
    text_fields = {f.name for f in schema.fields if f.type == "string"}
    header = rows[0]
    for line, row in zip(lines[1:], rows[1:], strict=True):
        for col, cell in zip(header, row, strict=False):  # rows are as wide as the header (check_shape)
            if col in text_fields and cell.startswith(FORMULA_START):
                raise InputError(
                    name,
                    f"column '{col}' starts with '{cell[0]}' ({cell[:40]!r});"
                    " a spreadsheet would run it as a formula, so the kit refuses it.",
                    formula_fix(col, cell),
                    row=f"line {line}",
                )


def formula_fix(column, cell):
    """How to write a cell that starts like a formula so that it no longer does."""
    if column == "quote":
        return (
            "a quote must match the article, so quote a longer passage that starts before this one "
            "(e.g. with the sentence before it), so that the cell starts with a word."
        )
    if cell.startswith("-") and cell[1:2].isdigit():
        return "write 'minus' instead of the sign, or start the text with a word."
    return "start the text with a word (a formula or a link is not a description: write what it says in words)."


def check_types(name, path, schema, kit, lines):
    Resource, Schema = frictionless().Resource, frictionless().Schema
    alone = schema.to_descriptor()
    alone.pop("foreignKeys", None)  # checked with the other tables, in validate_resources
    resource = Resource(path=path.relative_to(kit.root).as_posix(), basepath=str(kit.root), schema=Schema.from_descriptor(alone))
    report = resource.validate()
    if not report.valid:
        raise_first(name, report.tasks[0], alone, lines=lines)


def validate_resources(names, kit):
    """Validate some resources of the data package together (types, keys, and
    the foreign keys between them)."""
    Package = frictionless().Package
    descriptor = package(kit).to_descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in names]
    report = Package(descriptor, basepath=str(kit.datapackage.parent)).validate()
    for task in report.tasks:
        if not task.valid:
            resource = next(r for r in descriptor["resources"] if r["name"] == task.name)
            raise_first(f"data/{resource['path']}", task, resource["schema"])
