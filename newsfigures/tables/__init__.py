"""Building the tidy tables from the checked inputs, storing them all-or-nothing, and loading them for the notebooks."""
