"""The charts of the figures draw the numbers of data/tidy/ (read back from what they draw,
not from pixels); every image a notebook shows has alt text; and figures/ holds exactly what
the notebooks write, byte for byte, on a fresh run."""
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from nbclient import NotebookClient

from newsfigures import figure_charts as fc
from newsfigures.charts import OKABE_ITO
from newsfigures.data import tidy

ROOT = Path(__file__).resolve().parents[1]
FIGURES_DIR = ROOT / "figures"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIGURE_FILE = re.compile(r"(?P<prefix>\d\d)-[a-z0-9-]+\.(png|svg)")

FIGURES = tidy("figures", ROOT).set_index("figure_id")
SOURCES = tidy("sources", ROOT).set_index("source_id")
VOICES = tidy("voices", ROOT)


def article_of(figure_id):
    return SOURCES.loc[FIGURES.loc[figure_id, "source_id"]]


def texts(fig):
    """Every piece of text drawn on a figure, titles, labels and legends included."""
    return " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def bars(ax, colour):
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_facecolor() == to_rgba(colour)]


# ---- each chart draws what the CSVs say ------------------------------------

def test_range_chart_draws_the_estimate_as_a_range_from_low_to_high():
    estimate = FIGURES.loc["nk-in-china"]
    fig, alt = fc.range_chart(estimate, article_of("nk-in-china"))
    ax = fig.axes[0]
    (band,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    (start, _), (end, _) = band.get_segments()[0]
    assert (start, end) == (estimate["low"], estimate["high"])
    assert fc.spread(estimate) == estimate["high"] / estimate["low"]
    # no bar from zero to the top: the blocks beneath are copies of the low end, end to end
    blocks = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert [b.get_width() for b in blocks] == [estimate["low"]] * int(fc.spread(estimate))
    assert [b.get_x() for b in blocks] == [n * estimate["low"] for n in range(len(blocks))]
    assert f"{fc.number(fc.spread(estimate))} times" in ax.get_title(loc="left")
    assert "unofficial figure" in estimate["quote"] and estimate["stated_by"] in texts(fig)
    assert "unofficial figure" in texts(fig) and fc.number(estimate["high"]) in alt


def test_lower_bound_chart_fills_only_the_share_the_words_guarantee():
    total, share = FIGURES.loc["defectors-in-south"], FIGURES.loc["defectors-women-share"]
    assert share["qualifier"] == "more than" and share["unit"] == "percent"
    fig, alt = fc.lower_bound_chart(total, share, article_of("defectors-in-south"), group="women", rest="men")
    ax = fig.axes[0]
    women = total["value"] * share["value"] / 100
    assert fc.implied_count(total, share) == women
    filled = bars(ax, OKABE_ITO["orange"])
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert (len(filled), len(hatched)) == (share["value"], 100 - share["value"])
    assert f"more than {fc.number(women)}" in ax.get_title(loc="left") and f"more than {fc.number(women)}" in alt
    assert fc.number(total["value"] / 100) in texts(fig)  # people per square
    with pytest.raises(ValueError):
        fc.implied_count(total, total)


def test_ratio_chart_draws_the_ratios_against_parity_in_the_articles_words():
    ratios = FIGURES.loc[["sex-ratio-peak", "sex-ratio-now"]]
    fig, alt = fc.ratio_chart(ratios, article_of("sex-ratio-now"), name="gender imbalance", per="men for every woman")
    ax = fig.axes[0]
    (dots,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert list(dots.get_ydata()) == list(ratios["value"])
    parity = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert [list(line.get_ydata()) for line in parity] == [[1, 1]]
    assert [t.get_text() for t in ax.get_xticklabels()] == [fc.wrap(p, 22) for p in ratios["period"]]
    assert "does not name the measure" in texts(fig) and "“gender imbalance”" in ax.get_title(loc="left")
    with pytest.raises(ValueError, match="not in the article's words"):
        fc.ratio_chart(ratios, article_of("sex-ratio-now"), name="sex ratio", per="men for every woman")


def test_magnitudes_chart_puts_every_count_on_one_log_scale():
    counts = FIGURES.loc[["children-no-chain", "defectors-in-south", "nk-in-china"]].reset_index()
    fig, alt = fc.magnitudes_chart(counts, SOURCES)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel()
    drawn = [(float(line.get_xdata()[0]),) * 2 for line in ax.lines]
    drawn += [tuple(float(x) for x in c.get_segments()[0][:, 0]) for c in ax.collections]
    expected = [(float(r.low if pd.notna(r.low) else r.value), float(r.high if pd.notna(r.high) else r.value))
                for r in counts.itertuples()]
    assert sorted(drawn) == sorted(expected)
    smallest, largest = min(lo for lo, _ in expected), max(hi for _, hi in expected)
    assert fc.number(largest / smallest) in ax.get_title(loc="left")
    assert ax.get_xlim()[0] <= smallest and ax.get_xlim()[1] >= largest


def expected_voices(voices):
    """(direct quotes, reported or cited) per speaker, counted straight from voices.csv."""
    heard = voices[voices["speech"] != "author's own voice"]
    who = heard["name"].where(heard["name"] != "unnamed", heard["organisation"].fillna(heard["role"]))
    table = pd.crosstab([heard["source_id"], who], heard["own_words"])
    return sorted((int(r.get(True, 0)), int(r.get(False, 0))) for _, r in table.iterrows())


def drawn_voices(ax):
    """(direct, reported) per bar row, read back from the bars."""
    rows = {}
    for colour, i in (("blue", 0), ("orange", 1)):
        for bar in bars(ax, OKABE_ITO[colour]):
            rows.setdefault(bar.get_y(), [0, 0])[i] = int(bar.get_width())
    return sorted(tuple(r) for r in rows.values())


def test_voices_chart_counts_direct_and_reported_voices_per_article():
    fig, alt = fc.voices_chart(VOICES, SOURCES)
    ax = fig.axes[0]
    assert drawn_voices(ax) == expected_voices(VOICES)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    for outlet in SOURCES.loc[VOICES["source_id"].unique(), "outlet"]:
        assert any(label.startswith(outlet) for label in labels)
    direct = int(VOICES["own_words"].sum())
    assert fig.get_suptitle().replace("\n", " ").startswith(f"{direct} of ")
    # the default reads sources.csv itself, so 03-read-and-discuss can call voices_chart(voices)
    assert fc.voices_chart(VOICES)[1] == alt


def a_teachers_article():
    """A made-up extra article with one voice and one figure, to check the charts are generic."""
    source = pd.DataFrame([{**SOURCES.iloc[0].to_dict(), "outlet": "Class Gazette", "author": "A. Teacher",
                            "published": "2020-01-01"}], index=pd.Index(["class-gazette"], name="source_id"))
    voice = VOICES.iloc[[0]].assign(source_id="class-gazette", voice_id="gazette-1", speech="direct quote",
                                    own_words=True, name="A. Witness")
    figure = FIGURES.reset_index().iloc[[0]].assign(source_id="class-gazette", figure_id="gazette-figure",
                                                    number_text="12,345", basis="survey")
    return pd.concat([SOURCES, source]), pd.concat([VOICES, voice]), pd.concat([FIGURES.reset_index(), figure])


def test_charts_show_an_added_article_without_code_changes():
    sources, voices, figures = a_teachers_article()
    fig, _ = fc.voices_chart(voices, sources)
    assert "Class Gazette, A. Teacher" in texts(fig) and "A. Witness" in texts(fig)
    assert drawn_voices(fig.axes[0]) == expected_voices(voices)
    fig, alt = fc.figure_kinds_chart(figures, sources)
    assert "Class Gazette, A. Teacher: 1 figure" in texts(fig) and "12,345" in alt


def test_figure_kinds_chart_lists_every_figure_in_its_kind():
    figures = FIGURES.reset_index()
    fig, alt = fc.figure_kinds_chart(figures, SOURCES)
    ax = fig.axes[0]
    blocks = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(blocks) == len(figures)
    colours = sorted(p.get_facecolor() for p in blocks)
    assert colours == sorted(to_rgba(OKABE_ITO[fc.BASIS_COLOUR[b]]) for b in figures["basis"])
    on_chart = [t.get_text().replace("\n", " ") for t in ax.texts]
    for text in figures["number_text"]:
        assert text in on_chart
    claims = int((figures["basis"] == "claim").sum())
    assert ax.get_title(loc="left").startswith(f"{claims} of the {len(figures)} figures")


def test_basis_order_covers_the_data_package_kinds():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"] == "tidy/figures.csv"]
    (field,) = [f for f in resource["schema"]["fields"] if f["name"] == "basis"]
    assert sorted(fc.BASIS_ORDER) == sorted(field["constraints"]["enum"])


@pytest.mark.parametrize("module", sorted((ROOT / "newsfigures").glob("*.py")), ids=lambda p: p.name)
def test_package_code_names_no_article_and_no_figure(module):
    """The kit treats its articles like any other source: only the input files name them."""
    code = module.read_text(encoding="utf-8")
    short_outlets = [re.sub(r"\s*\(.*\)$", "", outlet) for outlet in SOURCES["outlet"]]
    surnames = [author.split()[-1] for author in SOURCES["author"]]
    names = [*SOURCES.index, *SOURCES["file"], *SOURCES["outlet"], *SOURCES["author"], *FIGURES.index,
             *short_outlets, *surnames]
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
    missing = [(cell, mime) for cell, mime, output in image_outputs(notebook)
               if not str(output.get("metadata", {}).get(mime, {}).get("alt", "")).strip()]
    assert missing == []


def prefix(notebook_path):
    return notebook_path.name[:2]


def committed_figures():
    return sorted(FIGURES_DIR.iterdir()) if FIGURES_DIR.is_dir() else []


def test_every_figure_file_is_named_for_a_notebook_and_comes_as_png_and_svg():
    files = committed_figures()
    assert files, "figures/ is empty"
    names = [f.name for f in files]
    assert [n for n in names if not FIGURE_FILE.fullmatch(n)] == []
    assert {n.rsplit(".", 1)[0] + ".png" for n in names} | {n.rsplit(".", 1)[0] + ".svg" for n in names} == set(names)
    assert {n[:2] for n in names} <= {prefix(p) for p in NOTEBOOKS}


def writes_figures(path):
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return any("show(" in c for c in code) or any(f.name.startswith(prefix(path) + "-") for f in committed_figures())


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if writes_figures(p)],
                         ids=lambda p: p.name)
def test_a_fresh_run_rewrites_the_same_figures(path, kit_copy, monkeypatch):
    """Run the notebook in a copy of the kit with an empty figures/; it must write exactly the
    committed files that carry its number, byte for byte."""
    copy = kit_copy
    shutil.rmtree(copy / "figures")
    (copy / "figures").mkdir()
    monkeypatch.delenv("KIT_ROOT", raising=False)
    notebook = nbformat.read(copy / "notebooks" / path.name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(copy / "notebooks")}}).execute()
    written = {f.name: f.read_bytes() for f in (copy / "figures").iterdir()}
    committed = {f.name: f.read_bytes() for f in committed_figures() if f.name.startswith(prefix(path) + "-")}
    assert sorted(written) == sorted(committed)
    assert [name for name in written if written[name] != committed[name]] == []
