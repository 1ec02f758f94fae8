"""What every part of the notebook façade shares: the store, the caches, the listeners."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
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
    NoteDraft,
    Obstacle,
    Principle,
)
from fieldnotes.errors import (
    NotebookLocked,
)
from fieldnotes.index.evidence import EvidenceIndex
from fieldnotes.index.links import LinkCounts
from fieldnotes.index.notes import NoteIndex
from fieldnotes.notebook.events import (
    SHOWN_IN_LISTS,
    CodebookChanged,
    NotebookChange,
    NotesChanged,
)

if TYPE_CHECKING:
    from typing import Any

    from fieldnotes.domain.brief import BriefRequest
    from fieldnotes.domain.comparison import Comparison
    from fieldnotes.domain.history import ObstacleEvent
    from fieldnotes.domain.model import NoteDraft, Passage, PrincipleLink
    from fieldnotes.domain.synthesis import Change, Synthesis
    from fieldnotes.domain.team import TeamAction, TeamInfo
    from fieldnotes.storage.store import SealedStore


class Part:
    """The state each part reads, and the few helpers they all call.

    `Notebook` is made of parts (notes, codebook, memos, briefs…): each is a mixin over
    this, so callers keep one object and one set of method names.
    """

    path: Path
    _store: SealedStore
    _index: NoteIndex
    _links: LinkCounts
    _evidence: EvidenceIndex
    _obstacles: ObstacleTree | None
    _obstacle_notes: tuple[Sequence[Note], ObstacleTree, Mapping[str, Sequence[Note]]] | None
    """`obstacle_notes`' answer, with the ordered notes and the tree it was worked out from."""
    _drops: int
    """How many times the caches were dropped: an answer worked out meanwhile is not kept."""
    _frameworks: list[Framework] | None
    _listeners: list[Callable[[], None]]
    _watchers: list[Callable[[NotebookChange], None]]
    _revision: int
    _syntheses: dict[tuple[date | None, date | None, str | None], tuple[int, Synthesis]]
    """Syntheses worked out at a revision, by their filters (see `ReportsPart.synthesis`)."""
    _syntheses_lock: threading.Lock

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every write to notes, the codebook or memos, so views can
        refresh. Returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def watch(self, watcher: Callable[[NotebookChange], None]) -> Callable[[], None]:
        """Call `watcher` with every change written through this notebook, on the thread
        that wrote it. Returns an unsubscribe."""
        self._watchers.append(watcher)

        def unsubscribe() -> None:
            if watcher in self._watchers:
                self._watchers.remove(watcher)

        return unsubscribe

    @property
    def revision(self) -> int:
        """Goes up by one with every write through this notebook (0 until the first)."""
        return self._revision

    def _drop_caches(self) -> None:
        self._index.invalidate()
        self._links.forget()
        self._evidence.forget()
        with self._syntheses_lock:
            self._syntheses.clear()
            self._obstacle_notes = None
            self._drops += 1
        self._obstacles = None
        self._frameworks = None

    def _changed(self, *kinds: type[NotebookChange], ids: Iterable[str] | None = None) -> None:
        """After a write: bring the caches up to date, then tell whoever listens.

        `ids` names what was written when it is one kind of thing; without them, anything of
        those kinds may have changed (every note is read again on the next look).
        """
        changed = () if ids is None else tuple(ids)
        if NotesChanged in kinds:
            self._index.invalidate(None if ids is None else changed)
            if ids is None or not self._index.loaded:
                self._links.forget()
                self._evidence.forget()
            else:
                self._links.noted(changed, self._index.by_id())
                self._evidence.noted(changed, self._index.by_id())
        if CodebookChanged in kinds:
            self._obstacles = None
        self._revision += 1
        with self._syntheses_lock:
            self._syntheses.clear()  # of an older revision: never shown again
        if SHOWN_IN_LISTS.intersection(kinds):
            for listener in list(self._listeners):
                listener()
        for kind in kinds:
            change = kind(self._revision, changed)
            for watcher in list(self._watchers):
                watcher(change)

    def _require_unlocked(self) -> None:
        if not self._store.unlocked:
            raise NotebookLocked()

    if TYPE_CHECKING:
        # What the parts ask of one another; each is defined in its own part.
        def _all_notes(self) -> Mapping[str, Note]: ...
        def _ordered_notes(self) -> Sequence[Note]: ...
        def _sealed_list(self, key: str, what: str, advice: str) -> str | None: ...
        def note(self, note_id: str) -> Note: ...
        def update_note(self, note_id: str, draft: NoteDraft) -> Note: ...
        def notes(
            self, where: NoteFilter | None = None, *, stop: Callable[[], bool] | None = None
        ) -> list[Note]: ...
        def trashed_notes(self) -> list[Note]: ...
        def _check_draft(self, draft: NoteDraft) -> NoteDraft: ...
        def _kept_passages(self, passages: list[Passage]) -> list[Passage]: ...
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
        def _history_event(
            self,
            before: Obstacle,
            after: Obstacle,
            *,
            reason: str = "",
            at: datetime | None = None,
        ) -> ObstacleEvent | None: ...
        def obstacle_histories(self) -> dict[str, list[ObstacleEvent]]: ...
        def comparisons(
            self, *, today: date | None = None, team: str | None = None
        ) -> dict[str, Comparison]: ...
        def protected_names(self) -> list[str]: ...
        def pseudonymise(self, text: str) -> tuple[str, list[str]]: ...
        def leaders(self) -> list[Leader]: ...
        def author_recipient(self) -> str: ...
        def author_label(self) -> str: ...
        @property
        def notebook_id(self) -> str: ...
        def exports(self) -> list[ExportRecord]: ...
        # The team part's guards: a personal notebook passes them all.
        def _team_may(self, action: TeamAction) -> None: ...
        @property
        def team(self) -> TeamInfo | None: ...
        def _team_check_note(self, note_id: str | None, draft: NoteDraft | None = None) -> None: ...
        def _team_check_passages(self, note: Note, passages: Sequence[Passage]) -> None: ...
        def _team_check_tag(
            self,
            note_ids: Sequence[str],
            obstacle_id: str | None,
            principle: PrincipleLink | None,
        ) -> None: ...
        def _team_check_obstacle(self, changes: dict[str, Any]) -> None: ...
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
