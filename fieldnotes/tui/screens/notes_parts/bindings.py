"""The notes screen's keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType

NOTES_BINDINGS: list[BindingType] = [
    Binding(
        "enter",
        "open_note",
        "Open",
        show=False,
        id="notes.open-note",
        tooltip="Open the highlighted note in the editor",
    ),
    Binding("n", "app.new_writeup", "New", id="notes.new", tooltip="Start a new write-up"),
    Binding(
        "slash",
        "focus_search",
        "Search",
        show=False,
        id="notes.search",
        tooltip="Search all note text",
    ),
    Binding(
        "t",
        "tag",
        "Tag",
        id="notes.tag",
        tooltip="Tag the marked notes (or the highlighted one) with an obstacle or principle",
    ),
    Binding(
        "v",
        "passages",
        "Passages",
        show=False,
        id="notes.passages",
        tooltip="Read the highlighted note and code passages of its text",
    ),
    Binding(
        "w",
        "toggle_waiting",
        "Waiting",
        show=False,
        id="notes.waiting",
        tooltip="Show only jottings waiting for write-up (press again for all)",
    ),
    Binding(
        "f",
        "toggle_filters",
        "Filters",
        id="notes.filters",
        tooltip="Show or hide the filter panel",
    ),
    Binding(
        "p",
        "toggle_preview",
        "Preview",
        show=False,
        id="notes.preview",
        tooltip="Show or hide the note preview",
    ),
    Binding(
        "c",
        "app.codebook",
        "Codebook",
        show=False,
        id="notes.codebook",
        tooltip="Open the obstacles codebook",
    ),
    Binding(
        "s",
        "app.synthesis",
        "Synthesis",
        show=False,
        id="notes.synthesis",
        tooltip="Open the synthesis: obstacles ranked by evidence, the matrix and briefs",
    ),
    Binding(
        "delete",
        "trash_note",
        "Delete",
        show=False,
        id="notes.delete",
        tooltip="Move the highlighted note to the trash (asks first)",
    ),
    Binding(
        "T",
        "app.trash",
        "Trash",
        show=False,
        id="notes.trash",
        tooltip="Open the trash: restore a deleted note, or empty the trash for good",
    ),
    Binding(
        "escape",
        "escape",
        "Back",
        show=False,
        id="notes.escape",
        tooltip="Leave the search box; or unmark notes; or clear the search",
    ),
]
"""`NotesScreen.BINDINGS`."""
