"""The kit: one folder, and where its parts live inside it.

The kit's root is the nearest folder, from the working directory upwards, that
holds `data/datapackage.json`; `KIT_ROOT` overrides it. Working from the folder
rather than from this package's location lets a copy of the kit (a class
server, a test's temporary copy) use its own data.

The kit travels one way: as an explicit `kit` argument. `Kit.here()` is called
only where a user starts something: a command (`python -m newsfigures ...`) and
the functions a notebook calls (`tidy("figures")`, `show(...)`, `check(...)`),
whose `kit=None` means "the kit this notebook is in", so a notebook never
handles a kit; a test passes `Kit(its_copy)`.
"""

import os
from dataclasses import dataclass
from pathlib import Path

MARKER = Path("data", "datapackage.json")
# A student's version kept by `reset` beside the notebook: <stem>.saved-<date>-<time>.ipynb. Not one of the kit's notebooks.
SAVED_COPY = ".saved-"


@dataclass(frozen=True)
class Kit:
    root: Path

    @classmethod
    def here(cls):
        """The kit the working directory is in (or `KIT_ROOT`)."""
        if os.environ.get("KIT_ROOT"):
            return cls(Path(os.environ["KIT_ROOT"]).resolve())
        cwd = Path.cwd().resolve()
        for folder in (cwd, *cwd.parents):
            if (folder / MARKER).is_file():
                return cls(folder)
        return cls(Path(__file__).resolve().parent.parent)

    @property
    def seeds(self):
        return self.root / "seeds"

    @property
    def inputs(self):
        return self.root / "data" / "input"

    @property
    def context(self):
        return self.inputs / "context"

    @property
    def tidy(self):
        return self.root / "data" / "tidy"

    @property
    def datapackage(self):
        return self.root / MARKER

    @property
    def notebooks(self):
        return sorted(p for p in (self.root / "notebooks").glob("*.ipynb") if SAVED_COPY not in p.name)

    @property
    def modules(self):
        """The Python modules beside the notebooks (notebooks/*.py), which the notebooks import: they travel together."""
        return sorted(p for p in (self.root / "notebooks").glob("*.py") if SAVED_COPY not in p.name)

    @property
    def figures(self):
        return self.root / "figures"

    @property
    def build(self):
        return self.root / "build"

    def relative(self, path):
        """A path as the kit's messages show it: relative to the kit's root."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).name
