"""The check of a notebook file against its manifest, and this machine's records of it.

Shared by the sealed store and the read-only commands' store (`fieldnotes.storage.readstore`),
so that both make the same check: the manifest compared with the file on a read-only
connection of its own (or taken as checked when the file is exactly as this machine's last
clean check found it), the rollback record compared and brought up to date, and the file's
state recorded after a session that found nothing and wrote nothing. Light on purpose: no
SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

from fieldnotes.storage.manifest import FileState, Manifest, file_state


class FileCheck:
    """The state the check keeps; `StoreCore` and `ReadStore` set it up."""

    path: Path
    notebook_id: bytes
    check_in_full: bool
    in_memory: bool
    _manifest: Manifest | None
    _unverified: Manifest | None
    _verify_lock: threading.Lock
    _checked: tuple[Manifest, FileState] | None

    def _refuse_writes(self) -> None:
        """The file was found changed in its structure: no write may run through triggers."""

    def _verify(self, manifest: Manifest) -> None:
        from urllib.parse import quote

        self._checked = None
        try:
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5.0)) as reader:
                reader.execute("BEGIN")
                # The read's snapshot starts here; the file is looked at after, so a write
                # landing between the two shows in the log and the check is made in full.
                reader.execute("SELECT count(*) FROM manifest").fetchone()
                state = file_state(self.path)
                record = self._checked_record()
                if (
                    state is None
                    or self.check_in_full
                    or not manifest.adopt_checked(reader, record, state)
                ):
                    manifest.verify(reader)
                reader.rollback()
            self._manifest_seen(manifest)
            if state is not None:
                self._checked = (manifest, state)
        except Exception as error:
            manifest.writable = False
            manifest.problems.append(
                f"the notebook's rows could not be checked ({type(error).__name__}); "
                "it opens read-only"
            )

    def _await_verification(self) -> None:
        with self._verify_lock:
            manifest = self._unverified
            if manifest is None:
                return
            # On a read-only connection of its own: reads on the shared one go on meanwhile.
            self._verify(manifest)
            self._unverified = None
            if not manifest.writable:
                self._refuse_writes()

    def _manifest_seen(self, manifest: Manifest | None = None) -> None:
        from fieldnotes.paths import seen_record

        manifest = manifest or self._manifest
        if manifest is None or self.in_memory:
            return
        record = seen_record(self.notebook_id.hex())
        manifest.check_seen(record)
        with contextlib.suppress(OSError):
            manifest.record_seen(record)

    def _checked_record(self) -> Path:
        from fieldnotes.paths import seen_record

        seen = seen_record(self.notebook_id.hex())
        return seen.with_name(f"{self.notebook_id.hex()}.checked.json")

    def _record_checked(self) -> None:
        """After the last connection is closed: if the file is as it was when its check found
        nothing (no write of ours or anyone's since), say so for the next open."""
        checked, self._checked = self._checked, None
        if checked is None or self.in_memory:
            return
        manifest, state = checked
        if file_state(self.path) != state:
            return
        with contextlib.suppress(OSError):
            manifest.record_checked(self._checked_record(), state)

    @property
    def integrity_problems(self) -> tuple[str, ...]:
        """What the unlock found changed outside fieldnotes (empty when nothing was)."""
        self._await_verification()
        return tuple(self._manifest.problems) if self._manifest is not None else ()

    @property
    def read_only_reason(self) -> str | None:
        self._await_verification()
        manifest = self._manifest
        if manifest is None:
            return None
        if manifest.rolled_back:
            return "this notebook is older than the copy this machine last saw"
        if not manifest.writable:
            return "the notebook's structure was changed outside fieldnotes"
        return None
