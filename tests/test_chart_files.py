"""figures/: slide and print files are written when a chart changes, and left alone when it does not."""

from newsfigures.charts import FINGERPRINT, chart, notebook_png, save


def bar_chart(height):
    fig, ax = chart("A test chart", "letter", "count", source="Source: a test")
    ax.bar(["a", "b"], [1, height])
    return fig


def write(fig, folder):
    _, fingerprint = notebook_png(fig)
    save(fig, "test-chart", fingerprint, folder)
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_an_unchanged_chart_leaves_its_files_alone(tmp_path):
    first = write(bar_chart(2), tmp_path)
    assert sorted(first) == ["test-chart.png", "test-chart.svg"]
    assert write(bar_chart(2), tmp_path) == first


def test_a_changed_chart_rewrites_both_files(tmp_path):
    first = write(bar_chart(2), tmp_path)
    second = write(bar_chart(3), tmp_path)
    assert all(second[name][0] != first[name][0] for name in first)


def test_a_missing_or_foreign_file_is_drawn_again(tmp_path):
    first = write(bar_chart(2), tmp_path)
    (tmp_path / "test-chart.svg").unlink()
    assert write(bar_chart(2), tmp_path)["test-chart.svg"][0] == first["test-chart.svg"][0]
    (tmp_path / "test-chart.png").write_bytes(b"not the chart")
    assert write(bar_chart(2), tmp_path)["test-chart.png"][0] == first["test-chart.png"][0]


def test_the_slide_png_carries_the_fingerprint_of_the_chart(tmp_path):
    from PIL import Image

    fig = bar_chart(2)
    _, fingerprint = notebook_png(fig)
    save(fig, "test-chart", fingerprint, tmp_path)
    with Image.open(tmp_path / "test-chart.png") as png:
        assert png.text[FINGERPRINT] == fingerprint
        assert png.size == (2000, 1120)
