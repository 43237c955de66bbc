"""`python -m newsfigures reset notebooks/<name>.ipynb`: start one notebook again.

The student's version is saved first, beside the notebook, under a dated
name (`03-read-and-discuss.saved-2026-12-03-1412.ipynb`; `-2`, `-3`, ... when
that name is taken), so nothing they wrote is lost; an earlier saved copy is
never overwritten. Then the kit's copy (see originals.py) is put in its place.
A notebook that was deleted is simply put back. A module beside the notebooks
(`reset notebooks/casebook.py`, the one that draws the charts) is put back the same way.
"""

import datetime
import difflib
from contextlib import suppress
from pathlib import Path

from newsfigures.errors import InputError
from newsfigures.files import write_bytes_atomic, write_failed, write_synced
from newsfigures.student import originals

RELOAD = (
    "If the notebook is open in JupyterLab, choose File > Reload Notebook from Disk now "
    "(otherwise JupyterLab may save the old version over it)."
)
RESTART = (
    "If the file is open in JupyterLab, choose File > Reload from Disk now; then, in each notebook that uses it, "
    "choose Kernel > Restart Kernel and Run All Cells."
)


def notebook_name(given, kit):
    """The file name of the kit's notebook that `given` names, or an InputError listing the notebooks."""
    names = originals.original_names(kit)
    name = Path(given).name
    if not name.endswith(originals.KEPT_KINDS):
        name += ".ipynb"
    if name in names:
        return name
    stem = name.removesuffix(".ipynb")
    close = [n for n in names if stem in n] or difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean notebooks/{close[0]}? " if len(close) == 1 else ""
    listed = ", ".join(f"notebooks/{n}" for n in names) or "none"
    if not names:
        problem = f"the kit keeps no copy of its notebooks here (it looked for {originals.source(kit)})"
        fix = (
            "download the notebook again from where your class got the kit (or ask your teacher). "
            "From then on, open the kit with `python -m newsfigures lab`: it keeps a copy of each notebook to reset from."
        )
        raise InputError(given, problem, fix)
    raise InputError(
        given,
        "the kit has no notebook of that name",
        f"{hint}The kit's notebooks are: {listed}. For example: python -m newsfigures reset notebooks/{names[0]}",
    )


def saved_name(path, now):
    return f"{path.stem}{originals.SAVED_COPY}{now:%Y-%m-%d-%H%M}"


def save_beside(path, data, now, kit):
    """Write `data` beside `path` under a dated name no file has yet; returns the new path."""
    stem = saved_name(path, now)
    for n in range(1, 1000):
        target = path.with_name(f"{stem}{'' if n == 1 else f'-{n}'}{path.suffix}")
        try:
            write_synced(target, data)  # refuses a name that exists
        except FileExistsError:
            continue
        except OSError as err:
            with suppress(OSError):  # created by write_synced above (O_EXCL), so ours to remove
                target.unlink(missing_ok=True)
            raise write_failed(target, err, f"{kit.relative(path)} was left as it was.", kit) from None
        return target
    raise InputError(kit.relative(path), f"there are already 999 saved copies named {stem}-*{path.suffix}", "delete some of them")


def reset(given, kit, now=None):
    """Put back the kit's copy of the notebook `given` names; returns what happened, in words."""
    name = notebook_name(given, kit)
    path = kit.root / "notebooks" / name
    data = originals.original(kit, name)
    if data is None:  # listed, yet unreadable: a damaged checkout
        raise InputError(given, f"the kit's copy could not be read from {originals.source(kit)}", "download the kit again")
    relative = kit.relative(path)
    if not path.exists():
        write_bytes_atomic(path, data, kit)
        return f"{relative} was missing: the kit's copy is back in its place."
    if path.read_bytes() == data:
        return f"{relative} is already the kit's copy: nothing was changed."
    saved = save_beside(path, path.read_bytes(), now or datetime.datetime.now(), kit)
    write_bytes_atomic(path, data, kit, kept=f"Your version is in {kit.relative(saved)} as well.")
    return (
        f"Your version of {relative} is saved as {kit.relative(saved)}.\n"
        f"{relative} is the kit's copy again ({originals.source(kit)}).\n{RELOAD if path.suffix == '.ipynb' else RESTART}"
    )
