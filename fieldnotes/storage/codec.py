"""Rows to plain dataclasses and back: what each table's cells mean, and a note's document.

The note's fields are listed here once (`NOTE_TEXT`); its sealed document, its build from a
row and the format steps all read that list. Nothing here touches a connection or a key.
"""

from __future__ import annotations

import contextlib
import json
import operator
import uuid
from datetime import UTC, date, datetime
from typing import NamedTuple, TypeVar

from fieldnotes.crypto import Keyslot
from fieldnotes.domain.model import (
    MODES,
    STAGES,
    STANCES,
    Note,
    NoteDraft,
    NoteLine,
    Passage,
    PrincipleLink,
    Quote,
    first_line_of,
    searchable_text,
)
from fieldnotes.domain.passages import passage_document, passage_from_document
from fieldnotes.storage.scan import NoteCells

NOTE_TEXT = (
    "team",
    "setting",
    "participants",
    "description",
    "asides",
    "quotes",
    "consent",
    "follow_up",
    "passages",
)
"""A note's text fields, the one list of them: sealed together as one JSON document in
`note.content`, and the same names on `NoteDraft` and `Note`."""
_LIST_TEXT = ("participants", "quotes", "passages")
"""The text fields that are lists (of roles; of quotes; of coded passages), not one string."""
_PLAIN_TEXT = tuple(name for name in NOTE_TEXT if name not in _LIST_TEXT)
_SHARED_TEXT = ("team", "setting", "consent")
"""Plain text fields that repeat across notes (see `Shared`)."""

OBSTACLE_SEALED = ("name", "description", "ask", "decision")

MEMO_SEALED = ("title", "body")

FRAMEWORK_SEALED = ("name", "short_name", "description", "source")

PRINCIPLE_SEALED = ("title", "description")


def _principle_key(link: PrincipleLink) -> str:
    return link.principle_id


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


NOTE_BOUND = ("mode", "stage", "occurred_at", "created_at", "updated_at", "trashed_at")
"""A note's clear columns that are sealed in its document as well, as the file stores them:
one that differs from its sealed copy damages the note. A new clear column of `note` is one
more name here (and is covered by the manifest without any)."""


def stored_moment(value: datetime | None) -> str | None:
    """A date as SQLAlchemy stores it on SQLite, to seal exactly what the file holds."""
    if value is None:
        return None
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def note_bound(
    mode: str,
    stage: str,
    occurred_at: datetime,
    created_at: datetime | str,
    updated_at: datetime | str,
    trashed_at: datetime | str | None,
) -> list[object]:
    """The values of NOTE_BOUND, in order, as stored."""
    return [
        mode,
        stage,
        stored_moment(occurred_at),
        created_at if isinstance(created_at, str) else stored_moment(created_at),
        updated_at if isinstance(updated_at, str) else stored_moment(updated_at),
        trashed_at
        if isinstance(trashed_at, str) or trashed_at is None
        else stored_moment(trashed_at),
    ]


def note_content(draft: NoteDraft | Note, bound: list[object]) -> dict[str, str]:
    """The one sealed field of a note. Not ASCII-escaped: every word stays findable as is."""
    lists: dict[str, object] = {
        "participants": list(draft.participants),
        "quotes": [{"text": q.text, "speaker_role": q.speaker_role} for q in draft.quotes],
        "passages": [passage_document(p) for p in draft.passages],
    }
    document: dict[str, object] = {
        name: lists[name] if name in lists else getattr(draft, name) for name in NOTE_TEXT
    }
    if not draft.passages:
        # A note without passages seals the document it always has.
        del document["passages"]
    document["bound"] = bound
    if draft.source_digest:
        document["source"] = draft.source_digest
    return {"content": document_json(document)}


def document_json(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


_Choice = TypeVar("_Choice", bound=str)

DAMAGED_MOMENT = datetime(1970, 1, 1)
"""Stands in for a garbled date, so a damaged row can still be listed (and sorts last)."""


class ClearCells:
    """Reads a row's clear cells, each as its kind or, when garbled, as a stand-in that is
    recorded in `damaged`: one bad cell damages its own row, never the whole read."""

    __slots__ = ("damaged",)

    def __init__(self) -> None:
        self.damaged: list[str] = []

    def moment(self, name: str, value: object) -> datetime:
        # A plain try, not `contextlib.suppress`: three moments per note, on every note
        # opened, and the context manager's object costs more than the parse.
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, datetime):
            return value
        self.damaged.append(name)
        return DAMAGED_MOMENT

    def day(self, name: str, value: object) -> date | None:
        if value is None or type(value) is date:
            return value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value)
        self.damaged.append(name)
        return None

    def integer(self, name: str, value: object) -> int:
        if type(value) is int:
            return value
        self.damaged.append(name)
        return 0

    def choice(self, name: str, value: object, allowed: tuple[_Choice, ...]) -> _Choice:
        if isinstance(value, str) and value in allowed:
            # The constant itself, not the row's copy: one string for every note's mode.
            return allowed[allowed.index(value)]
        self.damaged.append(name)
        return allowed[0]

    def optional_text(self, name: str, value: object) -> str | None:
        if value is None or isinstance(value, str):
            return value
        self.damaged.append(name)
        return None


def escaped_in_json(word: str) -> bool:
    return any(character in '"\\' or character < " " for character in word)


def newest_first(note: Note) -> tuple[datetime, str]:
    return note.occurred_at, note.id


class Shared(dict[str, str]):
    """One copy of each short text repeated across the notes opened together (a team, a
    setting, a role, a consent line), for one batch of rows only: kept for the whole
    notebook, it would hold those texts after a lock. Equal strings are interchangeable,
    so nothing read changes; 100,000 open notes take ~100 MiB less."""

    LONGEST = 200
    """Longer texts are a note's own words, rarely repeated: hashing them would be waste."""

    def one(self, text: str) -> str:
        if len(text) > self.LONGEST:
            return text
        return self.setdefault(text, text)


def note_from_row(
    row: NoteCells,
    content: str | None,
    principles: list[PrincipleLink],
    obstacle_ids: list[str],
    shared: Shared | None = None,
) -> Note:
    """A note from its clear columns, its opened content (None when damaged) and its links.

    A note whose clear cells are garbled is listed as damaged, without its text. `shared`
    gives the notes of one batch a single copy of each repeated short text."""
    clear = ClearCells()
    mode = clear.choice("mode", row.mode, MODES)
    stage = clear.choice("stage", row.stage, STAGES)
    occurred_at = clear.moment("occurred_at", row.occurred_at)
    created_at = clear.moment("created_at", row.created_at)
    updated_at = clear.moment("updated_at", row.updated_at)
    if updated_at == created_at:
        updated_at = created_at  # a note never edited: one object for both
    revision = clear.integer("revision", row.revision)
    trashed_at = None if row.trashed_at is None else clear.moment("trashed_at", row.trashed_at)
    if principles and any(link.stance not in STANCES for link in principles):
        clear.damaged.append("principles")
    text = _NoteText.from_content(None if clear.damaged else content, shared)
    if content is not None and not clear.damaged and text.bound != (cells := row_bound(row)):
        # The clear cells are not the ones sealed with the text: edited outside fieldnotes.
        sealed = text.bound if isinstance(text.bound, list) else []
        clear.damaged += [
            name
            for at, name in enumerate(NOTE_BOUND)
            if at >= len(sealed) or sealed[at] != cells[at]
        ] or ["bound"]
        text = _NoteText.unreadable()
    return Note(
        id=row.id if type(row.id) is str else str(row.id),
        mode=mode,
        stage=stage,
        occurred_at=occurred_at,
        created_at=created_at,
        updated_at=updated_at,
        revision=revision,
        **text.fields,
        participants=text.participants,
        quotes=text.quotes,
        passages=text.passages,
        principles=sorted(principles, key=_principle_key)
        if len(principles) > 1
        else list(principles),
        obstacle_ids=sorted(obstacle_ids),
        damaged_fields=(*clear.damaged, *text.damaged) if clear.damaged else text.damaged,
        trashed_at=trashed_at,
        source_digest=text.source,
    )


def note_line_from_row(
    row: NoteCells,
    content: str | None,
    odd_stance: bool,
    with_text: bool,
    shared: Shared | None = None,
) -> NoteLine:
    """What `note_from_row` would show on a note's line, without its links or the note.

    `odd_stance`: one of the note's principle links has a stance that is not one (which
    damages the note, as it does there). Damage is judged exactly as there: the same cells,
    the same document, the same passages; only what a line does not show is not built."""
    clear = ClearCells()
    mode = clear.choice("mode", row.mode, MODES)
    stage = clear.choice("stage", row.stage, STAGES)
    occurred_at = clear.moment("occurred_at", row.occurred_at)
    clear.moment("created_at", row.created_at)
    clear.moment("updated_at", row.updated_at)
    clear.integer("revision", row.revision)
    if row.trashed_at is not None:
        clear.moment("trashed_at", row.trashed_at)
    if odd_stance:
        clear.damaged.append("principles")
    line = None if clear.damaged or content is None else _LineText.read(content, with_text)
    if line is not None and line.bound != row_bound(row):
        line = None  # the clear cells are not the ones sealed with the text
    return NoteLine(
        id=row.id if type(row.id) is str else str(row.id),
        mode=mode,
        stage=stage,
        occurred_at=occurred_at,
        team=line.team if line is not None else "",
        first_line=first_line_of(line.description) if line is not None else "",
        damaged=bool(clear.damaged) or line is None or line.damaged,
        text=line.text
        if line is not None
        else searchable_text("", "", (), "", "", (), "", "")
        if with_text
        else "",
    )


class _LineText(NamedTuple):
    """What a line takes from a sealed document, read as `_NoteText.from_content` reads it:
    the same document is unreadable, or damaged, for the same reasons."""

    team: str
    description: str
    text: str
    damaged: bool
    bound: object

    @classmethod
    def read(cls, content: str, with_text: bool) -> _LineText | None:
        """None when `_NoteText.from_content` would find the document unreadable."""
        try:
            document = json.loads(content)
            get = document.get
            team, description = str(get("team", "")), str(get("description", ""))
            # Walked as there, for the same errors: a list that is not one, a quote that is
            # not a mapping.
            participants: list[str] = []
            quotes: list[Quote] = []
            if with_text:
                participants = [str(p) for p in get("participants", ())]
                quotes = [
                    Quote(str(q.get("text", "")), str(q.get("speaker_role", "")))
                    for q in get("quotes", ())
                ]
            else:
                iter(get("participants", ()))
                for q in get("quotes", ()):
                    q.get  # noqa: B018 - what is not a mapping is unreadable there too
            damaged = bool(tuple(get("damaged", ())))
            bound = get("bound")
            text = (
                searchable_text(
                    team,
                    str(get("setting", "")),
                    participants,
                    description,
                    str(get("asides", "")),
                    quotes,
                    str(get("consent", "")),
                    str(get("follow_up", "")),
                )
                if with_text
                else ""
            )
        except (ValueError, AttributeError, TypeError):
            return None
        found = get("passages", [])
        if not isinstance(found, list):
            damaged = True
        elif not damaged:
            for value in found:
                try:
                    passage_from_document(value)
                except (ValueError, KeyError, AttributeError, TypeError):
                    damaged = True
                    break
        return cls(team, description, text, damaged, bound)


_BOUND_CELLS = operator.attrgetter(*NOTE_BOUND)


def row_bound(row: NoteCells) -> list[object]:
    """The row's NOTE_BOUND cells as a notebook file holds them (a server's dates as text)."""
    cells: list[object] = list(_BOUND_CELLS(row))
    if row.created_at.__class__ is datetime:
        # A server gives dates as dates; a file holds them as text, and that text is sealed.
        return [stored_moment(cell) if isinstance(cell, datetime) else cell for cell in cells]
    return cells


class _NoteText(NamedTuple):
    fields: dict[str, str]
    participants: list[str]
    quotes: list[Quote]
    damaged: tuple[str, ...]
    bound: object = None
    """The clear cells sealed with the text (NOTE_BOUND), to compare with the row's."""
    source: str = ""
    passages: list[Passage] = []  # noqa: RUF012 - a NamedTuple default, never mutated

    @classmethod
    def from_content(cls, content: str | None, shared: Shared | None = None) -> _NoteText:
        """Parse the sealed document; anything unreadable leaves every text field empty."""
        if content is None:
            return cls.unreadable()
        one = (shared if shared is not None else Shared()).one
        try:
            document = json.loads(content)
            fields = {name: str(document.get(name, "")) for name in _PLAIN_TEXT}
            for name in _SHARED_TEXT:
                fields[name] = one(fields[name])
            participants = [one(str(p)) for p in document.get("participants", ())]
            quotes = [
                Quote(str(q.get("text", "")), one(str(q.get("speaker_role", ""))))
                for q in document.get("quotes", ())
            ]
            # Only a note carried over from format 1 with a field that no longer opened.
            damaged = tuple(str(name) for name in document.get("damaged", ()))
            bound = document.get("bound")
            source = str(document.get("source", ""))
        except (ValueError, AttributeError, TypeError):
            return cls.unreadable()
        passages: list[Passage] = []
        found = document.get("passages", [])
        if not isinstance(found, list):
            found, damaged = [], (*damaged, "passages")
        for value in found:
            try:
                passages.append(passage_from_document(value))
            except (ValueError, KeyError, AttributeError, TypeError):
                # Sealed, so only a newer or broken writer: say so rather than lose it quietly.
                damaged = (*damaged, "passages") if "passages" not in damaged else damaged
        return cls(fields, participants, quotes, damaged, bound, source, passages)

    @classmethod
    def unreadable(cls) -> _NoteText:
        return cls(dict.fromkeys(_PLAIN_TEXT, ""), [], [], NOTE_TEXT, passages=[])


def as_bytes(value: object) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return None


def slot_row(slot: Keyslot, slot_id: int) -> dict[str, object]:
    return {
        "id": slot_id,
        "salt": slot.salt,
        "memory_kib": slot.params.memory_kib,
        "iterations": slot.params.iterations,
        "lanes": slot.params.lanes,
        "key_id": slot.key_id,
        "wrapped": slot.wrapped,
        "created_at": utcnow(),
    }
