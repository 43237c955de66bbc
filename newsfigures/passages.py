"""Find an annotated passage in its seed, word for word.

White space may differ between the annotation and the seed (a line break, a
double space); words and punctuation may not.
"""
import difflib
import re
from dataclasses import dataclass


@dataclass
class Located:
    start: int
    end: int
    paragraph: int | None  # body paragraph the passage starts in
    block_kind: str
    block_reason: str


def pattern_for(quote):
    return re.compile(r"\s+".join(re.escape(word) for word in quote.split()))


def locate(quote, text, blocks, numbered):
    """Where `quote` stands in `text`, or None. `numbered` maps a body block's
    start offset to its paragraph number."""
    match = pattern_for(quote).search(text)
    if not match:
        return None
    block = next(b for b in blocks if b.start <= match.start() < b.end + 1)
    return Located(match.start(), match.end(), numbered.get(block.start), block.kind, block.reason)


def closest_passage(quote, blocks):
    """The sentence of the seed most like `quote`, to show beside an error."""
    sentences = [s for b in blocks for s in re.split(r"(?<=[.!?\"\u201d])\s+", b.text)]
    scored = ((difflib.SequenceMatcher(None, quote.lower(), s.lower()).ratio(), s) for s in sentences)
    return max(scored, default=(0, ""))[1]
