"""`python -m newsfigures build`: the student and teacher editions and the HTML handouts.

The build runs in a temporary copy of the kit, never in the working copy. Beside
the kit's own notebooks the copy holds one small planted notebook with every
kind of cell an edition treats differently (a chart, a model answer, a worked
solution, an exercise), so each rule is checked even before a lesson uses it.
"""
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from newsfigures.editions import CODE_IS_THE_LESSON, TEACHER_ONLY, check_chart_descriptions
from newsfigures.errors import InputError

KIT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "No description has been provided for this image"
PLANTED = "99-planted-edition-check"
PLANTED_ALT = 'Two bars: "a" is 1 & "b" is 2 < 3.'
NOTEBOOKS = sorted(p.stem for p in (KIT / "notebooks").glob("*.ipynb")) + [PLANTED]


def planted_notebook():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(cells=[
        md("# Planted notebook\n\nSee [the first notebook](01-prepare-data.ipynb)."),
        code("from newsfigures.charts import chart, show\n"
             "fig, ax = chart('Sample', 'letter', 'count')\n"
             "ax.bar(['a', 'b'], [1, 2])\n"
             f"show(fig, 'planted-edition-check', {PLANTED_ALT!r}, write=False)"),
        md("<details><summary>Model answer</summary>\n\nA sentence only a teacher reads.\n</details>",
           metadata={"tags": ["teacher"]}),
        code("print('a worked solution only a teacher reads')", metadata={"tags": ["solution"]}),
        code("answer = 'write your answer here'\nprint(answer)", metadata={"tags": ["exercise"]}),
        code("print('after the exercise')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def build(root, *args):
    return subprocess.run([sys.executable, "-m", "newsfigures", "build", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def kit(tmp_path_factory, make_kit_copy):
    """A copy of the kit with the planted notebook, built once."""
    root = make_kit_copy(tmp_path_factory.mktemp("editions") / "kit")
    nb = planted_notebook()
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(root / "notebooks")}}).execute()
    nbformat.write(nb, root / "notebooks" / f"{PLANTED}.ipynb")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return set(cell.metadata.get("tags", []))


def chart_alts(nb):
    return [o.metadata["image/png"]["alt"] for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_student_edition_has_no_teacher_cell_and_no_model_answer(kit, stem):
    source = read(kit / "notebooks" / f"{stem}.ipynb")
    student = read(kit / "build" / "student" / f"{stem}.ipynb")
    student_text = "\n".join(c.source for c in student.cells)
    assert not any(tags(c) & TEACHER_ONLY for c in student.cells)
    assert "<summary>Model answer" not in student_text
    for cell in source.cells:
        if tags(cell) & TEACHER_ONLY:
            assert cell.source.strip() not in student_text
    kept = [c for c in source.cells if not tags(c) & TEACHER_ONLY]
    assert [c.id for c in student.cells] == [c.id for c in kept]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_student_edition_clears_exercise_outputs_and_keeps_the_rest(kit, stem):
    source = read(kit / "notebooks" / f"{stem}.ipynb")
    student = read(kit / "build" / "student" / f"{stem}.ipynb")
    kept = {c.id: c for c in source.cells}
    for cell in student.cells:
        if cell.cell_type != "code":
            assert cell.source == kept[cell.id].source
        elif "exercise" in tags(cell):
            assert cell.outputs == [] and cell.execution_count is None
        else:
            assert cell.outputs == kept[cell.id].outputs


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_teacher_edition_is_the_complete_notebook(kit, stem):
    assert (kit / "build" / "teacher" / f"{stem}.ipynb").read_bytes() == (kit / "notebooks" / f"{stem}.ipynb").read_bytes()


def test_planted_notebook_exercises_every_rule(kit):
    source = read(kit / "notebooks" / f"{PLANTED}.ipynb")
    student = read(kit / "build" / "student" / f"{PLANTED}.ipynb")
    assert chart_alts(source) == [PLANTED_ALT]
    assert {"teacher", "solution", "exercise"} <= set().union(*map(tags, source.cells))
    assert len(student.cells) == len(source.cells) - 2


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_handout_has_one_img_per_chart_with_its_stored_description(kit, stem):
    student = read(kit / "build" / "student" / f"{stem}.ipynb")
    html = (kit / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert PLACEHOLDER not in html
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))
    charts = [img["alt"] for img in soup.select(".jp-OutputArea-output img")]
    assert charts == chart_alts(student)


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_handout_is_self_contained(kit, stem):
    soup = BeautifulSoup((kit / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find_all(["script", "link", "iframe", "object", "embed"]) == []
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    for tag in soup.find_all(href=True):
        assert tag.name == "a", tag
        assert urlsplit(tag["href"]).scheme in ("", "https"), tag  # inside the page, beside it, or a plain link
    for style in soup.find_all("style"):
        assert "@import" not in style.text and "url(http" not in style.text.replace(" ", "")


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_handout_hides_code_that_is_not_the_lesson(kit, stem):
    student = read(kit / "build" / "student" / f"{stem}.ipynb")
    soup = BeautifulSoup((kit / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    code_cells = [c for c in student.cells if c.cell_type == "code"]
    shown = code_cells if stem in CODE_IS_THE_LESSON else [c for c in code_cells if "exercise" in tags(c)]
    assert len(soup.select(".jp-CodeCell .jp-InputArea")) == len(shown)


def test_handouts_link_to_each_other(kit):
    soup = BeautifulSoup((kit / "build" / "handouts" / f"{PLANTED}.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("a", href="01-prepare-data.html")


def lost_code(stem):
    """Does the student edition leave out a code cell? Only then can it run differently from
    the notebook itself, which nbval runs in full."""
    if stem == PLANTED:
        return True
    cells = read(KIT / "notebooks" / f"{stem}.ipynb").cells
    return any(c.cell_type == "code" and tags(c) & TEACHER_ONLY for c in cells)


@pytest.mark.parametrize("stem", [s for s in NOTEBOOKS if lost_code(s)])
def test_student_edition_runs_top_to_bottom(kit, stem):
    """A worked solution removed from the student edition must not leave a later cell broken."""
    folder = kit / "build" / "student"
    nb = read(folder / f"{stem}.ipynb")
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error" or o.get("name") == "stderr"]
    assert errors == []


def test_a_chart_without_a_description_stops_the_build():
    chart = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("#"), nbformat.v4.new_code_cell(outputs=[chart])])
    with pytest.raises(InputError, match="cell 2 shows a chart without a description"):
        check_chart_descriptions(nb, KIT / "notebooks" / "x.ipynb")


def test_second_build_succeeds_and_changes_nothing(kit):
    before = {p: p.read_bytes() for p in (kit / "build").rglob("*") if p.is_file()}
    result = build(kit)
    assert result.returncode == 0, result.stderr
    assert "0 file(s) written" in result.stdout
    assert {p: p.read_bytes() for p in (kit / "build").rglob("*") if p.is_file()} == before


def test_build_over_an_edited_file_stops_and_names_it_and_force_overwrites(kit):
    target = kit / "build" / "student" / f"{PLANTED}.ipynb"
    fresh = target.read_bytes()
    edited = read(target)
    edited.cells[-1].source = "print('a student worked here')"
    nbformat.write(edited, target)
    mine = target.read_bytes()
    (kit / "notebooks" / f"{PLANTED}.ipynb").touch()  # a newer source changes nothing: edits still win
    others = {p: p.read_bytes() for p in (kit / "build").rglob("*") if p.is_file() and p != target}

    refused = build(kit)
    assert refused.returncode == 1
    assert f"build/student/{PLANTED}.ipynb" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == mine
    assert {p: p.read_bytes() for p in others} == others

    forced = build(kit, "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() == fresh
    assert build(kit).returncode == 0
