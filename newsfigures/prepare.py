"""The whole data-prep run, headless: the same steps as
notebooks/01-prepare-data.ipynb, for `python -m newsfigures prepare`."""
from dataclasses import dataclass

from . import context, sources, tables
from .inputs import read_rows
from .paths import input_dir, kit_root
from .store import write_tables


@dataclass
class Inputs:
    sources: list
    seeds: dict
    figures: list
    voices: list
    terms: list
    context: dict


def read_inputs(root=None):
    """Every hand-made input and seed, checked; raises InputError on the first problem."""
    root = root or kit_root()
    source_rows = sources.load_sources(root)
    seeds = sources.load_seeds(source_rows, root)
    ctx = context.load_context(source_rows, root)
    context.check_cumulative(ctx)
    return Inputs(
        source_rows, seeds,
        read_rows(input_dir(root) / "figures.csv", "input-figures", root),
        read_rows(input_dir(root) / "voices.csv", "input-voices", root),
        read_rows(input_dir(root) / "terms.csv", "input-terms", root),
        ctx,
    )


def build_tables(inputs):
    """The tidy tables, as {name: rows}."""
    seeds = inputs.seeds.values()
    figures = tables.figure_rows(inputs.figures, inputs.seeds)
    return {
        "sources": [{k: v for k, v in row.items() if k != "line"} for row in inputs.sources],
        "paragraphs": [row for seed in seeds for row in tables.paragraph_rows(seed)],
        "numbers": [row for seed in seeds for row in tables.number_rows(seed, figures)],
        "figures": figures,
        "voices": tables.voice_rows(inputs.voices, inputs.seeds),
        "terms": [row for seed in seeds for row in tables.term_rows(inputs.terms, seed)],
    }


def prepare(root=None):
    """Read, check, build and write every tidy table; returns the names of the tables that changed."""
    root = root or kit_root()
    return write_tables(build_tables(read_inputs(root)), root)
