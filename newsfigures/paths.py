"""Where the kit's files live.

The kit's root is the nearest folder, from the working directory upwards, that
holds `data/datapackage.json`; `KIT_ROOT` overrides it. Working from the folder
rather than from this package's location lets a copy of the kit (a class
server, a test's temporary copy) use its own data.
"""
import os
from pathlib import Path

MARKER = Path("data", "datapackage.json")


def kit_root():
    if os.environ.get("KIT_ROOT"):
        return Path(os.environ["KIT_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return Path(__file__).resolve().parent.parent


def seeds_dir(root=None):
    return (root or kit_root()) / "seeds"


def input_dir(root=None):
    return (root or kit_root()) / "data" / "input"


def context_dir(root=None):
    return input_dir(root) / "context"


def tidy_dir(root=None):
    return (root or kit_root()) / "data" / "tidy"


def figures_dir(root=None):
    return (root or kit_root()) / "figures"


def datapackage_path(root=None):
    return (root or kit_root()) / MARKER


def relative(path, root=None):
    """A path as the kit's messages show it: relative to the kit's root."""
    try:
        return Path(path).resolve().relative_to(root or kit_root()).as_posix()
    except ValueError:
        return Path(path).name
