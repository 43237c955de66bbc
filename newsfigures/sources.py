"""The seed articles: the sources table, the text files, and their checksums."""
import csv
from dataclasses import dataclass, field

from .errors import InputError
from .inputs import read_rows
from .paths import input_dir, kit_root, seeds_dir
from .seeds import body_paragraphs, read_seed, sha256, split_blocks

SOURCES_FILE = "seeds/sources.csv"


@dataclass
class Seed:
    source: dict  # its row of seeds/sources.csv
    text: str
    blocks: list
    numbered: dict = field(default_factory=dict)  # body block start -> paragraph number

    @property
    def source_id(self):
        return self.source["source_id"]


def load_sources(root=None):
    """The rows of seeds/sources.csv, checked."""
    root = root or kit_root()
    rows = read_rows(root / SOURCES_FILE, "sources", root)
    seen = set()
    for row in rows:
        if row["source_id"] in seen:
            raise InputError(SOURCES_FILE, f"source_id '{row['source_id']}' is used twice.",
                             "give each article its own source_id.", row=f"line {row['line']}")
        seen.add(row["source_id"])
    return rows


def load_seeds(sources, root=None):
    """Each source's text and blocks; refuses a seed that changed since it was annotated."""
    root = root or kit_root()
    seeds = {}
    for row in sources:
        path = seeds_dir(root) / row["file"]
        if not path.is_file():
            raise InputError(SOURCES_FILE, f"the seed file 'seeds/{row['file']}' of '{row['source_id']}' does not exist.",
                             "put the article's text in seeds/ under that name, or correct the file name in this row.",
                             row=f"line {row['line']}")
        text = read_seed(path)
        check_checksum(row, path, root)
        blocks = split_blocks(text)
        numbered = {block.start: n for n, block in body_paragraphs(blocks)}
        seeds[row["source_id"]] = Seed(row, text, blocks, numbered)
    return seeds


def check_checksum(row, path, root):
    actual = sha256(path)
    if actual == row["sha256"]:
        return
    ids = annotations_of(row["source_id"], root)
    raise InputError(
        SOURCES_FILE,
        f"seeds/{row['file']} has changed since it was annotated (its SHA-256 is no longer the one recorded). "
        f"These annotations may no longer match it: {', '.join(ids) or 'none'}.",
        f"check each of them against the new text, then write {actual} in the sha256 column of this row.",
        row=f"line {row['line']}")


def annotations_of(source_id, root):
    """Ids of the hand-made rows that point at a source (read leniently: this is for a message)."""
    ids = []
    for name in ("figures.csv", "voices.csv"):
        path = input_dir(root) / name
        if path.is_file():
            with path.open(encoding="utf-8-sig", newline="") as f:
                ids += [next(iter(r.values())) for r in csv.DictReader(f) if r.get("source_id") == source_id]
    return ids
