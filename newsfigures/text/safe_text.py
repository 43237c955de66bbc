"""Text from an article or a hand-made input, shown as itself and never run.

Every string that comes from a seed or an input (a quote, a name, an outlet, a
note) passes through `escape` before it becomes Markdown, or `html.escape`
before it becomes HTML. A teacher pastes articles from the web, so any of
them may hold markup meant to run in the reader's browser.

`escape` puts a backslash before every ASCII punctuation mark that Markdown,
HTML or JupyterLab's maths could read as markup. CommonMark shows an escaped
mark as the mark itself, so the text stays visibly verbatim: `<img onerror=...>`
shows as typed, `&amp;` as typed, `*a*` with its stars, `$x$` with its
dollars, `https://...` and `www.` as plain text (an escaped `:` or `.`
cannot start a link), and a leading `-`, `+`, `=`, `#`, `>` or `1.` starts no
list or heading. Line breaks and runs of blanks become one space, as a
browser would show them, so a value cannot start a block of its own.

JupyterLab typesets maths after Markdown is rendered, so an escaped `$` that
shows as `$` would still start a formula there. `show_markdown` therefore
displays Markdown inside a block that MathJax skips (class mathjax_ignore for
MathJax 4, as in JupyterLab 4.6; tex2jax_ignore for older ones); the handouts
load no MathJax at all.

`markdown(template, *values)` fills a template of the kit's own Markdown with
escaped values: the template may use bold and italics, the values never can.
"""

import html
import re
import string

MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&:@=^])")
# Line breaks and runs of blanks (a browser shows either as one space): a value can start
# no block of its own, and no indented code block.
BLANKS = re.compile(r"[ \t\r\n\u2028\u2029\x0b\x0c]+")


def escape(text):
    """Text shown as itself in Markdown: no emphasis, links, HTML or maths by accident."""
    return MARKUP.sub(r"\\\1", BLANKS.sub(" ", str(text)))


def escape_html(text):
    """Text shown as itself inside HTML, attribute values included."""
    return html.escape(str(text), quote=True)


class _EscapingFormatter(string.Formatter):
    def format_field(self, value, format_spec):
        return escape(super().format_field(value, format_spec))


def markdown(template, *args, **kwargs):
    """`template.format(...)` with every value escaped; returns the Markdown text."""
    return _EscapingFormatter().format(template, *args, **kwargs)


def no_maths(markdown_text):
    """Markdown wrapped in a block that JupyterLab's MathJax leaves alone."""
    return f'<div class="mathjax_ignore tex2jax_ignore">\n\n{markdown_text}\n\n</div>'


def show_markdown(markdown_text, plain=None, metadata=None):
    """Display Markdown whose article text is escaped (maths is never typeset in it),
    with `plain` as its text/plain form (default: the Markdown itself)."""
    from IPython.display import display

    display(
        {"text/markdown": no_maths(markdown_text), "text/plain": markdown_text if plain is None else plain},
        raw=True,
        metadata=metadata or {},
    )
