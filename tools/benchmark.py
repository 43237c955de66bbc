"""What the kit costs, against the floor: `python tools/benchmark.py`.

Not a test (pytest does not collect it): it measures and prints a table.
Everything runs in a temporary copy of the kit, so nothing is written into
the repository.

- each notebook's wall time from a clean kernel, interleaved with a floor
  notebook that only starts a kernel and imports what the kit imports
  (floor, notebook, floor, notebook ...), over several repetitions (medians);
- for reference, the floor plus six empty charts shown with the kit's `show()`
  (a title, an axis label and a source line, nothing drawn): what charts cost
  before anything is drawn on them;
- each kernel's peak memory (maximum resident set size);
- the test suite's wall time: the README's `python -m pytest`, then the slow tests (`-m slow`);
- the size of a fresh virtual environment from requirements.txt next to one
  with only jupyterlab, pandas, matplotlib and nbval;
- each committed notebook's file size.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import REPO as ROOT  # noqa: E402  (the tests' own way to copy the kit)
from conftest import copy_kit

MINIMAL = ("jupyterlab", "pandas", "matplotlib", "nbval")
TARGETS = {"ratio": 1.3, "peak_mb": 250, "suite_s": 120, "install_ratio": 1.25, "notebook_kb": 500}

# Runs in a child process, so that the kernel is the child's child and its
# peak memory can be read from RUSAGE_CHILDREN once it has exited.
RUNNER = """
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""
FLOOR_CELLS = [
    "import pandas as pd",
    "import matplotlib\nfrom matplotlib.figure import Figure",
    "from IPython.display import Markdown, display",
]
EMPTY_CHART = """\
fig, ax = chart("A title that states the finding, about as long as the titles of the kit's charts", "an axis label",
                source="Source: an author, an outlet, 1 January 2020")
fig.set_layout_engine(None)
show(fig, "99-empty-{n}", "A chart with a title, an axis label and a source line, and nothing drawn on it.")"""
REFERENCE = "reference-six-empty-charts.ipynb"


def write_notebook(path, cells):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


def write_floor(folder):
    """The floor notebook, in a folder of its own (not in the kit, whose tests would collect it)."""
    folder.mkdir()
    return write_notebook(folder / "floor.ipynb", FLOOR_CELLS)


def write_reference(kit):
    """The floor plus six empty charts, in the copy's notebooks/ (so that it writes to the copy's figures/)."""
    charts = [EMPTY_CHART.format(n=n) for n in range(6)]
    return write_notebook(kit / "notebooks" / REFERENCE, [*FLOOR_CELLS, "from newsfigures.charts import chart, show", *charts])


def run_notebook(path):
    out = subprocess.run([sys.executable, "-c", RUNNER, str(path)], cwd=path.parent, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{path.name} failed to run:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_notebooks(kit, repeat):
    floor = write_floor(kit.parent / "floor")
    notebooks = sorted(p for p in (kit / "notebooks").glob("[0-9]*.ipynb"))
    reference = write_reference(kit)
    runs = {p.name: [] for p in [floor, reference, *notebooks]}
    for _ in range(repeat):
        for nb in [reference, *notebooks]:
            for path in (floor, nb):
                runs[path.name].append(run_notebook(path))
                print(".", end="", flush=True, file=sys.stderr)
    reference.unlink()  # not part of the kit: the test suite timed next must not see it
    for written in (kit / "figures").glob("99-empty-*"):
        written.unlink()
    return {name: (statistics.median(r["wall"] for r in rs), max(r["peak_kb"] for r in rs) / 1024) for name, rs in runs.items()}


def time_suite(kit, slow):
    args = [sys.executable, "-m", "pytest", "-q"] + (["-m", "slow"] if slow else [])
    env = {k: v for k, v in os.environ.items() if k != "KIT_REQUIRE_BROWSER"}
    start = time.perf_counter()
    done = subprocess.run(args, cwd=kit, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1].strip("= ")
    return wall, summary, done.returncode == 0


def pins(requirements):
    return {m[2].lower(): m[1] for m in re.finditer(r"^(([A-Za-z0-9_.-]+)==\S+)", requirements.read_text(), re.M)}


def venv_size(folder, packages, cwd):
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run(pip + packages, cwd=cwd, check=True, capture_output=True)
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def install_sizes(kit, where):
    exact = pins(kit / "requirements.txt")
    full = venv_size(Path(where) / "venv-kit", ["-r", "requirements.txt"], kit)
    minimal = venv_size(Path(where) / "venv-min", [exact[name] for name in MINIMAL], kit)
    return full, minimal


def committed_notebook_sizes():
    files = subprocess.run(["git", "ls-files", "notebooks/*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    return {Path(f).name: (ROOT / f).stat().st_size / 1024 for f in files}


def row(measure, value, target, met, note=""):
    print(f"| {measure} | {value} | {target} | {'yes' if met else 'NO'} | {note} |")


def work_beyond_the_floor(path):
    """What a notebook does besides starting a kernel and importing pandas and matplotlib."""
    import nbformat

    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    charts = sum(c.count("show(") for c in code)
    validates = any(word in c for c in code for word in ("read_inputs", "write_tables", "load_sources"))
    return ", ".join(
        filter(
            None,
            [
                f"{len(code)} code cells",
                f"{charts} charts drawn" if charts else "",
                "validates every input with frictionless" if validates else "",
            ],
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each notebook (default 3)")
    parser.add_argument("--skip-install", action="store_true", help="do not build the two virtual environments")
    parser.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as where:
        kit = copy_kit(Path(where) / "kit")
        timings = time_notebooks(kit, args.repeat)
        suite = {} if args.skip_suite else {b: time_suite(kit, b) for b in (False, True)}
        sizes = None if args.skip_install else install_sizes(kit, where)
    print(
        f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{args.repeat} repetitions (medians)\n"
    )
    print("| measure | value | target | met | what it does |\n| --- | --- | --- | --- | --- |")
    floor_wall, floor_peak = timings.pop("floor.ipynb")
    row(
        "floor notebook: wall time / peak memory",
        f"{floor_wall:.2f} s / {floor_peak:.0f} MB",
        "-",
        True,
        "starts a kernel, imports pandas and matplotlib",
    )
    wall, _ = timings.pop(REFERENCE)
    row(
        "reference: the floor plus six empty charts shown with show()",
        f"{wall:.2f} s ({wall / floor_wall:.2f} x)",
        "-",
        True,
        "what six charts cost before anything is drawn on them",
    )
    for name, (wall, peak) in timings.items():
        row(
            f"{name}: wall time (ratio to floor)",
            f"{wall:.2f} s ({wall / floor_wall:.2f} x)",
            f"<= {TARGETS['ratio']} x",
            wall / floor_wall <= TARGETS["ratio"],
            work_beyond_the_floor(ROOT / "notebooks" / name),
        )
        row(f"{name}: kernel peak memory", f"{peak:.0f} MB", f"<= {TARGETS['peak_mb']} MB", peak <= TARGETS["peak_mb"])
    for slow, (wall, summary, passed) in suite.items():
        target = "passes" if slow else f"passes, < {TARGETS['suite_s']} s"
        row(
            "slow tests: python -m pytest -m slow" if slow else "quick run: python -m pytest",
            f"{wall:.1f} s",
            target,
            passed and (slow or wall < TARGETS["suite_s"]),
            summary,
        )
    if sizes:
        full, minimal = sizes
        row(
            "install size: kit / minimal (jupyterlab, pandas, matplotlib, nbval)",
            f"{full:.0f} MB / {minimal:.0f} MB ({full / minimal:.2f} x)",
            f"<= {TARGETS['install_ratio']} x",
            full / minimal <= TARGETS["install_ratio"],
        )
    for name, kb in committed_notebook_sizes().items():
        row(f"{name}: file size", f"{kb:.0f} kB", f"<= {TARGETS['notebook_kb']} kB", kb <= TARGETS["notebook_kb"])


if __name__ == "__main__":
    main()
