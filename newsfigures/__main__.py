"""Command line: `python -m newsfigures <command>`.

  prepare            check every input and rewrite data/tidy/ (all or nothing)
  annotate SEED      list the numbers in a seed with ready-to-fill annotation rows
"""
import argparse
import sys

from .errors import InputError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsfigures", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="check every input and rewrite data/tidy/ (all or nothing)")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as err:
        print(f"Nothing was written. {err}", file=sys.stderr)
        return 1


def run_prepare(args):
    from .prepare import prepare
    changed = prepare()
    print(f"data/tidy/ is up to date ({'rewrote ' + ', '.join(changed) if changed else 'nothing changed'}).")
    return 0


COMMANDS = {"prepare": run_prepare}

if __name__ == "__main__":
    sys.exit(main())
