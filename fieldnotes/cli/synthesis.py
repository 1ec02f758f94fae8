"""`fieldnotes synthesis`: the evidence behind each obstacle, strongest first."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.inputs import named_team, parse_date
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.synthesis import Change, Synthesis
    from fieldnotes.notebook import Notebook


def synthesis_json(notebook: Notebook, synthesis: Synthesis) -> dict[str, Any]:
    """The documented `synthesis --json` shape (docs/cli.md)."""
    from fieldnotes.cli.retention import purged_for

    purged = purged_for(notebook, synthesis)
    compared = notebook.comparisons(team=synthesis.team)
    return {
        "format": JSON_FORMAT_VERSION,
        "since": synthesis.since.isoformat() if synthesis.since else None,
        "until": synthesis.until.isoformat() if synthesis.until else None,
        "team": synthesis.team,
        "weeks": [week.isoformat() for week in synthesis.weeks],
        "obstacles": [
            {
                "id": e.obstacle.id,
                "path": e.path,
                "status": e.obstacle.status,
                "strength": e.strength,
                "strength_reason": e.strength_reason,
                "notes": e.note_count,
                "note_ids": list(e.note_ids),
                "teams": list(e.teams),
                "days": e.days,
                "modes": dict(e.modes),
                "principles": [
                    {"id": p.principle_id, "at_risk": p.at_risk, "honoured": p.honoured}
                    for p in e.principles
                ],
                "first_seen": e.first_seen.isoformat() if e.first_seen else None,
                "last_seen": e.last_seen.isoformat() if e.last_seen else None,
                "weekly": list(e.weekly),
                "quotes": [
                    {
                        "text": q.quote.text,
                        "speaker_role": q.quote.speaker_role,
                        "note_id": q.note_id,
                        "passage_id": q.passage_id or None,
                    }
                    for q in e.quotes
                ],
                "memo_ids": list(e.memo_ids),
                "ask": e.obstacle.ask,
                "purged": purged[e.obstacle.id].to_json() if e.obstacle.id in purged else None,
                "comparison": compared[e.obstacle.id].to_json()
                if e.obstacle.id in compared
                else None,
            }
            for e in synthesis.evidence
        ],
    }


def cmd_synthesis(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        synthesis = notebook.synthesis(
            since=parse_date(args.since, "--since"),
            until=parse_date(args.until, "--until"),
            team=named_team(notebook, args.team),
        )
        if args.json:
            say_json(synthesis_json(notebook, synthesis))
            return 0
        changes = {c.obstacle_id: c for c in notebook.changes_since_last_brief(synthesis)}
        _print_synthesis(synthesis, changes, everything=args.all)
        from fieldnotes.cli.retention import print_purged

        print_purged(notebook, synthesis)
    return 0


def _print_synthesis(synthesis: Synthesis, changes: dict[str, Change], *, everything: bool) -> None:
    shown = [e for e in synthesis.evidence if everything or e.note_count]
    if not shown:
        say("No coded notes in this period.", file=sys.stderr)
        return
    say(f"{'obstacle':<50} {'evidence':<10} {'notes':>5} {'teams':>5}  O C Q  weeks")
    for e in shown:
        marks = " ".join(
            "●" if e.modes.get(mode) else "·" for mode in ("observe", "co-work", "question")
        )
        name = printable_line(e.path).replace("/", " › ")
        if len(name) > 50:
            name = name[:49] + "…"
        say(
            f"{name:<50} {e.strength:<10} {e.note_count:>5} {e.team_count:>5}  {marks}  "
            f"{e.sparkline}"
        )
        if e.obstacle.id in changes:
            say(f"{'':<50} {changes[e.obstacle.id].summary}")
