"""The headings of a Markdown text, as the kit finds sections, titles and hand-in questions by them."""

import re

# An ATX heading: one to six #, a space, the text; a closing run of # after a space is not part of it.
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def headings(markdown_text):
    """['Title', 'A section'] for '# Title ... ## A section ##'."""
    return HEADING.findall(markdown_text)
