"""Replace the tidy tables as one generation: per-file atomic renames, and a marker while they happen.

The tables stay plain files at their usual paths (data/tidy/<name>.csv), so the
switch cannot be one rename. Instead:

1. A lock on data/tidy/.prepare.lock.tmp admits one run at a time; a second
   run stops at once and names the first one's pid. The system drops the
   lock when its process ends, however it ends.
2. The new tables are written, flushed and checked in the run's own folder,
   data/tidy/.prepare-<pid>.tmp/; data/tidy/ is not touched yet.
3. The marker data/tidy/.switching.tmp is written: from now until it is
   removed, loading a table refuses (`refuse_if_switching`), because the
   tables may come from two runs.
4. Each changed table is put in place with one atomic rename (os.replace);
   then the marker is removed: that removal is the moment the new generation
   is in place.

A run that is killed leaves either no marker (data/tidy/ as it was, or whole
and new) or the marker (the notebooks refuse to load until a run finishes:
the next run writes every changed table again and removes it). A run that
fails with an error puts the old tables back itself, then removes the marker
(unless a killed run had left it: those tables may be mixed).
"""

import errno
import os
import shutil
from contextlib import contextmanager, suppress

from newsfigures.errors import InputError
from newsfigures.files import fsync_file, fsync_folder, write_failed, write_synced

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

LOCK = ".prepare.lock.tmp"
RUN = ".prepare-{pid}.tmp"
MARKER = ".switching.tmp"
HELD = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)


# ---- one run at a time -----------------------------------------------------


@contextmanager
def locked(folder, kit):
    """Hold the lock of `folder` for the block; raises InputError if another run holds it."""
    path = folder / LOCK
    try:
        fd = acquire(path, kit)
    except OSError as err:
        raise write_failed(path, err, "No file was changed.", kit) from None
    try:
        yield
    finally:
        with suppress(OSError):
            path.unlink()  # before unlocking: a run that opened this file then finds it gone and retries
        os.close(fd)


def acquire(path, kit):
    """A descriptor of the lock file, locked by this process, with its pid written in."""
    while True:
        fd, ours = os.open(path, os.O_RDWR | os.O_CREAT, 0o666), False
        try:
            if not try_lock(fd):
                raise busy(path, fd, kit)
            ours = os.path.exists(path) and os.path.samestat(os.fstat(fd), os.stat(path))
            if ours:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                return fd
        except BaseException:
            if ours:
                with suppress(OSError):
                    path.unlink()
            os.close(fd)
            raise
        os.close(fd)  # the run that held it removed this file: lock the new one


def busy(path, fd, kit):
    os.lseek(fd, 0, os.SEEK_SET)
    holder = os.read(fd, 32).decode("ascii", "replace").strip()
    who = f"pid {holder}" if holder else "it is just starting"
    return InputError(
        kit.relative(path.parent) + "/",
        f"another prepare is running ({who}), so this one stopped without changing anything.",
        "wait until it has finished (its window or notebook cell says so), then run the step again.",
    )


def try_lock(fd):
    try:
        if fcntl:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte past the pid, which others read
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as err:
        if err.errno in HELD:
            return False
        raise
    return True


# ---- the switch --------------------------------------------------------------


def run_folder(folder):
    """This run's own folder, for the new tables before they are put in place."""
    run = folder / RUN.format(pid=os.getpid())
    run.mkdir()
    return run


def stage(run, name, text):
    """Put a new file into the run folder, flushed to the disk."""
    path = run / name
    path.write_text(text, encoding="utf-8", newline="")
    fsync_file(path)


def switch(run, folder, names, kit):
    """Put run/<name> in place of folder/<name> for each name, as one generation (see above)."""
    marker = folder / MARKER
    # A killed run's marker stays until this run is done: the tables it left may be mixed.
    left_by_killed_run = marker.exists()
    if not names and not left_by_killed_run:
        return
    old = {name: (folder / name).read_bytes() if (folder / name).is_file() else None for name in names}
    try:
        if not left_by_killed_run:
            write_synced(marker, "\n".join(names).encode("utf-8"))
            fsync_folder(folder)
    except OSError as err:
        with suppress(OSError):
            marker.unlink(missing_ok=True)
        raise write_failed(folder, err, "No table was changed.", kit) from None
    current = None
    try:
        for current in names:
            os.replace(run / current, folder / current)
        fsync_folder(folder)
    except BaseException as err:
        back = put_back(run, folder, old) and (left_by_killed_run or unmark(marker))
        if not isinstance(err, OSError):
            raise
        kept = "Every table was put back as it was." if back else "Run the step again: it writes every table again."
        raise write_failed(folder / current, err, kept, kit) from None
    unmark(marker)  # the new generation is in place


def unmark(marker):
    """Remove the marker; True if done (one that stays only makes the next run finish the switch again)."""
    try:
        marker.unlink()
        fsync_folder(marker.parent)
    except OSError:
        return False
    return True


def put_back(run, folder, old):
    """Put the old tables back after an error; True if done."""
    try:
        for name, data in old.items():
            if data is None:
                (folder / name).unlink(missing_ok=True)  # a table that did not exist before
                continue
            write_synced(run / f"old-{name}", data)
            os.replace(run / f"old-{name}", folder / name)
        fsync_folder(folder)
    except OSError:
        return False
    return True


def discard(run):
    """Remove the run's own folder."""
    with suppress(OSError):
        shutil.rmtree(run)


def clean(folder):
    """Remove what a killed run left behind, except the lock and the marker (call with the lock held)."""
    for path in folder.glob(".*.tmp"):
        if path.name in (LOCK, MARKER):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


# ---- loading ------------------------------------------------------------------


def refuse_if_switching(folder, kit):
    """Raise InputError if a run is switching the tables, or was stopped while it did: they may be mixed."""
    if (folder / MARKER).exists():
        raise InputError(
            kit.relative(folder) + "/",
            "a `prepare` run is replacing the tables, or was stopped while it did, so they may come from two "
            "different runs; no table is read until that is finished.",
            "wait for the run to finish; if none is running, run `python -m newsfigures prepare` (or notebook 01) "
            "again, then run this cell again.",
        )
