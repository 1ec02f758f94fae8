"""The plain dataclasses every layer above storage works with. No ciphertext ever lives here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from fieldnotes.domain.vocabulary import MEMO_KINDS as MEMO_KINDS
from fieldnotes.domain.vocabulary import MODES as MODES
from fieldnotes.domain.vocabulary import OBSTACLE_STATUSES as OBSTACLE_STATUSES
from fieldnotes.domain.vocabulary import PASSAGE_FIELDS as PASSAGE_FIELDS
from fieldnotes.domain.vocabulary import STAGES as STAGES
from fieldnotes.domain.vocabulary import STANCES as STANCES
from fieldnotes.domain.vocabulary import MemoKind as MemoKind
from fieldnotes.domain.vocabulary import Mode as Mode
from fieldnotes.domain.vocabulary import ObstacleStatus as ObstacleStatus
from fieldnotes.domain.vocabulary import PassageField as PassageField
from fieldnotes.domain.vocabulary import Stage as Stage
from fieldnotes.domain.vocabulary import Stance as Stance

MAX_NOTE_BYTES = 1 << 20
"""The most text one note may hold, in UTF-8 bytes over all its fields (some 150,000 words,
far beyond any visit). The same limit bounds a note file that import reads, the text `add`
reads and what the editor and the jotting dialog save: one limit wherever a note comes in."""
MAX_LABEL_CHARS = 200
"""The longest team, setting or role: a one-line field, shown whole in lists and briefs."""
FIRST_LINE_CHARS = 240
"""The most of a note's first line a list row is given: wider than any terminal row."""

MODE_LABELS: dict[str, str] = {
    "observe": "observed",
    "co-work": "co-worked",
    "question": "questioned",
}


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker_role: str = ""


@dataclass(frozen=True, slots=True)
class PrincipleLink:
    principle_id: str
    stance: Stance = "honoured"


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of one text field of a note, coded apart from the note's whole-note links.

    `start` and `end` are code points into the field's text, end exclusive; `text` is what the
    span held when it was last found, so an edit elsewhere can find it again
    (`domain.passages.reanchor`). An `orphaned` passage's text is no longer in the field: it
    is kept, with its codes, for the coder to place again or remove, never dropped."""

    id: str
    field: PassageField
    start: int
    end: int
    text: str
    obstacle_ids: tuple[str, ...] = ()
    principles: tuple[PrincipleLink, ...] = ()
    memo: str = ""
    orphaned: bool = False

    @property
    def coded(self) -> bool:
        return bool(self.obstacle_ids or self.principles)

    def __repr__(self) -> str:
        return (
            f"Passage(id={self.id!r}, field={self.field!r}, start={self.start}, end={self.end},"
            f" orphaned={self.orphaned})"
        )


@dataclass(slots=True)
class NoteDraft:
    """What a person writes: everything a note holds apart from identity and bookkeeping."""

    mode: Mode
    stage: Stage = "write-up"
    occurred_at: datetime | None = None
    team: str = ""
    setting: str = ""
    participants: list[str] = field(default_factory=list)
    description: str = ""
    asides: str = ""
    quotes: list[Quote] = field(default_factory=list)
    consent: str = ""
    follow_up: str = ""
    principles: list[PrincipleLink] = field(default_factory=list)
    obstacle_ids: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    """Coded spans of the description and asides, sealed with the text."""
    source_digest: str = ""
    """For an imported note, the keyed digest of the file it came from (sealed with the text):
    how a second import of the same file knows the note is already here."""


def size_label(size: int) -> str:
    """A byte count as a person reads it: 1 MiB, 1.4 MiB, 600 KiB."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f}".removesuffix(".0") + " MiB"
    return f"{max(1, round(size / 1024))} KiB"


def note_size_problem(draft: NoteDraft) -> str | None:
    """Why `draft` is too large to keep, or None: the one check every way in shares."""
    labels = [("team", draft.team), ("setting", draft.setting)]
    labels += [("a participant's role", role) for role in draft.participants]
    labels += [("a quote's speaker role", quote.speaker_role) for quote in draft.quotes]
    for what, value in labels:
        if len(value) > MAX_LABEL_CHARS:
            return (
                f"{what} is {len(value):,} characters long; it can be at most "
                f"{MAX_LABEL_CHARS} (one line)"
            )
    texts = [
        draft.team,
        draft.setting,
        draft.description,
        draft.asides,
        draft.consent,
        draft.follow_up,
        *draft.participants,
        *(f"{quote.text}{quote.speaker_role}" for quote in draft.quotes),
        *(f"{passage.text}{passage.memo}" for passage in draft.passages),
    ]
    size = sum(len(text.encode("utf-8", "surrogatepass")) for text in texts)
    if size > MAX_NOTE_BYTES:
        return (
            f"the note holds {size_label(size)} of text; a note can hold at most "
            f"{size_label(MAX_NOTE_BYTES)}"
        )
    return None


_LINES = re.compile("[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A line's text, split where `str.splitlines` splits."""


def searchable_text(
    team: str,
    setting: str,
    participants: Sequence[str],
    description: str,
    asides: str,
    quotes: Sequence[Quote],
    consent: str,
    follow_up: str,
) -> str:
    """Every sealed text a search looks in, one after another (a note's, or a line read's)."""
    parts = [
        team,
        setting,
        *participants,
        description,
        asides,
        *(f"{q.text} {q.speaker_role}" for q in quotes),
        consent,
        follow_up,
    ]
    return "\n".join(parts)


def first_line_of(description: str) -> str:
    """The first line with text, cut to `FIRST_LINE_CHARS`: a row never needs more, and a
    huge one-line note must not cost a list row its whole length."""
    for match in _LINES.finditer(description):
        text = match[0].strip().lstrip("#>*- ").strip()
        if text:
            return text[:FIRST_LINE_CHARS]
    return ""


@dataclass(frozen=True, slots=True)
class NoteLine:
    """What one line of `fieldnotes list` or `search` shows of a note, and what its filters
    other than an obstacle or a principle look at: read without building the whole note.

    `text` is the note's searchable text when a search asked for it, else empty."""

    id: str
    mode: Mode
    stage: Stage
    occurred_at: datetime
    team: str
    first_line: str
    damaged: bool
    text: str = ""

    @classmethod
    def of(cls, note: Note) -> NoteLine:
        return cls(
            note.id,
            note.mode,
            note.stage,
            note.occurred_at,
            note.team,
            note.first_line,
            note.damaged,
            note.searchable_text(),
        )


@dataclass(slots=True)
class Note:
    id: str
    mode: Mode
    stage: Stage
    occurred_at: datetime
    created_at: datetime
    updated_at: datetime
    revision: int
    team: str = ""
    setting: str = ""
    participants: list[str] = field(default_factory=list)
    description: str = ""
    asides: str = ""
    quotes: list[Quote] = field(default_factory=list)
    consent: str = ""
    follow_up: str = ""
    principles: list[PrincipleLink] = field(default_factory=list)
    obstacle_ids: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    """See `NoteDraft.passages`."""
    damaged_fields: tuple[str, ...] = ()
    """Sealed fields that failed to open; their values above are empty."""
    source_digest: str = ""
    """See `NoteDraft.source_digest`."""
    trashed_at: datetime | None = None
    """When the note was put in the trash (UTC), or None while it is live."""

    @property
    def damaged(self) -> bool:
        return bool(self.damaged_fields)

    @property
    def first_line(self) -> str:
        return first_line_of(self.description)

    def quote_speakers(self) -> tuple[str | None, ...]:
        """Each quote's speaker role as written, None for a quote without words: what choosing
        voices looks at before it reads a quote (a lean note keeps these, not its quotes)."""
        return tuple(quote.speaker_role if quote.text.strip() else None for quote in self.quotes)

    def draft(self) -> NoteDraft:
        return NoteDraft(
            mode=self.mode,
            stage=self.stage,
            occurred_at=self.occurred_at,
            team=self.team,
            setting=self.setting,
            participants=list(self.participants),
            description=self.description,
            asides=self.asides,
            quotes=list(self.quotes),
            consent=self.consent,
            follow_up=self.follow_up,
            principles=list(self.principles),
            obstacle_ids=list(self.obstacle_ids),
            passages=list(self.passages),
            source_digest=self.source_digest,
        )

    def coded_obstacle_ids(self) -> list[str]:
        """The obstacles the note is evidence for: its own links, then its passages' codes,
        each once (a note counts once, however many of its passages name an obstacle)."""
        if not self.passages:
            return self.obstacle_ids
        found = dict.fromkeys(self.obstacle_ids)
        for passage in self.passages:
            found.update(dict.fromkeys(passage.obstacle_ids))
        return list(found)

    def coded_principles(self) -> list[PrincipleLink]:
        """The principle links the note is evidence for: its own, then each principle and
        stance a passage still in the text is coded with, each once (an orphaned passage's
        words are gone from the note, so its codes are no evidence)."""
        if not self.passages:
            return self.principles
        found = list(self.principles)
        seen = {(link.principle_id, link.stance) for link in found}
        for passage in self.passages:
            if passage.orphaned:
                continue
            for link in passage.principles:
                if (link.principle_id, link.stance) not in seen:
                    seen.add((link.principle_id, link.stance))
                    found.append(link)
        return found

    def searchable_text(self) -> str:
        return searchable_text(
            self.team,
            self.setting,
            self.participants,
            self.description,
            self.asides,
            self.quotes,
            self.consent,
            self.follow_up,
        )

    def __repr__(self) -> str:
        # Never let a note's words reach a log or a traceback through repr().
        return (
            f"Note(id={self.id!r}, mode={self.mode!r}, stage={self.stage!r}, rev={self.revision})"
        )


@dataclass(slots=True)
class Obstacle:
    id: str
    name: str
    parent_id: str | None = None
    description: str = ""
    status: ObstacleStatus = "emerging"
    ask: str = ""
    decision: str = ""
    reobserve_on: date | None = None
    position: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 1
    damaged_fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Obstacle(id={self.id!r}, status={self.status!r}, rev={self.revision})"


@dataclass(slots=True)
class Memo:
    id: str
    kind: MemoKind
    title: str
    body: str
    note_ids: list[str] = field(default_factory=list)
    obstacle_ids: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 1
    damaged_fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Memo(id={self.id!r}, kind={self.kind!r}, rev={self.revision})"


@dataclass(frozen=True, slots=True)
class Principle:
    id: str
    """Stable id: ``<framework id>.<code>``, for example ``kss-pl.3``."""
    framework_id: str
    code: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    name: str
    short_name: str
    description: str = ""
    source: str = ""
    principles: tuple[Principle, ...] = ()


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    """An obstacle as read from a codebook file, before it has an id in a notebook."""

    name: str
    description: str = ""
    status: ObstacleStatus = "emerging"
    ask: str = ""
    children: tuple[CodebookEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportedPassage:
    """A passage as a note file lists it: obstacles by name or path, placed on import."""

    field: PassageField
    start: int
    end: int
    text: str
    obstacle_names: tuple[str, ...] = ()
    principles: tuple[PrincipleLink, ...] = ()
    memo: str = ""
    orphaned: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ImportedNote:
    """A note read from a Markdown file; principles by id, obstacles by name or path."""

    source: str
    draft: NoteDraft
    obstacle_names: tuple[str, ...] = ()
    fingerprint: str = ""
    """SHA-256 of the file's normalised text; kept only in memory, keyed before it is stored."""
    obstacles_line: int | None = None
    principles_line: int | None = None
    passages: tuple[ImportedPassage, ...] = ()
    """Where the front matter lists them, so a name the notebook lacks is reported there."""


@dataclass(frozen=True, slots=True)
class Leader:
    """Someone who receives briefs: a label and their age recipient (`age1…`)."""

    id: str
    label: str
    recipient: str
    damaged: bool = False
    """The entry did not open: listed so it can be removed, never used to send a brief."""


@dataclass(frozen=True, slots=True)
class ExportRecord:
    id: str
    created_at: datetime
    recipients: tuple[str, ...]
    obstacles: tuple[str, ...]
    file_name: str = ""
    format: str = "markdown"
    brief_id: str = ""
    snapshot: dict[str, dict[str, object]] = field(default_factory=dict)
    damaged: bool = False
    status: str = "written"
    """"written", or "attempted": logged before the file was written, and never confirmed
    (the export was killed part-way), so the file may or may not exist."""
    kind: str = "brief"
    """"brief", or "member check": both are logged, and both count for "changed since"."""
