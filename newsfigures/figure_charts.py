"""The charts of the figures the articles quote, one small function per chart.

Each function takes the rows it draws (read from data/tidy/ by the notebook),
draws them in the kit's style and returns (fig, alt): the figure and a text
description built from the same numbers. Nothing here names an article or a
figure: the notebook chooses the rows, so an article a teacher adds is charted
the same way. The shape of each chart follows what kind of number it is:
a range is drawn as a range, a lower bound as a lower bound, a ratio against
its baseline.
"""
import math
import textwrap

import matplotlib
import pandas as pd
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

from .charts import GREY, OKABE_ITO, article_source, chart

# What kind of number a figure is, from most to least documented
# (the `basis` field of data/tidy/figures.csv; the tests hold it to the data package).
BASIS_ORDER = ["official statistic", "documented event", "survey", "estimate", "claim"]
BASIS_COLOUR = dict(zip(BASIS_ORDER, ("blue", "sky_blue", "green", "orange", "vermillion")))
SOURCE_COLOURS = ("blue", "vermillion", "green", "purple", "orange", "sky_blue")
WORDED = ("about", "between", "more than")  # qualifiers a reader sees in front of the number
NOTE = {"fontsize": 12, "color": "#333333"}


# ---- small helpers -------------------------------------------------------

def number(x):
    """28000 -> '28,000'; 1.16 -> '1.16'."""
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def as_worded(figure):
    """The number with the words that qualify it: 'about 1,000', 'more than 80 percent'."""
    if figure["qualifier"] in WORDED:
        return f"{figure['qualifier']} {figure['number_text']}"
    return figure["number_text"]


def bounds(figure):
    """(lowest, highest) value a figure allows; the same twice for a single value."""
    low = figure["low"] if pd.notna(figure["low"]) else figure["value"]
    high = figure["high"] if pd.notna(figure["high"]) else figure["value"]
    return float(low), float(high)


def spread(figure):
    """How many times the high end of a range is its low end."""
    low, high = bounds(figure)
    return high / low


def implied_count(total, share):
    """The count a percentage share of a total implies."""
    if share["unit"] != "percent":
        raise ValueError(f"a share must be in percent, not {share['unit']!r}")
    return float(total["value"]) * float(share["value"]) / 100


def sources_line(sources):
    """One 'Source: ...' line per article."""
    return "\n".join(article_source(row) for _, row in sources.iterrows())


def wrap(text, width):
    return "\n".join(textwrap.wrap(str(text), width))


def sentence(text):
    """First letter up, the rest as written."""
    return text[:1].upper() + text[1:]


def title_across(fig, ax, title):
    """Put the title across the whole figure, for charts with long labels on the left."""
    ax.set_title("")
    fig.suptitle(wrap(title, 62), x=0.01, ha="left", fontsize=matplotlib.rcParams["axes.titlesize"],
                 fontweight=matplotlib.rcParams["axes.titleweight"])


def heading(article):
    return f"{article['outlet']}, {article['author']}"


def label_rows(ax, labels):
    """Label rows on the left from (y, text, is_heading); headings in bold."""
    ax.set_yticks([y for y, _, _ in labels], [t for _, t, _ in labels], fontsize=12)
    for tick, (_, _, is_heading) in zip(ax.get_yticklabels(), labels):
        if is_heading:
            tick.set_fontweight("bold")


def text_on(fill):
    """Black or white, whichever reads better on the fill colour (WCAG relative luminance)."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    luminance = sum(w * linear(c) for w, c in zip((0.2126, 0.7152, 0.0722), matplotlib.colors.to_rgb(fill)))
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def colour(name):
    return OKABE_ITO[name]


# ---- 1. a range ------------------------------------------------------------

def range_chart(figure, source):
    """An estimate 'between low and high' as a band from low to high on an axis from zero,
    with the low end laid end to end beneath it to show how many times it fits."""
    low, high = bounds(figure)
    times = spread(figure)
    fig, ax = chart(
        f"Between {number(low)} and {number(high)}: the high end of the estimate is "
        f"{number(times)} times the low end",
        xlabel=f"{figure['measure']} ({figure['unit']})", source=article_source(source))
    ax.hlines(1, low, high, linewidth=18, color=colour("blue"))
    for x, end in ((low, "low end"), (high, "high end")):
        ax.annotate(f"{end}\n{number(x)}", (x, 1), xytext=(0, 16), textcoords="offset points",
                    ha="center", va="bottom")
    copies = int(times)
    for n in range(copies):
        shade = colour("sky_blue") if n % 2 == 0 else colour("blue")
        ax.add_patch(Rectangle((n * low, -0.18), low, 0.36, color=shade, alpha=0.45 + 0.4 * (n % 2)))
        ax.text((n + 0.5) * low, 0, f"{n + 1} ×", ha="center", va="center", fontsize=13)
    ax.set_yticks([1, 0], ["the estimate", "the low end,\nlaid end to end"])
    ax.set_ylim(-0.6, 2.1)
    ax.set_xlim(0, high * 1.08)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(x)))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.text(0.0, 0.98, f"Stated by: {figure['stated_by']}\nKind of number: {figure['basis']}",
            transform=ax.transAxes, va="top", **NOTE)
    alt = (f"Range chart. {sentence(figure['measure'])}: between {number(low)} and {number(high)} "
           f"({figure['basis']}), drawn as a band from the low end to the high end on an axis that starts "
           f"at zero. Below it, the low end is laid end to end: it fits {number(times)} times into the high end. "
           f"Stated by: {figure['stated_by']}.")
    return fig, alt


# ---- 2. a lower bound on a share -------------------------------------------

def lower_bound_chart(total, share, source, group, rest):
    """'More than N percent' of a total as a 10 x 10 waffle: N squares filled for `group`
    (e.g. "women"), the rest hatched as not known: `rest` (e.g. "men") and any of `group`
    above N percent."""
    percent = int(share["value"])
    per_square = float(total["value"]) / 100
    implied = implied_count(total, share)
    fig, ax = chart(
        f"“{sentence(as_worded(share))}” of {number(total['value'])} means more than "
        f"{number(implied)} are {group}; how many more, the article does not say",
        source=article_source(source))
    for square in range(100):
        row, col = divmod(square, 10)
        known = square < percent
        ax.add_patch(Rectangle(
            (col, 9 - row), 0.9, 0.9,
            facecolor=colour("orange") if known else "white",
            edgecolor=colour("orange") if known else GREY, hatch=None if known else "///", linewidth=1))
    key = [
        (Patch(facecolor=colour("orange")),
         f"{group}: {percent} squares, the lower bound (more than {number(implied)} people)"),
        (Patch(facecolor="white", edgecolor=GREY, hatch="///"),
         f"not known: the other {100 - percent} squares hold the {rest} and any {group} above {percent} percent"),
    ]
    ax.legend([k for k, _ in key], [wrap(t, 30) for _, t in key], loc="upper left",
              bbox_to_anchor=(0.5, 1.0), frameon=False, labelspacing=1.2, handlelength=1.6, handleheight=1.6)
    ax.text(10.8, 0.0, wrap(f"1 square = 1 percent of {number(total['value'])} {total['unit']} "
                            f"= {number(per_square)} {total['unit']}", 34), **NOTE)
    ax.set_xlim(0, 20)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")
    alt = (f"Waffle chart of 100 squares, each 1 percent of the {number(total['value'])} "
           f"{total['measure']} ({number(per_square)} {total['unit']}). {percent} squares are filled for {group}: "
           f"the article says “{as_worded(share)}”, a lower bound. The other {100 - percent} squares are hatched "
           f"as not known: they hold the {rest} and any {group} above {percent} percent. {percent} percent of "
           f"{number(total['value'])} is {number(implied)}, so the article's words mean more than "
           f"{number(implied)} {group}; it does not say how many more.")
    return fig, alt


# ---- 3. a ratio against parity ---------------------------------------------

def ratio_chart(ratios, source, name, per):
    """Ratios as dots on stalks from a dashed line at parity (1.0), in the article's own words:
    `name` is what the article calls the measure, `per` the words of its unit. Both must
    stand in every row's quote."""
    for words in (name, per):
        missing = [q for q in ratios["quote"] if words not in q]
        if missing:
            raise ValueError(f"“{words}” is not in the article's words: {missing[0]}")
    place = ratios["place"].iloc[0]
    values = ratios["value"].astype(float).tolist()
    fig, ax = chart(
        f"The article reports {place}'s “{name}” falling from {number(values[0])} to "
        f"{number(values[-1])} {per}",
        xlabel="when, as the article gives it", ylabel=f"“{per}”\n(the article's words)",
        source=article_source(source))
    x = list(range(len(ratios)))
    ax.axhline(1, color=GREY, linestyle="--", linewidth=2)
    ax.text((len(x) - 1) / 2, 1.005, "1.0 = parity:\nas many men as women", ha="center", va="bottom", **NOTE)
    ax.vlines(x, 1, values, color=colour("vermillion"), linewidth=4)
    ax.plot(x, values, "o", markersize=16, color=colour("vermillion"))
    for xi, (_, row) in zip(x, ratios.iterrows()):
        ax.annotate(f"“{row['number_text']}”", (xi, row["value"]), xytext=(18, 0),
                    textcoords="offset points", va="center")
    ax.set_xticks(x, [wrap(p, 22) for p in ratios["period"]])
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_ylim(0.95, max(values) + 0.14)
    stated_by = ratios["stated_by"].iloc[0]
    ax.text(1.0, 1.0, wrap(f"The article does not name the measure behind “{per}”. "
                           f"Figures: {stated_by}.", 46),
            transform=ax.transAxes, ha="right", va="top", **NOTE)
    readings = "; ".join(f"{number(v)} for {p}" for v, p in zip(values, ratios["period"]))
    alt = (f"Dot chart against a dashed line at 1.0, parity: as many men as women. The article's “{name}”, "
           f"in “{per}”: {readings}. Both lie above parity. Stated by: {stated_by}. "
           f"The article does not name the measure.")
    return fig, alt


# ---- 4. magnitudes on one log scale ----------------------------------------

def magnitudes_chart(figures, sources):
    """Counts of different sizes side by side on a log scale: a range as a bar from low to high,
    a single number as a dot, each labelled with its words, what it counts and its basis."""
    sources = sources.loc[sources.index.isin(figures["source_id"])].sort_values("published")
    rows = figures.assign(lo=[bounds(r)[0] for _, r in figures.iterrows()],
                          hi=[bounds(r)[1] for _, r in figures.iterrows()]).sort_values("hi")
    smallest, largest = rows["lo"].min(), rows["hi"].max()
    units = " or ".join(sorted(rows["unit"].unique()))
    fig, ax = chart(
        f"From {number(smallest)} to {number(largest)}: the largest figure is "
        f"{number(largest / smallest)} times the smallest",
        xlabel=f"number of {units} (log scale: each gridline is 10 times the one before)",
        source=sources_line(sources))
    colours = source_colours(sources)
    for y, (_, row) in enumerate(rows.iterrows()):
        c = colours[row["source_id"]]
        if row["lo"] < row["hi"]:
            ax.hlines(y, row["lo"], row["hi"], linewidth=14, color=c)
        else:
            ax.plot(row["lo"], y, "o", markersize=16, color=c)
        ax.annotate(wrap(f"{as_worded(row)}: {row['measure']} ({row['basis']})", 70), (0.01, y),
                    xycoords=("axes fraction", "data"), xytext=(0, 14), textcoords="offset points",
                    va="bottom", fontsize=13)
    ax.set_xscale("log")
    ax.set_xlim(10 ** math.floor(math.log10(smallest / 3)), 10 ** math.ceil(math.log10(largest * 2)))
    ax.xaxis.set_major_locator(LogLocator(base=10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(x)))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(-0.5, len(rows) - 0.1)
    ax.legend(handles=[Patch(color=colours[s], label=sources.loc[s, "outlet"]) for s in sources.index],
              loc="lower right", frameon=False)
    listing = "; ".join(f"{as_worded(r)} {r['measure']} ({r['basis']})" for _, r in rows.iterrows())
    alt = (f"Chart on a logarithmic scale, where each step of the axis is ten times the one before: "
           f"{listing}. Ranges are drawn as bars from low to high, single numbers as dots. "
           f"The largest figure is {number(largest / smallest)} times the smallest.")
    return fig, alt


def source_colours(sources):
    """A fixed colour per article, in the order of `sources`."""
    return {s: colour(c) for s, c in zip(sources.index, SOURCE_COLOURS * len(sources))}


# ---- 5. who speaks -----------------------------------------------------------

def speaker(row):
    """Who a voice is: the person's name, else the organisation, else the role."""
    if row["name"] != "unnamed":
        return row["name"]
    return row["organisation"] if pd.notna(row["organisation"]) else row["role"]


def voice_counts(voices):
    """Passages per article and speaker, split into direct quotes and reported or cited ones
    (the author's own voice is left out: it is the article, not a voice in it)."""
    heard = voices[voices["speech"] != "author's own voice"].assign(
        speaker=lambda v: v.apply(speaker, axis=1),
        kind=lambda v: v["own_words"].map({True: "direct quote", False: "reported or cited"}))
    counts = (heard.groupby(["source_id", "speaker", "kind"], sort=False).size()
              .unstack("kind", fill_value=0)
              .reindex(columns=["direct quote", "reported or cited"], fill_value=0))
    counts["all"] = counts.sum(axis=1)
    return counts


def voices_chart(voices, sources=None):
    """Who is quoted or cited in each article and how often: one bar per speaker, direct
    quotes in blue, reported or cited passages in orange. `sources` (data/tidy/sources.csv,
    indexed by source_id) gives each article's heading; read from data/tidy/ if not given."""
    if sources is None:
        from .data import tidy
        sources = tidy("sources").set_index("source_id")
    counts = voice_counts(voices)
    articles = sources.loc[sources.index.isin(counts.index.get_level_values("source_id"))]
    articles = articles.sort_values("published")
    direct = int(counts["direct quote"].sum())
    heard = voices[voices["speech"] != "author's own voice"]
    nk_women = int((heard["own_words"] & (heard["north_korean_woman"] == "yes")).sum())
    finding = (f"{direct} of {int(counts['all'].sum())} passages quote someone in their own words; "
               f"{'none' if nk_women == 0 else nk_women} quote{'s' if nk_women < 2 else ''} a North Korean woman")
    fig, ax = chart("", xlabel="passages in the article (count)", source=sources_line(articles), size=(10, 8.5))
    title_across(fig, ax, finding)
    labels, y = [], 0
    for source_id, article in articles.iterrows():
        labels.append((y, heading(article), True))
        y -= 1
        for who, row in counts.loc[source_id].sort_values("all", ascending=False, kind="stable").iterrows():
            ax.barh(y, row["direct quote"], color=colour("blue"), height=0.7, edgecolor="white")
            ax.barh(y, row["reported or cited"], left=row["direct quote"], color=colour("orange"), height=0.7,
                    edgecolor="white")
            labels.append((y, wrap(who, 36), False))
            y -= 1
    label_rows(ax, labels)
    ax.set_ylim(y + 0.5, 0.6)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(handles=[Patch(color=colour("blue"), label="quoted in their own words"),
                       Patch(color=colour("orange"), label="reported or cited by the author")],
              loc="lower right", frameon=False)
    per_article = "; ".join(
        f"{article['outlet']}: " + ", ".join(
            f"{who} {int(r['all'])} ({int(r['direct quote'])} direct)"
            for who, r in counts.loc[source_id].sort_values("all", ascending=False, kind="stable").iterrows())
        for source_id, article in articles.iterrows())
    alt = (f"Horizontal bar chart of who is quoted or cited in each article, with the number of passages "
           f"for each speaker split into direct quotes and passages the author reports or cites "
           f"(the author's own voice is not counted). {per_article}. {finding}.")
    return fig, alt


# ---- 6. every figure, by article and kind ----------------------------------

def figure_kinds_chart(figures, sources, per_line=8):
    """Every figure the articles quote as one block per figure, a row of blocks per article,
    coloured by what kind of number it is (official statistic ... claim), with the number as
    printed written on it."""
    kinds = [k for k in BASIS_ORDER if k in set(figures["basis"])] + \
        sorted(set(figures["basis"]) - set(BASIS_ORDER))
    articles = sources.loc[sources.index.isin(figures["source_id"])].sort_values("published")
    claims = int((figures["basis"] == "claim").sum())
    finding = f"{claims} of the {len(figures)} figures are claims: stated with no source or method given"
    fig, ax = chart(finding, source=sources_line(articles))
    y = 0
    for source_id, article in articles.iterrows():
        quoted = figures[figures["source_id"] == source_id]
        quoted = quoted.assign(order=quoted["basis"].map(kinds.index)).sort_values(["order", "paragraph"],
                                                                                     kind="stable")
        ax.text(0, y, f"{heading(article)}: {len(quoted)} figure{'s' if len(quoted) > 1 else ''}",
                va="bottom", fontweight="bold", fontsize=13)
        for n, (_, row) in enumerate(quoted.iterrows()):
            line, x = divmod(n, per_line)
            fill = colour(BASIS_COLOUR.get(row["basis"], "black"))
            top = y - 0.15 - line * 1.1
            ax.add_patch(Rectangle((x, top - 0.9), 0.94, 0.9, color=fill))
            ax.text(x + 0.47, top - 0.45, wrap(row["number_text"], 10), ha="center", va="center",
                    fontsize=12, color=text_on(fill))
        y -= 1.1 * math.ceil(len(quoted) / per_line) + 0.5
    ax.set_xlim(0, per_line)
    ax.set_ylim(y + 0.4, 0.4)
    ax.axis("off")
    ax.legend(handles=[Patch(color=colour(BASIS_COLOUR.get(k, "black")), label=k) for k in kinds],
              loc="upper left", bbox_to_anchor=(0, 0), ncols=3, frameon=False,
              title="kind of number, from most to least documented",
              title_fontsize=13, alignment="left")
    by_article = "; ".join(
        f"{article['outlet']}: " + ", ".join(
            f"“{r['number_text']}” ({r['basis']})" for _, r in figures[figures['source_id'] == s].iterrows())
        for s, article in articles.iterrows())
    alt = (f"Chart of every figure the articles quote, one block per figure in a row per article, coloured "
           f"by what kind of number it is ({', '.join(kinds)}). {by_article}. {finding}.")
    return fig, alt
