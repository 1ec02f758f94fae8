"""Coding passages: choose a code for selected words, and read a note to code its passages.

`PassageCodeScreen` is the chooser (an obstacle, or a principle with its stance: type to
narrow, as when tagging notes). `PassageCoding` is what the write-up editor and the note view
share: code the selection, re-tag or remove a passage, keep the list under the text current.
`NotePassagesScreen` is the read-only note view, where each change is saved at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Static

from fieldnotes.domain.model import (
    PASSAGE_FIELDS,
    Note,
    Passage,
    PassageField,
    PrincipleLink,
)
from fieldnotes.domain.passages import field_texts, new_passage
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.tag import TagTarget, TargetChooser, tag_targets
from fieldnotes.tui.format import STANCE_GLYPHS, LinkLabels, shorten
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.passages import CodedTextArea, PassageList, selected_span


@dataclass(frozen=True, slots=True)
class PassageCode:
    """One code for a passage: an obstacle, or a principle with its stance."""

    obstacle_id: str | None = None
    principle: PrincipleLink | None = None

    def added_to(self, passage: Passage) -> Passage:
        if self.obstacle_id is not None:
            ids = tuple(dict.fromkeys((*passage.obstacle_ids, self.obstacle_id)))
            return dataclasses.replace(passage, obstacle_ids=ids)
        if self.principle is not None:
            kept = tuple(
                p for p in passage.principles if p.principle_id != self.principle.principle_id
            )
            return dataclasses.replace(passage, principles=(*kept, self.principle))
        return passage


class PassageCodeScreen(TargetChooser[PassageCode]):
    """Dismisses with the code chosen for `words`, or None when cancelled."""

    DEFAULT_CSS = """
    PassageCodeScreen {
        align: center middle;
        & > Vertical {
            width: 90;
            max-width: 100%;
            height: 90%;
            max-height: 100%;
            border: round $primary;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & #passage-words { color: $text-muted; text-style: italic; height: auto; max-height: 3; }
        & Input { margin: 1 0; }
        & OptionList { height: 1fr; }
        & RadioSet { layout: horizontal; width: 1fr; margin: 1 0 0 0; border: none; padding: 0; }
        & RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "apply", "Code", id="passage.apply", tooltip="Code the words with this"),
        Binding(
            "ctrl+r",
            "toggle_stance",
            "Stance",
            id="passage.stance",
            tooltip="For a principle: switch between honoured (✓) and at risk (✗)",
        ),
        Binding("down", "move(1)", "Next", show=False, id="passage.next", tooltip="Next match"),
        Binding(
            "up", "move(-1)", "Previous", show=False, id="passage.prev", tooltip="Previous match"
        ),
        Binding("escape", "cancel", "Cancel", id="passage.cancel", tooltip="Close, coding nothing"),
    ]

    PREFIX = "passage"

    def __init__(self, targets: list[TagTarget], words: str, title: str = "Code a passage") -> None:
        super().__init__(targets)
        self._words = words
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            box.border_subtitle = "↑↓ choose · enter codes · ctrl+r stance · esc cancels"
            yield Static(Text(f"“{shorten(self._words, 240)}”"), id="passage-words")
            yield Input(
                placeholder="Type to find an obstacle (▸) or a principle (◆)",
                id="passage-search",
                tooltip="Words in any order; ↑/↓ choose, enter codes",
            )
            yield OptionList(id="passage-options")
            with RadioSet(id="passage-stance"):
                yield RadioButton(
                    f"{STANCE_GLYPHS['honoured']} honoured", value=True, id="honoured"
                )
                yield RadioButton(f"{STANCE_GLYPHS['at-risk']} at risk", id="at-risk")
        yield KeysFooter()

    def action_apply(self) -> None:
        target = self.chosen
        if target is None:
            self.notify("Nothing matches: change the search.", severity="warning")
            return
        if target.kind == "obstacle":
            self.dismiss(PassageCode(obstacle_id=target.target_id))
            return
        self.dismiss(PassageCode(principle=PrincipleLink(target.target_id, self.stance)))


class PassageCoding:
    """Coding in the text areas of one note, for the screen that shows them.

    Holds no notebook: `write` keeps a new set of passages (the note view saves it; the
    editor leaves it in the text areas until the note is saved) and says whether it did.
    """

    def __init__(
        self,
        screen: Screen[Any],
        areas: Mapping[PassageField, CodedTextArea],
        listing: PassageList,
        labels: LinkLabels,
        targets: list[TagTarget],
        write: Callable[[list[Passage]], bool] | None = None,
        changed: Callable[[], None] | None = None,
    ) -> None:
        self._screen = screen
        self._areas = dict(areas)
        self._listing = listing
        self._labels = labels
        self._targets = targets
        self._write = write
        self._changed = changed
        self._elsewhere: list[Passage] = []
        """Passages of a field not shown here: kept as they are, never dropped by a change."""

    @property
    def passages(self) -> list[Passage]:
        shown = [p for f in PASSAGE_FIELDS if f in self._areas for p in self._areas[f].passages]
        return [*shown, *self._elsewhere]

    def show(self, passages: list[Passage]) -> None:
        """Put `passages` in their text areas (positions count their texts now) and list them."""
        for field, area in self._areas.items():
            area.set_passages([p for p in passages if p.field == field])
        self._elsewhere = [p for p in passages if p.field not in self._areas]
        self.refresh_list()

    def refresh_list(self) -> None:
        if not self._listing.is_mounted:
            # Mounted by the screen as it opens: list once it is in place.
            self._screen.call_after_refresh(self.refresh_list)
            return
        self._listing.show(self.passages, self._labels)

    def moved(self, event: CodedTextArea.PassagesMoved) -> None:
        """An edit moved passages: list them again, and say so if one lost its words."""
        self.refresh_list()
        if event.newly_orphaned:
            self._screen.notify(
                "A coded passage lost its words to that edit. It is kept, with its codes, "
                "flagged in the list of passages: place it again or remove it.",
                severity="warning",
            )

    def _field_of(self, area: object) -> PassageField | None:
        for field, candidate in self._areas.items():
            if candidate is area:
                return field
        return None

    def code_selection(self) -> None:
        """Choose a code for the selected words of the focused text (the description if none)."""
        field = self._field_of(self._screen.focused) or "description"
        area = self._areas.get(field)
        span = selected_span(area) if area is not None else None
        if area is None or span is None:
            self._screen.notify(
                "Select some words first (shift and the arrow keys), then code them.",
                severity="warning",
            )
            return
        text = area.text
        start, end = span
        try:
            new_passage(field, text, start, end)
        except FieldnotesError as error:
            self._screen.notify(str(error), severity="warning")
            return

        def chosen(code: PassageCode | None) -> None:
            if code is None:
                return
            # The text may have changed while the chooser was open: code only what is there.
            if area.text != text:
                self._screen.notify("The text changed meanwhile: select the words again.")
                return
            passage = code.added_to(new_passage(field, text, start, end))
            self._keep([*self.passages, passage], "Passage coded")

        self._screen.app.push_screen(PassageCodeScreen(self._targets, text[start:end]), chosen)

    def retag(self, passage_id: str) -> None:
        """Choose another code for a passage."""
        passage = self._find(passage_id)
        if passage is None:
            return

        def chosen(code: PassageCode | None) -> None:
            if code is None:
                return
            recoded = [code.added_to(p) if p.id == passage_id else p for p in self.passages]
            self._keep(recoded, "Passage re-tagged")

        self._screen.app.push_screen(
            PassageCodeScreen(self._targets, passage.text, "Re-tag a passage"), chosen
        )

    def remove(self, passage_id: str) -> None:
        if self._find(passage_id) is None:
            return
        self._keep([p for p in self.passages if p.id != passage_id], "Passage removed")

    def _find(self, passage_id: str) -> Passage | None:
        return next((p for p in self.passages if p.id == passage_id), None)

    def _keep(self, passages: list[Passage], done: str) -> None:
        if self._write is not None and not self._write(passages):
            return
        if self._write is None:
            self.show(passages)
            if self._changed is not None:
                self._changed()
        self._screen.notify(done)


class NotePassagesScreen(ModalScreen[None]):
    """A note read-only, its passages marked in the text and listed under it; each change is
    saved at once. Orphaned passages are listed first, to place again or remove."""

    DEFAULT_CSS = """
    NotePassagesScreen {
        align: center middle;
        & > Vertical {
            width: 100%;
            height: 100%;
            background: $surface;
            padding: 0 1;
        }
        & #passages-title { text-style: bold; height: 1; }
        & CodedTextArea { height: 1fr; min-height: 4; }
        & #passages-asides { border-title-style: italic; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c,f10,ctrl+g",
            "code",
            "Code selection",
            id="note-passages.code",
            tooltip="Code the selected words with an obstacle or a principle",
        ),
        Binding(
            "l",
            "focus_list",
            "Passages",
            id="note-passages.list",
            tooltip="Go to the list of passages (t re-tags, x removes)",
        ),
        Binding("escape", "close", "Close", id="note-passages.close", tooltip="Back to the notes"),
    ]

    def __init__(self, notebook: Notebook, note_id: str) -> None:
        super().__init__()
        self._notebook = notebook
        self._note_id = note_id
        self._note: Note = notebook.note(note_id)
        self._labels = LinkLabels.from_notebook(notebook)
        self._targets = tag_targets(notebook)
        self._coding: PassageCoding | None = None

    def compose(self) -> ComposeResult:
        note = self._note
        with Vertical():
            yield Static(
                Text(f"{note.occurred_at:%a %d %b %Y %H:%M} · {note.mode} · {note.team or '—'}"),
                id="passages-title",
            )
            yield CodedTextArea(
                note.description, read_only=True, soft_wrap=True, id="passages-description"
            )
            if note.asides:
                yield CodedTextArea(
                    note.asides, read_only=True, soft_wrap=True, id="passages-asides"
                )
            yield PassageList(id="passages-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        areas: dict[PassageField, CodedTextArea] = {
            "description": self.query_one("#passages-description", CodedTextArea)
        }
        areas["description"].border_title = "Description — select words, then c to code them"
        if self._note.asides:
            areas["asides"] = self.query_one("#passages-asides", CodedTextArea)
            areas["asides"].border_title = "Asides"
        texts = field_texts(self._note)
        for field, area in list(areas.items()):
            if area.text != texts[field]:
                # The text area joins lines with one line ending; a note that mixes them
                # would count positions differently, so it is coded in the editor instead.
                area.border_subtitle = "mixed line endings: code this text in the editor"
                del areas[field]
        self._coding = PassageCoding(
            self,
            areas,
            self.query_one(PassageList),
            self._labels,
            self._targets,
            write=self._save,
        )
        self._coding.show(self._note.passages)
        areas.get("description", self.query_one("#passages-description")).focus()

    def _save(self, passages: list[Passage]) -> bool:
        try:
            self._note = self._notebook.set_passages(self._note_id, passages)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return False
        if self._coding is not None:
            self._coding.show(self._note.passages)
        return True

    def action_code(self) -> None:
        if self._coding is not None:
            self._coding.code_selection()

    def action_focus_list(self) -> None:
        self.query_one(PassageList).focus()

    @on(PassageList.Retag)
    def _retag(self, event: PassageList.Retag) -> None:
        if self._coding is not None:
            self._coding.retag(event.passage_id)

    @on(PassageList.Remove)
    def _remove(self, event: PassageList.Remove) -> None:
        if self._coding is not None:
            self._coding.remove(event.passage_id)

    def action_close(self) -> None:
        self.dismiss(None)
