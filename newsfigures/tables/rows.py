"""Turn seeds and annotations into the rows of the tidy tables."""

import difflib
import re

from newsfigures.errors import InputError
from newsfigures.inputs.schema import FORMULA_START
from newsfigures.text.numbers import (
    AmbiguousComma,
    NotANumber,
    NotInQuote,
    ParseError,
    find_numbers,
    lookalike_problem,
    parse_figure,
)
from newsfigures.text.passages import closest_passage, first_difference, locate, pattern_for, whole_words
from newsfigures.text.seeds import collapse_space

WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
MONTH = re.compile(rf"\b{MONTHS}\s*$")  # just before a day: "October 2"
MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{MONTHS}(?![a-z])")  # just after a day: "26 September 2007"
# A count of time before or after: "five years earlier", "three months later", "two weeks ago".
RELATIVE = re.compile(r"\s+(?:years?|months?|weeks?|days?|decades?)\s+(?:earlier|later|ago|before|after|on)\b", re.IGNORECASE)
CHARACTERS_EITHER_SIDE = 40  # how much of the paragraph words_around keeps


def count_words(text):
    return len(WORD.findall(text))


def paragraph_rows(seed):
    rows = []
    for block_no, block in enumerate(seed.blocks, start=1):
        rows.append(
            {
                "source_id": seed.source_id,
                "block": block_no,
                "paragraph": seed.numbered.get(block.start),
                "kind": block.kind,
                "reason": block.reason,
                "start": block.start,
                "end": block.end,
                "words": count_words(block.text),
                "text": block.text,
            }
        )
    return rows


def body_words(seed):
    return sum(count_words(b.text) for b in seed.blocks if b.kind == "body")


def locate_or_refuse(row, seeds, file, id_field):
    """Where an annotation's quote stands in its seed; a clear error if it does not."""
    where = f"line {row['line']} ({id_field} {row[id_field]})"
    seed = seeds.get(row["source_id"])
    if seed is None:
        guess = difflib.get_close_matches(row["source_id"], seeds, n=1)
        raise InputError(
            file,
            f"source_id '{row['source_id']}' is not in seeds/sources.csv (known: {', '.join(sorted(seeds))})"
            + (f"; did you mean '{guess[0]}'?" if guess else "."),
            "use one of the known source ids, or add the article's row to seeds/sources.csv first.",
            row=where,
        )
    found = locate(row["quote"], seed.text, seed.blocks, seed.numbered)
    if found is None:
        closest = closest_passage(row["quote"], seed.blocks)
        raise InputError(
            file,
            f"the quote is not in seeds/{seed.source['file']}: {row['quote']!r}.\n"
            f"  Closest passage in the seed: {closest!r}\n"
            f"  First difference: {first_difference(row['quote'], closest)}",
            "copy the passage from the seed exactly (words and punctuation, including curly or straight quotation marks; "
            "line breaks do not matter).",
            row=where,
        )
    refuse_repeated(row["quote"], seed, file, where)
    if found.block_kind != "body":
        raise InputError(
            file,
            f"the quote is in page furniture ({found.block_reason}), not the article's body.",
            "annotate passages of the article's body only.",
            row=where,
        )
    return seed, found


def refuse_repeated(quote, seed, file, where):
    """A quote the seed prints more than once could be either passage: ask for the one that is meant."""
    starts = [m.start() for m in pattern_for(quote).finditer(seed.text)]
    if len(starts) < 2:
        return
    blocks = [next(b for b in seed.blocks if b.start <= at < b.end + 1) for at in starts]
    paragraphs = [seed.numbered.get(b.start) for b in blocks]
    named = ", ".join(str(p) if p is not None else "page furniture" for p in paragraphs)
    raise InputError(
        file,
        f"the quote is printed {len(starts)} times in seeds/{seed.source['file']} (paragraphs {named}), so the kit "
        "cannot tell which passage is meant.",
        "quote more of the paragraph you mean (the words before or after it, up to the whole sentence), so that the "
        "quote is printed once in the seed; `python -m newsfigures annotate` prints each sentence with its paragraph.",
        row=where,
    )


def figure_rows(inputs, seeds, file="data/input/figures.csv"):
    rows = []
    for row in unique(inputs, "figure_id", file):
        where = f"line {row['line']} (figure_id {row['figure_id']})"
        refuse_lookalike(row["number_text"], file, where)
        seed, found = locate_or_refuse(row, seeds, file, "figure_id")
        parsed, value_from = read_figure(row, file, where)
        number_start = number_offset(seed.text, found.start, row["quote"], parsed.at)
        rows.append(
            {
                "figure_id": row["figure_id"],
                "source_id": row["source_id"],
                "paragraph": found.paragraph,
                "quote_start": found.start,
                "quote_end": found.end,
                "number_start": number_start,
                "number_end": number_start + len(row["number_text"]),
                "number_text": row["number_text"],
                "value": parsed.value,
                "low": parsed.low,
                "high": parsed.high,
                "qualifier": parsed.qualifier,
                "bound": parsed.bound,
                "number_kind": parsed.kind,
                "value_from": value_from,
                **{k: row[k] for k in ("measure", "unit", "place", "period", "stated_by", "basis", "note", "quote")},
            }
        )
    return rows


def read_figure(row, file, where):
    """(figure, where its value comes from): the figure a row annotates, read from its number_text in
    its quote, or valued by the row's own value where the text alone is ambiguous; a clear error otherwise."""
    stated = row.get("value") or None
    try:
        try:
            parsed = parse_figure(row["number_text"], row["quote"])
        except (AmbiguousComma, NotANumber):
            if stated is None:
                raise
            return parse_figure(row["number_text"], row["quote"], stated), "the row"
        if stated is not None:
            parse_figure(row["number_text"], row["quote"], stated)  # refuses a value that disagrees with the text
        return parsed, "the text"
    except NotInQuote as err:
        if err.part is None:
            problem = f"number_text {row['number_text']!r} is not in the quote {row['quote']!r}"
            fix = "copy the number exactly as the quote prints it (same digits, commas and words)."
        else:
            problem = f"number_text {row['number_text']!r} is only part of the number {err.part!r} in the quote"
            fix = f"copy the whole number as the quote prints it (e.g. {err.part!r}), never a part of a longer number or word."
        raise InputError(file, f"{problem} (the numbers the quote prints: {err.printed}).", fix, row=where) from None
    except AmbiguousComma as err:
        raise InputError(
            file,
            f"the number {row['number_text']!r} is ambiguous: {err}.",
            "write the number's full value in the value column of this row (e.g. 1.5 for '1,5', 1500000 for '1,5 million'); "
            "keep number_text and the quote as the article prints them. A range written this way cannot take one value: "
            "annotate each end as its own figure.",
            row=where,
        ) from None
    except ParseError as err:
        raise InputError(
            file,
            f"the number {row['number_text']!r} cannot be read: {err}.",
            "give number_text as the article prints it: digits or number words, e.g. '1,000', '1.16 to 1', "
            "'50,000 and 200,000', '80 percent', 'thirtyfold', 'half'. If the article writes it in words the kit "
            "does not read, write its value in the value column of this row.",
            row=where,
        ) from None


def refuse_lookalike(number_text, file, where):
    problem = lookalike_problem(number_text)
    if problem:
        raise InputError(
            file,
            f"the number {number_text!r} may not read as it looks: it holds {problem}.",
            "type the number with the digits 0-9 (and plain commas between thousands) in number_text "
            "and in the quote. If the seed itself prints it this way, leave this figure out, or clean "
            "the seed and record its new sha256 (annotate prints it).",
            row=where,
        )


def number_offset(text, quote_start, quote, at):
    """Offset in the seed of the character at position `at` of the quote
    (white space may differ, so count the quote's non-space characters)."""
    wanted = len("".join(quote[:at].split()))
    pos, seen = quote_start, 0
    while seen < wanted:
        if not text[pos].isspace():
            seen += 1
        pos += 1
    while text[pos].isspace():
        pos += 1
    return pos


def unique(rows, id_field, file):
    seen = {}
    for row in rows:
        if row[id_field] in seen:
            raise InputError(
                file,
                f"{id_field} '{row[id_field]}' is used twice (first on line {seen[row[id_field]]}).",
                f"give each row its own {id_field}.",
                row=f"line {row['line']}",
            )
        seen[row[id_field]] = row["line"]
        yield row


def number_rows(seed, figures):
    spans = [(f["number_start"], f["number_end"], f["figure_id"]) for f in figures if f["source_id"] == seed.source_id]
    rows = []
    for block in seed.blocks:
        if block.kind != "body":
            continue
        chunk = seed.text[block.start : block.end]
        for n in find_numbers(chunk):
            start, end = block.start + n.start, block.start + n.end
            figure_id = next((fid for s, e, fid in spans if s < end and start < e), None)
            rows.append(
                {
                    "source_id": seed.source_id,
                    "paragraph": seed.numbered[block.start],
                    "start": start,
                    "end": end,
                    "text": n.text,
                    "form": n.form,
                    "value": n.value,
                    "role": "figure" if figure_id else date_role(seed.text, start, n) or "other",
                    "figure_id": figure_id,
                    "words_around": words_around(seed.text, block, start, end),
                }
            )
    return rows


def words_around(text, block, start, end):
    """A few words either side of a number, within its paragraph. The cut
    never starts on a dash or a sign, so that no spreadsheet reads it as a formula."""
    window = collapse_space(text[max(block.start, start - CHARACTERS_EITHER_SIDE) : min(block.end, end + CHARACTERS_EITHER_SIDE)])
    return window.lstrip("".join(FORMULA_START) + " ")


def date_role(text, start, number):
    """'date', 'relative date' or None: whether the number at `start` of the text is part of a date."""
    if is_date(text, start, number):
        return "date"
    return "relative date" if RELATIVE.match(text, start + len(number.text)) else None


def is_date(text, start, number):
    """A year (four digits, 1800-2100), or a day next to a month's name ("October 2", "26 September")."""
    if number.form != "digits" or number.value is None or not float(number.value).is_integer():
        return False
    if re.fullmatch(r"\d{4}", number.text) and 1800 <= number.value <= 2100:
        return True
    if not 1 <= number.value <= 31 or not re.fullmatch(r"\d{1,2}", number.text):
        return False
    return bool(MONTH.search(text[max(0, start - 12) : start]) or MONTH_AFTER.match(text, start + len(number.text)))


def voice_rows(inputs, seeds, file="data/input/voices.csv"):
    rows = []
    for row in unique(inputs, "voice_id", file):
        _, found = locate_or_refuse(row, seeds, file, "voice_id")
        # Every column of the input is kept (the data package says which there are), with where the quote stands.
        rows.append(
            {
                **{k: v for k, v in row.items() if k != "line"},
                "paragraph": found.paragraph,
                "quote_start": found.start,
                "quote_end": found.end,
                "own_words": row["speech"] == "direct quote",
            }
        )
    return rows


def term_rows(terms, seed):
    body = " ".join(b.text for b in seed.blocks if b.kind == "body")
    words = body_words(seed)
    rows = []
    for term in terms:
        forms = [f.strip() for f in term["forms"].split("|") if f.strip()]
        count = len(whole_words(forms).findall(body))
        rows.append(
            {
                "source_id": seed.source_id,
                "term": term["term"],
                "group": term["group"],
                "count": count,
                "body_words": words,
                "per_1000_words": round(1000 * count / words, 2) if words else 0,
            }
        )
    return rows
