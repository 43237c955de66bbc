"""Read a seed article and tell its body from the page furniture around it.

A seed is the text of a web page: besides the article it holds headlines,
bylines, photo captions, tag lists and appeals. The rules below are generic
(no article is named): each non-blank line is a block; a line cut in two by a
stray blank line is joined again; then each block is either body or furniture,
with the reason.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from newsfigures.errors import InputError, not_utf8

BOM = "\ufeff"
SENTENCE_END = tuple(".?!:\")\u201d\u2019'")

# (reason, test) in the order they are tried; a block no rule claims is body.
FURNITURE_RULES = (
    ("link list or button", lambda s: "](" in s),
    ("appeal or promotion", lambda s: s.startswith("**")),
    # A credit: "Photo by Name", "AGENCY/Name" or "Name/AGENCY".
    ("photo caption or credit", lambda s: bool(re.search(r"\bPhoto by\b|\b[A-Z]{2,}/[A-Z]|/[A-Z]{2,}\b", s))),
    ("byline", lambda s: s.startswith("By ")),
    ("heading, label or date line (no sentence ends here)", lambda s: not s.endswith(SENTENCE_END)),
)


@dataclass
class Block:
    start: int  # offset of the first character in the seed text
    end: int  # offset one past the last character
    text: str  # the block with its white space collapsed to single spaces
    kind: str  # "body" or "furniture"
    reason: str  # why a furniture block was dropped ("" for body)


def checksum(text):
    """SHA-256 of a seed's text as the kit reads it (UTF-8, no byte-order mark,
    Unix line endings): saving the same article with a byte-order mark or
    Windows line endings does not change it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# How other kinds of file begin: a seed saved under a .txt name may be one of these.
MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a Word, OpenDocument or EPUB file is one)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",
}
MAX_SEED_BYTES = 500_000  # five times a long news article's text


def read_seed(path, kit, used_by=""):
    """The seed's text. Refuses a missing, empty or non-UTF-8 file; accepts
    (and removes) a byte-order mark and Windows (or old Mac) line endings.
    `used_by` says which row of seeds/sources.csv names the file, for messages."""
    refuse_outside(path, kit, used_by)
    name = kit.relative(path)
    if not path.is_file():
        raise InputError(
            name,
            f"the seed file does not exist{used_by}.",
            "put the article's text in seeds/ under this name, or correct the `file` column of seeds/sources.csv.",
        )
    if path.stat().st_size > MAX_SEED_BYTES:
        raise InputError(
            name,
            f"the seed file is {path.stat().st_size // 1000:,} kB{used_by}; a seed may be at most "
            f"{MAX_SEED_BYTES // 1000:,} kB. A news article's text is under 100 kB, so a bigger file holds more than "
            "one article's text (a saved web page, a book, a data file), and every table built from it would grow with it.",
            "save only the article's text (headline, byline and body) in the file, as plain UTF-8 text.",
        )
    raw = path.read_bytes()
    kind = not_text(raw)
    if kind:
        raise InputError(
            name,
            f"the seed file is not text at all{used_by}: it is {kind}, whatever its name says.",
            "open the article (the web page, PDF or document) and copy its text into a new plain-text file, "
            "saved as UTF-8 in seeds/.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        fix = (
            "open the file in a text editor and save it again as UTF-8 (Save As, Encoding: UTF-8); "
            "check that the marked character looks right afterwards."
        )
        raise not_utf8(name, raw, err, fix, used_by) from None
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(
            name,
            f"the seed file is empty{used_by}.",
            "paste the article's text into it (plain text, saved as UTF-8).",
            row="line 1",
        )
    return text


def not_text(raw):
    """What kind of file `raw` is, if it is plainly not text (a known file signature, or NUL bytes); else None."""
    kind = next((kind for magic, kind in MAGIC.items() if raw.startswith(magic)), None)
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # text, in another encoding: the UTF-8 message says how to fix it
    if kind is None and not utf16 and b"\x00" in raw[:4096]:
        kind = "a binary file (it holds NUL bytes, which no text has)"
    return kind


def refuse_outside(path, kit, used_by=""):
    """Refuse a seed that is a symbolic link or lies outside seeds/: the kit reads
    only article text that was copied into seeds/, never a file a link points to."""
    path = Path(path)
    shown = (Path(kit.relative(path.parent)) / path.name).as_posix()  # the link's own name, not its target's
    if path.is_symlink():
        raise InputError(
            shown,
            f"the seed file is a symbolic link, not a file of its own{used_by}; the kit does not follow links.",
            "delete the link and copy the article's text into seeds/ under this name as an ordinary file, "
            "then run the step again.",
        )
    if path.resolve().parent != kit.seeds.resolve():
        raise InputError(shown, f"the file is not in seeds/{used_by}.", f"copy it into seeds/ first, then use seeds/{path.name}.")


def split_blocks(text):
    """The seed's blocks, in order, each marked body or furniture."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    merged = []
    for start, end in lines:
        if merged and _continues(text[merged[-1][0] : merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [_classify(text, start, end) for start, end in merged]


def _continues(previous, line):
    """A line that starts in lower case after a line with no sentence end
    is the rest of the same paragraph."""
    stripped = line.strip()
    return bool(stripped) and stripped[0].islower() and not previous.rstrip().endswith(SENTENCE_END)


def _classify(text, start, end):
    # Leading or trailing spaces are not part of the block.
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    flat = collapse_space(text[start:end])
    for reason, test in FURNITURE_RULES:
        if test(flat):
            return Block(start, end, flat, "furniture", reason)
    return Block(start, end, flat, "body", "")


def collapse_space(text):
    return " ".join(text.split())


def body_paragraphs(blocks):
    """The body blocks, numbered from 1 in reading order."""
    return list(enumerate((b for b in blocks if b.kind == "body"), start=1))
