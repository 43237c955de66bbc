"""Words for the notebook alone, left off every page that is read or printed (handouts, worksheets, the answer key).

A notebook tells its reader how to work JupyterLab: "choose Run > Run All Cells", "press Esc, then
B", "View > Table of Contents", "click the three dots". A page built from it runs nothing and
cannot be clicked, so those sentences are left out. A cell or paragraph that is all instruction is
better tagged `screen-only` (see guide/maintaining.md); this catches the sentence inside a
paragraph that also says something a reader of the page needs.
"""

import re

from newsfigures.text.passages import sentences

# JupyterLab's own words: its menu commands, keys and panels.
NOTEBOOK_ONLY = re.compile(
    r"Run All Cells|Restart Kernel|Shift\s*\+\s*Enter|Table of Contents|\bEsc\b|three dots|double-click|File\s*>\s*Save",
    re.I,
)
BLOCK_BREAK = re.compile(r"(\n[ \t]*\n)")
LIST_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*+]|\d+\.)\s)")
ITEM_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)\s+")
# What is left of a paragraph once its instructions are out, if nothing else is: a list mark, a bold lead.
NOTHING_LEFT = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)?\s*(?:\*\*[^*]*\*\*)?\s*$")


def without_instructions(item):
    """A paragraph or list item without its sentences of notebook instructions ("" if nothing else is left)."""
    if not NOTEBOOK_ONLY.search(item):
        return item
    mark = ITEM_MARK.match(item)
    lead = mark.group() if mark else ""
    said = sentences(" ".join(item[len(lead) :].split()))
    if lead and NOTEBOOK_ONLY.search(said[0]):
        return ""  # a list item that opens with an instruction is one throughout
    kept = " ".join(s.strip() for s in said if not NOTEBOOK_ONLY.search(s))
    return "" if NOTHING_LEFT.match(kept) else lead + kept


def leave_out_instructions(source):
    """A Markdown cell's text without its notebook instructions; HTML blocks and code are left as they are."""
    blocks = []
    for block in BLOCK_BREAK.split(source):
        if BLOCK_BREAK.fullmatch(block) or block.lstrip().startswith(("<", "```", "|")):
            blocks.append(block)
            continue
        items = [without_instructions(item) for item in LIST_ITEM.split(block)]
        blocks.append("\n".join(item for item in items if item))
    return re.sub(r"\n{3,}", "\n\n", "".join(blocks)).strip()
