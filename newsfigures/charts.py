"""The kit's chart style, and one way to show a chart everywhere with its description.

- Okabe-Ito colours (safe for the common kinds of colour blindness);
- type large enough to read from the back of a classroom;
- a title that states the finding, axis labels with units, and a source line;
- fixed sizes, so stored outputs stay the same from run to run.

`show()` displays a chart as PNG with its description as alt text (in the
output's metadata and in an HTML <img>, which JupyterLab and the HTML
handouts both use), prints the description under it, and writes the chart to
figures/ as PNG (for slides) and SVG (for print).
"""
import base64
import html
import io

import matplotlib
from matplotlib.figure import Figure

from .paths import figures_dir

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
GREY = "#777777"
SIZE = (10, 5.6)  # inches: 16:9-ish, fits a slide
NOTEBOOK_DPI = 72  # keeps committed notebooks small
SLIDE_DPI = 200
STYLE = {
    "font.size": 15, "axes.titlesize": 18, "axes.titleweight": "bold", "axes.titlelocation": "left",
    "axes.labelsize": 15, "xtick.labelsize": 14, "ytick.labelsize": 14, "legend.fontsize": 13,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")]),
    "svg.hashsalt": "newsfigures", "svg.fonttype": "path", "font.family": "DejaVu Sans",
}


# Most artists read these settings when they are drawn or created, so the
# style is set for the whole kernel when the module is imported.
matplotlib.rcParams.update(STYLE)


def chart(title, xlabel="", ylabel="", source="", size=SIZE):
    """A new figure and axes in the kit's style. `source` goes under the chart."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, wrap=True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if source:
        fig.supxlabel(source, x=0.01, ha="left", fontsize=11, color="#333333")
    return fig, ax


def article_source(source):
    """'Source: Elizabeth Shim, UPI (United Press International), 19 November 2015' from a sources row."""
    import datetime
    day = datetime.date.fromisoformat(str(source["published"])[:10])
    return f"Source: {source['author']}, {source['outlet']}, {day.day} {day:%B %Y}"


def png_bytes(fig, dpi):
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def notebook_png(fig):
    """A small PNG for the notebook: 64 colours are plenty for a flat chart,
    and keep committed notebooks small (the image is stored twice: as PNG and in HTML)."""
    from PIL import Image
    small = io.BytesIO()
    Image.open(io.BytesIO(png_bytes(fig, NOTEBOOK_DPI))).convert("RGB").quantize(64, method=Image.Quantize.FASTOCTREE).save(small, format="png", optimize=True)
    return small.getvalue()


def save(fig, name, folder=None):
    """Write figures/<name>.png and .svg; byte-identical on a re-run."""
    folder = folder or figures_dir()
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.png").write_bytes(png_bytes(fig, SLIDE_DPI))
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    (folder / f"{name}.svg").write_text(out.getvalue(), encoding="utf-8")


def show(fig, name, alt, write=True):
    """Show the chart with its description, and (by default) write it to figures/."""
    from IPython.display import Markdown, display
    if write:
        save(fig, name)
    data = base64.b64encode(notebook_png(fig)).decode("ascii")
    bundle = {
        "image/png": data,
        "text/html": f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">',
        "text/plain": f"Chart: {alt}",
    }
    display(bundle, raw=True, metadata={"image/png": {"alt": alt}, "text/html": {"alt": alt}})
    display(Markdown(f"**Chart description.** {alt}"))
