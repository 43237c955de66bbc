"""The charts of notebooks 02 and 03 draw the numbers of data/tidy/, read back from what
the notebooks draw when they run (not from pixels; see notebook_charts.py); each check is
shown to catch a planted mistake. Every chart is drawn by one function of the case module
(notebooks/casebook.py), called from a short visible cell, and no two functions are copies
of each other; every image a notebook shows has alt text; and figures/ holds exactly what
the notebooks write, byte for byte, on a fresh run."""

import ast
import copy
import difflib
import itertools
import json
import re
import shutil

import nbformat
import pandas as pd
import pytest
from articles import BUILT_IN
from matplotlib.colors import to_hex
from notebook_charts import (
    assert_writes_the_committed_figures,
    clipped_texts,
    committed_figures,
    overlapping_texts,
    read_back,
    run_notebook,
)
from repo import CASEBOOK, NOTEBOOKS, REPO, REPO_KIT, load_casebook

from newsfigures.charts import OKABE_ITO
from newsfigures.display.figures import number
from newsfigures.tables.load import tidy

FIGURES_DIR = REPO / "figures"
FIGURE_FILE = re.compile(r"(?P<prefix>\d\d)-[a-z0-9-]+\.(png|svg)")
CHARTS, DISCUSS = "02-chart-the-figures.ipynb", "03-read-and-discuss.ipynb"

FIGURES = tidy("figures", REPO_KIT).set_index("figure_id")
SOURCES = tidy("sources", REPO_KIT).set_index("source_id")
VOICES = tidy("voices", REPO_KIT)
TERMS = tidy("terms", REPO_KIT)
BASIS_COLOURS = load_casebook().BASIS_COLOURS


def colour(name):
    return to_hex(OKABE_ITO[name], keep_alpha=True)


@pytest.fixture(scope="module")
def drawn(make_kit_copy, tmp_path_factory):
    """Notebooks 02 and 03, run one after the other in a copy of the kit whose figures/ is empty."""
    kit = make_kit_copy(tmp_path_factory.mktemp("charts") / "kit")
    shutil.rmtree(kit / "figures")
    (kit / "figures").mkdir()
    return {name: run_notebook(kit, name) for name in (CHARTS, DISCUSS)}


def chart(drawn, notebook, name):
    return drawn[notebook].charts[name]


# ---- what each chart must draw ------------------------------------------------


def check_range(drawn_chart, estimate):
    """A range as a band from low to high on an axis from zero; never a bar from zero to the top;
    the low end laid end to end beneath it."""
    ax = drawn_chart["axes"][0]
    assert [(s["points"][0][0], s["points"][1][0]) for s in ax["segments"]] == [(estimate["low"], estimate["high"])]
    assert all(s["points"][0][1] == s["points"][1][1] for s in ax["segments"])  # horizontal
    assert ax["xlim"][0] == 0
    assert not [r for r in ax["rectangles"] if r["x"] == 0 and r["width"] >= estimate["high"]]
    times = estimate["high"] / estimate["low"]
    assert f"{number(times)} times" in ax["title"]
    assert estimate["stated_by"] in drawn_chart["all_text"] and number(estimate["high"]) in drawn_chart["alt"]
    assert [r["width"] for r in ax["rectangles"]] == [estimate["low"]] * int(times)
    assert [r["x"] for r in ax["rectangles"]] == [n * estimate["low"] for n in range(int(times))]


def check_lower_bound(drawn_chart, total, share):
    """'More than N percent': N squares filled, the rest hatched as not known."""
    ax = drawn_chart["axes"][0]
    assert share["qualifier"] == "more than" and share["unit"] == "percent"
    filled = [r for r in ax["rectangles"] if r["facecolor"] == colour("orange") and not r["hatch"]]
    hatched = [r for r in ax["rectangles"] if r["hatch"]]
    assert (len(filled), len(hatched)) == (share["value"], 100 - share["value"])
    implied = total["value"] * share["value"] / 100
    about = "about " if total["bound"] == "approximate" else ""  # of a round figure, the share's count is approximate
    assert f"more than {about}{number(implied)}" in ax["title"] and f"more than {about}{number(implied)}" in drawn_chart["alt"]
    assert f"= {number(total['value'] / 100)}" in drawn_chart["all_text"]  # people per square


def check_ratio(drawn_chart, ratios):
    """The ratios as dots against a dashed line at parity, labelled in the article's own words."""
    ax = drawn_chart["axes"][0]
    assert [line["y"] for line in ax["lines"] if line["marker"] == "o"] == [list(ratios["value"])]
    assert [line["y"] for line in ax["lines"] if line["linestyle"] == "--"] == [[1.0, 1.0]]
    assert [label.replace("\n", " ") for label in ax["xticklabels"]] == list(ratios["period"])
    quoted = re.findall(r"“([^”]+)”", drawn_chart["all_text"])
    article_words = " ".join(ratios["quote"]).lower()
    assert quoted and [q for q in quoted if q.lower() not in article_words] == []


def bounds(figures):
    return sorted(zip(figures["low"].fillna(figures["value"]), figures["high"].fillna(figures["value"]), strict=True))


def check_magnitudes(drawn_chart, counts):
    """Every count on one log scale: a range as a bar from low to high, a single number as a dot."""
    ax = drawn_chart["axes"][0]
    assert ax["xscale"] == "log" and "log scale" in ax["xlabel"]
    dots = [(line["x"][0], line["x"][0]) for line in ax["lines"] if line["marker"] != "None" and len(line["x"]) == 1]
    bars = [(s["points"][0][0], s["points"][1][0]) for s in ax["segments"]]
    expected = bounds(counts)
    assert sorted(dots + bars) == expected
    smallest, largest = expected[0][0], max(high for _, high in expected)
    assert f"from {number(smallest)} to {number(largest)}" in " ".join(ax["title"].split())
    assert ax["xlim"][0] <= smallest and ax["xlim"][1] >= largest


def expected_voices(voices):
    """(direct quotes, reported or cited) per speaker, counted straight from voices.csv."""
    heard = voices[voices["speech"] != "author's own voice"]
    who = heard["name"].where(heard["name"] != "unnamed", heard["organisation"].fillna(heard["role"]))
    table = pd.crosstab([heard["source_id"], who], heard["own_words"])
    return sorted((int(r.get(True, 0)), int(r.get(False, 0))) for _, r in table.iterrows())


def check_voices(drawn_chart, voices, sources):
    """A bar per speaker: direct quotes in blue, reported or cited passages in orange; a bold heading per article."""
    ax = drawn_chart["axes"][0]
    kinds, rows = {colour("blue"): 0, colour("orange"): 1}, {}
    for bar in ax["rectangles"]:
        assert bar["facecolor"] in kinds, bar
        rows.setdefault(bar["y"], [0, 0])[kinds[bar["facecolor"]]] = int(bar["width"])
    assert sorted(tuple(r) for r in rows.values()) == expected_voices(voices)
    for outlet in sources.loc[voices["source_id"].unique(), "outlet"]:
        assert any(" ".join(label.split()).startswith(outlet) for label in ax["bold_yticklabels"]), outlet
    direct = int(voices[voices["speech"] != "author's own voice"]["own_words"].sum())
    assert drawn_chart["suptitle"].replace("\n", " ").startswith(f"{direct} of ")


def check_figure_kinds(drawn_chart, figures, basis_colours):
    """One block per figure, coloured by its kind, with the number as printed written on it."""
    ax = drawn_chart["axes"][0]
    blocks = ax["rectangles"]
    assert sorted(b["facecolor"] for b in blocks) == sorted(colour(basis_colours[b]) for b in figures["basis"])
    on_chart = ["".join(t["text"].split()) for t in ax["texts"]]  # wrapped to the block, at a space or a hyphen
    assert [text for text in figures["number_text"] if "".join(text.split()) not in on_chart] == []
    claims = int((figures["basis"] == "claim").sum())
    assert ax["title"].startswith(f"{claims} of the {len(figures)} figures")


def check_terms(drawn_chart, terms, sources):
    """For every word, a dot per article at its rate per 1,000 words (terms.csv), on the word's row."""
    ax = drawn_chart["axes"][0]
    row_of = dict(zip(ax["yticks"], ax["yticklabels"], strict=True))
    drawn = {}
    for dot in (line for line in ax["lines"] if line["marker"] != "None"):
        word = row_of[min(row_of, key=lambda y: abs(y - dot["y"][0]))]
        drawn.setdefault(word, []).append(dot["x"][0])
    expected = terms.groupby("term")["per_1000_words"].apply(sorted).to_dict()
    assert {word: sorted(xs) for word, xs in drawn.items()} == expected
    outlets = [re.sub(r"\s*\(.*\)$", "", sources.loc[s, "outlet"]) for s in dict.fromkeys(terms["source_id"])]
    assert ax["legend"] == outlets
    assert set(ax["bold_yticklabels"]) == {"Words for the people", "Words for what happens to them"}


# ---- each chart, as the notebooks draw it ---------------------------------------

RANGE = FIGURES.loc["nk-in-china"]
RATIOS = FIGURES.loc[["sex-ratio-peak", "sex-ratio-now"]]
COUNTS = FIGURES[  # 02's log scale draws every article's counts: numbers with a value, neither years nor rates
    (FIGURES["number_kind"] == "number")
    & (FIGURES["value"].notna() | FIGURES["low"].notna())
    & ~FIGURES["unit"].isin(["year", "years"])
    & ~FIGURES["unit"].str.contains(" per ")
]
TOTAL, SHARE = FIGURES.loc["defectors-in-south"], FIGURES.loc["defectors-women-share"]


def test_the_kits_own_counts_are_the_three_on_the_log_scale():
    assert set(COUNTS[COUNTS["source_id"].isin(BUILT_IN)].index) == {"children-no-chain", "defectors-in-south", "nk-in-china"}


CHECKS = {  # (notebook, chart) -> the check it must pass
    (CHARTS, "02-nk-in-china-range"): lambda c, run: check_range(c, RANGE),
    (CHARTS, "02-defectors-women-lower-bound"): lambda c, run: check_lower_bound(c, TOTAL, SHARE),
    (CHARTS, "02-china-gender-imbalance"): lambda c, run: check_ratio(c, RATIOS),
    (CHARTS, "02-magnitudes-log-scale"): lambda c, run: check_magnitudes(c, COUNTS),
    (CHARTS, "02-voices-by-article"): lambda c, run: check_voices(c, VOICES, SOURCES),
    (CHARTS, "02-figures-by-kind"): lambda c, run: check_figure_kinds(c, FIGURES, BASIS_COLOURS),
    (DISCUSS, "03-nk-in-china-range"): lambda c, run: check_range(c, RANGE),
    (DISCUSS, "03-china-gender-imbalance"): lambda c, run: check_ratio(c, RATIOS),
    (DISCUSS, "03-voices-by-article"): lambda c, run: check_voices(c, VOICES, SOURCES),
    (DISCUSS, "03-terms"): lambda c, run: check_terms(c, TERMS, SOURCES),
}


def test_each_notebook_shows_the_charts_that_are_checked(drawn):
    shown = {(notebook, name) for notebook, run in drawn.items() for name in run.charts}
    assert shown == set(CHECKS)


@pytest.mark.parametrize("notebook, name", CHECKS, ids=[name for _, name in CHECKS])
def test_the_chart_draws_what_the_tables_say(drawn, notebook, name):
    drawn_chart = chart(drawn, notebook, name)
    assert drawn_chart["alt"].strip()
    CHECKS[notebook, name](drawn_chart, drawn[notebook])


@pytest.mark.parametrize("notebook, name", CHECKS, ids=[name for _, name in CHECKS])
def test_no_text_runs_off_the_chart_or_over_another(drawn, notebook, name):
    drawn_chart = chart(drawn, notebook, name)
    assert drawn_chart["drawn_texts"]
    assert clipped_texts(drawn_chart) == [] and overlapping_texts(drawn_chart) == []


def test_a_label_off_the_edge_or_over_another_is_caught():
    """The read-back of drawn text extents, on a figure drawn here: a label placed to run off the right edge, and two
    labels at the same place, are found; the same labels laid out apart are not."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_xticks([])
    ax.annotate("an estimate whose long label runs off the edge", (0.8, 0.5), xycoords="axes fraction")
    ax.set_yticks([0, 0.02], ["2002", "2003"])
    drawn_chart = read_back(fig)
    assert clipped_texts(drawn_chart) == ["an estimate whose long label runs off the edge"]
    assert ("2002", "2003") in overlapping_texts(drawn_chart)
    ax.texts[0].set_position((0.05, 0.5))
    ax.set_yticks([0, 0.5], ["2002", "2003"])
    assert clipped_texts(read_back(fig)) == [] and overlapping_texts(read_back(fig)) == []
    plt.close(fig)


def band_from_zero(c):
    c["axes"][0]["segments"][0]["points"][0][0] = 0.0


def ten_more_squares_filled(c):
    for square in [r for r in c["axes"][0]["rectangles"] if r["hatch"]][:10]:
        square.update(hatch="", facecolor=colour("orange"))


def a_word_that_is_not_the_articles(c):
    c["all_text"] = c["all_text"].replace("“gender imbalance”", "“sex ratio”")


def a_dot_off_its_value(c):
    line = next(line for line in c["axes"][0]["lines"] if line["marker"] == "o")
    line["x"] = [x + 1 for x in line["x"]]
    line["y"] = [y + 0.01 for y in line["y"]]


def one_more_direct_quote(c):
    next(r for r in c["axes"][0]["rectangles"] if r["facecolor"] == colour("blue"))["width"] += 1


def a_block_in_the_wrong_colour(c):
    c["axes"][0]["rectangles"][0]["facecolor"] = colour("black")


PLANTED = [
    (CHARTS, "02-nk-in-china-range", band_from_zero),
    (CHARTS, "02-defectors-women-lower-bound", ten_more_squares_filled),
    (CHARTS, "02-china-gender-imbalance", a_word_that_is_not_the_articles),
    (CHARTS, "02-china-gender-imbalance", a_dot_off_its_value),
    (CHARTS, "02-magnitudes-log-scale", a_dot_off_its_value),
    (CHARTS, "02-voices-by-article", one_more_direct_quote),
    (CHARTS, "02-figures-by-kind", a_block_in_the_wrong_colour),
    (DISCUSS, "03-nk-in-china-range", band_from_zero),
    (DISCUSS, "03-terms", a_dot_off_its_value),
]


@pytest.mark.parametrize("notebook, name, plant", PLANTED, ids=[f"{n}:{p.__name__}" for _, n, p in PLANTED])
def test_a_chart_that_draws_something_else_is_caught(drawn, notebook, name, plant):
    broken = copy.deepcopy(chart(drawn, notebook, name))
    plant(broken)
    with pytest.raises(AssertionError):
        CHECKS[notebook, name](broken, drawn[notebook])


def test_the_kinds_of_number_are_the_data_packages():
    package = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"] == "tidy/figures.csv"]
    (field,) = [f for f in resource["schema"]["fields"] if f["name"] == "basis"]
    assert sorted(BASIS_COLOURS) == sorted(field["constraints"]["enum"])
    assert len(set(BASIS_COLOURS.values())) == len(BASIS_COLOURS), "one colour per kind"


# ---- each chart is drawn by one function of the case module ----------------------------

SHOWN = re.compile(r"\bshow\(fig, \"([\w-]+)\"")  # show(fig, "02-name", alt): a chart a cell shows
CALLED = re.compile(r"\bcasebook\.(\w+)\(")
DRAWING = re.compile(r"\bax\.|\bfig\.|\bplt\.|(?<![\w.])chart\(|\bmatplotlib\b")  # drawing code, not a call to it
CHART_CELL = 4  # lines: call the function, show the chart (and its untitled copy), perhaps pick the rows first
NEAR_COPY = 0.6  # share of the code two functions have in common; the copies this replaced shared 0.72 to 0.92


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def chart_functions(path=CASEBOOK):
    """The case module's chart functions (each ends in _chart and returns a figure), by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.endswith("_chart")}


def drawing_problems(cells, functions):
    """Cells that draw a chart themselves, show one not drawn by exactly one chart function, fold it away,
    or take more than CHART_CELL lines to show it."""
    problems = []
    for cell in cells:
        if DRAWING.search(cell.source):
            problems.append(("drawing code in a notebook cell", cell.source[:60]))
        if SHOWN.search(cell.source):
            called = [name for name in CALLED.findall(cell.source) if name in functions]
            if len(called) != 1:
                problems.append(("a chart not drawn by one function of casebook.py", cell.source[:60]))
            if cell.metadata.get("jupyter", {}).get("source_hidden", False):
                problems.append(("a chart cell folded away", cell.source[:60]))
            if len([line for line in cell.source.splitlines() if line.strip()]) > CHART_CELL:
                problems.append(("a chart cell of more than a few lines", cell.source[:60]))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_is_drawn_by_one_casebook_function_in_a_visible_cell(path):
    assert drawing_problems(code_cells(path), chart_functions()) == []


def test_a_chart_drawn_in_its_cell_folded_away_or_long_is_caught():
    cells = code_cells(REPO / "notebooks" / CHARTS)
    showing = next(c for c in cells if SHOWN.search(c.source))
    drawn_here = copy.deepcopy(showing)
    drawn_here.source = 'fig, ax = chart("A title")\nax.plot([1, 2], [3, 4])\nshow(fig, "02-x", "A line.")'
    folded = copy.deepcopy(showing)
    folded.metadata["jupyter"] = {"source_hidden": True}
    long = copy.deepcopy(showing)
    long.source = "rows = figures.head()\n" * CHART_CELL + showing.source
    found = [problem for problem, _ in drawing_problems([drawn_here, folded, long], chart_functions())]
    assert found == [
        "drawing code in a notebook cell",
        "a chart not drawn by one function of casebook.py",
        "a chart cell folded away",
        "a chart cell of more than a few lines",
    ]


def charts_shown():
    """{chart name: the chart functions whose figure each cell that shows it passes to show()}."""
    functions, shown = chart_functions(), {}
    for path in NOTEBOOKS:
        for cell in code_cells(path):
            for name in SHOWN.findall(cell.source):
                shown.setdefault(name, set()).update(f for f in CALLED.findall(cell.source) if f in functions)
    return shown


def test_each_chart_file_is_drawn_by_one_function_and_every_function_is_used():
    shown = charts_shown()
    assert {name: functions for name, functions in shown.items() if len(functions) != 1} == {}
    assert set().union(*shown.values()) == set(chart_functions())
    assert {prefix(name) for name in shown} == {"02", "03", "04"}


def code_of(function):
    """A function's code without its docstring and comments, one statement per line."""
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return "\n".join(ast.unparse(statement) for statement in body)


def near_copies(functions):
    """Pairs of chart functions that share most of their code: one chart drawn twice."""
    pairs = itertools.combinations(sorted(functions), 2)
    return [
        (a, b)
        for a, b in pairs
        if difflib.SequenceMatcher(None, code_of(functions[a]), code_of(functions[b]), autojunk=False).ratio() >= NEAR_COPY
    ]


def test_no_chart_is_drawn_by_two_copies_of_its_code():
    assert near_copies(chart_functions()) == []


def test_a_near_copy_of_a_chart_function_is_caught(tmp_path):
    code = CASEBOOK.read_text(encoding="utf-8")
    voices = ast.get_source_segment(code, chart_functions()["voices_chart"])
    copied = voices.replace("def voices_chart(", "def smaller_voices_chart(").replace("size=(10, 8.5)", "size=(10, 6)")
    (tmp_path / "casebook.py").write_text(code + "\n\n" + copied + "\n", encoding="utf-8")
    assert near_copies(chart_functions(tmp_path / "casebook.py")) == [("smaller_voices_chart", "voices_chart")]


@pytest.mark.parametrize("module", sorted((REPO / "newsfigures").glob("*.py")), ids=lambda p: p.name)
def test_package_code_names_no_article_and_no_figure(module):
    """The kit treats its articles like any other source: only the input files name them."""
    code = module.read_text(encoding="utf-8")
    short_outlets = [re.sub(r"\s*\(.*\)$", "", outlet) for outlet in SOURCES["outlet"]]
    # The built-in authors' surnames; another article's author may be an organisation, or a surname that is a word.
    surnames = [author.split()[-1] for author in SOURCES.loc[SOURCES.index.isin(BUILT_IN), "author"]]
    names = [*SOURCES.index, *SOURCES["file"], *SOURCES["outlet"], *SOURCES["author"], *FIGURES.index, *short_outlets, *surnames]
    assert [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", code)] == []


# ---- notebooks: alt text, and figures/ is what they write ---------------


def image_outputs(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for mime in output.get("data", {}):
                if mime.startswith("image/"):
                    yield cell.get("id"), mime, output


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_image_output_has_alt_text(path):
    notebook = nbformat.read(path, as_version=4)
    missing = [
        (cell, mime)
        for cell, mime, output in image_outputs(notebook)
        if not str(output.get("metadata", {}).get(mime, {}).get("alt", "")).strip()
    ]
    assert missing == []


def prefix(name):
    return name[:2]


def test_every_figure_file_is_named_for_a_notebook_and_comes_as_png_and_svg():
    names = list(committed_figures(REPO))
    assert names, "figures/ is empty"
    assert [n for n in names if not FIGURE_FILE.fullmatch(n)] == []
    assert {n.rsplit(".", 1)[0] + ".png" for n in names} | {n.rsplit(".", 1)[0] + ".svg" for n in names} == set(names)
    assert {n[:2] for n in names} <= {prefix(p.name) for p in NOTEBOOKS}


@pytest.mark.parametrize("notebook", [CHARTS, DISCUSS])
def test_a_fresh_run_rewrites_the_same_figures(drawn, notebook):
    assert_writes_the_committed_figures(drawn[notebook], notebook, REPO)
