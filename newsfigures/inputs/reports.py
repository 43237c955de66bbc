"""Turn a frictionless validation report into the kit's plain message: which
file, which line, what is wrong and how to fix it."""

import datetime
import re

from newsfigures.errors import InputError

# What a column's pattern asks for, in words.
PATTERNS = {
    "[a-z0-9][a-z0-9-]*": (
        "lower-case letters a-z, digits and hyphens only, starting with a letter or a digit (e.g. school-survey-2024)"
    ),
    "[0-9a-f]{64}": "64 characters, digits 0-9 and letters a-f (the checksum `python -m newsfigures annotate` prints)",
    r"\d{4}(-\d{2}(-\d{2})?)?": "a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD)",
}
TYPES = {
    "date": "a real calendar date in the form YYYY-MM-DD (e.g. 2024-03-14)",
    "integer": "a whole number, digits only, without thousands separators (e.g. 28000)",
    "number": "a number with a decimal point and no thousands separators (e.g. 1.16)",
    "boolean": "true or false",
}
COLUMN_HINTS = {
    "sha256": " To get it, run `python -m newsfigures annotate seeds/<file>` and copy the sha256 it prints.",
    "source_id": (
        " A source_id names an article: a short name of your choice in seeds/sources.csv (e.g. school-survey-2024),"
        " used unchanged in every other table."
    ),
}


def field_types(fields):
    """{name: field descriptor} from a schema (object or descriptor)."""
    if hasattr(fields, "to_descriptor"):
        fields = fields.to_descriptor()
    if isinstance(fields, dict):
        fields = fields["fields"]
    return {f["name"]: f for f in fields}


def raise_first(name, task, fields, note="", lines=None):
    """Raise an InputError for the first error of a frictionless report's task.
    `fields` is the task's schema (see `field_types`); `lines`, the line each row starts on
    (frictionless counts rows, and a quoted cell may span lines)."""
    err = task.errors[0]
    column = getattr(err, "field_name", None) or ", ".join(getattr(err, "field_names", None) or [])
    field = field_types(fields).get(column, {"name": column, "type": "string"})
    cell = getattr(err, "cell", None)
    problem, fix = describe(err, field, "" if cell in (None, "None") else str(cell))
    row = getattr(err, "row_number", None)
    if row and lines and row <= len(lines):
        row = lines[row - 1]
    raise InputError(name, problem + note, fix, row=f"line {row}" if row else None)


def describe(err, field, cell):
    """(problem, fix) for one frictionless error."""
    col = field["name"]
    hint = COLUMN_HINTS.get(col, "")
    if err.type == "type-error":
        wanted = TYPES.get(field["type"], f"a value of type {field['type']}")
        return (f"column '{col}' holds {cell!r}, which is not {wanted}{_date_reason(field, cell)}.", f"write {wanted}.")
    if err.type == "constraint-error":
        return _constraint(err.note, field, cell, hint)
    if err.type in ("unique-error", "primary-key"):
        first = re.search(r"position (\d+)", err.note)
        where = f" (first on line {first[1]})" if first else ""
        return f"{col or 'the id'} {cell!r} is used twice{where}.", f"give each row its own {col or 'id'}."
    if err.type == "foreign-key":
        # frictionless gives the missing value only inside its note
        found = re.search(r'values "(.*?)" not found in the lookup table "(.*?)"', err.note or "")
        value, table = (found[1], found[2]) if found else (cell, "it points to")
        return (
            f"column '{col}' holds {value!r}, which is not a {col} of the table '{table}'.",
            "use an id that exists in that table, or add that row there first.",
        )
    if err.type == "missing-cell":
        return (
            f"the row has fewer cells than the header (nothing for column '{col}').",
            "add the missing cell, even if empty (one comma per column);"
            " put double quotes around any text that contains a comma.",
        )
    if err.type == "extra-cell":
        return (
            f"the row has more cells than the header (an extra {cell!r}).",
            "remove the extra cell, or put double quotes around any text that contains a comma.",
        )
    if err.type == "blank-row":
        return "the line is empty.", "delete the empty line."
    return f"{err.message}.", "correct the value the message names."


def _constraint(note, field, cell, hint):
    col = field["name"]
    kind = re.match(r'constraint "(\w+)"', note or "")
    kind = kind[1] if kind else ""
    rule = field.get("constraints", {}).get(kind)
    if kind == "required":
        return f"column '{col}' is empty.", f"fill it in: every row needs a {col}.{hint}"
    if kind == "pattern":
        wanted = PATTERNS.get(rule, f"text matching the pattern {rule}")
        return f"column '{col}' holds {cell!r}, which is not {wanted}.", f"write {wanted}.{hint}"
    if kind == "enum":
        return (
            f"column '{col}' holds {cell!r}, which is not one of its allowed values.",
            "use one of: " + "; ".join(map(repr, rule)) + ".",
        )
    if kind in ("minimum", "maximum", "minLength", "maxLength"):
        return f"column '{col}' holds {cell!r}, but its {kind} is {rule}.", "change the value so that it meets this rule."
    return f"column '{col}' holds {cell!r}, which breaks the rule {note}.", "change the value so that it meets the rule."


def _date_reason(field, cell):
    """Why a YYYY-MM-DD-shaped text is still not a date (e.g. month 13)."""
    if field["type"] != "date" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return ""
    try:
        datetime.date.fromisoformat(cell)
    except ValueError as err:
        return f": {err}"
    return ""
