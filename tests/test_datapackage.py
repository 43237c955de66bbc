"""The data package describes every CSV, validates with frictionless, and the
committed tidy tables are exactly what the data-prep code produces."""

import json
import re
import shutil

import pandas as pd
from frictionless import Package
from repo import REPO, REPO_KIT

from newsfigures.kit import Kit
from newsfigures.tables import dictionary
from newsfigures.tables.prepare import build_tables, read_inputs
from newsfigures.tables.store import tidy_names, to_csv


def test_the_data_package_validates_with_its_foreign_keys():
    report = Package(str(REPO_KIT.datapackage)).validate()
    problems = [(t.name, e.message) for t in report.tasks for e in t.errors]
    assert report.valid, problems[:5]


def test_foreign_keys_are_declared_where_a_source_must_exist():
    resources = {r["name"]: r for r in json.loads(REPO_KIT.datapackage.read_text())["resources"]}
    for name in ("figures", "paragraphs", "numbers", "voices", "terms"):
        refs = [fk["reference"]["resource"] for fk in resources[name]["schema"]["foreignKeys"]]
        assert "sources" in refs, name
    for name, r in resources.items():
        if name.startswith(("kr-", "cn-", "nk-")):
            assert r["schema"]["foreignKeys"][0]["reference"]["resource"] == "context-sources", name


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in json.loads(REPO_KIT.datapackage.read_text())["resources"]}
    on_disk = {p.relative_to(REPO_KIT.datapackage.parent).as_posix() for p in (REPO / "data").rglob("*.csv")}
    assert on_disk == described


def test_a_foreign_key_that_does_not_hold_is_reported(tmp_path):
    (tmp_path / "tidy").mkdir()
    shutil.copy(REPO_KIT.tidy / "sources.csv", tmp_path / "tidy" / "sources.csv")
    figures = pd.read_csv(REPO_KIT.tidy / "figures.csv", dtype=str, keep_default_na=False)
    figures.loc[0, "source_id"] = "no-such-source"
    figures.to_csv(tmp_path / "tidy" / "figures.csv", index=False)
    descriptor = Package(str(REPO_KIT.datapackage)).to_descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in ("sources", "figures")]
    report = Package(descriptor, basepath=str(tmp_path)).validate()
    errors = [e for t in report.tasks for e in t.errors]
    assert [e.type for e in errors] == ["foreign-key"]
    assert "no-such-source" in errors[0].message


def test_committed_tidy_tables_are_what_the_code_produces():
    """Re-running the data-prep on unchanged input would change no byte."""
    tables = build_tables(read_inputs(REPO_KIT))
    resources = json.loads(REPO_KIT.datapackage.read_text())["resources"]
    columns = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in resources}
    assert set(tables) == set(tidy_names(REPO_KIT))
    for name, rows in tables.items():
        assert (REPO_KIT.tidy / f"{name}.csv").read_text(encoding="utf-8") == to_csv(rows, columns[name]), name


def test_the_data_dictionary_is_what_the_data_package_renders():
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert readme == dictionary.render(REPO_KIT), "run: python -m newsfigures prepare (it rewrites data/README.md)"
    for resource in json.loads(REPO_KIT.datapackage.read_text())["resources"]:
        section = readme.split(f"## `{resource['path']}`", 1)[1].split("\n## ", 1)[0]
        for field in resource["schema"]["fields"]:
            assert re.search(rf"^\| {re.escape(field['name'])} +\| {field['type']} +\|", section, re.M), field["name"]


def test_a_changed_data_package_changes_the_dictionary(kit_copy):
    package = kit_copy / "data" / "datapackage.json"
    descriptor = json.loads(package.read_text())
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = "A planted description."
    package.write_text(json.dumps(descriptor))
    assert "A planted description." in dictionary.render(Kit(kit_copy))
    assert dictionary.render(Kit(kit_copy)) != (kit_copy / "data" / "README.md").read_text(encoding="utf-8")


def test_the_readme_and_the_data_package_state_the_same_licences():
    declared = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [licence["name"] for licence in declared] == ["CC-BY-4.0"]
    assert "(CC-BY-4.0), as `data/datapackage.json` declares" in readme
    assert "MIT licence" in declared[0]["title"] and "code (`newsfigures/`, `tests/`): MIT licence" in readme
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject
