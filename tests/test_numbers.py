"""The number parser on the forms the articles use and their awkward neighbours."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfigures.text.numbers import ParseError, find_numbers, format_number, parse_figure, value_of, words_to_number


@pytest.mark.parametrize(
    "number_text, quote, expected",
    [
        ("1,000", "There are about 1,000 children", (1000, None, None, "about")),
        ("1.22", "a peak of 1.22 men for every woman", (1.22, None, None, "peak")),
        ("80 percent", "More than 80 percent of the", (80, 80, None, "more than")),
        ("50,000 and 200,000", "between 50,000 and 200,000 North Koreans", (None, 50000, 200000, "between")),
        ("1.16 to 1", "now stands at 1.16 to 1, according", (1.16, None, None, "ratio X to 1")),
        ("28,000", "of the 28,000 North Korean defectors", (28000, 28000, 28000, "exact")),
        ("2014", "A 2014 UN Commission of Inquiry report", (2014, 2014, 2014, "exact")),
        ("thousands", "Still, thousands of women", (None, None, None, "order of size (thousands)")),
        ("twenty-five", "nearly twenty-five families", (25, None, None, "nearly")),
        ("1.2 million", "up to 1.2 million people", (1_200_000, None, 1_200_000, "up to")),
        ("50,000-200,000", "an estimated 50,000-200,000", (None, 50000, 200000, "between")),
    ],
)
def test_parse_figure(number_text, quote, expected):
    parsed = parse_figure(number_text, quote)
    assert (parsed.value, parsed.low, parsed.high, parsed.qualifier) == expected


def test_find_numbers_in_a_mixed_sentence():
    text = "In 2008, 1.22; now 1.16 to 1. About 1,000 children, one-child policy, someone alone, 9.32am, a thousand"
    found = [(n.text, n.value) for n in find_numbers(text)]
    assert found == [
        ("2008", 2008),
        ("1.22", 1.22),
        ("1.16", 1.16),
        ("1", 1),
        ("1,000", 1000),
        ("one", 1),
        ("9.32", 9.32),
        ("a thousand", 1000),
    ]


@pytest.mark.parametrize("text", ["abc", "1,00", "80 percent and", "20000 and 100"])
def test_malformed_numbers_are_refused(text):
    with pytest.raises(ParseError):
        parse_figure(text, text)


def test_words_to_number():
    assert words_to_number("three hundred and twenty") == 320
    assert words_to_number("a dozen") == 12
    assert words_to_number("two million") == 2_000_000


def with_commas(n):
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_round_trip_with_thousands_separators(n):
    assert value_of(with_commas(n)) == n
    assert format_number(value_of(with_commas(n))) == str(n)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d):
    text = f"{d:.2f}"
    assert value_of(text) == float(text)
    assert float(format_number(value_of(text))) == float(text)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_ranges_round_trip(a, b):
    low, high = sorted((a, b))
    parsed = parse_figure(f"{low:,} and {high:,}", f"between {low:,} and {high:,} people")
    assert (parsed.low, parsed.high) == (low, high)


NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n):
    """Spell 0-999 in English words (an independent writer for the round trip)."""
    if n < 20:
        return NUMBER_WORDS[n]
    if n < 100:
        return TENS_WORDS[n // 10] + ("" if n % 10 == 0 else "-" + NUMBER_WORDS[n % 10])
    rest = n % 100
    return NUMBER_WORDS[n // 100] + " hundred" + ("" if rest == 0 else " and " + spell(rest))


@given(st.integers(min_value=0, max_value=999))
def test_number_words_round_trip(n):
    assert value_of(spell(n)) == n
