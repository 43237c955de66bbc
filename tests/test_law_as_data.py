"""The kit's own words about the law and about governments' positions come from
sourced tables (data/input/context/treaties.csv, positions.csv, and the glossary
in data/input/glossary.csv), rendered by code; no Markdown cell types them."""

import re

import nbformat
import pandas as pd
import pytest
from frictionless import Package
from repo import NOTEBOOKS, REPO_KIT

from newsfigures.tables.load import context

# What a typed legal fact looks like: a treaty's article, a treaty named, or who is party since when.
LEGAL_FACT = re.compile(r"\bArticle \d|\bConvention\b|\bProtocol\b|\bparty since\b|\bratif|\bacce(?:ded|ssion)\b|Declaration of")
GLOSSARY = pd.read_csv(REPO_KIT.inputs / "glossary.csv", dtype=str, keep_default_na=False)
DISCUSS = next(p for p in NOTEBOOKS if p.name.startswith("03"))


def typed_legal_facts(nb):
    return [
        (i, match.group())
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for match in LEGAL_FACT.finditer(cell.source)
    ]


def outputs_text(nb):
    """Every stored Markdown output, with the kit's Markdown escapes removed."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    pieces = [output.get("data", {}).get("text/markdown", "") for cell in code for output in cell.outputs]
    return re.sub(r"\\(.)", r"\1", "\n".join(pieces))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_markdown_cell_types_a_legal_fact(path):
    assert typed_legal_facts(nbformat.read(path, as_version=4)) == []


def test_a_typed_legal_fact_would_be_caught():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Forbidden by Article 33, to which China is a party.")])
    assert typed_legal_facts(nb) == [(0, "Article 3")]


def test_every_provision_the_glossary_names_is_in_the_treaties_table():
    named = {p for cell in GLOSSARY["provisions"] for p in cell.split("|") if p}
    assert named and named <= set(context("treaties", REPO_KIT)["provision_id"])


def test_the_glossary_validates_against_the_data_package():
    descriptor = Package(str(REPO_KIT.datapackage)).to_descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in {"input-glossary", "context-sources"}]
    report = Package(descriptor, basepath=str(REPO_KIT.datapackage.parent)).validate()
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]


def test_the_discussion_shows_the_glossary_and_the_law_as_the_tables_give_them():
    shown = outputs_text(nbformat.read(DISCUSS, as_version=4))
    treaties = context("treaties", REPO_KIT)
    assert [term for term in GLOSSARY["meaning"] if term not in shown] == []
    assert [row.provision_id for row in treaties.itertuples() if row.in_our_words not in shown] == []


def test_each_stated_position_is_shown_in_its_own_words():
    shown = outputs_text(nbformat.read(DISCUSS, as_version=4))
    positions = context("positions", REPO_KIT).fillna("")
    assert [row.position_id for row in positions.itertuples() if row.statement and f'"{row.statement}"' not in shown] == []
    assert [row.position_id for row in positions.itertuples() if row.in_our_words not in shown] == []
