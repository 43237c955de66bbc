"""Write generated files without ever losing someone's edits.

A manifest (a JSON file beside the outputs) records the SHA-256 of every file
the kit wrote. Before writing again, each target is compared with it: a file
that differs from what the kit last wrote there (a student's answers, a
teacher's notes) is never overwritten unless the caller forces it. The check
covers every file before any is written, so a refused run changes nothing.
"""
import hashlib
import json
import os

from .paths import relative


class EditedFiles(Exception):
    """Targets that were changed after the kit wrote them."""

    def __init__(self, paths, root=None):
        self.paths = [relative(p, root) for p in paths]
        super().__init__("changed since the last build: " + ", ".join(self.paths))


def digest(data):
    return hashlib.sha256(data).hexdigest()


def read_manifest(manifest):
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}


def edited(files, manifest, root):
    """The targets that exist, would change, and differ from what the manifest says was written."""
    written = read_manifest(manifest)
    return [
        path for path, data in files.items()
        if path.is_file()
        and digest(path.read_bytes()) not in (digest(data), written.get(relative(path, root)))
    ]


def write_all(files, manifest, root, force=False):
    """Write {path: bytes}; returns the paths whose content changed.

    Raises EditedFiles, writing nothing, if a target was edited since the kit
    wrote it (unless `force`).
    """
    conflicts = edited(files, manifest, root)
    if conflicts and not force:
        raise EditedFiles(conflicts, root)
    written = read_manifest(manifest)
    changed = []
    for path, data in files.items():
        if not (path.is_file() and path.read_bytes() == data):
            replace(path, data)
            changed.append(path)
        written[relative(path, root)] = digest(data)
    replace(manifest, (json.dumps(written, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return changed


def replace(path, data):
    """Write through a temporary file, so a target is never left half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
