"""Show a chart everywhere with its description, and save it for slides and print.

`show()` displays a chart as PNG with its description as alt text (in the
output's metadata and in an HTML <img>, which JupyterLab and the HTML
handouts both use), prints the description under it, and writes the chart to
figures/ as PNG (for slides) and SVG (for print).
"""

import base64
import hashlib
import io
import weakref

from newsfigures.kit import Kit
from newsfigures.text.safe_text import escape, escape_html, show_markdown

NOTEBOOK_DPI = 72  # keeps committed notebooks small
SLIDE_DPI = 200
FINGERPRINT = "Chart-Fingerprint"  # PNG text key: which chart the slide file shows
DESCRIPTION = "Description"  # PNG text key (a standard one): the chart's description
DRAWN = weakref.WeakKeyDictionary()  # figure -> the fingerprint of its last drawing by notebook_png


def png_bytes(fig, dpi, **metadata):
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None, **metadata})
    return out.getvalue()


def notebook_png(fig):
    """A small PNG for the notebook, and a fingerprint of the chart's pixels.

    The chart is drawn once, straight into memory (no PNG written and read
    back). 64 colours are plenty for a flat chart and keep committed notebooks
    small (the image is stored twice: as PNG and inside HTML). The fingerprint
    is taken before the colours are reduced, so any change to the chart changes it.
    A chart drawn again (its files' version, its untitled version) keeps its
    canvas, whose renderer has measured its text already.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(NOTEBOOK_DPI)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    pixels = canvas.buffer_rgba()
    fingerprint = DRAWN[fig] = hashlib.sha256(pixels).hexdigest()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), pixels, "raw", "RGBA", 0, 1).convert("RGB")
    small = io.BytesIO()
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(small, format="png")
    return small.getvalue(), fingerprint


def drawn(png_path):
    """The fingerprint and description a slide PNG was written with (None, None if missing or not the kit's).

    Read from the text chunks before the image data, without decoding the image."""
    from PIL import Image

    try:
        with Image.open(png_path) as png:
            return png.info.get(FINGERPRINT), png.info.get(DESCRIPTION)
    except OSError:
        return None, None


def save(fig, name, fingerprint, folder=None, description=""):
    """Write figures/<name>.svg and .png, each carrying its description; byte-identical on a re-run.

    Drawing at slide resolution is the slow part of a chart notebook, so the
    files are left alone when the PNG already carries this chart's
    fingerprint and description (written last, so an interrupted run redraws
    both). figures/README.md lists every chart file with its description.
    A file that cannot be written (a full disk, a read-only folder) is
    reported in one message and the notebook goes on: the chart is still shown.
    """
    import sys

    from newsfigures.files import WriteFailed, write_bytes_atomic, write_text_atomic

    kit = Kit.here()
    folder = folder or kit.figures
    svg_path, png_path = folder / f"{name}.svg", folder / f"{name}.png"
    try:
        if not (svg_path.is_file() and drawn(png_path) == (fingerprint, description or None)):
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Description": description or None})
            write_text_atomic(svg_path, out.getvalue(), kit)
            stamp = {FINGERPRINT: fingerprint, DESCRIPTION: description or None}
            write_bytes_atomic(png_path, png_bytes(fig, SLIDE_DPI, **stamp), kit)
        write_descriptions(folder, kit)
    except WriteFailed as err:
        print(f"The chart is shown here, but its slide and print files were not saved. {err}", file=sys.stderr)


def descriptions(folder):
    """figures/README.md: every chart file beside its description, as its PNG carries it."""
    rows = [
        f"| [{escape(png.stem)}]({png.name}) ([SVG]({png.stem}.svg)) | {escape(drawn(png)[1] or 'no description')} |"
        for png in sorted(folder.glob("*.png"))
    ]
    head = [
        "# Chart files",
        "",
        "Slide (PNG) and print (SVG) files of the kit's charts, written by the notebooks (the first two",
        "digits name the notebook). Each file carries the description below in its metadata; put it",
        "beside the chart wherever you use it, as alt text or a caption.",
        "",
        "| Chart | Description |",
        "| --- | --- |",
    ]
    return "\n".join(head + rows) + "\n"


def write_descriptions(folder, kit):
    """Rewrite figures/README.md if a chart's description changed."""
    from newsfigures.files import write_text_atomic

    path, text = folder / "README.md", descriptions(folder)
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        write_text_atomic(path, text, kit)


def show(fig, name, alt, write=True, in_files=None):
    """Show the chart with its description, and (by default) write it to figures/.

    `in_files` is a pair (a text on the chart, what it says in the files): a
    slide travels without the notebook around it, so it may need to say what
    the notebook keeps for a later step, such as what the record shows.
    """
    from IPython.display import display

    small, fingerprint = notebook_png(fig)
    data = base64.b64encode(small).decode("ascii")
    bundle = {
        "image/png": data,
        "text/html": f'<img alt="{escape_html(alt)}" src="data:image/png;base64,{data}">',
        "text/plain": f"Chart: {alt}",
    }
    display(bundle, raw=True, metadata={"image/png": {"alt": alt}, "text/html": {"alt": alt}})
    show_markdown("**Chart description.** " + escape(alt), plain=f"Chart description. {alt}")
    if write and in_files:
        text, words = in_files
        text.set_text(words)
        alt = f"{alt} {' '.join(words.split())}"  # the words as one line, however the chart wraps them
        _, fingerprint = notebook_png(fig)
    if write:
        save(fig, name, fingerprint, description=alt)


def save_untitled(fig, name, alt):
    """Write figures/<name>-untitled (PNG and SVG): the chart without its title and the notes on it, for a
    class to notice and wonder before the reveal. The chart itself is left as it was."""
    from matplotlib.text import Text

    fingerprint = untitled_fingerprint(fig)
    # An axes' own Text children are its titles, texts and annotations (tick and axis labels belong to its axes).
    hidden = [t for ax in fig.axes for t in ax.get_children() if isinstance(t, Text) and t.get_visible() and t.get_text()]
    for text in hidden:
        text.set_visible(False)
    save(fig, f"{name}-untitled", fingerprint, description=f"The chart without its title and notes, to show first. {alt}")
    for text in hidden:
        text.set_visible(True)


def untitled_fingerprint(fig):
    """The untitled chart's fingerprint, from the whole chart's: the one is made from the other, so it
    changes whenever the chart does, and it costs no drawing when `show()` has just drawn the chart
    (a figure changed since it was drawn is stale, and drawn again)."""
    drawn_as = None if fig.stale else DRAWN.get(fig)
    whole = drawn_as or notebook_png(fig)[1]
    return hashlib.sha256(f"untitled:{whole}".encode()).hexdigest()
