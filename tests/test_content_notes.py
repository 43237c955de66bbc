"""Content notes hold in every view: a passage that describes violence is shown closed behind its note.

The paragraphs are listed once, in data/input/content_notes.csv, and every view of a passage (a
reading, a whole article, the word search, the voices in 02) goes through readings.show_passage,
which closes it. Checked here: the list covers every paragraph with the words that mark such a
passage; the word search closes them (the words a student is told to try: defector, work,
forced); and no page a student or teacher opens (the notebooks' outputs, the handouts, worksheets
and answer key) shows a sentence of such a paragraph outside a closed content-noted box.
"""

import html
import re

import pytest
from bs4 import BeautifulSoup
from repo import NOTEBOOKS, REPO_KIT

from newsfigures.display import readings
from newsfigures.pages.editions import editions
from newsfigures.tables.load import content_notes, tidy
from newsfigures.text.passages import sentence_spans

VIOLENCE = re.compile(r"abortion|infanticide|rape|sexual|sex abuse|prostitution|violate|sold (?:to|into)", re.IGNORECASE)
NOTES = content_notes(REPO_KIT)
PARAGRAPHS = tidy("paragraphs", REPO_KIT).dropna(subset=["paragraph"]).astype({"paragraph": int})
NOTED = PARAGRAPHS.merge(NOTES[["source_id", "paragraph", "quote"]], on=["source_id", "paragraph"])
FOLDED = re.compile(r"<details><summary>Content note[^<]*</summary>.*?</details>", re.S)


def sentences(text, quote):
    """The sentences of a content-noted paragraph (of its `quote`, where the row names one)."""
    text = quote if isinstance(quote, str) and quote else text
    return [" ".join(text[s:e].split()) for s, e in sentence_spans(text)]


NOTED_PIECES = [piece for text, quote in zip(NOTED.text, NOTED.quote, strict=True) for piece in sentences(text, quote)]


def shown_open(text):
    """The sentences of content-noted passages that `text` (its closed boxes taken out) shows whole.
    A few words quoted in the kit's own prose are not a passage."""
    flat = " ".join(text.split())
    return [piece for piece in NOTED_PIECES if piece in flat]


def test_every_paragraph_that_describes_violence_has_a_content_note():
    described = PARAGRAPHS[PARAGRAPHS.text.str.contains(VIOLENCE)]  # the part a row's quote leaves out is checked below
    listed = set(zip(NOTES.source_id, NOTES.paragraph, strict=True))
    missing = [(s, p) for s, p in zip(described.source_id, described.paragraph, strict=True) if (s, p) not in listed]
    assert missing == [], "add these paragraphs to data/input/content_notes.csv"


@pytest.fixture
def shown(monkeypatch):
    """What readings displays, as (markdown, metadata), without a notebook."""
    found = []
    monkeypatch.setattr(readings, "show_markdown", lambda md, plain=None, metadata=None: found.append((md, metadata)))
    return found


def closed_or_clean(found):
    """The passages among `found` that show a content-noted paragraph open."""
    open_ones = []
    for markdown_text, metadata in found:
        unescaped = re.sub(r"\\(.)", r"\1", FOLDED.sub(" ", markdown_text)).replace("**", "")
        if metadata and shown_open(unescaped):
            open_ones.append(metadata["excerpt"])
    return open_ones


@pytest.mark.parametrize("words", [("defector", "defectors"), ("work",), ("forced",), ("sold",)])
def test_the_word_search_keeps_content_noted_sentences_closed(shown, words, monkeypatch):
    monkeypatch.chdir(REPO_KIT.root)
    readings.show_uses(*words)
    assert any(meta for _, meta in shown)
    assert closed_or_clean(shown) == []


def test_a_passage_shown_without_its_note_is_caught(shown, monkeypatch):
    monkeypatch.chdir(REPO_KIT.root)
    monkeypatch.setattr(readings, "content_note", lambda *args: "")  # the old way: a note only where a call gave one
    readings.show_uses("forced")
    assert closed_or_clean(shown) != []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_output_of_a_notebook_shows_a_content_noted_passage_open(path):
    import nbformat

    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            unescaped = re.sub(r"\\(.)", r"\1", FOLDED.sub(" ", text)).replace("**", "")
            assert shown_open(unescaped) == [], f"cell {index}"


def visible_text(page):
    """A page's text with every closed content-noted box taken out."""
    soup = BeautifulSoup(page, "html.parser")
    for box in soup.select("details.content-noted"):
        if box.has_attr("open"):
            continue
        box.decompose()
    return html.unescape(soup.get_text(""))


@pytest.fixture(scope="module")
def pages():
    return {path: data.decode("utf-8") for path, data in editions(REPO_KIT).items() if path.suffix == ".html"}


@pytest.mark.slow
def test_no_handout_worksheet_or_answer_key_page_shows_a_content_noted_passage_open(pages):
    assert any("answer-key" in str(p) for p in pages) and any("handouts" in str(p) for p in pages)
    open_on = {REPO_KIT.relative(path): shown_open(visible_text(page)) for path, page in pages.items()}
    assert {path: found for path, found in open_on.items() if found} == {}


def test_an_open_box_on_a_page_is_caught():
    piece = NOTED_PIECES[0]
    page = f'<details class="content-noted" open><summary>Content note</summary><p>{piece}</p></details>'
    assert shown_open(visible_text(page)) == [piece]
    assert shown_open(visible_text(page.replace(" open", ""))) == []


def test_the_list_names_real_paragraphs_and_quotes_them_word_for_word():
    assert len(NOTED) == len(NOTES) and not NOTES.duplicated(["source_id", "paragraph"]).any()
    for text, quote in zip(NOTED.text, NOTED.quote.fillna(""), strict=True):
        assert " ".join(quote.split()) in " ".join(text.split())
        left_out = " ".join(text.split()).replace(" ".join(quote.split()), " ") if quote else ""
        assert not VIOLENCE.search(left_out), f"the words the quote leaves out describe violence: {left_out}"
