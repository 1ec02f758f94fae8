"""The drill-down from the synthesis or the matrix: the notes behind one obstacle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.domain.brief import period_label as brief_period_label
from fieldnotes.domain.model import Note
from fieldnotes.domain.synthesis import ObstacleEvidence
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.synthesis import NoteDialog
from fieldnotes.tui.format import MODE_GLYPHS, LinkLabels, shorten
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.preview import NotePreview
from fieldnotes.tui.widgets.synthesis_style import PATH_SEPARATOR, Palette, strength_text

WIDE = 120
"""From this width the detail pane lays its two halves side by side."""


def period_label(since: date | None, until: date | None) -> str:
    """The period as the synthesis screens name it (the brief's wording, "all dates" when open)."""
    return brief_period_label(since, until, unbounded="all dates")


class NoteRows(DataTable[Any]):
    """Notes behind an obstacle; enter reads the highlighted one in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Read", id="drill.open", tooltip="Read the note in full"),
    ]


class ObstacleNotesScreen(Screen[None]):
    """Drill-down: the notes behind one obstacle (sub-obstacles included), newest first."""

    HELP_GROUP = "Notes behind an obstacle"
    # Textual types this as an instance attribute (a ClassVar inside a union, which mypy reads
    # as a plain attribute), so an override cannot say ClassVar.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012

    DEFAULT_CSS = """
    ObstacleNotesScreen {
        layout: vertical;
        & #drill-head { height: auto; background: $panel; padding: 0 1; }
        & #drill-body { height: 1fr; }
        & #drill-notes { height: 1fr; width: 1fr; }
        & #drill-preview { display: none; }
        &.-wide #drill-body { layout: horizontal; }
        &.-wide #drill-preview { display: block; width: 45%; border-left: solid $primary; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="drill.close", tooltip="Back to the synthesis"),
    ]

    def __init__(
        self,
        notebook: Notebook,
        item: ObstacleEvidence,
        labels: LinkLabels,
        period: str,
        team: str | None,
        *,
        note_ids: Sequence[str] | None = None,
        subtitle: str = "",
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self.item = item
        self._labels = labels
        self._period = period
        self._team = team
        self._note_ids = tuple(item.note_ids if note_ids is None else note_ids)
        self._subtitle = subtitle
        self._notes: dict[str, Note] = {}

    @property
    def note_ids(self) -> list[str]:
        """The notes listed, in order."""
        return [str(row.key.value) for row in self.query_one(DataTable).ordered_rows]

    def compose(self) -> ComposeResult:
        yield Static("", id="drill-head")
        with Horizontal(id="drill-body"):
            yield NoteRows(id="drill-notes", cursor_type="row", zebra_stripes=True)
            yield NotePreview(id="drill-preview")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        palette = Palette(self.app)
        head = Text.assemble((self.item.path.replace("/", PATH_SEPARATOR), "bold"))
        if self._subtitle:
            head.append(f"  {self._subtitle}")
        head.append("\n")
        head.append_text(strength_text(self.item.strength, palette))
        count = len(self._note_ids)
        head.append(f"  {count} note{'s' if count != 1 else ''} · {self._period}")
        head.append(f" · {self._team}" if self._team else " · every team")
        self.query_one("#drill-head", Static).update(head)
        try:
            self._notes = {note_id: self.notebook.note(note_id) for note_id in self._note_ids}
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
        table = self.query_one(DataTable)
        width = self.app.size.width
        team_width = 18 if width >= WIDE else 16
        # Date, mode and team, the cell padding and the scrollbar take the rest.
        list_width = int(width * 0.55) if width >= WIDE else width
        text_width = max(list_width - team_width - 10 - 10 - 8 - 2, 20)
        table.add_column("Date", width=10, key="date")
        table.add_column("Mode", width=10, key="mode")
        table.add_column("Team", width=team_width, key="team")
        table.add_column("Note", width=text_width, key="note")
        for note_id in self._note_ids:
            note = self._notes.get(note_id)
            if note is None:
                continue
            mode = Text(
                f"{MODE_GLYPHS.get(note.mode, '·')} {note.mode}", style=palette.mode(note.mode)
            )
            first = "⚠ damaged: some fields would not open" if note.damaged else note.first_line
            table.add_row(
                Text(note.occurred_at.strftime("%Y-%m-%d")),
                mode,
                Text(shorten(note.team, team_width)),
                Text(shorten(first or "(no text)", text_width)),
                key=note.id,
            )
        table.focus()
        self._preview()

    def _current(self) -> Note | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._notes.get(str(key.value))

    def _preview(self) -> None:
        if self.app.size.width >= WIDE:
            self.query_one(NotePreview).show(self._current(), self._labels)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._preview()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        note = self._current()
        if note is not None:
            self.app.push_screen(NoteDialog(note, self._labels))

    def action_close(self) -> None:
        self.dismiss(None)
