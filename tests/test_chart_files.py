"""figures/: slide and print files are written when a chart changes, and left alone when it does
not; each carries its description, and figures/README.md lists them all."""

from PIL import Image
from repo import REPO_KIT

from newsfigures.charts import FINGERPRINT, chart, notebook_png, save
from newsfigures.charts.output import descriptions, untitled_fingerprint


def bar_chart(height):
    fig, ax = chart("A test chart", "letter", "count", source="Source: a test")
    ax.bar(["a", "b"], [1, height])
    return fig


def write(fig, folder, description="Bar chart of two test counts."):
    _, fingerprint = notebook_png(fig)
    save(fig, "test-chart", fingerprint, folder, description)
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_an_unchanged_chart_leaves_its_files_alone(tmp_path):
    first = write(bar_chart(2), tmp_path)
    assert sorted(first) == ["README.md", "test-chart.png", "test-chart.svg"]
    assert write(bar_chart(2), tmp_path) == first


def test_a_changed_chart_rewrites_both_files(tmp_path):
    first = write(bar_chart(2), tmp_path)
    second = write(bar_chart(3), tmp_path)
    assert all(second[name][0] != first[name][0] for name in ("test-chart.png", "test-chart.svg"))


def test_a_missing_or_foreign_file_is_drawn_again(tmp_path):
    first = write(bar_chart(2), tmp_path)
    (tmp_path / "test-chart.svg").unlink()
    assert write(bar_chart(2), tmp_path)["test-chart.svg"][0] == first["test-chart.svg"][0]
    (tmp_path / "test-chart.png").write_bytes(b"not the chart")
    assert write(bar_chart(2), tmp_path)["test-chart.png"][0] == first["test-chart.png"][0]


def test_the_untitled_copy_changes_its_fingerprint_with_the_chart_and_only_then():
    shown = bar_chart(2)
    notebook_png(shown)  # as show() draws it, just before save_untitled
    assert untitled_fingerprint(shown) == untitled_fingerprint(bar_chart(2))  # the same chart, drawn or not
    assert untitled_fingerprint(shown) != untitled_fingerprint(bar_chart(3))


def test_a_chart_changed_after_it_was_shown_gets_the_untitled_fingerprint_of_its_change():
    shown, changed = bar_chart(2), bar_chart(2)
    notebook_png(shown)
    for fig in (shown, changed):  # shown: changed after show() drew it, so that drawing is out of date
        fig.axes[0].patches[1].set_facecolor("#D55E00")
    assert untitled_fingerprint(shown) == untitled_fingerprint(changed) != untitled_fingerprint(bar_chart(2))


def test_the_slide_png_carries_the_fingerprint_of_the_chart(tmp_path):
    from PIL import Image

    fig = bar_chart(2)
    _, fingerprint = notebook_png(fig)
    save(fig, "test-chart", fingerprint, tmp_path)
    with Image.open(tmp_path / "test-chart.png") as png:
        assert png.text[FINGERPRINT] == fingerprint
        assert png.size == (2000, 1120)


def test_each_file_carries_its_description_and_the_readme_lists_it(tmp_path):
    write(bar_chart(2), tmp_path, "Bar chart: a | b, <i>2</i>.")
    with Image.open(tmp_path / "test-chart.png") as png:
        assert png.text["Description"] == "Bar chart: a | b, <i>2</i>."
    assert "<dc:description>Bar chart: a | b, &lt;i&gt;2&lt;/i&gt;.</dc:description>" in (tmp_path / "test-chart.svg").read_text()
    row = (tmp_path / "README.md").read_text().splitlines()[-1]
    assert row.count(" | ") == 1 and "<i>" not in row  # the description is escaped: one cell, no markup


def test_a_new_description_alone_rewrites_the_files(tmp_path):
    first = write(bar_chart(2), tmp_path)
    second = write(bar_chart(2), tmp_path, "A new description.")
    assert all(second[name][0] != first[name][0] for name in first)


def test_the_committed_readme_lists_every_chart_file_with_its_description():
    assert (REPO_KIT.figures / "README.md").read_text(encoding="utf-8") == descriptions(REPO_KIT.figures)
    for png in REPO_KIT.figures.glob("*.png"):
        with Image.open(png) as image:
            assert image.text.get("Description"), png.name


def test_a_slide_of_a_claim_the_record_contradicts_says_what_the_record_shows():
    """The defectors slide travels alone: it carries the record's count; the notebook only says where it is tested."""
    from newsfigures.charts.output import drawn
    from newsfigures.display.figures import number
    from newsfigures.tables.load import context

    record = context("kr_cumulative_by_sex", REPO_KIT).set_index("as_of").loc["2015-11-30"]
    line = f"{number(record['total'])} had arrived"
    _, description = drawn(REPO_KIT.figures / "02-defectors-women-lower-bound.png")
    assert line in description and f"{number(record['women_percent_reported'])} percent of them women" in description
    shown = (REPO_KIT.root / "notebooks" / "02-chart-the-figures.ipynb").read_text(encoding="utf-8")
    assert "04-check-the-numbers tests it" in shown and line not in shown
