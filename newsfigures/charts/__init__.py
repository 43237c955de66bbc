"""Charts in the kit's style: `chart()` draws in it, `show()` shows a chart with its description and saves it."""

from newsfigures.charts.output import FINGERPRINT, notebook_png, save, save_untitled, show
from newsfigures.charts.style import GREY, OKABE_ITO, article_styles, chart, text_on
from newsfigures.text.attribution import article_source  # the source line under every chart

__all__ = [
    "FINGERPRINT",
    "GREY",
    "OKABE_ITO",
    "article_source",
    "article_styles",
    "chart",
    "notebook_png",
    "save",
    "save_untitled",
    "show",
    "text_on",
]
