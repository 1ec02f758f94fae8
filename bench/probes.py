"""Measurements that run in a fresh child process, one JSON object printed on the last line.

    python bench/probes.py library PATH [--adds 5] [--syntheses 3] [--profile PREFIX]
    python bench/probes.py screen PATH [--keystrokes 6] [--width 120 --height 40] [--profile …]
    python bench/probes.py screens PATH [--arrows 8] [--width 120 --height 40]

`library` goes through the `Notebook` façade: open, unlock (the key derivation timed on its
own by wrapping `derive_key`), the first full load of notes, resident memory, then adding
notes and recomputing the synthesis.

`screen` drives `FieldnotesApp` through `App.run_test()`: the passphrase is entered, and the
clock runs from pressing enter until a frame with the notes list's rows has been rendered
(hooks on `NoteTable.render_line` and `App._display`); the key derivation that happens in
between is subtracted. Then search keystrokes: each one from the key press until the next
frame that shows the updated list. `screens` presses the keys a person presses in the codebook,
the synthesis and the search box, and times each from the key to the last frame before the app
goes quiet (no frame and no worker for 0.3 s), with a watchdog on the event loop recording the
longest the UI thread was held during each. Headless, Textual renders every frame but skips encoding
it for a terminal (a few milliseconds at 120×40 that a real terminal adds).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.generate import PASSPHRASE, SEARCH_WORD  # noqa: E402

SEARCH_PREFIX = SEARCH_WORD[:-1]
"""The search box holds this; each keystroke adds the word's last letter or removes it."""
TIMEOUT = 1800.0
FIRST_LIST_PHASES = (
    ("kdf", "start", "kdf_end"),
    ("after_kdf", "kdf_end", "load_start"),
    ("load", "load_start", "load_end"),
    ("screen", "load_end", "reload_start"),
    ("reload", "reload_start", "reload_end"),
    ("paint", "reload_end", "painted"),
)
"""Where the first list's time goes, end to end: enter → key derived → notes opened (every
note in the unlock worker for a small notebook, `Notebook.newest_notes` for a large one) →
notes screen built → its first fill (`NotesScreen.reload` or `_show_newest`) → the first frame
with rows."""
KEYSTROKE_PHASES = (
    ("debounce", "start", "reload_start"),
    ("reload", "reload_start", "reload_end"),
    ("paint", "reload_end", "painted"),
)


def memory(collect: bool = True) -> dict[str, float]:
    """Resident set size now and at its peak, in MiB, from /proc/self/status."""
    if collect:
        gc.collect()
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_mb": values.get("VmHWM", 0.0)}


class Sections:
    """cProfile around the measured stretches only, one file per figure (`--profile PREFIX`).

    Only the main thread is profiled: the key derivation, in the unlock worker, is not.
    """

    def __init__(self, prefix: Path | None) -> None:
        self.prefix = prefix
        self._profiles: dict[str, cProfile.Profile] = {}

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        if self.prefix is None:
            yield
            return
        profile = self._profiles.setdefault(name, cProfile.Profile())
        profile.enable()
        try:
            yield
        finally:
            profile.disable()

    def dump(self) -> list[str]:
        if self.prefix is None:
            return []
        self.prefix.parent.mkdir(parents=True, exist_ok=True)
        written = []
        for name, profile in self._profiles.items():
            target = Path(f"{self.prefix}-{name}.prof")
            profile.dump_stats(target)
            written.append(str(target))
        return written


class KdfTimer:
    """Wraps the key derivation the key slot uses, recording how long each call took."""

    def __init__(self) -> None:
        self.durations: list[float] = []
        self.ends: list[float] = []
        self._lock = threading.Lock()

    def install(self) -> None:
        from fieldnotes.crypto import keyslot

        original = keyslot.derive_key

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                ended = time.perf_counter()
                with self._lock:
                    self.durations.append(ended - started)
                    self.ends.append(ended)

        keyslot.derive_key = timed  # type: ignore[assignment]

    def total(self) -> float:
        with self._lock:
            return sum(self.durations)


# --------------------------------------------------------------------------- library


def library_probe(
    path: Path, adds: int, syntheses: int, sections: Sections | None = None
) -> dict[str, Any]:
    # Imported here so no figure pays for them (the façade loads the store on its first open).
    import fieldnotes.domain.synthesis
    import fieldnotes.storage.store  # noqa: F401
    from bench.generate import make_drafts
    from fieldnotes.notebook import Notebook

    sections = sections or Sections(None)
    kdf = KdfTimer()
    kdf.install()
    started = time.perf_counter()
    notebook = Notebook.open(path)
    opened = time.perf_counter()
    notebook.unlock(PASSPHRASE)
    unlocked = time.perf_counter()
    with sections.section("load"):
        notes = notebook.notes()
    loaded = time.perf_counter()
    result: dict[str, Any] = {
        "notes": len(notes),
        "open_s": opened - started,
        "unlock_kdf_s": kdf.total(),
        "unlock_rest_s": (unlocked - started) - kdf.total(),
        "load_notes_s": loaded - unlocked,
    }
    mem = memory()
    result["memory_library_mb"] = mem["rss_mb"]
    result["memory_library_peak_mb"] = mem["peak_mb"]
    del notes

    principle_ids = sorted(notebook.principles())
    obstacle_ids = [o.id for o in notebook.obstacles()]
    drafts = make_drafts(random.Random(time.time_ns()), adds, principle_ids, obstacle_ids)
    add_times: list[float] = []
    for draft in drafts:
        started = time.perf_counter()
        with sections.section("add_note"):
            notebook.add_note(draft)
        add_times.append(time.perf_counter() - started)
    result["add_note_s"] = add_times

    synthesis_times: list[float] = []
    again_times: list[float] = []
    tagged = notebook.newest_notes(1)[0].id
    for index in range(syntheses):
        # A write first (a tag put on or taken off), so each one is worked out afresh: the
        # notebook keeps a synthesis until its revision moves.
        notebook.tag_notes([tagged], obstacle_id=obstacle_ids[0], remove=index % 2 == 1)
        started = time.perf_counter()
        with sections.section("synthesis"):
            notebook.synthesis()
        synthesis_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        notebook.synthesis()
        again_times.append(time.perf_counter() - started)
    result["synthesis_s"] = synthesis_times
    result["synthesis_again_s"] = again_times
    notebook.close()
    return result


# ---------------------------------------------------------------------------- screen


class PaintWatch:
    """Timestamps of one measured stretch: reloads, the list replaced, the frame that shows it.

    `marks` holds the first time each point was reached after `arm()`: `load_start` and
    `load_end` (the first `Notebook.notes()` call, in whichever thread), `reload_start` and
    `reload_end` (`NotesScreen.reload`), `updated` (`NoteTable.show_notes` returned) and
    `painted` (the end of the first frame that rendered a row of the new list).
    """

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.rows: int | None = None
        self._rows_rendered = False
        self._awaiting = False
        self._lock = threading.Lock()

    def arm(self) -> None:
        with self._lock:
            self.marks = {}
            self._rows_rendered = self._awaiting = False

    def mark(self, name: str) -> None:
        with self._lock:
            self.marks.setdefault(name, time.perf_counter())

    @property
    def painted(self) -> float | None:
        return self.marks.get("painted")

    def install(self) -> None:
        from textual.app import App

        from fieldnotes.notebook import Notebook
        from fieldnotes.tui.screens.notes import NotesScreen
        from fieldnotes.tui.widgets.note_list import NoteTable

        watch = self
        original_show = NoteTable.show_notes
        original_render_line = NoteTable.render_line
        original_display = App._display

        def bracketed(
            original: Callable[..., Any], start: str, end: str, after: str | None = None
        ) -> Callable[..., Any]:
            """`original`, marking `start` and, on the first call since `arm()`, `end`."""

            def timed(owner: Any, *args: Any, **kwargs: Any) -> Any:
                first = start not in watch.marks
                watch.mark(start)
                try:
                    return original(owner, *args, **kwargs)
                finally:
                    if first:
                        watch.mark(end)
                    if after is not None:
                        watch.mark(after)

            return timed

        def show_notes(table: Any, notes: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_show(table, notes, *args, **kwargs)
            watch.mark("updated")
            watch.rows = table.row_count
            watch._awaiting = True
            if not table.row_count:  # nothing to paint: the empty message shows instead
                watch.mark("painted")
                watch._awaiting = False
            return result

        def render_line(table: Any, y: int) -> Any:
            strip = original_render_line(table, y)
            if watch._awaiting and y >= 1 and table.row_count:
                watch._rows_rendered = True
            return strip

        def display(app: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_display(app, *args, **kwargs)
            if watch._rows_rendered:
                watch.mark("painted")
                watch._rows_rendered = watch._awaiting = False
            return result

        Notebook.notes = bracketed(Notebook.notes, "load_start", "load_end")  # type: ignore[method-assign]
        Notebook.newest_notes = bracketed(  # type: ignore[method-assign]
            Notebook.newest_notes, "load_start", "load_end"
        )
        Notebook.prepare_search = bracketed(  # type: ignore[method-assign]
            Notebook.prepare_search, "load_start", "load_end", after="every_note_open"
        )
        NotesScreen.reload = bracketed(  # type: ignore[method-assign]
            NotesScreen.reload, "reload_start", "reload_end"
        )
        NotesScreen._show_newest = bracketed(  # type: ignore[method-assign]
            NotesScreen._show_newest, "reload_start", "reload_end"
        )
        NoteTable.show_notes = show_notes  # type: ignore[method-assign]
        NoteTable.render_line = render_line  # type: ignore[method-assign]
        App._display = display  # type: ignore[method-assign]

    async def until_painted(self, timeout: float = TIMEOUT) -> float:
        deadline = time.perf_counter() + timeout
        while (painted := self.painted) is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the notes list was never painted")
            await asyncio.sleep(0.002)
        return painted

    def phases(self, started: float, names: Sequence[tuple[str, str, str]]) -> dict[str, float]:
        """Durations between marks, for the marks that were reached in that order."""
        marks = {"start": started, **self.marks}
        return {
            name: marks[end] - marks[begin]
            for name, begin, end in names
            if begin in marks and end in marks and marks[end] >= marks[begin]
        }


async def _until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.002)


async def screen_probe(
    path: Path, keystrokes: int, size: tuple[int, int], sections: Sections | None = None
) -> dict[str, Any]:
    from textual.widgets import Input

    from fieldnotes.tui.app import FieldnotesApp
    from fieldnotes.tui.screens.notes import NotesScreen
    from fieldnotes.tui.screens.unlock import UnlockScreen

    sections = sections or Sections(None)
    kdf = KdfTimer()
    kdf.install()
    watch = PaintWatch()
    watch.install()
    result: dict[str, Any] = {}
    # No idle lock during a long measurement; the clock is the app's own otherwise.
    app = FieldnotesApp(path, idle_lock_seconds=86400.0)
    async with app.run_test(size=size) as pilot:
        await _until(lambda: isinstance(app.screen, UnlockScreen), "no unlock screen")
        await pilot.pause()
        # Typing is not what is measured: the field is filled, then enter is pressed.
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        watch.arm()
        started = time.perf_counter()
        with sections.section("first_list"):
            await pilot.press("enter")
            painted = await watch.until_painted()
        if not isinstance(app.screen, NotesScreen):
            raise RuntimeError(f"expected the notes screen, found {type(app.screen).__name__}")
        result["notes"] = watch.rows
        result["first_list_total_s"] = painted - started
        result["first_list_kdf_s"] = kdf.total()
        result["first_list_beyond_kdf_s"] = painted - started - kdf.total()
        watch.marks["kdf_end"] = kdf.ends[0] if kdf.ends else started
        result["first_list_phases_s"] = watch.phases(started, FIRST_LIST_PHASES)
        # A large notebook shows its newest notes first; search and memory are measured once
        # every note is open and the list is complete.
        await _until(lambda: not cast(NotesScreen, app.screen).is_opening, "notes never opened")
        opened = watch.marks.get("every_note_open", painted)
        result["every_note_open_beyond_kdf_s"] = opened - started - kdf.total()
        await pilot.pause()
        mem = memory()
        result["memory_app_mb"] = mem["rss_mb"]
        result["memory_app_peak_mb"] = mem["peak_mb"]

        screen = app.screen
        search = screen.query_one("#search", Input)
        await pilot.press("slash")
        await _until(lambda: search.has_focus, "the search box never took focus", 10.0)
        watch.arm()
        search.value = SEARCH_PREFIX
        search.cursor_position = len(SEARCH_PREFIX)
        await watch.until_painted()
        totals: list[float] = []
        work: list[float] = []
        phases: dict[str, list[float]] = {}
        for index in range(keystrokes):
            key = SEARCH_WORD[-1] if index % 2 == 0 else "backspace"
            await pilot.pause()
            watch.arm()
            started = time.perf_counter()
            with sections.section("keystroke"):
                await pilot.press(key)
                painted = await watch.until_painted()
            totals.append(painted - started)
            # A search slower than the screen's fast-filter bound runs in a worker, which
            # calls the notebook directly rather than through `reload`.
            begun = watch.marks.get("reload_start", watch.marks.get("load_start", started))
            work.append(painted - begun)
            for name, value in watch.phases(started, KEYSTROKE_PHASES).items():
                phases.setdefault(name, []).append(value)
        result["search_matches"] = watch.rows
        result["search_keystroke_s"] = totals
        result["search_keystroke_work_s"] = work
        result["search_keystroke_phases_s"] = phases

    return result


class Watchdog:
    """The longest the app's event loop (the UI thread) was kept from running, per stretch.

    A callback re-arms itself every `TICK` seconds on the loop the app runs on; how late each
    one runs is how long something held the loop. `arm()` starts a stretch, `worst` is its
    longest hold.
    """

    TICK = 0.002

    def __init__(self) -> None:
        self.worst = 0.0
        self._running = False

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._running = True

        def tick(due: float) -> None:
            self.worst = max(self.worst, time.perf_counter() - due)
            if self._running:
                loop.call_later(self.TICK, tick, time.perf_counter() + self.TICK)

        loop.call_later(self.TICK, tick, time.perf_counter() + self.TICK)

    def arm(self) -> None:
        self.worst = 0.0

    def stop(self) -> None:
        self._running = False


class Frames:
    """When the app last finished a frame (a hook on `App._display`)."""

    def __init__(self) -> None:
        self.last = 0.0

    def install(self) -> None:
        from textual.app import App

        frames = self
        original = App._display

        def display(app: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(app, *args, **kwargs)
            frames.last = time.perf_counter()
            return result

        App._display = display  # type: ignore[method-assign]


class FullCollections:
    """How long each full (generation 2) garbage collection took, from `gc.callbacks`."""

    def __init__(self) -> None:
        self.took: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.took.append(time.perf_counter() - self._started)

    def install(self) -> None:
        gc.callbacks.append(self)

    def remove(self) -> None:
        gc.callbacks.remove(self)


SETTLE_S = 0.3
"""Quiet for this long (no frame, no worker) is settled: what the eye sees has stopped moving
(longer than the 0.2 s search debounce of earlier versions, so their lists are waited for)."""


async def settled(app: Any, frames: Frames, started: float, timeout: float = 120.0) -> float:
    """Seconds from `started` to the last frame before the app went quiet (workers done)."""
    from textual.worker import WorkerState

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        if not busy and time.perf_counter() - max(frames.last, started) >= SETTLE_S:
            break
    return max(frames.last - started, 0.0)


SCENARIOS = (
    "codebook_open",
    "codebook_arrow",
    "synthesis_open",
    "synthesis_arrow",
    "synthesis_filter",
    "search_first_key",
    "search_key",
)


async def screens_probe(
    path: Path, arrows: int, size: tuple[int, int], session_words: int = 0
) -> dict[str, Any]:
    """Key → settled, and the longest UI block, for the codebook, synthesis and search box.

    Every full garbage collection during each scenario is timed too; `session_words` more
    words are then typed and erased without a pause, for the memory of a long session.
    """
    from textual.widgets import Input

    from fieldnotes.tui.app import FieldnotesApp
    from fieldnotes.tui.screens.notes import NotesScreen
    from fieldnotes.tui.screens.unlock import UnlockScreen

    frames = Frames()
    frames.install()
    watchdog = Watchdog()
    took: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    blocked: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    full_gc: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    collections = FullCollections()
    app = FieldnotesApp(path, idle_lock_seconds=86400.0)
    async with app.run_test(size=size) as pilot:
        await _until(lambda: isinstance(app.screen, UnlockScreen), "no unlock screen")
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await _until(lambda: isinstance(app.screen, NotesScreen), "no notes screen")
        await _until(lambda: not cast(NotesScreen, app.screen).is_opening, "notes never opened")
        await settled(app, frames, time.perf_counter())
        watchdog.start()

        collections.install()

        async def step(name: str, *keys: str) -> None:
            watchdog.arm()
            collections.took.clear()
            started = time.perf_counter()
            await pilot.press(*keys)
            took[name].append(await settled(app, frames, started))
            blocked[name].append(watchdog.worst)
            full_gc[name].extend(collections.took)

        await step("codebook_open", "c")
        for _ in range(arrows):
            await step("codebook_arrow", "down")
        await pilot.press("escape")
        await settled(app, frames, time.perf_counter())
        await step("synthesis_open", "s")
        for _ in range(arrows):
            await step("synthesis_arrow", "down")
        await pilot.press("t", "enter")
        await settled(app, frames, time.perf_counter())
        await pilot.press("down")
        await settled(app, frames, time.perf_counter())
        await step("synthesis_filter", "enter")
        await pilot.press("escape", "escape")
        await settled(app, frames, time.perf_counter())
        await pilot.press("slash")
        # A blinking cursor draws a frame every half second: it would count as the list.
        app.screen.query_one("#search", Input).cursor_blink = False
        await settled(app, frames, time.perf_counter())
        for index, character in enumerate(SEARCH_WORD):
            await step("search_first_key" if index == 0 else "search_key", character)
        # What the app holds while someone searches: every note open, its search index built.
        typed = memory()
        session: dict[str, float] = {}
        if session_words:
            # Typed as fast as the app takes keys: no pause for an idle collection.
            before = memory(collect=False)["rss_mb"]
            collections.took.clear()
            keys = 0
            for _ in range(session_words):
                for key in ["backspace"] * len(SEARCH_WORD) + list(SEARCH_WORD):
                    await pilot.press(key)
                    keys += 1
            session = {
                "keys": keys,
                "rss_before_mb": before,
                "rss_after_mb": memory(collect=False)["rss_mb"],
                "tracked_objects": len(gc.get_objects()),
                "full_collections": len(collections.took),
                "longest_full_s": max(collections.took, default=0.0),
            }
        collections.remove()
        watchdog.stop()
        if not isinstance(app.screen, NotesScreen):
            raise RuntimeError(f"expected the notes screen, found {type(app.screen).__name__}")
    return {
        "screens_s": took,
        "screens_blocked_s": blocked,
        "screens_full_gc_s": full_gc,
        "typing_session": session,
        "memory_typed_mb": typed["rss_mb"],
        "memory_typed_peak_mb": typed["peak_mb"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one benchmark measurement, in this process")
    commands = parser.add_subparsers(dest="probe", required=True)
    library = commands.add_parser("library")
    library.add_argument("path", type=Path)
    library.add_argument("--adds", type=int, default=5)
    library.add_argument("--syntheses", type=int, default=3)
    screen = commands.add_parser("screen")
    screen.add_argument("path", type=Path)
    screen.add_argument("--keystrokes", type=int, default=6)
    screen.add_argument("--width", type=int, default=120)
    screen.add_argument("--height", type=int, default=40)
    screens = commands.add_parser("screens")
    screens.add_argument("path", type=Path)
    screens.add_argument("--arrows", type=int, default=8)
    screens.add_argument("--width", type=int, default=120)
    screens.add_argument("--height", type=int, default=40)
    screens.add_argument(
        "--session-words", type=int, default=0, help="then type and erase the word N times"
    )
    for command in (library, screen, screens):
        command.add_argument(
            "--profile", type=Path, metavar="PREFIX", help="write PREFIX-<figure>.prof files"
        )
    args = parser.parse_args(argv)
    sections = Sections(args.profile)
    if args.probe == "library":
        result = library_probe(args.path, args.adds, args.syntheses, sections)
    elif args.probe == "screens":
        size = (args.width, args.height)
        result = asyncio.run(screens_probe(args.path, args.arrows, size, args.session_words))
    else:
        size = (args.width, args.height)
        result = asyncio.run(screen_probe(args.path, args.keystrokes, size, sections))
    result["profiles"] = sections.dump()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
