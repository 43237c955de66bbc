"""A teacher adds a third article exactly as the README's "Bring your own
article" says, in a copy of the kit, and finds it in every tidy table and in
every chart that lists articles. The article (tests/fixtures/) is
invented for this test."""

import hashlib
from pathlib import Path

import pandas as pd
from byo_steps import (
    add_figure_rows,
    add_seed,
    add_source_row,
    annotate,
    append_line,
    as_csv,
    assert_charts_show_the_article,
    every_article_charts,
    header,
    offered_figures,
    run,
    without_practice_articles,
)

from newsfigures.kit import Kit
from newsfigures.tables.load import tidy

ARTICLE = Path(__file__).parent / "fixtures" / "riverside-sleep-survey.txt"

# What the teacher types into the sources row that annotate prints.
SOURCE_CELLS = {
    "outlet": "Riverside Example News (invented for the kit's tests)",
    "headline": "Riverside pupils say they sleep too little, school survey finds",
    "author": "Sam Example",
    "published": "2024-03-14",
    "date_basis": "printed in the text (14 March 2024)",
    "rights": "invented for the kit's tests; free to use",
}
# The figures the teacher picks from annotate's rows, with the judgement filled in.
JUDGEMENT = {
    "420": dict(figure_id="riverside-pupils-surveyed", measure="pupils who answered the survey", unit="pupils"),
    "62 percent": dict(
        figure_id="riverside-short-sleep-share",
        measure="pupils who sleep less than eight hours on a school night",
        unit="percent of pupils surveyed",
    ),
    "12 and 16": dict(figure_id="riverside-ages", measure="ages of the pupils surveyed", unit="years"),
    "150": dict(figure_id="riverside-phone-in-bed", measure="pupils who use a phone in bed on most nights", unit="pupils"),
    "30": dict(figure_id="riverside-teachers", measure="teachers who answered a shorter questionnaire", unit="teachers"),
}
COMMON = dict(
    period="February 2024",
    basis="survey",
    place="Riverside (an invented town)",
    stated_by="the parents' association that ran the survey",
    note="Invented for the kit's tests.",
)
VOICE = {
    "voice_id": "riverside-association-chair",
    "name": "Alex Sample",
    "role": "chair of the parents' association",
    "organisation": "the parents' association",
    "speaker_group": "organisation running the survey",
    "speech": "direct quote",
    "one_of_those_described": "no",
    "quote": "We did not expect so many pupils to tell us they feel tired in the morning,",
    "note": "Invented for the kit's tests.",
}


def test_a_new_article_reaches_every_table_and_every_chart_that_lists_articles(kit_copy, monkeypatch, capsys):
    kit = kit_copy
    monkeypatch.chdir(kit)
    without_practice_articles(kit)  # 0. a teacher who practised with this article has it already
    before = {
        t: set((kit / f"data/tidy/{t}.csv").read_text(encoding="utf-8").splitlines())
        for t in ("sources", "paragraphs", "numbers", "figures", "voices", "terms")
    }

    # 1. The article's text goes into seeds/; 2. annotate prints a sources row (with the checksum) and a row per number.
    seed = add_seed(kit, ARTICLE)
    sheet = annotate(seed, capsys)
    # 3. The sources row, pasted with the teacher's cells.
    source = add_source_row(kit, sheet, seed, SOURCE_CELLS)
    assert source["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    # 4. The figures rows, copied from annotate's output, with the judgement filled in.
    add_figure_rows(kit, offered_figures(kit, sheet, source["source_id"]), JUDGEMENT, COMMON)
    voice_columns = header(kit / "data/input/voices.csv")
    append_line(kit / "data/input/voices.csv", as_csv([(VOICE | {"source_id": source["source_id"]})[c] for c in voice_columns]))

    # 5. prepare, as the teacher runs it.
    assert "rewrote" in run(kit, "prepare")

    # Every earlier row is still there, unchanged ...
    for table, lines in before.items():
        assert lines <= set((kit / f"data/tidy/{table}.csv").read_text(encoding="utf-8").splitlines()), table
    # ... and the new article is in every table.
    sid = source["source_id"]
    text = seed.read_text(encoding="utf-8")
    sources = tidy("sources", Kit(kit)).set_index("source_id")
    assert sources.loc[sid, "sha256"] == source["sha256"] and sources.loc[sid, "author"] == SOURCE_CELLS["author"]

    figures = tidy("figures", Kit(kit))
    ours = figures[figures.source_id == sid].set_index("figure_id")
    assert sorted(ours.index) == sorted(j["figure_id"] for j in JUDGEMENT.values())
    for figure_id, f in ours.iterrows():
        assert text[f.number_start : f.number_end] == f.number_text
        assert " ".join(text[f.quote_start : f.quote_end].split()) == f.quote
    ages = ours.loc[JUDGEMENT["12 and 16"]["figure_id"]]
    assert (ages.low, ages.high, ages.qualifier) == (12, 16, "between")
    assert ours.loc[JUDGEMENT["150"]["figure_id"], "qualifier"] == "about"
    assert ours.loc[JUDGEMENT["30"]["figure_id"], "qualifier"] == "more than"

    numbers = tidy("numbers", Kit(kit))
    ours_numbers = numbers[numbers.source_id == sid]
    assert f"{len(ours_numbers)} numbers in" in sheet.splitlines()[0]
    assert set(ours_numbers.figure_id.dropna()) == set(ours.index)
    assert (ours_numbers[ours_numbers.text == "2024"].role == "date").all()

    paragraphs = tidy("paragraphs", Kit(kit))
    body = paragraphs[(paragraphs.source_id == sid) & (paragraphs.kind == "body")]
    assert all(any(q in t for t in body.text) for q in ours.quote)
    furniture = " ".join(paragraphs[(paragraphs.source_id == sid) & (paragraphs.kind == "furniture")].text)
    assert "INVENTED FOR THE KIT'S TESTS" in furniture and "Photo by" in furniture

    voices = tidy("voices", Kit(kit))
    assert voices.set_index("voice_id").loc[VOICE["voice_id"], "source_id"] == sid
    terms = tidy("terms", Kit(kit))
    ours_terms = terms[terms.source_id == sid]
    assert len(ours_terms) == len(pd.read_csv(kit / "data/input/terms.csv")) and (ours_terms.body_words > 0).all()

    # 6. Notebooks 02 and 03, run as the teacher re-runs them, draw the new article in every chart that lists
    # articles: its figures by kind, its counts on the log scale (not its share or its ages), its voice, its words.
    charts = every_article_charts(kit)
    counts = [JUDGEMENT[n]["figure_id"] for n in ("420", "150", "30")]
    assert_charts_show_the_article(charts, SOURCE_CELLS["outlet"], ours, counts)
    voices_chart = charts["02-voices-by-article"]["axes"][0]
    headings = [" ".join(label.split()) for label in voices_chart["bold_yticklabels"]]  # a long heading is wrapped
    assert f"{SOURCE_CELLS['outlet']}, {SOURCE_CELLS['author']}" in headings
    assert VOICE["name"] in voices_chart["yticklabels"]
