"""The kit's own two articles, for the tests that check what they say.

Every other test is generic over the articles in seeds/sources.csv: an article a
teacher adds must pass it. Only the checks of these two articles' own content
(their guided readings in notebook 03, every number of theirs annotated, their
authors' surnames kept out of the package code) name them, through this list.
"""

BUILT_IN = ("conversation-2017-lim", "upi-2015-shim")
