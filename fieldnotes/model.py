"""The plain dataclasses every layer above storage works with. No ciphertext ever lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

Mode = Literal["observe", "co-work", "question"]
Stage = Literal["jotting", "write-up"]
Stance = Literal["honoured", "at-risk"]
ObstacleStatus = Literal["emerging", "evidenced", "raised", "change agreed", "resolved"]
MemoKind = Literal["in-process", "code", "integrative"]

MODES: tuple[Mode, ...] = get_args(Mode)
STAGES: tuple[Stage, ...] = get_args(Stage)
STANCES: tuple[Stance, ...] = get_args(Stance)
OBSTACLE_STATUSES: tuple[ObstacleStatus, ...] = get_args(ObstacleStatus)
MEMO_KINDS: tuple[MemoKind, ...] = get_args(MemoKind)

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
    damaged_fields: tuple[str, ...] = ()
    """Sealed fields that failed to open; their values above are empty."""
    trashed_at: datetime | None = None
    """When the note was put in the trash (UTC), or None while it is live."""

    @property
    def damaged(self) -> bool:
        return bool(self.damaged_fields)

    @property
    def first_line(self) -> str:
        for line in self.description.splitlines():
            text = line.strip().lstrip("#>*- ").strip()
            if text:
                return text
        return ""

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
        )

    def searchable_text(self) -> str:
        parts = [
            self.team,
            self.setting,
            *self.participants,
            self.description,
            self.asides,
            *(f"{q.text} {q.speaker_role}" for q in self.quotes),
            self.consent,
            self.follow_up,
        ]
        return "\n".join(parts)

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
class ImportedNote:
    """A note read from a Markdown file; principles by id, obstacles by name or path."""

    source: str
    draft: NoteDraft
    obstacle_names: tuple[str, ...] = ()


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
