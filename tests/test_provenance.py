"""Every figure and voice is tied to a verbatim passage of its seed, and every
number in the article bodies is listed."""

import pandas as pd
import pytest
from articles import BUILT_IN
from repo import REPO_KIT

from newsfigures.tables.load import tidy
from newsfigures.text.numbers import find_numbers
from newsfigures.text.seeds import collapse_space, read_seed


@pytest.fixture(scope="module")
def seed_texts():
    sources = tidy("sources")
    return {row.source_id: read_seed(REPO_KIT.seeds / row.file, REPO_KIT) for row in sources.itertuples()}


def test_every_figure_quote_is_in_its_seed_at_the_recorded_offsets(seed_texts):
    figures = tidy("figures")
    assert len(figures) > 0
    for f in figures.itertuples():
        text = seed_texts[f.source_id]
        assert collapse_space(text[f.quote_start : f.quote_end]) == collapse_space(f.quote), f.figure_id


def test_every_number_text_is_in_its_quote_and_at_its_offsets(seed_texts):
    for f in tidy("figures").itertuples():
        assert f.number_text in f.quote, f.figure_id
        assert seed_texts[f.source_id][f.number_start : f.number_end] == f.number_text, f.figure_id
        assert f.quote_start <= f.number_start < f.number_end <= f.quote_end, f.figure_id


def test_every_voice_quote_is_in_its_seed(seed_texts):
    for v in tidy("voices").itertuples():
        assert collapse_space(seed_texts[v.source_id][v.quote_start : v.quote_end]) == collapse_space(v.quote), v.voice_id


def test_paragraph_texts_are_the_seed_at_their_offsets(seed_texts):
    for p in tidy("paragraphs").itertuples():
        assert collapse_space(seed_texts[p.source_id][p.start : p.end]) == p.text


def test_every_number_in_the_bodies_is_in_numbers_csv(seed_texts):
    paragraphs = tidy("paragraphs")
    listed = set(zip(*tidy("numbers")[["source_id", "start", "text"]].to_dict("list").values(), strict=True))
    expected = set()
    for p in paragraphs[paragraphs.kind == "body"].itertuples():
        chunk = seed_texts[p.source_id][p.start : p.end]
        expected |= {(p.source_id, p.start + n.start, n.text) for n in find_numbers(chunk)}
    assert expected and expected == listed


def test_the_figures_the_lessons_need_are_annotated():
    """The figures the issue names, found by their printed text and their parsed values."""
    f = tidy("figures").set_index("number_text")
    assert (f.loc["50,000 and 200,000", ["low", "high"]] == [50000, 200000]).all()
    assert f.loc["2014", "value"] == 2014 and "Commission of Inquiry" in f.loc["2014", "quote"]
    assert f.loc["1.22", "value"] == 1.22 and f.loc["1.22", "qualifier"] == "peak"
    assert f.loc["2008", "value"] == 2008
    assert f.loc["1.16 to 1", "value"] == 1.16 and f.loc["1.16 to 1", "qualifier"] == "ratio X to 1"
    assert f.loc["1,000", "value"] == 1000 and f.loc["1,000", "qualifier"] == "about"
    assert f.loc["28,000", "value"] == 28000
    assert f.loc["80 percent", "low"] == 80 and pd.isna(f.loc["80 percent", "high"])


def test_every_digit_number_in_the_built_in_articles_is_a_figure_or_a_date():
    """In the kit's own articles, a number in digits that is neither annotated nor a date (or a
    relative date) would be a figure left out. An added article annotates the figures a lesson needs."""
    numbers = tidy("numbers")
    digits = numbers[(numbers.form == "digits") & numbers.source_id.isin(BUILT_IN)]
    assert set(digits.source_id) == set(BUILT_IN)
    assert set(digits.role) <= {"figure", "date", "relative date"}, digits[digits.role == "other"]


def test_furniture_is_dropped_and_reasons_given():
    paragraphs = tidy("paragraphs")
    furniture = paragraphs[paragraphs.kind == "furniture"]
    assert furniture.reason.str.len().gt(0).all()
    assert paragraphs[paragraphs.kind == "body"].reason.isna().all()
    assert furniture.text.str.contains("Photo by|EPA/").any()
    assert not paragraphs[paragraphs.kind == "body"].text.str.contains(r"\]\(#\)|Photo by").any()
