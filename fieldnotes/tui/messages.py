"""What screens say to the app, and the little they may ask of it.

A screen never imports the app: it posts one of these messages (they bubble from the screen to
the app) or, for the one piece of session state a screen reads back, checks the app against a
protocol. So the app can import every screen, and no screen depends on the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.message import Message

from fieldnotes.domain.model import NoteDraft
from fieldnotes.domain.team import SyncState


@dataclass
class OpenWriteUp(Message):
    """Open the write-up editor on a note (None: a new one); the notes list lands on it after."""

    note_id: str | None
    initial: NoteDraft | None = None
    """What a new write-up starts from (a member-check reply, a template)."""


@dataclass
class NotesOpening(Message):
    """The notes list is still opening the older notes (or has finished)."""

    opening: bool


class DraftHolder(Protocol):
    """A screen holding unsaved text that must be sealed before the key is dropped."""

    def flush_draft(self) -> None:
        """Seal the unsaved state now; called by the app before it locks or exits."""


@dataclass
class DraftOpened(Message):
    """A screen holding a draft is up: the app flushes it at lock and on the way out."""

    holder: DraftHolder


@dataclass
class DraftClosed(Message):
    """The screen holding a draft has gone."""

    holder: DraftHolder


@runtime_checkable
class KeepsBriefSummary(Protocol):
    """An app that keeps a brief's typed summary for the next composer of the session."""

    kept_brief_summary: str


@runtime_checkable
class ShowsSyncState(Protocol):
    """An app that keeps a team notebook's sync state (None: a personal notebook), as a
    reactive that screens watch for their status line."""

    sync_state: SyncState | None
