"""How annotate's time grows with an article's size: `python tools/benchmark_annotate.py`.

Not a test (pytest does not collect it): it writes invented articles of growing size (one
sentence with dates, ranges and bounds, repeated) into a temporary copy of the kit, up to the
largest seed the kit accepts, and prints annotate's wall time for each, in one paragraph and in
many. Linear growth means the time per 100 kB stays about the same.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import copy_kit  # noqa: E402  (the tests' own way to copy the kit)

from newsfigures.inputs.annotate import annotate  # noqa: E402
from newsfigures.kit import Kit  # noqa: E402
from newsfigures.text.seeds import MAX_SEED_BYTES  # noqa: E402

SENTENCE = "About 1,500 boats came in on 26 September 2007, and up to 30,000 to 50,000 people watched. Mr. Example said so. "


def main():
    with tempfile.TemporaryDirectory() as folder:
        kit = Kit(copy_kit(Path(folder) / "kit"))
        print("| seed size | layout | numbers | annotate | per 100 kB |")
        print("| --- | --- | --- | --- | --- |")
        for size in (MAX_SEED_BYTES // 4, MAX_SEED_BYTES // 2, MAX_SEED_BYTES - 1000):
            for layout, gap in (("one paragraph", ""), ("a paragraph per sentence", "\n\n")):
                seed = kit.seeds / "benchmark-article.txt"
                seed.write_text((SENTENCE + gap) * (size // len(SENTENCE + gap)), encoding="utf-8")
                start = time.perf_counter()
                sheet = annotate(seed, kit)
                wall = time.perf_counter() - start
                numbers = sheet.split(" numbers in ", 1)[0].rsplit(" ", 1)[1]
                kb = seed.stat().st_size / 1000
                print(f"| {kb:,.0f} kB | {layout} | {numbers} | {wall:.1f} s | {100 * wall / kb:.2f} s |")


if __name__ == "__main__":
    main()
