"""Rows of the outside record (the tables of data/input/context/) as lists a reader can check.

Every value is escaped as data, and every row ends with its source.
"""

from newsfigures.tables.load import context
from newsfigures.text.attribution import date_in_words
from newsfigures.text.safe_text import markdown

on_date = date_in_words  # the name the case module imports


def source_line(source_id, kit=None):
    """'Source: publisher, *title*.' for a row of the context tables."""
    source = context("sources", kit).set_index("source_id").loc[source_id]
    return markdown("Source: {}, *{}*.", source["publisher"], source["title"])


def dated_list(rows, template, fields, kit=None):
    """One list item per row, oldest first: the row's `fields` put into `template` (as data), then its source.

    A field called "date" is written as a reader would write it."""
    items = []
    for _, row in rows.fillna("").sort_values("date").iterrows():
        values = [date_in_words(row[field]) if field == "date" else row[field] for field in fields]
        items.append("- " + markdown(template, *values) + " " + source_line(row["source_id"], kit))
    return "\n".join(items)
