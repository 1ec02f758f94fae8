"""The memo editor: kind, title, body, and the notes and obstacles a memo speaks to.

Memos are where a person's thinking between visits lives (in-process), where a code is
defined (code), and where themes are tied together for the brief (integrative). The editor
saves through the notebook itself so a refused memo (no title, no text) keeps the dialog open
with what was typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, TextArea
from textual.widgets.selection_list import Selection

from fieldnotes.domain.model import MEMO_KINDS, Memo, MemoKind, Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.codebook import DIALOG_CSS
from fieldnotes.tui.dialogs.confirm import ConfirmScreen

MEMO_KIND_LABELS: dict[str, str] = {
    "in-process": "In-process — thinking between visits",
    "code": "Code — what this obstacle means",
    "integrative": "Integrative — linking themes",
}


def note_line(note: Note, width: int = 70) -> str:
    """One line per note: date, mode and the first words of its description."""
    first = note.first_line or "(no description)"
    line = f"{note.occurred_at:%Y-%m-%d}  {note.mode:<8}  {first}"
    return line if len(line) <= width else line[: width - 1] + "…"


class MemoEditorScreen(ModalScreen[str | None]):
    """Write or edit a memo; dismisses with the memo's id, or None if cancelled or deleted."""

    DEFAULT_CSS = (
        "MemoEditorScreen {"
        + DIALOG_CSS
        + """
        & > .dialog { max-width: 120; height: 95%; }
        & #memo-fields { height: 1fr; }
        & #memo-head {
            layout: grid;
            grid-size: 2;
            grid-columns: 8 1fr;
            grid-rows: 1;
            grid-gutter: 1 1;
            height: auto;
            margin: 1 0;
        }
        & #memo-body { height: 8; margin: 0 0 1 0; }
        & #memo-links { height: auto; }
        & .link-pane { height: auto; }
        & SelectionList { height: 8; margin: 0 0 1 0; }
    }
    MemoEditorScreen.-wide #memo-links { layout: horizontal; }
    MemoEditorScreen.-wide .link-pane { width: 1fr; margin: 0 1 0 0; }
    MemoEditorScreen.-wide SelectionList { height: 12; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="memo.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="memo.save", tooltip="Save the memo"),
    ]

    def __init__(
        self,
        notebook: Notebook,
        memo: Memo | None = None,
        *,
        note_ids: Sequence[str] = (),
        obstacle_ids: Sequence[str] = (),
        kind: MemoKind = "in-process",
    ) -> None:
        """Edit `memo`, or write a new one linked to `note_ids` and `obstacle_ids`."""
        super().__init__()
        self._notebook = notebook
        self._memo = memo
        self._kind: MemoKind = memo.kind if memo is not None else kind
        self._note_ids = list(memo.note_ids) if memo is not None else list(note_ids)
        self._obstacle_ids = list(memo.obstacle_ids) if memo is not None else list(obstacle_ids)

    def compose(self) -> ComposeResult:
        memo = self._memo
        notebook = self._notebook
        linked_obstacles = set(self._obstacle_ids)
        linked_notes = set(self._note_ids)
        # Linked ones first (stable sorts keep tree and date order), so what the memo speaks
        # to is visible without scrolling.
        obstacles = sorted(notebook.obstacles(), key=lambda o: o.id not in linked_obstacles)
        notes = sorted(notebook.notes(), key=lambda n: n.id not in linked_notes)
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Edit memo" if memo is not None else "New memo"
            with VerticalScroll(id="memo-fields"):
                with Grid(id="memo-head"):
                    yield Label("Kind", classes="field-label")
                    yield Select(
                        [(MEMO_KIND_LABELS.get(k, k), k) for k in MEMO_KINDS],
                        value=self._kind,
                        allow_blank=False,
                        compact=True,
                        id="memo-kind",
                    )
                    yield Label("Title", classes="field-label")
                    yield Input(
                        memo.title if memo is not None else "",
                        placeholder="A few words to find it by",
                        compact=True,
                        id="memo-title",
                    )
                yield Label("Text", classes="field-label")
                yield TextArea(
                    memo.body if memo is not None else "",
                    placeholder="What you are noticing, and why it matters.",
                    id="memo-body",
                )
                with Vertical(id="memo-links"):
                    with Vertical(classes="link-pane"):
                        yield Label("Linked obstacles", classes="field-label")
                        yield SelectionList[str](
                            *(
                                Selection(
                                    Content(notebook.obstacle_path(o.id)),
                                    o.id,
                                    o.id in linked_obstacles,
                                )
                                for o in obstacles
                            ),
                            id="memo-obstacles",
                        )
                    with Vertical(classes="link-pane"):
                        yield Label("Linked notes", classes="field-label")
                        yield SelectionList[str](
                            *(
                                Selection(Content(note_line(n)), n.id, n.id in linked_notes)
                                for n in notes
                            ),
                            id="memo-notes",
                        )
            with Horizontal(classes="dialog-buttons"):
                if memo is not None:
                    yield Button("Delete", variant="error", compact=True, id="memo-delete")
                yield Button("Cancel", compact=True, id="memo-cancel")
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="memo-save")

    def on_mount(self) -> None:
        self.query_one("#memo-body" if self._memo else "#memo-title").focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 110, "-wide")

    @on(Button.Pressed, "#memo-save")
    def action_save(self) -> None:
        kind = self.query_one("#memo-kind", Select).value
        title = self.query_one("#memo-title", Input).value.strip()
        body = self.query_one("#memo-body", TextArea).text
        obstacle_ids = list(self.query_one("#memo-obstacles", SelectionList).selected)
        note_ids = list(self.query_one("#memo-notes", SelectionList).selected)
        memo_kind: MemoKind = next((k for k in MEMO_KINDS if k == kind), "in-process")
        try:
            if self._memo is None:
                saved = self._notebook.add_memo(
                    memo_kind, title, body, note_ids=note_ids, obstacle_ids=obstacle_ids
                )
            else:
                saved = self._notebook.save_memo(
                    dataclasses.replace(
                        self._memo,
                        kind=memo_kind,
                        title=title,
                        body=body,
                        note_ids=note_ids,
                        obstacle_ids=obstacle_ids,
                    )
                )
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(saved.id)

    @on(Button.Pressed, "#memo-delete")
    def _delete(self) -> None:
        memo = self._memo
        if memo is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._notebook.delete_memo(memo.id)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the memo “{memo.title or 'untitled'}”?",
                "Its text is removed from the notebook; linked notes and obstacles stay.",
                yes="Delete",
                no="Keep",
                cancel=None,
            ),
            answered,
        )

    @on(Button.Pressed, "#memo-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
