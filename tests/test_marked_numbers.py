"""Numbers in the notebooks' Markdown come from the tables: each is marked with where it comes from,
`python -m newsfigures numbers` finds one that disagrees, and `--write` rewrites it without ever
overwriting a notebook someone has edited."""

import nbformat
import pytest
from repo import REPO_KIT

from newsfigures.display import marked_numbers
from newsfigures.display.marked import problems, rewritten
from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.student import originals

MODEL_ANSWER = "04-check-the-numbers.ipynb"
RIGHT, WRONG = "121.18<!-- value: at_birth_in_record_year -->", "121.81<!-- value: at_birth_in_record_year -->"


def notebook(kit=REPO_KIT, name=MODEL_ANSWER):
    return nbformat.read(kit.root / "notebooks" / name, as_version=4)


def planted(nb, old, new):
    """The notebook with `old` replaced by `new` in the one Markdown cell that holds it."""
    holding = [c for c in nb.cells if c.cell_type == "markdown" and old in c.source]
    assert len(holding) == 1, old
    holding[0].source = holding[0].source.replace(old, new)
    return nb


def test_every_marked_number_in_the_notebooks_matches_its_table():
    count, found = marked_numbers.check(REPO_KIT)
    assert count >= 20 and found == []


DISAGREEING = [  # (as written in the notebook, planted), for a number, a year and a day
    (RIGHT, WRONG),
    ("2004<!-- value: record_year | year -->", "2008<!-- value: record_year | year -->"),
    ("30 November 2015<!-- value: report_after_article | date -->", "1 December 2015<!-- value: report_after_article | date -->"),
]


@pytest.mark.parametrize("right, wrong", DISAGREEING)
def test_a_number_that_disagrees_with_its_table_is_named_and_rewritten(right, wrong):
    nb = planted(notebook(), right, wrong)
    found = problems(nb, REPO_KIT, MODEL_ANSWER)
    assert len(found) == 1 and wrong in found[0] and f"the tables give {right.split('<')[0]}" in found[0]
    assert rewritten(nb, REPO_KIT) == notebook()


@pytest.mark.parametrize(
    "marker, said",
    [
        ("<!-- value: no_such_value -->", "no computed value 'no_such_value'"),
        ("<!-- figures: no-such-figure.value -->", "has no row 'no-such-figure'"),
        ("<!-- figures: sex-ratio-peak.no_such_column -->", "has no column 'no_such_column'"),
        ("<!-- no_such_table: a.b -->", "no table data/tidy/no_such_table.csv"),
        ("<!-- figures: sex-ratio-peak.measure -->", "not a number"),
    ],
)
def test_a_marker_that_names_nothing_is_named(marker, said):
    nb = planted(notebook(), RIGHT, f"121.18{marker}")
    found = problems(nb, REPO_KIT, MODEL_ANSWER)
    assert len(found) == 1 and said in found[0]


def test_a_marker_with_no_number_before_it_is_named():
    found = problems(planted(notebook(), RIGHT, "about <!-- value: at_birth_in_record_year -->"), REPO_KIT)
    assert len(found) == 1 and "no number right before the marker" in found[0]


def test_write_rewrites_the_kits_copy_and_refuses_an_edited_notebook(kit_copy):
    kit = Kit(kit_copy)
    path = kit.root / "notebooks" / MODEL_ANSWER
    right = path.read_bytes()
    nbformat.write(planted(notebook(kit), RIGHT, WRONG), path)  # the data changed since the prose was written
    originals.keep_originals(kit)  # ... and this is the kit's copy, as the class was given it
    assert marked_numbers.write(kit) == [path]
    assert path.read_bytes() == right

    nbformat.write(planted(notebook(kit), RIGHT, WRONG.replace("81", "11")), path)  # not the kit's copy: someone's work
    edited = path.read_bytes()
    with pytest.raises(InputError, match="differs from the kit's copy"):
        marked_numbers.write(kit)
    assert path.read_bytes() == edited
    assert marked_numbers.write(kit, force=True) == [path]
    assert path.read_bytes() == right


def test_write_refuses_a_notebook_it_has_no_copy_of(kit_copy):
    kit = Kit(kit_copy)  # not a git checkout, and the lab never kept copies here
    path = kit.root / "notebooks" / MODEL_ANSWER
    nbformat.write(planted(notebook(kit), RIGHT, WRONG), path)
    planted_bytes = path.read_bytes()
    with pytest.raises(InputError, match="keeps no copy of it"):
        marked_numbers.write(kit)
    assert path.read_bytes() == planted_bytes
