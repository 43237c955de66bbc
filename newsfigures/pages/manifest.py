"""Write generated files without ever losing someone's edits.

A manifest (a JSON file beside the outputs) records the SHA-256 of every file
the kit wrote. Before writing again, each target is compared with it: a file
that differs from what the kit last wrote there (a student's answers, a
teacher's notes) is never overwritten unless the caller forces it. The check
covers every file before any is written, so a refused run changes nothing.
"""

import hashlib
import json
from contextlib import suppress

from newsfigures.errors import InputError
from newsfigures.files import WriteFailed, write_bytes_atomic


class EditedFiles(Exception):
    """Targets that were changed after the kit wrote them."""

    def __init__(self, paths, kit):
        self.paths = [kit.relative(p) for p in paths]
        super().__init__("changed since the last build: " + ", ".join(self.paths))


def digest(data):
    return hashlib.sha256(data).hexdigest()


def read_manifest(manifest, kit):
    """{path: SHA-256} of what the kit last wrote; refuses a damaged manifest rather than guess."""
    if not manifest.is_file():
        return {}
    try:
        written = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as err:
        raise damaged(manifest, f"it is not valid JSON ({err})", kit) from None
    except OSError as err:
        raise damaged(manifest, f"it cannot be read ({err.strerror or err})", kit) from None
    if not (isinstance(written, dict) and all(isinstance(v, str) for v in written.values())):
        raise damaged(manifest, "it is not a list of file names and checksums", kit)
    return written


def damaged(manifest, reason, kit):
    return InputError(
        kit.relative(manifest),
        f"the build manifest is damaged: {reason}, so the kit cannot tell "
        "which files in build/ were edited since the last build.",
        "copy any file in build/ you edited (answers, notes) to a folder outside build/, "
        "then delete this file and run `python -m newsfigures build --force`.",
    )


def edited(files, manifest, kit):
    """The targets that exist, would change, and differ from what the manifest says was written."""
    written = read_manifest(manifest, kit)
    return [
        path
        for path, data in files.items()
        if path.is_file() and digest(path.read_bytes()) not in (digest(data), written.get(kit.relative(path)))
    ]


def write_all(files, manifest, kit, force=False):
    """Write {path: bytes}, each file whole or not at all; returns the paths whose content changed.

    Raises EditedFiles, writing nothing, if a target was edited since the kit
    wrote it (unless `force`); raises WriteFailed if a file cannot be written,
    after recording the files already written.
    """
    conflicts = edited(files, manifest, kit)
    if conflicts and not force:
        raise EditedFiles(conflicts, kit)
    written = read_manifest(manifest, kit)
    changed = []
    try:
        for path, data in files.items():
            if not (path.is_file() and path.read_bytes() == data):
                kept = f"It was left as it was; {len(changed)} file(s) before it were written, each whole; the others were not."
                write_bytes_atomic(path, data, kit, kept=kept)
                changed.append(path)
            written[kit.relative(path)] = digest(data)
    except WriteFailed:
        with suppress(WriteFailed):  # so the files already written are not taken for edited ones next time
            save(manifest, written, kit)
        raise
    save(manifest, written, kit)
    return changed


def save(manifest, written, kit):
    data = (json.dumps(written, indent=1, sort_keys=True) + "\n").encode("utf-8")
    write_bytes_atomic(manifest, data, kit, kept="The files were written, but a later build may take them for edited ones.")
