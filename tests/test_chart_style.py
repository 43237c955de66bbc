"""The helpers every chart relies on: a style per article, a date as precisely as it is known, a bound in its words."""

import pandas as pd
import pytest

from newsfigures.charts import OKABE_ITO, article_styles
from newsfigures.display.figures import as_worded
from newsfigures.text.attribution import article_source, date_in_words
from newsfigures.text.numbers import parse_figure


@pytest.mark.parametrize("count", [1, 2, 3, 8, 9, 56])
def test_every_article_gets_its_own_colour_and_marker(count):
    ids = [f"article-{n}" for n in range(count)]
    styles = article_styles(ids)
    assert list(styles) == ids  # none left out, in the order given
    assert len({(s["color"], s["marker"]) for s in styles.values()}) == count
    assert {s["color"] for s in styles.values()} <= set(OKABE_ITO.values())


def test_an_article_named_twice_keeps_one_style():
    assert list(article_styles(["a", "b", "a"])) == ["a", "b"]


@pytest.mark.parametrize(
    "published, shown", [("2017-10-02", "2 October 2017"), ("2007-09", "September 2007"), ("2024", "2024"), (2024, "2024")]
)
def test_a_date_of_publication_is_shown_no_more_precisely_than_it_is_known(published, shown):
    assert date_in_words(published) == shown
    assert date_in_words(pd.Timestamp(published) if len(str(published)) == 10 else published) == shown
    assert article_source({"author": "An Organisation", "outlet": "A Bulletin", "published": published}) == (
        f"Source: An Organisation, A Bulletin, {shown}"
    )


@pytest.mark.parametrize(
    "number_text, quote, worded",
    [
        ("1,200", "Up to 1,200 lorries a day", "up to 1,200"),
        ("400", "closer to 400 containers", "closer to 400"),
        ("40", "40 berths or more", "40 or more"),
        ("80 percent", "More than 80 percent of them", "more than 80 percent"),
        ("30,000 and 50,000", "between 30,000 and 50,000 boxes", "between 30,000 and 50,000"),
        ("thirtyfold", "grew thirtyfold", "thirtyfold"),
    ],
)
def test_a_bound_is_shown_with_the_words_that_make_it(number_text, quote, worded):
    parsed = parse_figure(number_text, quote)
    assert as_worded({"qualifier": parsed.qualifier, "number_text": number_text}) == worded
