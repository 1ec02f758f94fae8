"""Time the real app in a real terminal: key pressed → screen settled, as a person feels it.

    python bench/tty.py --notes 10000 [--repeat 3] [--size 120x40] [--json PATH]

Each repetition starts `fieldnotes` on a copy of the bench's notebook in a private tmux server
(its own socket, killed at the end), unlocks it, and then, for every step, sends one key and
polls the pane until it has not changed for `--settle` seconds. The figure for a key is the time
from sending it to the pane's last change: what a person waits for. A step that never changes
the screen (an app that froze) counts as its timeout, never as fast.

Steps: unlock → first list; open the codebook; arrow down in it; open the synthesis; arrow down
in it; change its filter; type a word into the search box, one key at a time (its first key
apart from the rest). Every key of every repetition is kept: the table shows the median, the 95th
percentile and the slowest. `bench/run.py --only screens` measures the same keys headless, with
the longest the UI thread was blocked beside each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.generate import CACHE_DIR, PASSPHRASE, SEARCH_WORD, cached_notebook  # noqa: E402

TIMEOUT = 20.0


@dataclass
class Terminal:
    """One app in one private tmux server."""

    socket: str
    settle: float
    size: tuple[int, int]
    session: str = "bench"
    watch_attributes: bool = True
    """Colours and attributes count as a change (a moved highlight changes only those); off
    while typing into a box, where the blinking cursor would never let the pane settle."""

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def start(self, command: str) -> None:
        width, height = self.size
        self.tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command
        )

    def stop(self) -> None:
        self.tmux("kill-server")  # our own socket's server only

    def pane(self) -> str:
        flags = ["-e"] if self.watch_attributes else []
        return self.tmux("capture-pane", "-p", *flags, "-t", self.session)

    def wait_for(self, text: str, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.pane():
                return True
            time.sleep(0.05)
        return False

    def settled(self, before: str | None = None) -> float:
        """Seconds to the pane's last change before it held still for `settle` seconds."""
        started = time.monotonic()
        last = self.pane()
        if before is not None:
            while last == before:
                if time.monotonic() - started > TIMEOUT:
                    return TIMEOUT
                time.sleep(0.003)
                last = self.pane()
        changed = time.monotonic()
        while time.monotonic() - started < TIMEOUT:
            time.sleep(0.01)
            current = self.pane()
            now = time.monotonic()
            if current != last:
                last, changed = current, now
            elif now - changed >= self.settle:
                break
        return changed - started

    def key(self, *keys: str, literal: bool = False) -> float:
        before = self.pane()
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)
        return self.settled(before)


@dataclass
class Samples:
    by_step: dict[str, list[float]] = field(default_factory=dict)

    show: Terminal | None = None
    """With --show, the screen after each step goes to stderr, to check the steps do what
    they say."""

    def add(self, step: str, seconds: float) -> None:
        self.by_step.setdefault(step, []).append(seconds)
        if self.show is not None:
            width = self.show.size[0]
            text = self.show.tmux("capture-pane", "-p", "-t", self.show.session)
            print(f"--- {step}: {seconds * 1000:.0f} ms\n{text}{'-' * width}", file=sys.stderr)


STEPS = (
    ("unlock", "unlock → first list"),
    ("codebook_open", "open the codebook"),
    ("codebook_arrow", "arrow down in the codebook"),
    ("synthesis_open", "open the synthesis"),
    ("synthesis_arrow", "arrow down in the synthesis"),
    ("synthesis_filter", "change the synthesis filter"),
    ("search_first", "the first keystroke of a search"),
    ("search_key", "the other keystrokes of the typed word"),
)


def one_run(notebook: Path, args: argparse.Namespace, samples: Samples) -> None:
    width, height = (int(part) for part in args.size.split("x"))
    terminal = Terminal(f"fieldnotes-bench-{os.getpid()}", args.settle, (width, height))
    fieldnotes = shutil.which("fieldnotes") or f"{sys.executable} -m fieldnotes"
    command = (
        "env -u FIELDNOTES_PASSPHRASE FIELDNOTES_IDLE_LOCK_SECONDS=3600 "
        f"{fieldnotes} --notebook {notebook}; sleep 600"
    )
    terminal.start(command)
    if args.show:
        samples.show = terminal
    try:
        if not terminal.wait_for("assphrase"):
            raise SystemExit("the unlock screen never appeared")
        terminal.settled()
        terminal.tmux("send-keys", "-t", terminal.session, "-l", PASSPHRASE)
        samples.add("unlock", terminal.key("Enter"))
        time.sleep(args.warm)  # a large notebook finishes opening its notes in the background
        terminal.settled()
        samples.add("codebook_open", terminal.key("c"))
        for _ in range(args.arrows):
            samples.add("codebook_arrow", terminal.key("Down"))
        terminal.key("Escape")
        samples.add("synthesis_open", terminal.key("s"))
        for _ in range(args.arrows):
            samples.add("synthesis_arrow", terminal.key("Down"))
        # The team filter: focus it, open its list, take the next team.
        terminal.key("t")
        terminal.key("Enter")
        terminal.key("Down")
        samples.add("synthesis_filter", terminal.key("Enter"))
        terminal.key("Escape")
        terminal.key("Escape")
        terminal.tmux("send-keys", "-t", terminal.session, "/")
        terminal.watch_attributes = False
        terminal.settled()
        for index, character in enumerate(SEARCH_WORD):
            step = "search_first" if index == 0 else "search_key"
            samples.add(step, terminal.key(character, literal=True))
        if "Traceback" in terminal.pane():
            raise SystemExit("the app crashed: a traceback is on the screen")
    finally:
        terminal.stop()


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def table(samples: Samples, notes: int) -> str:
    lines = [
        f"| key → screen settled ({notes:,} notes) | median | p95 | slowest | keys |",
        "|---|---|---|---|---|",
    ]
    for key, label in STEPS:
        values = samples.by_step.get(key, [])
        if not values:
            continue
        lines.append(
            f"| {label} | {statistics.median(values) * 1000:.0f} ms "
            f"| {percentile(values, 0.95) * 1000:.0f} ms | {max(values) * 1000:.0f} ms "
            f"| {len(values)} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--arrows", type=int, default=8)
    parser.add_argument("--settle", type=float, default=0.6)
    parser.add_argument("--warm", type=float, default=8.0, help="seconds after unlock")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--show", action="store_true", help="print the screen after each step")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        raise SystemExit("bench/tty.py needs tmux")
    source = cached_notebook(args.notes, cache_dir=args.cache_dir, log=print)
    samples = Samples()
    for repetition in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="fieldnotes-tty-") as scratch:
            notebook = Path(scratch) / source.name
            shutil.copyfile(source, notebook)
            one_run(notebook, args, samples)
        print(f"  run {repetition}/{args.repeat} done", file=sys.stderr)
    print(table(samples, args.notes))
    if args.json is not None:
        args.json.write_text(json.dumps(samples.by_step, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
