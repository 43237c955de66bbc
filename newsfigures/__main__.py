"""Command line: `python -m newsfigures <command>`.

prepare            check every input and rewrite data/tidy/ (all or nothing)
annotate SEED      list the numbers in a seed with ready-to-fill annotation rows
lab [ARGS]         open the kit in JupyterLab at its start page (no news, update checks or extension look-ups)
build [--force] [--print-content-noted]
                   write the student and teacher editions, the HTML handouts, worksheets and answer key into build/
reset NOTEBOOK     put back the kit's copy of one notebook, after saving yours beside it under a dated name
export             collect what you wrote in the notebooks into one file to hand in (HTML or Markdown)
build --publish-branch B
                   commit the kit, with the student edition as its notebooks, on the git branch B
numbers [--write] [--force]
                   check the numbers marked in the notebooks' Markdown against the tables (or rewrite them)
class-links --repo URL [--branch B] [--hub URL]
                   print the class links (JupyterHub with nbgitpuller, and Binder) to the start page
"""

import argparse
import sys

from newsfigures.errors import InputError
from newsfigures.kit import Kit


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsfigures", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="check every input and rewrite data/tidy/ (all or nothing)")
    annotate = commands.add_parser("annotate", help="list the numbers in a seed with ready-to-fill annotation rows")
    annotate.add_argument("seed", help="the article's text file, already copied into seeds/, e.g. seeds/my-article.txt")
    lab = commands.add_parser(
        "lab",
        prefix_chars="+",
        add_help=False,
        help="open the kit in JupyterLab at its start page (no news, update checks or "
        "extension look-ups); other arguments go to JupyterLab, e.g. --port 8890",
    )
    lab.add_argument("jupyter_args", nargs="*", help="passed to JupyterLab as they are, e.g. --port 8890")
    build = commands.add_parser(
        "build", help="write the student and teacher editions, the HTML handouts, worksheets and answer key into build/"
    )
    build.add_argument(
        "--force", action="store_true", help="overwrite files in build/ even if they were edited since the last build"
    )
    build.add_argument(
        "--print-content-noted",
        action="store_true",
        help="print content-noted passages in full (by default a printed page shows only the passage's note)",
    )
    build.add_argument(
        "--publish-branch",
        metavar="BRANCH",
        help="instead, commit the kit with the student edition as its notebooks on this git branch (e.g. student)",
    )
    reset = commands.add_parser(
        "reset", help="put back the kit's copy of one notebook, after saving yours beside it under a dated name"
    )
    reset.add_argument("notebook", help="the notebook to start again, e.g. notebooks/03-read-and-discuss.ipynb")
    export = commands.add_parser(
        "export", help="collect what you wrote in the notebooks into one file to hand in (HTML or Markdown)"
    )
    export.add_argument("--format", choices=["html", "md"], default="html", help="html (default) or md (Markdown)")
    export.add_argument("--name", default="", help="your name, written at the top of the file")
    export.add_argument("--output", help="where to write the file (default: build/hand-in/answers-<date>-<time>.html)")
    marked = commands.add_parser(
        "numbers", help="check the numbers marked in the notebooks' Markdown against the tables (--write: rewrite them)"
    )
    marked.add_argument("--write", action="store_true", help="put the tables' number before every marker")
    marked.add_argument("--force", action="store_true", help="with --write, also rewrite notebooks edited since the kit's copy")
    links = commands.add_parser("class-links", help="print the class links (JupyterHub and Binder) to the start page")
    links.add_argument("--repo", required=True, help="the kit's Git repository, e.g. https://github.com/OWNER/REPO")
    links.add_argument("--branch", default="student", help="the branch students get (default: student, no teacher notes)")
    links.add_argument("--hub", help="your JupyterHub's address, e.g. https://hub.example.org")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as err:
        print(f"{FAILED[args.command]}{err}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as err:
        print(without_the_kits_packages(err.name), file=sys.stderr)
        return 1


def without_the_kits_packages(missing):
    """What to do when the `python` that ran the command lacks a package the kit needs."""
    return (
        f"This Python ({sys.executable}) does not have the packages the kit needs (it has no {missing!r}), "
        "so the command could not run. Either run it where the notebooks run: in a notebook, add a cell with\n"
        f"    %run -m newsfigures {' '.join(sys.argv[1:]) or 'export'}\n"
        "and run it (Shift + Enter); or, in a terminal, use the Python the notebooks use, or install the "
        "kit's packages into this one: python -m pip install -r requirements.txt"
    )


def run_prepare(args):
    from newsfigures.files import WriteFailed
    from newsfigures.inputs.measures import near_miss_note, near_misses
    from newsfigures.inputs.sources import unlisted_seeds
    from newsfigures.tables import dictionary
    from newsfigures.tables.prepare import build_tables, read_inputs
    from newsfigures.tables.store import formula_cells, write_tables

    kit = Kit.here()
    inputs = read_inputs(kit)
    tables = build_tables(inputs)
    try:
        changed = write_tables(tables, kit)
    except WriteFailed as err:  # its message says which tables were kept
        print(err, file=sys.stderr)
        return 1
    print(f"data/tidy/ is up to date ({'rewrote ' + ', '.join(changed) if changed else 'nothing changed'}).")
    if changed:  # the notebooks' prose marks numbers from these tables
        print("Numbers in the notebooks' prose come from these tables: `python -m newsfigures numbers` checks them.")
    if dictionary.write(kit):  # the data dictionary follows data/datapackage.json
        print("data/README.md rewritten from data/datapackage.json.")
    for file in unlisted_seeds(inputs.sources, kit):
        print(
            f"Note: seeds/{file} has no row in seeds/sources.csv, so it was left out. "
            f"To add it, run: python -m newsfigures annotate seeds/{file}"
        )
    for row, near in near_misses(inputs.figures):
        print(near_miss_note(row, near))
    for name, row, column in formula_cells(tables):
        print(
            f"Note: data/tidy/{name}.csv, row {row}, column '{column}': the text taken from the seed starts with "
            "=, +, - or @, so it was written with a ' in front (a spreadsheet would otherwise run it as a formula)."
        )
    return 0


def run_annotate(args):
    from newsfigures.inputs.annotate import annotate

    print(annotate(args.seed, Kit.here()), end="")
    return 0


def run_lab(args):
    from newsfigures.serving.lab import run_lab

    return run_lab(args.jupyter_args)


def run_build(args):
    if args.publish_branch:
        from newsfigures.pages.publish import publish_command

        return publish_command(Kit.here(), args.publish_branch)
    from newsfigures.files import WriteFailed
    from newsfigures.pages.editions import build
    from newsfigures.pages.manifest import EditedFiles

    try:
        changed = build(Kit.here(), force=args.force, print_content_noted=args.print_content_noted)
    except WriteFailed as err:  # its message says which files were written
        print(err, file=sys.stderr)
        return 1
    except EditedFiles as err:
        print(
            "Nothing was written. These files were edited since the last build and would be overwritten:\n  "
            + "\n  ".join(err.paths)
            + "\nSave your work under another name (outside build/), "
            "or run `python -m newsfigures build --force` to replace them.",
            file=sys.stderr,
        )
        return 1
    kept = "content-noted passages printed in full" if args.print_content_noted else "content-noted passages print as their note"
    print(
        f"build/ is up to date ({len(changed)} file(s) written into student/, teacher/, handouts/, worksheets/, "
        f"class-packs/ and answer-key/; {kept})."
    )
    return 0


def run_reset(args):
    from newsfigures.student.reset import reset

    print(reset(args.notebook, Kit.here()))
    return 0


def run_export(args):
    from newsfigures.student.export import export

    print(export(Kit.here(), args.format, name=args.name, output=args.output))
    return 0


def run_class_links(args):
    from newsfigures.serving.class_links import BadAddress, class_links

    try:
        print(class_links(args.repo, args.branch, args.hub), end="")
    except BadAddress as err:
        print(err, file=sys.stderr)
        return 2
    return 0


def run_numbers(args):
    from newsfigures.display import marked_numbers

    kit = Kit.here()
    if args.write:
        changed = marked_numbers.write(kit, force=args.force)
        print("Rewrote the marked numbers in " + ", ".join(map(kit.relative, changed)) if changed else "Nothing to rewrite.")
        return 0
    count, found = marked_numbers.check(kit)
    if found:
        print("\n".join(found), file=sys.stderr)
        print(
            f"{len(found)} of {count} marked numbers disagree. To rewrite them: python -m newsfigures numbers --write",
            file=sys.stderr,
        )
        return 1
    print(f"All {count} marked numbers in the notebooks match the tables.")
    return 0


COMMANDS = {
    "prepare": run_prepare,
    "annotate": run_annotate,
    "lab": run_lab,
    "build": run_build,
    "reset": run_reset,
    "export": run_export,
    "numbers": run_numbers,
    "class-links": run_class_links,
}
FAILED = {
    "prepare": "Nothing was written. ",
    "annotate": "",
    "build": "Nothing was written. ",
    "reset": "",
    "export": "",
    "numbers": "Nothing was written. ",
}

if __name__ == "__main__":
    sys.exit(main())
