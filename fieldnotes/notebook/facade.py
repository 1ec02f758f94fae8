"""`Notebook` itself: opening, unlocking, locking and closing, over the parts it is made of."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Self, cast

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import CodebookEntry, Framework
from fieldnotes.domain.rules import check_notebook_passphrase
from fieldnotes.errors import NotebookExists, NotebookNotFound
from fieldnotes.index.evidence import EvidenceIndex
from fieldnotes.index.links import LinkCounts
from fieldnotes.index.notes import LEAN_FROM_NOTES, CachedNoteIndex, NoteIndex
from fieldnotes.notebook.briefs import BriefsPart
from fieldnotes.notebook.codebook import CodebookPart
from fieldnotes.notebook.early import (
    DEFAULT_KDF,
    EarlyDerivation,
    KdfParams,
    ProcessLock,
)
from fieldnotes.notebook.events import (
    NotebookChange,
)
from fieldnotes.notebook.exchange import ExchangePart
from fieldnotes.notebook.exports import (
    ExportsPart,
)
from fieldnotes.notebook.history import HistoryPart
from fieldnotes.notebook.leaders import LeadersPart
from fieldnotes.notebook.members import MembersPart
from fieldnotes.notebook.memos import MemosPart
from fieldnotes.notebook.notes import NotesPart
from fieldnotes.notebook.passages import PassagesPart
from fieldnotes.notebook.reports import ReportsPart
from fieldnotes.notebook.retention import RetentionPart
from fieldnotes.notebook.settings import SettingsPart
from fieldnotes.notebook.team import TeamPart
from fieldnotes.notebook.trash import TrashPart

if TYPE_CHECKING:
    from fieldnotes.storage.readstore import ReadStore
    from fieldnotes.storage.store import SealedStore


class Notebook(
    NotesPart,
    PassagesPart,
    TrashPart,
    CodebookPart,
    HistoryPart,
    MemosPart,
    ReportsPart,
    SettingsPart,
    LeadersPart,
    BriefsPart,
    ExportsPart,
    ExchangePart,
    RetentionPart,
    MembersPart,
    TeamPart,
):
    """An open notebook. Holds the process lock from open to close; the key only while unlocked."""

    def __init__(self, path: Path, store: SealedStore, process_lock: ProcessLock) -> None:
        self.path = path
        self._store = store
        self._process_lock = process_lock
        self._index: NoteIndex = self._note_index(store)
        self._links = LinkCounts()
        self._evidence = EvidenceIndex()
        self._syntheses = {}
        self._syntheses_lock = threading.Lock()
        self._obstacles: ObstacleTree | None = None
        self._obstacle_notes = None
        self._drops = 0
        self._frameworks: list[Framework] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._watchers: list[Callable[[NotebookChange], None]] = []
        self._revision = 0
        self._reader: ReadStore | None = None
        """The light store, until unlock says whether it keeps the file (`open_for_reading`)."""

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        frameworks: Sequence[Framework] = (),
        codebook: Sequence[CodebookEntry] = (),
    ) -> Notebook:
        """Create a notebook and return it unlocked."""
        path = Path(path)
        check_notebook_passphrase(passphrase)
        if path.exists():
            raise NotebookExists(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # The storage layer loads here, not on import: a command line's key derivation
        # starts from `fieldnotes.notebook.early_unlock` before SQLAlchemy has loaded.
        from fieldnotes.storage.engine import create_private_file
        from fieldnotes.storage.store import SealedStore

        lock = ProcessLock(path)
        lock.acquire()
        try:
            create_private_file(path)
            try:
                store = SealedStore.create(path, passphrase, kdf)
                if frameworks:
                    store.save_frameworks(frameworks)
                if codebook:
                    store.import_codebook(codebook)
            except BaseException:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
        except BaseException:
            lock.release()
            raise
        return cls(path, store, lock)

    @classmethod
    def open(
        cls, path: Path, *, wait: float = 0.0, on_wait: Callable[[], None] | None = None
    ) -> Notebook:
        """Open a notebook, locked. Unlock it with `unlock(passphrase)`.

        If another process has it open, wait up to `wait` seconds for it to close it (calling
        `on_wait` once when the waiting starts), then refuse with `NotebookBusy`.
        """
        path = Path(path)
        from fieldnotes.storage.store import SealedStore

        lock = cls._locked(path, wait, on_wait)
        try:
            store = SealedStore.open(path)
        except BaseException:
            lock.release()
            raise
        return cls(path, store, lock)

    @staticmethod
    def _locked(path: Path, wait: float, on_wait: Callable[[], None] | None) -> ProcessLock:
        """The notebook's process lock, held (waiting as `open` says): the file must exist."""
        if not path.is_file():
            raise NotebookNotFound(path)
        lock = ProcessLock(path)
        lock.acquire(wait, on_wait=on_wait)
        return lock

    @classmethod
    def open_for_reading(
        cls, path: Path, *, wait: float = 0.0, on_wait: Callable[[], None] | None = None
    ) -> Notebook:
        """`open`, for a command that only reads notes and the codebook (`fieldnotes search`,
        `list`, `show`): without loading SQLAlchemy when the file allows it.

        The same lock, checks and errors as `open`; a file at an older format, missing a
        table, or a team's replica opens exactly as `open` opens it (docs/security.md, "The
        read-only commands' store"). Anything but reading such a notebook is not for it.
        """
        path = Path(path)
        from fieldnotes.storage.readstore import ReadStore

        lock = cls._locked(path, wait, on_wait)
        try:
            reader = ReadStore.open(path)
            if reader is None:
                from fieldnotes.storage.store import SealedStore

                return cls(path, SealedStore.open(path), lock)
        except BaseException:
            lock.release()
            raise
        # The light store answers every call those commands make of a store (each is run on
        # it in tests/test_readstore.py); it is not a `SealedStore` and does not pretend to
        # write: anything else fails loudly rather than reaching the file another way.
        notebook = cls(path, cast("SealedStore", reader), lock)
        notebook._reader = reader
        return notebook

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def notebook_id(self) -> str:
        return str(uuid.UUID(bytes=self._store.notebook_id))

    @property
    def is_unlocked(self) -> bool:
        return self._store.unlocked

    @property
    def needs_upgrade(self) -> bool:
        """Written in an older format: the next unlock upgrades it (seconds for a large one)."""
        from fieldnotes.storage.store import SCHEMA_VERSION

        return self._store.schema_version < SCHEMA_VERSION

    @property
    def kdf_params(self) -> KdfParams:
        return self._store.keyslot().params

    @staticmethod
    def _note_index(store: SealedStore) -> CachedNoteIndex:
        return CachedNoteIndex(store, store.indexed_tokens, lean_from=LEAN_FROM_NOTES)

    def unlock(self, passphrase: str, *, early: EarlyDerivation | None = None) -> None:
        """Derive the key and open the keyslot. `early` is the same passphrase's derivation,
        started before the notebook was opened (see `fieldnotes.crypto.kdf.EarlyDerivation`)."""
        self._store.unlock(passphrase, early)
        reader, self._reader = self._reader, None
        if reader is not None and reader.replaced_by is not None:
            # The file needs the sealed store's own checks: it took the file and the key.
            self._store = reader.replaced_by
            self._index = self._note_index(self._store)
        try:
            self._after_unlock()
        except BaseException:
            # Never unlocked halfway: whatever failed, the key is not left in memory.
            self.lock()
            raise

    def _after_unlock(self) -> None:
        """Checks run once the key is in, before anything is shown."""

    def integrity_problems(self) -> tuple[str, ...]:
        """What the last unlock found changed outside fieldnotes: rows that do not match the
        manifest, a changed structure, a rollback. Empty when nothing was found. Damage to a
        single note shows on that note (`Note.damaged`) as well."""
        self._require_unlocked()
        problems = self._store.integrity_problems
        if problems:
            # The search box's tokens may have started from the sealed index on disk: the
            # file is not as fieldnotes left it, so they are gathered from the notes instead.
            self._index.forget_tokens()
        return problems

    def check_every_row(self) -> None:
        """Have the coming check checksum every row, even of a file this machine found intact
        and that has not been written since (`fieldnotes check`)."""
        self._store.check_in_full = True

    def accept_current_state(self) -> None:
        """The person has looked at the reported damage and accepts the notebook as it is."""
        self._require_unlocked()
        self._store.accept_current_state()
        self._drop_caches()

    def lock(self) -> None:
        """Drop the key and every decrypted object this façade holds."""
        self.stop_listening()
        self._drop_caches()
        self._store.lock()

    def close(self) -> None:
        try:
            self.stop_listening()
            self._drop_caches()
            self._store.close()
        finally:
            self._process_lock.release()

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        check_notebook_passphrase(new, "the new passphrase")
        self._store.change_passphrase(old, new, kdf or self._store.keyslot().params)

    # ------------------------------------------------------------------- checks

    def integrity_ok(self) -> bool:
        return self._store.integrity_ok()


def build_notebook(
    path: Path,
    passphrase: str,
    *,
    framework_paths: Sequence[Path] = (),
    codebook_path: Path | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Notebook:
    """Create a notebook from framework and codebook files, all checked before any write."""
    from fieldnotes.domain.frameworks import load_codebook, load_frameworks

    frameworks = load_frameworks(list(framework_paths))
    codebook = load_codebook(codebook_path) if codebook_path is not None else ()
    return Notebook.create(path, passphrase, kdf=kdf, frameworks=frameworks, codebook=codebook)
