"""The notes list's status line: the notebook's name, how many notes show, what is waiting."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from fieldnotes.tui.widgets.sync_status import SyncStatus


@dataclass(frozen=True)
class ListStatus:
    """What the status line says; the notes screen fills it after every reload."""

    name: str
    """The notebook file's name."""
    shown: int
    total: int
    opening: bool = False
    """Only the newest notes are shown while the rest are opened."""
    narrowed: bool = False
    """A search or a filter is set (it waits while the rest are opened)."""
    due: int = 0
    waiting: int = 0
    """Jottings waiting to be written up."""
    marked: int = 0
    filters: str = ""
    """The filters set, described, when the panel that shows them is hidden."""


class StatusLine(Horizontal):
    """Three parts (`#status-name`, `#status-count`, `#status-right`) and a team replica's
    sync state (`#status-sync`), each redrawn only when
    its text changes, and re-laid out only when its width does."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="status-name")
        yield Static("", id="status-count")
        yield Static("", id="status-right")
        # Empty and zero-width for a personal notebook: a team replica's sync state.
        yield SyncStatus(id="status-sync")

    def show(self, status: ListStatus) -> None:
        shown, total = status.shown, status.total
        count = f"{shown:,} of {total:,} notes" if shown != total else f"{shown:,} notes"
        # As wide as the widest count this total allows, so a keystroke that changes the count
        # ("10,000 notes" → "531 of 10,000 notes") keeps its width and is only a repaint. A new
        # width re-laid out the screen and resized the line's right part, a second frame.
        count = count.ljust(len(f"{total:,} of {total:,} notes"))
        if status.opening:
            pending = "search waits for the rest" if status.narrowed else "opening the rest"
            count = f"newest {shown:,} of {total:,} notes · {pending}…"
        right = Text()
        if status.due:
            right.append(f"{status.due} due", style="bold")
        if status.waiting:
            noun = "jotting" if status.waiting == 1 else "jottings"
            right.append("  " if right else "")
            right.append(f"✎ {status.waiting} {noun} waiting", style="bold")
        if status.marked:
            right.append(f"  ● {status.marked} marked", style="bold")
        if status.filters:
            right.append(f"  filters: {status.filters}", style="italic")
        self._set("#status-name", Text(status.name))
        self._set("#status-count", Text(count))
        self._set("#status-right", right)

    def _set(self, selector: str, text: Text) -> None:
        # Re-laying out the screen costs more than the search; a count of the same width
        # ("495 of" → "531 of") only needs a repaint.
        shown = self._shown.get(selector)
        if shown != text:
            self._shown[selector] = text
            same_width = shown is not None and shown.cell_len == text.cell_len
            self.query_one(selector, Static).update(text, layout=not same_width)
