"""The package is generic machinery: nothing in newsfigures/ names these articles,
their subject or their countries. This case's work lives in the notebooks and data/."""

import csv
import json
import re

from articles import BUILT_IN
from repo import REPO, REPO_KIT

# The subject, in the words a case-specific line would use (stems: "repatriat" finds repatriated, repatriation).
SUBJECT_WORDS = [
    "korea",
    "china",
    "chinese",
    "pyongyang",
    "beijing",
    "seoul",
    "defector",
    "refugee",
    "traffick",
    "repatriat",
    "abortion",
    "sex ratio",
    "bride",
    "stateless",
    "unification",
    "woman",
    "women",
]


def case_names():
    """Every id and name this case's data gives: articles, outlets, authors, context tables and their columns."""
    with (REPO_KIT.seeds / "sources.csv").open(encoding="utf-8") as f:
        sources = list(csv.DictReader(f))
    names = {row["source_id"] for row in sources} | {row["outlet"].split(" (")[0] for row in sources}
    names |= {row["author"] for row in sources}
    # The built-in authors' surnames too; another article's author may be an organisation, or
    # a surname that is a common word ("Read"), which the package's own prose may use.
    names |= {part for row in sources if row["source_id"] in BUILT_IN for part in row["author"].split() if len(part) > 2}
    resources = json.loads(REPO_KIT.datapackage.read_text(encoding="utf-8"))["resources"]
    for resource in resources:
        if resource["path"].startswith("input/context/"):
            names |= {resource["name"], resource["path"].rsplit("/", 1)[1].removesuffix(".csv")}
            names |= {field["name"] for field in resource["schema"]["fields"] if "_" in field["name"]}
    names -= {"sources", "context-sources", "source_id", "first_year", "last_year", "estimate_id", "as_of"}  # generic names
    return sorted(names)


def case_words_in(folder):
    """(file, line number, word) for every subject word or case name in the folder's text files."""
    stems = [rf"\b{re.escape(word)}" for word in SUBJECT_WORDS]
    names = [rf"\b{re.escape(name.lower())}\b" for name in case_names()]
    pattern = re.compile("|".join(stems + names))
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".css", ".json", ".txt", ".md"}:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                found += [(path.relative_to(folder).as_posix(), number, m.group(0)) for m in pattern.finditer(line.lower())]
    return found


def test_the_case_names_are_read_from_the_data():
    names = case_names()
    assert {"upi-2015-shim", "conversation-2017-lim", "kr-arrivals-by-sex", "nk_in_china_estimates"} <= set(names)


def test_the_package_names_no_article_subject_or_country():
    assert case_words_in(REPO / "newsfigures") == []


def test_a_case_word_planted_in_the_package_is_found(tmp_path):
    (tmp_path / "charts.py").write_text('TITLE = "Estimates of North Koreans living in China"\n', encoding="utf-8")
    (tmp_path / "rows.py").write_text('COLUMNS = ("name", "speech")\nTABLE = "kr-arrivals-by-sex"\n', encoding="utf-8")
    assert case_words_in(tmp_path) == [("charts.py", 1, "korea"), ("charts.py", 1, "china"), ("rows.py", 2, "kr-arrivals-by-sex")]
