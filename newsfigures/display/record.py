"""Rows of the outside record (the tables of data/input/context/) as lists a reader can check.

Every value is escaped as data, and every row ends with its source.
"""

import pandas as pd

from newsfigures.tables.load import context
from newsfigures.text.safe_text import markdown


def source_line(source_id, kit=None):
    """'Source: publisher, *title*.' for a row of the context tables."""
    source = context("sources", kit).set_index("source_id").loc[source_id]
    return markdown("Source: {}, *{}*.", source["publisher"], source["title"])


def on_date(date):
    """'12 October 2023', 'October 2023', or the text as given ('2020 to 2023-08'): as precise as the table."""
    text = str(date)
    if len(text) == 10:
        day = pd.Timestamp(text)
        return f"{day.day} {day:%B %Y}"
    if len(text) == 7 and text[4] == "-":
        return f"{pd.Timestamp(text + '-01'):%B %Y}"
    return text


def dated_list(rows, template, fields, kit=None):
    """One list item per row, oldest first: the row's `fields` put into `template` (as data), then its source.

    A field called "date" is written as a reader would write it."""
    items = []
    for _, row in rows.fillna("").sort_values("date").iterrows():
        values = [on_date(row[field]) if field == "date" else row[field] for field in fields]
        items.append("- " + markdown(template, *values) + " " + source_line(row["source_id"], kit))
    return "\n".join(items)
