"""A self-check for code exercises: right, or "not yet" with a hint; never a mark, never the answer.

- `check(answer, "exercise")` says "replace None with your code" while the
  placeholder is still there, calls out NaN ("not a number": a missing value),
  a whole column where one value was asked for, a value outside `between`.
  Otherwise it compares the answer, as a person writes it (`plain`), with the
  exercise's entry in notebooks/self-checks.toml: a fingerprint of the right
  answer (a hash, so the answer is in no cell and no file a student opens), and
  a hint for each common wrong answer. It says "Right", or "Not yet" with the
  hint for that answer (or the exercise's general hint), and never the answer.
  Without an exercise name it shows the answer plainly (`200`, not
  `np.float64(200.0)`) and asks the student to compare it with the table.
- `column(table, name)` and `row(table, label)` are `table[name]` and
  `table.loc[label]` with a one-line message for a wrong name: "there is no
  column 'hihg': did you mean 'high'?".
- `friendly_errors()` gives the same message for a wrong column or row name in
  a student's own pandas code (`table.loc["a row", "hihg"]`) in place of
  pandas' long traceback; any other error is shown as usual.

Why not otter-grader or nbgrader: both check against test code the student can
read (otter's public tests in tests/, nbgrader's visible test cells) and keep
hidden tests for the teacher's grading run only, so neither can tell a student
alone "not yet" without showing the expected value; both also need a
master-notebook build step. A fingerprint and a table of hints do that in a
few lines.
"""

import difflib
import hashlib
import numbers
import tomllib

import pandas as pd

from newsfigures.errors import InputError
from newsfigures.kit import Kit

SELF_CHECKS = "self-checks.toml"  # in notebooks/: per exercise, the right answer's fingerprint and hints


class Hint(KeyError):
    """A wrong name, told in one line. IPython shows `_render_traceback_` in place of a traceback."""

    def __str__(self):
        return self.args[0]

    def _render_traceback_(self):
        return [self.args[0]]


def plain(value):
    """A value as a person writes it: 200, 1.16, 2004, True, 2015-11-19."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        if abs(x) >= 1e6:
            return str(round(x))
        return f"{x:.4g}" if abs(x) < 1e-3 else f"{round(x, 4):g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return str(value)


def is_missing(value):
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or a table: not one missing value
        return False


def wrong_name(kind, name, names):
    """The one-line message for a name that is not among `names`."""
    names = [str(n) for n in names]
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    if close:
        return f"there is no {kind} {name!r}: did you mean {close[0]!r}?"
    shown = ", ".join(repr(n) for n in names[:12]) + (", ..." if len(names) > 12 else "")
    return f"there is no {kind} {name!r}. The {kind}s are: {shown}"


def column(table, name):
    """`table[name]`, or a Hint naming the column meant."""
    if name not in table.columns:
        raise Hint(wrong_name("column", name, table.columns))
    return table[name]


def row(table, label):
    """`table.loc[label]`, or a Hint naming the row meant."""
    if label not in table.index:
        raise Hint(wrong_name("row", label, table.index))
    return table.loc[label]


def fingerprint(exercise, answer):
    """A fingerprint of an answer as a person writes it (`plain`): equal answers match, and it
    cannot be read back. The exercise's name is mixed in, so one value has another print per exercise."""
    return hashlib.sha256(f"{exercise}:{plain(answer)}".encode()).hexdigest()[:16]


def self_checks(kit=None):
    """notebooks/self-checks.toml: {exercise: {"right": fingerprint, "hint": ..., "wrong": {answer: hint}}}."""
    kit = kit or Kit.here()
    path = kit.root / "notebooks" / SELF_CHECKS
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(kit.relative(path), f"the self-checks cannot be read ({err})", "download the kit again") from None


def compared(answer, exercise, kit=None):
    """Right, or not yet with the hint for this answer: the answer is compared by its fingerprint."""
    checks = self_checks(kit)
    if exercise not in checks:
        names = ", ".join(repr(name) for name in checks)
        raise Hint(f"there is no exercise {exercise!r} in notebooks/{SELF_CHECKS}: the exercises are {names}")
    entry, shown = checks[exercise], plain(answer)
    if fingerprint(exercise, answer) == entry["right"]:
        return f"Right: {shown} agrees with the kit's own calculation."
    hint = entry.get("wrong", {}).get(shown, entry.get("hint", ""))
    return f"Your answer: {shown}. Not yet: {hint}".strip()


def verdict(answer, exercise=None, between=None, kit=None):
    """What `check` says, as text."""
    if answer is None or answer is Ellipsis:
        return "Not yet: the answer is still None. Replace None with your code, then run the cell again."
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        what = "a column or row" if isinstance(answer, pd.Series) else "a table"
        return (
            f"This is {what} of {answer.size} value(s), not one value. "
            "Pick the one you need, e.g. with .loc[row, column], .max() or .index[-1]."
        )
    if is_missing(answer):
        return (
            'The answer is NaN ("not a number"): a value is missing. Check that the row and the column '
            "you used hold a number (an empty cell reads as NaN), then run the cell again."
        )
    if between is not None and isinstance(answer, numbers.Real) and not between[0] <= answer <= between[1]:
        return f"Your answer is {plain(answer)}, which cannot be right here: look again at which numbers you used."
    if exercise is not None:
        return compared(answer, exercise, kit)
    return f"Your answer: {plain(answer)}. Check it against the table or chart above: is it about what you expected?"


def check(answer, exercise=None, *, between=None):
    """Print right, or not yet and a hint (see the module's doc); returns nothing, so no repr is shown."""
    print(verdict(answer, exercise, between))


# --- wrong names in a student's own pandas code ----------------------------------------------


def name_error_in(value, tb):
    """The message for a KeyError raised by pandas for a label its index or columns lack, or None."""
    if type(value) is not KeyError or not value.args:
        return None
    key, indexes, tables = value.args[0], [], []
    while tb is not None:
        obj = tb.tb_frame.f_locals.get("self")
        obj = getattr(obj, "obj", obj)  # .loc and .iloc keep their table in .obj
        if isinstance(obj, pd.Index) and not indexes:
            indexes.append(obj)
        elif isinstance(obj, (pd.DataFrame, pd.Series)):
            tables.append(obj)
        tb = tb.tb_next
    if not indexes or isinstance(key, (list, tuple, pd.Index)):
        return None
    index = indexes[0]
    kind = "label"
    for table in tables:
        if isinstance(table, pd.DataFrame) and index.equals(table.columns):
            kind = "column"
        elif index.equals(table.index):
            kind = "row"
    return wrong_name(kind, key, index)


def friendly_errors():
    """In IPython, show a wrong column or row name in pandas code as one line (see the module's doc)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return

    def handler(shell, etype, value, tb, tb_offset=None):
        message = name_error_in(value, tb)
        if message is None:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
            return []
        stb = [f"KeyError: {message}"]
        shell._showtraceback(etype, value, stb)
        return stb

    shell.set_custom_exc((KeyError,), handler)
