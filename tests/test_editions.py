"""`python -m newsfigures build`: the student and teacher editions and the HTML handouts.

The build runs in a temporary copy of the kit, never in the working copy. Beside
the kit's own notebooks the copy holds one small planted notebook with every
kind of cell an edition treats differently (a chart, a model answer, a worked
solution, an exercise), so each rule is checked even before a lesson uses it.

A hostile notebook (markup in a Markdown cell and in stored outputs) is built in
a folder of its own: its handout comes out sanitised, and when markup gets past
the sanitiser (patched out) the build refuses, naming the notebook and the cell.
"""

import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from kit_command import run_kit
from nbclient import NotebookClient
from repo import NOTEBOOKS, REPO, REPO_KIT

from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.pages import editions, inert
from newsfigures.pages.editions import TEACHER_ONLY, check_chart_descriptions, code_is_the_lesson

PLACEHOLDER = "No description has been provided for this image"
PLANTED = "99-planted-edition-check"
PLANTED_ALT = 'Two bars: "a" is 1 & "b" is 2 < 3.'
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"
STEMS = [p.stem for p in NOTEBOOKS] + [PLANTED]


def planted_notebook():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(
        cells=[
            md("# Planted notebook\n\nSee [the first notebook](01-prepare-data.ipynb)."),
            code(
                "from newsfigures.charts import chart, show\n"
                "fig, ax = chart('Sample', 'letter', 'count')\n"
                "ax.bar(['a', 'b'], [1, 2])\n"
                f"show(fig, 'planted-edition-check', {PLANTED_ALT!r}, write=False)"
            ),
            md(
                "<details><summary>Model answer</summary>\n\nA sentence only a teacher reads.\n</details>",
                metadata={"tags": ["model-answer"]},
            ),
            code("print('a worked solution only a teacher reads')", metadata={"tags": ["solution"]}),
            code("answer = 'write your answer here'\nprint(answer)", metadata={"tags": ["exercise"]}),
            code("print('after the exercise')"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def build(root, *args):
    return run_kit(root, "build", *args, timeout=300)


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, make_kit_copy):
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


def outputs_text(cell):
    """What a code cell shows: its stored Markdown, HTML and plain-text outputs."""
    parts = [o.get("text", "") for o in cell.get("outputs", [])]
    for output in cell.get("outputs", []):
        parts += [output.get("data", {}).get(kind, "") for kind in ("text/markdown", "text/html", "text/plain")]
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


@pytest.mark.parametrize("stem", STEMS)
def test_student_edition_has_no_teacher_cell_and_no_model_answer(built_copy, stem):
    source = read(built_copy / "notebooks" / f"{stem}.ipynb")
    student = read(built_copy / "build" / "student" / f"{stem}.ipynb")
    student_text = "\n".join(c.source for c in student.cells)
    shown = "\n".join(c.source if c.cell_type == "markdown" else outputs_text(c) for c in student.cells)
    assert not any(tags(c) & TEACHER_ONLY for c in student.cells)
    assert "<summary>Model answer" not in shown  # (a code cell may define how answers are shown)
    for cell in source.cells:
        if tags(cell) & TEACHER_ONLY:
            assert cell.source.strip() not in student_text
    kept = [c for c in source.cells if not tags(c) & TEACHER_ONLY]
    assert [c.id for c in student.cells] == [c.id for c in kept]


@pytest.mark.parametrize("stem", STEMS)
def test_student_edition_clears_exercise_outputs_and_keeps_the_rest(built_copy, stem):
    source = read(built_copy / "notebooks" / f"{stem}.ipynb")
    student = read(built_copy / "build" / "student" / f"{stem}.ipynb")
    kept = {c.id: c for c in source.cells}
    first = next(c.id for c in student.cells if c.cell_type == "markdown")
    for cell in student.cells:
        if cell.cell_type != "code":
            said = editions.SELF_STUDY.sub("", kept[cell.id].source)  # self-study words left out
            assert cell.source == (said + "\n\n" + editions.WHERE_THE_ANSWERS_ARE if cell.id == first else said)
        elif "exercise" in tags(cell):
            assert cell.outputs == [] and cell.execution_count is None
        else:
            assert cell.outputs == kept[cell.id].outputs


@pytest.mark.parametrize("stem", STEMS)
def test_teacher_edition_is_the_complete_notebook(built_copy, stem):
    assert (built_copy / "build" / "teacher" / f"{stem}.ipynb").read_bytes() == (
        built_copy / "notebooks" / f"{stem}.ipynb"
    ).read_bytes()


def test_planted_notebook_exercises_every_rule(built_copy):
    source = read(built_copy / "notebooks" / f"{PLANTED}.ipynb")
    student = read(built_copy / "build" / "student" / f"{PLANTED}.ipynb")
    assert chart_alts(source) == [PLANTED_ALT]
    assert {"model-answer", "solution", "exercise"} <= set().union(*map(tags, source.cells))
    assert len(student.cells) == len(source.cells) - 2


@pytest.mark.parametrize("stem", STEMS)
def test_handout_has_one_img_per_chart_with_its_stored_description(built_copy, stem):
    student = read(built_copy / "build" / "student" / f"{stem}.ipynb")
    html = (built_copy / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert PLACEHOLDER not in html
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))
    charts = [img["alt"] for img in soup.select(".jp-OutputArea-output img")]
    assert charts == chart_alts(student)


@pytest.mark.parametrize("stem", STEMS)
def test_handout_is_self_contained(built_copy, stem):
    soup = BeautifulSoup((built_copy / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find_all(["script", "link", "iframe", "object", "embed"]) == []
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    for tag in soup.find_all(href=True):
        assert tag.name == "a", tag
        assert urlsplit(tag["href"]).scheme in ("", "https"), tag  # inside the page, beside it, or a plain link
    for style in soup.find_all("style"):
        assert "@import" not in style.text and "url(http" not in style.text.replace(" ", "")


@pytest.mark.parametrize("stem", STEMS)
def test_handout_hides_code_that_is_not_the_lesson(built_copy, stem):
    student = read(built_copy / "build" / "student" / f"{stem}.ipynb")
    soup = BeautifulSoup((built_copy / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    code_cells = [c for c in student.cells if c.cell_type == "code"]
    shown = code_cells if code_is_the_lesson(student) else [c for c in code_cells if "exercise" in tags(c)]
    assert len(soup.select(".jp-CodeCell .jp-InputArea")) == len(shown)


def test_only_the_data_preparation_handout_shows_all_its_code():
    assert [p.stem for p in NOTEBOOKS if code_is_the_lesson(read(p))] == ["01-prepare-data"]


def test_both_editions_carry_the_modules_the_notebooks_import(built_copy):
    modules = sorted(p.name for p in (built_copy / "notebooks").glob("*.py"))
    assert "casebook.py" in modules
    for edition in ("teacher", "student"):
        for name in modules:
            assert (built_copy / "build" / edition / name).read_bytes() == (built_copy / "notebooks" / name).read_bytes()


def test_handouts_link_to_each_other(built_copy):
    soup = BeautifulSoup((built_copy / "build" / "handouts" / f"{PLANTED}.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("a", href="01-prepare-data.html")


def lost_code(stem):
    """Does the student edition leave out a code cell? Only then can it run differently from
    the notebook itself, which nbval runs in full."""
    if stem == PLANTED:
        return True
    cells = read(REPO / "notebooks" / f"{stem}.ipynb").cells
    return any(c.cell_type == "code" and tags(c) & TEACHER_ONLY for c in cells)


@pytest.mark.parametrize("stem", [s for s in STEMS if lost_code(s)])
def test_student_edition_runs_top_to_bottom(built_copy, stem):
    """A worked solution removed from the student edition must not leave a later cell broken."""
    folder = built_copy / "build" / "student"
    nb = read(folder / f"{stem}.ipynb")
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error" or o.get("name") == "stderr"]
    assert errors == []


def test_a_chart_without_a_description_stops_the_build():
    chart = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("#"), nbformat.v4.new_code_cell(outputs=[chart])])
    with pytest.raises(InputError, match="cell 2 shows a chart without a description"):
        check_chart_descriptions(nb, REPO / "notebooks" / "x.ipynb", REPO_KIT)


def test_second_build_succeeds_and_changes_nothing(built_copy):
    before = {p: p.read_bytes() for p in (built_copy / "build").rglob("*") if p.is_file()}
    result = build(built_copy)
    assert result.returncode == 0, result.stderr
    assert "0 file(s) written" in result.stdout
    assert {p: p.read_bytes() for p in (built_copy / "build").rglob("*") if p.is_file()} == before


def test_build_over_an_edited_file_stops_and_names_it_and_force_overwrites(built_copy):
    target = built_copy / "build" / "student" / f"{PLANTED}.ipynb"
    fresh = target.read_bytes()
    edited = read(target)
    edited.cells[-1].source = "print('a student worked here')"
    nbformat.write(edited, target)
    mine = target.read_bytes()
    (built_copy / "notebooks" / f"{PLANTED}.ipynb").touch()  # a newer source changes nothing: edits still win
    others = {p: p.read_bytes() for p in (built_copy / "build").rglob("*") if p.is_file() and p != target}

    refused = build(built_copy)
    assert refused.returncode == 1
    assert f"build/student/{PLANTED}.ipynb" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == mine
    assert {p: p.read_bytes() for p in others} == others

    forced = build(built_copy, "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() == fresh
    assert build(built_copy).returncode == 0


# --- handouts run nothing -------------------------------------------------------------------------


def csp_of(html):
    soup = BeautifulSoup(html, "html.parser")
    metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    return [m["content"] for m in metas]


@pytest.mark.parametrize("stem", STEMS)
def test_handout_carries_the_policy_and_no_script(built_copy, stem):
    html = (built_copy / "build" / "handouts" / f"{stem}.html").read_text(encoding="utf-8")
    assert csp_of(html) == [CSP]
    head = html.split("</head>")[0]
    assert head.index("Content-Security-Policy") < head.index("<style")  # it covers everything after it
    assert "<script" not in html.lower()
    assert inert.scan(html) == []


HOSTILE = "99-hostile"
MARKDOWN_PAYLOAD = (
    "kept-markdown-text <img src=\"x\" onerror=\"alert('md')\"> <script>alert('md-script')</script> "
    "[a javascript link](javascript:alert(1)) ![tracker](https://tracker.example/md.png)"
)
OUTPUT_PAYLOAD = (
    "<b>kept-output-html</b><img src=x onerror=alert('out')><a href='https://example.org/ok'>ok</a>"
    "<a href=' java&#09;script:alert(2)'>bad</a><img alt='t' src='https://tracker.example/out.png'>"
    "<div style='background:url(https://tracker.example/bg.png)'>styled</div><iframe src='x'></iframe>"
    "<div id='cell-id=spoof'>an id that would pass for a cell's</div>"
)


def hostile_notebook(markdown=MARKDOWN_PAYLOAD, html=OUTPUT_PAYLOAD):
    """A teacher-only cell (so student and committed cell numbers differ), then the payloads in cells 3 and 4."""
    md, code, output = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell, nbformat.v4.new_output
    shown = code(
        "show()",
        outputs=[
            output("display_data", data={"text/html": html, "text/plain": "x"}),
            output("display_data", data={"text/markdown": "<div><img src=x onerror=alert('md-output')>kept-md-output</div>"}),
            output("display_data", data={"application/javascript": "alert('js')", "text/plain": "kept-plain"}),
        ],
    )
    nb = nbformat.v4.new_notebook(
        cells=[md("# Hostile"), md("A teacher's note.", metadata={"tags": ["teacher-note"]}), md(markdown), shown]
    )
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    return nb


@pytest.fixture
def hostile_root(tmp_path):
    """A folder with nothing but notebooks/99-hostile.ipynb: enough for `editions.build`."""
    (tmp_path / "notebooks").mkdir()
    nbformat.write(hostile_notebook(), tmp_path / "notebooks" / f"{HOSTILE}.ipynb")
    return tmp_path


@pytest.mark.parametrize("folder", ["handouts", "answer-key"])
def test_markup_in_cells_and_outputs_is_sanitised_in_the_handout(hostile_root, folder):
    editions.build(Kit(hostile_root))
    html = (hostile_root / "build" / folder / f"{HOSTILE}.html").read_text(encoding="utf-8")
    for kept in ("kept-markdown-text", "kept-output-html", "kept-md-output", "kept-plain", "styled"):
        assert kept in html
    assert "<script" not in html.lower() and "onerror" not in html and "tracker.example" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert [t for t in soup.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)] == []
    assert all(img["src"].startswith("data:image/") for img in soup.find_all("img", src=True))
    assert soup.find("a", href="https://example.org/ok")
    assert soup.find_all(["iframe", "script"]) == [] and csp_of(html) == [CSP]
    assert not soup.find(id="cell-id=spoof")


@pytest.mark.parametrize(
    "where, payload, found",
    [
        ("markdown", "<img src=x onerror=alert(1)>", "onerror"),
        ("markdown", "<script>alert(1)</script>", "<script>"),
        ("output", "<a href='javascript:alert(1)'>x</a>", "javascript:"),
        ("output", "<img alt='t' src='https://tracker.example/t.png'>", "loads from outside"),
    ],
)
def test_build_refuses_markup_the_sanitiser_let_through(tmp_path, monkeypatch, where, payload, found):
    monkeypatch.setattr(inert, "clean", lambda html: html)  # as if the sanitiser missed it
    (tmp_path / "notebooks").mkdir()
    nb = hostile_notebook(markdown=payload, html="<b>fine</b>") if where == "markdown" else hostile_notebook("fine", payload)
    nb.cells[3].outputs = nb.cells[3].outputs[:1]
    nbformat.write(nb, tmp_path / "notebooks" / f"{HOSTILE}.ipynb")
    with pytest.raises(InputError) as refused:
        editions.build(Kit(tmp_path))
    cell = 3 if where == "markdown" else 4
    assert str(refused.value).startswith(f"notebooks/{HOSTILE}.ipynb, cell {cell}: the handout would contain")
    assert found in str(refused.value) and "How to fix it" in str(refused.value)
    assert not (tmp_path / "build").exists()


def test_build_refuses_a_template_that_adds_a_script(hostile_root, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(editions.TEMPLATES, templates)
    page = templates / "handout" / "index.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("(student edition).", "<script>x()</script>"), encoding="utf-8")
    monkeypatch.setattr(editions, "TEMPLATES", templates)
    with pytest.raises(
        InputError,
        match=rf"index.html.j2: the handout of notebooks/{HOSTILE}.ipynb would contain "
        r"a <script> element, outside any cell",
    ):
        editions.build(Kit(hostile_root))


def test_build_command_names_the_notebook_and_cell_without_a_traceback(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nbformat.write(hostile_notebook(markdown="<img src=x onerror=alert(1)>"), tmp_path / "notebooks" / f"{HOSTILE}.ipynb")
    patched = (
        "import sys, newsfigures.pages.inert as inert; inert.clean = lambda html: html; "
        "from newsfigures.__main__ import main; sys.exit(main(['build']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", patched],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KIT_ROOT": str(tmp_path)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Nothing was written. notebooks/{HOSTILE}.ipynb, cell 3: the handout would contain an event attribute onerror="
    )
    assert "Traceback" not in result.stderr and not (tmp_path / "build").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_the_policy_stops_a_script_and_an_outside_load_in_chromium(built_copy, browser, tmp_path):
    """Were markup ever to reach a handout, the browser itself would still run and load nothing."""
    html = (built_copy / "build" / "handouts" / "02-chart-the-figures.html").read_text(encoding="utf-8")
    planted = (
        "<script>document.title = 'ran'</script><img src='https://tracker.example/t.png' "
        "onerror=\"document.title = 'ran'\"><div style=\"background: url('https://tracker.example/b.png')\">x</div>"
    )
    page_path = tmp_path / "planted.html"
    page_path.write_text(html.replace("<main>", "<main>" + planted, 1), encoding="utf-8")
    page = browser.new_page()
    requests, violations = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file:") else (requests.append(route.request.url), route.abort())
        ),
    )
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(page_path.as_uri())
    page.wait_for_timeout(500)
    title = page.title()
    page.close()
    assert title == "Chart the figures: what the articles' numbers look like · Handout"  # the script did not run
    assert requests == []
    assert len(violations) >= 2, violations  # the script and the image were refused, not just absent


@pytest.mark.parametrize("stem", STEMS)
def test_the_student_edition_says_where_the_answers_are_and_not_to_open_boxes_it_removed(built_copy, stem):
    source = read(built_copy / "notebooks" / f"{stem}.ipynb")
    student = read(built_copy / "build" / "student" / f"{stem}.ipynb")
    words = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert editions.WHERE_THE_ANSWERS_ARE in words
    assert "self-study" not in words
    assert not re.search(r"[Mm]odel answer\*\* to open|open the (?:\*\*)?[Mm]odel answer|folded away under", words), stem
    assert "<!-- self-study -->" in "\n".join(c.source for c in source.cells) or stem in ("01-prepare-data", PLANTED)
