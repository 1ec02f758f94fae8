"""You said, we did: each raised obstacle — voices, decision, what changed, what is open.

| Key          | What it does          |
|--------------|-----------------------|
| up, down     | scroll                |
| escape, q    | close                 |

The tracker is worked out in a worker (it reads every note); the screen shows it as the same
Markdown a brief carries, people map applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from fieldnotes.domain.tracker import TrackerItem, tracker_markdown
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.markdown import NoteMarkdown


class TrackerScreen(Screen[None]):
    HELP_GROUP = "You said, we did"

    DEFAULT_CSS = """
    TrackerScreen {
        & #tracker-bar { height: 1; background: $panel; padding: 0 1; text-style: bold; }
        & #tracker-scroll { height: 1fr; }
        & NoteMarkdown { height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="tracker.close", tooltip="Back to where you were"),
        Binding("q", "close", "Close", show=False, id="tracker.quit", tooltip="Close"),
    ]

    def __init__(self, notebook: Notebook, *, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.notebook = notebook
        self._today = today

    def compose(self) -> ComposeResult:
        yield Static("You said, we did · working it out…", id="tracker-bar")
        with VerticalScroll(id="tracker-scroll"):
            yield NoteMarkdown("", id="tracker-body")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#tracker-scroll").focus()
        self._compute(self._today())

    @work(thread=True, exclusive=True, group="tracker")
    def _compute(self, today: date) -> None:
        try:
            items = self.notebook.tracker(today=today)
        except FieldnotesError as error:
            if self.notebook.is_unlocked:
                self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._show, items, today)

    def _show(self, items: tuple[TrackerItem, ...], today: date) -> None:
        if not self.is_mounted:
            return
        open_count = sum(1 for item in items if item.still_open)
        self.query_one("#tracker-bar", Static).update(
            f"You said, we did · {len(items)} raised with leadership · {open_count} still "
            f"open · to {today.isoformat()}"
        )
        # The heading is the bar's: the body starts at the first obstacle.
        body = tracker_markdown(items).split("\n", 2)[2]
        self.query_one("#tracker-body", NoteMarkdown).update(body)

    def action_close(self) -> None:
        self.dismiss(None)
