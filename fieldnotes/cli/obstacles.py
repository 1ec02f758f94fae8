"""`fieldnotes obstacle`: set where an obstacle is in its life, and read its history."""

from __future__ import annotations

import argparse
from typing import Any

from fieldnotes.cli.inputs import parse_date
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.history import describe
from fieldnotes.errors import InvalidInput

CLEAR = "none"
"""`--reobserve none` clears the date."""


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if args.status is not None:
        changes["status"] = args.status
    if args.ask is not None:
        changes["ask"] = args.ask.strip()
    if args.decision is not None:
        changes["decision"] = args.decision.strip()
    if args.reobserve is not None:
        clear = args.reobserve.strip().casefold() == CLEAR
        changes["reobserve_on"] = None if clear else parse_date(args.reobserve, "--reobserve")
    if not changes:
        raise InvalidInput("say what to change: --status, --ask, --decision or --reobserve")
    return changes


def cmd_obstacle(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        obstacle = notebook.find_obstacle(args.name)
        path = notebook.obstacle_path(obstacle.id).replace("/", " › ")
        if args.obstacle_command == "set":
            changes = _changes(args)
            before = len(notebook.obstacle_history(obstacle.id))
            notebook.update_obstacle(obstacle.id, reason=args.reason, **changes)
            history = notebook.obstacle_history(obstacle.id)
            if len(history) == before:
                say(f"{path}: nothing changed.")
            else:
                say(f"{path}: {describe(history[-1])}")
            return 0
        history = notebook.obstacle_history(obstacle.id)
        if args.json:
            say_json(
                {
                    "format": JSON_FORMAT_VERSION,
                    "id": obstacle.id,
                    "path": notebook.obstacle_path(obstacle.id),
                    "history": [
                        {
                            "at": event.at.isoformat(timespec="seconds") + "Z"
                            if event.at
                            else None,
                            "by": event.by,
                            "reason": event.reason,
                            "merged_from": event.merged_from,
                            "changes": [
                                {"field": c.field, "before": c.before, "after": c.after}
                                for c in event.changes
                            ],
                            "damaged": event.damaged,
                        }
                        for event in history
                    ],
                }
            )
            return 0
        say(f"{path} · {obstacle.status}")
        if not history:
            say("No changes recorded yet.")
        for event in history:
            when = f"{event.at:%Y-%m-%d %H:%M}" if event.at else "????-??-?? ??:??"
            say(f"  {when}  {describe(event)}")
    return 0
