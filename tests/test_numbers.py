"""The number parser on the forms the articles use and their awkward neighbours."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsfigures.tables.rows import date_role
from newsfigures.text.numbers import (
    AmbiguousComma,
    NotInQuote,
    ParseError,
    find_numbers,
    format_number,
    locate_number,
    parse_figure,
    value_of,
    words_to_number,
)


@pytest.mark.parametrize(
    "number_text, quote, expected",
    [
        ("1,000", "There are about 1,000 children", (1000, None, None, "about")),
        ("1.22", "a peak of 1.22 men for every woman", (1.22, None, None, "peak")),
        ("80 percent", "More than 80 percent of the", (80, 80, None, "more than")),
        ("50,000 and 200,000", "between 50,000 and 200,000 North Koreans", (None, 50000, 200000, "between")),
        ("1.16 to 1", "now stands at 1.16 to 1, according", (1.16, None, None, "ratio X to 1")),
        ("28,000", "of the 28,000 North Korean defectors", (28000, None, None, "round figure")),
        ("28,607", "of the 28,607 North Korean defectors", (28607, 28607, 28607, "exact")),
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


# ---- a number is matched only whole, as the quote prints it ---------------


@pytest.mark.parametrize(
    "number_text, quote, part",
    [
        ("30", "The port handled 300,000 containers.", "300,000"),
        ("0 to 50", "It expects 30,000 to 50,000 visitors.", "30,000 to 50,000"),
        ("5", "Traffic grew by 1,5 million tonnes.", "1,5 million"),
        ("five", "It took twenty-five years.", "twenty-five"),
        ("1.2", "up to 1.2 million people", "1.2 million"),
    ],
)
def test_part_of_a_longer_number_is_refused_naming_the_whole(number_text, quote, part):
    with pytest.raises(NotInQuote) as refused:
        parse_figure(number_text, quote)
    assert refused.value.part == part
    assert refused.value.printed == ", ".join(repr(n.text) for n in find_numbers(quote))


def printed_numbers():
    """One number as an article may print it: with thousands separators or decimals, and a scale word."""
    whole = st.integers(min_value=10, max_value=10**9).map(lambda n: f"{n:,}")
    plain = st.integers(min_value=10, max_value=10**6).map(str)
    decimal = st.decimals(min_value=1, max_value=10**5, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:.2f}")
    words = st.sampled_from(["twenty-five", "three hundred", "thirtyfold", "a quarter", "two thirds"])
    scaled = st.tuples(st.one_of(whole, plain, decimal), st.sampled_from(["", " million", " thousand"])).map("".join)
    return st.one_of(scaled, words)


@given(printed_numbers(), st.data(), st.sampled_from(["About {} boats came in.", "{} arrived", "It was {}, they said."]))
def test_a_proper_substring_of_a_printed_number_is_refused(printed, data, sentence):
    quote = sentence.format(printed)
    start = data.draw(st.integers(min_value=0, max_value=len(printed) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(printed)))
    part = printed[start:end].strip()
    assume(part and part != printed and find_numbers(part))
    with pytest.raises(ParseError):
        parse_figure(part, quote)


@given(printed_numbers(), st.sampled_from(["About {} boats came in.", "{} arrived"]))
def test_the_whole_printed_number_is_found_where_it_stands(printed, sentence):
    quote = sentence.format(printed)
    assert locate_number(printed, quote) == sentence.index("{}")


# ---- words, decimal commas, bounds ------------------------------------------


@pytest.mark.parametrize(
    "number_text, quote, value, kind",
    [
        ("thirtyfold", "a thirtyfold rise in tonnage", 30, "ratio"),
        ("twofold", "a twofold increase", 2, "ratio"),
        ("30-fold", "a 30-fold increase", 30, "ratio"),
        ("twice", "twice as many ships", 2, "ratio"),
        ("half", "half of the berths", 0.5, "share"),
        ("a quarter", "a quarter of the crews", 0.25, "share"),
        ("a third", "a third of the cargo", 1 / 3, "share"),
        ("two thirds", "two thirds of the cargo", 2 / 3, "share"),
        ("a dozen", "a dozen tugs", 12, "number"),
        ("40 percent", "40 percent of arrivals", 40, "percent"),
    ],
)
def test_fold_fraction_and_dozen_words_are_read_with_their_kind(number_text, quote, value, kind):
    parsed = parse_figure(number_text, quote)
    assert parsed.value == pytest.approx(value) and parsed.kind == kind and parsed.bound == "exact"


def test_an_order_of_size_is_an_approximate_lower_bound_with_no_number():
    parsed = parse_figure("hundreds", "hundreds of small boats")
    assert (parsed.value, parsed.low, parsed.high) == (None, None, None)
    assert (parsed.bound, parsed.kind) == ("lower bound", "order of size")


def test_half_as_part_of_a_word_is_not_a_fraction():
    assert find_numbers("a half-Chinese child, on behalf of them") == []


@pytest.mark.parametrize("number_text", ["1,5", "12,50", "1,5 million"])
def test_a_decimal_comma_is_never_guessed(number_text):
    with pytest.raises(AmbiguousComma):
        parse_figure(number_text, f"Traffic grew by {number_text} tonnes.")


def test_a_decimal_comma_takes_the_value_the_row_states_and_a_thousands_comma_stays():
    assert parse_figure("1,5 million", "by 1,5 million tonnes", stated_value="1500000").value == 1_500_000
    assert parse_figure("1,500", "by 1,500 tonnes").value == 1500
    with pytest.raises(ParseError, match="reads as 1500, but the row states the value 1.5"):
        parse_figure("1,500", "by 1,500 tonnes", stated_value="1.5")


@pytest.mark.parametrize(
    "words, bound",
    [
        *[(w, "upper bound") for w in ("up to", "at most", "no more than", "fewer than", "less than", "under")],
        *[(w, "lower bound") for w in ("at least", "more than", "over")],
        *[(w, "approximate") for w in ("about", "roughly", "around", "nearly", "closer to", "some", "as many as")],
    ],
)
def test_qualifiers_before_a_number_make_a_bound(words, bound):
    parsed = parse_figure("400", f"It counted {words} 400 vessels.")
    assert parsed.bound == bound
    assert (parsed.low, parsed.high) == {"upper bound": (None, 400), "lower bound": (400, None), "approximate": (None, None)}[
        bound
    ]


@pytest.mark.parametrize(
    "number_text, bound", [("28,000", "approximate"), ("1,000,000", "approximate"), ("1,500", "exact"), ("2000", "exact")]
)
def test_whole_thousands_with_no_qualifier_are_a_round_figure_and_years_are_not(number_text, bound):
    assert parse_figure(number_text, f"In the end {number_text} came.").bound == bound


def test_or_more_after_a_number_makes_a_lower_bound_and_a_word_ending_in_over_does_not():
    assert parse_figure("400", "400 vessels or more came").bound == "lower bound"
    assert parse_figure("400", "a moreover 400 vessels").bound == "exact"


@pytest.mark.parametrize(
    "text, role",
    [
        ("It opened on 26 September 2007 in the bay.", "date"),
        ("It opened on September 26, 2007 in the bay.", "date"),
        ("Five years earlier the quay was empty.", "relative date"),
        ("Three months later it was full.", "relative date"),
        ("It took 26 tugs and five ships.", None),
    ],
)
def test_days_either_side_of_a_month_and_relative_dates_are_told_apart_from_figures(text, role):
    first = find_numbers(text)[0]
    assert date_role(text, first.start, first) == role
