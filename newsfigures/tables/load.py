"""Load the kit's tables as pandas DataFrames, for the notebooks."""

import hashlib
import io

import pandas as pd

from newsfigures.kit import Kit
from newsfigures.tables.switch import finish_or_refuse

# A "$" in an article is a dollar sign: tables shown in JupyterLab are not typeset as maths.
pd.set_option("display.html.use_mathjax", False)


def tidy(name, kit=None):
    """One table of data/tidy/, e.g. tidy("figures"), its text as the seed gives it.
    `kit` is the kit the notebook runs in unless a test gives another. Refused while a run is
    replacing the tables; a switch that a killed run left half done is finished first (see switch.py)."""
    kit = kit or Kit.here()
    finish_or_refuse(kit.tidy, kit)
    return read(kit.tidy / f"{name}.csv", parse=tidy_csv)


def tidy_csv(file):
    """A tidy table parsed, its text as the seed gives it."""
    table = pd.read_csv(file)
    for column in table.select_dtypes(include=["object", "string"]).columns:
        table[column] = table[column].map(unmark, na_action="ignore")
    return table


PARSED = {}  # (path, parse) -> (the file's digest, the table parsed from it)
HELD = 64  # tables kept parsed; the oldest is let go first


def read(path, parse=pd.read_csv):
    """A table, parsed once for each content of its file: a notebook reads the same table many times
    (each passage it shows reads the paragraphs, its article and the content notes). The file is read
    every time and its bytes compared by digest, so a changed file (a new prepare, an edited input)
    is parsed again. Each caller gets its own copy to change."""
    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).digest()
    key = (str(path), parse)
    held = PARSED.pop(key, None)
    if held is None or held[0] != digest:
        held = (digest, parse(io.BytesIO(data)))
    PARSED[key] = held  # the most recently read last
    while len(PARSED) > HELD:
        PARSED.pop(next(iter(PARSED)))
    return held[1].copy()


def unmark(text):
    """Text as the seed gives it: without the mark that keeps a spreadsheet from running it (see store.py)."""
    return text[1:] if isinstance(text, str) and text.startswith("'") else text


def context(file_stem, kit=None):
    """One table of data/input/context/, by its file name without ".csv"."""
    return read((kit or Kit.here()).context / f"{file_stem}.csv")


def content_notes(kit=None):
    """data/input/content_notes.csv: the body paragraphs shown closed behind a content note."""
    return read((kit or Kit.here()).inputs / "content_notes.csv")


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
