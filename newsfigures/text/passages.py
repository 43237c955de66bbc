"""Find an annotated passage in its seed, word for word.

White space may differ between the annotation and the seed (a line break, a
double space); words and punctuation may not.
"""

import difflib
import re
from collections import Counter
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


# A sentence ends at . ? or ! (perhaps followed by a closing quotation mark, bracket or bold mark) and
# white space, unless the word before the stop is an abbreviation or the stop is inside brackets or `code`.
SENTENCE_GAP = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]*]*\s+")
ABBREVIATION_WINDOW = 7  # the longest abbreviation ("Prof.") and the character before it, with room to spare
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|etc|e\.g|i\.e|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec))\.$"
)


def sentence_spans(text):
    """(start, end) of each sentence of a paragraph (an article's or the kit's Markdown), in order."""
    spans, start, seen, open_marks = [], 0, 0, Counter()
    for gap in SENTENCE_GAP.finditer(text):
        # Only the last few characters can hold an abbreviation: looking no further keeps this linear.
        if ABBREVIATION.search(text[max(start, gap.start() - ABBREVIATION_WINDOW) : gap.start()]):
            continue
        end = gap.start() + len(gap[0].rstrip())
        open_marks.update(text[seen:end])  # counted once each, so a long bracket stays linear too
        seen = end
        if open_marks["`"] % 2 == 0 and open_marks["("] <= open_marks[")"] and open_marks["["] <= open_marks["]"]:
            spans.append((start, end))
            start = seen = gap.end()
            open_marks = Counter()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text):
    """The sentences of a paragraph, in order."""
    return [text[start:end] for start, end in sentence_spans(text)]


def closest_passage(quote, blocks):
    """The sentence of the seed most like `quote`, to show beside an error."""
    found = [sentence for block in blocks for sentence in sentences(block.text)]
    scored = ((difflib.SequenceMatcher(None, quote.lower(), s.lower()).ratio(), s) for s in found)
    return max(scored, default=(0, ""))[1]


MARK_NAMES = {
    "'": "a straight apostrophe or single quotation mark (')",
    '"': 'a straight double quotation mark (")',
    "\u2018": "a curly opening single quotation mark (\u2018)",
    "\u2019": "a curly apostrophe or closing single quotation mark (\u2019)",
    "\u201c": "a curly opening double quotation mark (\u201c)",
    "\u201d": "a curly closing double quotation mark (\u201d)",
}


def quotation_marks_only(said, seed):
    """'X where the quote has Y' if two texts differ only in their quotation marks or apostrophes, else ''."""
    if len(said) != len(seed):
        return ""
    pairs = [(a, b) for a, b in zip(said, seed, strict=True) if a != b]
    if not pairs or not all(a in MARK_NAMES and b in MARK_NAMES for a, b in pairs):
        return ""
    ours, theirs = pairs[0]
    return f"{MARK_NAMES[theirs]} where the quote has {MARK_NAMES[ours]}"


def first_difference(quote, passage):
    """Where `quote` first departs from `passage`, word by word, in words."""
    ours, theirs = quote.split(), passage.split()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        said, seed = " ".join(ours[i1:i2]), " ".join(theirs[j1:j2])
        if op == "replace":
            marks = quotation_marks_only(said, seed)
            if marks:
                return f"in {seed!r} the seed has {marks}; the words are the same."
            return f"the quote has {said!r} where the seed has {seed!r}."
        if op == "delete":
            return f"the quote has {said!r}, which the seed does not."
        return f"the seed has {seed!r}, which the quote leaves out."
    return "none in the words; check the punctuation and spacing."


def whole_words(forms):
    """A pattern for any of `forms` as whole words, in any case: how the kit counts a word."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b", re.IGNORECASE)
