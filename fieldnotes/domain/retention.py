"""Retention: how long notes are kept, which are due, and what is kept of them once purged.

Plain Python, no I/O: the notebook passes its notes, the policy and today's date, so the same
data always gives the same answer. docs/retention.md says the rules in words; keep the two in
step.

- A notebook keeps notes for a number of months **after the day the note was written about**
  (its `occurred_at`, the record's date, as councils' records policies count), not after the
  day it was typed in. Off (None) by default: a personal notebook keeps notes until deleted.
- A note is **due** on its keep-until date (occurred date + the months) and every day after;
  it is listed as falling due when that date is within the next `SOON_DAYS` days.
- An **extension** moves one note's date: N months from the later of its current date and
  today, with a reason (sealed). The last extension is the one that counts.
- A **purge** deletes notes for good and keeps, per obstacle, only counts (notes, teams,
  modes, principle stances, months): no ids, no text, no date finer than the month.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import MODE_LABELS, MODES, Note, Obstacle
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import DamagedData, InvalidInput

MIN_MONTHS = 1
MAX_MONTHS = 1200
"""A hundred years: beyond any records policy, and small enough to add to a date."""
SOON_DAYS = 30
"""Notes falling due within this many days are listed beside those already due."""
MAX_REASON_CHARS = 500
"""An extension's reason is a sentence or two ("care proceedings ongoing"), not a note."""

EXTENSIONS_SETTING = "retention_extensions"
COUNTS_SETTING = "retention_counts"
LOG_SETTING = "retention_log"
DECISIONS_SETTING = "brief_decisions"
"""The sealed records a purge writes (each with a `.count` setting beside it); a team
replica that takes a colleague's purge writes them as the purging replica did."""

PurgeReason = Literal["retention", "by hand"]
PURGE_REASONS: tuple[PurgeReason, ...] = ("retention", "by hand")

_MONTHS = re.compile(r"^(\d{1,5})\s*(m|mo|mos|month|months)?$")
_YEARS = re.compile(r"^(\d{1,3})\s*(y|yr|yrs|year|years)$")
OFF_WORDS = frozenset({"", "off", "none", "no", "never"})


def parse_retention(text: str) -> int | None:
    """A policy as a person writes it: "24", "24 months", "2 years"; "off" is None."""
    raw = " ".join(text.strip().lower().split())
    if raw in OFF_WORDS:
        return None
    months: int | None = None
    if found := _MONTHS.match(raw):
        months = int(found[1])
    elif found := _YEARS.match(raw):
        months = int(found[1]) * 12
    if months is None:
        raise InvalidInput(
            f"retention is a number of months (for example 24, or 2 years) or off, "
            f"not {text.strip()!r}"
        )
    return check_months(months, "retention")


def check_months(months: int, what: str = "--months") -> int:
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise InvalidInput(f"{what} takes {MIN_MONTHS} to {MAX_MONTHS} months, not {months}")
    return months


def retention_label(months: int | None) -> str:
    """The policy in words: "24 months", or "off"."""
    if months is None:
        return "off"
    return f"{months} month{'s' if months != 1 else ''}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 →
    28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise InvalidInput("an extension needs a reason (for example: care proceedings ongoing)")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"the reason must be at most {MAX_REASON_CHARS} characters")
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in reason):
        raise InvalidInput("the reason must not hold control characters")
    return reason


# ------------------------------------------------------------------- extensions


@dataclass(frozen=True, slots=True)
class Extension:
    """One note kept longer than the policy says, and why."""

    note_id: str
    until: date
    months: int
    reason: str = field(repr=False)
    at: datetime
    """When it was decided (UTC)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "note_id": self.note_id,
            "until": self.until.isoformat(),
            "months": self.months,
            "reason": self.reason,
            "at": self.at.isoformat(timespec="seconds"),
        }

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> Extension:
        return cls(
            note_id=str(row["note_id"]),
            until=date.fromisoformat(str(row["until"])),
            months=int(row["months"]),
            reason=str(row["reason"]),
            at=datetime.fromisoformat(str(row["at"])),
        )


def extend(
    note: Note,
    months: int,
    reason: str,
    policy: int | None,
    current: Extension | None,
    *,
    today: date,
    now: datetime,
) -> Extension:
    """The extension that keeps `note` `months` more, from its date or today if later."""
    if policy is None:
        raise InvalidInput(
            "retention is off for this notebook, so no note is due and there is nothing to "
            "extend; set it with `fieldnotes config set retention MONTHS`"
        )
    months = check_months(months)
    reason = check_reason(reason)
    due = keep_until(note, policy, current)
    return Extension(note.id, add_months(max(due, today), months), months, reason, now)


def keep_until(note: Note, policy: int, extension: Extension | None = None) -> date:
    """The day a note falls due: its extension's date, or the policy's."""
    if extension is not None:
        return extension.until
    return add_months(note.occurred_at.date(), policy)


# ----------------------------------------------------------------- what is due


@dataclass(frozen=True, slots=True)
class RetentionItem:
    note_id: str
    occurred_at: datetime
    team: str
    keep_until: date
    """The day it falls due (its extension's date if it has one)."""
    policy_until: date
    """The day the policy alone gives."""
    extension: Extension | None
    trashed: bool
    days: int
    """Days from today to `keep_until`: 0 or negative when due."""

    @property
    def due(self) -> bool:
        return self.days <= 0

    @property
    def when(self) -> str:
        if self.days < 0:
            return f"overdue {-self.days} day{'s' if self.days != -1 else ''}"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"


@dataclass(frozen=True, slots=True)
class RetentionView:
    months: int | None
    today: date
    items: tuple[RetentionItem, ...]
    """Due first (longest overdue first), then falling due soonest first."""

    @property
    def due(self) -> tuple[RetentionItem, ...]:
        return tuple(item for item in self.items if item.due)

    @property
    def soon(self) -> tuple[RetentionItem, ...]:
        return tuple(item for item in self.items if not item.due)


def due_for_retention(
    notes: Iterable[Note],
    months: int | None,
    extensions: Mapping[str, Extension],
    *,
    today: date,
    within_days: int = SOON_DAYS,
) -> RetentionView:
    """Notes (live and in the trash) past their date, and those falling due within the days."""
    if months is None:
        return RetentionView(None, today, ())
    items: list[RetentionItem] = []
    for note in notes:
        extension = extensions.get(note.id)
        until = keep_until(note, months, extension)
        days = (until - today).days
        if days > within_days:
            continue
        items.append(
            RetentionItem(
                note_id=note.id,
                occurred_at=note.occurred_at,
                team=note.team,
                keep_until=until,
                policy_until=keep_until(note, months),
                extension=extension,
                trashed=note.trashed_at is not None,
                days=days,
            )
        )
    items.sort(key=lambda item: (item.keep_until, item.occurred_at, item.note_id))
    return RetentionView(months, today, tuple(items))


# ----------------------------------------------------------------- aggregates


@dataclass(slots=True)
class PurgedCounts:
    """What purged notes contributed to one obstacle's evidence: counts only.

    `teams` adds each purge's count of distinct teams, so a team seen in two purges counts
    twice: the teams' names are not kept, so they cannot be told apart afterwards.
    """

    notes: int = 0
    teams: int = 0
    modes: dict[str, int] = field(default_factory=dict)
    at_risk: dict[str, int] = field(default_factory=dict)
    """Principle id (a public framework code) → links that put it at risk."""
    honoured: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    """"YYYY-MM" the notes were written in → how many."""

    def add(self, other: PurgedCounts) -> None:
        self.notes += other.notes
        self.teams += other.teams
        for mine, theirs in (
            (self.modes, other.modes),
            (self.at_risk, other.at_risk),
            (self.honoured, other.honoured),
            (self.months, other.months),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value

    def to_json(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "teams": self.teams,
            "modes": {mode: self.modes.get(mode, 0) for mode in MODES},
            "at_risk": dict(sorted(self.at_risk.items())),
            "honoured": dict(sorted(self.honoured.items())),
            "months": dict(sorted(self.months.items())),
        }

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> PurgedCounts:
        def counts(key: str) -> dict[str, int]:
            value = row.get(key, {})
            if not isinstance(value, dict):
                raise ValueError(key)
            return {str(k): int(v) for k, v in value.items() if int(v)}

        return cls(
            notes=int(row["notes"]),
            teams=int(row["teams"]),
            modes=counts("modes"),
            at_risk=counts("at_risk"),
            honoured=counts("honoured"),
            months=counts("months"),
        )


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def purged_counts(notes: Sequence[Note], obstacles: Sequence[Obstacle]) -> dict[str, PurgedCounts]:
    """Per obstacle, what these notes add to its evidence, as the synthesis counts it: a note
    counts for the obstacles it is tagged with and each of their ancestors, once. Notes in the
    trash are left out, as the synthesis leaves them out."""
    tree = ObstacleTree(obstacles)
    live = [note for note in notes if note.trashed_at is None]
    result: dict[str, PurgedCounts] = {}
    for obstacle in obstacles:
        subtree = tree.subtree(obstacle.id)
        # As the synthesis counts: once for an obstacle it or any of its passages is coded with.
        mine = [note for note in live if not subtree.isdisjoint(note.coded_obstacle_ids())]
        if not mine:
            continue
        links = [link for note in mine for link in note.coded_principles()]
        result[obstacle.id] = PurgedCounts(
            notes=len(mine),
            teams=len({note.team.casefold() for note in mine if note.team}),
            modes=dict(Counter(note.mode for note in mine)),
            at_risk=dict(Counter(lk.principle_id for lk in links if lk.stance == "at-risk")),
            honoured=dict(Counter(lk.principle_id for lk in links if lk.stance != "at-risk")),
            months=dict(Counter(month_of(note.occurred_at) for note in mine)),
        )
    return result


def merge_counts(
    kept: Mapping[str, PurgedCounts], new: Mapping[str, PurgedCounts]
) -> dict[str, PurgedCounts]:
    merged = {key: PurgedCounts.from_json(value.to_json()) for key, value in kept.items()}
    for key, value in new.items():
        merged.setdefault(key, PurgedCounts()).add(value)
    return merged


def counts_for_synthesis(
    counts: Mapping[str, PurgedCounts], synthesis: Synthesis
) -> dict[str, PurgedCounts]:
    """The kept counts a synthesis shows: all of them for the whole notebook, none for a
    period or a team (purged notes keep no team and no date finer than the month)."""
    if synthesis.since is not None or synthesis.until is not None or synthesis.team is not None:
        return {}
    shown = {item.obstacle.id for item in synthesis.evidence}
    return {key: value for key, value in counts.items() if key in shown and value.notes}


def purged_line(counts: PurgedCounts) -> str:
    """ "plus 3 purged notes (counts only): 2 teams, observed 2, questioned 1; 1 principle
    at risk, 2 honoured"."""
    noun = "note" if counts.notes == 1 else "notes"
    parts = [f"{counts.teams} team{'s' if counts.teams != 1 else ''}"] if counts.teams else []
    modes = ", ".join(
        f"{MODE_LABELS[mode]} {counts.modes[mode]}" for mode in MODES if counts.modes.get(mode)
    )
    if modes:
        parts.append(modes)
    at_risk, honoured = sum(counts.at_risk.values()), sum(counts.honoured.values())
    if at_risk or honoured:
        parts.append(f"principles {at_risk} at risk, {honoured} honoured")
    detail = f": {'; '.join(parts)}" if parts else ""
    return f"plus {counts.notes} purged {noun} (counts only){detail}"


# ------------------------------------------------------------------- the log


@dataclass(frozen=True, slots=True)
class PurgeRecord:
    """One purge, as the log keeps it: when, how many, which months, who and why."""

    at: datetime
    """When the purge ran (UTC, to the minute)."""
    count: int
    months: tuple[str, ...]
    """The months ("YYYY-MM") the purged notes were written in."""
    by: str
    reason: PurgeReason
    trashed: int = 0
    """How many of them were in the trash."""
    purge_id: str = ""
    """In a team notebook, the purge's id: each replica that takes it logs it once."""

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "at": self.at.isoformat(timespec="minutes"),
            "count": self.count,
            "months": list(self.months),
            "by": self.by,
            "reason": self.reason,
            "trashed": self.trashed,
        }
        if self.purge_id:
            row["purge_id"] = self.purge_id
        return row

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> PurgeRecord:
        reason = str(row["reason"])
        if reason not in PURGE_REASONS:
            raise ValueError(reason)
        return cls(
            at=datetime.fromisoformat(str(row["at"])),
            count=int(row["count"]),
            months=tuple(str(m) for m in row["months"]),
            by=str(row["by"]),
            reason="retention" if reason == "retention" else "by hand",
            trashed=int(row.get("trashed", 0)),
            purge_id=str(row.get("purge_id", "")),
        )


def purge_record(
    notes: Sequence[Note], *, by: str, reason: PurgeReason, now: datetime
) -> PurgeRecord:
    return PurgeRecord(
        at=now.replace(second=0, microsecond=0),
        count=len(notes),
        months=tuple(sorted({month_of(note.occurred_at) for note in notes})),
        by=by,
        reason=reason,
        trashed=sum(1 for note in notes if note.trashed_at is not None),
    )


# --------------------------------------------------------------- sealed as JSON


def dump_extensions(extensions: Mapping[str, Extension]) -> str:
    rows = [extensions[key].to_json() for key in sorted(extensions)]
    return json.dumps(rows, ensure_ascii=False)


def load_extensions(raw: str) -> dict[str, Extension]:
    try:
        rows = json.loads(raw)
        if not isinstance(rows, list):
            raise ValueError("not a list")
        found = [Extension.from_json(row) for row in rows]
    except (ValueError, KeyError, TypeError):
        raise DamagedData("the retention extensions are damaged") from None
    return {extension.note_id: extension for extension in found}


def dump_counts(counts: Mapping[str, PurgedCounts]) -> str:
    return json.dumps({key: counts[key].to_json() for key in sorted(counts)})


def load_counts(raw: str) -> dict[str, PurgedCounts]:
    try:
        rows = json.loads(raw)
        if not isinstance(rows, dict):
            raise ValueError("not an object")
        return {str(key): PurgedCounts.from_json(value) for key, value in rows.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DamagedData("the counts of purged notes are damaged") from None


def dump_log(records: Sequence[PurgeRecord]) -> str:
    return json.dumps([record.to_json() for record in records], ensure_ascii=False)


def load_log(raw: str) -> list[PurgeRecord]:
    try:
        rows = json.loads(raw)
        if not isinstance(rows, list):
            raise ValueError("not a list")
        return [PurgeRecord.from_json(row) for row in rows]
    except (ValueError, KeyError, TypeError):
        raise DamagedData("the purge log is damaged") from None
