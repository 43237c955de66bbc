"""The steps of guide/bring-your-own-article.md, as a teacher takes them in a copy of the kit.

Each function is one step: put the text in seeds/, read annotate's sheet,
paste the sources row and the figures rows it prints (with the cells only a
reader can fill), run prepare, re-run the notebooks with the command the guide
gives. tests/test_byo_article.py and tests/test_more_articles.py share them.
"""

import csv
import io
import os
import re
import shlex
import subprocess
import sys

from kit_command import run_kit
from notebook_charts import run_notebook
from repo import REPO

from newsfigures.__main__ import main
from newsfigures.display.figures import as_worded

GUIDE = REPO / "guide" / "bring-your-own-article.md"
PRACTICE = REPO / "tests" / "fixtures"  # the invented articles the guide offers for practice
HAND_MADE = ("seeds/sources.csv", "data/input/figures.csv", "data/input/voices.csv")  # the files with a source_id column


def run(kit, *command, ok=True):
    """`python -m newsfigures COMMAND`, as the teacher types it in the kit's folder; returns its output."""
    done = run_kit(kit, *command)
    assert (done.returncode == 0) == ok, done.stderr or done.stdout
    return done.stdout if ok else done.stderr


def csv_rows(text, width):
    """The lines of annotate's output that are CSV rows of `width` cells."""
    rows = []
    for line in text.splitlines():
        cells = next(csv.reader([line])) if line else []
        if len(cells) == width:
            rows.append((line, cells))
    return rows


def append_line(path, line):
    """Paste a line at the end of a CSV file, as a text editor or spreadsheet would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def as_csv(cells):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def header(path):
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def without_practice_articles(kit):
    """Step 0: the copy as the kit ships, without any practice article of tests/fixtures/ that the teacher
    added when trying the guide (its seed, and its rows in every hand-made file), prepared again."""
    practice = {p.name for p in PRACTICE.glob("*.txt")}
    with (kit / HAND_MADE[0]).open(encoding="utf-8", newline="") as f:
        ids = {row["source_id"] for row in csv.DictReader(f) if row["file"] in practice}
    if not ids:
        return
    for name in HAND_MADE:
        path = kit / name
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            kept = [row for row in reader if row["source_id"] not in ids]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, reader.fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
    for name in practice:
        (kit / "seeds" / name).unlink(missing_ok=True)
    run(kit, "prepare")


def add_seed(kit, article):
    """Step 1: the article's text goes into seeds/."""
    seed = kit / "seeds" / article.name
    seed.write_bytes(article.read_bytes())
    return seed


def annotate(seed, capsys):
    """Step 2: annotate's sheet (the same command as `python -m newsfigures annotate`, run in this process)."""
    assert main(["annotate", f"seeds/{seed.name}"]) == 0
    return capsys.readouterr().out


def add_source_row(kit, sheet, seed, cells):
    """Step 3: the sources row annotate prints, pasted with the teacher's cells filled in; returns it."""
    columns = header(kit / "seeds/sources.csv")
    ((_, printed),) = [(n, c) for n, c in csv_rows(sheet, len(columns)) if c[1] == seed.name]
    source = dict(zip(columns, printed, strict=True))
    row = {c: cells.get(c, source[c]) for c in columns}
    append_line(kit / "seeds/sources.csv", as_csv([row[c] for c in columns]))
    return row


def offered_figures(kit, sheet, source_id):
    """The figures rows annotate offers for an article: {number_text: row}."""
    columns = header(kit / "data/input/figures.csv")
    rows = [dict(zip(columns, c, strict=True)) for _, c in csv_rows(sheet, len(columns)) if c[1] == source_id]
    return {row["number_text"]: row for row in rows}


def add_figure_rows(kit, offered, judgement, common):
    """Step 4: the rows of the figures a lesson needs, copied from annotate's sheet, judgement filled in."""
    columns = header(kit / "data/input/figures.csv")
    assert set(judgement) <= set(offered), sorted(offered)
    for number_text, cells in judgement.items():
        row = offered[number_text] | common | cells
        append_line(kit / "data/input/figures.csv", as_csv([row[c] for c in columns]))


def rerun_command():
    """The command the guide gives to re-run the notebooks, as a list of arguments."""
    text = GUIDE.read_text(encoding="utf-8")
    (line,) = re.findall(r"^\s*(jupyter nbconvert .*)$", text, flags=re.MULTILINE)
    return shlex.split(line)


def rerun_notebooks(kit):
    """Step 6: the guide's command, run in the kit's folder (its shell pattern expanded, as a shell
    would); returns the notebooks it re-ran."""
    program, *args = rerun_command()
    assert program == "jupyter"
    expanded = [str(p) for a in args for p in (sorted(kit.glob(a)) if "*" in a else [a])]
    env = {k: v for k, v in os.environ.items() if k != "KIT_ROOT"}  # the kit is found from the working directory
    done = subprocess.run([sys.executable, "-m", "jupyter", *expanded], cwd=kit, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return [a for a in expanded if a.endswith(".ipynb")]


def every_article_charts(kit):
    """The charts that list every article (02's magnitudes, voices and figures by kind, 03's words), as drawn."""
    charts = run_notebook(kit, "02-chart-the-figures.ipynb").charts
    return charts | run_notebook(kit, "03-read-and-discuss.ipynb").charts


def assert_charts_show_the_article(charts, outlet, figures, counts):
    """The charts that list every article show this one: its outlet in the legend, each of its figures among the
    figures by kind, and exactly the figures `counts` (figure ids) on the log scale of counts, each worded as the
    article words it; a bound has an arrow towards the side it leaves open."""
    by_kind = charts["02-figures-by-kind"]["alt"] + " " + charts["02-figures-by-kind"]["all_text"]
    assert outlet.split(" (")[0] in by_kind
    assert all(number_text in by_kind for number_text in figures["number_text"])
    magnitudes = charts["02-magnitudes-log-scale"]["axes"][0]
    assert outlet in magnitudes["legend"]
    labels = [" ".join(t["text"].split()) for t in magnitudes["texts"]]
    shown = {f for f, row in figures.iterrows() if f"{as_worded(row)}: {row['measure']} ({row['basis']})" in labels}
    assert shown == set(counts), (shown, counts)
    arrow_ends = {t["xy"][0] for t in magnitudes["texts"] if t["text"] == ""}
    for _, row in figures.loc[list(counts)].iterrows():
        if row["bound"] in ("upper bound", "lower bound"):
            end = row["value"] * (3 if row["bound"] == "lower bound" else 1 / 3)
            assert any(abs(x - end) < 1e-9 * end for x in arrow_ends), row["number_text"]
    assert outlet.split(" (")[0] in charts["03-terms"]["axes"][0]["legend"]
