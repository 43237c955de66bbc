"""The charts of notebooks/04-check-the-numbers.ipynb.

Each function takes tables (from `newsfigures.checks`) and returns
(fig, alt): the figure, in the kit's style, and a text description built
from the same numbers, for `newsfigures.charts.show`.
"""
import datetime
import textwrap

from .charts import GREY, OKABE_ITO, chart
from .checks import NATURAL_SEX_RATIO_AT_BIRTH, as_written

EACH_PERIOD, TO_DATE, ARTICLE = OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["vermillion"]


def decimal_year(day):
    """2015-11-19 -> 2015.88: where a date sits on an axis of years."""
    day = datetime.date.fromisoformat(str(day)[:10])
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def long_date(day):
    day = datetime.date.fromisoformat(str(day)[:10])
    return f"{day.day} {day:%B %Y}"


def data_line(source_ids, context_sources, article="", counted_by=""):
    """'Data: [<who counted>, as published by] <publisher>; <publisher>. Claim: <article>.'
    for the source line under a chart."""
    publishers = context_sources.set_index("source_id").loc[list(dict.fromkeys(source_ids)), "publisher"]
    text = "Data: " + (f"{counted_by}, as published by " if counted_by else "") + "; ".join(publishers) + "."
    if article:
        text += " Claim: " + article.removeprefix("Source: ") + "."
    return "\n".join(textwrap.wrap(text, 105))


def yearly_line(ax, years, values, color, marker="o", label=None, x=None):
    """Markers for the years that have a figure, joined by a solid line from one
    year to the next and by a dotted line across years without a figure."""
    years, values = list(years), list(values)
    x = list(x) if x is not None else years
    ax.plot(x, values, color=color, marker=marker, markersize=7, linestyle="none", label=label)
    for i in range(1, len(years)):
        gap = years[i] - years[i - 1] > 1
        ax.plot(x[i - 1:i + 1], values[i - 1:i + 1], color=color, linewidth=1.5 if gap else 2.5, linestyle=":" if gap else "-")


def mark_article(ax, day, label):
    ax.axvline(decimal_year(day), color=GREY, linestyle=":", linewidth=2)
    ax.annotate(label, (decimal_year(day), 1), xycoords=("data", "axes fraction"), xytext=(-6, -4),
                textcoords="offset points", ha="right", va="top", fontsize=12, color="#333333")


def women_share_chart(shares, article_day, claimed_share, source_line, outlet):
    """Women's share of each period's arrivals and of all arrivals to date, with the article's claim."""
    fig, ax = chart("Women's share of arrivals: in each year, and of everyone who has arrived so far",
                    "Year of arrival", "Women, % of arrivals", source_line)
    single, grouped = shares[shares["one_year"]], shares[~shares["one_year"]]
    yearly_line(ax, single.index, single["share_of_period"], EACH_PERIOD, label="Share of that year's arrivals")
    for last_year, row in grouped.iterrows():  # a period of several years: a flat segment over its years
        first = int(row["first_year"]) if row["first_year"] == row["first_year"] else last_year
        ax.plot([first, last_year], [row["share_of_period"]] * 2, color=EACH_PERIOD, linewidth=2.5,
                linestyle="--", marker="o", markersize=9, markerfacecolor="white", zorder=3)
        ax.annotate(f"{row['period']}\n(one row)", (first, row["share_of_period"]), xytext=(0, 10),
                    textcoords="offset points", ha="left", fontsize=11, color=EACH_PERIOD)
    yearly_line(ax, shares.index, shares["share_to_date"], TO_DATE, marker="s", label="Share of all arrivals to date")
    ax.axhline(50, color=GREY, linewidth=1)
    ax.annotate("half", (shares.index.max() + 1, 50), xytext=(-2, 4), textcoords="offset points", ha="right",
                fontsize=11, color=GREY)
    x = decimal_year(article_day)
    ax.plot([x], [claimed_share], marker="^", markersize=13, color=ARTICLE, linestyle="none",
            label=f"The article: 'more than {claimed_share:g} percent'")
    mark_article(ax, article_day, f"{outlet} article,\n{long_date(article_day)}")
    ax.set_ylim(0, 100)
    ax.set_xlim(shares.index.min() - 1, shares.index.max() + 1)
    ax.legend(loc="lower right")

    at = int(x)
    yearly = shares.loc[at]
    alt = (f"Line chart of women's share of North Korean arrivals in South Korea, {shares.index.min()} to {shares.index.max()}. "
           f"Blue line, share of each year's arrivals: {shares['share_of_period'].iloc[0]:.0f}% of all arrivals up to {shares.index.min()} "
           f"and {grouped['share_of_period'].iloc[-1]:.0f}% of those in {grouped['period'].iloc[-1]} (these two are periods of several years, drawn hollow), "
           f"then {single['share_of_period'].iloc[0]:.0f}% in {single.index[0]}, {yearly['share_of_period']:.1f}% in {at}, "
           f"between {single['share_of_period'].min():.0f}% and {single['share_of_period'].max():.0f}% in single years. "
           f"Orange line, share of all arrivals to date: {shares['share_to_date'].iloc[0]:.0f}% at the end of {shares.index.min()}, "
           f"{yearly['share_to_date']:.1f}% at the end of {at}, {shares['share_to_date'].iloc[-1]:.0f}% at the end of {shares.index.max()}. "
           f"A dotted line marks the {outlet} article ({long_date(article_day)}) and a red triangle its 'more than {claimed_share:g} percent'.")
    return fig, alt


def sex_ratio_chart(at_birth, population, article_points, source_line, outlet):
    """China's sex ratio at birth and of the whole population, per 100, with
    the natural range at birth and the article's figures converted to per 100.
    `article_points` is [(label, year, value per 1)], year None for an undated 'now'."""
    low, high = NATURAL_SEX_RATIO_AT_BIRTH
    fig, ax = chart("China: boys born per 100 girls, and men per 100 women in the whole population",
                    "Year", "Ratio (per 100 girls or women)", source_line)
    ax.axhspan(low, high, color=OKABE_ITO["green"], alpha=0.18, linewidth=0)
    ax.annotate(f"natural range at birth ({low}-{high})", (at_birth["year"].min(), (low + high) / 2), va="center",
                fontsize=11, color="#1B5E4B")
    ax.axhline(100, color=GREY, linewidth=1)
    ax.annotate("equal numbers", (at_birth["year"].min(), 100), xytext=(0, -15), textcoords="offset points", fontsize=11, color=GREY)
    births = at_birth.sort_values("year")
    yearly_line(ax, births["year"], births["boys_per_100_girls"], OKABE_ITO["blue"], label="At birth: boys per 100 girls")
    ax.plot(population["year"], population["men_per_100_women"], color=OKABE_ITO["orange"], marker="s", markersize=10,
            linestyle="none", label="Whole population: men per 100 women")
    for label, year, value in article_points:
        if year:  # a figure the article dates: a point
            ax.plot([year], [100 * value], marker="D", markersize=11, color=ARTICLE, linestyle="none")
            ax.annotate(f"article, {label}: {value:g} (x 100)", (year, 100 * value), xytext=(10, 4), textcoords="offset points",
                        fontsize=12, color=ARTICLE)
        else:  # 'now', undated: a line across, to compare with every year
            ax.axhline(100 * value, color=ARTICLE, linestyle="--", linewidth=1.5)
            ax.annotate(f"article, {label}: {value:g} (x 100)", (at_birth["year"].min(), 100 * value), xytext=(0, 4),
                        textcoords="offset points", fontsize=12, color=ARTICLE)
    ax.set_ylim(95, 126)
    ax.legend(loc="lower right")

    listed = ", ".join(f"{int(r.year)} {r.boys_per_100_girls:g}" for r in births.itertuples())
    people = ", ".join(f"{int(r.year)} {r.men_per_100_women:g}" for r in population.itertuples())
    article = "; ".join(f"{label} {value:g} (drawn at {100 * value:g})" for label, _, value in article_points)
    alt = (f"Chart of two ratios in China. Blue, boys born per 100 girls (years without a figure bridged by a dotted line): {listed}. "
           f"Orange, men per 100 women in the whole population (censuses): {people}. "
           f"A green band marks the natural range at birth, {low} to {high}; a grey line marks 100, equal numbers. "
           f"In red, the {outlet} article's 'men for every woman' figures, multiplied by 100 (a dated figure as a diamond, "
           f"the undated 'now' as a dashed line across): {article}.")
    return fig, alt


def estimates_chart(table, source_line):
    """Every estimate as a horizontal mark on its own line, oldest at the top:
    ranges as bars, single figures as dots, upper bounds as dotted bars that
    run to zero, part-of-China estimates dashed and hollow, the article's
    range in red. Who made each estimate is written above its mark."""
    rows = table.reset_index(drop=True)
    top = rows[["low", "high", "point"]].max().max() / 1000
    fig, ax = chart("Estimates of North Koreans living in China, 2000-2017", "Thousands of people", "",
                    source_line, size=(10, 7.2))
    for y, row in rows.iterrows():
        color = ARTICLE if row["from_article"] else OKABE_ITO["blue"]
        whole = row.get("all_of_china", True)
        if row["kind"] == "point":
            start = end = row["point"] / 1000
            ax.plot([start], [y], marker="o", markersize=11, color=color, markerfacecolor=color if whole else "white",
                    markeredgewidth=2.5)
        elif row["kind"] == "range":
            start, end = row["low"] / 1000, row["high"] / 1000
            ax.plot([start, end], [y, y], color=color, linewidth=5 if whole else 3, linestyle="-" if whole else "--")
            ax.plot([start, end], [y, y], color=color, linestyle="none", marker="|", markersize=16, markeredgewidth=3)
        else:  # an upper bound: anything from zero up to the bound
            start, end = 0, row["high"] / 1000
            ax.plot([start, end], [y, y], color=color, linewidth=2, linestyle=":")
            ax.plot([end], [y], marker="|", markersize=16, markeredgewidth=3, color=color)
            ax.plot([start], [y], marker="<", markersize=10, color=color)
        label = f"{row['estimator']}: {as_written(row)}" + ("" if whole else f" ({row['area']})")
        right_aligned = start > top / 2  # keep long labels inside the chart
        ax.annotate(label, (end if right_aligned else start, y), xytext=(0, 9), textcoords="offset points",
                    ha="right" if right_aligned else "left", va="bottom", fontsize=11, color=color)
    ax.set_yticks(range(len(rows)), rows["year"].astype(str))
    ax.set_ylim(len(rows) - 0.5, -0.9)  # oldest at the top, room for the first label
    ax.set_xlim(0, top * 1.05)
    ax.set_ylabel("Year of the estimate")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)

    parts = [f"{row['year']}, {row['estimator']}: {as_written(row)} ({row['kind']}"
             f"{'' if row.get('all_of_china', True) else ', ' + row['area']})" for _, row in rows.iterrows()]
    alt = ("Chart of every published estimate of North Koreans living in China in the kit's table, one per line, "
           "oldest first; ranges as bars, single figures as dots, upper bounds as dotted bars from zero, "
           "part-of-China estimates dashed or hollow, the article's range in red. " + "; ".join(parts) + ".")
    return fig, alt


def running_total_chart(shares, checks, count, source_line):
    """The running total of arrivals at each year's end, the totals reported on
    their dates, and the article's count."""
    fig, ax = chart("North Koreans who had arrived in South Korea in all, by date",
                    "Date", "Thousands of people, in all", source_line)
    year_ends = [decimal_year(f"{year}-12-31") for year in shares.index]
    yearly_line(ax, shares.index, shares["total_to_date"] / 1000, OKABE_ITO["blue"], x=year_ends,
                label="Sum of the yearly arrivals, at 31 December")
    reported = checks[checks["count"] == "total"]
    ax.plot([decimal_year(d) for d in reported["as_of"]], reported["reported"] / 1000, color=OKABE_ITO["orange"],
            marker="D", markersize=12, markerfacecolor="none", markeredgewidth=2.5, linestyle="none",
            label="Totals reported, on their dates")
    ax.axhline(count / 1000, color=ARTICLE, linestyle="--", linewidth=2)
    ax.annotate(f"the article's {count:,}", (shares.index.min(), count / 1000), xytext=(0, 6),
                textcoords="offset points", fontsize=12, color=ARTICLE)
    ax.set_ylim(0, None)
    ax.legend(loc="lower right")

    before = shares[shares["total_to_date"] < count]
    after = shares[shares["total_to_date"] >= count]
    alt = (f"Line chart of the running total of North Korean arrivals in South Korea, at the end of each year from "
           f"{shares.index.min()} ({shares['total_to_date'].iloc[0]:,}) to {shares.index.max()} ({shares['total_to_date'].iloc[-1]:,}). "
           f"It is {before['total_to_date'].iloc[-1]:,} at the end of {before.index[-1]} and {after['total_to_date'].iloc[0]:,} at the end of {after.index[0]}. "
           f"Orange diamonds mark the totals the Ministry reported: "
           + "; ".join(f"{long_date(r.as_of)}: {r.reported:,}" for r in reported.itertuples())
           + f". A red dashed line marks the article's {count:,}.")
    return fig, alt
