"""`fieldnotes due`: obstacles to observe again and follow-up questions still open."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from fieldnotes.cli.inputs import parse_date
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.due import MAX_WITHIN_DAYS, Due
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook


def due_json(notebook: Notebook, due: Due) -> dict[str, Any]:
    """The documented `due --json` shape (docs/cli.md)."""
    return {
        "format": JSON_FORMAT_VERSION,
        "today": due.today.isoformat(),
        "within_days": due.within_days,
        "obstacles": [
            {
                "id": item.obstacle.id,
                "path": item.path,
                "status": item.obstacle.status,
                "reobserve_on": item.obstacle.reobserve_on.isoformat()
                if item.obstacle.reobserve_on
                else None,
                "days": item.days,
                "overdue": item.overdue,
                "ask": item.obstacle.ask,
                "decision": item.obstacle.decision,
            }
            for item in due.obstacles
        ],
        "follow_ups": [
            {
                "note_id": item.note_id,
                "occurred_at": item.occurred_at.isoformat(),
                "team": item.team,
                "follow_up": item.follow_up,
                "obstacles": [
                    {"id": i, "path": notebook.obstacle_path(i)} for i in item.obstacle_ids
                ],
                "age_days": item.age_days,
            }
            for item in due.follow_ups
        ],
    }


def cmd_due(args: argparse.Namespace) -> int:
    if not 0 <= args.within <= MAX_WITHIN_DAYS:
        raise InvalidInput(f"--within takes 0 to {MAX_WITHIN_DAYS} days, not {args.within}")
    today = parse_date(args.today, "--today") or date.today()
    with unlocked(args) as notebook:
        due = notebook.due(today=today, within_days=args.within)
        if args.json:
            say_json(due_json(notebook, due))
            return 0
        _print_obstacles(due)
        _print_follow_ups(due)
    return 0


def _print_obstacles(due: Due) -> None:
    if not due.obstacles:
        say(f"No obstacle is due to re-observe by {due.within_days} days from {due.today}.")
        return
    say(f"Due to re-observe ({due.today}, next {due.within_days} days):")
    for obstacle in due.obstacles:
        on = obstacle.obstacle.reobserve_on.isoformat() if obstacle.obstacle.reobserve_on else ""
        say(f"  {on}  {obstacle.when:<20} {obstacle.path.replace('/', ' › ')}")
        say(f"  {'':<10}  status: {obstacle.obstacle.status}")


def _print_follow_ups(due: Due) -> None:
    if not due.follow_ups:
        return
    say("")
    say(f"Follow-up questions still open ({len(due.follow_ups)}):")
    for follow_up in due.follow_ups:
        team = follow_up.team or "(no team)"
        say(f"  {follow_up.occurred_at.date()}  {team}  [{follow_up.note_id[:8]}]")
        for line in follow_up.follow_up.splitlines():
            if line.strip():
                say(f"      {line.strip()}")
