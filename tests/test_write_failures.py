"""A full disk or a read-only folder, wherever the kit writes, gives one clear
message, leaves no partial or truncated file, and keeps what was there.

The failures are simulated (tests run as root, which read-only permissions
do not stop): a file operation raises OSError(ENOSPC) or OSError(EROFS).
"""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prepare_runner import install_hooks

from newsfigures import files
from newsfigures.__main__ import main
from newsfigures.charts import chart, notebook_png, save
from newsfigures.errors import InputError
from newsfigures.kit import Kit
from newsfigures.tables import load, store, switch
from newsfigures.tables.prepare import build_tables, read_inputs

FULL = OSError(errno.ENOSPC, "No space left on device")
READ_ONLY = OSError(errno.EROFS, "Read-only file system")
TIDY_CHANGED = ("figures", "numbers", "voices")


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def failing(error):
    def action(*_, **__):
        raise error

    return action


def fail_at(monkeypatch, at, error=FULL):
    """Make the `at`-th file operation from now on raise `error`."""
    return install_hooks(at, failing(error), monkeypatch.setattr)


# ---- the shared helper -------------------------------------------------------


@pytest.mark.parametrize("error, fix", [(FULL, "make room on the disk"), (READ_ONLY, "may be written to")])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_one(tmp_path, monkeypatch, error, fix):
    target = tmp_path / "table.csv"
    target.write_bytes(b"yesterday\n")
    monkeypatch.setattr(os, "write", failing(error))
    monkeypatch.setattr(Path, "unlink", failing(OSError(errno.EIO, "cleanup fails too")))
    with pytest.raises(files.WriteFailed) as caught:
        files.write_bytes_atomic(target, b"today\n" * 1000, Kit(tmp_path))
    monkeypatch.undo()
    message = str(caught.value)
    assert f"table.csv: the file could not be written ({error.strerror}). The file was left as it was." in message
    assert "How to fix it: " in message and fix in message
    assert "cleanup fails too" not in message
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None  # one error, not two
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers in (["table.csv"], [".table.csv.%d.tmp" % os.getpid(), "table.csv"])  # cleanup was made to fail
    assert target.read_bytes() == b"yesterday\n"


def test_a_temporary_file_is_removed_when_cleanup_works(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    monkeypatch.setattr(os, "fsync", failing(FULL))
    with pytest.raises(files.WriteFailed):
        files.write_bytes_atomic(target, b"today\n", Kit(tmp_path))
    assert list(tmp_path.iterdir()) == []


# ---- prepare -------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(make_kit_copy, tmp_path_factory):
    """A kit, its tables as prepare makes them, and older tables that differ in three of them."""
    kit = make_kit_copy(tmp_path_factory.mktemp("failures") / "kit")
    new = snapshot(kit / "data/tidy")
    old = dict(new, **{f"{name}.csv": f"yesterday's {name}\n".encode() for name in TIDY_CHANGED})
    return kit, build_tables(read_inputs(Kit(kit))), old, new


def put(folder, state):
    for path in folder.iterdir():
        path.unlink()
    for name, data in state.items():
        (folder / name).write_bytes(data)


@pytest.mark.slow
def test_prepare_fails_whole_at_every_file_operation(prepared, monkeypatch):
    kit, tables, old, new = prepared
    tidy = kit / "data/tidy"
    outcomes = set()
    for at in range(1, 200):
        put(tidy, old)
        with monkeypatch.context() as patch:
            count = fail_at(patch, at)
            try:
                store.write_tables(tables, Kit(kit))
                outcome = "done"
            except files.WriteFailed as err:
                outcome, message = "failed", str(err)
        if count[0] < at:  # the run had fewer operations: every one has failed once
            break
        if outcome == "failed":
            assert "could not be written" in message and "(No space left on device)" in message, message
            assert "\n  How to fix it: make room on the disk" in message and message.count("How to fix it") == 1
            assert snapshot(tidy) == old, f"operation {at}: {message}"
        else:  # only a clean-up step failed: the new tables are in place
            assert {n: d for n, d in snapshot(tidy).items() if not n.startswith(".")} == new, f"operation {at}"
        with switch.locked(tidy, Kit(kit)):  # what the next run does first: what a failed clean-up left goes
            switch.clean(tidy)
        expected = old if outcome == "failed" else new
        if (tidy / switch.MARKER).exists():  # its removal failed: the tables load only after the next run
            assert outcome == "done", f"operation {at}"
            with pytest.raises(InputError, match="a `prepare` run is replacing the tables"):
                load.tidy("figures", Kit(kit))
            (tidy / switch.MARKER).unlink()
        assert sorted(p.name for p in tidy.iterdir()) == sorted(expected) and snapshot(tidy) == expected, f"operation {at}"
        outcomes.add(outcome)
    assert at > 20 and outcomes == {"done", "failed"}


@pytest.mark.slow
@pytest.mark.parametrize("at", [3, 20])  # an early and a late file operation, both before the switch is done
def test_prepare_on_a_full_disk_prints_one_message_and_no_traceback(prepared, at):
    kit, _, old, _ = prepared
    put(kit / "data/tidy", old)
    code = (
        "import sys; from prepare_runner import install_hooks, full_disk; from newsfigures.__main__ import main\n"
        f"install_hooks({at}, full_disk); sys.exit(main(['prepare']))"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", code], cwd=kit, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.count("How to fix it: make room on the disk") == 1 and "Traceback" not in done.stderr, done.stderr
    assert "(No space left on device)" in done.stderr
    assert snapshot(kit / "data/tidy") == old


# ---- build ---------------------------------------------------------------------


@pytest.mark.slow
def test_build_on_a_full_disk_writes_each_file_whole_and_says_so(kit_copy, monkeypatch, capsys):
    monkeypatch.chdir(kit_copy)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing_on_call(os.replace, 3, FULL))
        assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "could not be written (No space left on device). It was left as it was; 2 file(s) before it were written" in err
    assert err.count("How to fix it") == 1 and not err.startswith("Nothing was written")
    build = kit_copy / "build"
    after_failure = snapshot(build)
    assert not [name for name in after_failure if name.endswith(".tmp")]
    assert main(["build"]) == 0  # the two files already written are not taken for edited ones
    complete = snapshot(build)
    assert len(after_failure) == 3
    assert all(complete[name] == data for name, data in after_failure.items() if name != ".manifest.json")


def failing_on_call(real, number, error):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.slow
@pytest.mark.parametrize(
    "content, reason", [('{"build/teacher/', "it is not valid JSON"), ("[]", "it is not a list of file names and checksums")]
)
def test_a_damaged_build_manifest_is_reported_as_such(kit_copy, monkeypatch, capsys, content, reason):
    monkeypatch.chdir(kit_copy)
    assert main(["build"]) == 0
    manifest = kit_copy / "build/.manifest.json"
    manifest.write_text(content, encoding="utf-8")
    before = snapshot(kit_copy / "build")
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Nothing was written. build/.manifest.json: the build manifest is damaged: {reason}")
    assert "How to fix it: copy any file in build/ you edited" in err
    assert snapshot(kit_copy / "build") == before


# ---- chart files -----------------------------------------------------------------


def bar_chart(height):
    fig, ax = chart("A test chart", "letter", "count", source="Source: a test")
    ax.bar(["a", "b"], [1, height])
    return fig


@pytest.mark.parametrize("error, fix", [(FULL, "make room on the disk"), (READ_ONLY, "may be written to")])
def test_a_chart_that_cannot_be_saved_is_still_shown_with_one_message(tmp_path, monkeypatch, capsys, error, fix):
    fig = bar_chart(2)
    _, fingerprint = notebook_png(fig)
    save(fig, "test-chart", fingerprint, tmp_path)
    before = snapshot(tmp_path)
    changed = bar_chart(3)
    _, new_fingerprint = notebook_png(changed)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing_on_call(os.replace, 2, error))  # the SVG is replaced, the PNG is not
        save(changed, "test-chart", new_fingerprint, tmp_path)  # no exception: the notebook goes on
    err = capsys.readouterr().err
    assert err.startswith("The chart is shown here, but its slide and print files were not saved. test-chart.png: ")
    assert f"({error.strerror})" in err and fix in err and err.count("How to fix it") == 1
    after = snapshot(tmp_path)
    assert sorted(after) == ["README.md", "test-chart.png", "test-chart.svg"]
    assert after["test-chart.png"] == before["test-chart.png"]
    save(changed, "test-chart", new_fingerprint, tmp_path)  # the old fingerprint makes the next run draw both again
    assert snapshot(tmp_path)["test-chart.png"] != before["test-chart.png"]
