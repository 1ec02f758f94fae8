"""Member check: a summary for one observed team of what was seen, decided and comes next.

Plain Python, no I/O. It is written for the team, so it names no practitioner: no participants,
no author, no note text — only the codebook's words, counts, principles honoured, leadership's
ask and decision, re-observe dates, and quotes (by role) that pass the identifier check on their
own. The whole body still goes through the identifier check before it leaves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.identifiers import find_identifiers
from fieldnotes.domain.model import MODE_LABELS, MODES, Note, NoteDraft, Obstacle, Principle, Quote
from fieldnotes.errors import InvalidInput

MAX_QUOTES_PER_OBSTACLE = 2
MAX_STRENGTHS = 6
REPLY_SETTING = "Member check reply"
"""The setting of a note that records a team's reply, so it can be found later."""


@dataclass(frozen=True, slots=True)
class MemberCheck:
    team: str
    title: str
    body: str
    obstacle_ids: tuple[str, ...]
    """The obstacles it covers, most often seen first: a reply is linked to these."""
    note_count: int
    quotes_left_out: int
    """Quotes that did not pass the identifier check on their own and were not used."""
    map_log: tuple[str, ...] = ()
    """What the people map wrote (alias and line, never the name); goes into the check's log."""


def member_check_title(team: str) -> str:
    return f"Member check: what we saw with {team}"


def team_notes(notes: Iterable[Note], team: str) -> list[Note]:
    """The team's notes (any case), oldest first, without replies to earlier member checks."""
    wanted = team.strip().casefold()
    return sorted(
        (
            n
            for n in notes
            if n.team.strip().casefold() == wanted and n.setting.strip() != REPLY_SETTING
        ),
        key=lambda n: n.occurred_at,
    )


def covered_obstacle_ids(notes: Sequence[Note]) -> tuple[str, ...]:
    counts = Counter(
        obstacle_id for note in notes for obstacle_id in dict.fromkeys(note.obstacle_ids)
    )
    return tuple(obstacle_id for obstacle_id, _ in counts.most_common())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _principle_label(
    principle_id: str, principles: Mapping[str, Principle], short: Mapping[str, str]
) -> str:
    principle = principles.get(principle_id)
    if principle is None:
        return principle_id
    framework = short.get(principle.framework_id, principle.framework_id)
    return f"{framework} {principle.code} — {principle.title}"


def reply_draft(
    team: str, obstacle_ids: Sequence[str], description: str = "", when: datetime | None = None
) -> NoteDraft:
    """The note that records a team's reply: a question, linked to the obstacles covered."""
    return NoteDraft(
        mode="question",
        occurred_at=when,
        team=team,
        setting=REPLY_SETTING,
        description=description,
        obstacle_ids=list(obstacle_ids),
    )


def compose_member_check(
    team: str,
    notes: Iterable[Note],
    obstacles: Sequence[Obstacle],
    principles: Mapping[str, Principle],
    framework_short: Mapping[str, str],
    protected_names: Sequence[str] = (),
    today: date | None = None,
) -> MemberCheck:
    """The Markdown body of a member check for `team`, before the identifier check."""
    seen = team_notes(notes, team)
    if not seen:
        raise InvalidInput(f"no notes from the team {team!r}: nothing to check back with them")
    team_name = seen[-1].team.strip()
    by_id = {o.id: o for o in obstacles}
    paths = {i: path.replace("/", " › ") for i, path in ObstacleTree(obstacles).paths().items()}
    covered = tuple(i for i in covered_obstacle_ids(seen) if i in by_id)
    in_order = [(paths[i], by_id[i]) for i in covered]
    title = member_check_title(team_name)
    obstacle_lines, quotes_left_out = _in_the_way(in_order, seen, protected_names)
    lines = [
        f"# {title}",
        "",
        _opening(seen),
        "",
        "## What is working well",
        "",
        *_working_well(seen, principles, framework_short),
        "",
        "## What gets in the way",
        "",
        *obstacle_lines,
        "## What leadership decided",
        "",
        *_decided(in_order),
        "",
        "## What happens next",
        "",
        *_next(in_order, today),
        "",
    ]
    return MemberCheck(
        team=team_name,
        title=title,
        body="\n".join(lines),
        obstacle_ids=covered,
        note_count=len(seen),
        quotes_left_out=quotes_left_out,
    )


def _opening(seen: Sequence[Note]) -> str:
    modes = Counter(n.mode for n in seen)
    first, last = seen[0].occurred_at.date(), seen[-1].occurred_at.date()
    how = ", ".join(f"{MODE_LABELS[m]} {modes[m]}" for m in MODES if modes[m])
    return (
        f"From {_plural(len(seen), 'visit note')} between {first.isoformat()} and "
        f"{last.isoformat()} ({how}). It is written for the team: nobody is named, people "
        "appear by role only, and what was said is quoted only where it cannot identify anyone."
    )


def _working_well(
    seen: Sequence[Note], principles: Mapping[str, Principle], framework_short: Mapping[str, str]
) -> list[str]:
    honoured = Counter(
        link.principle_id
        for n in seen
        for link in n.coded_principles()
        if link.stance == "honoured"
    )
    if not honoured:
        return ["_No strengths were linked to a principle in these notes._"]
    return [
        f"- {_principle_label(principle_id, principles, framework_short)} — seen in "
        f"{_plural(count, 'note')}"
        for principle_id, count in honoured.most_common(MAX_STRENGTHS)
    ]


def _in_the_way(
    in_order: Sequence[tuple[str, Obstacle]],
    seen: Sequence[Note],
    protected_names: Sequence[str],
) -> tuple[list[str], int]:
    """Each obstacle the notes show, with a few quotes that identify nobody; and how many
    quotes were left out because they might."""
    if not in_order:
        return ["_No systems obstacles were linked to these notes._", ""], 0
    lines: list[str] = []
    quotes_left_out = 0
    used: set[str] = set()
    for path, obstacle in in_order:
        linked = [n for n in seen if obstacle.id in n.obstacle_ids]
        lines += [f"### {path}", ""]
        if obstacle.description.strip():
            lines += [obstacle.description.strip(), ""]
        lines += [f"Seen in {len(linked)} of your notes.", ""]
        quotes: list[Quote] = []
        for note in linked:
            for quote in note.quotes:
                if quote.text in used:
                    continue
                used.add(quote.text)
                if find_identifiers(quote.text, protected_names):
                    quotes_left_out += 1
                elif len(quotes) < MAX_QUOTES_PER_OBSTACLE:
                    quotes.append(quote)
                else:
                    used.discard(quote.text)  # free for a later obstacle
        for quote in quotes:
            text = quote.text.strip().replace("\n", " ")
            lines += [f"> “{text}”  ", f"> — {quote.speaker_role or 'unattributed'}", ""]
    return lines, quotes_left_out


def _decided(in_order: Sequence[tuple[str, Obstacle]]) -> list[str]:
    lines: list[str] = []
    for path, obstacle in in_order:
        if obstacle.status in ("emerging", "evidenced") and not obstacle.decision.strip():
            continue
        lines.append(f"- **{path}** — {obstacle.status}.")
        if obstacle.ask.strip():
            lines.append(f"  Asked of leadership: {obstacle.ask.strip()}")
        if obstacle.decision.strip():
            lines.append(f"  Decided: {obstacle.decision.strip()}")
    return lines or ["_Nothing raised with leadership from these notes yet._"]


def _next(in_order: Sequence[tuple[str, Obstacle]], today: date | None) -> list[str]:
    dated = sorted(
        (obstacle.reobserve_on, path)
        for path, obstacle in in_order
        if obstacle.reobserve_on is not None
    )
    lines = [
        f"- We will come back to look at {path} from {when.isoformat()}"
        f"{'' if today is None or when >= today else ' (due now)'}."
        for when, path in dated
    ]
    if not lines:
        lines.append("- No date is set yet to come back; we will agree one with the team.")
    lines.append(
        "- Tell us what we got wrong or left out. Your reply is recorded as a note linked to "
        "these obstacles, so it counts as evidence too."
    )
    return lines
