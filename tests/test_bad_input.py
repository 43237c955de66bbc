"""Bad input gets a message that names the file, the row or line, what is wrong
and how to fix it, and leaves data/tidy/ byte for byte as it was; writing is
all-or-nothing; the kit writes nowhere but data/tidy/, figures/ and build/.

Each test works on its own copy of a kit whose tables were prepared once for
this module, and runs the same entry point as `python -m newsfigures prepare`.
"""

import csv
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
from repo import REPO

from newsfigures.__main__ import main
from newsfigures.display.marked import MARKED
from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.tables import store
from newsfigures.tables.rows import read_figure, words_around
from newsfigures.text.numbers import find_numbers
from newsfigures.text.passages import first_difference
from newsfigures.text.seeds import MAX_SEED_BYTES, collapse_space

SOURCES = "seeds/sources.csv"
FIGURES = "data/input/figures.csv"
ALLOWED = ("data/tidy", "figures", "build")  # the only folders the kit writes to


# ---- set-up and helpers ---------------------------------------------------


@pytest.fixture(scope="module")
def prepared(make_kit_copy, tmp_path_factory):
    """A copy of the kit with freshly prepared tables, shared (read-only) by the tests."""
    root = make_kit_copy(tmp_path_factory.mktemp("prepared") / "kit")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["prepare"]) == 0
    return root


@pytest.fixture
def working_copy(prepared, tmp_path, monkeypatch):
    """This test's own copy of the prepared kit, as the working directory."""
    root = pathlib.Path(shutil.copytree(prepared, tmp_path / "kit"))
    monkeypatch.chdir(root)
    return root


def prepare(capsys):
    code = main(["prepare"])
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(root, capsys):
    """Run prepare, expect a refusal; check that data/tidy/ did not change; return the message."""
    before = snapshot(root / "data/tidy")
    code, out, err = prepare(capsys)
    assert code == 1, out
    assert snapshot(root / "data/tidy") == before
    assert err.startswith("Nothing was written. ") and "\n  How to fix it: " in err
    return err


def rows(root, file):
    with (root / file).open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def write_rows(root, file, header, body):
    with (root / file).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *body])


def edit(root, file, row, column, value):
    """Set one cell of a hand-made CSV (row 0 is the first row under the header, on line 2)."""
    header, body = rows(root, file)
    body[row][header.index(column)] = value
    write_rows(root, file, header, body)
    return body[row]


def record(root, file, row=0):
    header, body = rows(root, file)
    return dict(zip(header, body[row], strict=True))


def seed_of(root, source_row=0):
    return root / "seeds" / record(root, SOURCES, source_row)["file"]


# ---- seeds ----------------------------------------------------------------


def test_a_seed_far_bigger_than_an_article_is_refused_with_the_limit(working_copy, capsys):
    seed = seed_of(working_copy)
    seed.write_text(seed.read_text(encoding="utf-8") * (MAX_SEED_BYTES // seed.stat().st_size + 1), encoding="utf-8")
    err = refused(working_copy, capsys)
    assert f"seeds/{seed.name}: the seed file is {seed.stat().st_size // 1000:,} kB" in err
    assert f"a seed may be at most {MAX_SEED_BYTES // 1000:,} kB. A news article's text is under 100 kB" in err
    assert "How to fix it: save only the article's text" in err


def test_a_missing_seed_is_named_with_its_row(working_copy, capsys):
    seed = seed_of(working_copy)
    seed.unlink()
    err = refused(working_copy, capsys)
    assert f"{SOURCES}, line 2: the seed file 'seeds/{seed.name}'" in err and "does not exist" in err
    assert "put the article's text in seeds/ under that name" in err


def test_a_sources_row_naming_a_file_that_is_not_there_suggests_the_right_one(working_copy, capsys):
    real = record(working_copy, SOURCES, 1)["file"]
    typo = real.replace("-", "_", 1)
    edit(working_copy, SOURCES, 1, "file", typo)
    err = refused(working_copy, capsys)
    assert f"{SOURCES}, line 3: the seed file 'seeds/{typo}'" in err and f"did you mean '{real}'?" in err
    assert "correct the file name in this row" in err


@pytest.mark.parametrize("content", [b"", b" \n\n \n"], ids=["empty", "blank-lines"])
def test_an_empty_seed_is_refused(working_copy, capsys, content):
    seed = seed_of(working_copy)
    seed.write_bytes(content)
    err = refused(working_copy, capsys)
    assert f"seeds/{seed.name}, line 1: the seed file is empty (named on line 2 of {SOURCES}" in err
    assert "paste the article's text into it" in err


@pytest.mark.parametrize(
    "start, kind", [(b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"%PDF-1.7\n", "a PDF document"), (b"ab\x00\x00cd", "a binary file")]
)
def test_a_seed_that_is_not_text_at_all_says_what_it_is(working_copy, capsys, start, kind):
    seed = seed_of(working_copy)
    seed.write_bytes(start + b"\x00\x01\x02 rest of the file")
    err = refused(working_copy, capsys)
    assert f"seeds/{seed.name}: the seed file is not text at all" in err and f"it is {kind}" in err
    assert "copy its text into a new plain-text file" in err and "save it again as UTF-8" not in err


def test_a_seed_saved_as_utf16_is_asked_for_utf8(working_copy, capsys):
    seed = seed_of(working_copy)
    seed.write_bytes(seed.read_text(encoding="utf-8").encode("utf-16"))
    err = refused(working_copy, capsys)
    assert "is not UTF-8 text" in err and "save it again as UTF-8" in err


def test_a_seed_that_is_not_utf8_is_refused_at_the_line(working_copy, capsys):
    seed = seed_of(working_copy)
    lines = seed.read_bytes().split(b"\n")
    lines[2] += " caf\u00e9".encode("latin-1")  # a byte that cannot start a UTF-8 character
    seed.write_bytes(b"\n".join(lines))
    err = refused(working_copy, capsys)
    assert f"seeds/{seed.name}, line 3: the file is not UTF-8 text" in err and "(0xe9) cannot be read" in err
    assert "caf\ufffd" in err  # the place is shown
    assert "save it again as UTF-8" in err


def test_a_figures_file_that_is_not_utf8_shows_the_place(working_copy, capsys):
    path = working_copy / FIGURES
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"North", "Nörth".encode("latin-1"), 1)
    path.write_bytes(b"\n".join(lines))
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 3: the file is not UTF-8 text" in err and "(0xf6) cannot be read" in err
    assert "N\ufffdrth" in err  # the place is shown


@pytest.mark.parametrize(
    "bom, newline",
    [(b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n"), (b"\xef\xbb\xbf", b"\r\n")],
    ids=["byte-order-mark", "windows-line-endings", "both"],
)
def test_a_byte_order_mark_or_windows_line_endings_give_the_same_tables(working_copy, capsys, bom, newline):
    before = snapshot(working_copy / "data/tidy")
    for index in range(len(rows(working_copy, SOURCES)[1])):
        seed = seed_of(working_copy, index)
        seed.write_bytes(bom + seed.read_bytes().replace(b"\n", newline))
    code, out, err = prepare(capsys)
    assert (code, err) == (0, "")
    assert "nothing changed" in out
    assert snapshot(working_copy / "data/tidy") == before


def test_a_seed_changed_after_annotation_lists_the_annotations_at_risk(working_copy, capsys):
    source = record(working_copy, SOURCES)
    figure = next(
        f
        for f in csv.DictReader((working_copy / "data/tidy/figures.csv").open(encoding="utf-8"))
        if f["source_id"] == source["source_id"]
    )
    seed = seed_of(working_copy)
    text = seed.read_text(encoding="utf-8")
    start, end = int(figure["number_start"]), int(figure["number_end"])
    changed = text[:start] + "many" + text[end:]
    seed.write_text(changed, encoding="utf-8", newline="")
    annotated = [
        a
        for name in ("figures", "voices")
        for a in csv.DictReader((working_copy / f"data/tidy/{name}.csv").open(encoding="utf-8"))
        if a["source_id"] == source["source_id"]
    ]
    lost = [next(iter(a.values())) for a in annotated if int(a["quote_start"]) <= start < int(a["quote_end"])]
    kept = [next(iter(a.values())) for a in annotated if not int(a["quote_start"]) <= start < int(a["quote_end"])]
    assert figure["figure_id"] in lost and kept

    err = refused(working_copy, capsys)
    assert f"{SOURCES}, line 2: seeds/{seed.name} has changed since it was annotated" in err
    assert f"Annotations whose quote is no longer in the text: {', '.join(lost)}." in err
    assert f"Annotations whose quote is still there, but check what they say: {', '.join(kept)}." in err
    new_checksum = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    assert f"then write {new_checksum} in the sha256 column of this row" in err
    assert "the change may be only in white space" not in err


def test_a_seed_changed_only_in_white_space_is_said_to_be_so_perhaps(working_copy, capsys):
    seed = seed_of(working_copy)
    seed.write_text(seed.read_text(encoding="utf-8").replace(". ", ".  ", 3), encoding="utf-8", newline="")
    err = refused(working_copy, capsys)
    assert f"seeds/{seed.name} has changed since it was annotated" in err
    assert "Annotations whose quote is no longer in the text: none." in err
    assert "the change may be only in white space, or elsewhere in the article" in err


# ---- the sources table ----------------------------------------------------


def test_a_sources_row_without_an_id(working_copy, capsys):
    edit(working_copy, SOURCES, 1, "source_id", "")
    err = refused(working_copy, capsys)
    assert f"{SOURCES}, line 3: column 'source_id' is empty." in err
    assert "fill it in: every row needs a source_id" in err


@pytest.mark.parametrize("table, id_field", [(SOURCES, "source_id"), (FIGURES, "figure_id")])
def test_a_duplicate_id(working_copy, capsys, table, id_field):
    first = record(working_copy, table, 0)[id_field]
    edit(working_copy, table, 1, id_field, first)
    err = refused(working_copy, capsys)
    assert f"{table}, line 3: {id_field} '{first}' is used twice (first on line 2)." in err
    assert f"give each row its own {id_field}" in err


@pytest.mark.parametrize(
    "date, reason",
    [
        ("2017-13-45", "month must be in 1..12"),
        ("2017-02-30", "day is out of range for month"),
        ("2017-13", "month must be in 1..12"),
    ],
)
def test_a_date_that_does_not_exist(working_copy, capsys, date, reason):
    edit(working_copy, SOURCES, 0, "published", date)
    err = refused(working_copy, capsys)
    assert f"{SOURCES}, line 2: column 'published' holds '{date}', which is not a real date ({reason})." in err
    assert "How to fix it: write a real day (YYYY-MM-DD), or only the month (YYYY-MM) or the year (YYYY)" in err
    assert "never invent a day" in err


@pytest.mark.parametrize("date", ["2 October 2017", "10/02/2017", "2017-1"])
def test_a_date_in_another_form(working_copy, capsys, date):
    edit(working_copy, SOURCES, 0, "published", date)
    err = refused(working_copy, capsys)
    wanted = "a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD)"
    assert f"{SOURCES}, line 2: column 'published' holds '{date}', which is not {wanted}." in err
    assert f"How to fix it: write {wanted}." in err


# ---- the figures table ----------------------------------------------------


def test_a_quote_that_is_not_in_its_seed_shows_the_closest_passage(working_copy, capsys):
    figure = record(working_copy, FIGURES)
    words = figure["quote"].split()
    wrong = " ".join(words[:3] + ["WRONGWORD"] + words[3:])
    edit(working_copy, FIGURES, 0, "quote", wrong)
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2 (figure_id {figure['figure_id']}): the quote is not in seeds/" in err
    closest = next(line for line in err.splitlines() if "Closest passage in the seed:" in line)
    assert figure["quote"] in closest
    assert "First difference: the quote has 'WRONGWORD', which the seed does not." in err
    assert "copy the passage from the seed exactly" in err


def test_a_quote_printed_more_than_once_asks_for_the_paragraph(working_copy, capsys):
    figure = record(working_copy, FIGURES)
    text = seed_of(working_copy).read_text(encoding="utf-8")
    times = len(re.findall(r"North\s+Korean", text))
    assert times > 1
    edit(working_copy, FIGURES, 0, "quote", "North Korean")
    err = refused(working_copy, capsys)
    where = f"{FIGURES}, line 2 (figure_id {figure['figure_id']})"
    assert f"{where}: the quote is printed {times} times in seeds/{seed_of(working_copy).name} (paragraphs " in err
    assert "quote more of the paragraph you mean" in err


def test_a_number_text_that_is_not_in_the_quote(working_copy, capsys):
    figure = record(working_copy, FIGURES)
    edit(working_copy, FIGURES, 0, "number_text", "999,999")
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2 (figure_id {figure['figure_id']}): number_text '999,999' is not in the quote" in err
    printed = ", ".join(repr(n.text) for n in find_numbers(figure["quote"]))
    assert f"(the numbers the quote prints: {printed})" in err
    assert "copy the number exactly as the quote prints it" in err


def test_a_figures_file_with_no_rows(working_copy, capsys):
    header, _ = rows(working_copy, FIGURES)
    write_rows(working_copy, FIGURES, header, [])
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2: the file has a header but no figures" in err
    assert "git checkout data/input/figures.csv" in err


def test_a_deleted_figure_that_a_notebook_needs_is_named_with_the_notebooks(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    needed = json.loads((working_copy / "data/datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in needed["resources"] if r["name"] == "input-figures"]
    figure_id = body[0][0]
    users = [nb for nb, ids in resource["neededByNotebooks"].items() if figure_id in ids]
    assert users
    write_rows(working_copy, FIGURES, header, body[1:])
    err = refused(working_copy, capsys)
    assert f"{FIGURES}: the figure '{figure_id}' has no row, but notebooks/{' and notebooks/'.join(users)} chart" in err
    assert "git checkout data/input/figures.csv" in err


def test_the_figures_the_notebooks_need_are_those_their_code_names():
    """The data package's list is the notebooks' own: every figure_id their code names, in quotes, or their
    Markdown marks a number from (`<!-- figures: ID.COLUMN -->`)."""
    package = json.loads((REPO / "data/datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "input-figures"]
    with (REPO / FIGURES).open(encoding="utf-8") as f:
        ids = {row["figure_id"] for row in csv.DictReader(f)}
    used = {}
    for notebook in sorted((REPO / "notebooks").glob("0*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        marked = {
            m["name"].rpartition(".")[0]
            for c in cells
            if c["cell_type"] == "markdown"
            for m in MARKED.finditer("".join(c["source"]))
            if m["table"] == "figures"
        }
        named = sorted(i for i in ids if re.search(rf"[\"']{re.escape(i)}[\"']", code) or i in marked)
        if named:
            used[notebook.name] = named
    assert resource["neededByNotebooks"] == used


def test_an_unknown_source(working_copy, capsys):
    figure = record(working_copy, FIGURES)
    edit(working_copy, FIGURES, 0, "source_id", figure["source_id"] + "x")
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2 (figure_id {figure['figure_id']}): source_id '{figure['source_id']}x' is not in {SOURCES}" in err
    assert f"did you mean '{figure['source_id']}'?" in err
    assert "add the article's row to seeds/sources.csv first" in err


def test_a_number_that_cannot_be_read(working_copy, capsys):
    figure = record(working_copy, FIGURES)
    word = next(w for w in figure["quote"].split() if w.isalpha() and not find_numbers(w))
    edit(working_copy, FIGURES, 0, "number_text", word)
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2 (figure_id {figure['figure_id']}): the number '{word}' cannot be read" in err
    assert "give number_text as the article prints it: digits or number words" in err
    assert "write its value in the value column of this row" in err


@pytest.mark.parametrize(
    "quote, number_text, whole",
    [
        ("The port handled 300,000 containers.", "30", "300,000"),
        ("It expects 30,000 to 50,000 visitors.", "0 to 50", "30,000 to 50,000"),
        ("Traffic grew by 1,5 million tonnes.", "5", "1,5 million"),
    ],
)
def test_part_of_a_longer_number_is_refused(quote, number_text, whole):
    figure = {"figure_id": "x", "source_id": "s", "quote": quote, "number_text": number_text, "line": 7}
    with pytest.raises(InputError) as refused_row:
        read_figure(figure, FIGURES, "line 7 (figure_id x)")
    message = str(refused_row.value)
    assert (
        f"{FIGURES}, line 7 (figure_id x): number_text '{number_text}' is only part of the number '{whole}' in the quote"
        in message
    )
    assert f"(the numbers the quote prints: {', '.join(repr(n.text) for n in find_numbers(quote))})" in message
    assert f"copy the whole number as the quote prints it (e.g. '{whole}')" in message


def test_a_decimal_comma_asks_the_row_to_state_the_value():
    figure = {"figure_id": "x", "source_id": "s", "quote": "by 1,5 million tonnes", "number_text": "1,5 million", "line": 3}
    with pytest.raises(InputError) as refused_row:
        read_figure(figure, FIGURES, "line 3 (figure_id x)")
    message = str(refused_row.value)
    assert "the number '1,5 million' is ambiguous: '1,5 million' may be written with a decimal comma (1.5 million)" in message
    assert "write the number's full value in the value column of this row" in message
    assert read_figure(figure | {"value": "1500000"}, FIGURES, "")[0].value == 1_500_000
    assert read_figure(figure | {"value": "1500000"}, FIGURES, "")[1] == "the row"


def test_a_stated_value_that_disagrees_with_the_text_is_refused():
    figure = {"figure_id": "x", "source_id": "s", "quote": "by 1,500 tonnes", "number_text": "1,500", "value": "1.5", "line": 3}
    with pytest.raises(InputError, match="reads as 1500, but the row states the value 1.5"):
        read_figure(figure, FIGURES, "line 3 (figure_id x)")


# ---- any hand-made CSV ----------------------------------------------------


def test_a_missing_column(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    write_rows(working_copy, FIGURES, header[:-1], [r[:-1] for r in body])
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 1 (header): column '{header[-1]}' is missing." in err
    assert f"make the first line exactly: {','.join(header)}" in err


def test_a_misspelled_column(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    write_rows(working_copy, FIGURES, [c.replace("_", "") for c in header], body)
    err = refused(working_copy, capsys)
    assert "column 'numbertext' is misspelled (did you mean 'number_text'?)" in err
    assert f"make the first line exactly: {','.join(header)}" in err


def test_an_extra_column(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    write_rows(working_copy, FIGURES, header + ["comment"], [r + ["x"] for r in body])
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 1 (header): column 'comment' is not expected." in err


def test_a_csv_saved_with_semicolons(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    with (working_copy / FIGURES).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerows([header, *body])
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 1 (header): the cells are separated by semicolons (;), not commas." in err
    assert "save the file again as 'CSV UTF-8 (comma delimited)'" in err


@pytest.mark.parametrize(
    "file, column, sign",
    [(FIGURES, "measure", sign) for sign in "=+-@"] + [(SOURCES, "outlet", "="), ("data/input/voices.csv", "role", "@")],
)
def test_a_text_cell_that_a_spreadsheet_would_run_as_a_formula_is_refused(working_copy, capsys, file, column, sign):
    edit(working_copy, file, 1, column, f'{sign}HYPERLINK("http://example.org")')
    err = refused(working_copy, capsys)
    assert f"{file}, line 3: column '{column}' starts with '{sign}'" in err
    assert "a spreadsheet would run it as a formula, so the kit refuses it" in err
    assert "start the text with a word (a formula or a link is not a description" in err
    assert "minus" not in err


def test_a_quote_that_starts_like_a_formula_is_told_to_start_earlier(working_copy, capsys):
    edit(working_copy, FIGURES, 0, "quote", '=HYPERLINK("http://example.org")')
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2: column 'quote' starts with '='" in err
    assert "quote a longer passage that starts before this one" in err


def test_a_negative_number_is_told_to_write_minus(working_copy, capsys):
    edit(working_copy, FIGURES, 0, "note", "-5 on the year before")
    err = refused(working_copy, capsys)
    assert "write 'minus' instead of the sign" in err


def test_seed_text_that_starts_like_a_formula_is_neutralised_and_said_so():
    """Seed text is never edited by the kit; where a paragraph of it starts with
    = + - or @, the tidy CSV carries it with a ' in front, and prepare says so."""
    tables = {"paragraphs": [{"text": "- a list item"}, {"text": "An ordinary paragraph."}]}
    assert store.to_csv(tables["paragraphs"], ["text"]) == "text\n'- a list item\nAn ordinary paragraph.\n"
    assert store.formula_cells(tables) == [("paragraphs", 1, "text")]


def test_a_numbers_context_never_starts_like_a_formula():
    class Block:  # the part of a seeds.Block that words_around reads
        start, end = 0, 60

    text = "SEOUL (Agency) -- As 40 more women"
    assert words_around(text, Block, text.index("40"), text.index("40") + 2) == collapse_space(text)
    assert words_around("-- about 40 of them", Block, 9, 11) == "about 40 of them"


# ---- nothing lost ---------------------------------------------------------


def spoil(working_copy):
    """Make every tidy table out of date, so that prepare has to replace them all."""
    for table in store.tidy_names(Kit(working_copy)):
        (working_copy / f"data/tidy/{table}.csv").write_text(f"yesterday's {table}\n", encoding="utf-8")
    return snapshot(working_copy / "data/tidy")


def fail_on_call(monkeypatch, target, name, number, error):
    """Make the `number`-th call of target.name raise `error`."""
    real, calls = getattr(target, name), []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


@pytest.mark.parametrize(
    "where, error",
    [
        ("write", OSError(28, "No space left on device")),
        ("swap", OSError(13, "Permission denied")),
        ("swap", KeyboardInterrupt()),
    ],
    ids=["last-write-fails", "last-swap-fails", "interrupted-at-last-swap"],
)
def test_a_run_that_fails_midway_leaves_the_old_tables_and_no_temporary_files(
    working_copy, prepared, capsys, monkeypatch, where, error
):
    before = spoil(working_copy)
    if where == "write":
        fail_on_call(monkeypatch, pathlib.Path, "write_text", len(store.tidy_names(Kit(working_copy))), error)
    else:
        fail_on_call(monkeypatch, os, "replace", len(store.tidy_names(Kit(working_copy))), error)
    if isinstance(error, OSError):
        code, _, err = prepare(capsys)
        assert code == 1
        assert error.strerror in err and "How to fix it:" in err
    else:
        with pytest.raises(KeyboardInterrupt):
            main(["prepare"])
    assert snapshot(working_copy / "data/tidy") == before  # every old table, and nothing else

    monkeypatch.undo()
    monkeypatch.chdir(working_copy)
    assert prepare(capsys)[0] == 0
    assert snapshot(working_copy / "data/tidy") == snapshot(prepared / "data/tidy")


def test_leftovers_of_a_run_killed_outright_are_cleared(working_copy, prepared, capsys):
    for name in (".figures.csv.tmp", ".numbers.csv.old.tmp"):
        (working_copy / "data/tidy" / name).write_text("half a table", encoding="utf-8")
    assert prepare(capsys)[0] == 0
    assert snapshot(working_copy / "data/tidy") == snapshot(prepared / "data/tidy")


def listing(root):
    """Every file and folder outside the ones the kit may write, with its time and content."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if any(name == folder or name.startswith(folder + "/") for folder in ALLOWED):
            continue
        found[name] = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder")
    return found


def test_the_commands_write_nowhere_but_their_own_folders(working_copy, prepared):
    spoil(working_copy)  # so that prepare writes every table
    seed = seed_of(working_copy)
    before = listing(working_copy)
    # As a teacher runs it: from the kit's folder, with the package of that folder.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # Python's own caches are not the kit's doing
    done = subprocess.run(
        [sys.executable, "-m", "newsfigures", "prepare"], cwd=working_copy, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert main(["annotate", f"seeds/{seed.name}"]) == 0
    assert snapshot(working_copy / "data/tidy") == snapshot(prepared / "data/tidy")
    assert listing(working_copy) == before


# ---- the annotation helper ------------------------------------------------


def test_a_seed_without_a_sources_row_is_left_out_and_said_so(working_copy, capsys):
    before = snapshot(working_copy / "data/tidy")
    (working_copy / "seeds/new-article.txt").write_text("A survey of 12 pupils.\n", encoding="utf-8")
    code, out, _ = prepare(capsys)
    assert code == 0 and snapshot(working_copy / "data/tidy") == before
    assert "Note: seeds/new-article.txt has no row in seeds/sources.csv, so it was left out." in out
    assert "python -m newsfigures annotate seeds/new-article.txt" in out


def test_annotate_refuses_a_seed_outside_seeds(working_copy, capsys):
    outside = working_copy / "article.txt"
    outside.write_text("A survey of 12 pupils.\n", encoding="utf-8")
    assert main(["annotate", "article.txt"]) == 1
    err = capsys.readouterr().err
    assert "article.txt: the file is not in seeds/." in err
    assert "copy it into seeds/ first, then run: python -m newsfigures annotate seeds/article.txt" in err


@pytest.mark.parametrize(
    "quote, seed, expected",
    [
        (
            "said the association's chair.",
            "said the association\u2019s chair.",
            "in 'association\u2019s' the seed has a curly apostrophe or closing single quotation mark (\u2019) "
            "where the quote has a straight apostrophe or single quotation mark ('); the words are the same.",
        ),
        ("We did not expect it.", "We did not accept it.", "the quote has 'expect' where the seed has 'accept'."),
    ],
)
def test_a_quotation_mark_mismatch_is_named_as_one(quote, seed, expected):
    assert first_difference(quote, seed) == expected


def test_one_row_saved_with_semicolons_is_named_as_such(working_copy, capsys):
    path = working_copy / FIGURES
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "x;y;z"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 3: the line's cells are separated by semicolons (;), not commas" in err


def test_an_unquoted_comma_in_a_text_is_named_as_such(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    path = working_copy / FIGURES
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",an unquoted, comma"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 2: the line has {len(header) + 2} cells, but the header has {len(header)}" in err
    assert "put double quotes around every text that contains a comma" in err


def test_a_row_after_a_quote_spread_over_lines_is_named_by_its_line_in_the_file(working_copy, capsys):
    header, body = rows(working_copy, FIGURES)
    body[0][header.index("note")] = "A note\nspread over\nthree lines."
    body[1][header.index("basis")] = "a guess"
    write_rows(working_copy, FIGURES, header, body)
    err = refused(working_copy, capsys)
    assert f"{FIGURES}, line 5: column 'basis' holds 'a guess'" in err  # row 3 of the file, on line 5 of the editor
