"""The people map: each person's name and the role or pseudonym briefs write for it.

Kept sealed in the notebook. Every brief writes the mapped names as their aliases before the
identifier check, and a saved write-up offers the same replacement. The map is saved whole,
or not at all, with ctrl+s.

| Key    | What it does                                                  |
|--------|---------------------------------------------------------------|
| enter  | (on a row) edit it in the fields below; (in the fields) keep it |
| delete | remove the highlighted row                                    |
| ctrl+s | save the whole map                                            |
| escape | close; asks first if there are unsaved changes                |
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from fieldnotes.domain.pseudonyms import PersonAlias
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.widgets.footer import KeysFooter


class PeopleMapScreen(ModalScreen[list[PersonAlias] | None]):
    """Dismisses with the saved map, or None when closed without saving."""

    HELP_GROUP = "People map"

    DEFAULT_CSS = """
    PeopleMapScreen {
        align: center middle;
        & > Vertical {
            width: 90;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & #people-help { color: $text-muted; height: auto; }
        & #people-table { height: auto; min-height: 4; max-height: 12; margin: 1 0 0 0; }
        & #people-fields { height: auto; margin: 1 0 0 0; }
        & #people-fields Input { width: 1fr; }
        & #people-status { height: auto; color: $text-muted; }
        & #people-status.-error { color: $text-error; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="people.save", tooltip="Save the whole map"),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="people.remove",
            tooltip="Remove the highlighted row (saved with ctrl+s)",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="people.close",
            tooltip="Close; asks first if there are unsaved changes",
        ),
    ]

    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self.notebook = notebook
        self._damaged = ""
        try:
            people = notebook.people_map()
        except FieldnotesError as error:
            # Shown, not hidden: saving a new map is how a damaged one is replaced.
            people = []
            self._damaged = str(error)
        self._saved = list(people)
        self.people: list[PersonAlias] = list(people)
        """The map as edited here, not yet saved."""
        self._editing: str | None = None
        """The name of the row loaded into the fields, so keeping it replaces that row."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "People map"
            yield Static(
                "Each name is written as its role or pseudonym in every brief, before the "
                "identifier check, and offered for replacing when a write-up is saved. "
                "Kept sealed in the notebook.",
                id="people-help",
            )
            table: DataTable[Any] = DataTable(
                id="people-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            with Horizontal(id="people-fields"):
                yield Input(placeholder="Name: Amelia Sandhu", id="people-name")
                yield Input(placeholder="Written as: Child A", id="people-alias")
            yield Static("", id="people-status")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The box is 90 wide or the terminal's width; its border, padding and the cells'
        # padding take 8, and the two columns share the rest.
        half = max((min(90, self.app.size.width) - 8) // 2, 12)
        table.add_column("Name", width=half, key="name")
        table.add_column("Written as", width=half, key="alias")
        self._show()
        if self._damaged:
            self._status(f"{self._damaged}. Saving writes a new map.", error=True)
        self.query_one("#people-name", Input).focus()

    @property
    def changed(self) -> bool:
        return self.people != self._saved

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#people-status", Static)
        status.set_class(error, "-error")
        status.update(Text(message))

    def _show(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for person in self.people:
            table.add_row(Text(person.name), Text(person.alias), key=person.name)
        count = len(self.people)
        unsaved = " · unsaved changes (ctrl+s saves)" if self.changed else ""
        self._status(
            f"{count} name{'s' if count != 1 else ''}{unsaved} · enter on a row edits it · "
            "delete removes it"
            if count
            else f"No names yet: type a name and what briefs write instead, then enter.{unsaved}"
        )

    @on(DataTable.RowSelected)
    def _edit(self, event: DataTable.RowSelected) -> None:
        person = self.people[event.cursor_row]
        self._editing = person.name
        self.query_one("#people-name", Input).value = person.name
        alias = self.query_one("#people-alias", Input)
        alias.value = person.alias
        alias.focus()

    @on(Input.Submitted, "#people-name")
    def _next_field(self) -> None:
        self.query_one("#people-alias", Input).focus()

    @on(Input.Submitted, "#people-alias")
    def _keep(self) -> None:
        name_input = self.query_one("#people-name", Input)
        alias_input = self.query_one("#people-alias", Input)
        name, alias = name_input.value.strip(), alias_input.value.strip()
        if not name or not alias:
            self._status("Give both a name and what briefs write instead.", error=True)
            (alias_input if name else name_input).focus()
            return
        replaced = {name.casefold(), (self._editing or "").casefold()}
        others = [p for p in self.people if p.name.casefold() not in replaced]
        self.people = sorted([*others, PersonAlias(name, alias)], key=lambda p: p.name.casefold())
        self._editing = None
        name_input.value = alias_input.value = ""
        self._show()
        name_input.focus()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not self.people or table.row_count == 0:
            return
        del self.people[table.cursor_row]
        self._show()

    def action_save(self) -> None:
        try:
            saved = self.notebook.set_people_map(self.people)
        except FieldnotesError as error:
            # Nothing was written: the rows stay here to be put right.
            self._status(f"Not saved: {error}", error=True)
            return
        self.dismiss(saved)

    def action_close(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(save: bool | None) -> None:
            if save:
                self.action_save()
            elif save is False:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Save the changes to the people map?",
                "Not saving leaves the map as it was.",
                yes="Save",
                no="Discard",
            ),
            answered,
        )
