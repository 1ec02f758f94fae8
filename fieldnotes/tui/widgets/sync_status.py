"""The sync state of a team notebook, as one short piece of the status line.

A personal notebook has no sync state: the widget stays empty and takes no room, so the
screens it sits on look exactly as they did before team notebooks.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from fieldnotes.domain.team import SyncState
from fieldnotes.terminal import printable_line


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe_sync(state: SyncState | None) -> Text:
    """ "online", "offline", "N changes waiting", "N conflicts": what the status line says.

    Conflicts first, because they wait for the person; then what is waiting to go up;
    "online" alone only when there is nothing else to say.
    """
    text = Text()
    if state is None:
        return text
    parts: list[tuple[str, str]] = []
    if state.conflicts:
        parts.append((_count(state.conflicts, "conflict", "conflicts"), "bold"))
    if state.refused:
        parts.append((_count(state.refused, "row refused", "rows refused"), "bold"))
    if state.waiting:
        parts.append((_count(state.waiting, "change waiting", "changes waiting"), ""))
    parts.append(("online", "") if state.online else ("offline", "bold"))
    for index, (words, style) in enumerate(parts):
        if index:
            text.append(" · ", style="dim")
        text.append(words, style=style)
    return text


def sync_tooltip(state: SyncState | None) -> str | None:
    """The longer story: why the last sync did not complete, or when it last did."""
    if state is None:
        return None
    if state.problem:
        return printable_line(state.problem)
    if state.last_synced is not None:
        return f"Last synced {state.last_synced.astimezone():%d %b %Y, %H:%M:%S}"
    return "Not synced yet"


class SyncStatus(Static):
    """Shows a `SyncState`; empty (and no width at all) for a personal notebook."""

    DEFAULT_CSS = """
    SyncStatus {
        width: auto;
        margin: 0 0 0 2;
        color: $text-muted;
        &.-empty { display: none; }
        &.-attention { color: $text-warning; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-empty", markup=False)
        self._shown: SyncState | None = None

    def show_state(self, state: SyncState | None) -> None:
        """Say what `state` says (None: a personal notebook, nothing shown)."""
        if state == self._shown and self.has_class("-empty") == (state is None):
            return
        self._shown = state
        self.set_class(state is None, "-empty")
        attention = state is not None and (
            not state.online or bool(state.conflicts) or bool(state.refused)
        )
        self.set_class(attention, "-attention")
        self.tooltip = sync_tooltip(state)
        self.update(describe_sync(state))
