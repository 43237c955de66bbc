"""Find the numbers in a text and read their values.

Two jobs, kept apart:
- `find_numbers` lists every number in a passage (digits or number words);
- `parse_figure` reads an annotated figure: its value, or its low and high
  ends, and the qualifier the words around it give (about, more than,
  between ... and ..., a peak, a ratio "X to 1").
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
SCALE = "|".join([*SCALES, "dozen"])

# ASCII digits only: Python's \d also matches fullwidth and other scripts' digits,
# which `lookalike_problem` refuses rather than reads.
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# "a" counts only before a scale ("a thousand"); "and" only after "hundred".
WORDS = rf"(?:a\s+(?={SCALE}))?(?:{WORD})(?:(?:[\s-]+|(?<=hundred)\s+and\s+)(?:{WORD}))*"
NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<digits>{DIGITS})(?:\s*(?P<scale>{'|'.join(SCALES)})\b)?(?![.,]?\d)"
    rf"|(?P<vague>{'|'.join(VAGUE)})\b|(?P<words>{WORDS})\b)",
    re.IGNORECASE,
)
PERCENT = re.compile(r"\s*(?:percent|per cent|%)", re.IGNORECASE)

QUALIFIERS = (  # (words just before the number, qualifier), longest first
    ("more than", "more than"),
    ("over", "more than"),
    ("at least", "at least"),
    ("fewer than", "less than"),
    ("less than", "less than"),
    ("under", "less than"),
    ("up to", "up to"),
    ("about", "about"),
    ("around", "about"),
    ("some", "about"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("peak of", "peak"),
    ("between", "between"),
)


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
    form: str  # "digits", "words" or "vague"


@dataclass
class Parsed:
    value: float | None
    low: float | None
    high: float | None
    qualifier: str


class ParseError(ValueError):
    pass


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


def find_numbers(text):
    """Every number in `text`, digits or words, in order."""
    found = []
    for m in NUMBER.finditer(text):
        if m["digits"]:
            found.append(Found(m.start(), m.end(), m[0], digits_to_number(m["digits"], m["scale"]), "digits"))
        elif m["vague"]:
            found.append(Found(m.start(), m.end(), m[0], None, "vague"))
        else:
            found.append(Found(m.start(), m.end(), m[0], words_to_number(m["words"]), "words"))
    return found


def value_of(text):
    """The value of one number written in digits or words."""
    numbers = find_numbers(text)
    if len(numbers) != 1 or numbers[0].text != text.strip():
        raise ParseError(f"'{text}' is not one number")
    if numbers[0].value is None:
        raise ParseError(f"'{text}' names an order of size, not a number")
    return numbers[0].value


def parse_figure(number_text, quote):
    """Read the figure `number_text` as the words of `quote` around it give it.

    >>> parse_figure("50,000 and 200,000", "between 50,000 and 200,000 people")
    Parsed(value=None, low=50000.0, high=200000.0, qualifier='between')
    """
    where = quote.find(number_text)
    before = quote[: max(where, 0)].lower().split()
    text = PERCENT.sub("", number_text).strip()
    qualifier = _qualifier_before(before)
    if text.lower() in VAGUE:
        return Parsed(None, None, None, f"order of size ({VAGUE[text.lower()]})")
    rng = re.fullmatch(r"(.+?)(\s+(?:and|to)\s+|(?<=\d)\s*[-\u2013]\s*(?=\d))(.+)", text)
    if rng and rng[2].strip() == "to" and rng[3] in ("1", "one"):
        return Parsed(value_of(rng[1]), None, None, "ratio X to 1")
    if rng and _is_number(rng[1]) and _is_number(rng[3]):
        low, high = value_of(rng[1]), value_of(rng[3])
        if low > high:
            raise ParseError(f"the range '{number_text}' runs backwards")
        return Parsed(None, low, high, "between")
    value = value_of(text)
    bounds = {"more than": (value, None), "at least": (value, None), "less than": (None, value), "up to": (None, value)}
    if qualifier in bounds:
        return Parsed(value, *bounds[qualifier], qualifier)
    if qualifier in ("about", "nearly", "peak"):
        return Parsed(value, None, None, qualifier)
    return Parsed(value, value, value, "exact")


def _is_number(text):
    try:
        value_of(text)
        return True
    except ParseError:
        return False


def _qualifier_before(words):
    tail = " ".join(words[-2:])
    for phrase, qualifier in QUALIFIERS:
        if tail.endswith(phrase):
            return qualifier
    return ""


def format_number(value):
    """A number as the tidy CSVs write it: no '.0' on whole numbers, no exponent."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
