"""Helper package of the classroom kit: turn the figures quoted in news
articles into checked, tidy tables, and chart them.

The modules are small and imported on demand, so that a notebook pays only for
what it uses.
"""
