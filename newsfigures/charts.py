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
import datetime
import hashlib
import io

import matplotlib
from matplotlib.figure import Figure

from .paths import figures_dir
from .safe_text import escape, escape_html, show_markdown

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
GREY = "#777777"
SIZE = (10, 5.6)  # inches: 16:9-ish, fits a slide
NOTEBOOK_DPI = 72  # keeps committed notebooks small
SLIDE_DPI = 200
FINGERPRINT = "Chart-Fingerprint"  # PNG text key: which chart the slide file shows
STYLE = {
    "font.size": 15, "axes.titlesize": 18, "axes.titleweight": "bold", "axes.titlelocation": "left",
    "axes.labelsize": 15, "xtick.labelsize": 14, "ytick.labelsize": 14, "legend.fontsize": 13,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")]),
    "svg.hashsalt": "newsfigures", "svg.fonttype": "path", "font.family": "DejaVu Sans",
    # Labels come from articles: "$40 and $50" is money, not a formula (and an odd "$" would not parse).
    "text.parse_math": False,
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


def text_on(fill):
    """Black or white, whichever reads better on the fill colour (WCAG relative luminance)."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    luminance = sum(w * linear(c) for w, c in zip((0.2126, 0.7152, 0.0722), matplotlib.colors.to_rgb(fill), strict=True))
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def article_source(source):
    """'Source: <author>, <outlet>, <day Month year>' from a sources row."""
    day = datetime.date.fromisoformat(str(source["published"])[:10])
    return f"Source: {source['author']}, {source['outlet']}, {day.day} {day:%B %Y}"


def png_bytes(fig, dpi, **metadata):
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None, **metadata})
    return out.getvalue()


def notebook_png(fig):
    """A small PNG for the notebook, and a fingerprint of the chart's pixels.

    64 colours are plenty for a flat chart and keep committed notebooks small
    (the image is stored twice: as PNG and inside HTML). The fingerprint is
    taken before the colours are reduced, so any change to the chart changes it.
    """
    from PIL import Image
    image = Image.open(io.BytesIO(png_bytes(fig, NOTEBOOK_DPI))).convert("RGB")
    fingerprint = hashlib.sha256(image.tobytes()).hexdigest()
    small = io.BytesIO()
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(small, format="png", optimize=True)
    return small.getvalue(), fingerprint


def drawn_fingerprint(png_path):
    """The fingerprint a slide PNG was written with (None if missing or not the kit's)."""
    from PIL import Image
    try:
        with Image.open(png_path) as png:
            return png.text.get(FINGERPRINT)
    except OSError:
        return None


def save(fig, name, fingerprint, folder=None):
    """Write figures/<name>.svg and .png; byte-identical on a re-run.

    Drawing at slide resolution is the slow part of a chart notebook, so the
    files are left alone when the PNG already carries this chart's
    fingerprint (written last, so an interrupted run redraws both).
    A file that cannot be written (a full disk, a read-only folder) is
    reported in one message and the notebook goes on: the chart is still shown.
    """
    import sys

    from .files import WriteFailed, write_bytes_atomic, write_text_atomic
    folder = folder or figures_dir()
    svg_path, png_path = folder / f"{name}.svg", folder / f"{name}.png"
    if svg_path.is_file() and drawn_fingerprint(png_path) == fingerprint:
        return
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    try:
        write_text_atomic(svg_path, out.getvalue())
        write_bytes_atomic(png_path, png_bytes(fig, SLIDE_DPI, **{FINGERPRINT: fingerprint}))
    except WriteFailed as err:
        print(f"The chart is shown here, but its slide and print files were not saved. {err}", file=sys.stderr)


def show(fig, name, alt, write=True):
    """Show the chart with its description, and (by default) write it to figures/."""
    from IPython.display import display
    small, fingerprint = notebook_png(fig)
    if write:
        save(fig, name, fingerprint)
    data = base64.b64encode(small).decode("ascii")
    bundle = {
        "image/png": data,
        "text/html": f'<img alt="{escape_html(alt)}" src="data:image/png;base64,{data}">',
        "text/plain": f"Chart: {alt}",
    }
    display(bundle, raw=True, metadata={"image/png": {"alt": alt}, "text/html": {"alt": alt}})
    show_markdown("**Chart description.** " + escape(alt), plain=f"Chart description. {alt}")
