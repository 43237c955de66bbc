"""Who said it and when, in words: an article's source line and a date as a reader writes it."""

import datetime
import re

ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?: 00:00:00)?")  # a timestamp's midnight is a day, as pandas writes it
ISO_MONTH = re.compile(r"\d{4}-\d{2}")


def date_in_words(date):
    """'2 October 2017', 'September 2007', or the text as given ('2007', '2020 to 2023-08'):
    a date (YYYY-MM-DD, YYYY-MM or anything else) in words, never more precise than it is known."""
    text = str(date)
    if day := ISO_DAY.fullmatch(text):
        day = datetime.date.fromisoformat(day.group(1))
        return f"{day.day} {day:%B %Y}"
    if ISO_MONTH.fullmatch(text):
        return f"{datetime.date.fromisoformat(text + '-01'):%B %Y}"
    return text


def article_source(source):
    """'Source: <author>, <outlet>, <date>' from a sources row, the date as precisely as it is known."""
    return f"Source: {source['author']}, {source['outlet']}, {date_in_words(source['published'])}"
