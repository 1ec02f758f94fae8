"""The built-in demo notebook: sample frameworks, codebook and notes, passphrase `demo`."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from fieldnotes.domain.model import OBSTACLE_STATUSES, CodebookEntry, ObstacleStatus
from fieldnotes.errors import FileFormatError
from fieldnotes.notebook import DEFAULT_KDF, KdfParams, Notebook, ProcessLock

DEMO_PASSPHRASE = "demo"
PROGRESS_FILE = "demo-progress.toml"
"""The demo's own statuses and asks, laid over the starter codebook (which has neither)."""
DEMO_DIR_PREFIX = "fieldnotes-demo-"
DEMO_FILE_NAME = "demo.fieldnotes"
KEEP_MARKER = ".keep"
"""In a demo folder made with `--no-open`: the person was told its path and means to use it."""
DEMO_DECISIONS: tuple[tuple[str, str, date], ...] = (
    (
        "IT and case recording system/Forms that don't fit the work",
        "Agreed at the senior leadership team on 30 October: a practitioner-led review of the "
        "three forms that cost most time, with business support included.",
        date(2026, 11, 16),
    ),
    (
        "Timescale and KPI pressure",
        "Agreed on 30 October: a practice item at the start of every performance board.",
        date(2026, 11, 27),
    ),
    (
        "Supervision squeezed into case management",
        "Group supervision protected fortnightly in every locality team, kept apart from case "
        "management supervision.",
        date(2026, 11, 30),
    ),
)
"""What leadership decided after the last sample note, and when to look again. The dates are
fixed and in the past, so a new user always finds obstacles due to re-observe."""
DECIDED_AT = datetime(2026, 10, 30, 16, 0)
"""When the senior leadership team met on 30 October, as the obstacles' history records it."""
DEMO_HISTORY: tuple[tuple[str, datetime, dict[str, str], str], ...] = (
    (
        "IT and case recording system/Forms that don't fit the work",
        datetime(2026, 9, 1, 11, 0),
        {"status": "raised"},
        "Raised with the assistant director, with the August notes from four teams",
    ),
    (
        "IT and case recording system/Forms that don't fit the work",
        datetime(2026, 9, 11, 15, 30),
        {"status": "change agreed"},
        "Agreed in principle by the assistant director; the details go to the senior "
        "leadership team",
    ),
    (
        "Supervision squeezed into case management",
        DECIDED_AT,
        {"status": "change agreed"},
        "Senior leadership team, 30 October",
    ),
)
"""Where the demo's obstacles went before the decisions above, step by step, so the timeline
and the before/after comparison have a history to show: the forms were agreed in principle in
September, with notes on either side of that date."""
DEMO_FILES = frozenset(
    {DEMO_FILE_NAME, *(f"{DEMO_FILE_NAME}{s}" for s in ("-wal", "-shm", ".lock")), KEEP_MARKER}
)


def build_demo_notebook(
    path: Path, *, kdf: KdfParams = DEFAULT_KDF, passphrase: str = DEMO_PASSPHRASE
) -> Notebook:
    """Create the demo notebook at `path` and return it unlocked.

    Every sample file is read and checked before the notebook is created, so a damaged sample
    file leaves nothing behind.
    """
    from fieldnotes.domain.frameworks import (
        builtin_codebook_path,
        builtin_framework_paths,
        load_codebook,
        load_frameworks,
    )
    from fieldnotes.domain.importer import read_note_files

    sample = builtin_codebook_path().parent
    frameworks = load_frameworks(builtin_framework_paths())
    progress_path = sample / PROGRESS_FILE
    codebook = with_progress(
        load_codebook(builtin_codebook_path()), load_progress(progress_path), progress_path
    )
    imported = read_note_files([sample / "notes"])
    notebook = Notebook.create(path, passphrase, kdf=kdf, frameworks=frameworks, codebook=codebook)
    try:
        notebook.import_notes(imported)
        for path_name, at, changes, reason in DEMO_HISTORY:
            obstacle = notebook.find_obstacle(path_name)
            notebook.update_obstacle(obstacle.id, reason=reason, at=at, **changes)
        for path_name, decision, reobserve_on in DEMO_DECISIONS:
            obstacle = notebook.find_obstacle(path_name)
            notebook.update_obstacle(
                obstacle.id,
                decision=decision,
                reobserve_on=reobserve_on,
                reason="Senior leadership team, 30 October",
                at=DECIDED_AT,
            )
    except BaseException:
        notebook.close()
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return notebook


def load_progress(path: Path) -> dict[str, tuple[ObstacleStatus, str, int]]:
    """`[[obstacle]]` tables of path, status and ask: {casefolded path: (status, ask, line)}."""
    from fieldnotes.domain.frameworks import (
        check_keys,
        get_string,
        get_tables,
        parse_toml,
        quoted,
        read_text_file,
        toml_layout,
    )

    text = read_text_file(path)
    data = parse_toml(text, path)
    layout = toml_layout(text)
    check_keys(path, data, layout, ("obstacle",), "the demo's progress file")
    progress: dict[str, tuple[ObstacleStatus, str, int]] = {}
    for index, table in enumerate(get_tables(path, data, layout, "obstacle", "obstacle")):
        where = layout.item("obstacle", index)
        label = f"obstacle entry {index + 1}"
        check_keys(path, table, where, ("path", "status", "ask"), label)
        name = get_string(path, table, where, "path", label, required=True)
        status = get_string(path, table, where, "status", label) or "emerging"
        if status not in OBSTACLE_STATUSES:
            raise FileFormatError(
                path, where.key_line("status"), f"{label} has status {quoted(status)}"
            )
        ask = get_string(path, table, where, "ask", label)
        progress[name.casefold()] = (status, ask, where.key_line("path"))
    return progress


def with_progress(
    entries: Sequence[CodebookEntry],
    progress: Mapping[str, tuple[ObstacleStatus, str, int]],
    source: Path,
) -> tuple[CodebookEntry, ...]:
    """`entries` with the demo's statuses and asks; a path that names no obstacle is an error."""
    used: set[str] = set()

    def walk(level: Sequence[CodebookEntry], parent: str) -> tuple[CodebookEntry, ...]:
        out: list[CodebookEntry] = []
        for entry in level:
            key = f"{parent}/{entry.name}" if parent else entry.name
            children = walk(entry.children, key)
            found = progress.get(key.casefold())
            if found is None:
                out.append(dataclasses.replace(entry, children=children))
                continue
            used.add(key.casefold())
            status, ask, _line = found
            out.append(dataclasses.replace(entry, status=status, ask=ask, children=children))
        return tuple(out)

    result = walk(entries, "")
    for key, (_status, _ask, line) in progress.items():
        if key not in used:
            raise FileFormatError(source, line, "this path names no obstacle in the codebook")
    return result


def make_demo_dir(*, keep: bool = False, parent: Path | None = None) -> Path:
    """A fresh private folder for a demo notebook in the temporary directory."""
    folder = Path(tempfile.mkdtemp(prefix=DEMO_DIR_PREFIX, dir=parent))
    if keep:
        (folder / KEEP_MARKER).touch(mode=0o600)
    return folder


def remove_demo_dir(folder: Path) -> None:
    """Remove a demo folder made by `make_demo_dir`, and only one that holds nothing else."""
    if _is_ours(folder):
        shutil.rmtree(folder, ignore_errors=True)


def clean_stale_demo_dirs(parent: Path | None = None) -> int:
    """Remove demo folders earlier runs left behind (a crash, a kill); returns how many.

    Only folders of this user that hold nothing but a demo notebook, whose notebook no process
    has open, and that were not made with `--no-open` to be kept.
    """
    from fieldnotes.errors import NotebookBusy

    parent = Path(parent or tempfile.gettempdir())
    removed = 0
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{DEMO_DIR_PREFIX}*"):
            if not _is_ours(folder) or (folder / KEEP_MARKER).exists():
                continue
            notebook = folder / DEMO_FILE_NAME
            lock = ProcessLock(notebook)
            try:
                if notebook.exists():
                    lock.acquire()
            except (NotebookBusy, OSError):
                continue  # another demo is running on it
            try:
                shutil.rmtree(folder)
                removed += 1
            except OSError:
                pass
            finally:
                lock.release()
    return removed


def _is_ours(folder: Path) -> bool:
    try:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        return {entry.name for entry in os.scandir(folder)} <= DEMO_FILES
    except OSError:
        return False
