"""One escape for article text: whatever a seed or an input holds, rendered Markdown shows it as typed.

Markdown is rendered here with mistune (nbconvert's renderer, the one the
handouts use); tests/test_hostile_article.py checks JupyterLab's own renderer
in a real browser.
"""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from newsfigures.text.safe_text import escape, escape_html, markdown, no_maths

# Letters, digits, every ASCII punctuation mark, spaces and line breaks, and a few non-ASCII characters.
TEXT = st.text(alphabet=st.sampled_from(list("ab1 .\n\t") + [chr(c) for c in range(33, 127)] + list("é“”\u00a0")), max_size=60)


def visible(markdown_text):
    """The text a reader sees when the Markdown is rendered, and the tags it produced."""
    rendered = markdown2html_mistune(markdown_text)
    tags = set(re.findall(r"<(\w+)", rendered))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split()), tags


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_escaped_text_renders_as_typed_and_makes_no_markup(text):
    shown, tags = visible(escape(text))
    assert shown == " ".join(text.split())
    assert tags <= {"p"}


@given(TEXT)
def test_html_escaped_text_is_one_text_node(text):
    assert "<" not in escape_html(text) and ">" not in escape_html(text) and '"' not in escape_html(text)
    assert html.unescape(escape_html(text)) == text


def test_the_planted_pieces_of_a_hostile_article_show_as_typed():
    for text in [
        "<img src=x onerror=alert(1)>",
        "&amp; stays &amp;",
        "[x](javascript:alert(1))",
        "![t](https://tracker.example/p.png)",
        "<https://tracker.example>",
        "https://tracker.example/a",
        "www.tracker.example",
        "*bold* __b__ ~~s~~",
        "$x^2$ and $$y$$",
        "- item",
        "1. item",
        "# heading",
        "> quote",
        "=HYPERLINK(1)",
        "a\\*b",
    ]:
        shown, tags = visible(escape(text))
        assert shown == text and tags <= {"p"}, text


def test_a_template_keeps_its_own_markup_and_escapes_every_value():
    text = markdown("**{}** said *{}*", "<b>Ann</b>", "$5")
    assert visible(text) == ("<b>Ann</b> said $5", {"p", "strong", "em"})


def test_unescaped_text_would_be_caught():
    """The checks above can fail: the same text without the escape makes markup."""
    assert visible("<img src=x onerror=alert(1)>")[1] != {"p"}
    assert visible("[x](javascript:alert(1))")[0] != "[x](javascript:alert(1))"


def test_markdown_that_mathjax_must_skip_is_marked_for_both_mathjax_versions():
    assert 'class="mathjax_ignore tex2jax_ignore"' in no_maths("$x$")
