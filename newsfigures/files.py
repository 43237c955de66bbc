"""Write a file whole or not at all, and say plainly why a write failed.

Every file the kit writes (tidy tables, charts, editions, handouts, the data
dictionary) goes through a temporary file in the same folder, flushed to disk,
then renamed over the target: a full disk, a read-only folder or a crash
leaves the old file as it was, never a truncated one.
"""

import errno
import os
from contextlib import suppress
from pathlib import Path

from newsfigures.errors import InputError

NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


class WriteFailed(InputError):
    """A file could not be written; the message says what was kept."""


def write_failed(path, err, kept, kit):
    """The kit's message for an OSError while writing `path`. `kept` says what was left as it was."""
    path = Path(path)
    if path.is_dir():
        name = folder = kit.relative(path) + "/"
        problem = f"a file could not be written there ({err.strerror or err}). {kept}"
    else:
        name, folder = kit.relative(path), kit.relative(path.parent) + "/"
        problem = f"the file could not be written ({err.strerror or err}). {kept}"
    if err.errno in NO_ROOM:
        fix = "make room on the disk (delete files you no longer need, empty the bin), then run the step again."
    elif err.errno in READ_ONLY:
        fix = (
            f"check that {folder} may be written to (not a read-only drive or shared folder, not open in another program), "
            "or copy the kit to a folder of your own, then run the step again."
        )
    else:
        fix = f"check that {folder} exists, may be written to and that the disk has room, then run the step again."
    return WriteFailed(name, problem, fix)


def write_bytes_atomic(path, data, kit, kept="The file was left as it was."):
    """Write `data` to `path` whole or not at all; raises WriteFailed (one message, no traceback of its own)."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_synced(temp, data)
        os.replace(temp, path)
        fsync_folder(path.parent)
    except OSError as err:
        with suppress(OSError):  # cleanup must not raise a second error
            temp.unlink(missing_ok=True)
        raise write_failed(path, err, kept, kit) from None


def write_text_atomic(path, text, kit, kept="The file was left as it was."):
    """`write_bytes_atomic` for UTF-8 text, written as it is (no newline translation)."""
    write_bytes_atomic(path, text.encode("utf-8"), kit, kept)


def write_synced(path, data):
    """Create `path` (it must not exist) holding `data`, flushed to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path):
    """Flush a file written by other means to the disk."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder):
    """Make renames and new names in `folder` survive a power cut (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
