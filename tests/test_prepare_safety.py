"""`prepare` is all-or-nothing across crashes and concurrent runs, and reads
only seeds that were copied into seeds/.

Generation A is the kit's tables without terms.csv (as on a first run);
generation B follows one figure renamed and one voice's note changed, so
it differs in three tables and adds a fourth. A helper process writes B and
is killed (SIGKILL, no clean-up) just before each of its file operations in
turn; after each kill, the tables a notebook loads are exactly A or exactly B,
byte for byte, or loading refuses; and the next run leaves exactly B.
"""

import csv
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfigures.__main__ import main
from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.tables import load, store, switch
from newsfigures.tables.prepare import build_tables, read_inputs
from newsfigures.text.seeds import read_seed

RUNNER = Path(__file__).with_name("prepare_runner.py")
pytestmark = pytest.mark.slow


def snapshot(folder):
    """Every file under `folder`, hidden ones included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def visible(folder):
    """The tables a notebook would read."""
    return {p.name: p.read_bytes() for p in folder.glob("*.csv")}


def generation_of(state, old, new):
    return "A" if state == old else "B" if state == new else None


def put(folder, state):
    shutil.rmtree(folder)
    folder.mkdir()
    for name, data in state.items():
        (folder / name).write_bytes(data)


def edit_cell(path, key, column, value):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for row in rows:
        if row[fields[0]] == key:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def generations(make_kit_copy, tmp_path_factory):
    """(kit whose inputs give B, B's tables as JSON, snapshot A, snapshot B)."""
    base = tmp_path_factory.mktemp("generations")
    kit = make_kit_copy(base / "kit")
    tidy = kit / "data/tidy"
    (tidy / "terms.csv").unlink()
    old = snapshot(tidy)
    figures, voices = kit / "data/input/figures.csv", kit / "data/input/voices.csv"
    edit_cell(figures, "un-coi-report-year", "figure_id", "renamed-figure")  # a figure no notebook needs by its id
    edit_cell(voices, first_key(voices), "note", "A note changed for this test.")
    tables = build_tables(read_inputs(Kit(kit)))
    tables_json = base / "tables.json"
    tables_json.write_text(json.dumps(tables), encoding="utf-8")
    store.write_tables(json.loads(tables_json.read_text(encoding="utf-8")), Kit(kit))
    new = snapshot(tidy)
    changed = {name for name in new if old.get(name) != new[name]}
    assert changed == {"figures.csv", "numbers.csv", "voices.csv", "terms.csv"}, changed
    put(tidy, old)
    return kit, tables_json, old, new


def first_key(path):
    """The first cell of the first row (its id)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1][0]


def runner(kit, tables_json, mode, at, *extra, wait=True):
    command = [sys.executable, str(RUNNER), str(kit), str(tables_json), mode, str(at), *map(str, extra)]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def switching(tidy):
    return (tidy / switch.MARKER).exists()


def loads(kit):
    """The tables a notebook loads ({file name: bytes}), or None if loading refuses."""
    tidy = kit / "data/tidy"
    try:
        for path in tidy.glob("*.csv"):
            load.tidy(path.stem, Kit(kit))
    except InputError as err:
        assert "a `prepare` run is replacing the tables, or was stopped while it did" in str(err)
        return None
    return visible(tidy)


def test_the_generation_check_catches_a_mixed_set(generations):
    _, _, old, new = generations
    mixed = dict(old, **{"figures.csv": new["figures.csv"]})
    assert generation_of(old, old, new) == "A" and generation_of(new, old, new) == "B"
    assert generation_of(mixed, old, new) is None
    assert generation_of(dict(old, **{".leftover.tmp": b""}), old, new) is None


def test_a_run_killed_before_any_of_its_file_operations_never_lets_a_notebook_load_a_mixed_set(generations, monkeypatch, capsys):
    kit, tables_json, old, new = generations
    tidy = kit / "data/tidy"
    seen, mixed_at = [], None
    for at in itertools.count(1):
        put(tidy, old)
        done = runner(kit, tables_json, "kill", at)
        if done.returncode == 0:
            break
        assert done.returncode == -signal.SIGKILL, done.stderr
        loaded = loads(kit)
        if loaded is None:
            assert switching(tidy), f"killed before operation {at}: loading refused with no switch under way"
            mixed_at = mixed_at or (at if generation_of(visible(tidy), old, new) is None else None)
        else:
            assert generation_of(loaded, old, new), f"killed before operation {at}: a notebook loaded a mixed set"
        seen.append(generation_of(loaded, old, new) if loaded else "refused")
    total = int(done.stdout)
    assert total == at - 1 >= 15, done.stdout
    assert {"A", "B", "refused"} <= set(seen) and mixed_at, "the kills never caught the switch half done"
    assert snapshot(tidy) == new  # the run that was not killed

    # A real run after a kill mid-switch finishes it and leaves nothing behind.
    put(tidy, old)
    assert runner(kit, tables_json, "kill", mixed_at).returncode == -signal.SIGKILL
    monkeypatch.chdir(kit)
    assert main(["prepare"]) == 0, capsys.readouterr().err
    assert snapshot(tidy) == new and loads(kit) == visible(tidy)


def test_a_second_run_stops_and_names_the_first(generations, monkeypatch, capsys, tmp_path):
    kit, tables_json, old, new = generations
    tidy = kit / "data/tidy"
    put(tidy, old)
    ops = [line.split() for line in runner(kit, tables_json, "trace", 0).stdout.splitlines()[:-1]]
    marked = [int(number) for number, state in ops if state == "switching"]
    put(tidy, old)
    first = runner(kit, tables_json, "pause", marked[len(marked) // 2], tmp_path, wait=False)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "paused").exists():
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the first run never paused"
            time.sleep(0.05)
        during = snapshot(tidy)
        assert switching(tidy) and generation_of(visible(tidy), old, new) is None  # paused half switched
        assert loads(kit) is None  # a notebook meanwhile loads nothing
        monkeypatch.chdir(kit)
        assert main(["prepare"]) == 1
        err = capsys.readouterr().err
        assert f"data/tidy/: another prepare is running (pid {first.pid}), so this one stopped without changing anything." in err
        assert "How to fix it: wait until it has finished" in err
        assert snapshot(tidy) == during
    finally:
        (tmp_path / "go").touch()
        first.wait(timeout=60)
    assert first.returncode == 0, first.stderr.read()
    assert snapshot(tidy) == new


def test_a_marker_left_by_a_killed_run_stops_loading_until_the_next_run(generations, monkeypatch, capsys):
    kit, _, old, _ = generations
    tidy = kit / "data/tidy"
    put(tidy, old)
    (tidy / switch.MARKER).write_text("figures.csv\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load.tidy("figures", Kit(kit))
    assert str(refused.value).startswith("data/tidy/: a `prepare` run is replacing the tables, or was stopped while it did")
    assert "How to fix it: wait for the run to finish; if none is running, run `python -m newsfigures prepare`" in (
        str(refused.value)
    )
    monkeypatch.chdir(kit)
    assert main(["prepare"]) == 0, capsys.readouterr().err
    assert not switching(tidy) and loads(kit) == visible(tidy)


# ---- seeds that are links --------------------------------------------------


@pytest.mark.parametrize("target", ["outside", "inside", "dangling"])
def test_prepare_refuses_a_seed_that_is_a_symbolic_link(kit_copy, monkeypatch, capsys, target):
    with (kit_copy / "seeds/sources.csv").open(encoding="utf-8", newline="") as f:
        seed = kit_copy / "seeds" / next(csv.DictReader(f))["file"]
    copy = {"outside": kit_copy / "article.txt", "inside": kit_copy / "seeds/copy.txt", "dangling": None}[target]
    if copy:
        shutil.copy(seed, copy)
    seed.unlink()
    seed.symlink_to(copy or kit_copy / "seeds/missing.txt")
    before = snapshot(kit_copy / "data/tidy")
    monkeypatch.chdir(kit_copy)
    assert main(["prepare"]) == 1
    err = capsys.readouterr().err
    assert (
        f"seeds/{seed.name}: the seed file is a symbolic link, not a file of its own (named on line 2 of seeds/sources.csv" in err
    )
    assert "How to fix it: delete the link and copy the article's text into seeds/" in err
    assert snapshot(kit_copy / "data/tidy") == before


def test_a_seed_outside_seeds_or_a_link_is_refused_by_annotate_too(kit_copy, monkeypatch, capsys):
    outside = kit_copy / "article.txt"
    outside.write_text("A survey of 12 pupils.\n", encoding="utf-8")
    with pytest.raises(InputError, match="^article.txt: the file is not in seeds/"):
        read_seed(outside, Kit(kit_copy))
    (kit_copy / "seeds/link.txt").symlink_to("sources.csv")
    monkeypatch.chdir(kit_copy)
    assert main(["annotate", "seeds/link.txt"]) == 1
    assert capsys.readouterr().err.startswith("seeds/link.txt: the seed file is a symbolic link, not a file of its own")
