"""What the parts of the codebook screen share: the state its `__init__` sets up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from textual.widgets.tree import TreeNode

from fieldnotes.domain.model import Memo, Note, Obstacle
from fieldnotes.notebook import Notebook, NoteFilter

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    # At run time the parts are plain mixins; `CodebookScreen` puts `Screen` after them.
    _ScreenBase = object


class CodebookPart(_ScreenBase):
    """The attributes the parts read and write, and the methods they call across parts."""

    wide: bool
    _notebook: Notebook
    _collapsed: set[str]
    """Obstacles whose branch was folded, kept folded when the tree is built again."""
    _tree_nodes: dict[str, TreeNode[str]]
    _memos: list[Memo]
    _counts: dict[str, int]
    _stances: dict[str, tuple[int, int]]
    _styles: dict[tuple[str, str, bool], Style]
    _principle_shown: str | None
    _obstacle_shown: str | None
    """The obstacle (tree node data) whose details and notes are on screen."""
    _principle_node_shown: str | None
    """The principles tree's node (a principle or a framework) whose details are on screen."""
    _bindings_for_selected: bool | None
    _obstacle_notes: Mapping[str, Sequence[Note]] | None
    """Every obstacle's notes, newest first, once the worker has worked them out."""
    _grouped_at: int | None
    """The notebook's revision `_obstacle_notes` is for (or being worked out for)."""

    if TYPE_CHECKING:
        # Written in one part (or the screen) and called from another.

        @property
        def selected_obstacle_id(self) -> str | None: ...

        def _selected_obstacle(self) -> Obstacle | None: ...

        def _build_obstacle_tree(self, select: str | None = None) -> None: ...

        def _theme_style(self, variable: str, *, bold: bool = True) -> Style: ...

        def _read_notes(self, tab: str, shown_for: str, where: NoteFilter) -> None: ...

        def _group_obstacle_notes(self) -> None: ...

        def _fill_obstacle_notes(self, obstacle_id: str | None) -> None: ...

        def _after_edit(self, _result: str | None) -> None: ...
