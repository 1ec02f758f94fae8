"""The write-up screen's keys (the screen's docstring has them as a table)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

WRITEUP_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="writeup.save", tooltip="Save the note and close"),
    Binding(
        "escape",
        "leave",
        "Close",
        id="writeup.close",
        tooltip="Close the editor; asks first if anything changed",
    ),
    Binding(
        "f12",
        "trash",
        "Delete",
        show=False,
        id="writeup.delete",
        tooltip="Move this note to the trash (asks first; restore it from the trash)",
    ),
    Binding(
        "f2",
        "toggle_preview",
        "Preview",
        id="writeup.preview",
        tooltip="Show the description rendered as Markdown, or go back to editing",
    ),
    Binding(
        "f3",
        "add_principle",
        "Principle",
        id="writeup.principle",
        tooltip="Link a practice principle, honoured or at risk",
    ),
    Binding(
        "f4",
        "add_quote",
        "Quote",
        show=False,
        id="writeup.quote",
        tooltip="Add a verbatim quote with the speaker's role",
    ),
    Binding(
        "f5",
        "tag_obstacle",
        "Obstacle",
        show=False,
        id="writeup.obstacle",
        tooltip="Tag a systems obstacle (type to complete; a new name can be created)",
    ),
    Binding(
        # The text area keeps f6 and f7 for selecting a line and everything.
        "f10,ctrl+g",
        "code_passage",
        "Passage",
        show=False,
        id="writeup.passage",
        tooltip="Code the selected words of the description or asides as a passage",
    ),
    Binding(
        "f8",
        "expand",
        "Expand",
        id="writeup.expand",
        tooltip="Expand this jotting into a full write-up, keeping its text",
    ),
]
"""`WriteUpScreen.BINDINGS`."""
