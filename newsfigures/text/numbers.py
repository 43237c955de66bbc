"""Find the numbers in a text and read their values.

Two jobs, kept apart:
- `find_numbers` lists every number in a passage (digits, number words,
  fold and fraction words, orders of size);
- `parse_figure` reads an annotated figure: its value, or its low and high
  ends, the qualifier the words around it give (about, more than, up to,
  between ... and ..., a peak, a ratio "X to 1"), which kind of bound that
  makes, and what kind of number it is. Whole thousands with no qualifier
  ("the 28,000") are a round figure: approximate, not exact.

A figure's text must be a whole number as the quote prints it, never part of
a longer one: "30" is not in "300,000", nor "5" in "1,5". A decimal comma
("1,5") is never guessed at: the row must state its value.
"""

import re
import unicodedata
from dataclasses import dataclass

UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Plurals with no count in front ("thousands of people") name an order of size, not a number.
VAGUE = {"dozens": "dozens", "hundreds": "hundreds", "thousands": "thousands", "millions": "millions"}
WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True))
# Words that name a multiple ("thirtyfold", "twice": a ratio) or a part of a whole ("half": a share).
MULTIPLES = {"twice": 2, "thrice": 3}
FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5}
# "third" and "quarter" are fractions only with a count in front ("a third"); "half" is one alone.
FRACTION = r"(?:(?:a|one|two|three|four)[\s-]+(?:thirds?|quarters?|fifths?)|(?:(?:a|one)[\s-]+)?half)"
SCALE = "|".join([*SCALES, "dozen"])

# ASCII digits only: Python's \d also matches fullwidth and other scripts' digits,
# which `lookalike_problem` refuses rather than reads.
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# "a" counts only before a scale ("a thousand"); "and" only after "hundred".
WORDS = rf"(?:a\s+(?={SCALE}))?(?:{WORD})(?:(?:[\s-]+|(?<=hundred)\s+and\s+)(?:{WORD}))*"
FOLD = rf"(?:[0-9]+|{WORDS})[\s-]?fold"
# Digits with a comma that is not a thousands separator ("1,5", "12,50"): a decimal comma, or a typo.
COMMA = r"[0-9]+(?:,[0-9]+)+(?:\.[0-9]+)?"
NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<fold>{FOLD})\b"
    rf"|(?P<digits>{DIGITS})(?:\s*(?P<scale>{'|'.join(SCALES)})\b)?(?![.,]?\d)"
    rf"|(?P<comma>{COMMA})(?:\s*(?P<comma_scale>{'|'.join(SCALES)})\b)?(?![.,]?\d)"
    rf"|(?P<vague>{'|'.join(VAGUE)})\b|(?P<multiple>{'|'.join(MULTIPLES)})\b|(?P<fraction>{FRACTION})\b(?!-\w)"
    rf"|(?P<words>{WORDS})\b)",
    re.IGNORECASE,
)
PERCENT = re.compile(r"\s*(?:percent|per cent|%)", re.IGNORECASE)

LOWER, UPPER, APPROXIMATE, EXACT, RANGE = "lower bound", "upper bound", "approximate", "exact", "range"
QUALIFIERS = (  # (words just before the number, qualifier, bound)
    ("no more than", "no more than", UPPER),
    ("as many as", "as many as", APPROXIMATE),
    ("more than", "more than", LOWER),
    ("over", "more than", LOWER),
    ("at least", "at least", LOWER),
    ("fewer than", "less than", UPPER),
    ("less than", "less than", UPPER),
    ("under", "less than", UPPER),
    ("up to", "up to", UPPER),
    ("at most", "at most", UPPER),
    ("about", "about", APPROXIMATE),
    ("around", "about", APPROXIMATE),
    ("roughly", "roughly", APPROXIMATE),
    ("some", "about", APPROXIMATE),
    ("closer to", "closer to", APPROXIMATE),
    ("nearly", "nearly", APPROXIMATE),
    ("almost", "nearly", APPROXIMATE),
    ("peak of", "peak", EXACT),
    ("between", "between", RANGE),
)
# Whole thousands written with digits and no qualifier ('the 28,000') are a round figure, read as approximate.
ROUND_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,000)+")
ROUND_FIGURE = "round figure"
AFTER = (("or more", "or more", LOWER), ("or fewer", "or fewer", UPPER), ("or less", "or less", UPPER))
# The qualifiers a reader sees written with the number ('about 1,000', '40 or more'); a peak is a kind, not a word to show.
WORDED_BEFORE = tuple(dict.fromkeys(qualifier for _, qualifier, bound in QUALIFIERS if bound != EXACT))
WORDED_AFTER = tuple(qualifier for _, qualifier, _ in AFTER)


# Characters that make a number look like one thing and read as another.
INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u061c": "Arabic letter mark",
    **{chr(c): "right-to-left or left-to-right control" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
}
SPACES_IN_NUMBERS = re.compile(r"(?<=[0-9])[\u00a0\u202f\u2009\u2007](?=[0-9])")


def lookalike_problem(text):
    """What in `text` (a number, or the text around one) may make it read otherwise than it looks, or None.

    The kit refuses these rather than guessing: a hidden character or a
    foreign digit can make "12,000" on screen read as another number."""
    for char in text:
        if char in INVISIBLE:
            return f"an invisible character ({INVISIBLE[char]}, U+{ord(char):04X})"
        if char.isdigit() and not "0" <= char <= "9":
            return (
                f"the digit {char!r} ({unicodedata.name(char, 'a non-ASCII digit').lower()}, U+{ord(char):04X}), not one of 0-9"
            )
    space = SPACES_IN_NUMBERS.search(text)
    if space:
        return f"a non-breaking or thin space (U+{ord(space[0]):04X}) between digits"
    return None


@dataclass
class Found:
    start: int
    end: int
    text: str
    value: float | None
    form: str  # "digits", "words", "vague" (an order of size) or "ambiguous" (a comma that may be a decimal comma)
    kind: str = "number"  # "number", "ratio" (a fold, "twice"), "share" ("half") or "order of size"


@dataclass
class Parsed:
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    bound: str = EXACT  # exact, lower bound, upper bound, approximate, range
    kind: str = "number"  # number, percent, ratio, share, order of size
    at: int = 0  # where number_text starts in the quote


class ParseError(ValueError):
    pass


class AmbiguousComma(ParseError):
    """A comma that is a decimal comma in some languages and a thousands separator in others."""


class NotInQuote(ParseError):
    """number_text is not a whole number as the quote prints it: `part` is the longer number
    it stands inside, or None where it is not in the quote at all; `printed` lists the quote's numbers."""

    def __init__(self, message, printed, part=None):
        super().__init__(message)
        self.printed, self.part = printed, part


class NotANumber(ParseError):
    """number_text is in the quote, but is no number the kit can read."""


def words_to_number(text):
    """'twenty-five' -> 25, 'three hundred' -> 300, 'a thousand' -> 1000."""
    total = current = 0
    parts = re.split(r"[\s-]+", text.lower())
    for part in parts:
        if part == "and":
            continue
        if part == "a":
            current = max(current, 1)
        elif part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part == "dozen":
            current = max(current, 1) * 12
        elif part in SCALES:
            current = max(current, 1) * SCALES[part]
            if SCALES[part] >= 1000:
                total, current = total + current, 0
        else:
            raise ParseError(f"'{part}' is not a number word")
    return total + current


def digits_to_number(text, scale=None):
    value = float(text.replace(",", ""))
    return value * SCALES[scale.lower()] if scale else value


def fraction_value(text):
    """'half' -> 0.5, 'a third' -> 1/3, 'two thirds' -> 2/3."""
    *count, part = re.split(r"[\s-]+", text.lower())
    return (words_to_number(count[0]) if count else 1) * FRACTIONS[part]


def _found(m):
    text = m[0]
    if m["fold"]:
        times = re.sub(r"[\s-]?fold$", "", m["fold"], flags=re.IGNORECASE)
        value = float(times) if times.isdigit() else words_to_number(times)
        return Found(m.start(), m.end(), text, value, "digits" if times.isdigit() else "words", "ratio")
    if m["digits"]:
        return Found(m.start(), m.end(), text, digits_to_number(m["digits"], m["scale"]), "digits")
    if m["comma"]:
        return Found(m.start(), m.end(), text, None, "ambiguous")
    if m["vague"]:
        return Found(m.start(), m.end(), text, None, "vague", "order of size")
    if m["multiple"]:
        return Found(m.start(), m.end(), text, MULTIPLES[m["multiple"].lower()], "words", "ratio")
    if m["fraction"]:
        return Found(m.start(), m.end(), text, fraction_value(m["fraction"]), "words", "share")
    return Found(m.start(), m.end(), text, words_to_number(m["words"]), "words")


def find_numbers(text):
    """Every number in `text`, digits or words, in order."""
    return [_found(m) for m in NUMBER.finditer(text)]


def value_of(text):
    """The value of one number written in digits or words."""
    numbers = find_numbers(text)
    if len(numbers) != 1 or numbers[0].text != text.strip():
        raise ParseError(f"'{text}' is not one number")
    if numbers[0].form == "ambiguous":
        raise AmbiguousComma(
            f"'{text}' may be written with a decimal comma ({text.replace(',', '.')}): its comma is no thousands "
            "separator, and the kit does not guess"
        )
    if numbers[0].value is None:
        raise ParseError(f"'{text}' names an order of size, not a number")
    return numbers[0].value


def locate_number(number_text, quote, stated_value=None):
    """Where `number_text` starts in `quote`, as a whole number as printed (or numbers, for a range):
    it must start where a number starts and end where a number (or its 'percent') ends. Text that
    is no number at all is accepted only with a `stated_value`."""
    numbers = find_numbers(quote)
    starts = {n.start for n in numbers}
    ends = {n.end for n in numbers} | {n.end + len(m[0]) for n in numbers if (m := PERCENT.match(quote, n.end))}
    at = quote.find(number_text)
    while at >= 0:
        if at in starts and at + len(number_text) in ends:
            return at
        at = quote.find(number_text, at + 1)
    printed = ", ".join(repr(n.text) for n in numbers) or "none"
    first = quote.find(number_text)
    if first < 0:
        raise NotInQuote(f"number_text {number_text!r} is not in the quote", printed)
    around = [n for n in numbers if n.start < first + len(number_text) and first < n.end]
    if around:
        part = quote[around[0].start : around[-1].end]
        raise NotInQuote(f"number_text {number_text!r} is only part of the number {part!r} in the quote", printed, part)
    if stated_value is None:
        raise NotANumber(f"'{number_text}' is not a number the kit can read (the numbers the quote prints: {printed})")
    return first


def parse_figure(number_text, quote, stated_value=None):
    """Read the figure `number_text` as the words of `quote` around it give it.
    `stated_value` is the value a row states itself, for a number the kit cannot read
    from its text alone (a decimal comma); where the kit can read it, the two must agree.

    >>> parse_figure("50,000 and 200,000", "between 50,000 and 200,000 people")
    Parsed(value=None, low=50000.0, high=200000.0, qualifier='between', bound='range', kind='number', at=8)
    """
    at = locate_number(number_text, quote, stated_value)
    before = quote[:at].lower()
    after = quote[at + len(number_text) :].lower()
    text = PERCENT.sub("", number_text).strip()
    percent = text != number_text.strip()
    qualifier, bound = _qualifier_around(before, after)
    parsed = _read(number_text, text, qualifier, bound, stated_value)
    parsed.at = at
    if percent and parsed.kind == "number":
        parsed.kind = "percent"
    return parsed


def _read(number_text, text, qualifier, bound, stated_value):
    if stated_value is not None and not find_numbers(text):  # words the kit cannot read, valued by the row
        return _bounded(float(stated_value), qualifier, bound, "number")
    if text.lower() in VAGUE:
        return Parsed(None, None, None, f"order of size ({VAGUE[text.lower()]})", LOWER, "order of size")
    rng = re.fullmatch(r"(.+?)(\s+(?:and|to)\s+|(?<=\d)\s*[-\u2013]\s*(?=\d))(.+)", text)
    if rng and rng[2].strip() == "to" and rng[3] in ("1", "one"):
        return Parsed(_value(rng[1], stated_value), None, None, "ratio X to 1", EXACT, "ratio")
    if rng and _is_number(rng[1], also_ambiguous=True) and _is_number(rng[3], also_ambiguous=True):
        if stated_value is not None:
            raise ParseError(f"'{number_text}' is a range, and a row states one value only")
        low, high = value_of(rng[1]), value_of(rng[3])
        if low > high:
            raise ParseError(f"the range '{number_text}' runs backwards")
        return Parsed(None, low, high, "between", RANGE)
    value = _value(text, stated_value)
    if not qualifier and ROUND_THOUSANDS.fullmatch(text):
        qualifier, bound = ROUND_FIGURE, APPROXIMATE
    return _bounded(value, qualifier, bound, find_numbers(text)[0].kind)


def _bounded(value, qualifier, bound, kind):
    if bound == LOWER:
        return Parsed(value, value, None, qualifier, bound, kind)
    if bound == UPPER:
        return Parsed(value, None, value, qualifier, bound, kind)
    if qualifier:
        return Parsed(value, None, None, qualifier, bound, kind)
    return Parsed(value, value, value, "exact", EXACT, kind)


def _value(text, stated_value):
    """The number's value: read from the text, or the row's own where the text is ambiguous."""
    try:
        value = value_of(text)
    except AmbiguousComma:
        if stated_value is None:
            raise
        return float(stated_value)
    if stated_value is not None and float(stated_value) != value:
        raise ParseError(f"'{text}' reads as {format_number(value)}, but the row states the value {format_number(stated_value)}")
    return value


def _is_number(text, also_ambiguous=False):
    try:
        value_of(text)
        return True
    except AmbiguousComma:
        return also_ambiguous
    except ParseError:
        return False


BEFORE_PATTERNS = [(re.compile(rf"(?<![a-z]){phrase}\s+$"), qualifier, bound) for phrase, qualifier, bound in QUALIFIERS]
AFTER_PATTERNS = [(re.compile(rf"\s+(?:[a-z]+\s+)?{phrase}\b"), qualifier, bound) for phrase, qualifier, bound in AFTER]
NEAR = 40  # characters either side of a number that can hold its qualifier


def _qualifier_around(before, after):
    """(qualifier, bound) from the words just before the number, or just after it ('or more')."""
    before, after = before[-NEAR:], after[:NEAR]
    for pattern, qualifier, bound in BEFORE_PATTERNS:
        if pattern.search(before):
            return qualifier, bound
    for pattern, qualifier, bound in AFTER_PATTERNS:
        if pattern.match(after):
            return qualifier, bound
    return "", EXACT


def format_number(value):
    """A number as the tidy CSVs write it: no '.0' on whole numbers, no exponent."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
