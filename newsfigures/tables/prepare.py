"""The whole data-prep run, headless: the same steps as
notebooks/01-prepare-data.ipynb, for `python -m newsfigures prepare`."""

from dataclasses import dataclass

from newsfigures.errors import InputError
from newsfigures.inputs import context, sources
from newsfigures.inputs.schema import package, read_rows
from newsfigures.tables import rows
from newsfigures.tables.store import write_tables


@dataclass
class Inputs:
    sources: list
    seeds: dict
    figures: list
    voices: list
    terms: list
    context: dict
    running_totals: list  # the declared checks of the context tables, as rows


def read_inputs(kit):
    """Every hand-made input and seed, checked; raises InputError on the first problem."""
    source_rows = sources.load_sources(kit)
    seeds = sources.load_seeds(source_rows, kit)
    ctx = context.load_context(source_rows, kit)
    figures = read_rows(kit.inputs / "figures.csv", "input-figures", kit)
    if not figures:
        raise InputError(
            "data/input/figures.csv",
            "the file has a header but no figures: the notebooks chart and check the articles' figures, so none would run.",
            "put the rows back (the kit's own: `git checkout data/input/figures.csv`), or add an article's rows as "
            "guide/bring-your-own-article.md says.",
            row="line 2",
        )
    refuse_missing_needed(figures, kit)
    return Inputs(
        source_rows,
        seeds,
        figures,
        read_rows(kit.inputs / "voices.csv", "input-voices", kit),
        read_rows(kit.inputs / "terms.csv", "input-terms", kit),
        ctx,
        context.running_total_rows(ctx, kit),
    )


def refuse_missing_needed(figures, kit):
    """Refuse to go on without a figure a notebook charts or checks by its id (the data package's
    `neededByNotebooks`): the notebook would otherwise stop with a bare KeyError."""
    needed = package(kit).get_resource("input-figures").custom.get("neededByNotebooks", {})
    present = {row["figure_id"] for row in figures}
    missing = {}
    for notebook, ids in needed.items():
        for figure_id in ids:
            if figure_id not in present:
                missing.setdefault(figure_id, []).append(notebook)
    if missing:
        figure_id, notebooks = next(iter(missing.items()))
        others = f" (also missing: {', '.join(list(missing)[1:])})" if len(missing) > 1 else ""
        raise InputError(
            "data/input/figures.csv",
            f"the figure '{figure_id}' has no row{others}, but notebooks/{' and notebooks/'.join(notebooks)} chart or "
            "check it by its figure_id, and would stop with an error.",
            "put the row back (the kit's own rows: `git checkout data/input/figures.csv`); a figure_id may not be "
            "renamed while a notebook uses it.",
        )


def build_tables(inputs):
    """The tidy tables, as {name: rows}."""
    seeds = inputs.seeds.values()
    figures = rows.figure_rows(inputs.figures, inputs.seeds)
    return {
        "sources": [{k: v for k, v in row.items() if k != "line"} for row in inputs.sources],
        "paragraphs": [row for seed in seeds for row in rows.paragraph_rows(seed)],
        "numbers": [row for seed in seeds for row in rows.number_rows(seed, figures)],
        "figures": figures,
        "voices": rows.voice_rows(inputs.voices, inputs.seeds),
        "terms": [row for seed in seeds for row in rows.term_rows(inputs.terms, seed)],
        "running_totals": inputs.running_totals,
    }


def prepare(kit):
    """Read, check, build and write every tidy table; returns the names of the tables that changed."""
    return write_tables(build_tables(read_inputs(kit)), kit)
