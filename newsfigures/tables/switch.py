"""Replace a set of files in one folder as one generation, across crashes and concurrent runs.

The files stay plain files at their usual paths (data/tidy/<name>.csv), so
the switch cannot be a single rename. Instead:

1. A lock on data/tidy/.prepare.lock.tmp admits one run at a time; a second
   run stops at once and names the first one's pid. The system drops the
   lock when its process ends, however it ends.
2. The run works in a folder of its own, data/tidy/.prepare-<pid>.tmp/: the
   new files go to new/, second names (hard links) of the files they replace
   to old/, each flushed to the disk.
3. A journal, switch.json, is written there (atomically): from that moment
   the new generation is complete and the switch will be finished.
4. Each file is put in place with an atomic rename; then the journal and the
   run folder are removed.

A run killed at any instant leaves either no journal (data/tidy/ untouched:
the next run deletes the leftovers) or a journal (the next run first rolls
the switch forward). A run that fails with an error mid-switch puts the old
files back itself.
"""

import errno
import json
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
JOURNAL = "switch.json"
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
    """This run's own folder, with new/ and old/ in it."""
    run = folder / RUN.format(pid=os.getpid())
    for part in ("new", "old"):
        (run / part).mkdir(parents=True)
    return run


def stage(run, name, text):
    """Put a new file into the run folder, flushed to the disk."""
    path = run / "new" / name
    path.write_text(text, encoding="utf-8", newline="")
    fsync_file(path)


def switch(run, folder, names, kit):
    """Put run/new/<name> in place of folder/<name> for each name, as one generation."""
    if not names:
        return
    try:
        had_old = commit(run, folder, names)
    except OSError as err:
        with suppress(OSError):  # nothing was switched yet: withdraw the journal if it got written
            (run / JOURNAL).unlink(missing_ok=True)
        raise write_failed(folder, err, "No table was changed.", kit) from None
    current = None
    try:
        for current in names:
            install(run, folder, current, "new")
        fsync_folder(folder)
    except BaseException as err:
        back = roll_back(run, folder, names, had_old)
        if not isinstance(err, OSError):
            raise
        kept = (
            "Every table was put back as it was."
            if back
            else "Some tables are new and some old: run the step again, and it will first finish this switch."
        )
        raise write_failed(folder / current, err, kept, kit) from None
    finish(run)


def commit(run, folder, names):
    """Keep the old files beside the new, then write the journal: the point of no return."""
    had_old = []
    for name in names:
        if (folder / name).is_file():
            link_or_copy(folder / name, run / "old" / name)
            had_old.append(name)
    for part in ("new", "old", ""):
        fsync_folder(run / part)
    journal = json.dumps({"replace": names}, indent=1) + "\n"
    write_synced(run / f"{JOURNAL}.part", journal.encode("utf-8"))
    os.replace(run / f"{JOURNAL}.part", run / JOURNAL)
    fsync_folder(run)
    return had_old


def install(run, folder, name, side):
    """Put run/<side>/<name> in place with one atomic rename; both generations stay in the run folder."""
    source, target = run / side / name, folder / name
    temp = folder / f".{name}.{os.getpid()}.tmp"
    temp.unlink(missing_ok=True)
    if target.exists() and os.path.samefile(source, target):
        return  # already in place (a rename onto a second name of the same file would do nothing)
    try:
        link_or_copy(source, temp)
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


def roll_back(run, folder, names, had_old):
    """Put the old files back after an error; True if done. If not, the journal stays for the next run."""
    try:
        for name in names:
            if name in had_old:
                install(run, folder, name, "old")
            else:
                (folder / name).unlink(missing_ok=True)  # a file that did not exist before
        fsync_folder(folder)
    except OSError:
        return False
    finish(run)
    return True


def finish(run):
    """The switch is complete: remove the journal first, then the rest of the run folder."""
    with suppress(OSError):  # whatever is left is removed by the next run
        (run / JOURNAL).unlink()
        fsync_folder(run)
        shutil.rmtree(run)


def discard(run):
    """Remove the folder of a run that stopped before its journal was written (nothing was switched)."""
    if run.is_dir() and not (run / JOURNAL).exists():
        with suppress(OSError):
            shutil.rmtree(run)


def link_or_copy(source, target):
    """A second name for a file (a hard link, or a flushed copy where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        fsync_file(target)


# ---- repair after a crash -------------------------------------------------------


def recover(folder, kit):
    """Finish the switch of a run that was killed, and remove leftovers. Call with the lock held.
    Returns the names it put in place."""
    finished = []
    for path in sorted(folder.glob(".*.tmp")):
        if path.name == LOCK:
            continue
        if path.is_dir() and (path / JOURNAL).is_file():
            names = read_journal(path / JOURNAL, kit)
            for name in names:
                if not (path / "new" / name).is_file():
                    raise damaged(path / JOURNAL, f"it lists {name}, which is not in the folder", kit)
                install(path, folder, name, "new")
            fsync_folder(folder)
            finish(path)
            finished += names
        elif path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return finished


def read_journal(path, kit):
    """The names the journal lists (plain file names only)."""
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise damaged(path, f"it is not valid JSON ({err})", kit) from None
    names = journal.get("replace") if isinstance(journal, dict) else None
    plain = isinstance(names, list) and all(isinstance(n, str) and n == os.path.basename(n) not in ("", ".", "..") for n in names)
    if not plain:
        raise damaged(path, "it does not list the files to replace", kit)
    return names


def damaged(path, reason, kit):
    return InputError(
        kit.relative(path),
        f"the record of an interrupted switch is damaged: {reason}.",
        f"delete the folder {kit.relative(path.parent)}/ and run the step again: it writes every table again from the inputs.",
    )
