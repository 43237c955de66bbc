"""Load the kit's tables as pandas DataFrames, for the notebooks."""

import pandas as pd

from newsfigures.kit import Kit
from newsfigures.tables.switch import refuse_if_switching

# A "$" in an article is a dollar sign: tables shown in JupyterLab are not typeset as maths.
pd.set_option("display.html.use_mathjax", False)


def tidy(name, kit=None):
    """One table of data/tidy/, e.g. tidy("figures"), its text as the seed gives it.
    `kit` is the kit the notebook runs in unless a test gives another. Refused while the
    tables are being replaced, or after a run that was stopped half way (see switch.py)."""
    kit = kit or Kit.here()
    refuse_if_switching(kit.tidy, kit)
    table = pd.read_csv(kit.tidy / f"{name}.csv")
    for column in table.select_dtypes(include=["object", "string"]).columns:
        table[column] = table[column].map(unmark, na_action="ignore")
    return table


def unmark(text):
    """Text as the seed gives it: without the mark that keeps a spreadsheet from running it (see store.py)."""
    return text[1:] if isinstance(text, str) and text.startswith("'") else text


def context(file_stem, kit=None):
    """One table of data/input/context/, by its file name without ".csv"."""
    return pd.read_csv((kit or Kit.here()).context / f"{file_stem}.csv")


def content_notes(kit=None):
    """data/input/content_notes.csv: the body paragraphs shown closed behind a content note."""
    return pd.read_csv((kit or Kit.here()).inputs / "content_notes.csv")


def figure(figure_id, kit=None):
    """One figure of data/tidy/figures.csv, as a Series."""
    figures = tidy("figures", kit).set_index("figure_id")
    return figures.loc[figure_id]


def source(source_id, kit=None):
    """One article of data/tidy/sources.csv, as a Series."""
    return tidy("sources", kit).set_index("source_id").loc[source_id]


def paragraph(source_id, number, kit=None):
    """The text of one body paragraph."""
    paragraphs = tidy("paragraphs", kit)
    row = paragraphs[(paragraphs.source_id == source_id) & (paragraphs.paragraph == number)]
    return row.iloc[0]["text"]
