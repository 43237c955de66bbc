"""This case's charts and helpers, beside the notebooks that use them.

The notebooks 02, 03 and 04 load the tables and show what this module draws:

    fig, alt = casebook.voices_chart(voices, sources)
    show(fig, "02-voices-by-article", alt)

Each chart function takes tables (pandas DataFrames or rows, as the notebooks
load them), draws one chart with pandas and matplotlib in the kit's style
(`chart()`), and returns the figure with its description (alt text). Its
docstring says what it draws and why it is drawn that way. To change a chart,
change its function here, then run the notebook again: every notebook that
shows the chart shows the change, and `show()` rewrites its files in figures/.

The generic machinery (the style, `show()`, reading numbers and passages) is
the package `newsfigures`; what only this case needs is here.
"""

import datetime
import math
import re
import textwrap

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from newsfigures.charts import GREY, OKABE_ITO, article_source, article_styles, chart, text_on
from newsfigures.display.figures import as_worded, bounds, claim_markdown, number
from newsfigures.display.record import on_date, source_line
from newsfigures.tables.load import context, tidy
from newsfigures.text.safe_text import escape, markdown, show_markdown

NOTE = {"fontsize": 12, "color": "#333333"}  # small dark grey text for notes on a chart
CHECKED_IN_04 = "04-check-the-numbers tests it against the Ministry of Unification's own count."
EACH_PERIOD, TO_DATE, ARTICLE = OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["vermillion"]  # the lines of 04
BASIS_COLOURS = {  # the kinds of number, from most to least documented
    "official statistic": "blue",
    "documented event": "sky_blue",
    "survey": "green",
    "estimate": "orange",
    "claim": "vermillion",
}
BASIS_HATCHES = {"official statistic": "", "documented event": "..", "survey": "//", "estimate": "\\\\", "claim": "xx"}


# ---- helpers the notebooks share --------------------------------------------------


def article_of(figure, sources):
    """The article (a row of sources.csv) that quotes a figure."""
    return sources.loc[figure["source_id"]]


def short_outlet(outlet):
    """An outlet's name without its bracketed part: 'The Conversation (UK edition)' -> 'The Conversation'."""
    return re.sub(r"\s*\(.*\)$", "", outlet)


def heading(article):
    """'<outlet>, <author>', the outlet without its bracketed part, the author left out where the outlet names them."""
    outlet = short_outlet(article["outlet"])
    return outlet if article["author"] in outlet else f"{outlet}, {article['author']}"


def passage(figure_id, figures, sources):
    """Show the passage that holds a figure, as the article prints it, with where it comes from."""
    figure = figures.loc[figure_id]
    article = article_of(figure, sources)
    show_markdown(
        f"> {escape(figure['quote'])}\n\n"
        f"{escape(article['author'])}, *{escape(article['headline'])}*, {escape(article['outlet'])}, "
        f"paragraph {escape(figure['paragraph'])}. Kind of number: **{escape(figure['basis'])}**; "
        f"stated by: {escape(figure['stated_by'])}."
    )


def claim(figures, articles, *figure_ids):
    """Show the passage that holds these figures, word for word, and who states each number."""
    show_markdown(claim_markdown(figures.loc[list(figure_ids)], articles))


def sources_of(table, context_sources):
    """The outside sources a table's rows cite (its source_id column), in the order they are first cited."""
    return context_sources.loc[table["source_id"].dropna().unique(), ["publisher", "published", "kind"]]


def show_answer(text):
    """A model answer whose figures are rendered from the tables, in a box that stays closed until clicked."""
    show_markdown(f"<details><summary>Model answer</summary>\n\n{text}\n\n</details>")


def provision(treaties, provision_id):
    """One provision of law: what it says (in the table's own words), who is bound, and its source."""
    row = treaties.loc[provision_id]
    said = markdown(
        "**{}, {}.** {} China: {}. North Korea: {}. ",
        *row[["treaty", "article", "in_our_words", "china", "north_korea"]],
    )
    return said + source_line(row["source_id"])


def show_law(treaties, *provision_ids):
    """The provisions, in a box that stays closed until clicked."""
    items = "\n".join(f"- {provision(treaties, p)}" for p in provision_ids)
    show_markdown(f"<details><summary>What the law says</summary>\n\n{items}\n\n</details>")


def show_positions(positions):
    """Each stated position, oldest first: the speaker's own words where the source quotes them, then a summary."""
    items = []
    for row in positions.fillna("").sort_values("date").itertuples():
        on_behalf = "" if row.government.startswith("(") else f", {row.government}"  # '(United Nations)': no government
        said = markdown("**{}**, {}{}, {}.", row.speaker, row.role, on_behalf, on_date(row.date))
        if row.statement:
            said += markdown(' In the speaker\'s words: "{}".', row.statement)
        items.append(f"- {said}" + markdown(" In summary: {} ", row.in_our_words) + source_line(row.source_id))
    show_markdown("\n".join(items))


def show_glossary(glossary, treaties):
    """The glossary (data/input/glossary.csv): each term in plain words, who uses it, then the provisions of law
    that define it."""
    items = []
    for term in glossary.itertuples():
        meaning = markdown("**{}.** {}", term.term[:1].upper() + term.term[1:], term.meaning)
        used_by = " " + source_line(term.source_id) if term.source_id else ""
        law = "".join(f"\n  - {provision(treaties, p)}" for p in term.provisions.split("|") if p)
        items.append(f"- {meaning}{used_by}{law}")
    show_markdown("\n".join(items))


def kind_of(row):
    """'point', 'range', 'upper bound' or 'lower bound': which of the cells low, high and point an estimate fills."""
    if pd.notna(row["point"]):
        return "point"
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return "range"
    return "upper bound" if pd.notna(row["high"]) else "lower bound"


def as_written(row):
    """An estimate as a reader would write it: '30,000', '20,000-30,000', 'up to 10,000', 'at least 5,000';
    an article's figure in the article's own words ('closer to 300,000')."""
    if isinstance(row.get("worded"), str):
        return row["worded"]
    kind = kind_of(row)
    if kind == "point":
        return f"{row['point']:,.0f}"
    if kind == "range":
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"up to {row['high']:,.0f}" if kind == "upper bound" else f"at least {row['low']:,.0f}"


def decimal_year(day):
    """2015-11-19 -> 2015.88: where a date sits on an axis of years."""
    day = datetime.date.fromisoformat(str(day)[:10])
    start, end = datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)
    return day.year + (day - start).days / (end - start).days


def long_date(day):
    """2015-11-19 -> '19 November 2015'."""
    day = datetime.date.fromisoformat(str(day)[:10])
    return f"{day.day} {day:%B %Y}"


def yearly_line(ax, years, values, color, marker="o", label=None, x=None):
    """Markers for the years that have a figure, joined by a solid line from one year to the next
    and by a dotted line across years without a figure. `x` places the markers elsewhere than at `years`."""
    years, values = list(years), list(values)
    x = years if x is None else list(x)
    ax.plot(x, values, color=color, marker=marker, markersize=7, linestyle="none", label=label)
    for i in range(1, len(years)):
        gap = years[i] - years[i - 1] > 1
        ax.plot(
            x[i - 1 : i + 1], values[i - 1 : i + 1], color=color, linewidth=1.5 if gap else 2.5, linestyle=":" if gap else "-"
        )


def mark_article(ax, day, label):
    """A dotted vertical line on the day the article was published."""
    ax.axvline(decimal_year(day), color=GREY, linestyle=":", linewidth=2)
    ax.annotate(
        label,
        (decimal_year(day), 1),
        xycoords=("data", "axes fraction"),
        xytext=(-6, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=12,
        color="#333333",
    )


def data_line(context_sources, source_ids, article=None, counted_by=""):
    """'Data: [<who counted>, as published by] <publisher>; <publisher>. Claim: <article>.', for the line under a chart;
    `article` is one sources row, or a table of them when the chart draws figures from several articles."""
    publishers = context_sources.loc[list(dict.fromkeys(source_ids)), "publisher"]
    text = "Data: " + (f"{counted_by}, as published by " if counted_by else "") + "; ".join(publishers) + "."
    claims = [] if article is None else [article] if isinstance(article, pd.Series) else [a for _, a in article.iterrows()]
    if claims:
        credits = "; ".join(article_source(a).removeprefix("Source: ") for a in claims)
        text += (" Claim: " if len(claims) == 1 else " Claims: ") + credits + "."
    return textwrap.fill(text, 105)


# ---- the articles' figures (02, and 03 beside its readings) ------------------------


def range_chart(estimate, sources):
    """A range drawn as a band from its low end to its high end, on an axis that starts at zero, with
    the low end laid end to end beneath it. A bar from zero to the high end would look like a count;
    the band keeps the uncertainty in view, and the blocks show how many times the low end fits into
    the high end."""
    low, high = bounds(estimate)
    times = high / low  # how many times the low end fits into the high end
    fig, ax = chart(
        f"Between {number(low)} and {number(high)}: the high end of the estimate is {number(times)} times the low end",
        xlabel=f"{estimate['measure']} ({estimate['unit']})",
        source=article_source(article_of(estimate, sources)),
    )
    fig.set_layout_engine(None)  # fixed margins: quicker to draw than matplotlib's automatic layout
    fig.subplots_adjust(left=0.2, right=0.97, top=0.82, bottom=0.24)

    ax.hlines(1, low, high, linewidth=18, color=OKABE_ITO["blue"])  # the estimate: a band, not a bar from zero
    for x, end in ((low, "low end"), (high, "high end")):
        ax.annotate(f"{end}\n{number(x)}", (x, 1), xytext=(0, 16), textcoords="offset points", ha="center", va="bottom")
    for n in range(int(times)):  # the low end, laid end to end
        shade = OKABE_ITO["sky_blue"] if n % 2 == 0 else OKABE_ITO["blue"]
        ax.add_patch(Rectangle((n * low, -0.18), low, 0.36, color=shade, alpha=0.45 + 0.4 * (n % 2)))
        ax.text((n + 0.5) * low, 0, f"{n + 1} ×", ha="center", va="center", fontsize=13)
    ax.set_yticks([1, 0], ["the estimate", "the low end,\nlaid end to end"])
    ax.set_ylim(-0.6, 2.1)
    ax.set_xlim(0, high * 1.08)  # the axis starts at zero, so lengths compare
    ax.xaxis.set_major_formatter(lambda x, pos: number(x))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.text(
        0,
        0.98,
        f"Stated by: {estimate['stated_by']}\nKind of number: {estimate['basis']}",
        transform=ax.transAxes,
        va="top",
        **NOTE,
    )

    alt = (
        f"Range chart of {estimate['measure']}: between {number(low)} and {number(high)} ({estimate['basis']}), drawn as a band "
        f"from the low end to the high end on an axis that starts at zero. Below it, the low end is laid end to end: "
        f"it fits {number(times)} times into the high end. Stated by: {estimate['stated_by']}."
    )
    return fig, alt


def record_after(cumulative, context_sources, published):
    """The first total the record (kr_cumulative_by_sex) gives on or after a date, in one sentence."""
    record = cumulative.set_index("as_of").loc[lambda t: t.index >= str(published.date())].iloc[0]
    record_source = context_sources.loc[record["source_id"]]
    women_percent = record["women_percent_reported"]
    if pd.isna(women_percent):  # the share as the source states it, else worked out from its counts
        women_percent = 100 * record["women"] / record["total"]
    return (
        f"The record: {number(record['total'])} had arrived by {pd.Timestamp(record.name):%-d %B %Y}, "
        f"{number(women_percent)} percent of them women (Ministry of Unification, as reported by "
        f"{record_source['publisher']}, {record_source['published']})."
    )


def lower_bound_chart(total, share, sources, cumulative, context_sources):
    """'More than N percent' of a total drawn as 100 squares: the N squares the words guarantee filled,
    the rest hatched as not known (they hold the men and any women above N percent), so the chart
    claims no more than the sentence does.

    Returns the figure, its description, and `in_files` for `show()`: the slide file travels without
    the notebook, so its note says what the record shows, where the notebook says where it is tested."""
    published = pd.Timestamp(article_of(total, sources)["published"])
    percent = int(share["value"])  # the share is in percent: one square per percent
    women = total["value"] * share["value"] / 100  # the count the share implies: a lower bound
    per_square = total["value"] / 100
    rounded = total["bound"] == "approximate"  # a round figure such as 'the 28,000': what follows from it is approximate too
    base = f"a round {number(total['value'])}" if rounded else number(total["value"])
    about = "about " if rounded else ""
    fig, ax = chart(
        f"“{as_worded(share).capitalize()}” of {base}: more than {about}{number(women)} women, "
        "how many more the article does not say",
        source=article_source(article_of(total, sources)),
    )
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.84, bottom=0.1)

    for square in range(100):
        row, col = divmod(square, 10)
        if square < percent:  # a square the words guarantee: women
            ax.add_patch(Rectangle((col, 9 - row), 0.9, 0.9, color=OKABE_ITO["orange"]))
        else:  # not known: men, or women above the lower bound
            ax.add_patch(Rectangle((col, 9 - row), 0.9, 0.9, facecolor="white", edgecolor=GREY, hatch="///"))
    key = [
        Patch(
            color=OKABE_ITO["orange"],
            label=textwrap.fill(f"women: {percent} squares, the lower bound (more than {about}{number(women)} people)", 30),
        ),
        Patch(
            facecolor="white",
            edgecolor=GREY,
            hatch="///",
            label=textwrap.fill(
                f"not known: the other {100 - percent} squares hold the men and any women above {percent} percent", 30
            ),
        ),
    ]
    ax.legend(
        handles=key,
        loc="upper left",
        bbox_to_anchor=(0.5, 1),
        frameon=False,
        labelspacing=1.2,
        handlelength=1.6,
        handleheight=1.6,
    )
    ax.text(
        10.8,
        0,
        textwrap.fill(
            f"1 square = 1 percent of {number(total['value'])} {total['unit']} = {number(per_square)} {total['unit']}", 34
        ),
        **NOTE,
    )
    flag = ax.text(10.8, 1.4, textwrap.fill(f"Is the sentence right? {CHECKED_IN_04}", 34), va="bottom", **NOTE)
    ax.set_xlim(0, 20)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")

    alt = (
        f"Waffle chart of 100 squares, each 1 percent of the {number(total['value'])} {total['measure']} "
        f"({number(per_square)} {total['unit']}). {percent} squares are filled for women: the article says "
        f"“{as_worded(share)}”, a lower bound. The other {100 - percent} squares are hatched as not known: they hold "
        f"the men and any women above {percent} percent. {percent} percent of {base} is {about}"
        f"{number(women)}, so the article's words mean more than {about}{number(women)} women; it does not say how many more."
    )
    record_line = record_after(cumulative, context_sources, published)
    return fig, alt, (flag, textwrap.fill(record_line, 34))


def ratio_chart(ratios, sources):
    """An article's ratios as dots on stalks from a dashed line at parity (1.0), labelled in the article's
    own words: a ratio has a baseline, and the distance from it is the finding. The article does not
    name its measure, so neither does the chart."""
    name, per = "gender imbalance", "men for every woman"  # the article's words for the measure and its unit
    values = ratios["value"].tolist()
    x = list(range(len(ratios)))
    fig, ax = chart(
        f"The article reports {ratios['place'].iloc[0]}'s “{name}” falling from {number(values[0])} to "
        f"{number(values[-1])} {per}",
        xlabel="when, as the article gives it",
        ylabel=f"“{per}”\n(the article's words)",
        source=article_source(article_of(ratios.iloc[-1], sources)),
    )
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.15, right=0.97, top=0.82, bottom=0.3)

    ax.axhline(1, color=GREY, linestyle="--", linewidth=2)  # parity
    ax.text((len(x) - 1) / 2, 1.005, "1.0 = parity:\nas many men as women", ha="center", va="bottom", **NOTE)
    ax.vlines(x, 1, values, color=OKABE_ITO["vermillion"], linewidth=4)
    ax.plot(x, values, "o", markersize=16, color=OKABE_ITO["vermillion"])
    for xi, value, words in zip(x, values, ratios["number_text"], strict=True):
        ax.annotate(f"“{words}”", (xi, value), xytext=(18, 0), textcoords="offset points", va="center")
    ax.set_xticks(x, [textwrap.fill(period, 22) for period in ratios["period"]])
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_ylim(0.95, max(values) + 0.14)
    stated_by = ratios["stated_by"].iloc[0]
    ax.text(
        1,
        1,
        textwrap.fill(f"The article does not name the measure behind “{per}”. Figures: {stated_by}.", 46),
        transform=ax.transAxes,
        ha="right",
        va="top",
        **NOTE,
    )

    readings = "; ".join(f"{number(v)} for {period}" for v, period in zip(values, ratios["period"], strict=True))
    alt = (
        f"Dot chart against a dashed line at 1.0, parity: as many men as women. The article's “{name}”, "
        f"in “{per}”: {readings}. Both lie above parity. Stated by: {stated_by}. The article does not name the measure."
    )
    return fig, alt


def counts_of(figures):
    """The figures that are counts of people or things: not an order of size ('thousands'), a date,
    an age or a ratio; a single number has the same low and high."""
    is_count = (
        (figures["number_kind"] == "number")
        & (figures["value"].notna() | figures["low"].notna())  # not an order of size such as 'thousands'
        & ~figures["unit"].isin(["year", "years"])  # a date or an age is not a count
        & ~figures["unit"].str.contains(" per ")  # a ratio such as 'men per woman' is not a count
    )
    return (
        figures[is_count]
        .assign(low=lambda f: f["low"].fillna(f["value"]), high=lambda f: f["high"].fillna(f["value"]))
        .sort_values("high")
    )


def magnitudes_chart(figures, sources):
    """Every count the articles give on one log scale, where each gridline is ten times the one before, so
    the smallest does not vanish: a range as a bar from low to high, a single number as a dot, a bound
    as a dot with an arrow towards the side it leaves open. Each article has its own colour and mark,
    for any number of articles."""
    open_side = {"upper bound": 1 / 3, "lower bound": 3}  # how far an arrow reaches, as a factor of the bound
    counts = counts_of(figures)
    smallest, largest = counts["low"].min(), counts["high"].max()
    articles = sources.loc[counts["source_id"].unique()].sort_values("published")
    look = article_styles(articles.index)  # a colour and a marker per article, for any number of articles
    fig, ax = chart(
        f"{len(counts)} counts from the articles, from {number(smallest)} to {number(largest)}, on one log scale",
        xlabel=f"number of {' or '.join(sorted(counts['unit'].unique()))} (log scale: each gridline is 10 times the one before)",
        source="\n".join(article_source(article) for _, article in articles.iterrows()),
        size=(10, max(5.6, 1.1 * len(counts) + 2.3)),  # a line per count
    )
    height = fig.get_size_inches()[1]
    fig.set_layout_engine(None)  # margins in inches: the title above, the axis label and a source line per article below
    source_lines = len(fig.get_supxlabel().splitlines())  # a line per article, or more where a long one is wrapped
    fig.subplots_adjust(left=0.03, right=0.94, top=1 - 0.9 / height, bottom=(0.85 + 0.25 * source_lines) / height)

    for y, (_, row) in enumerate(counts.iterrows()):
        colour, marker = look[row["source_id"]]["color"], look[row["source_id"]]["marker"]
        if row["low"] < row["high"]:  # a range: a bar from low to high, the article's marker at each end
            ax.hlines(y, row["low"], row["high"], linewidth=14, color=colour)
            ax.plot([row["low"], row["high"]], [y, y], marker, markersize=16, color=colour, markeredgecolor="white")
        else:  # a single number: one mark
            ax.plot(row["low"], y, marker, markersize=16, color=colour, markeredgecolor="white")
        if row["bound"] in open_side:  # 'up to' leaves everything below open, 'more than' everything above
            ax.annotate(
                "",
                (row["value"] * open_side[row["bound"]], y),
                xytext=(row["value"], y),
                arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 2},
            )
        ax.annotate(
            textwrap.fill(f"{as_worded(row)}: {row['measure']} ({row['basis']})", 70),
            (0.01, y),
            xycoords=("axes fraction", "data"),
            xytext=(0, 14),
            textcoords="offset points",
            va="bottom",
            fontsize=13,
        )
    ax.set_xscale("log")
    ax.set_xlim(10 ** math.floor(math.log10(smallest / 3)), 10 ** math.ceil(math.log10(largest * 3)))
    ax.xaxis.set_major_formatter(lambda x, pos: number(x))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(-0.6 - 0.45 * len(articles), len(counts) - 0.1)  # room at the foot for the key, a line per article
    ax.legend(
        handles=[
            Line2D([], [], color=look[s]["color"], marker=look[s]["marker"], markersize=12, linewidth=6, label=article["outlet"])
            for s, article in articles.iterrows()
        ],
        loc="lower right",
        frameon=False,
    )

    listing = "; ".join(f"{as_worded(row)} {row['measure']} ({row['basis']})" for _, row in counts.iterrows())
    alt = (
        f"Chart on a logarithmic scale, where each step of the axis is ten times the one before: {listing}. "
        "Ranges are drawn as bars from low to high, single numbers as single marks, a bound as a mark with an arrow "
        "towards the side it leaves open; each article has its own colour and mark: "
        + ", ".join(article["outlet"] for _, article in articles.iterrows())
        + "."
    )
    return fig, alt


def speakers(voices):
    """Passages per article and speaker, split into 'direct quote' and 'reported or cited', with 'all'.
    A speaker is the name, else the organisation, else the role; the author's own voice is not counted."""
    heard = voices[voices["speech"] != "author's own voice"]  # the author's own voice is the article, not a voice in it
    per_speaker = (
        heard.assign(
            speaker=heard["name"].where(heard["name"] != "unnamed", heard["organisation"].fillna(heard["role"])),
            kind=heard["own_words"].map({True: "direct quote", False: "reported or cited"}),
        )
        .groupby(["source_id", "speaker", "kind"], sort=False)
        .size()
        .unstack("kind", fill_value=0)
        .reindex(columns=["direct quote", "reported or cited"], fill_value=0)
    )
    per_speaker["all"] = per_speaker.sum(axis=1)
    return per_speaker


def voices_chart(voices, sources):
    """Who is quoted or cited in each article: a bar per speaker, under a bold heading per article, split
    into direct quotes (blue) and passages the author reports or cites (hatched orange), so that whose
    own words a reader hears, and whose only through someone else, shows at a glance."""
    heard = voices[voices["speech"] != "author's own voice"]
    per_speaker = speakers(voices)
    articles = sources.loc[sources.index.isin(heard["source_id"])].sort_values("published")
    direct = int(per_speaker["direct quote"].sum())
    women_quoted = int((heard["own_words"] & (heard["one_of_those_described"] == "yes")).sum())
    finding = (
        f"{direct} of {int(per_speaker['all'].sum())} passages quote someone in their own words; "
        f"{'none' if women_quoted == 0 else women_quoted} quote{'s' if women_quoted < 2 else ''} a North Korean woman"
    )
    fig, ax = chart(
        "",
        xlabel="passages in the article (count)",
        size=(10, max(8.5, 0.62 * (len(per_speaker) + len(articles)) + 2)),  # room for two lines of label per bar
        source="\n".join(article_source(article) for _, article in articles.iterrows()),
    )
    height = fig.get_size_inches()[1]
    fig.suptitle(textwrap.fill(finding, 62), x=0.01, ha="left", fontsize=18, fontweight="bold")  # across the whole width
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.5, right=0.98, top=1 - 0.95 / height, bottom=(0.75 + 0.2 * len(articles)) / height)

    y, ticks, labels, headings = 0, [], [], []
    for source_id, article in articles.iterrows():
        headings.append(len(labels))
        ticks.append(y)
        labels.append(textwrap.fill(f"{article['outlet']}, {article['author']}", 40))  # wrapped, as the names below
        y -= 1
        for who, row in per_speaker.loc[source_id].sort_values("all", ascending=False, kind="stable").iterrows():
            ax.barh(y, row["direct quote"], color=OKABE_ITO["blue"], height=0.7, edgecolor="white")
            ax.barh(
                y,
                row["reported or cited"],
                left=row["direct quote"],
                facecolor=OKABE_ITO["orange"],
                height=0.7,
                edgecolor="white",
                hatch="//",
            )
            ticks.append(y)
            labels.append(textwrap.fill(who, 40))
            y -= 1
    ax.set_yticks(ticks, labels, fontsize=12)
    for i in headings:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y + 0.5, 0.6)
    ax.set_xticks(range(int(per_speaker["all"].max()) + 1))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(
        handles=[
            Patch(color=OKABE_ITO["blue"], label="quoted in their own words"),
            Patch(facecolor=OKABE_ITO["orange"], edgecolor="white", hatch="//", label="reported or cited by the author"),
        ],
        loc="lower right",
        frameon=False,
    )

    per_article = "; ".join(
        f"{article['outlet']}: "
        + ", ".join(
            f"{who} {int(r['all'])} ({int(r['direct quote'])} direct)"
            for who, r in per_speaker.loc[s].sort_values("all", ascending=False, kind="stable").iterrows()
        )
        for s, article in articles.iterrows()
    )
    alt = (
        f"Horizontal bar chart of who is quoted or cited in each article, with the number of passages for each speaker "
        f"split into direct quotes and passages the author reports or cites (the author's own voice is not counted). "
        f"{per_article}. {finding}."
    )
    return fig, alt


def figures_by_kind_chart(figures, sources):
    """Every figure the articles quote as a block with the number as printed, a row of blocks per article,
    coloured and patterned by what kind of number it is (BASIS_COLOURS, from most to least documented),
    so that how much of an article rests on claims shows at a glance, in colour or in greyscale."""
    kinds = [kind for kind in BASIS_COLOURS if kind in set(figures["basis"])]
    articles = sources.loc[sources.index.isin(figures["source_id"])].sort_values("published")
    claims = int((figures["basis"] == "claim").sum())
    finding = f"{claims} of the {len(figures)} figures are claims: stated with no source or method given"
    fig, ax = chart(finding, source="\n".join(article_source(article) for _, article in articles.iterrows()))
    height = fig.get_size_inches()[1]
    fig.set_layout_engine(None)  # the key and a source line per article (or more, wrapped) under the blocks
    fig.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=(1.3 + 0.2 * len(fig.get_supxlabel().splitlines())) / height)

    per_line, y = 8, 0
    for source_id, article in articles.iterrows():
        quoted = (
            figures[figures["source_id"] == source_id]
            .assign(order=lambda f: pd.Categorical(f["basis"], categories=list(BASIS_COLOURS), ordered=True))
            .sort_values(["order", "paragraph"], kind="stable")
        )
        ax.text(
            0,
            y,
            f"{heading(article)}: {len(quoted)} figure{'s' if len(quoted) > 1 else ''}",
            va="bottom",
            fontweight="bold",
            fontsize=13,
        )
        for n, (_, row) in enumerate(quoted.iterrows()):
            line, x = divmod(n, per_line)
            fill = OKABE_ITO[BASIS_COLOURS[row["basis"]]]
            top = y - 0.15 - line * 1.1
            ax.add_patch(
                Rectangle((x, top - 0.9), 0.94, 0.9, facecolor=fill, edgecolor="white", hatch=BASIS_HATCHES[row["basis"]])
            )
            ax.text(
                x + 0.47,
                top - 0.45,
                textwrap.fill(row["number_text"], 10),
                ha="center",
                va="center",
                fontsize=12,
                color=text_on(fill),
            )  # black or white, whichever reads better on the colour
        y -= 1.1 * math.ceil(len(quoted) / per_line) + 0.5
    ax.set_xlim(0, per_line)
    ax.set_ylim(y + 0.4, 0.4)
    ax.axis("off")
    ax.legend(
        handles=[
            Patch(facecolor=OKABE_ITO[BASIS_COLOURS[kind]], edgecolor="white", hatch=BASIS_HATCHES[kind], label=kind)
            for kind in kinds
        ],
        loc="upper left",
        bbox_to_anchor=(0, 0),
        ncols=3,
        frameon=False,
        title="kind of number, from most to least documented",
        title_fontsize=13,
        alignment="left",
    )

    by_article = "; ".join(
        f"{article['outlet']}: "
        + ", ".join(f"“{r['number_text']}” ({r['basis']})" for _, r in figures[figures["source_id"] == s].iterrows())
        for s, article in articles.iterrows()
    )
    alt = (
        f"Chart of every figure the articles quote, one block per figure in a row per article, coloured by what kind "
        f"of number it is ({', '.join(kinds)}), each kind with its own colour and pattern. {by_article}. {finding}."
    )
    return fig, alt


# ---- the words the articles choose (03) ---------------------------------------------


def terms_chart(terms, sources):
    """How often each article uses each word of data/input/terms.csv, per 1,000 words so articles of
    different lengths compare: a line per word, grouped under bold headings, a dot per article, each
    article with its own colour and shape (for greyscale print). The title names each article's most
    used word for the people it describes."""
    article_ids = list(dict.fromkeys(terms["source_id"]))
    outlets = {a: short_outlet(sources.loc[a, "outlet"]) for a in article_ids}  # without '(UK edition)'
    words = list(dict.fromkeys(terms["term"]))  # in the order of data/input/terms.csv
    rates = terms.pivot(index="term", columns="source_id", values="per_1000_words").loc[words, article_ids]
    groups = terms.drop_duplicates("term").set_index("term")["group"]
    most_used = {
        a: terms[(terms["source_id"] == a) & (terms["group"] == "people")]
        .sort_values("per_1000_words", ascending=False, kind="stable")["term"]
        .iloc[0]
        .split(", ")[0]  # the family's first form
        for a in article_ids
    }
    title = textwrap.fill(", ".join(f"{outlets[a]} calls them '{most_used[a]}'" for a in article_ids), 40)  # as wide as the axes
    fig, ax = chart(
        title,
        xlabel="times used per 1,000 words of the article",
        size=(10, 7.5),
        source="\n".join(article_source(sources.loc[a]) for a in article_ids) + "\nWords counted by code: data/tidy/terms.csv",
    )
    fig.set_layout_engine(None)  # margins in inches: a line of title above, a line of sources below, each grows the figure
    top, bottom = 0.3 + 0.45 * len(title.splitlines()), 0.75 + 0.2 * len(fig.get_supxlabel().splitlines())
    fig.set_size_inches(10, 5.5 + top + bottom)
    fig.subplots_adjust(left=0.45, right=0.97, top=1 - top / (5.5 + top + bottom), bottom=bottom / (5.5 + top + bottom))

    look = article_styles(article_ids)  # a colour and a shape per article, for any number of articles and for greyscale print
    group_headings = {"people": "Words for the people", "acts": "Words for what happens to them"}
    y, ticks, labels, headings = 0, [], [], []
    for group in dict.fromkeys(groups[words]):
        headings.append(len(labels))
        ticks.append(y)
        labels.append(group_headings.get(group, group))
        y -= 1
        for word in [w for w in words if groups[w] == group]:
            ax.hlines(y, rates.loc[word].min(), rates.loc[word].max(), color="#cccccc", linewidth=3)
            for i, article in enumerate(article_ids):
                offset = 0.2 * (i - (len(article_ids) - 1) / 2)  # equal values stay visible side by side
                ax.plot(
                    rates.loc[word, article],
                    y + offset,
                    look[article]["marker"],
                    color=look[article]["color"],
                    markersize=10,
                    label=outlets[article] if y == -1 else None,
                )  # one legend entry per article
            ticks.append(y)
            labels.append(word)
            y -= 1
    ax.set_yticks(ticks, labels)
    for i in headings:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y + 0.5, 0.5)
    ax.set_xlim(left=-0.3)
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(loc="center right", frameon=False)

    parts = []
    for article, outlet in outlets.items():
        rows = terms[terms["source_id"] == article].set_index("term").loc[words]
        used = [f"{word} {r['per_1000_words']:g}" for word, r in rows.iterrows() if r["count"] > 0]
        unused = [word for word, r in rows.iterrows() if r["count"] == 0]
        parts.append(
            f"{outlet} ({rows['body_words'].iloc[0]:,} words): "
            + ", ".join(used)
            + (f"; never uses {', '.join(unused)}" if unused else "")
        )
    alt = (
        "Dot plot of how often each article uses words for the people it describes and for what happens to them, "
        "per 1,000 words. " + ". ".join(parts) + "."
    )
    return fig, alt


# ---- the numbers checked against the record (04) ------------------------------------


def women_share_chart(shares, claimed, article, arrivals, context_sources):
    """Women's share of each year's arrivals (blue) and of all arrivals to date (orange), with the article's
    'more than N percent' drawn on its date as a floor with an arrow up, not a point: the sentence joins
    the two measures, and only the two lines side by side show which one it fits. A year's share sits at
    mid-year, a share to date at the year's end, so the article's date falls where it belongs. A row of the
    arrivals table that holds several years is drawn hollow, as a flat dashed segment over its years."""
    claimed_share, article_day, outlet = claimed["low"], article["published"], short_outlet(article["outlet"])
    single, grouped = shares[shares["one_year"]], shares[~shares["one_year"]]
    fig, ax = chart(
        "Women's share of arrivals: in each year, and of everyone who has arrived so far",
        "Year of arrival",
        "Women, % of arrivals",
        data_line(context_sources, arrivals["source_id"], article, counted_by="South Korea's Ministry of Unification"),
    )
    fig.set_layout_engine(None)  # fixed margins: quicker to draw than matplotlib's automatic layout
    fig.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.27)

    # On this axis a year's figure sits where its year does: a year's share at mid-year, a share to date at
    # the year's end (the article's date is a point in its year, not its 1 January).
    mid_year, year_end = 0.5, 1
    yearly_line(
        ax, single.index, single["share_of_period"], EACH_PERIOD, label="Share of that year's arrivals", x=single.index + mid_year
    )
    left_edge = shares.index.min() - 4  # room for the row that holds every year up to its last one
    for last_year, row in grouped.iterrows():  # a row of several years: hollow, a flat dashed segment over its years
        open_start = pd.isna(row["first_year"])  # "up to 1998": every year before, so it runs off the left edge
        first = left_edge if open_start else int(row["first_year"])
        ax.plot(
            [first, last_year + year_end],
            [row["share_of_period"]] * 2,
            color=EACH_PERIOD,
            linewidth=2.5,
            linestyle="--",
            marker="o",
            markersize=9,
            markerfacecolor="white",
            markevery=[1] if open_start else None,  # no start to mark
            zorder=3,
        )
        if open_start:
            ax.plot([first], [row["share_of_period"]], marker="<", markersize=9, color=EACH_PERIOD, zorder=3)
        ax.annotate(
            f"{row['period']}\n(one row)",
            (first, row["share_of_period"]),
            xytext=(0, 10),
            textcoords="offset points",
            ha="left",
            fontsize=11,
            color=EACH_PERIOD,
        )
    yearly_line(
        ax,
        shares.index,
        shares["share_to_date"],
        TO_DATE,
        marker="s",
        label="Share of all arrivals to date",
        x=shares.index + year_end,
    )
    ax.axhline(50, color=GREY, linewidth=1)
    ax.annotate(
        "half", (shares.index.max() + 1.5, 50), xytext=(-2, 4), textcoords="offset points", ha="right", fontsize=11, color=GREY
    )
    ax.plot(  # a lower bound: a floor with an arrow up, not a point
        [decimal_year(article_day)],
        [claimed_share],
        marker="_",
        markersize=22,
        markeredgewidth=3,
        color=ARTICLE,
        linestyle="none",
        label=f"The article: 'more than {claimed_share:g} percent' (a floor)",
    )
    ax.annotate(
        "",
        (decimal_year(article_day), 99),
        xytext=(decimal_year(article_day), claimed_share),
        arrowprops={"arrowstyle": "->", "color": ARTICLE, "linewidth": 2, "linestyle": ":"},
    )
    mark_article(ax, article_day, f"{outlet} article,\n{long_date(article_day)}")
    ax.set_ylim(0, 100)
    ax.set_xlim(left_edge, shares.index.max() + 1.5)
    ax.legend(loc="lower right")

    at = int(decimal_year(article_day))  # the article's year
    alt = (
        f"Line chart of women's share of North Korean arrivals in South Korea, {shares.index.min()} to {shares.index.max()}. "
        f"Blue line, share of each year's arrivals: {shares['share_of_period'].iloc[0]:.0f}% of all arrivals up to "
        f"{shares.index.min()} and {grouped['share_of_period'].iloc[-1]:.0f}% of those in {grouped['period'].iloc[-1]} "
        f"(these two are periods of several years, drawn hollow), then {single['share_of_period'].iloc[0]:.0f}% in "
        f"{single.index[0]}, {shares.loc[at, 'share_of_period']:.1f}% in {at}, between {single['share_of_period'].min():.0f}% "
        f"and {single['share_of_period'].max():.0f}% in single years. Orange line, share of all arrivals to date: "
        f"{shares['share_to_date'].iloc[0]:.0f}% at the end of {shares.index.min()}, {shares.loc[at, 'share_to_date']:.1f}% "
        f"at the end of {at}, {shares['share_to_date'].iloc[-1]:.0f}% at the end of {shares.index.max()}. A dotted line "
        f"marks the {outlet} article ({long_date(article_day)}) and a red floor with a dotted arrow up its 'more than "
        f"{claimed_share:g} percent', a lower bound."
    )
    return fig, alt


def sex_ratio_chart(at_birth, population, natural_range, figures, article, context_sources):
    """China's boys born per 100 girls (a line by year) and men per 100 women of all ages (census points),
    with the natural range at birth as a green band and the article's 'men for every woman' figures
    multiplied by 100: its dated peak as a point, its undated 'now' as a dashed line across every year.
    Drawn together so a reader sees which series the article's figures fit."""
    natural_low, natural_high = natural_range
    peak, now = figures.loc["sex-ratio-peak", "value"], figures.loc["sex-ratio-now", "value"]  # the article's, per 1
    peak_year = int(figures.loc["sex-ratio-peak-year", "value"])
    fig, ax = chart(
        "China: boys born per 100 girls, and men per 100 women in the whole population",
        "Year",
        "Ratio (per 100 girls or women)",
        data_line(context_sources, list(at_birth["source_id"]) + list(population["source_id"]), article),
    )
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.08, right=0.95, top=0.84, bottom=0.27)

    first_year = at_birth["year"].min()
    ax.axhspan(natural_low, natural_high, color=OKABE_ITO["green"], alpha=0.18, linewidth=0)
    ax.annotate(
        f"natural range at birth ({natural_low}-{natural_high})",
        (first_year, (natural_low + natural_high) / 2),
        va="center",
        fontsize=11,
        color="#1B5E4B",
    )
    ax.axhline(100, color=GREY, linewidth=1)
    ax.annotate("equal numbers", (first_year, 100), xytext=(0, -15), textcoords="offset points", fontsize=11, color=GREY)
    by_year = at_birth.sort_values("year")
    yearly_line(ax, by_year["year"], by_year["boys_per_100_girls"], OKABE_ITO["blue"], label="At birth: boys per 100 girls")
    ax.plot(
        population["year"],
        population["men_per_100_women"],
        color=OKABE_ITO["orange"],
        marker="s",
        markersize=10,
        linestyle="none",
        label="Whole population: men per 100 women",
    )
    ax.plot([peak_year], [100 * peak], marker="D", markersize=11, color=ARTICLE, linestyle="none")  # dated: a point
    ax.axhline(100 * now, color=ARTICLE, linestyle="--", linewidth=1.5)  # 'now', undated: a line across every year
    for text, at, offset in (
        (f"article, peak in {peak_year}: {peak:g} (x 100)", (peak_year, 100 * peak), (10, 4)),
        (f"article, 'now': {now:g} (x 100)", (first_year, 100 * now), (0, 4)),
    ):
        ax.annotate(text, at, xytext=offset, textcoords="offset points", fontsize=12, color=ARTICLE)
    ax.set_ylim(95, 126)
    ax.legend(loc="lower right")

    listed = ", ".join(f"{int(r.year)} {r.boys_per_100_girls:g}" for r in by_year.itertuples())
    people = ", ".join(f"{int(r.year)} {r.men_per_100_women:g}" for r in population.itertuples())
    alt = (
        f"Chart of two ratios in China. Blue, boys born per 100 girls (years without a figure bridged by a dotted line): "
        f"{listed}. Orange, men per 100 women in the whole population (censuses): {people}. A green band marks the natural "
        f"range at birth, {natural_low} to {natural_high}; a grey line marks 100, equal numbers. In red, the "
        f"{short_outlet(article['outlet'])} article's 'men for every woman' figures, multiplied by 100 (a dated figure as a "
        f"diamond, the undated 'now' as a dashed line across): peak in {peak_year} {peak:g} (drawn at {100 * peak:g}); "
        f"'now' {now:g} (drawn at {100 * now:g})."
    )
    return fig, alt


def from_an_article(table, articles):
    """Rows that are one of our articles' own figures: no source_id, and the note names the article's author."""
    names_author = table["note"].fillna("").apply(lambda note: any(author in note for author in articles["author"]))
    return table["source_id"].isna() & names_author


def own_year(period):
    """The one year a figure's period gives ('2002', 'in 2000', 'summer 2007'), or None ('not stated ...', '2000-2005')."""
    years = set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", str(period)))
    return None if str(period).startswith("not stated") or len(years) != 1 else int(years.pop())


def quoted_in_articles(table, figures, articles):
    """Every article's own figure of the same measure that the table does not yet hold (one a teacher adds, say),
    as a row of the table, in the article's own words: in the year its period gives, else in the year it was quoted,
    marked as such. A figure with the same numbers as a row of the table, of the same year, is that row: left out."""
    held = [s for s, a in articles.iterrows() if table["note"].fillna("").str.contains(a["author"], regex=False).any()]
    same = figures[(figures["measure"] == figures.loc["nk-in-china", "measure"]) & ~figures["source_id"].isin(held)]
    single = same["low"].fillna(-1).eq(same["high"].fillna(-1))  # one number (exact or approximate), not two ends
    given = same["period"].map(own_year)
    quoted = [int(str(articles.loc[s, "published"])[:4]) for s in same["source_id"]]
    rows = pd.DataFrame(
        {
            "estimate_id": same.index,
            "year": given.fillna(pd.Series(quoted, index=same.index)).astype(int),
            "year_basis": given.map(
                lambda y: "year quoted (the estimate's own date is not stated)" if pd.isna(y) else "year the article gives"
            ),
            "estimator": [
                f"{f.stated_by}, quoted by {short_outlet(articles.loc[f.source_id, 'outlet'])}" for f in same.itertuples()
            ],
            "low": same["low"].mask(single),
            "high": same["high"].mask(single),
            "point": same["value"].where(single),
            "area": same["place"],
            "note": [f"from the article by {articles.loc[s, 'author']}" for s in same["source_id"]],
            "worded": [as_worded(f) for _, f in same.iterrows()],
            "article": same["source_id"],
        }
    )
    return rows.loc[[not already_held(row, table) for _, row in rows.iterrows()]]


def already_held(row, table):
    """Whether the table has an estimate with the same numbers in the same year (an article quoting it)."""
    numbers = ["low", "high", "point"]
    same_numbers = table[numbers].fillna(-1).eq(pd.Series(row[numbers]).fillna(-1).astype(float)).all(axis=1)
    return bool((same_numbers & (table["year"] == row["year"])).any())


def keep_inside(fig, labels, margin=4):
    """Move each label that runs off the figure's left or right edge back inside, by as many points as it runs over.
    Each label is measured on its own: the margins and limits are fixed, so the chart need not be drawn first."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    for label in labels:
        box = label.get_window_extent(renderer)
        over = max(box.x1 - fig.bbox.x1 + margin, 0) - max(fig.bbox.x0 + margin - box.x0, 0)  # pixels
        dx, dy = label.xyann
        label.xyann = (dx - over * 72 / fig.dpi, dy)


def estimates_chart(estimates, articles, context_sources):
    """Every published estimate on its own line, oldest at the top, each drawn as what it is: a range as a
    bar, a single figure as a dot, an upper bound as a dotted bar from zero, a lower bound as a dotted bar
    off the right edge; part of China dashed or hollow; an estimate whose own date is not stated with
    hollow ends and the year it was quoted in; the articles' own figures in red, each article credited under
    the chart (`articles`: the rows of sources.csv whose figures it draws). Every label is kept inside the figure."""
    top = estimates[["low", "high", "point"]].max().max() / 1000  # thousands
    footer = data_line(context_sources, estimates["source_id"].dropna(), articles)
    fig, ax = chart(
        "Estimates of North Koreans living in China, as published or quoted, "
        f"{estimates['year'].min()}-{estimates['year'].max()}",
        "Thousands of people",
        "",
        footer,
        size=(10, max(7.2, 0.5 * len(estimates) + 2.2)),  # half an inch per estimate
    )
    height = fig.get_size_inches()[1]
    fig.set_layout_engine(None)  # margins in inches: the title above; the axis label and the source lines below
    fig.subplots_adjust(left=0.17, right=0.98, top=1 - 0.86 / height, bottom=(0.84 + 0.2 * len(footer.splitlines())) / height)

    labels = []

    for y, row in estimates.iterrows():
        color = ARTICLE if row["from_article"] else OKABE_ITO["blue"]
        whole = row["all_of_china"]  # part of China: dashed or hollow
        if row["kind"] == "point":
            start = end = row["point"] / 1000
            ax.plot(
                [start],
                [y],
                marker="o",
                markersize=11,
                color=color,
                markerfacecolor=color if whole else "white",
                markeredgewidth=2.5,
            )
        elif row["kind"] == "range":
            start, end = row["low"] / 1000, row["high"] / 1000
            ax.plot([start, end], [y, y], color=color, linewidth=5 if whole else 3, linestyle="-" if whole else "--")
            ends = (
                {"marker": "|", "markersize": 16}
                if row["dated"]
                else {"marker": "o", "markersize": 11, "markerfacecolor": "white"}
            )
            ax.plot([start, end], [y, y], color=color, linestyle="none", markeredgewidth=3, **ends)
        elif row["kind"] == "upper bound":  # anything from zero up to the bound
            start, end = 0, row["high"] / 1000
            ax.plot([start, end], [y, y], color=color, linewidth=2, linestyle=":")
            ax.plot([end], [y], marker="|", markersize=16, markeredgewidth=3, color=color)
            ax.plot([start], [y], marker="<", markersize=10, color=color)
        else:  # a lower bound: anything from the bound up, off the right edge
            start, end = row["low"] / 1000, top * 1.05
            ax.plot([start, end], [y, y], color=color, linewidth=2, linestyle=":")
            ax.plot([start], [y], marker="|", markersize=16, markeredgewidth=3, color=color)
            ax.plot([end], [y], marker=">", markersize=10, color=color)
        label = f"{row['estimator']}: {row['as written']}" + ("" if whole else f" ({row['area']})")
        right_aligned = start > top / 2  # keep long labels inside the chart
        labels.append(
            ax.annotate(
                label,
                (end if right_aligned else start, y),
                xytext=(0, 9),
                textcoords="offset points",
                ha="right" if right_aligned else "left",
                va="bottom",
                fontsize=11,
                color=color,
            )
        )
    year_labels = [str(r["year"]) if r["dated"] else f"quoted {r['year']},\nundated" for _, r in estimates.iterrows()]
    ax.set_yticks(range(len(estimates)), year_labels)
    ax.set_ylim(len(estimates) - 0.5, -0.9)  # oldest at the top, room for the first label
    ax.set_xlim(0, top * 1.05)
    ax.set_ylabel("Year of the estimate (or when quoted)")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    keep_inside(fig, labels)

    parts = [
        f"{row['year'] if row['dated'] else str(row['year']) + ' (quoted then; the date of the estimate is not stated)'}, "
        f"{row['estimator']}: {row['as written']} ({row['kind']}{'' if row['all_of_china'] else ', ' + row['area']})"
        for _, row in estimates.iterrows()
    ]
    alt = (
        "Chart of every published estimate of North Koreans living in China in the kit's table, one per line, oldest first; "
        "ranges as bars, single figures as dots, upper bounds as dotted bars from zero, part-of-China estimates dashed or "
        "hollow, an estimate with no date of its own with hollow ends, the article's range in red. " + "; ".join(parts) + "."
    )
    return fig, alt


def running_total_chart(shares, cumulative, count, arrivals, context_sources):
    """The running total of arrivals at each year's end (the sum of the yearly rows, a line), the totals the
    Ministry reported on their own dates (hollow diamonds), and the article's count as a dashed line: where
    the line crosses the count dates the article's number."""
    reported = cumulative.dropna(subset=["total"])
    fig, ax = chart(
        "North Koreans who had arrived in South Korea in all, by date",
        "Date",
        "Thousands of people, in all",
        data_line(
            context_sources,
            list(arrivals["source_id"]) + list(cumulative["source_id"]),
            counted_by="South Korea's Ministry of Unification",
        ),
    )
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.27)

    year_ends = [decimal_year(f"{year}-12-31") for year in shares.index]
    yearly_line(
        ax,
        shares.index,
        shares["total_to_date"] / 1000,
        OKABE_ITO["blue"],
        x=year_ends,
        label="Sum of the yearly arrivals, at 31 December",
    )
    ax.plot(
        [decimal_year(day) for day in reported["as_of"]],
        reported["total"] / 1000,
        color=OKABE_ITO["orange"],
        marker="D",
        markersize=12,
        markerfacecolor="none",
        markeredgewidth=2.5,
        linestyle="none",
        label="Totals reported, on their dates",
    )
    ax.axhline(count / 1000, color=ARTICLE, linestyle="--", linewidth=2)
    ax.annotate(
        f"the article's {count:,}",
        (shares.index.min(), count / 1000),
        xytext=(0, 6),
        textcoords="offset points",
        fontsize=12,
        color=ARTICLE,
    )
    ax.set_ylim(0, None)
    ax.legend(loc="lower right")

    before, after = shares[shares["total_to_date"] < count], shares[shares["total_to_date"] >= count]
    alt = (
        f"Line chart of the running total of North Korean arrivals in South Korea, at the end of each year from "
        f"{shares.index.min()} ({shares['total_to_date'].iloc[0]:,}) to {shares.index.max()} "
        f"({shares['total_to_date'].iloc[-1]:,}). "
        f"It is {before['total_to_date'].iloc[-1]:,} at the end of {before.index[-1]} and {after['total_to_date'].iloc[0]:,} "
        f"at the end of {after.index[0]}. Orange diamonds mark the totals the Ministry reported: "
        + "; ".join(f"{long_date(r.as_of)}: {int(r.total):,}" for r in reported.itertuples())
        + f". A red dashed line marks the article's {count:,}."
    )
    return fig, alt


def running_total_check(running, cumulative, tolerance):
    """Each total the Ministry reported against `running`, the sum of the yearly arrivals at the end of each
    year (indexed by year). A year-end total must agree within `tolerance`; a total reported during a year
    must lie between the sums at the end of the year before and of its own year."""
    checkpoints = cumulative.dropna(subset=["total"]).set_index("as_of")[["total"]].rename(columns={"total": "reported"})
    year = checkpoints.index.str[:4].astype(int)
    checkpoints["summed_to_year_before"] = [running[running.index < y].max() for y in year]
    checkpoints["summed_to_year_end"] = [running[running.index <= y].max() for y in year]
    year_end = checkpoints.index.str.endswith("-12-31")
    gap = checkpoints["reported"] - checkpoints["summed_to_year_end"]
    within_year = checkpoints["reported"].between(
        checkpoints["summed_to_year_before"] - tolerance, checkpoints["summed_to_year_end"] + tolerance
    )
    checkpoints["difference"] = gap.where(year_end).astype("Int64")  # only a year-end total can be compared exactly
    checkpoints["agrees"] = (gap.abs() <= tolerance).where(year_end, within_year)
    return checkpoints


# Values the notebooks' Markdown names in its markers, e.g. 2004<!-- value: record_year -->
# (see newsfigures/display/marked.py; `python -m newsfigures numbers` checks them).


def natural_range(notes):
    """The natural range of the sex ratio at birth, as the source's note states it ('range 103-107')."""
    return tuple(int(n) for n in re.search(r"range (\d+)-(\d+)", notes).groups())


def sex_ratio_values(figures, at_birth, population, context_sources):
    """The article's sex ratios beside the official series: which years they fit, and the record."""
    now = figures.loc["sex-ratio-now", "value"]  # per 1
    peak_year = int(figures.loc["sex-ratio-peak-year", "value"])
    boys = at_birth.set_index("year")["boys_per_100_girls"]
    now_year = boys.index[(boys / 100).round(2) == round(now, 2)][-1]  # the latest year that rounds to "now"
    record_year = boys.idxmax()
    censuses = population.sort_values("year")
    low, high = natural_range(context_sources.loc["xinhua-2015-02-03", "notes"])
    return {
        "census_year_first": int(censuses["year"].iloc[0]),
        "census_ratio_first": censuses["men_per_100_women"].iloc[0],
        "census_year_last": int(censuses["year"].iloc[-1]),
        "census_ratio_last": censuses["men_per_100_women"].iloc[-1],
        "census_mean_per_one": censuses["men_per_100_women"].mean() / 100,
        "at_birth_in_peak_year": boys[peak_year],
        "at_birth_in_peak_year_per_one": boys[peak_year] / 100,
        "now_year": int(now_year),
        "at_birth_in_now_year": boys[now_year],
        "at_birth_in_now_year_per_one": boys[now_year] / 100,
        "record_year": int(record_year),
        "at_birth_in_record_year": boys[record_year],
        "natural_low": low,
        "natural_high": high,
    }


def chart_reading_values(figures):
    """What the readings of 02's charts work out from the article's figures."""
    china, total, share = figures.loc["nk-in-china"], figures.loc["defectors-in-south"], figures.loc["defectors-women-share"]
    peak, now = figures.loc["sex-ratio-peak", "value"], figures.loc["sex-ratio-now", "value"]  # per 1
    children = figures.loc["children-no-chain", "value"]
    return {
        "range_times": china["high"] / china["low"],  # how many times the low end fits into the high end
        "range_gap": china["high"] - china["low"],
        "women_at_least": total["value"] * share["value"] / 100,  # the count the share implies: a lower bound
        "people_per_square": total["value"] / 100,
        "peak_per_100": 100 * peak,
        "now_per_100": 100 * now,
        "extra_men_per_100": 100 * (peak - 1),
        "extra_men_per_100_now": 100 * (now - 1),
        "defectors_per_child": total["value"] / children,
        "china_low_per_defector": china["low"] / total["value"],
        "china_high_per_defector": china["high"] / total["value"],
    }


def arrival_values(claimed_share, article, arrivals, cumulative):
    """Women's share of the arrivals in the South in the article's year, of all arrivals to date, and what the
    Ministry reported: the figures a sentence about "defectors" can mix up."""
    year = int(decimal_year(article["published"]))  # the article's year
    by_year = arrivals.sort_values("last_year").set_index("last_year")
    to_date, women_to_date = by_year["total"].cumsum(), by_year["women"].cumsum()  # all who had arrived by year end
    share_to_date = 100 * women_to_date[year] / to_date[year]
    reports = cumulative.dropna(subset=["total"]).set_index("as_of")
    after = reports[reports.index >= str(article["published"])[:10]].iloc[0]  # the Ministry's first report after it
    that_year = reports[reports.index.str[:4] == str(year)].iloc[-1]  # its last report of the article's year
    return {
        "article_year": year,
        "year_before": year - 1,
        "year_after": year + 1,
        "share_in_article_year": 100 * by_year.loc[year, "women"] / by_year.loc[year, "total"],
        "share_in_year_before": 100 * by_year.loc[year - 1, "women"] / by_year.loc[year - 1, "total"],
        "women_in_article_year": by_year.loc[year, "women"],
        "arrivals_in_article_year": by_year.loc[year, "total"],
        "arrived_by_end_of_year_before": to_date[year - 1],
        "arrived_by_end_of_article_year": to_date[year],
        "arrived_by_end_of_year_after": to_date[year + 1],
        "share_to_date": share_to_date,
        "share_gap": claimed_share - share_to_date,
        "report_after_article": after.name,
        "report_after_article_percent": after["women_percent_reported"],
        "report_after_article_total": after["total"],
        "last_report_of_article_year": that_year.name,
        "last_report_of_article_year_total": that_year["total"],
    }


def now_source_values(figures, at_birth, context_sources):
    """When the official ratio at birth that the article calls "now" was published."""
    now = figures.loc["sex-ratio-now", "value"]
    rows = at_birth[(at_birth["boys_per_100_girls"] / 100).round(2) == round(now, 2)].sort_values("year")
    return {"now_year_published": context_sources.loc[rows.iloc[-1]["source_id"], "published"]}


def marked_values(kit=None):
    """Every value the notebooks' Markdown names, computed from the tables of `kit`."""
    figures = tidy("figures", kit).set_index("figure_id")
    context_sources = context("sources", kit).set_index("source_id")
    at_birth, population = context("cn_sex_ratio_at_birth", kit), context("cn_population_sex_ratio", kit)
    upi = tidy("sources", kit).set_index("source_id").loc["upi-2015-shim"]
    arrivals, cumulative = context("kr_arrivals_by_sex", kit), context("kr_cumulative_by_sex", kit)
    return (
        chart_reading_values(figures)
        | sex_ratio_values(figures, at_birth, population, context_sources)
        | arrival_values(figures.loc["defectors-women-share", "low"], upi, arrivals, cumulative)
        | now_source_values(figures, at_birth, context_sources)
    )


def show_stated_by(figure, article=None):
    """Who states a figure and the note on it, in the data's own words (escaped); the article's date if given."""
    said = markdown("Stated by: {}. {}", figure["stated_by"], "" if pd.isna(figure["note"]) else figure["note"])
    dated = markdown(" The article is dated {}.", long_date(article["published"])) if article is not None else ""
    show_markdown(said.rstrip() + dated)
