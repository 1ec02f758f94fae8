"""Input checks: what a note, an obstacle, a memo, a day or a passphrase must be to be kept.

Pure rules, no I/O: each takes what it needs to know (the principles and obstacles there are,
an obstacle's siblings) and raises `InvalidInput` with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from fieldnotes.domain.model import (
    MEMO_KINDS,
    MODES,
    OBSTACLE_STATUSES,
    STAGES,
    Memo,
    NoteDraft,
    Obstacle,
    note_size_problem,
)
from fieldnotes.errors import EmptyNote, InvalidInput

MIN_EXPORT_PASSPHRASE_CHARS = 8
"""A brief, backup or export protected by a passphrase leaves the machine: no short ones."""

OBSTACLE_CHANGES = frozenset({"name", "description", "status", "ask", "decision", "reobserve_on"})
"""The fields of an obstacle that an update may change (its place in the tree moves apart)."""


class InvalidDay(InvalidInput, ValueError):
    """A day that is not YYYY-MM-DD: an `InvalidInput` for the façade, a `ValueError` for
    validators that expect one."""


def check_draft_text(draft: NoteDraft) -> NoteDraft:
    """`draft` if its text can be saved: not empty, within the size limits, a known mode
    and stage."""
    if (
        not draft.description.strip()
        and not draft.asides.strip()
        and not any(quote.text.strip() for quote in draft.quotes)
    ):
        raise EmptyNote()
    if (too_large := note_size_problem(draft)) is not None:
        raise InvalidInput(f"{too_large}: nothing was saved")
    if draft.mode not in MODES:
        raise InvalidInput(f"mode must be one of {', '.join(MODES)}, not {draft.mode!r}")
    if draft.stage not in STAGES:
        raise InvalidInput(f"stage must be one of {', '.join(STAGES)}, not {draft.stage!r}")
    return draft


def check_draft_links(
    draft: NoteDraft, principle_ids: Collection[str], obstacle_ids: Collection[str]
) -> NoteDraft:
    """`draft` if every principle and obstacle it links to is in the notebook."""
    for link in draft.principles:
        if link.principle_id not in principle_ids:
            raise InvalidInput(f"unknown principle {link.principle_id!r}")
    for obstacle_id in draft.obstacle_ids:
        if obstacle_id not in obstacle_ids:
            raise InvalidInput("unknown obstacle")
    return draft


def check_obstacle_name(name: str, siblings: Iterable[Obstacle], exclude: str | None) -> str:
    """The name, trimmed, if no other obstacle beside it (`exclude` aside) has it already."""
    name = name.strip()
    if not name:
        raise InvalidInput("an obstacle needs a name")
    if "/" in name:
        raise InvalidInput("an obstacle name cannot contain '/'")
    for sibling in siblings:
        if sibling.id != exclude and sibling.name.casefold() == name.casefold():
            raise InvalidInput(f"there is already an obstacle called {name!r} there")
    return name


def check_obstacle_status(status: object) -> None:
    if status not in OBSTACLE_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(OBSTACLE_STATUSES)}")


def check_obstacle_changes(changes: Collection[str]) -> None:
    """Refuses a change to anything but `OBSTACLE_CHANGES`."""
    unknown = set(changes) - OBSTACLE_CHANGES
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} this way")


def check_memo(memo: Memo) -> None:
    if memo.kind not in MEMO_KINDS:
        raise InvalidInput(f"memo kind must be one of {', '.join(MEMO_KINDS)}")
    if not memo.title.strip() and not memo.body.strip():
        raise InvalidInput("a memo needs a title or some text")


def check_notebook_passphrase(passphrase: str, what: str = "the passphrase") -> None:
    if not passphrase:
        raise InvalidInput(f"{what} must not be empty")


def check_export_passphrase(passphrase: str, what: str) -> None:
    """A passphrase protecting a file that leaves the machine (`what`: "brief", "backup")."""
    if len(passphrase) < MIN_EXPORT_PASSPHRASE_CHARS:
        raise InvalidInput(
            f"a {what} passphrase needs at least {MIN_EXPORT_PASSPHRASE_CHARS} characters"
        )


def check_leader_label(label: str) -> str:
    label = label.strip()
    if not label:
        raise InvalidInput("give the leader a label, such as their role")
    return label


def parse_day(text: str) -> date | None:
    """A day typed as YYYY-MM-DD; blank means none. `InvalidInput` (a `ValueError` too)
    names what was typed."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidDay(f"{text!r} is not a date like 2026-08-20") from None
