"""The loop of trying and checking: self-checks that check, solutions that never run, a place to write.

- Each code exercise's worked solution, run in its notebook after the cells above it, is told
  "Right"; each common wrong answer (the article's own peak year, the low end of a range), computed
  from the data as a student would, is told "Not yet" with its own hint, never the right answer.
- A worked solution is code inside a closed box of a Markdown cell: Run All cannot run or print
  it, and the student edition has none. The right answer is in no file, only its fingerprint.
- Every model answer has an answer cell right above it ("**Your answer:** ..."), kept in the
  student edition, never printed.
"""

import re
import tomllib

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell
from repo import NOTEBOOKS, REPO, REPO_KIT

from newsfigures.pages.editions import ANSWER, MODEL_ANSWER, SCREEN_ONLY, SOLUTION, TEACHER_NOTE, student_edition

CHECKS = tomllib.loads((REPO / "notebooks" / "self-checks.toml").read_text(encoding="utf-8"))
EXERCISE = re.compile(r'^check\((\w+), "([\w-]+)"', re.MULTILINE)
CODE_BLOCK = re.compile(r"```python\n(.*?)\n```", re.S)
# A wrong answer a student is likely to give, computed from the data as they would compute it.
COMMON_WRONG = {
    "highest-year": 'int(figures.loc["sex-ratio-peak-year", "value"])',  # the article's own peak year
    "times-larger": 'figures.loc["nk-in-china", "low"] / figures.loc["children-no-chain", "value"]',  # the low end
}


def tags(cell):
    return set(cell.metadata.get("tags", []))


def read(path):
    return nbformat.read(path, as_version=4)


def exercises():
    """(notebook path, index of the exercise cell, variable, exercise name) for every self-checked exercise."""
    found = []
    for path in NOTEBOOKS:
        for index, cell in enumerate(read(path).cells):
            if cell.cell_type == "code" and "exercise" in tags(cell):
                found += [(path, index, variable, name) for variable, name in EXERCISE.findall(cell.source)]
    return found


def solution_after(cells, index):
    """The code of the worked solution that follows the exercise at `index`."""
    cell = next(c for c in cells[index + 1 :] if SOLUTION in tags(c))
    return CODE_BLOCK.search(cell.source)[1]


def test_every_exercise_the_self_checks_know_is_in_a_notebook_and_the_other_way_round():
    assert sorted(name for *_, name in exercises()) == sorted(CHECKS)
    assert set(COMMON_WRONG) == set(CHECKS)


def printed(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").strip()


@pytest.fixture(scope="module")
def told(make_kit_copy, tmp_path_factory):
    """{exercise: {"right": what its solution is told, "wrong": {answer: what it is told}, "answer": its plain form}}."""
    kit = make_kit_copy(tmp_path_factory.mktemp("self-checks") / "kit")
    results = {}
    for path, index, variable, name in exercises():
        nb = read(kit / "notebooks" / path.name)
        above = [new_code_cell(c.source) for c in nb.cells[:index] if c.cell_type == "code"]
        wrong = {**{key: key for key in CHECKS[name].get("wrong", {})}, "common": COMMON_WRONG[name]}
        probes = [solution_after(nb.cells, index), f"print(plain({variable}))"]
        probes += [f"check({answer}, {name!r})" for answer in wrong.values()]
        nb.cells = [*above, new_code_cell("from newsfigures.display.check import plain"), *map(new_code_cell, probes)]
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(kit / "notebooks")}}).execute()
        out = [printed(c) for c in nb.cells[-len(probes) :]]
        results[name] = {"right": out[0].splitlines()[0], "answer": out[1], "wrong": dict(zip(wrong, out[2:], strict=True))}
    return results


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_worked_solution_is_right_and_common_wrong_answers_get_their_hint(told, name):
    result = told[name]
    assert result["right"] == f"Right: {result['answer']} agrees with the kit's own calculation."
    for answer, said in result["wrong"].items():
        assert said.startswith("Your answer: ") and "Not yet: " in said, (answer, said)
        assert not re.search(rf"(?<![\d.]){re.escape(result['answer'])}(?![\d.])", said.split("Not yet: ")[1]), said
    hints = CHECKS[name]["wrong"]
    common = result["wrong"]["common"]
    assert any(common.endswith(hint) for hint in hints.values()), f"the common wrong answer gets the general hint: {common}"
    for answer, hint in hints.items():
        assert result["wrong"][answer] == f"Your answer: {answer}. Not yet: {hint}"


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_no_file_holds_the_right_answer_only_its_fingerprint(name):
    entry = CHECKS[name]
    assert re.fullmatch(r"[0-9a-f]{16}", entry["right"])
    assert entry.get("hint") and entry.get("wrong")


# ---- worked solutions never run -------------------------------------------------------------


def solution_problems(nb):
    """What is wrong with the notebook's worked solutions: one that Run All would run, or shown open."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if SOLUTION not in tags(cell):
            continue
        if cell.cell_type != "markdown":
            problems.append(f"cell {index}: a {cell.cell_type} cell, which Run All runs")
        elif not re.match(r"<details><summary>Worked solution</summary>", cell.source):
            problems.append(f"cell {index}: not in a closed box")
        elif not CODE_BLOCK.search(cell.source):
            problems.append(f"cell {index}: no code to copy")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_worked_solution_is_code_in_a_closed_box_that_run_all_never_runs(path):
    assert solution_problems(read(path)) == []


OPEN_BOX = "<details open><summary>Worked solution</summary>\n\n```python\nx = 1\n```\n</details>"


def test_a_solution_that_runs_on_run_all_is_caught():
    planted = nbformat.v4.new_notebook(
        cells=[
            new_code_cell("print(200)", metadata={"tags": [SOLUTION]}),
            nbformat.v4.new_markdown_cell(
                "<details open><summary>Worked solution</summary>\n\n```python\nx\n```\n</details>", metadata={"tags": [SOLUTION]}
            ),
        ]
    )
    assert len(solution_problems(planted)) == 2


@pytest.mark.parametrize("path", sorted({path for path, *_ in exercises()}), ids=lambda p: p.name)
def test_run_all_leaves_each_exercise_unanswered_and_the_student_edition_has_no_solution(path):
    nb = read(path)
    for index, cell in enumerate(nb.cells):
        if "exercise" in tags(cell) and EXERCISE.search(cell.source):
            assert printed(cell).startswith("Not yet: the answer is still None"), f"cell {index}"
    student = student_edition(nb)
    assert not [c for c in student.cells if SOLUTION in tags(c)]
    solutions = [CODE_BLOCK.search(c.source)[1] for c in nb.cells if SOLUTION in tags(c)]
    words = "\n".join(c.source for c in student.cells)
    for code in solutions:
        assert code.splitlines()[0] not in words


# ---- a place to write under every question -----------------------------------------------------


def questions_without_answer_cells(nb):
    """The model answers with no answer cell right above them (nor a model answer or teacher note of the same question)."""
    missing = []
    for index, cell in enumerate(nb.cells):
        if MODEL_ANSWER in tags(cell):
            above = nb.cells[index - 1] if index else None
            if above is None or not tags(above) & {ANSWER, MODEL_ANSWER, TEACHER_NOTE}:
                missing.append(f"cell {index}")
    return missing


def answer_cell_problems(nb):
    problems = []
    for index, cell in enumerate(nb.cells):
        if ANSWER in tags(cell):
            template = re.match(r"\*[^*]+:\* \.\.\.", cell.source)  # "*Our claim:* ..." lines to fill in
            if cell.cell_type != "markdown" or not (cell.source.startswith("**Your answer:**") or template):
                problems.append(f"cell {index}")
            if not template and SCREEN_ONLY not in tags(cell):
                problems.append(f"cell {index}: printed (paper has its own room to write)")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_question_with_a_model_answer_has_an_answer_cell_under_it(path):
    nb = read(path)
    assert questions_without_answer_cells(nb) == []
    assert answer_cell_problems(nb) == []
    student = student_edition(nb)
    assert sum(ANSWER in tags(c) for c in student.cells) == sum(ANSWER in tags(c) for c in nb.cells)


def test_a_question_without_an_answer_cell_is_caught():
    nb = read(REPO_KIT.root / "notebooks" / "03-read-and-discuss.ipynb")
    first = next(i for i, c in enumerate(nb.cells) if ANSWER in tags(c) and c.source.startswith("**Your answer:**"))
    del nb.cells[first]
    assert len(questions_without_answer_cells(nb)) == 1
