"""What the write-up editor holds, as plain data: to and from a note, and to and from a draft.

Kept apart from the screen so the draft payload format can be read, tested and migrated
without a terminal. Values are kept *as typed* (the date as text, roles as one line) so a
half-typed date or a trailing comma survives a crash exactly as it was on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, cast

from fieldnotes.domain.drafts import DRAFT_KIND, DRAFT_VERSION
from fieldnotes.domain.model import (
    MODES,
    STAGES,
    Mode,
    NoteDraft,
    Passage,
    PrincipleLink,
    Quote,
    Stage,
    Stance,
)
from fieldnotes.domain.passages import passage_document, passage_from_document
from fieldnotes.errors import InvalidInput

WHEN_FORMAT = "%Y-%m-%d %H:%M"
_WHEN_FORMATS = (WHEN_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
WHEN_HINT = "use YYYY-MM-DD HH:MM, for example 2026-08-05 14:40"

_ROLE_SEPARATORS = re.compile(r"[,;\n]")


def parse_when(text: str) -> datetime:
    """The observer's local wall time, as typed in the editor."""
    text = text.strip()
    if not text:
        raise InvalidInput(f"say when this happened: {WHEN_HINT}")
    for fmt in _WHEN_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise InvalidInput(f"“{text}” is not a date and time: {WHEN_HINT}")


def format_when(moment: datetime | None) -> str:
    return moment.strftime(WHEN_FORMAT) if moment is not None else ""


def split_roles(text: str) -> list[str]:
    return [role.strip() for role in _ROLE_SEPARATORS.split(text) if role.strip()]


@dataclass(slots=True)
class EditorState:
    """Every field of the editor. Comparing two states tells whether anything was edited."""

    mode: Mode = "observe"
    stage: Stage = "write-up"
    when: str = ""
    team: str = ""
    setting: str = ""
    participants: str = ""
    description: str = ""
    asides: str = ""
    quotes: list[tuple[str, str]] = field(default_factory=list)
    """(words, speaker role) pairs, including rows still empty on screen."""
    consent: str = ""
    follow_up: str = ""
    principles: list[tuple[str, Stance]] = field(default_factory=list)
    obstacle_ids: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    """Coded spans of the description and asides; placed again when the note is saved."""

    @classmethod
    def from_draft(cls, draft: NoteDraft) -> EditorState:
        return cls(
            mode=draft.mode,
            stage=draft.stage,
            when=format_when(draft.occurred_at),
            team=draft.team,
            setting=draft.setting,
            participants=", ".join(draft.participants),
            description=draft.description,
            asides=draft.asides,
            quotes=[(q.text, q.speaker_role) for q in draft.quotes],
            consent=draft.consent,
            follow_up=draft.follow_up,
            principles=[(link.principle_id, link.stance) for link in draft.principles],
            obstacle_ids=list(draft.obstacle_ids),
            passages=list(draft.passages),
        )

    def to_draft(self) -> NoteDraft:
        """The note to save; raises `InvalidInput` when the date cannot be read."""
        return NoteDraft(
            mode=self.mode,
            stage=self.stage,
            occurred_at=parse_when(self.when),
            team=self.team.strip(),
            setting=self.setting.strip(),
            participants=split_roles(self.participants),
            description=self.description,
            asides=self.asides,
            quotes=[
                Quote(text.strip(), role.strip()) for text, role in self.quotes if text.strip()
            ],
            consent=self.consent,
            follow_up=self.follow_up,
            principles=[PrincipleLink(pid, stance) for pid, stance in self.principles],
            obstacle_ids=list(self.obstacle_ids),
            passages=list(self.passages),
        )

    def comparable(self) -> EditorState:
        """The state with on-screen scaffolding (empty quote rows) left out."""
        return replace(self, quotes=[q for q in self.quotes if q[0].strip() or q[1].strip()])

    def edited_from(self, other: EditorState) -> bool:
        return self.comparable() != other.comparable()

    def to_payload(self, note_id: str | None) -> dict[str, Any]:
        """The draft payload stored (sealed) by `Notebook.save_draft`."""
        return {
            "kind": DRAFT_KIND,
            "version": DRAFT_VERSION,
            "note_id": note_id,
            "fields": {
                "mode": self.mode,
                "stage": self.stage,
                "when": self.when,
                "team": self.team,
                "setting": self.setting,
                "participants": self.participants,
                "description": self.description,
                "asides": self.asides,
                "quotes": [{"text": t, "speaker_role": r} for t, r in self.quotes],
                "consent": self.consent,
                "follow_up": self.follow_up,
                "principles": [{"principle_id": p, "stance": s} for p, s in self.principles],
                "obstacle_ids": list(self.obstacle_ids),
                "passages": [passage_document(p) for p in self.passages],
            },
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> EditorState:
        """Rebuild a state from a payload; tolerant of missing keys, strict about the kind."""
        if payload.get("kind") != DRAFT_KIND or not isinstance(payload.get("fields"), dict):
            raise InvalidInput("that draft was not written by the note editor")
        if int(payload.get("version", 0)) > DRAFT_VERSION:
            raise InvalidInput("that draft was written by a newer fieldnotes; update to open it")
        fields = cast(dict[str, Any], payload["fields"])

        def text(key: str) -> str:
            value = fields.get(key, "")
            return value if isinstance(value, str) else ""

        mode = text("mode")
        stage = text("stage")
        return cls(
            mode=mode if mode in MODES else "observe",
            stage=stage if stage in STAGES else "write-up",
            when=text("when"),
            team=text("team"),
            setting=text("setting"),
            participants=text("participants"),
            description=text("description"),
            asides=text("asides"),
            quotes=[
                (str(q.get("text", "")), str(q.get("speaker_role", "")))
                for q in fields.get("quotes", [])
                if isinstance(q, dict)
            ],
            consent=text("consent"),
            follow_up=text("follow_up"),
            principles=[
                (
                    str(p["principle_id"]),
                    "at-risk" if p.get("stance") == "at-risk" else "honoured",
                )
                for p in fields.get("principles", [])
                if isinstance(p, dict) and "principle_id" in p
            ],
            obstacle_ids=[str(i) for i in fields.get("obstacle_ids", []) if isinstance(i, str)],
            passages=_passages(fields.get("passages", [])),
        )


def _passages(found: object) -> list[Passage]:
    """The passages a draft kept. A draft is sealed, so one that does not read was written by
    a newer fieldnotes; it is left out rather than stop the draft from opening."""
    passages: list[Passage] = []
    for value in found if isinstance(found, list) else []:
        try:
            passages.append(passage_from_document(value))
        except (ValueError, KeyError, AttributeError, TypeError):
            continue
    return passages


def payload_note_id(payload: dict[str, Any]) -> str | None:
    note_id = payload.get("note_id")
    return note_id if isinstance(note_id, str) and note_id else None
