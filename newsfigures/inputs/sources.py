"""The seed articles: the sources table, the text files, and their checksums."""

import csv
import datetime
import difflib
from dataclasses import dataclass, field

from newsfigures.errors import InputError
from newsfigures.inputs.schema import read_rows
from newsfigures.text.passages import pattern_for
from newsfigures.text.seeds import body_paragraphs, checksum, read_seed, split_blocks

SOURCES_FILE = "seeds/sources.csv"
PRECISION = {4: "year", 7: "month", 10: "day"}  # length of published -> how precisely the date is known
ANNOTATED = ("figures.csv", "voices.csv")  # the hand-made inputs that quote a seed


@dataclass
class Seed:
    source: dict  # its row of seeds/sources.csv
    text: str
    blocks: list
    numbered: dict = field(default_factory=dict)  # body block start -> paragraph number

    @property
    def source_id(self):
        return self.source["source_id"]


def load_sources(kit):
    """The rows of seeds/sources.csv, checked (types, unique ids and files)."""
    rows = read_rows(kit.root / SOURCES_FILE, "sources", kit)
    for row in rows:
        if "/" in row["file"] or "\\" in row["file"]:
            raise InputError(
                SOURCES_FILE,
                f"the file '{row['file']}' is not a plain file name.",
                "put the seed straight into seeds/ and give only its name, e.g. my-article.txt.",
                row=f"line {row['line']}",
            )
        row["published_precision"] = published_precision(row)
    return rows


def published_precision(row):
    """'day', 'month' or 'year': how precisely `published` gives the date; refuses a date that does not exist."""
    text = row["published"]
    precision = PRECISION[len(text)]  # the data package's pattern allows these three lengths only
    try:
        datetime.date.fromisoformat({"year": f"{text}-01-01", "month": f"{text}-01", "day": text}[precision])
    except ValueError as err:
        raise InputError(
            SOURCES_FILE,
            f"column 'published' holds {text!r}, which is not a real date ({err}).",
            "write a real day (YYYY-MM-DD), or only the month (YYYY-MM) or the year (YYYY) if the article gives no more; "
            "never invent a day.",
            row=f"line {row['line']}",
        ) from None
    return precision


def load_seeds(sources, kit):
    """Each source's text and blocks; refuses a seed that changed since it was annotated."""
    seeds = {}
    for row in sources:
        path = kit.seeds / row["file"]
        if not path.is_file() and not path.is_symlink():  # a link is refused by read_seed, with its own message
            raise InputError(
                SOURCES_FILE,
                f"the seed file 'seeds/{row['file']}' of '{row['source_id']}' does not exist{_did_you_mean(row['file'], kit)}.",
                "put the article's text in seeds/ under that name, or correct the file name in this row.",
                row=f"line {row['line']}",
            )
        text = read_seed(path, kit, used_by=f" (named on line {row['line']} of {SOURCES_FILE}, source_id '{row['source_id']}')")
        check_checksum(row, text, kit)
        blocks = split_blocks(text)
        numbered = {block.start: n for n, block in body_paragraphs(blocks)}
        seeds[row["source_id"]] = Seed(row, text, blocks, numbered)
    return seeds


def _did_you_mean(name, kit):
    files = [p.name for p in kit.seeds.glob("*.txt")]
    guess = difflib.get_close_matches(name, files, n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def unlisted_seeds(sources, kit):
    """Text files in seeds/ that no row of seeds/sources.csv names: the kit leaves them out."""
    listed = {row["file"] for row in sources}
    return sorted(p.name for p in kit.seeds.glob("*.txt") if p.name not in listed)


def check_checksum(row, text, kit):
    """Refuse a seed whose text is no longer the one its annotations were made on."""
    actual = checksum(text)
    if actual == row["sha256"]:
        return
    lost, kept = [], []
    for ident, quote in annotations_of(row["source_id"], kit):
        (kept if pattern_for(quote).search(text) else lost).append(ident)
    problem = (
        f"seeds/{row['file']} has changed since it was annotated"
        " (its SHA-256 is no longer the one recorded in the sha256 column). "
        f"Annotations whose quote is no longer in the text: {', '.join(lost) or 'none'}. "
        f"Annotations whose quote is still there, but check what they say: {', '.join(kept) or 'none'}."
    )
    if not lost and kept:
        problem += (
            " Every annotation's quote is still in the text (quotes ignore spaces and line breaks), so the change may "
            "be only in white space, or elsewhere in the article."
        )
    raise InputError(
        SOURCES_FILE,
        problem,
        "if the change was a mistake, put the original text back. "
        f"Otherwise fix each annotation listed in data/input/{' and '.join(ANNOTATED)}, "
        f"then write {actual} in the sha256 column of this row.",
        row=f"line {row['line']}",
    )


def annotations_of(source_id, kit):
    """(id, quote) of the hand-made rows that quote a source (read leniently: this is for a message)."""
    found = []
    for name in ANNOTATED:
        path = kit.inputs / name
        if path.is_file():
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
                found += [
                    (next(iter(r.values())), r.get("quote") or "") for r in csv.DictReader(f) if r.get("source_id") == source_id
                ]
    return found
