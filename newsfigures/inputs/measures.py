"""What a figure measures, compared across articles.

A notebook compares figures of different articles only when their `measure` is
written exactly the same, so a measure a few letters away from another
article's ("pupils who sleep too little" for "pupils sleeping too little")
would silently stay out of that comparison. These helpers list the measures already in use
(for annotate) and find the near misses (for prepare's notes).
"""

import difflib

CLOSE = 0.8  # difflib's similarity above which two different measures are likely meant to be one


def known_measures(figure_rows, source_id=None):
    """The measures of every other article's figures, in the order first used."""
    return list(dict.fromkeys(r["measure"] for r in figure_rows if r.get("measure") and r.get("source_id") != source_id))


def close_to(measure, known):
    """The known measure most like `measure` but not equal to it, or None."""
    scored = [(similarity(measure, k), k) for k in known if k != measure]
    best = max(scored, default=(0, None))
    return best[1] if best[0] >= CLOSE else None


def similarity(a, b):
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def near_misses(figure_rows):
    """(row, the other article's measure) for each figure whose measure is close to, but not, one another article uses."""
    misses = []
    for row in figure_rows:
        known = known_measures(figure_rows, row["source_id"])
        near = None if row["measure"] in known else close_to(row["measure"], known)
        if near:
            misses.append((row, near))
    return misses


def near_miss_note(row, near, file="data/input/figures.csv"):
    """A note for prepare's output about one near miss."""
    return (
        f"Note: {file}, line {row['line']} (figure_id {row['figure_id']}): measure {row['measure']!r} is close to "
        f"{near!r}, which another article's figures use. Figures are compared only when their measure is written "
        "exactly the same: if this is the same measure, copy that wording exactly; if it is not, keep yours."
    )
