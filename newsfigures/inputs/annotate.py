"""Ready-to-fill annotation rows for a seed, so that nobody types a quote by hand.

`python -m newsfigures annotate seeds/<file>` prints every number in the
article's body with the sentence it stands in, and for each a row for
data/input/figures.csv: the sentence, verbatim, as its quote, the number as
printed, and empty columns for the judgement only a reader can make (what it
measures, who states it, what kind of number it is). A seed that has no row in
seeds/sources.csv yet also gets a sources row, with its checksum.
"""

import bisect
import csv
import io
import re
from pathlib import Path

from newsfigures.errors import InputError
from newsfigures.inputs.measures import known_measures
from newsfigures.inputs.schema import FORMULA_START, input_schema, schema_of
from newsfigures.inputs.sources import SOURCES_FILE
from newsfigures.tables.rows import MONTHS, date_role, number_offset
from newsfigures.text.numbers import (
    PERCENT,
    AmbiguousComma,
    ParseError,
    find_numbers,
    format_number,
    locate_number,
    lookalike_problem,
    parse_figure,
    value_of,
)
from newsfigures.text.passages import locate, sentence_spans
from newsfigures.text.seeds import body_paragraphs, checksum, collapse_space, read_seed, split_blocks

RANGE_GAP = re.compile(r"\s*(?:and|to|-|\u2013)\s*")
YEAR_SAID = re.compile(r"\b(?:in|for|during|since|by)\s+((?:18|19|20)\d\d)\b", re.IGNORECASE)  # "In 2000", "for 2006"
YEARS_AWAY = re.compile(r"\b([\w-]+)\s+years?\s+(earlier|before|ago|later|after)\b", re.IGNORECASE)  # "five years earlier"
FULL_DATE = re.compile(rf"\d{{1,2}}\s+(?:of\s+)?{MONTHS}\s+(?:18|19|20)\d\d\b")  # one date: "26 September 2007"
DATE_LINE = re.compile(rf"\b(?:\d{{1,2}}\s+)?{MONTHS}\s+((?:18|19|20)\d\d)\b")  # "26 September 2007", "September 2007"


def annotate(path, kit):
    """The annotation sheet of one seed, as text."""
    path = seed_path(path, kit)
    text = read_seed(path, kit)
    blocks = split_blocks(text)
    sources = lenient_rows(kit.root / SOURCES_FILE)
    source = next((row for row in sources if row.get("file") == path.name), None)
    source_id = source["source_id"] if source else suggest_id(path.stem, {row.get("source_id") for row in sources})
    paragraphs = body_paragraphs(blocks)
    candidates = [c for n, block in paragraphs for c in numbers_in(text, block, n)]
    done = annotated_spans(text, blocks, source_id, kit)
    article_year = year_of_article(source, text)

    count = sum(not c.get("joined") for c in candidates)
    out = [f"{kit.relative(path)}: {count} numbers in {len(paragraphs)} body paragraphs (source_id {source_id}).", ""]
    out += source_section(path.name, text, source, source_id, kit)
    out += figure_section(candidates, done, source_id, kit, article_year)
    return "\n".join(out) + "\n"


def seed_path(path, kit):
    """The seed's file, which must already be in seeds/."""
    path = Path(path)
    if not path.is_file() and (kit.seeds / path.name).is_file():
        path = kit.seeds / path.name
    if not path.is_file():
        raise InputError(
            str(path),
            "the file does not exist.",
            "put the article's text in seeds/ and give its path, e.g. seeds/my-article.txt.",
        )
    if path.resolve().parent != kit.seeds.resolve():
        raise InputError(
            str(path),
            "the file is not in seeds/.",
            f"copy it into seeds/ first, then run: python -m newsfigures annotate seeds/{path.name}",
        )
    return path


def lenient_rows(path):
    """The rows of a CSV, read without checks (the annotation sheet is a help, not a check)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        return list(csv.DictReader(f))


def suggest_id(stem, taken, tried=None):
    """An id made from `stem` that is not in `taken`. `tried` ({base: last number tried}) lets many
    ids from the same stem be made without trying every earlier number again."""
    base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "article"
    n = tried.get(base, 1) if tried is not None else 1
    candidate = base if n == 1 else f"{base}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    if tried is not None:
        tried[base] = n
    return candidate


def numbers_in(text, block, paragraph):
    """Each number of a body paragraph, with its sentence: dicts ready for a row.
    A percentage keeps its 'percent'; two numbers joined by 'and', 'to' or a
    dash are offered as a range as well."""
    chunk = text[block.start : block.end]
    spans = sentence_spans(chunk)
    found = find_numbers(chunk)
    rows = []
    for i, n in enumerate(found):
        s, e = sentence_of(spans, n.start, len(chunk))
        percent = PERCENT.match(chunk, n.end)
        end = percent.end() if percent and not chunk[percent.end() : percent.end() + 1].isalnum() else n.end
        base = {
            "paragraph": paragraph,
            "start": block.start + n.start,
            "sentence": (s, e),
            "chunk": chunk,
            "date": date_role(text, block.start + n.start, n),
            "vague": n.form == "vague",
        }
        whole_date = FULL_DATE.match(chunk, n.start) if base["date"] else None
        if whole_date:  # the day of a date: the date is listed whole, and its year has a row of its own
            rows.append(dict(base, number_text=whole_date.group(0), at=n.start, whole_date=True))
            continue
        rows.append(dict(base, number_text=chunk[n.start : end], at=n.start))
        later = found[i + 1] if i + 1 < len(found) else None
        if later and later.end <= e and RANGE_GAP.fullmatch(chunk[n.end : later.start]):
            rows.append(dict(base, number_text=chunk[n.start : later.end], at=n.start, joined=True))
    return rows


def sentence_of(spans, at, length):
    """The (start, end) of the sentence that holds offset `at` (spans in order; a binary search keeps
    annotate linear in the article's size), or the whole paragraph."""
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return spans[i] if i >= 0 and spans[i][0] <= at < spans[i][1] else (0, length)


def annotated_spans(text, blocks, source_id, kit):
    """(start, end, figure_id, number_text) in the seed of each figure already annotated."""
    numbered = {block.start: n for n, block in body_paragraphs(blocks)}
    spans = []
    for row in lenient_rows(kit.inputs / "figures.csv"):
        quote, number_text = row.get("quote") or "", row.get("number_text") or ""
        if row.get("source_id") != source_id or not number_text:
            continue
        try:
            at = locate_number(number_text, quote, stated_value=row.get("value") or None)
        except ParseError:  # prepare will say what is wrong with the row
            continue
        found = locate(quote, text, blocks, numbered)
        if found:
            start = number_offset(text, found.start, quote, at)
            spans.append((start, start + len(number_text), row.get("figure_id", ""), number_text))
    return spans


def source_section(file, text, source, source_id, kit):
    sha = checksum(text)
    if source:
        if source.get("sha256") == sha:
            return [f"Its row in {SOURCES_FILE} is in place and its checksum matches.", ""]
        return [
            f"Its row in {SOURCES_FILE} records a different checksum: the text has changed since it was annotated.",
            f"Check every annotation of {source_id}, then write this in the sha256 column: {sha}",
            "",
        ]
    schema = input_schema("sources", kit)
    columns = schema.field_names
    row = {c: "" for c in columns} | {"source_id": source_id, "file": file, "sha256": sha}
    return [
        f"This seed has no row in {SOURCES_FILE} yet. Add this line at the end of {SOURCES_FILE}",
        f"(columns: {','.join(columns)}), then {to_fill(schema, row)}",
        "Write the date as YYYY-MM-DD, or only YYYY-MM or YYYY if the article gives no day (never invent one),",
        "and say in date_basis how you know it. You may change the source_id.",
        "",
        csv_line([row[c] for c in columns]),
        "",
    ]


def to_fill(schema, row):
    """Which empty cells of a row must be filled in, and which may stay empty."""
    empty = [f for f in schema.fields if not row[f.name]]
    required = [f.name for f in empty if f.constraints.get("required")]
    optional = [f.name for f in empty if not f.constraints.get("required")]
    return f"fill in the empty cells {', '.join(required)}" + (f" ({', '.join(optional)} may stay empty)." if optional else ".")


def year_of_article(source, text):
    """(year, how it is known) of the article: its sources row's date, else the first dated line of the text, else None."""
    published = (source or {}).get("published") or ""
    if re.match(r"\d{4}", published):
        return int(published[:4]), "the article's date in seeds/sources.csv"
    found = DATE_LINE.search(text)
    return (int(found.group(1)), f"the date the text prints, {found.group(0)!r}") if found else None


def proposed_period(sentence, article_year):
    """(period, why) the sentence gives a figure: a year it names ('In 2000'), or a count of years from the article's
    date ('five years earlier'); None if it gives neither."""
    said = {m.group(1): m.group(0) for m in YEAR_SAID.finditer(sentence)}
    if len(said) == 1:
        ((year, words),) = said.items()
        return year, f"the sentence says {words!r}"
    away = YEARS_AWAY.search(sentence)
    if said or not away or not article_year:
        return None
    try:
        count = value_of(away.group(1))
    except (ParseError, ValueError):
        return None
    if count is None or not float(count).is_integer():
        return None
    year, known = article_year
    sign = 1 if away.group(2).lower() in ("later", "after") else -1
    return str(year + sign * int(count)), f"{away.group(0)!r} counted from {year}, {known}"


def figure_section(candidates, done, source_id, kit, article_year=None):
    schema = schema_of("input-figures", kit)
    columns = schema.field_names
    basis = schema.get_field("basis").constraints.get("enum", [])
    blank = {c: "" for c in columns} | {"figure_id": "x", "source_id": "x", "quote": "x", "number_text": "x"}
    out = [
        f"Rows for data/input/figures.csv (columns: {','.join(columns)}).",
        "Copy the rows of the figures a lesson needs to the end of that file, rename each figure_id to say what it is",
        f"if you like, and {to_fill(schema, blank)} basis is one of: {'; '.join(basis)}.",
        "Dates and years are listed too: annotate them only where a lesson uses them.",
        *measures_in_use(source_id, kit),
        "",
    ]
    taken, tried = set(), {}
    for c in candidates:
        s, e = c["sentence"]
        chunk = c["chunk"]
        quote = collapse_space(chunk[s:e])
        marked = collapse_space(chunk[s : c["at"]] + "[" + c["number_text"] + "]" + chunk[c["at"] + len(c["number_text"]) : e])
        hidden = lookalike_problem(chunk[max(c["at"] - 2, 0) : c["at"] + len(c["number_text"]) + 2])
        if quote.startswith(FORMULA_START):  # no row offered: prepare would refuse it
            out += [
                f"Paragraph {c['paragraph']}, {c['number_text']!r}: not offered: its sentence starts with {quote[0]!r}, "
                "which a spreadsheet would run as a formula; to annotate it, quote it together with the sentence before it.",
                f"  {marked}",
                "",
            ]
            continue
        if c.get("whole_date"):
            out += [
                f"Paragraph {c['paragraph']}, {c['number_text']!r}: one date (day, month and year), not a figure; "
                "to annotate its year, use the year's row below.",
                f"  {marked}",
                "",
            ]
            continue
        if hidden:  # no row offered: prepare would refuse it
            out += [
                f"Paragraph {c['paragraph']}, {c['number_text']!r}: not offered: the number or the text next to it "
                f"holds {hidden}, so it may not read as it looks.",
                f"  {marked}",
                "",
            ]
            continue
        head = f"Paragraph {c['paragraph']}, {c['number_text']!r}: {reading(c, quote)}"
        end = c["start"] + len(c["number_text"])
        figure = next((f for f in done if f[0] < end and c["start"] < f[1]), None)
        if figure:
            out += [head + f"; already annotated as {figure[2]} ({figure[3]!r}).", f"  {marked}", ""]
            continue
        figure_id = suggest_id(f"{source_id}-{c['number_text']}", taken, tried)
        taken.add(figure_id)
        period = None if c["date"] else proposed_period(quote, article_year)
        row = {col: "" for col in columns} | {
            "figure_id": figure_id,
            "source_id": source_id,
            "quote": quote,
            "number_text": c["number_text"],
            "period": period[0] if period else "",
        }
        out += [
            head + ("; or, if these two numbers form a range or ratio, this row" if c.get("joined") else ""),
            f"  {marked}",
            *([f"  period {period[0]} filled in ({period[1]}): check it."] if period else []),
            csv_line([row[col] for col in columns]),
            "",
        ]
    return out


def measures_in_use(source_id, kit):
    """The measures the other articles' figures use: a figure is compared with theirs only if its measure is the same, word
    for word."""
    known = known_measures(lenient_rows(kit.inputs / "figures.csv"), source_id)
    if not known:
        return []
    return [
        "A figure is compared with other articles' figures (in the notebooks' charts and checks) only when its measure",
        "is written exactly as theirs. The measures in use:",
        *(f"  {measure}" for measure in known),
    ]


def reading(candidate, quote):
    """How the kit will read the number, so the row can be checked before it is copied."""
    if candidate["vague"]:
        return "an order of size, not a count"
    try:
        parsed = parse_figure(candidate["number_text"], quote)
    except AmbiguousComma as err:
        return f"the kit cannot read it alone ({err}): write its full value in the row's value column"
    except ParseError as err:
        return f"the kit cannot read it as a figure ({err})"
    if parsed.low is not None and parsed.high is not None and parsed.low != parsed.high:
        value = f"{format_number(parsed.low)} to {format_number(parsed.high)}"
    else:
        value = format_number(parsed.value)
    looks = {"date": ", looks like a date or year", "relative date": ", looks like a relative date (a time before or after)"}
    how = ", ".join(dict.fromkeys([parsed.qualifier, parsed.bound, parsed.kind]))
    return f"reads as {value} ({how})" + looks.get(candidate["date"], "")


def csv_line(cells):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()
