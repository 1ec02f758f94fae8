"""Coded passages on screen: a text area that marks them, and the list of them under the text.

`CodedTextArea` underlines each passage of its field and keeps the passages on their words as
the text is edited (the same rule as a save, `domain.passages.reanchor`), so what is marked is
what will be kept. `PassageList` shows every passage of a note with its codes, flags the
orphaned ones, and posts a message when one is to be re-tagged or removed. Neither holds the
notebook: the screen that mounts them writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option

from fieldnotes.domain.model import PASSAGE_FIELDS, Note, Passage
from fieldnotes.domain.passages import excerpt, reanchor
from fieldnotes.tui.format import LinkLabels, shorten

PASSAGE_STYLE = "underline"
"""How a passage is marked in its text: an underline reads in both themes and over a
selection, and leaves the words' own colour alone."""


def _line_starts(text_area: TextArea) -> list[int]:
    document = text_area.document
    newline = len(document.newline)
    starts = [0]
    for row in range(document.line_count - 1):
        starts.append(starts[-1] + len(document.get_line(row)) + newline)
    return starts


def selected_span(text_area: TextArea) -> tuple[int, int] | None:
    """The selection as code points into `text_area.text` (start, end exclusive), or None."""
    selection = text_area.selection
    first, last = sorted((selection.start, selection.end))
    if first == last:
        return None
    starts = _line_starts(text_area)
    return starts[first[0]] + first[1], starts[last[0]] + last[1]


class CodedTextArea(TextArea):
    """A text area whose field may hold coded passages: marked, and kept on their words."""

    @dataclass
    class PassagesMoved(Message):
        """An edit moved, changed or orphaned some of the area's passages."""

        text_area: CodedTextArea
        newly_orphaned: int = 0
        """How many passages this edit took the words of."""

        @property
        def control(self) -> CodedTextArea:
            return self.text_area

    def __init__(self, text: str = "", **options: Any) -> None:
        super().__init__(text, **options)
        self._passages: list[Passage] = []
        self._anchored_to = ""
        """The text the passages' positions count in."""
        self._marks: dict[int, list[tuple[int, int | None]]] = {}

    @property
    def passages(self) -> list[Passage]:
        """The passages of this field, positions counted in the text as it is now."""
        return list(self._passages)

    def set_passages(self, passages: Sequence[Passage]) -> None:
        """Show `passages`, whose positions count in the text as it is now."""
        self._passages = list(passages)
        self._anchored_to = self.text
        self._mark()

    def _mark(self) -> None:
        marks: defaultdict[int, list[tuple[int, int | None]]] = defaultdict(list)
        starts = _line_starts(self)
        for passage in self._passages:
            if passage.orphaned:
                continue
            first, last = self._location(starts, passage.start), self._location(starts, passage.end)
            if first[0] == last[0]:
                marks[first[0]].append((first[1], last[1]))
                continue
            marks[first[0]].append((first[1], None))
            for row in range(first[0] + 1, last[0]):
                marks[row].append((0, None))
            marks[last[0]].append((0, last[1]))
        self._marks = dict(marks)
        # The area keeps rendered lines by position only: drop them so the marks show.
        self.notify_style_update()
        self.refresh()

    @staticmethod
    def _location(starts: list[int], index: int) -> tuple[int, int]:
        row = 0
        low, high = 0, len(starts) - 1
        while low <= high:
            middle = (low + high) // 2
            if starts[middle] <= index:
                row, low = middle, middle + 1
            else:
                high = middle - 1
        return row, index - starts[row]

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        for start, end in self._marks.get(line_index, ()):
            line.stylize(PASSAGE_STYLE, start, end)
        return line

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self or not self._passages:
            return
        before, after = self._anchored_to, self.text
        self._anchored_to = after
        moved = reanchor(
            self._passages,
            dict.fromkeys(PASSAGE_FIELDS, before),
            dict.fromkeys(PASSAGE_FIELDS, after),
        )
        if moved != self._passages:
            lost = sum(1 for p in moved if p.orphaned) - sum(
                1 for p in self._passages if p.orphaned
            )
            self._passages = moved
            self.post_message(self.PassagesMoved(self, max(lost, 0)))
        self._mark()


def passages_line(note: Note) -> Text:
    """A note's passages in one line for its preview; orphaned ones said plainly."""
    line = Text()
    if not note.passages:
        return line
    count = len(note.passages)
    line.append(f"❝ {count} coded passage{'s' if count != 1 else ''}", style="bold")
    orphaned = sum(1 for p in note.passages if p.orphaned)
    if orphaned:
        line.append(
            f" · ⚠ {orphaned} lost {'its' if orphaned == 1 else 'their'} words to an edit",
            style="bold",
        )
    line.append(" (v to read and code them)\n")
    return line


def codes_label(passage: Passage, labels: LinkLabels) -> str:
    """What a passage is coded with, as chips: `▸ IT/Logins · SoS·1 ✗`."""
    codes = [f"▸ {labels.obstacle_path(oid)}" for oid in passage.obstacle_ids]
    codes += [labels.principle_chip(link) for link in passage.principles]
    return " · ".join(codes) or "not coded yet"


class PassageList(OptionList):
    """Every passage of a note, in reading order, each with its codes; orphaned ones first.

    | Key | Does |
    |---|---|
    | enter, t | re-tag: choose another code to add |
    | delete, x | remove the passage (its codes go with it) |
    """

    DEFAULT_CSS = """
    PassageList {
        height: auto;
        max-height: 10;
        border: round $secondary;
        border-title-color: $text-secondary;
        padding: 0 1;
        &.-empty { display: none; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "retag",
            "Re-tag",
            id="passages.retag",
            tooltip="Code the highlighted passage with another obstacle or principle",
        ),
        Binding(
            "delete,x",
            "remove",
            "Remove passage",
            id="passages.remove",
            tooltip="Take the highlighted passage off, with its codes (the text stays)",
        ),
    ]

    @dataclass
    class Retag(Message):
        passage_id: str

    @dataclass
    class Remove(Message):
        passage_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Passage] = []

    @property
    def shown(self) -> list[Passage]:
        return list(self._shown)

    def show(self, passages: Sequence[Passage], labels: LinkLabels) -> None:
        """List `passages`; the highlighted one stays highlighted if it is still there."""
        current = self.highlighted_passage
        ordered = sorted(
            passages,
            key=lambda p: (not p.orphaned, PASSAGE_FIELDS.index(p.field), p.start, p.end),
        )
        self._shown = ordered
        self.clear_options()
        options = []
        for passage in ordered:
            line = Text()
            if passage.orphaned:
                line.append("⚠ words gone — place again or remove · ", style="bold")
            line.append(f"“{shorten(excerpt(passage, 200), 60)}”", style="italic")
            where = "" if passage.field == "description" else " (asides)"
            line.append(f"{where}  {codes_label(passage, labels)}")
            options.append(Option(line, id=passage.id))
        self.add_options(options)
        self.set_class(not ordered, "-empty")
        orphaned = sum(1 for p in ordered if p.orphaned)
        self.border_title = f"Passages ({len(ordered)})" + (
            f" · {orphaned} orphaned" if orphaned else ""
        )
        self.border_subtitle = "t re-tag · x remove"
        if ordered:
            ids = [p.id for p in ordered]
            self.highlighted = ids.index(current.id) if current and current.id in ids else 0

    @property
    def highlighted_passage(self) -> Passage | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self:
            event.stop()
            self.action_retag()

    def action_retag(self) -> None:
        passage = self.highlighted_passage
        if passage is not None:
            self.post_message(self.Retag(passage.id))

    def action_remove(self) -> None:
        passage = self.highlighted_passage
        if passage is not None:
            self.post_message(self.Remove(passage.id))
