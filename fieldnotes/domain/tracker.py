"""You said, we did: for each obstacle raised with leadership, what practitioners said, what
was decided, what has changed since and what is still open.

Pure. Voices are quotes from the obstacle's evidence, by speaker role only, and a quote the
identifier check flags on its own is left out (counted); the people map and the identifier
check of the whole text are applied where it leaves (a brief, the screen, the command line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.comparison import Comparison
from fieldnotes.domain.due import open_follow_ups
from fieldnotes.domain.identifiers import find_identifiers
from fieldnotes.domain.member_check import REPLY_SETTING
from fieldnotes.domain.model import OBSTACLE_STATUSES, Note, Quote

RAISED = OBSTACLE_STATUSES.index("raised")
AGREED = OBSTACLE_STATUSES.index("change agreed")
MAX_VOICES = 3


@dataclass(frozen=True, slots=True)
class TrackerItem:
    obstacle_id: str
    path: str
    status: str
    ask: str
    decision: str
    voices: tuple[Quote, ...]
    """What practitioners said: quotes by role, none the identifier check flags alone."""
    voices_left_out: int
    comparison: Comparison | None
    still_open: tuple[str, ...]
    """What is not done: no change agreed yet, not yet resolved, follow-ups still open."""
    replies: int
    """Notes recording a team's reply to a member check about this obstacle."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.obstacle_id,
            "path": self.path,
            "status": self.status,
            "you_said": [{"text": q.text, "speaker_role": q.speaker_role} for q in self.voices],
            "voices_left_out": self.voices_left_out,
            "we_decided": {"ask": self.ask, "decision": self.decision},
            "since": self.comparison.to_json() if self.comparison is not None else None,
            "still_open": list(self.still_open),
            "replies": self.replies,
        }


def _voices(notes: Sequence[Note], protected_names: Sequence[str]) -> tuple[tuple[Quote, ...], int]:
    """Up to three quotes, different speakers first, none flagged by the identifier check."""
    picked: list[Quote] = []
    left_out = 0
    seen_text: set[str] = set()
    for pass_number in range(2):
        roles = {q.speaker_role.casefold() for q in picked}
        for note in notes:
            if len(picked) >= MAX_VOICES:
                break
            # Who spoke is known without the words, which a large notebook reads again from
            # the store: a note whose speakers are all heard already is passed over unread.
            if pass_number == 0 and all(
                speaker is None or speaker.casefold() in roles for speaker in note.quote_speakers()
            ):
                continue
            for quote in note.quotes:
                text = quote.text.strip()
                if not text or text in seen_text or len(picked) >= MAX_VOICES:
                    continue
                if pass_number == 0 and quote.speaker_role.casefold() in roles:
                    continue
                seen_text.add(text)
                if find_identifiers(text, protected_names):
                    left_out += 1
                    continue
                picked.append(Quote(" ".join(text.split()), quote.speaker_role.strip()))
                roles.add(quote.speaker_role.casefold())
    return tuple(picked), left_out


def _still_open(
    status: str, follow_ups: int, comparison: Comparison | None, agreed: bool
) -> tuple[str, ...]:
    found: list[str] = []
    index = OBSTACLE_STATUSES.index(status)
    if index < AGREED:
        found.append(f"No change agreed yet (status: {status}).")
    elif index == AGREED:
        found.append("Change agreed; not yet seen to be resolved.")
    if agreed and comparison is None:
        found.append("No date of agreement in its history: nothing to compare against.")
    if follow_ups:
        found.append(
            f"{follow_ups} follow-up question{'s' if follow_ups != 1 else ''} from its notes "
            "still open."
        )
    return tuple(found)


def track(
    tree: ObstacleTree,
    notes: Iterable[Note],
    comparisons: Mapping[str, Comparison],
    today: date,
    protected_names: Sequence[str] = (),
) -> tuple[TrackerItem, ...]:
    """One item for every obstacle raised with leadership or further on, in codebook order."""
    usable = sorted((n for n in notes if not n.damaged), key=lambda n: (n.occurred_at, n.id))
    open_ups = open_follow_ups(usable, today)
    items: list[TrackerItem] = []
    for obstacle in tree.ordered:
        index = OBSTACLE_STATUSES.index(obstacle.status)
        if index < RAISED:
            continue
        subtree = tree.subtree(obstacle.id)
        evidence = [
            n
            for n in usable
            if subtree.intersection(n.obstacle_ids) and n.setting.strip() != REPLY_SETTING
        ]
        replies = sum(
            1
            for n in usable
            if subtree.intersection(n.obstacle_ids) and n.setting.strip() == REPLY_SETTING
        )
        voices, left_out = _voices(evidence, protected_names)
        follow_ups = sum(1 for f in open_ups if subtree.intersection(f.obstacle_ids))
        comparison = comparisons.get(obstacle.id)
        items.append(
            TrackerItem(
                obstacle_id=obstacle.id,
                path=tree.path(obstacle.id),
                status=obstacle.status,
                ask=obstacle.ask.strip(),
                decision=obstacle.decision.strip(),
                voices=voices,
                voices_left_out=left_out,
                comparison=comparison,
                still_open=_still_open(obstacle.status, follow_ups, comparison, index >= AGREED),
                replies=replies,
            )
        )
    return tuple(items)


def tracker_markdown(items: Sequence[TrackerItem], *, heading: str = "##") -> str:
    """The tracker as Markdown: a section of a brief, or the whole of `fieldnotes tracker`."""
    lines = [f"{heading} You said, we did", ""]
    if not items:
        lines += ["_No obstacle has been raised with leadership yet._", ""]
        return "\n".join(lines)
    sub = f"{heading}#"
    for item in items:
        lines += [f"{sub} {item.path.replace('/', ' › ')}", "", f"Status: {item.status}.", ""]
        lines += ["**You said:**", ""]
        if item.voices:
            for quote in item.voices:
                lines += [f"> “{quote.text}”  ", f"> — {quote.speaker_role or 'unattributed'}", ""]
        else:
            lines += ["_No quote from its notes can be shared without identifying someone._", ""]
        lines += ["**We decided:**", ""]
        if item.ask:
            lines.append(f"- Asked of leadership: {item.ask}")
        lines.append(f"- Decided: {item.decision}" if item.decision else "- Nothing decided yet.")
        lines += ["", "**What has changed since:**", ""]
        if item.comparison is not None:
            lines += [f"- {sentence}" for sentence in item.comparison.sentences()]
        else:
            lines.append("- Nothing to compare yet.")
        if item.replies:
            lines.append(
                f"- {item.replies} team repl{'ies' if item.replies != 1 else 'y'} to a member "
                "check recorded."
            )
        lines += ["", "**Still open:**", ""]
        lines += [f"- {text}" for text in item.still_open] or ["- Nothing."]
        lines.append("")
    return "\n".join(lines)
