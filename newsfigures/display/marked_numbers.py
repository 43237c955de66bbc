"""`python -m newsfigures numbers [--write]`: the numbers marked in the notebooks' Markdown, against the tables.

Without `--write` it lists each marked number that disagrees with its table (and each marker that
names nothing) and changes nothing. With `--write` it puts the tables' number before every marker,
for a teacher who has changed the data. It never overwrites a notebook that differs from the kit's
copy (a student's answers, or prose not yet committed) unless `--force`; a refused run writes nothing.
"""

import copy

import nbformat

from newsfigures.display.marked import markers, problems, rewritten
from newsfigures.errors import InputError
from newsfigures.files import write_bytes_atomic
from newsfigures.student import originals


def marked_notebooks(kit):
    """{path: notebook} of the kit's notebooks with at least one marker."""
    read = {path: nbformat.read(path, as_version=4) for path in kit.notebooks}
    return {path: nb for path, nb in read.items() if any(markers(nb))}


def check(kit):
    """(number of markers, the problems found) over every notebook."""
    notebooks = marked_notebooks(kit)
    count = sum(len(list(markers(nb))) for nb in notebooks.values())
    return count, [p for path, nb in notebooks.items() for p in problems(nb, kit, kit.relative(path))]


def why_not_the_kits(path, kit):
    """Why the notebook may hold someone's work, or "" when it is the kit's copy (rewriting it loses nothing)."""
    kits = originals.original(kit, path.name)
    if kits is None:
        return f"the kit keeps no copy of it to compare with ({originals.source(kit)})"
    return "" if kits == path.read_bytes() else f"it differs from the kit's copy ({originals.source(kit)})"


def write(kit, force=False):
    """Rewrite the marked numbers; returns the notebooks changed. Refuses, writing nothing, to touch an edited one."""
    updates = {}
    for path, nb in marked_notebooks(kit).items():
        try:
            fresh = rewritten(copy.deepcopy(nb), kit)
        except LookupError as err:
            raise InputError(kit.relative(path), f"a marker names nothing usable: {err}", "correct the marker") from None
        data = (nbformat.writes(fresh) + "\n").encode("utf-8")
        if data != path.read_bytes():
            updates[path] = data
    edited = {path: why for path in updates if (why := why_not_the_kits(path, kit))}
    if edited and not force:
        raise InputError(
            ", ".join(kit.relative(p) for p in edited),
            f"{next(iter(edited.values()))}, so it may hold someone's work",
            "commit your own changes to the notebook first, or run again with --force to rewrite it as it is now",
        )
    for path, data in updates.items():
        write_bytes_atomic(path, data, kit)
    return sorted(updates)
