"""Quoted figures as text: a number as a reader reads it, and a figure's passage with its source.

A *figure* is a row of data/tidy/figures.csv: a number an article quotes, with
the words around it (`qualifier`), its `low`/`high` ends when it is a range,
and who states it. Nothing here names an article: the notebooks choose the rows.
"""

import re

import pandas as pd

from newsfigures.text.attribution import article_source
from newsfigures.text.numbers import WORDED_AFTER, WORDED_BEFORE
from newsfigures.text.safe_text import escape

RANGE_JOIN = re.compile(r"\s*(?:\bto\b|-|\u2013)\s*")  # "30,000 to 50,000", "30,000-50,000": after "between", "and"


def number(x):
    """28000 -> '28,000'; 1.16 -> '1.16'."""
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def as_worded(figure):
    """The number with the words that qualify it: 'about 1,000', 'more than 80 percent', 'up to 1,200', '40 or more'."""
    if figure["qualifier"] == "between":  # "between 30,000 to 50,000" reads badly: "between 30,000 and 50,000"
        return f"between {RANGE_JOIN.sub(' and ', figure['number_text'], count=1)}"
    if figure["qualifier"] in WORDED_BEFORE:
        return f"{figure['qualifier']} {figure['number_text']}"
    if figure["qualifier"] in WORDED_AFTER:
        return f"{figure['number_text']} {figure['qualifier']}"
    return figure["number_text"]


def bounds(figure):
    """(lowest, highest) value a figure allows; the same twice for a single value."""
    low = figure["low"] if pd.notna(figure["low"]) else figure["value"]
    high = figure["high"] if pd.notna(figure["high"]) else figure["value"]
    return float(low), float(high)


def claim_markdown(figures, articles):
    """Figures as a reader should meet them: each passage word for word with its
    article and paragraph, then for every number what it measures, who states it
    and on what basis. `articles` is data/tidy/sources.csv indexed by source_id.
    Every value is escaped: show the result with safe_text.show_markdown."""
    lines = []
    for quote, group in figures.groupby("quote", sort=False):
        first = group.iloc[0]
        where = article_source(articles.loc[first["source_id"]]).removeprefix("Source: ")
        lines += [f"**{escape(where)}, paragraph {int(first['paragraph'])}**", "", "> " + escape(quote), ""]
    lines += ["| number as printed | read as | what it measures | stated by | basis |", "| --- | --- | --- | --- | --- |"]
    for _, row in figures.iterrows():
        cells = (row["number_text"], row["qualifier"], row["measure"], row["stated_by"], row["basis"])
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
    return "\n".join(lines)
