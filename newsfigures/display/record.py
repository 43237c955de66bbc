"""The outside record in its own words: stated positions and events, each with its source.

Every row comes from a table of data/input/context/ and is escaped as data.
"""

import pandas as pd

from newsfigures.tables.load import context
from newsfigures.text.safe_text import markdown


def source_line(source_id, kit=None):
    """'Source: publisher, *title*.' for a row of the context tables."""
    source = context("sources", kit).set_index("source_id").loc[source_id]
    return markdown("Source: {}, *{}*.", source["publisher"], source["title"])


def on_date(date):
    """'12 October 2023', 'October 2023' or the text as given ('2020 to 2023-08'), as precise as the table is."""
    text = str(date)
    if len(text) == 10:
        day = pd.Timestamp(text)
        return f"{day.day} {day:%B %Y}"
    if len(text) == 7 and text[4] == "-":
        return f"{pd.Timestamp(text + '-01'):%B %Y}"
    return text


def positions_markdown(positions, kit=None):
    """Each stated position as a list item: who, when, their own words where the source quotes them, a summary."""
    items = []
    for row in positions.fillna("").sort_values("date").itertuples():
        on_behalf = "" if row.government.startswith("(") else f", {row.government}"  # '(United Nations)': no government
        said = markdown("**{}**, {}{}, {}.", row.speaker, row.role, on_behalf, on_date(row.date))
        if row.statement:
            said += markdown(' In the speaker\'s words: "{}".', row.statement)
        items.append(f"- {said}" + markdown(" In summary: {} ", row.in_our_words) + source_line(row.source_id, kit))
    return "\n".join(items)


def events_markdown(events, kit=None):
    """Each event as a list item: when, what happened, who says so, and the source."""
    items = []
    for row in events.fillna("").sort_values("date").itertuples():
        said = markdown("**{}.** {} According to: {}. ", on_date(row.date), row.what, row.who_says)
        items.append(f"- {said}" + source_line(row.source_id, kit))
    return "\n".join(items)
