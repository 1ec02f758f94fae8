"""A note held in memory without its long texts, which are read again when asked for.

At 100,000 notes the descriptions, asides and quotes are some 220 MiB of the 360 the open
notes take, and almost nothing needs them all at once: a list row shows the first line, the
synthesis counts links and picks a few voices by who spoke, the search box answers from its
tokens. So a large notebook keeps each note's first line and its quotes' speakers, and a
`LeanNote` asks `LongTexts` (the note index, from the sealed store) for the description,
asides and quotes the moment something reads them: a preview, an editor, an export, a voice
chosen. Everything else a note holds is kept as it was read.

A `LeanNote` is a `Note`, and equal to the whole note it was made from. It is never edited in
place (no note is: a changed note is read again and replaced), so its texts cannot be set, and
the lean notes of a notebook share one list for each distinct list of participants, principle
links or obstacles they hold (`SharedLists`): a hundred thousand notes hold a few thousand.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, NamedTuple, NoReturn, Protocol, TypeVar

from fieldnotes.domain.model import Note, Quote

LONG_TEXTS = ("description", "asides", "quotes")
"""The fields a lean note leaves in the store."""
_KEPT = tuple(field.name for field in fields(Note) if field.name not in LONG_TEXTS)
_ALL = tuple(field.name for field in fields(Note))
_SHARED = ("participants", "principles", "obstacle_ids")
"""Lists that notes hold alike: each distinct one is kept once."""
_SHARED_WHEN_EMPTY = ("passages",)
"""Lists that are mostly each note's own: only the empty one is shared."""

_T = TypeVar("_T")


class SharedList(list[_T]):
    """A list held by several lean notes at once, so never changed: each way to change it in
    place raises. A copy (`list(...)`, as a draft makes) is an ordinary list."""

    __slots__ = ()

    def _unchangeable(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a lean note's lists are shared with other notes: copy one to change it")

    append = extend = insert = remove = pop = clear = sort = reverse = _unchangeable
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _unchangeable

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))


_NO_QUOTES: SharedList[Quote] = SharedList()


class SharedLists:
    """The one copy of each distinct list the lean notes of a notebook hold, and of each
    distinct list of quotes' speakers."""

    def __init__(self) -> None:
        self._kept: dict[SharedList[Any], SharedList[Any]] = {}
        self._speakers: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}
        self._roles: dict[str, str] = {}

    def one(self, items: list[_T]) -> list[_T]:
        candidate = SharedList(items)
        kept: SharedList[_T] = self._kept.setdefault(candidate, candidate)
        return kept

    def speakers(self, speakers: tuple[str | None, ...]) -> tuple[str | None, ...]:
        kept = self._speakers.get(speakers)
        if kept is None:
            # Each role once too: the same few roles fill tens of thousands of lists.
            roles = self._roles
            kept = tuple(None if s is None else roles.setdefault(s, s) for s in speakers)
            self._speakers[kept] = kept
        return kept


class LeftOut(NamedTuple):
    """What a lean note leaves in the store, as it was last written."""

    description: str
    asides: str
    quotes: list[Quote]
    """Never changed in place: it is kept for the next to ask (a `SharedList`)."""


NOTHING_LEFT_OUT = LeftOut("", "", _NO_QUOTES)
"""What a note since deleted gives."""


def left_out_of(note: Note) -> LeftOut:
    return LeftOut(note.description, note.asides, SharedList(note.quotes))


class LongTexts(Protocol):
    def long_texts(self, note: Note) -> LeftOut:
        """The note's description, asides and quotes, read again from where they are kept.
        A note since rewritten gives its newest; one since deleted, `NOTHING_LEFT_OUT`."""
        ...


class LeanNote(Note):
    """`note` without its description, asides and quotes, which `texts` reads again on each
    use; its quotes' speakers are kept, so a note without quotes reads nothing for them."""

    __slots__ = ("_first_line", "_quote_speakers", "_texts")

    def __init__(self, note: Note, texts: LongTexts, lists: SharedLists | None = None) -> None:
        """`lists`: where this note's lists are shared with other lean notes' (a list of its
        own for each, if not given)."""
        # Not Note.__init__: it would set the two texts this class leaves out.
        for name in _KEPT:
            setattr(self, name, getattr(note, name))
        self._first_line = note.first_line
        speakers = note.quote_speakers()
        self._quote_speakers = speakers if lists is None else lists.speakers(speakers)
        self._texts = texts
        if lists is not None:
            for name in _SHARED:
                setattr(self, name, lists.one(getattr(note, name)))
            for name in _SHARED_WHEN_EMPTY:
                if not getattr(note, name):
                    setattr(self, name, lists.one([]))

    @property
    def description(self) -> str:
        return self._texts.long_texts(self).description

    @description.setter
    def description(self, value: str) -> None:
        raise AttributeError("a lean note's description is read from the store, never set")

    @property
    def asides(self) -> str:
        return self._texts.long_texts(self).asides

    @asides.setter
    def asides(self, value: str) -> None:
        raise AttributeError("a lean note's asides are read from the store, never set")

    @property
    def quotes(self) -> list[Quote]:
        if not self._quote_speakers:
            return _NO_QUOTES
        return self._texts.long_texts(self).quotes

    @quotes.setter
    def quotes(self, value: list[Quote]) -> None:
        raise AttributeError("a lean note's quotes are read from the store, never set")

    @property
    def first_line(self) -> str:
        return self._first_line

    def quote_speakers(self) -> tuple[str | None, ...]:
        return self._quote_speakers

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _ALL)

    __hash__ = None  # type: ignore[assignment]
