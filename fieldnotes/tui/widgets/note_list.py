"""The list of notes, drawn line by line: only the rows on screen are ever rendered.

A DataTable measures every cell of every row after each rebuild (about two seconds for 10,000
notes), which made each search keystroke stall; this widget's cost is the visible rows only.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fieldnotes.domain.model import Note
from fieldnotes.terminal import printable_line as shown
from fieldnotes.tui.format import MODE_GLYPHS, LinkLabels, shorten

SELECTED_MARK = "●"
JOTTING_MARK = "✎"

ROW_CACHE_SIZE = 1_000
MARK_WIDTH = 3
DATE_WIDTH = 10
GAP = 2
# A leading cell, four gaps between five columns.
CHROME_WIDTH = 1 + 4 * GAP


WITH_LINKS = 46
"""Room (beyond mark and date) from which the links column is shown."""
WITH_TEAM = 38
"""Room from which the team column is shown; below it the note's text takes everything."""


def column_widths(total: int) -> tuple[int, int, int]:
    """Widths of the team, note and links columns for a list `total` cells wide.

    A narrow list (80 columns with the filter panel open) gives up the links, then the team,
    so the note's own words stay readable; a width of 0 means the column is not shown.
    """
    available = total - CHROME_WIDTH - MARK_WIDTH - DATE_WIDTH
    if available >= WITH_LINKS:
        team = min(max(available * 22 // 100, 8), 26)
        links = min(max(available * 30 // 100, 10), 44)
        return team, available - team - links, links
    room = available + GAP
    if room >= WITH_TEAM:
        team = min(max(room * 30 // 100, 8), 26)
        return team, room - team, 0
    return 0, max(room + GAP, 8), 0


def _cell(text: Text, width: int) -> Text:
    text = text.copy()
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


class NoteTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Notes keyed by id, newest first. Notes marked for tagging show a dot in the first column."""

    HELP_GROUP = "Notes list"

    DEFAULT_CSS = """
    NoteTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .note-table--header { background: $panel; color: $text; text-style: bold; }
        & > .note-table--odd { background: $surface-lighten-1; }
        & > .note-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .note-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .note-table--observe { color: $primary; text-style: bold; }
        & > .note-table--co-work { color: $success; text-style: bold; }
        & > .note-table--question { color: $warning; text-style: bold; }
        & > .note-table--honoured { color: $text-success; }
        & > .note-table--at-risk { color: $text-error; }
        & > .note-table--jotting { color: $text-warning; text-style: italic; }
        & > .note-table--obstacle { color: $text-secondary; text-style: italic; }
        & > .note-table--marked { color: $text-accent; text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-table--header",
        "note-table--odd",
        "note-table--cursor",
        "note-table--observe",
        "note-table--co-work",
        "note-table--question",
        "note-table--honoured",
        "note-table--at-risk",
        "note-table--jotting",
        "note-table--obstacle",
        "note-table--marked",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            id="notes.open",
            tooltip="Open the note in the editor (a jotting is expanded into a write-up there)",
        ),
        Binding(
            "space",
            "toggle_select",
            "Mark",
            id="notes.toggle-select",
            tooltip="Mark or unmark this note for tagging, then move down",
        ),
        Binding(
            "x",
            "toggle_select",
            "Mark",
            show=False,
            id="notes.toggle-select-x",
            tooltip="Mark or unmark this note for tagging, then move down",
        ),
        Binding(
            "ctrl+a",
            "select_all",
            "Mark all",
            show=False,
            id="notes.select-all",
            tooltip="Mark every note in the list; press again to unmark them all",
        ),
        Binding("up", "cursor(-1)", "Up", show=False, id="notes.up", tooltip="Previous note"),
        Binding("down", "cursor(1)", "Down", show=False, id="notes.down", tooltip="Next note"),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, id="notes.page-up", tooltip="A page up"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="notes.page-down",
            tooltip="A page down",
        ),
        Binding("home", "first", "First", show=False, id="notes.first", tooltip="Newest note"),
        Binding("end", "last", "Last", show=False, id="notes.last", tooltip="Oldest note"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False)
    """Index of the highlighted note in the current list."""

    class Highlighted(Message):
        """The cursor moved to another note (None when the list is empty)."""

        def __init__(self, note_id: str | None) -> None:
            super().__init__()
            self.note_id = note_id

    class Opened(Message):
        """Enter, or a double click, on a note."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    class SelectionChanged(Message):
        """The set of marked notes changed."""

        def __init__(self, selected: frozenset[str]) -> None:
            super().__init__()
            self.selected = selected

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._notes: list[Note] = []
        self._rows: dict[str, int] | None = {}
        """Row by note id, built when first asked for after a fill (see `_index`)."""
        self._labels = LinkLabels.empty()
        self._selected: set[str] = set()
        self._row_cache: dict[tuple[int, int, bool, bool, bool, bool], tuple[Note, Strip]] = {}
        """Rendered rows by note object and look: a keystroke that brings back the same notes,
        or a scroll back up, costs a lookup instead of building Rich text again."""
        self._header: tuple[int, Strip] | None = None
        """The header row and the width it was drawn for."""
        self._paint_width = 0
        """The rows' width during one paint, see `render_lines`."""

    # ------------------------------------------------------------------ content

    @property
    def row_count(self) -> int:
        return len(self._notes)

    @property
    def selected(self) -> frozenset[str]:
        return frozenset(self._selected)

    @property
    def note_ids(self) -> list[str]:
        return [note.id for note in self._notes]

    @property
    def current_note_id(self) -> str | None:
        if 0 <= self.cursor_row < len(self._notes):
            return self._notes[self.cursor_row].id
        return None

    def show_notes(self, notes: list[Note], labels: LinkLabels) -> None:
        """Replace the list, keeping the cursor on the same note if it is still shown.

        Nothing here walks the whole list: a search keystroke on 100,000 notes brings back
        most of them, and building a row index for each fill held the screen for ~0.1 s.
        """
        keep = self.current_note_id
        if labels is not self._labels:
            self._row_cache.clear()
        self._notes = list(notes)
        self._rows = None
        self._labels = labels
        if self._selected and self._selected - self._index.keys():
            # Marks on notes the filter hides would tag notes nobody can see.
            self._selected &= self._index.keys()
            self.post_message(self.SelectionChanged(self.selected))
        self._set_row_count()
        row = self._row_of(keep) if keep is not None else 0
        self._set_cursor(min(row, max(len(self._notes) - 1, 0)), force=True)
        self.refresh()

    @property
    def _index(self) -> dict[str, int]:
        rows = self._rows
        if rows is None:
            rows = self._rows = {note.id: index for index, note in enumerate(self._notes)}
        return rows

    def _row_of(self, note_id: str) -> int:
        """The row of `note_id` in the new list (0 when gone), without indexing every row:
        the cursor is usually on one of the first rows while a search is typed."""
        if self._rows is not None:
            return self._rows.get(note_id, 0)
        return next((row for row, note in enumerate(self._notes) if note.id == note_id), 0)

    def move_to(self, note_id: str) -> bool:
        index = self._index.get(note_id)
        if index is None:
            return False
        self._set_cursor(index)
        return True

    def clear_selection(self) -> None:
        if self._selected:
            self._selected.clear()
            self.refresh()
            self.post_message(self.SelectionChanged(self.selected))

    def refresh_colours(self) -> None:
        """Colours come from component classes, so a theme change only needs a repaint."""
        self._row_cache.clear()
        self._header = None
        self.refresh()

    # ------------------------------------------------------------------- cursor

    @property
    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _set_cursor(self, row: int, *, force: bool = False) -> None:
        row = max(0, min(row, len(self._notes) - 1)) if self._notes else 0
        changed = row != self.cursor_row
        self.cursor_row = row
        self._scroll_to_cursor()
        if changed or force:
            self.post_message(self.Highlighted(self.current_note_id))
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        body = self._body_height
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + body:
            self.scroll_to(y=self.cursor_row - body + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self._set_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor_row + direction * self._body_height)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._notes) - 1)

    def action_open(self) -> None:
        note_id = self.current_note_id
        if note_id is not None:
            self.post_message(self.Opened(note_id))

    def action_toggle_select(self) -> None:
        note_id = self.current_note_id
        if note_id is None:
            return
        self._selected.symmetric_difference_update({note_id})
        self.post_message(self.SelectionChanged(self.selected))
        if self.cursor_row < len(self._notes) - 1:
            self._set_cursor(self.cursor_row + 1)
        else:
            self.refresh()

    def action_select_all(self) -> None:
        every = set(self._index)
        self._selected = set() if every <= self._selected else every
        self.refresh()
        self.post_message(self.SelectionChanged(self.selected))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if event.y < 1 or not 0 <= row < len(self._notes):
            return
        self._set_cursor(row)
        if event.chain >= 2:
            self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self._set_row_count()
        self._scroll_to_cursor()

    def _set_row_count(self) -> None:
        """The scrollable height follows the rows, repainting the scrollbar only.

        `Widget` declares `virtual_size` as layout-changing, so each fill with another count
        laid out and drew the whole screen again (a search keystroke's largest cost after the
        search itself). The list's own size does not depend on its rows, and its gutter is
        kept whether or not the scrollbar shows; if the scrollbar comes or goes, the
        scrollbar's own reactive still asks for a layout.
        """
        # Rows are cut to the width, never scrolled sideways: the virtual width is nil.
        size = Size(0, len(self._notes) + 1)
        if size != self.virtual_size:
            self.set_reactive(NoteTable.virtual_size, size)
            self._scroll_update(size)

    # --------------------------------------------------------------- rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width is looked up once a paint rather than once a row: finding the widget's
        # region goes through the screen's map, which cost more than a cached row itself.
        self._paint_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._paint_width or self.scrollable_content_region.width
        if y == 0:
            return self._header_strip(width)
        row = int(self.scroll_y) + y - 1
        if not 0 <= row < len(self._notes):
            return Strip.blank(width, self.rich_style)
        note = self._notes[row]
        is_cursor = row == self.cursor_row
        key = (
            id(note),
            width,
            bool(row % 2),
            is_cursor,
            is_cursor and self.has_focus,
            note.id in self._selected,
        )
        cached = self._row_cache.get(key)
        # The note is kept beside its strip, so its id cannot be reused while cached.
        if cached is not None and cached[0] is note:
            return cached[1]
        base = self.rich_style
        if row % 2:
            base = base + self.get_component_rich_style("note-table--odd")
        line = self._row_text(note, *column_widths(width))
        if is_cursor:
            # The cursor's colours win over the cell colours so the row stays legible.
            line.stylize(self.get_component_rich_style("note-table--cursor"))
        strip = self._strip(line, base, width)
        if len(self._row_cache) >= ROW_CACHE_SIZE:
            self._row_cache.clear()
        self._row_cache[key] = (note, strip)
        return strip

    def _header_strip(self, width: int) -> Strip:
        if self._header is not None and self._header[0] == width:
            return self._header[1]
        team_w, text_w, links_w = column_widths(width)
        header = Text(" ", end="")
        for label, cell_width in (
            ("", MARK_WIDTH),
            ("Date", DATE_WIDTH),
            ("Team", team_w),
            ("Note", text_w),
            ("Links", links_w),
        ):
            if not cell_width:
                continue
            header.append_text(_cell(Text(label), cell_width))
            header.append(" " * GAP)
        strip = self._strip(header, self.get_component_rich_style("note-table--header"), width)
        self._header = (width, strip)
        return strip

    def _strip(self, line: Text, base: Style, width: int) -> Strip:
        segments = [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in line.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base)

    def _colour(self, name: str) -> Style:
        """A cell colour without a background, so zebra stripes and the cursor show through."""
        return self.get_component_rich_style(name, partial=True)

    def _row_text(self, note: Note, team_w: int, text_w: int, links_w: int) -> Text:
        style = self._colour
        mark = Text()
        if note.id in self._selected:
            mark.append(SELECTED_MARK, style=style("note-table--marked"))
        else:
            mark.append(" ")
        mark.append(MODE_GLYPHS.get(note.mode, "·"), style=style(f"note-table--{note.mode}"))
        if note.stage == "jotting":
            mark.append(JOTTING_MARK, style=style("note-table--jotting"))
        if note.damaged:
            text = Text("⚠ damaged: some fields would not open", style="bold")
        elif note.stage == "jotting":
            text = Text(shown(note.first_line) or "(no text)", style=style("note-table--jotting"))
        else:
            text = Text(shown(note.first_line) or "(no text)")
        line = Text(" ", end="")
        for cell, cell_width in (
            (mark, MARK_WIDTH),
            (Text(note.occurred_at.strftime("%Y-%m-%d")), DATE_WIDTH),
            (Text(shorten(note.team, team_w)) if team_w else Text(), team_w),
            (text, text_w),
            (self._links(note) if links_w else Text(), links_w),
        ):
            if not cell_width:
                continue
            line.append_text(_cell(cell, cell_width))
            line.append(" " * GAP)
        return line

    def _links(self, note: Note) -> Text:
        style = self._colour
        links = Text()
        for link in note.principles:
            if links:
                links.append(" ")
            kind = "note-table--at-risk" if link.stance == "at-risk" else "note-table--honoured"
            links.append(self._labels.principle_chip(link), style=style(kind))
        for obstacle_id in self._labels.in_codebook_order(note.obstacle_ids):
            if links:
                links.append(" ")
            links.append(
                "▸" + self._labels.obstacle_chip(obstacle_id, 14),
                style=style("note-table--obstacle"),
            )
        return links
