"""Write tidy tables as `prepare` does, stopping at a chosen file operation.

    python prepare_runner.py KIT TABLES_JSON kill N
    python prepare_runner.py KIT TABLES_JSON pause N SIGNAL_DIR
    python prepare_runner.py KIT TABLES_JSON trace 0

Every call that changes a file or folder (open for writing, write, fsync,
link, rename, replace, unlink, mkdir, rmdir, truncate) is counted. Just before
the N-th one, `kill` ends the process with SIGKILL (as a power switch or
`kill -9` would, with no clean-up), and `pause` writes SIGNAL_DIR/paused and
waits for SIGNAL_DIR/go. With N beyond the last operation the run completes
and prints the number of operations. `trace` completes the run and prints,
for each operation, its number and whether the switch's marker existed then.
"""

import builtins
import errno
import io
import json
import os
import signal
import sys
import time
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
COUNTED = ("write", "fsync", "link", "rename", "replace", "unlink", "remove", "mkdir", "rmdir", "ftruncate")


def install_hooks(at, action, patch=setattr):
    """Count file operations from now on and run `action` just before the `at`-th
    (before every one if `at` is 0, with its number); `patch` sets an attribute
    (pytest's monkeypatch.setattr undoes it after a test)."""
    count = [0]

    def step():
        count[0] += 1
        if at == 0:
            action(count[0])
        elif count[0] == at:
            action()

    def counting(real, writes=lambda *a, **k: True):
        def wrapper(*args, **kwargs):
            if writes(*args, **kwargs):
                step()
            return real(*args, **kwargs)

        return wrapper

    for name in COUNTED:
        patch(os, name, counting(getattr(os, name)))
    patch(os, "open", counting(os.open, lambda path, flags, *a, **k: bool(flags & WRITE_FLAGS)))
    writing = counting(io.open, lambda file, mode="r", *a, **k: any(c in mode for c in "wax+"))
    patch(io, "open", writing)
    patch(builtins, "open", writing)
    return count


def full_disk(*_):
    raise OSError(errno.ENOSPC, "No space left on device")


def kill():
    os.kill(os.getpid(), signal.SIGKILL)


def pause(signal_dir):
    def action():
        (signal_dir / "paused").write_text(str(os.getpid()))
        while not (signal_dir / "go").exists():
            time.sleep(0.05)

    return action


def trace(number):
    switching = Path("data/tidy/.switching.tmp").exists()
    print(number, "switching" if switching else "-")


def main(kit, tables_json, mode, at, signal_dir=None):
    os.chdir(kit)
    tables = json.loads(Path(tables_json).read_text(encoding="utf-8"))
    from newsfigures.kit import Kit
    from newsfigures.tables.store import write_tables

    action = {"kill": kill, "trace": trace}.get(mode) or pause(Path(signal_dir))
    count = install_hooks(int(at), action)
    write_tables(tables, Kit.here())
    print(count[0])


if __name__ == "__main__":
    main(*sys.argv[1:])
