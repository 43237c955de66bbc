"""The self-check for code exercises: plain answers, one-line hints, no marks.

The unit tests call the helpers on a small table; one test runs a notebook in
a real kernel to show what a student sees: a wrong column or row name as one
line in place of pandas' traceback, any other error as usual, and a plain answer.
"""

import re

import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from newsfigures.display.check import SELF_CHECKS, Hint, check, column, fingerprint, name_error_in, plain, row, verdict
from newsfigures.kit import Kit

TABLE = pd.DataFrame({"low": [50_000.0, 1_000.0], "high": [200_000.0, np.nan]}, index=["estimate", "survey"])


@pytest.mark.parametrize(
    "value, shown",
    [
        (np.float64(200.0), "200"),
        (200.0, "200"),
        (np.int64(2004), "2004"),
        (1.16, "1.16"),
        (np.float64(121.18), "121.18"),
        (2 / 3, "0.6667"),
        (np.True_, "True"),
        (pd.Timestamp("2015-11-19"), "2015-11-19"),
    ],
)
def test_numbers_show_plainly(value, shown):
    assert plain(value) == shown


def test_the_placeholder_asks_for_code():
    assert "Replace None with your code" in verdict(None)


def test_nan_is_called_out():
    answer = TABLE.loc["survey", "high"] / TABLE.loc["survey", "low"]
    assert verdict(answer).startswith('The answer is NaN ("not a number")')


def test_a_whole_column_is_not_one_value():
    assert verdict(TABLE["high"]).startswith("This is a column or row of 2 value(s), not one value")


def test_a_plain_answer_without_expected_value_asks_to_look_again():
    assert verdict(TABLE.loc["estimate", "high"] / 1_000) == (
        "Your answer: 200. Check it against the table or chart above: is it about what you expected?"
    )


@pytest.fixture
def checks(tmp_path):
    """A kit folder whose notebooks/self-checks.toml holds one exercise: the right answer 200, two hints."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / SELF_CHECKS).write_text(
        f"""[times]
right = "{fingerprint("times", 200)}"
hint = "Divide the high end by the survey's low end."
[times.wrong]
"50" = "That uses the low end of the estimate."
""",
        encoding="utf-8",
    )
    return Kit(tmp_path)


def test_the_right_answer_is_right_and_a_common_wrong_one_gets_its_hint(checks):
    right = TABLE.loc["estimate", "high"] / TABLE.loc["survey", "low"]
    assert verdict(right, "times", kit=checks) == "Right: 200 agrees with the kit's own calculation."
    wrong = verdict(TABLE.loc["estimate", "low"] / TABLE.loc["survey", "low"], "times", kit=checks)
    assert wrong == "Your answer: 50. Not yet: That uses the low end of the estimate."
    other = verdict(150, "times", kit=checks)
    assert other == "Your answer: 150. Not yet: Divide the high end by the survey's low end."
    assert "200" not in wrong + other  # the right answer is never shown


def test_the_answer_is_in_no_file_only_its_fingerprint(checks):
    text = (checks.root / "notebooks" / SELF_CHECKS).read_text()
    assert not re.search(r"(?<![\d.])200(?![\d.])", text)
    assert fingerprint("times", 200) == fingerprint("times", np.float64(200.0)) != fingerprint("times", 200.5)
    assert fingerprint("times", 200) != fingerprint("other", 200)


def test_an_exercise_the_kit_does_not_know_is_named(checks):
    with pytest.raises(Hint, match="there is no exercise 'tims'.*'times'"):
        verdict(200, "tims", kit=checks)


def test_a_value_outside_what_is_possible_is_questioned():
    assert "cannot be right here" in verdict(1_000_000, "times", between=(1, 10_000))
    assert verdict(5, between=(1, 10)).startswith("Your answer: 5.")


def test_check_prints_and_returns_nothing(capsys):
    assert check(np.float64(200.0)) is None
    assert capsys.readouterr().out.startswith("Your answer: 200.")


def test_a_wrong_column_or_row_name_gets_did_you_mean():
    with pytest.raises(Hint) as wrong:
        column(TABLE, "hihg")
    assert wrong.value._render_traceback_() == ["there is no column 'hihg': did you mean 'high'?"]
    with pytest.raises(Hint, match="there is no row 'estimat': did you mean 'estimate'"):
        row(TABLE, "estimat")
    with pytest.raises(Hint, match=r"there is no column 'zzz'\. The columns are: 'low', 'high'"):
        column(TABLE, "zzz")
    assert column(TABLE, "high").equals(TABLE["high"]) and row(TABLE, "survey").equals(TABLE.loc["survey"])


def raised_by(expression):
    try:
        eval(expression, {"TABLE": TABLE})
    except KeyError as err:
        return name_error_in(err, err.__traceback__)
    raise AssertionError(f"{expression} raised nothing")


@pytest.mark.parametrize(
    "expression, message",
    [
        ('TABLE["hihg"]', "there is no column 'hihg': did you mean 'high'?"),
        ('TABLE.loc["estimate", "hihg"]', "there is no column 'hihg': did you mean 'high'?"),
        ('TABLE.loc["estimat", "high"]', "there is no row 'estimat': did you mean 'estimate'?"),
        ('TABLE.high["surveys"]', "there is no row 'surveys': did you mean 'survey'?"),
        ('{"a": 1}["b"]', None),  # not pandas: left to the usual traceback
    ],
)
def test_pandas_own_key_errors_are_read_for_the_name_meant(expression, message):
    assert raised_by(expression) == message


@pytest.mark.slow
def test_in_a_notebook_a_wrong_name_is_one_line_and_the_answer_plain():
    cells = [
        "import numpy as np\nimport pandas as pd\n"
        "from newsfigures.display.check import check, friendly_errors\nfriendly_errors()",
        'table = pd.DataFrame({"high": [200_000.0]}, index=["estimate"])',
        'table.loc["estimate", "hihg"]',
        '{"a": 1}["b"]',
        'check(table.loc["estimate", "high"] / np.float64(1000))',
    ]
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    NotebookClient(nb, allow_errors=True, timeout=120, kernel_name="python3").execute()
    (wrong_name,) = nb.cells[2].outputs
    assert wrong_name.output_type == "error"
    assert wrong_name.traceback == ["KeyError: there is no column 'hihg': did you mean 'high'?"]
    (other,) = nb.cells[3].outputs
    assert other.output_type == "error" and len(other.traceback) > 1  # shown as usual
    (answer,) = nb.cells[4].outputs
    assert answer.text.startswith("Your answer: 200.")
