"""A note held in memory without its two long texts, which are read again when asked for.

At 100,000 notes the descriptions and asides are some 180 MiB of the 320 the open notes take,
and almost nothing needs them all at once: a list row shows the first line, the synthesis
counts links and quotes, the search box answers from its tokens. So a large notebook keeps
each note's first line, and a `LeanNote` asks `LongTexts` (the note index, from the sealed
store) for the description and asides the moment something reads them: a preview, an editor,
an export. Everything else a note holds is kept as it was read.

A `LeanNote` is a `Note`, and equal to the whole note it was made from. It is never edited in
place (no note is: a changed note is read again and replaced), so its texts cannot be set.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Protocol

from fieldnotes.domain.model import Note

LONG_TEXTS = ("description", "asides")
"""The fields a lean note leaves in the store."""
_KEPT = tuple(field.name for field in fields(Note) if field.name not in LONG_TEXTS)
_ALL = tuple(field.name for field in fields(Note))


class LongTexts(Protocol):
    def long_texts(self, note: Note) -> tuple[str, str]:
        """The note's description and asides, read again from where it is kept. A note
        since rewritten gives its newest texts; one since deleted, empty ones."""
        ...


class LeanNote(Note):
    """`note` without its description and asides, which `texts` reads again on each use."""

    __slots__ = ("_first_line", "_texts")

    def __init__(self, note: Note, texts: LongTexts) -> None:
        # Not Note.__init__: it would set the two texts this class leaves out.
        for name in _KEPT:
            setattr(self, name, getattr(note, name))
        self._first_line = note.first_line
        self._texts = texts

    @property
    def description(self) -> str:
        return self._texts.long_texts(self)[0]

    @description.setter
    def description(self, value: str) -> None:
        raise AttributeError("a lean note's description is read from the store, never set")

    @property
    def asides(self) -> str:
        return self._texts.long_texts(self)[1]

    @asides.setter
    def asides(self, value: str) -> None:
        raise AttributeError("a lean note's asides are read from the store, never set")

    @property
    def first_line(self) -> str:
        return self._first_line

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _ALL)

    __hash__ = None  # type: ignore[assignment]
