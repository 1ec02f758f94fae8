"""`fieldnotes tracker`: you said, we did — each raised obstacle, from voices to what is open."""

from __future__ import annotations

import argparse
from datetime import date

from fieldnotes.cli.inputs import parse_date
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked


def cmd_tracker(args: argparse.Namespace) -> int:
    from fieldnotes.domain.tracker import tracker_markdown

    today = parse_date(args.today, "--today") or date.today()
    with unlocked(args) as notebook:
        items = notebook.tracker(today=today)
        if args.json:
            say_json(
                {
                    "format": JSON_FORMAT_VERSION,
                    "today": today.isoformat(),
                    "obstacles": [item.to_json() for item in items],
                }
            )
            return 0
        for line in tracker_markdown(items, heading="#").splitlines():
            say(line)
    return 0
