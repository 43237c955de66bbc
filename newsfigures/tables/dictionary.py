"""The data dictionary, data/README.md, rendered from data/datapackage.json.

The data package is the one description of every CSV (types, keys, units,
descriptions); this page is that description for people, so the two cannot
drift: `python -m newsfigures prepare` writes it, and a test checks that
the page on disk is what the package renders.
"""

from newsfigures.files import write_text_atomic
from newsfigures.inputs.schema import frictionless

INTRO = """# Data dictionary

Every CSV of the kit, rendered from `datapackage.json` (the
[Frictionless data package](https://specs.frictionlessdata.io/data-package/) standard) by
`python -m newsfigures prepare` (or notebook 01), which rewrites it whenever the package changes:
do not edit this page, edit the data package and run that command. How the tables are made (body
and furniture, numbers, figures, terms, checks) is in [the data guide](../guide/data.md).

- `input/` is **hand-made**: the only place where judgement enters the kit. Never edited by code.
- `input/context/` is **hand-made from named outside sources**: every row has a `source_id` into
  `input/context/sources.csv`.
- `tidy/` is **generated** by the data-prep step: do not edit it.

"""


def render(kit):
    """data/README.md as the data package describes it."""
    package = frictionless().Package(str(kit.datapackage))
    parts = [INTRO]
    for resource in package.resources:
        parts.append(f"## `{resource.path}`: {resource.title or resource.name}\n\n")
        if resource.description:
            parts.append(f"{resource.description}\n\n")
        if resource.schema.primary_key:
            parts.append(f"Key: {', '.join(f'`{k}`' for k in resource.schema.primary_key)}\n\n")
        table = resource.schema.to_markdown(table=True).split("\n", 1)[1].strip()
        parts.append(table + "\n\n")
    return "".join(parts).rstrip() + "\n"


def write(kit):
    """Write data/README.md; returns True if it changed."""
    path = kit.datapackage.parent / "README.md"
    text = render(kit)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text, kit)
    return True
