"""The words chart counts what its labels say: one word family per row, every
form counted named in the label, and the search tool finds exactly as many
uses as the chart shows (data/input/terms.csv, data/tidy/terms.csv)."""

import pandas as pd
import pytest
from repo import REPO_KIT

from newsfigures.display.readings import count_uses
from newsfigures.tables.load import tidy

INPUT = pd.read_csv(REPO_KIT.inputs / "terms.csv", dtype=str, keep_default_na=False)
FORMS = {row.term: row.forms.split("|") for row in INPUT.itertuples()}


@pytest.mark.parametrize("term", FORMS)
def test_the_label_names_every_form_counted(term):
    assert term == ", ".join(FORMS[term])


def test_no_form_is_counted_under_two_labels():
    labels_of = {}
    for term, forms in FORMS.items():
        for form in forms:
            labels_of.setdefault(form.lower(), []).append(term)
    assert {form: labels for form, labels in labels_of.items() if len(labels) > 1} == {}


@pytest.mark.parametrize("term", FORMS)
def test_the_search_tool_finds_what_the_chart_counts(term):
    counted = tidy("terms", REPO_KIT).query("term == @term").set_index("source_id")["count"].to_dict()
    assert count_uses(*FORMS[term]) == counted


def test_a_synonym_under_a_label_would_be_caught():
    assert "arrest, arrested, arrests" in FORMS, "the planted example below needs this row"
    planted = [*FORMS["arrest, arrested, arrests"], "caught"]
    assert ", ".join(planted) != "arrest, arrested, arrests"
    assert count_uses(*planted) != count_uses(*FORMS["arrest, arrested, arrests"])
