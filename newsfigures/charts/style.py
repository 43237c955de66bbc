"""The kit's chart style.

- Okabe-Ito colours (safe for the common kinds of colour blindness), and
  never colour alone: `series(i)` gives the i-th series a marker and a hatch
  of its own as well as its colour, for greyscale print and colour-blind readers;
- text at a contrast of at least 4.5:1 (WCAG AA) against the background:
  TEXT_COLOURS lists every text colour of the style, `text_on` picks black or
  white for text on a fill;
- type large enough to read from the back of a classroom;
- a title that states the finding, axis labels with units, and a source line;
- fixed sizes, so stored outputs stay the same from run to run.
"""

import textwrap

import matplotlib
from matplotlib.figure import Figure

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
GREY = "#767676"  # the lightest grey that reads at 4.5:1 on white, for notes as well as lines
SOURCE = "#333333"  # the source line under a chart
BACKGROUND = "#ffffff"
# The colour cycle, Okabe-Ito colours in the order that keeps neighbours far apart (yellow, the faintest on white, late).
CYCLE = [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")]
# Markers for articles, one fewer than colours: colour and marker together stay distinct for 56 articles.
ARTICLE_MARKERS = ("o", "s", "D", "^", "v", "P", "X")
SIZE = (10, 5.6)  # inches: 16:9-ish, fits a slide
STYLE = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    # A fixed title position: left to itself, matplotlib measures every tick label to place the title.
    "axes.titley": 1.0,
    "axes.labelsize": 15,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "figure.facecolor": BACKGROUND,
    "axes.facecolor": BACKGROUND,
    "svg.hashsalt": "newsfigures",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    # Labels come from articles: "$40 and $50" is money, not a formula (and an odd "$" would not parse).
    "text.parse_math": False,
}


# Most artists read these settings when they are drawn or created, so the
# style is set for the whole kernel when the module is imported.
matplotlib.rcParams.update(STYLE)

# Every colour the style draws text in, to be read against BACKGROUND.
TEXT_COLOURS = {
    **{key: matplotlib.rcParams[key] for key in ("text.color", "axes.labelcolor", "xtick.color", "ytick.color")},
    "source line": SOURCE,
    "grey notes": GREY,
}


SOURCE_CHARACTERS_PER_INCH = 10.5  # of the source line's type, with room to spare


def chart(title, xlabel="", ylabel="", source="", size=SIZE):
    """A new figure and axes in the kit's style. `source` goes under the chart."""
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, wrap=True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if source:  # each line wrapped to the figure's width, so that a long outlet's name is never cut off
        width = int(size[0] * SOURCE_CHARACTERS_PER_INCH)
        wrapped = "\n".join(textwrap.fill(line, width) for line in source.splitlines())
        fig.supxlabel(wrapped, x=0.01, ha="left", fontsize=11, color=SOURCE)
    return fig, ax


# One marker and one hatch per series, in the order of the colour cycle above.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]
SERIES = [
    {"color": entry["color"], "marker": marker, "hatch": hatch}
    for entry, marker, hatch in zip(STYLE["axes.prop_cycle"], MARKERS, HATCHES, strict=True)
]


def series(i):
    """The i-th series' colour, marker and hatch: tell series apart by more than colour."""
    return dict(SERIES[i % len(SERIES)])


def luminance(colour):
    """WCAG relative luminance of a colour."""

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return sum(w * linear(c) for w, c in zip((0.2126, 0.7152, 0.0722), matplotlib.colors.to_rgb(colour), strict=True))


def contrast(first, second):
    """WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill):
    """Black or white, whichever reads better on the fill colour."""
    return "black" if contrast("black", fill) >= contrast("white", fill) else "white"


def article_styles(source_ids):
    """{source_id: {"color": ..., "marker": ...}}: a colour and a marker per article, in the order given,
    for any number of articles (the colours and markers cycle; no article is left out)."""
    ids = list(dict.fromkeys(source_ids))
    return {
        sid: {"color": CYCLE[i % len(CYCLE)], "marker": ARTICLE_MARKERS[i % len(ARTICLE_MARKERS)]} for i, sid in enumerate(ids)
    }
