"""Where the time goes: cProfile around each measured figure, summarised.

    python bench/hotspots.py --notes 10000 [--kdf default|floor] [--top 25]
                            [--only load add_note synthesis first_list keystroke cli_search
                             cli_help]

Runs the same probes as `bench/run.py` once, with profiling on only while a figure is being
measured (the main thread only, so the key derivation in the unlock worker is left out), and
prints for each figure the functions with the most cumulative and the most own time. The
`.prof` files are kept under `bench/results/profiles/` for `python -m pstats` or snakeviz.
`cli_help` is summarised from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.generate import CACHE_DIR, KDFS, PASSPHRASE, SEARCH_WORD, cached_notebook  # noqa: E402
from bench.run import PROBES, child, child_env, log, warm_up  # noqa: E402

OUT = ROOT / "bench" / "results" / "profiles"
FIGURES = (
    "load",
    "add_note",
    "synthesis",
    "first_list",
    "keystroke",
    "cli_search",
    "cli_help",
)


def summary(path: Path, top: int) -> str:
    """Top functions by cumulative time (with call counts) and by own time."""
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.strip_dirs()
    total = stats.total_tt  # type: ignore[attr-defined]
    out.write(f"total {total:.3f} s of profiled time\n\n-- by cumulative time --\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write("\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    # pstats prints a header per listing; keep the tables.
    return re.sub(r"\n\s*Ordered by:.*\n", "\n", text)


def importtime(top: int, env: dict[str, str]) -> str:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fieldnotes", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match[2]), len(match[3]), match[4]))
    rows.sort(reverse=True)
    lines = [f"{'cumulative µs':>14}  depth  module"]
    lines += [f"{cum:>14}  {depth:>5}  {name}" for cum, depth, name in rows[:top]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--kdf", choices=sorted(KDFS), default="default")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=list(FIGURES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    args = parser.parse_args(argv)

    source = cached_notebook(
        args.notes, seed=args.seed, kdf_name=args.kdf, log=log, cache_dir=args.cache_dir
    )
    work = args.cache_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"profile-{source.name}"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy2(source, path)
    prefix = args.out / f"{args.notes}"
    wanted = set(args.only)
    env = child_env(FIELDNOTES_PASSPHRASE=PASSPHRASE, FIELDNOTES_NOTEBOOK=str(path))
    warm_up(env)

    if wanted & {"load", "add_note", "synthesis"}:
        log("library probe, profiled")
        child(["library", str(path), "--profile", str(prefix)], env=env)
    if wanted & {"first_list", "keystroke"}:
        log("screen probe, profiled")
        child(["screen", str(path), "--profile", str(prefix)], env=env)
    if "cli_search" in wanted:
        log("fieldnotes search, profiled")
        target = Path(f"{prefix}-cli_search.prof")
        command = ["-m", "cProfile", "-o", str(target), "-m", "fieldnotes", "search"]
        subprocess.run(
            [sys.executable, *command, SEARCH_WORD],
            stdout=subprocess.DEVNULL,
            env=env,
            check=True,
        )
    for figure in FIGURES:
        if figure not in wanted:
            continue
        print(f"\n================ {figure} ({args.notes:,} notes) ================")
        if figure == "cli_help":
            print(importtime(args.top, env))
            continue
        profile = Path(f"{prefix}-{figure}.prof")
        print(summary(profile, args.top) if profile.exists() else "(no profile written)")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    assert PROBES.exists()
    sys.exit(main())
