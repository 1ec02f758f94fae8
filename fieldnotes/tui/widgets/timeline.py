"""An obstacle's history as a short timeline: one line per change, oldest first.

Takes the events; holds no notebook. Every piece of user text goes in as plain `Text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from fieldnotes.domain.history import ObstacleEvent, describe
from fieldnotes.terminal import printable

SHOWN = 6
"""The latest steps shown; the rest are counted, so a long history stays a glance."""


def timeline_text(events: Sequence[ObstacleEvent]) -> Text:
    text = Text()
    text.append("History", style="bold")
    plural = "s" if len(events) != 1 else ""
    text.append(f" · {len(events)} change{plural}", style="dim italic")
    hidden = max(0, len(events) - SHOWN)
    if hidden:
        text.append(f"\n  … {hidden} earlier", style="dim italic")
    for event in events[hidden:]:
        when = event.at.date().isoformat() if event.at is not None else "????-??-??"
        text.append(f"\n{when}  ", style="bold")
        # Typed words (reasons, decisions) are shown with control characters escaped.
        text.append(printable(describe(event)), style="dim italic" if event.damaged else "")
    return text


class Timeline(Static):
    """Hidden while the obstacle has no history, so it costs a screen nothing."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
        margin: 1 0;
        display: none;
        &.-shown { display: block; }
    }
    """

    def show(self, events: Sequence[ObstacleEvent]) -> None:
        self.set_class(bool(events), "-shown")
        self.update(timeline_text(events) if events else "")
