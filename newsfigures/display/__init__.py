"""Showing passages and quoted figures in a notebook, word for word and escaped."""
