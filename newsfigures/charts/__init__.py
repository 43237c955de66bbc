"""Charts in the kit's style: `chart()` draws in it, `show()` shows a chart with its description and saves it."""

from newsfigures.charts.output import FINGERPRINT, notebook_png, save, save_untitled, show
from newsfigures.charts.style import GREY, OKABE_ITO, article_source, chart, text_on

__all__ = [
    "FINGERPRINT",
    "GREY",
    "OKABE_ITO",
    "article_source",
    "chart",
    "notebook_png",
    "save",
    "save_untitled",
    "show",
    "text_on",
]
