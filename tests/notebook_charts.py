"""Run a notebook as a student would, and read back every chart it shows.

`run_notebook(kit, name, variables)` executes notebooks/<name> of a copy of the
kit with nbclient, from the notebooks/ folder. A cell put in front of the
notebook wraps `newsfigures.charts.show`, so that every chart the notebook
shows is recorded with its name and description; a cell put after it reads
each recorded chart back, in the same kernel, as plain data: the x and y of
its lines, the segments of its line collections (hlines, vlines), its
rectangles (bars, blocks, bands), its texts, ticks and legend entries. The
tests check those against the CSVs: what the chart draws, not its pixels.

The named `variables` come back too (DataFrames and Series as pandas
objects), and so do the files the run wrote to figures/.
"""

import io
import json
import os
from dataclasses import dataclass

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

RECORD = """\
import newsfigures.charts as _kit_charts
_shown = {}
def _recording_show(fig, name, alt, write=True, _show=_kit_charts.show, **options):
    _shown[name] = (fig, alt)
    return _show(fig, name, alt, write=write, **options)
_kit_charts.show = _recording_show
"""

READ_BACK_FUNCTIONS = """\
import json as _json
import pandas as _pd
from matplotlib.collections import LineCollection as _Segments
from matplotlib.colors import to_hex as _to_hex
from matplotlib.patches import Rectangle as _Rectangle
from matplotlib.text import Text as _Text

def _hex(colour):
    return _to_hex(colour, keep_alpha=True)

def _numbers(values):
    return [float(v) for v in values]

def _axes(ax):
    legend = ax.get_legend()
    return {
        "title": ax.get_title(loc="left"), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
        "xscale": ax.get_xscale(), "xlim": _numbers(ax.get_xlim()), "ylim": _numbers(ax.get_ylim()),
        "xticks": _numbers(ax.get_xticks()), "xticklabels": [t.get_text() for t in ax.get_xticklabels()],
        "yticks": _numbers(ax.get_yticks()), "yticklabels": [t.get_text() for t in ax.get_yticklabels()],
        "bold_yticklabels": [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"],
        "lines": [{"x": _numbers(line.get_xdata()), "y": _numbers(line.get_ydata()), "linestyle": line.get_linestyle(),
                   "marker": str(line.get_marker()), "color": _hex(line.get_color()),
                   "markerfacecolor": _hex(line.get_markerfacecolor()), "label": line.get_label(),
                   "in_data": line.get_transform() == ax.transData}
                  for line in ax.lines],
        "segments": [{"points": [_numbers(point) for point in segment], "color": _hex(c.get_colors()[0]),
                      "linestyle": str(c.get_linestyle()[0])}
                     for c in ax.collections if isinstance(c, _Segments) for segment in c.get_segments()],
        "rectangles": [{"x": float(p.get_x()), "y": float(p.get_y()), "width": float(p.get_width()),
                        "height": float(p.get_height()), "facecolor": _hex(p.get_facecolor()), "hatch": p.get_hatch()}
                       for p in ax.patches if isinstance(p, _Rectangle)],
        "texts": [{"text": t.get_text(), "xy": _numbers(getattr(t, "xy", t.get_position()))} for t in ax.texts],
        "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
        "legend_title": legend.get_title().get_text() if legend else "",
    }

def _undrawn_tick_labels(fig):
    # tick labels matplotlib keeps but does not draw (ticks outside the axis' view)
    undrawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            drawn = set(map(id, axis._update_ticks()))
            shown = ax.axison and axis.get_visible()
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not shown or id(tick) not in drawn or not tick.get_visible():
                    undrawn.update({id(tick.label1), id(tick.label2)})
                for label in (tick.label1, tick.label2):
                    if not label.get_visible():
                        undrawn.add(id(label))
    return undrawn

def _drawn_texts(fig):
    # every text the figure draws, with its extent in pixels (x0, y0, x1, y1), as laid out when the file is saved
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    undrawn = _undrawn_tick_labels(fig)
    texts = [t for t in fig.findobj(_Text) if t.get_text().strip() and id(t) not in undrawn and t.get_visible()]
    return [{"text": t.get_text(), "box": _numbers(t.get_window_extent(renderer).extents)} for t in texts]

def _chart(fig, alt):
    return {"alt": alt, "suptitle": fig.get_suptitle(), "figure_texts": [t.get_text() for t in fig.texts],
            "all_text": " ".join(t.get_text() for t in fig.findobj(_Text)), "size": _numbers(fig.get_size_inches()),
            "axes": [_axes(ax) for ax in fig.axes], "drawn_texts": _drawn_texts(fig),
            "figure_box": _numbers(fig.bbox.extents)}

def _value(value):
    if isinstance(value, (_pd.DataFrame, _pd.Series)):
        return {"pandas": type(value).__name__, "json": value.to_json(orient="split")}
    return value.item() if hasattr(value, "item") else value
"""
READ_BACK = (
    READ_BACK_FUNCTIONS
    + """
print(_json.dumps({"charts": {name: _chart(fig, alt) for name, (fig, alt) in _shown.items()},
                   "variables": {name: _value(globals()[name]) for name in VARIABLES}}))
"""
)


@dataclass
class Run:
    charts: dict  # chart name -> what it draws (see READ_BACK)
    variables: dict  # name -> value; DataFrames and Series as pandas objects
    written: dict  # file name in figures/ -> bytes, for every file the run wrote or changed
    outputs: list  # the notebook's own cells, with their outputs


def figure_files(kit):
    folder = kit / "figures"
    return {f.name: f.read_bytes() for f in folder.iterdir()} if folder.is_dir() else {}


def as_value(value):
    if isinstance(value, dict) and "pandas" in value:
        typ = "frame" if value["pandas"] == "DataFrame" else "series"
        return pd.read_json(io.StringIO(value["json"]), orient="split", typ=typ, dtype=False, convert_axes=False)
    return value


def run_notebook(kit, name, variables=()):
    """Execute notebooks/<name> of the kit copy `kit`; returns a Run."""
    path = kit / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    own = len(nb.cells)
    nb.cells.insert(0, new_code_cell(RECORD))
    nb.cells.append(new_code_cell(f"VARIABLES = {list(variables)!r}\n" + READ_BACK))
    before = figure_files(kit)
    env = {k: v for k, v in os.environ.items() if k != "KIT_ROOT"}  # the kit is found from the working directory
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    read_back = json.loads("".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream"))
    after = figure_files(kit)
    written = {f: data for f, data in after.items() if before.get(f) != data and f != "README.md"}
    return Run(read_back["charts"], {k: as_value(v) for k, v in read_back["variables"].items()}, written, nb.cells[1 : own + 1])


def read_back(fig, alt=""):
    """A matplotlib figure of this process read back as run_notebook reads a notebook's charts."""
    namespace = {}
    exec(READ_BACK_FUNCTIONS, namespace)
    return json.loads(json.dumps(namespace["_chart"](fig, alt)))


def clipped_texts(drawn_chart, tolerance=0.5):
    """The texts of a chart that run off the edge of the figure (and are cut off in its files)."""
    x0, y0, x1, y1 = drawn_chart["figure_box"]
    return [
        t["text"]
        for t in drawn_chart["drawn_texts"]
        if t["box"][0] < x0 - tolerance
        or t["box"][1] < y0 - tolerance
        or t["box"][2] > x1 + tolerance
        or t["box"][3] > y1 + tolerance
    ]


def overlapping_texts(drawn_chart, tolerance=1.0):
    """Pairs of texts of a chart drawn over each other (more than `tolerance` pixels each way)."""
    texts = drawn_chart["drawn_texts"]
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            across = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            up = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            if across > tolerance and up > tolerance:
                pairs.append((a["text"], b["text"]))
    return pairs


def committed_figures(root, notebook_prefix=None):
    """The files of figures/ (name -> bytes); only those of one notebook ("02") if given."""
    files = sorted((root / "figures").iterdir()) if (root / "figures").is_dir() else []
    charts = [f for f in files if f.name != "README.md"]  # the list of descriptions, tested on its own
    return {f.name: f.read_bytes() for f in charts if notebook_prefix is None or f.name.startswith(notebook_prefix + "-")}


def assert_writes_the_committed_figures(run, notebook, root):
    """A fresh run wrote exactly the committed files that carry the notebook's number, byte for byte."""
    committed = committed_figures(root, notebook[:2])
    assert sorted(run.written) == sorted(committed)
    assert [name for name in run.written if run.written[name] != committed[name]] == [], "files differ"
