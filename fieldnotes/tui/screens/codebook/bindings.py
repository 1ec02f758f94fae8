"""The codebook's keys (the screen's docstring has them as a table)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

CODEBOOK_BINDINGS: list[BindingType] = [
    Binding(
        "n",
        "new_child",
        "New",
        id="codebook.new-child",
        tooltip="Add a sub-obstacle under the selected obstacle",
    ),
    Binding("r", "rename", "Rename", id="codebook.rename", tooltip="Rename the obstacle"),
    Binding(
        "e",
        "edit",
        "Details",
        id="codebook.edit",
        tooltip="Edit description, status, ask of leadership, decision and re-observe date",
    ),
    Binding(
        "m",
        "move",
        "Move",
        id="codebook.move",
        tooltip="Move the obstacle under another one, or to the top level",
    ),
    Binding(
        "M",
        "merge",
        "Merge",
        id="codebook.merge",
        tooltip="Merge into another obstacle: its notes, memos and sub-obstacles move there",
    ),
    Binding(
        "delete",
        "delete",
        "Delete",
        id="codebook.delete",
        tooltip="Delete the obstacle; its sub-obstacles move up a level",
    ),
    Binding(
        "w",
        "memo",
        "Memo",
        id="codebook.memo",
        tooltip="Write a memo linked to the selected obstacle",
    ),
    Binding(
        "N",
        "new_top",
        "Category",
        id="codebook.new-top",
        tooltip="Add a new top-level category of obstacles",
    ),
    Binding(
        "1",
        "tab('obstacles')",
        "Obstacles",
        show=False,
        id="codebook.tab-obstacles",
        tooltip="Show the obstacles",
    ),
    Binding(
        "2",
        "tab('principles')",
        "Principles",
        show=False,
        id="codebook.tab-principles",
        tooltip="Show the practice principles and the notes linked to them",
    ),
    Binding("escape", "close", "Close", id="codebook.close", tooltip="Back to the notes"),
]
"""`CodebookScreen.BINDINGS`."""
