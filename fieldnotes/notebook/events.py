"""What the notebook reports after each write: small typed changes with a revision number.

A view watches the notebook (`Notebook.watch`) and learns what kind of thing changed, and the
notebook's revision after it: one number that goes up with every write through this façade,
so a screen can tell whether what it shows is older than the notebook.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NotebookChange:
    """Something was written. Subclasses say what."""

    revision: int
    """The notebook's revision after the write (the first write is 1)."""
    ids: tuple[str, ...] = ()
    """What changed: note, obstacle, memo or leader ids, or setting names. Empty: any."""


@dataclass(frozen=True, slots=True)
class NotesChanged(NotebookChange):
    """Notes added, edited, linked, trashed, restored, imported or deleted."""


@dataclass(frozen=True, slots=True)
class CodebookChanged(NotebookChange):
    """Obstacles or frameworks changed (notes' links may have changed with them)."""


@dataclass(frozen=True, slots=True)
class MemosChanged(NotebookChange):
    """A memo written or deleted, or memos moved by a merge."""


@dataclass(frozen=True, slots=True)
class SettingsChanged(NotebookChange):
    """A sealed setting: protected names, the people map, kept decisions, the author's
    name or identity, a preference."""


@dataclass(frozen=True, slots=True)
class LeadersChanged(NotebookChange):
    """The address book of leaders' keys."""


@dataclass(frozen=True, slots=True)
class ExportsChanged(NotebookChange):
    """A brief or member check written, and logged."""


@dataclass(frozen=True, slots=True)
class TeamChanged(NotebookChange):
    """A team notebook synced, met a conflict, or its members changed: the status line and
    the team screen read `Notebook.sync_state()` and `Notebook.team_members()` again."""


SHOWN_IN_LISTS: frozenset[type[NotebookChange]] = frozenset(
    {NotesChanged, CodebookChanged, MemosChanged}
)
"""The changes `Notebook.on_change` listeners hear of: what the lists and counts show."""
