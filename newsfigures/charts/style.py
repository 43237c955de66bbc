"""The kit's chart style.

- Okabe-Ito colours (safe for the common kinds of colour blindness);
- type large enough to read from the back of a classroom;
- a title that states the finding, axis labels with units, and a source line;
- fixed sizes, so stored outputs stay the same from run to run.
"""

import datetime

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
GREY = "#777777"
# The colour cycle, Okabe-Ito colours in the order that keeps neighbours far apart (yellow, the faintest on white, late).
CYCLE = [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")]
# Markers, one fewer than colours: colour and marker together stay distinct for 56 articles.
MARKERS = ("o", "s", "D", "^", "v", "P", "X")
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
    "svg.hashsalt": "newsfigures",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
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


def article_styles(source_ids):
    """{source_id: {"color": ..., "marker": ...}}: a colour and a marker per article, in the order given,
    for any number of articles (the colours and markers cycle; no article is left out)."""
    ids = list(dict.fromkeys(source_ids))
    return {sid: {"color": CYCLE[i % len(CYCLE)], "marker": MARKERS[i % len(MARKERS)]} for i, sid in enumerate(ids)}


def article_source(source):
    """'Source: <author>, <outlet>, <date>' from a sources row, the date as precisely as it is known."""
    return f"Source: {source['author']}, {source['outlet']}, {published_text(source['published'])}"


def published_text(published):
    """'2 October 2017', 'September 2007' or '2007': a date of publication (YYYY-MM-DD, YYYY-MM
    or YYYY) in words, never more precise than it is known."""
    text = str(published)[:10]
    if len(text) == 4:
        return text
    day = datetime.date.fromisoformat(text if len(text) == 10 else f"{text}-01")
    return f"{day.day} {day:%B %Y}" if len(text) == 10 else f"{day:%B %Y}"
