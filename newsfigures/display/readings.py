"""Show passages of the articles word for word, with where they come from.

Every passage is read from data/tidy/paragraphs.csv, never typed by hand. It is
displayed as Markdown (what a reader sees) with the same words as plain text
and, in the output's metadata, the article and paragraphs it comes from, so a
test can check every passage a notebook shows against its seed.

Every view of a passage (an excerpt, a whole article, a sentence the word
search finds) goes through `show_passage`, which closes it behind a content
note when any of its paragraphs is listed in data/input/content_notes.csv: the
list is the data's, so no view can forget it, and the handouts and the answer
key, made from these outputs, keep it closed too. A row may name only part of a
paragraph (its `quote`): a sentence outside it, shown alone, stays open.
"""

from newsfigures.tables.load import content_notes, source, tidy
from newsfigures.text.attribution import article_source
from newsfigures.text.passages import sentences, whole_words
from newsfigures.text.safe_text import escape, markdown, show_markdown


def article_label(source_id):
    """'<author>, <outlet>, <day Month year>' for an article."""
    return article_source(source(source_id)).removeprefix("Source: ")


def body_paragraphs(source_id=None):
    """Body paragraphs (page furniture left out), of one article or of all."""
    paragraphs = tidy("paragraphs").dropna(subset=["paragraph"]).astype({"paragraph": int})
    return paragraphs if source_id is None else paragraphs[paragraphs.source_id == source_id]


def content_note(source_id, numbers, texts, what):
    """'Content note: <what the passage describes>. Click to read <what>.', or "" when no row of
    data/input/content_notes.csv covers the passage: its paragraph, or, for a row that names
    only part of a paragraph (`quote`), a shown text that is part of those words or holds them."""
    notes = content_notes().fillna({"quote": ""})
    shown = {int(n): " ".join(str(t).split()) for n, t in zip(numbers, texts, strict=True)}
    topics = []
    for row in notes[(notes.source_id == source_id) & notes.paragraph.isin(shown)].itertuples():
        quote, text = " ".join(row.quote.split()), shown[row.paragraph]
        if not quote or quote in text or text in quote:
            topics += [topic.strip() for topic in row.note.split("|")]
    if not topics:
        return ""
    return f"Content note: {escape(', '.join(dict.fromkeys(topics)))}. Click to read {what}."


def paragraphs_named(numbers):
    """'paragraph 5', 'paragraphs 1 and 2', 'paragraphs 15-18'."""
    numbers = [int(n) for n in numbers]
    if len(numbers) == 1:
        return f"paragraph {numbers[0]}"
    joined = " and " if len(numbers) == 2 else "-"
    return f"paragraphs {numbers[0]}{joined}{numbers[-1]}"


def show_passage(source_id, numbers, texts, shown, heading="", what=""):
    """Display passages: `texts` are the words of paragraphs `numbers`, `shown` their Markdown
    (already escaped); `heading` is escaped here. A passage with a content-noted paragraph stays
    closed behind its note until the reader opens it; `what` names it in the note ("paragraph 5")."""
    folded = content_note(source_id, numbers, texts, what or paragraphs_named(numbers))
    if folded:
        shown = f"<details><summary>{folded}</summary>\n\n{shown}\n\n</details>"
    if heading:
        shown = f"**{escape(heading)}**\n\n{shown}"
    show_markdown(
        shown, plain="\n\n".join(texts), metadata={"excerpt": {"source_id": source_id, "paragraphs": [int(n) for n in numbers]}}
    )


def quoted(numbers, texts):
    """A Markdown block quote, each paragraph led by its number in brackets."""
    return "\n>\n".join(f"> **[{n}]** {escape(t)}" for n, t in zip(numbers, texts, strict=True))


def show_excerpt(source_id, first, last=None):
    """Show body paragraphs first..last of an article, each with its number."""
    numbers = list(range(first, (last or first) + 1))
    body = body_paragraphs(source_id).set_index("paragraph")["text"]  # read once for every paragraph shown
    total, texts = len(body), [body[n] for n in numbers]
    where = f"paragraph {first}" if len(numbers) == 1 else f"paragraphs {first}-{numbers[-1]}"
    heading = f"{article_label(source_id)} · {where} of {total}"
    show_passage(source_id, numbers, texts, quoted(numbers, texts), heading)


def show_article(source_id):
    """Show a whole article's body (closed behind a note if any paragraph of it has one)."""
    rows = body_paragraphs(source_id)
    show_passage(
        source_id,
        rows.paragraph,
        rows.text,
        quoted(rows.paragraph, rows.text),
        f"{source(source_id)['headline']} · {article_label(source_id)}",
        what="the whole article",
    )


def count_uses(*forms):
    """How many times each article's body uses one of `forms`: {source_id: count}."""
    pattern = whole_words(forms)
    return {
        source_id: sum(len(pattern.findall(text)) for text in rows.text)
        for source_id, rows in body_paragraphs().groupby("source_id", sort=False)
    }


def show_uses(*forms):
    """Every sentence of each article that uses one of `forms` (whole words, any case),
    with the word in bold, and how many times each article uses it."""
    pattern, counts = whole_words(forms), count_uses(*forms)
    for source_id, rows in body_paragraphs().groupby("source_id", sort=False):
        uses = counts[source_id]
        show_markdown(
            markdown("**{}: {} use{} of {}**", article_label(source_id), uses, "" if uses == 1 else "s", " / ".join(forms))
        )
        for row in rows.itertuples():
            for sentence in sentences(row.text):
                if pattern.search(sentence):
                    shown = f"> **[{row.paragraph}]** {bold_matches(sentence, pattern)}"
                    show_passage(source_id, [row.paragraph], [sentence], shown, what="the sentence")


def bold_matches(sentence, pattern):
    """The sentence escaped for Markdown, with every match of `pattern` in bold."""
    pieces, at = [], 0
    for match in pattern.finditer(sentence):
        pieces += [escape(sentence[at : match.start()]), f"**{escape(match.group())}**"]
        at = match.end()
    return "".join(pieces) + escape(sentence[at:])
