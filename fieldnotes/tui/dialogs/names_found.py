"""Names from the people map found in a note as it is saved, each replaceable by one key.

| Key    | What it does                                                   |
|--------|----------------------------------------------------------------|
| r      | write every name listed as its alias, and save                 |
| enter  | write the highlighted name as its alias (saves after the last) |
| k      | keep the highlighted name as written                           |
| escape | keep the rest as written, and save                             |
| e      | back to the editor; nothing is saved yet                       |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from fieldnotes.domain.identifiers import Finding
from fieldnotes.domain.pseudonyms import DraftName
from fieldnotes.tui.screens.briefs.identifier_check import snippet
from fieldnotes.tui.widgets.footer import KeysFooter


class NameRows(DataTable[Any]):
    """One row per name found; enter replaces the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Replace this",
            id="names-found.replace-this",
            tooltip="Write the highlighted name as its alias",
        ),
    ]


class NamesFoundDialog(ModalScreen[list[DraftName] | None]):
    """Dismisses with the names to write as their aliases (then the note is saved), or None
    to go back to the editor without saving."""

    HELP_GROUP = "Names in the note"

    DEFAULT_CSS = """
    NamesFoundDialog {
        align: center middle;
        & > Vertical {
            width: 110;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $warning;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & #names-found-help { color: $text-muted; height: auto; }
        & NameRows { height: auto; max-height: 14; margin: 1 0 0 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "replace_all",
            "Replace all",
            id="names-found.replace-all",
            tooltip="Write every name listed as its alias, and save",
        ),
        Binding(
            "k",
            "keep",
            "Keep this",
            id="names-found.keep",
            tooltip="Keep the highlighted name as written",
        ),
        Binding(
            "escape",
            "keep_rest",
            "Keep the rest",
            id="names-found.keep-rest",
            tooltip="Keep every name not yet replaced as written, and save",
        ),
        Binding(
            "e",
            "back",
            "Back to editing",
            id="names-found.back",
            tooltip="Back to the editor; nothing is saved yet",
        ),
    ]

    def __init__(self, found: Sequence[DraftName], texts: Sequence[str]) -> None:
        """`texts[i]` is the text of the field `found[i]` is in, for its context."""
        super().__init__()
        self.found = list(found)
        self._texts = list(texts)
        self.decided: dict[int, bool] = {}
        """By row: True to write the alias, False to keep the name as written."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Names from the people map"
            yield Static(
                "These names are in the people map. r writes them all as their aliases; "
                "enter replaces the highlighted one, k keeps it; esc keeps the rest as "
                "written. Then the note is saved.",
                id="names-found-help",
            )
            yield NameRows(id="names-found", cursor_type="row", zebra_stripes=True)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(NameRows)
        # The box's border and padding take 4 cells, the three cells' padding 6 more.
        width = min(110, self.app.size.width) - 10
        longest = max(len(f"{f.match.person.name} → {f.match.person.alias}") for f in self.found)
        name_width = max(min(longest, width // 2), 14)
        context = max(width - name_width - 11, 16)
        table.add_column("Name → written as", width=name_width, key="name")
        table.add_column("Where", width=11, key="where")
        table.add_column("In the text", width=context, key="text")
        for row, (found, text) in enumerate(zip(self.found, self._texts, strict=True)):
            person = found.match.person
            shown = Finding(row, "name", "", found.match.start, found.match.end, 1)
            table.add_row(
                Text(f"{person.name} → {person.alias}"),
                Text(found.label),
                snippet(text, shown, context, Style(bold=True, reverse=True)),
                key=str(row),
            )
        table.focus()

    def _mark(self, row: int, replace: bool) -> None:
        self.decided[row] = replace
        found = self.found[row]
        table = self.query_one(NameRows)
        person = found.match.person
        label = f"✓ {person.alias}" if replace else f"= {person.name} (kept)"
        table.update_cell(str(row), "name", Text(label, style="bold" if replace else "dim"))
        undecided = [i for i in range(len(self.found)) if i not in self.decided]
        if not undecided:
            self._finish()
            return
        later = [i for i in undecided if i > row]
        table.move_cursor(row=(later or undecided)[0], animate=False)

    def _finish(self) -> None:
        self.dismiss([f for i, f in enumerate(self.found) if self.decided.get(i)])

    @on(NameRows.RowSelected)
    def _replace_this(self, event: NameRows.RowSelected) -> None:
        self._mark(event.cursor_row, True)

    def action_keep(self) -> None:
        self._mark(self.query_one(NameRows).cursor_row, False)

    def action_replace_all(self) -> None:
        for row in range(len(self.found)):
            self.decided.setdefault(row, True)
        self._finish()

    def action_keep_rest(self) -> None:
        self._finish()

    def action_back(self) -> None:
        self.dismiss(None)
