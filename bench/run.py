"""Run the fieldnotes benchmarks: a Markdown table on stdout and every sample in a JSON file.

    python bench/run.py --notes 1000 10000 100000 [--repeat 5] [--kdf default|floor]
                        [--json PATH] [--only size cli scale library screen screens]

`--only scale` times `fieldnotes list` and three searches as a person at a terminal meets
them (first line out, last line out, CPU, peak memory), for the sizes of a regional pool:

    python bench/run.py --notes 100000 300000 1000000 --kdf floor --repeat 2 --only size scale

Each size uses a notebook from `bench/generate.py` (built once, kept in `bench/.cache/`) and
works on a copy of it. Every figure that depends on a cold start runs in a fresh process: the
library and screen probes (`bench/probes.py`) once per repetition, and the `fieldnotes`
commands as whole processes. Each figure is the median of its samples, with min and max.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    CACHE_DIR,
    KDFS,
    PASSPHRASE,
    SEARCH_WORD,
    cached_notebook,
)

BENCH = ROOT / "bench"
PROBES = BENCH / "probes.py"
GROUPS = ("size", "cli", "scale", "library", "screen", "screens")
RARE_WORD = "zither"
"""In no generated note: what a search costs before it has anything to answer."""
COMMON_WORD = "appointment"
"""In most notes (the word the rest use where one in twenty has SEARCH_WORD): 719 of 1,000."""
CHILD_TIMEOUT = 3600.0
LIMIT = 50
"""`--limit` in the scale group: about a screenful."""


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    """"s" (shown in ms or s), "MB" or "MiB"."""
    targets: dict[int, float]
    """Target medians by notebook size, where the issue sets one (10k, 100k and 1M)."""
    note: str = ""
    optional: bool = False
    """A breakdown that is missing when the app's order of events differs."""
    tail: bool = False
    """Shown as median, 95th percentile and slowest: a key a person presses many times."""


def _phase(key: str, label: str, note: str = "") -> Figure:
    return Figure(key, f"  ↳ {label}", "s", {}, note, optional=True)


FOUR_HUNDRED_MB = 381
TWO_GB = 1907
"""Goals set in megabytes and gigabytes (10**6, 10**9 bytes), in the MiB every figure is in."""

FIGURES: tuple[Figure, ...] = (
    Figure("unlock_kdf_s", "unlock: key derivation", "s", {}),
    Figure("unlock_rest_s", "unlock: the rest (open, unwrap)", "s", {}),
    Figure("load_notes_s", "first load of every note (library)", "s", {}),
    Figure(
        "first_list_beyond_kdf_s",
        "unlock → first painted list, beyond KDF",
        "s",
        {10_000: 0.3, 100_000: 1.5, 1_000_000: 1.5},
    ),
    _phase("first_list_after_kdf_s", "from key to loading", "unlock worker hands over"),
    _phase("first_list_load_s", "opening the notes shown first", "all, or the newest 200"),
    _phase("first_list_screen_s", "building the notes screen", "until its first fill"),
    _phase("first_list_reload_s", "first fill of the list", "reload or _show_newest"),
    _phase("first_list_paint_s", "rendering the first frame", "until a row is painted"),
    Figure(
        "every_note_open_beyond_kdf_s",
        "unlock → every note open and searchable, beyond KDF",
        "s",
        {},
        "the worker that opens the older notes after the first list",
    ),
    Figure(
        "first_list_again_beyond_kdf_s",
        "  ↳ opened again where it was last checked: first list",
        "s",
        {},
        "the notebook opened again where it was last opened, unchanged since",
    ),
    Figure(
        "every_note_open_again_beyond_kdf_s",
        "  ↳ opened again where it was last checked: every note open",
        "s",
        {},
        "its manifest taken as checked, not checksummed beside the opening",
    ),
    Figure(
        "search_keystroke_s",
        "search keystroke → list updated",
        "s",
        {10_000: 0.030, 100_000: 0.200},
        "from the key press to the frame that shows the new list",
    ),
    _phase("search_debounce_s", "debounce, until the reload starts", "a 0.2 s timer"),
    _phase("search_reload_s", "reload (filter every note, fill)", "NotesScreen.reload"),
    _phase("search_paint_s", "rendering the frame", "after the reload"),
    Figure(
        "search_keystroke_work_s",
        "search keystroke, excluding the debounce",
        "s",
        {},
        "from the debounced reload to the painted frame",
    ),
    Figure(
        "codebook_open_s",
        "open the codebook → settled",
        "s",
        {10_000: 0.3, 100_000: 1.0},
        "key → last frame before the app is quiet (bench/probes.py screens)",
        tail=True,
    ),
    Figure("codebook_open_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure(
        "codebook_arrow_s",
        "arrow down in the codebook → settled",
        "s",
        {10_000: 0.05, 100_000: 0.1},
        tail=True,
    ),
    Figure("codebook_arrow_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure(
        "synthesis_open_s",
        "open the synthesis → settled",
        "s",
        {10_000: 0.3, 100_000: 1.0},
        tail=True,
    ),
    Figure("synthesis_open_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure("synthesis_arrow_s", "arrow down in the synthesis → settled", "s", {}, tail=True),
    Figure("synthesis_arrow_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure("synthesis_filter_s", "change the synthesis's team → settled", "s", {}, tail=True),
    Figure("synthesis_filter_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure("search_first_key_s", "first search keystroke → settled", "s", {}, tail=True),
    Figure("search_first_key_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure(
        "search_key_s",
        "the other keys of a typed word → settled",
        "s",
        {10_000: 0.1, 100_000: 0.2},
        "✓ / ✗ on the 95th percentile, as for every key pressed many times",
        tail=True,
    ),
    Figure("search_key_blocked_s", "  ↳ longest UI block", "s", {}, tail=True),
    Figure("add_note_s", "add one note (sealed, committed)", "s", {10_000: 0.015, 100_000: 0.015}),
    Figure(
        "synthesis_s",
        "synthesis recomputed",
        "s",
        {10_000: 0.100, 100_000: 0.5, 1_000_000: 5.0},
    ),
    Figure("synthesis_again_s", "  synthesis asked again, nothing written", "s", {}),
    Figure(
        "cli_search_s",
        "`fieldnotes search WORD` (whole process)",
        "s",
        {10_000: 1.2, 100_000: 4.0},
    ),
    Figure(
        "cli_search_again_s",
        "  the same, again on this machine (the file checked and unchanged since)",
        "s",
        {},
    ),
    Figure("cli_help_s", "`fieldnotes --help` (whole process)", "s", {10_000: 0.25, 100_000: 0.25}),
    Figure("kdf_alone_s", "the key derivation alone (in the bench's process)", "s", {}),
    *(
        figure
        for command, label, goal in (
            ("list", "`fieldnotes list`", None),
            ("search_rare", f"`fieldnotes search {RARE_WORD}` (in no note)", 2.0),
            ("search_word", f"`fieldnotes search {SEARCH_WORD}` (1 note in 20)", 2.0),
            ("search_common", f"`fieldnotes search {COMMON_WORD}` (most notes)", 2.0),
            ("list_limit", f"`fieldnotes list --limit {LIMIT}`", None),
            (
                "search_common_limit",
                f"`fieldnotes search {COMMON_WORD} --limit {LIMIT}` (most notes)",
                2.0,
            ),
        )
        for figure in (
            Figure(
                f"cli_{command}_first_s",
                f"{label}: first line out, beyond the key derivation",
                "s",
                {1_000_000: 1.5} if command == "list" else {},
                "whole process, less the median of the key derivation alone",
            ),
            Figure(
                f"cli_{command}_s",
                f"  {label}: last line out, beyond the key derivation",
                "s",
                {1_000_000: goal} if goal is not None else {},
            ),
            Figure(f"cli_{command}_exit_s", "  ↳ the process done (after the check)", "s", {}),
            Figure(f"cli_{command}_cpu_s", "  ↳ CPU of the whole process (user + system)", "s", {}),
            Figure(f"cli_{command}_peak_mb", "  ↳ peak memory (VmHWM)", "MiB", {1_000_000: TWO_GB}),
            Figure(f"cli_{command}_lines", "  ↳ lines printed", "lines", {}),
            Figure(
                f"cli_{command}_fresh_first_s",
                "  ↳ first line, on a machine that has not checked the file yet",
                "s",
                {},
            ),
            Figure(f"cli_{command}_fresh_s", "  ↳ last line, the same", "s", {}),
            Figure(f"cli_{command}_fresh_exit_s", "  ↳ the process done, the same", "s", {}),
            Figure(f"cli_{command}_fresh_cpu_s", "  ↳ CPU, the same", "s", {}),
        )
    ),
    Figure(
        "memory_app_mb",
        "steady memory after unlock (app, RSS)",
        "MiB",
        {10_000: 250, 100_000: 1024, 1_000_000: TWO_GB},
    ),
    Figure("memory_app_peak_mb", "  peak memory (app, VmHWM)", "MiB", {}),
    Figure(
        "memory_typed_mb",
        "memory after the typed word (app, RSS)",
        "MiB",
        {100_000: FOUR_HUNDRED_MB},
        "the screens probe, once `interpreter` is typed (every note open and searchable)",
    ),
    Figure("memory_typed_peak_mb", "  peak memory (app, VmHWM)", "MiB", {}),
    Figure("memory_library_mb", "memory after unlock + load (library, RSS)", "MiB", {}),
    Figure("db_size_mb", "database size on disk", "MB", {}),
)
BY_KEY = {figure.key: figure for figure in FIGURES}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    versions = {}
    for package in ("textual", "rich", "sqlalchemy", "sqlmodel", "cryptography"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "host": socket.gethostname(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram_gib, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "load_average_at_start": os.getloadavg(),
    }


# -------------------------------------------------------------------------- running


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process: bytecode cached as in a real install.

    Some sandboxes set PYTHONDONTWRITEBYTECODE, which would make every process compile
    fieldnotes from source; a real install has its bytecode, so the children may write it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def warm_up(env: dict[str, str]) -> None:
    """Compile (and cache) the bytecode every measured process imports, untimed."""
    subprocess.run(
        [sys.executable, "-c", "import fieldnotes.cli.notes, fieldnotes.tui.app, bench.probes"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def fresh_machine(env: dict[str, str] | None) -> dict[str, str]:
    """Each measured process works on a fresh copy of the same cached notebook, which is a
    rollback to anyone who saw the last copy written: so each is a machine of its own."""
    state = tempfile.mkdtemp(prefix="fieldnotes-bench-state-")
    atexit.register(shutil.rmtree, state, ignore_errors=True)
    return {**(env if env is not None else os.environ), "XDG_STATE_HOME": state}


def child(
    args: Sequence[str], *, env: dict[str, str] | None = None, machine: bool = True
) -> dict[str, Any]:
    """Run a probe in a fresh interpreter; its last stdout line is a JSON object. On a machine
    of its own unless `machine` is False (then `env` says whose)."""
    completed = subprocess.run(
        [sys.executable, str(PROBES), *args],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        env=fresh_machine(env) if machine else env,
        cwd=ROOT,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"probe {' '.join(args[:1])} failed ({completed.returncode}):\n{completed.stderr}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def fieldnotes_command() -> list[str]:
    script = Path(sys.executable).with_name("fieldnotes")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "fieldnotes"]


def time_process(argv: Sequence[str], env: dict[str, str], *, machine: bool = True) -> float:
    """Wall time of one process; on a machine of its own unless `machine` is False."""
    started = time.perf_counter()
    completed = subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=fresh_machine(env) if machine else env,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {completed.stderr.decode()[-2000:]}")
    return elapsed


@dataclass(frozen=True)
class ProcessCost:
    """One whole process as a person at a terminal meets it."""

    first_line_s: float
    """From the start until the first byte of output (the whole run when it printed nothing)."""
    last_line_s: float
    """Until the last byte of output (the check at exit comes after it)."""
    wall_s: float
    cpu_s: float
    peak_mb: float
    lines: int


def measure_process(argv: Sequence[str], env: dict[str, str]) -> ProcessCost:
    """Run `argv` in `env`, reading its output as a terminal would."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=env)
        assert process.stdout is not None
        first: float | None = None
        last: float | None = None
        lines = 0
        while chunk := os.read(process.stdout.fileno(), 1 << 16):
            last = time.perf_counter() - started
            if first is None:
                first = last
            lines += chunk.count(b"\n")
        # wait4, not wait: the child's own CPU and peak memory, not every child's so far.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed: {errors.read().decode()[-2000:]}")
    return ProcessCost(
        first_line_s=wall if first is None else first,
        last_line_s=wall if last is None else last,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        lines=lines,
    )


def kdf_alone(kdf_name: str, repeat: int) -> list[float]:
    """Wall seconds of the key derivation by itself, the part of a command that stays."""
    from fieldnotes.crypto.kdf import derive_key

    taken = []
    for _ in range(repeat):
        started = time.perf_counter()
        derive_key(PASSPHRASE, b"\0" * 16, KDFS[kdf_name])
        taken.append(time.perf_counter() - started)
    return taken


SCALE_COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("list", ("list",)),
    ("search_rare", ("search", RARE_WORD)),
    ("search_word", ("search", SEARCH_WORD)),
    ("search_common", ("search", COMMON_WORD)),
    ("list_limit", ("list", "--limit", str(LIMIT))),
    ("search_common_limit", ("search", COMMON_WORD, "--limit", str(LIMIT))),
)
"""The `--limit` cases are a person reading the newest screenful, then the count of the rest."""


def measure_size(
    n_notes: int,
    *,
    repeat: int,
    kdf_name: str,
    seed: int,
    groups: set[str],
    cache_dir: Path,
    warm: bool = True,
    keystrokes: int,
    adds: int,
    syntheses: int,
) -> dict[str, Any]:
    log(f"{n_notes:,} notes")
    started = time.perf_counter()
    source = cached_notebook(n_notes, seed=seed, kdf_name=kdf_name, log=log, cache_dir=cache_dir)
    generate_s = time.perf_counter() - started
    work = cache_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    path = work / source.name
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy2(source, path)
    # Written back to the disk now, not in the middle of the first figures: the kernel's
    # writeback of a 470 MB copy slowed every process measured beside it.
    with open(path, "rb") as copied:
        os.fsync(copied.fileno())

    samples: dict[str, list[float]] = {}
    info: dict[str, Any] = {"notebook": source.name, "generate_or_reuse_s": generate_s}

    def add(key: str, value: float | list[float]) -> None:
        samples.setdefault(key, []).extend(value if isinstance(value, list) else [value])

    if "size" in groups:
        add("db_size_mb", source.stat().st_size / 1e6)

    env = child_env(FIELDNOTES_PASSPHRASE=PASSPHRASE, FIELDNOTES_NOTEBOOK=str(path))
    if warm:
        warm_up(env)
    if "cli" in groups:
        command = fieldnotes_command()
        log("  fieldnotes --help, fieldnotes search")
        for _ in range(repeat):
            add("cli_help_s", time_process([*command, "--help"], env))
        for _ in range(repeat):
            add("cli_search_s", time_process([*command, "search", SEARCH_WORD], env))
        # One machine for all of them, as a person running one command after another: after
        # the first (untimed, and at least two seconds after the copy was made, or the file
        # is too fresh to be recorded as checked), the manifest is not checksummed again.
        again = fresh_machine(env)
        time.sleep(max(0.0, 2.1 - (time.time() - path.stat().st_ctime)))
        time_process([*command, "search", SEARCH_WORD], again, machine=False)
        for _ in range(repeat):
            add(
                "cli_search_again_s",
                time_process([*command, "search", SEARCH_WORD], again, machine=False),
            )

    if "scale" in groups:
        command = fieldnotes_command()
        kdf = kdf_alone(kdf_name, max(3, repeat))
        add("kdf_alone_s", kdf)
        kdf_s = statistics.median(kdf)
        time.sleep(max(0.0, 2.1 - (time.time() - path.stat().st_ctime)))  # see "again" above
        for name, argv in SCALE_COMMANDS:
            log(f"  fieldnotes {' '.join(argv)}")
            # The first on a machine that has not checked this file (the check runs in full),
            # then `repeat` more on that machine, as a person running one after another.
            machine_env = fresh_machine(env)
            for index in range(repeat + 1):
                try:
                    cost = measure_process([*command, *argv], machine_env)
                except RuntimeError:
                    if "--limit" not in argv:
                        raise
                    log("    no --limit in the fieldnotes measured: skipped")
                    break
                key = f"cli_{name}_fresh" if index == 0 else f"cli_{name}"
                add(f"{key}_first_s", cost.first_line_s - kdf_s)
                add(f"{key}_s", cost.last_line_s - kdf_s)
                add(f"{key}_exit_s", cost.wall_s - kdf_s)
                add(f"{key}_cpu_s", cost.cpu_s)
                add(f"{key}_peak_mb", cost.peak_mb)
                add(f"{key}_lines", float(cost.lines))
                log(
                    f"    {'fresh' if index == 0 else index}: first line {cost.first_line_s:.2f}"
                    f" s, last {cost.last_line_s:.2f} s, done {cost.wall_s:.2f} s,"
                    f" CPU {cost.cpu_s:.2f} s,"
                    f" peak {cost.peak_mb:.0f} MiB, {cost.lines:,} lines"
                    f" (load {os.getloadavg()[0]:.1f})"
                )

    if "library" in groups:
        log("  library probe")
        for index in range(repeat):
            result = child(
                ["library", str(path), "--adds", str(adds), "--syntheses", str(syntheses)],
                env=env,
            )
            for key in (
                "unlock_kdf_s",
                "unlock_rest_s",
                "load_notes_s",
                "memory_library_mb",
                "add_note_s",
                "synthesis_s",
                "synthesis_again_s",
            ):
                add(key, result[key])
            log(
                f"    {index + 1}/{repeat}: load {result['load_notes_s']:.2f} s, "
                f"add {statistics.median(result['add_note_s']) * 1000:.1f} ms, "
                f"synthesis {statistics.median(result['synthesis_s']) * 1000:.0f} ms"
            )

    if "screen" in groups:
        log("  screen probe")
        for index in range(repeat):
            result = child(["screen", str(path), "--keystrokes", str(keystrokes)], env=env)
            for key in (
                "first_list_beyond_kdf_s",
                "every_note_open_beyond_kdf_s",
                "memory_app_mb",
                "memory_app_peak_mb",
                "search_keystroke_s",
                "search_keystroke_work_s",
            ):
                add(key, result[key])
            add("first_list_kdf_s", result["first_list_kdf_s"])
            for name, value in result["first_list_phases_s"].items():
                add(f"first_list_{name}_s", value)
            for name, values in result["search_keystroke_phases_s"].items():
                add(f"search_{name}_s", values)
            info["search_matches"] = result["search_matches"]
            log(
                f"    {index + 1}/{repeat}: first list {result['first_list_beyond_kdf_s']:.2f} s"
                f" beyond KDF, keystroke "
                f"{statistics.median(result['search_keystroke_s']) * 1000:.0f} ms"
            )
        # A person opens their own notebook on the machine that checked it last time: the
        # manifest is then taken as checked (see "again" above), not checksummed row by row
        # beside the opening of every note. One untimed opening first records the check.
        again = fresh_machine(env)
        time.sleep(max(0.0, 2.1 - (time.time() - path.stat().st_ctime)))
        screen = ["screen", str(path), "--keystrokes", "1"]
        child(screen, env=again, machine=False)
        for index in range(repeat):
            result = child(screen, env=again, machine=False)
            add("first_list_again_beyond_kdf_s", result["first_list_beyond_kdf_s"])
            add("every_note_open_again_beyond_kdf_s", result["every_note_open_beyond_kdf_s"])
            log(
                f"    {index + 1}/{repeat} on a machine that checked it before: every note "
                f"open {result['every_note_open_beyond_kdf_s']:.2f} s beyond KDF"
            )

    if "screens" in groups:
        log("  screens probe (codebook, synthesis, search box)")
        for index in range(repeat):
            # The first repetition also types a long session, for memory without pauses.
            session = ["--session-words", "10"] if index == 0 else []
            result = child(["screens", str(path), *session], env=env)
            for name, values in result["screens_s"].items():
                add(f"{name}_s", values)
            for name, values in result["screens_blocked_s"].items():
                add(f"{name}_blocked_s", values)
            info.setdefault("screens_full_gc_s", []).append(result.get("screens_full_gc_s", {}))
            add("memory_typed_mb", result["memory_typed_mb"])
            add("memory_typed_peak_mb", result["memory_typed_peak_mb"])
            if result.get("typing_session"):
                info["typing_session"] = result["typing_session"]
            took = result["screens_s"]
            full = result.get("screens_full_gc_s", {})
            log(
                f"    {index + 1}/{repeat}: codebook {took['codebook_open'][0]:.2f} s,"
                f" arrow max {max(took['codebook_arrow']) * 1000:.0f} ms,"
                f" full collections during the word {len(full.get('search_key', []))}"
            )

    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    figures = {
        key: {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
            "p95": percentile(values, 0.95),
            "n": len(values),
            "samples": values,
        }
        for key, values in samples.items()
    }
    return {"notes": n_notes, "info": info, "figures": figures}


# --------------------------------------------------------------------------- output


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fmt(value: float, unit: str) -> str:
    if unit == "lines":
        return f"{value:,.0f}"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def cell(figure: Figure, result: dict[str, Any], n_notes: int) -> str:
    data = result["figures"].get(figure.key)
    if data is None:
        return "—"
    text = fmt(data["median"], figure.unit)
    if figure.tail:
        text += f" · p95 {fmt(data['p95'], figure.unit)} · max {fmt(data['max'], figure.unit)}"
    elif data["n"] > 1 and figure.unit == "s":
        text += f" ({fmt(data['min'], figure.unit)}–{fmt(data['max'], figure.unit)})"
    target = figure.targets.get(n_notes)
    if target is not None:
        # A key pressed many times is judged by its 95th percentile, not its median.
        judged = data["p95"] if figure.tail else data["median"]
        text += " ✓" if judged <= target else " ✗"
    return text


def table(results: list[dict[str, Any]]) -> str:
    sizes = [r["notes"] for r in results]
    header = ["figure", *(f"{n:,} notes" for n in sizes), "target (10k / 100k / 1M)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for figure in FIGURES:
        if not any(figure.key in r["figures"] for r in results):
            continue
        targets = " / ".join(
            fmt(figure.targets[n], figure.unit) if n in figure.targets else "—"
            for n in (10_000, 100_000, 1_000_000)
        )
        row = [figure.label, *(cell(figure, r, r["notes"]) for r in results), targets]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def default_json_path() -> Path:
    return BENCH / "results" / f"{date.today().isoformat()}-{socket.gethostname()}.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--kdf", choices=sorted(KDFS), default="default")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="default: bench/results/…")
    parser.add_argument(
        "--only", nargs="+", choices=GROUPS, default=list(GROUPS), help="figure groups to run"
    )
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--keystrokes", type=int, default=6, help="per screen process")
    parser.add_argument("--adds", type=int, default=5, help="notes added per library process")
    parser.add_argument("--syntheses", type=int, default=3, help="per library process")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the untimed import of everything first"
    )
    args = parser.parse_args(argv)

    started = datetime.now()
    record: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {
            "notes": args.notes,
            "repeat": args.repeat,
            "kdf": args.kdf,
            "kdf_params": vars_of(KDFS[args.kdf]),
            "seed": args.seed,
            "keystrokes": args.keystrokes,
            "adds": args.adds,
            "syntheses": args.syntheses,
            "search_word": SEARCH_WORD,
            "only": args.only,
        },
        "figures": {
            f.key: {"label": f.label, "unit": f.unit, "targets": f.targets, "note": f.note}
            for f in FIGURES
        },
        "results": [],
    }
    json_path = args.json or default_json_path()
    json_path.parent.mkdir(parents=True, exist_ok=True)
    for n_notes in args.notes:
        result = measure_size(
            n_notes,
            repeat=args.repeat,
            kdf_name=args.kdf,
            seed=args.seed,
            groups=set(args.only),
            cache_dir=args.cache_dir,
            keystrokes=args.keystrokes,
            adds=args.adds,
            syntheses=args.syntheses,
            warm=not args.no_warm_up,
        )
        record["results"].append(result)
        # Written after every size, so a long run that is stopped keeps what it measured.
        record["machine"]["load_average_at_end"] = os.getloadavg()
        record["finished"] = datetime.now().isoformat(timespec="seconds")
        json_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(table(record["results"]))
    print(f"\nJSON: {json_path}")
    return 0


def vars_of(params: Any) -> dict[str, int]:
    return {
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
    }


if __name__ == "__main__":
    sys.exit(main())
