"""The chart style's helpers that every chart listing articles or dates relies on."""

import pytest

from newsfigures.charts import OKABE_ITO, article_source, article_styles, published_text


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
    assert published_text(published) == shown
    assert article_source({"author": "An Organisation", "outlet": "A Bulletin", "published": published}) == (
        f"Source: An Organisation, A Bulletin, {shown}"
    )
