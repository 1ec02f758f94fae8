"""Each step of a read-only command, timed one after another in one process.

    FIELDNOTES_PASSPHRASE=... python bench/phases.py NOTEBOOK search|list|show [sealed]

Prints CPU and wall seconds for the imports, the open, the key derivation, the command's own
read and the manifest check (full, or skipped when this machine checked the file as it is now).
The notebook is opened as the commands open it (`Notebook.open_for_reading`, the light store
when the file allows it); `sealed` loads the storage layer and opens it on the sealed store.
The figures are in docs/benchmarks.md ("A read-only command and the check at exit").
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` importable
    sys.path.insert(0, str(ROOT))

SEARCH_WORD = "interpreter"


def main() -> int:
    steps: list[tuple[str, float, float]] = []
    clock = (time.process_time(), time.perf_counter())

    def step(label: str) -> None:
        nonlocal clock
        now = (time.process_time(), time.perf_counter())
        steps.append((label, now[0] - clock[0], now[1] - clock[1]))
        clock = (time.process_time(), time.perf_counter())

    from fieldnotes.notebook import Notebook, NoteFilter

    step("import fieldnotes.notebook")
    path, command = Path(sys.argv[1]), sys.argv[2]
    sealed = sys.argv[3:] == ["sealed"]
    if sealed:
        import fieldnotes.storage.store  # noqa: F401 - SQLAlchemy, SQLModel and the store

        step("import the storage layer")
    notebook = Notebook.open(path) if sealed else Notebook.open_for_reading(path)
    step("open")
    notebook.unlock(os.environ["FIELDNOTES_PASSPHRASE"])
    step("unlock (key derivation)")
    if command == "search":
        found = notebook.find(NoteFilter(query=SEARCH_WORD))
        step(f"search ({len(found)} notes)")
    elif command == "list":
        listed = notebook.notes(NoteFilter())
        step(f"list ({len(listed)} notes)")
    else:
        newest = notebook.newest_notes(1)
        notebook.note_by_prefix(newest[0].id[:8])
        step("show one note")
    notebook.integrity_problems()
    step("manifest check")
    notebook.close()
    step("close")
    for label, cpu, wall in steps:
        print(f"{label:32s} {cpu:6.3f} s CPU {wall:6.3f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
