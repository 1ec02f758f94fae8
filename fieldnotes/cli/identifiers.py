"""`--identifiers stop|redact|confirm`: what a command does with the likely identifiers the
check finds in what it is about to write (a brief, a member check, a plaintext export)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fieldnotes.errors import IdentifiersFound

if TYPE_CHECKING:
    from fieldnotes.domain.brief import Action, Finding, Resolution

MAX_LISTED = 8
"""A refusal names this many places; the rest are counted."""

EXPORT_ADVICE = "Pass --identifiers redact (or confirm), or export encrypted; nothing was exported"
"""What to do when an export in the clear stops at identifiers."""


def resolve_every_finding(
    findings: Sequence[Finding], mode: str, *, nothing: str
) -> dict[int, Resolution]:
    """Each finding resolved as `--identifiers` says. With `stop` (the default) any finding
    is a refusal that says where each is, and that `nothing` happened."""
    from fieldnotes.domain.brief import Resolution

    if findings and mode == "stop":
        raise stopped(
            [f"line {f.line}: {f.kind}" for f in findings],
            f"Resolve them in the app, or pass --identifiers redact (or confirm); {nothing}",
        )
    action = resolution_action(mode)
    return {f.id: Resolution(action) for f in findings}


def resolution_action(mode: str) -> Action:
    """What `--identifiers redact` or `confirm` does to each finding."""
    return "confirm" if mode == "confirm" else "redact"


def stopped(places: Sequence[str], advice: str) -> IdentifiersFound:
    """The one wording of a refusal under `--identifiers stop`: how many, where, what to do."""
    where = listed(places)
    return IdentifiersFound(places, f"{len(places)} possible identifier(s) — {where}. {advice}")


def listed(places: Sequence[str]) -> str:
    """The first few places, then how many more."""
    more = f" and {len(places) - MAX_LISTED} more" if len(places) > MAX_LISTED else ""
    return "; ".join(places[:MAX_LISTED]) + more
