"""What every part of the notebook façade shares: the store, the caches, the listeners."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import (
    CodebookEntry,
    ExportRecord,
    Framework,
    Leader,
    Memo,
    Note,
    Obstacle,
    Principle,
)
from fieldnotes.errors import (
    NotebookLocked,
)

if TYPE_CHECKING:
    from fieldnotes.domain.brief import BriefRequest
    from fieldnotes.domain.synthesis import Change, Synthesis
    from fieldnotes.storage.store import SealedStore


class Part:
    """The state each part reads, and the few helpers they all call.

    `Notebook` is made of parts (notes, codebook, memos, briefs…): each is a mixin over
    this, so callers keep one object and one set of method names.
    """

    path: Path
    _store: SealedStore
    _notes: dict[str, Note] | None
    _ordered: list[Note] | None
    _haystacks: dict[str, str]
    _search_pairs: tuple[list[Note], list[str]] | None
    _recent_searches: dict[tuple[NoteFilter, tuple[str, ...]], list[int]]
    _obstacles: ObstacleTree | None
    _frameworks: list[Framework] | None
    _listeners: list[Callable[[], None]]
    _cache_lock: threading.RLock

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every write, so views can refresh. Returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _drop_caches(self) -> None:
        with self._cache_lock:
            self._notes = None
            self._notes_changed()
            gc.unfreeze()
            self._obstacles = None
            self._frameworks = None

    def _notes_changed(self, note_ids: Iterable[str] | None = None) -> None:
        with self._cache_lock:
            self._ordered = None
            self._search_pairs = None
            self._recent_searches.clear()
            if note_ids is None:
                self._haystacks = {}
            else:
                for note_id in note_ids:
                    self._haystacks.pop(note_id, None)

    def _changed(self, *, notes: bool = False, obstacles: bool = False) -> None:
        if notes:
            with self._cache_lock:
                self._notes = None
                self._notes_changed()
        if obstacles:
            self._obstacles = None
        for listener in list(self._listeners):
            listener()

    def _require_unlocked(self) -> None:
        if not self._store.unlocked:
            raise NotebookLocked()

    if TYPE_CHECKING:
        # What the parts ask of one another; each is defined in its own part.
        def _all_notes(self) -> dict[str, Note]: ...
        def note(self, note_id: str) -> Note: ...
        def notes(self, where: NoteFilter | None = None) -> list[Note]: ...
        def trashed_notes(self) -> list[Note]: ...
        def _forget_note(self, note_id: str) -> None: ...
        def _refresh_notes(self, note_ids: Iterable[str]) -> None: ...
        def frameworks(self) -> list[Framework]: ...
        def principles(self) -> dict[str, Principle]: ...
        def principle(self, principle_id: str) -> Principle: ...
        def obstacles(self) -> list[Obstacle]: ...
        def obstacle_tree(self) -> ObstacleTree: ...
        def obstacle(self, obstacle_id: str) -> Obstacle: ...
        def obstacle_children(self, obstacle_id: str | None) -> list[Obstacle]: ...
        def obstacle_subtree(self, obstacle_id: str) -> set[str]: ...
        def obstacle_path(self, obstacle_id: str) -> str: ...
        def find_obstacle(self, name_or_path: str) -> Obstacle: ...
        def codebook_entries(self) -> tuple[CodebookEntry, ...]: ...
        def _memos_cache_clear(self) -> None: ...
        def memos(
            self, *, note_id: str | None = None, obstacle_id: str | None = None
        ) -> list[Memo]: ...
        def synthesis(
            self,
            *,
            since: date | None = None,
            until: date | None = None,
            team: str | None = None,
        ) -> Synthesis: ...
        def changes_since_last_brief(self, synthesis: Synthesis) -> list[Change]: ...
        def _setting(self, key: str, what: str) -> str | None: ...
        def protected_names(self) -> list[str]: ...
        def pseudonymise(self, text: str) -> tuple[str, list[str]]: ...
        def leaders(self) -> list[Leader]: ...
        def author_recipient(self) -> str: ...
        def author_label(self) -> str: ...
        @property
        def notebook_id(self) -> str: ...
        def exports(self) -> list[ExportRecord]: ...
        def export_brief(
            self,
            body: str,
            redaction_log: Sequence[str],
            request: BriefRequest,
            output: Path,
            *,
            leader_ids: Sequence[str] = (),
            recipients: Sequence[str] = (),
            passphrase: str | None = None,
            html: bool = False,
        ) -> Path: ...
