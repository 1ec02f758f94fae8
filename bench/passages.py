"""How long re-anchoring takes after one keystroke: the editor runs it on every change.

A note of about a million characters (astral characters and CRLFs among its words, so Python
holds it four bytes a character) with 50 coded passages; the best of five runs of
`reanchor` for each kind of edit, and the same for a note of 5,000 characters.

    python bench/passages.py [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` importable
    sys.path.insert(0, str(ROOT))

from fieldnotes.domain.passages import new_passage, reanchor  # noqa: E402

WORDS = ("the", "manager", "said", "we", "waited", "for", "forms", "again", "and", "😀", "\r\n")


def _best(run: Callable[[], object], times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    seed = parser.parse_args().seed
    draw = random.Random(seed)
    for length, count in ((1_000_000, 50), (5_000, 3)):
        text = " ".join(draw.choice(WORDS) for _ in range(length // 5))[:length]
        starts = [draw.randrange(0, len(text) - 200) for _ in range(count)]
        passages = [new_passage("description", text, s, s + 80) for s in starts]
        middle, inside = len(text) // 2, passages[0].start + 10
        edits = {
            "unchanged": text,
            "one character typed mid-note": text[:middle] + "x" + text[middle:],
            "one character typed inside a passage": text[:inside] + "y" + text[inside:],
            "a passage's words deleted": text[: passages[0].start] + text[passages[0].end :],
        }
        before = {"description": text}
        for label, after in edits.items():
            seconds = _best(
                lambda passages=passages, before=before, after=after: reanchor(
                    passages, before, {"description": after}
                )
            )
            print(f"{len(text):>9,} chars, {count:>2} passages, {label}: {seconds * 1000:.2f} ms")


if __name__ == "__main__":
    main()
