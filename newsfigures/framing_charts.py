"""Charts of how the two articles frame their subject: the words they choose.

Each function takes a tidy table and returns (fig, alt): the figure and a
text description built from the same data, ready for `charts.show`.
"""
import re

from . import data
from .charts import OKABE_ITO, article_source, chart

ARTICLE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"])


def short_outlet(source_id):
    """An outlet's name without its bracketed part: 'Outlet' from 'Outlet (UK edition)'."""
    return re.sub(r"\s*\(.*\)$", "", data.source(source_id)["outlet"])


def most_used(terms, source_id, group):
    """The word of `group` that an article uses most often."""
    rows = terms[(terms.source_id == source_id) & (terms.group == group)]
    return rows.sort_values("per_1000_words", ascending=False, kind="stable").iloc[0]["term"]


GROUP_HEADINGS = {"people": "Words for the people", "acts": "Words for what happens to them"}
MARKERS = ("o", "s")  # a shape as well as a colour per article, for greyscale print


def terms_chart(terms):
    """A dot plot: each framing word, how often each article uses it per 1,000 words."""
    articles = list(dict.fromkeys(terms.source_id))
    outlets = {a: short_outlet(a) for a in articles}
    words = list(dict.fromkeys(terms.term))  # the order of data/input/terms.csv
    rates = terms.pivot(index="term", columns="source_id", values="per_1000_words").loc[words, articles]
    groups = terms.drop_duplicates("term").set_index("term")["group"]

    title = ", ".join(f"{outlets[a]} calls them '{most_used(terms, a, 'people')}'" for a in articles)
    fig, ax = chart(
        title,
        xlabel="times used per 1,000 words of the article",
        source="\n".join(article_source(data.source(a)) for a in articles)
               + "\nWords counted by code: data/tidy/terms.csv",
        size=(10, 7.5),
    )
    rows, y = [], 0  # (y, label, is_heading), top to bottom
    for group in dict.fromkeys(groups[words]):
        rows.append((y, GROUP_HEADINGS.get(group, group), True))
        y -= 1
        for word in [w for w in words if groups[w] == group]:
            ax.hlines(y, rates.loc[word].min(), rates.loc[word].max(), color="#cccccc", linewidth=3)
            for i, (article, colour, marker) in enumerate(zip(articles, ARTICLE_COLOURS, MARKERS)):
                offset = 0.2 * (i - (len(articles) - 1) / 2)  # equal values stay visible side by side
                ax.plot(rates.loc[word, article], y + offset, marker, color=colour, markersize=10,
                        label=outlets[article] if len(rows) == 1 else None)
            rows.append((y, word, False))
            y -= 1
    ax.set_yticks([r[0] for r in rows], [r[1] for r in rows])
    for tick, (_, _, heading) in zip(ax.get_yticklabels(), rows):
        if heading:
            tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y + 0.5, 0.5)
    ax.set_xlim(left=-0.3)
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(loc="center right", frameon=False)
    return fig, terms_alt(terms, outlets, words)


def terms_alt(terms, outlets, words):
    parts = []
    for article, outlet in outlets.items():
        rows = terms[terms.source_id == article].set_index("term").loc[words]
        used = [f"{w} {r.per_1000_words:g}" for w, r in rows.iterrows() if r["count"] > 0]
        unused = [w for w, r in rows.iterrows() if r["count"] == 0]
        parts.append(f"{outlet} ({rows.body_words.iloc[0]:,} words): " + ", ".join(used)
                     + (f"; never uses {', '.join(unused)}" if unused else ""))
    return ("Bar chart of how often each article uses words for the people it describes and "
            "for what happens to them, per 1,000 words. " + ". ".join(parts) + ".")
