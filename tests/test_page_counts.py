"""The teaching guide's table of printed page counts is what Chromium prints today.

A copy of the kit is built as a plain `python -m newsfigures build` builds it, and every
handout, worksheet, class pack and answer-key page is printed to A4 (tools/page_counts.py). When a notebook
grows or shrinks, this test fails until `python tools/page_counts.py --write-guide` rewrites the
table. It needs Chromium: with KIT_REQUIRE_BROWSER=1 (as in CI) it fails rather than skip.
"""

import pytest
from page_counts import END as GUIDE_MARK_END
from page_counts import FOLDERS, GUIDE, built_copy, guide_counts, measure, page_count, table
from page_counts import START as GUIDE_MARK_START


@pytest.mark.slow
@pytest.mark.browser
def test_the_guide_lists_the_page_count_of_every_printed_page(browser, tmp_path):
    measured = measure(built_copy(tmp_path) / "build", browser)
    assert {name.split("/")[0] for name in measured} == set(FOLDERS)
    stated = guide_counts(GUIDE.read_text(encoding="utf-8"))
    assert stated == measured, (
        "guide/teaching.md's page counts are out of date: run `python tools/page_counts.py --write-guide`.\n" + table(measured)
    )


@pytest.mark.slow
@pytest.mark.browser
def test_page_count_counts_the_pages_chromium_prints(browser):
    page = browser.new_page()
    page.set_content("<p>one page</p>")
    one = page.pdf(format="A4")
    page.set_content("<p style='break-after: page'>1</p>" * 4 + "<p>5</p>")
    five = page.pdf(format="A4")
    page.close()
    assert (page_count(one), page_count(five)) == (1, 5)


def test_the_guide_table_is_read_back_as_written():
    counts = {"handouts/a.html": 3, "worksheets/b-c.html": 2}
    text = f"intro\n{GUIDE_MARK_START}\n{table(counts)}\n{GUIDE_MARK_END}\nafter"
    assert guide_counts(text) == counts
    assert guide_counts("no table here") == {}
