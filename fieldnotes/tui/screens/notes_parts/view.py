"""The keys that change what the list shows: search, filters, preview, marks, escape."""

from __future__ import annotations

from textual.widgets import Input

from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart


class ViewPart(NotesScreenPart):
    """What the list shows and how: nothing here writes to the notebook."""

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    async def action_toggle_filters(self) -> None:
        self.show_filters = not self.show_filters
        if self.show_filters:
            await self.filters.build()
            self.filters.query_one("#filter-mode").focus()
        elif self.focused is None or self.filters in self.focused.ancestors:
            self.table.focus()

    def action_toggle_preview(self) -> None:
        self.show_preview = not self.show_preview

    def action_toggle_waiting(self) -> None:
        waiting = self.filters.value_of("stage") == "jotting"
        self.filters.set_value("stage", None if waiting else "jotting")

    def action_filter_mode(self, mode: str) -> None:
        self.filters.set_value("mode", mode or None)

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        self.filters.clear()
        self.reload(recount=False)

    def action_toggle_select(self) -> None:
        self.table.action_toggle_select()

    def action_select_all(self) -> None:
        self.table.action_select_all()

    def action_clear_selection(self) -> None:
        self.table.clear_selection()

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search or (self.focused and self.filters in self.focused.ancestors):
            self.table.focus()
        elif self.table.selected:
            self.table.clear_selection()
        elif search.value:
            search.value = ""
