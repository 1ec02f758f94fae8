"""The codebook: systems obstacles as a tree, and the practice principles notes link to.

Obstacles are where observation becomes an ask of leadership, so the tree shows at a glance
how much evidence each has (note counts, sub-obstacles included) and how far it has travelled
(status). Every change goes through the notebook façade and the tree is rebuilt after it, so
what is on screen is always what is stored.

| Key    | What it does                                             |
|--------|----------------------------------------------------------|
| n      | new sub-obstacle under the selected one                  |
| N      | new top-level category                                   |
| r      | rename                                                   |
| e      | edit details: description, status, ask, decision, date   |
| m      | move under another obstacle, or to the top level         |
| M      | merge into another obstacle (notes and memos carried)    |
| delete | delete (sub-obstacles move up a level)                   |
| w      | write a memo on the selected obstacle                    |
| 1 / 2  | obstacles tab / principles tab                           |
| escape | close                                                    |
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import (
    Label,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tree,
)
from textual.widgets.tree import TreeNode

from fieldnotes.domain.model import Memo, Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.memo import MemoEditorScreen
from fieldnotes.tui.providers import CodebookCommands
from fieldnotes.tui.screens.codebook.bindings import CODEBOOK_BINDINGS
from fieldnotes.tui.screens.codebook.details import DetailStatic, DetailTimeline
from fieldnotes.tui.screens.codebook.editing import EditingPart
from fieldnotes.tui.screens.codebook.note_lists import NoteListsPart
from fieldnotes.tui.screens.codebook.obstacles import ObstacleTreePart
from fieldnotes.tui.screens.codebook.principles import PrincipleTreePart
from fieldnotes.tui.screens.codebook.styles import CODEBOOK_CSS
from fieldnotes.tui.screens.codebook.tree import STATUS_MARKS, WIDE_AT, FittingTree, plural
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.one_line_list import OneLineOptionList

__all__ = ["STATUS_MARKS", "CodebookScreen", "FittingTree", "plural"]


class CodebookScreen(EditingPart, ObstacleTreePart, PrincipleTreePart, NoteListsPart, Screen[None]):
    """Obstacles (tree, details, memos, notes) and principles (with the notes linked to each)."""

    DEFAULT_CSS = CODEBOOK_CSS

    AUTO_FOCUS = "#obstacle-tree"
    """Focused as the screen is first shown, before its first layout. A `focus()` from
    `on_mount` landed after the first frame, once the tabs (the first focusable widget) had
    been given the focus: two restylings and a layout more on every open."""

    COMMANDS: ClassVar = {CodebookCommands}
    BINDINGS: ClassVar[list[BindingType]] = CODEBOOK_BINDINGS

    OBSTACLE_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"rename", "edit", "move", "merge", "delete", "memo"}
    )

    wide: var[bool] = var(False, init=False, toggle_class="-wide")
    """Room for each obstacle's status word beside its count (the tree is rebuilt for it)."""

    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self._notebook = notebook
        self._collapsed: set[str] = set()
        self._tree_nodes: dict[str, TreeNode[str]] = {}
        self._memos: list[Memo] = []
        self._counts: dict[str, int] = {}
        """Notes per obstacle (sub-obstacles included), as the tree shows them."""
        self._stances: dict[str, tuple[int, int]] = {}
        """Notes honouring and putting at risk each principle, as the tree shows them."""
        self._styles: dict[tuple[str, str, bool], Style] = {}
        self._principle_shown: str | None = None
        self._obstacle_shown: str | None = None
        self._principle_node_shown: str | None = None
        self._principles_built = False
        """The principles tab is built when first shown: most visits never open it."""
        self._bindings_for_selected: bool | None = None
        self._obstacle_notes: Mapping[str, Sequence[Note]] | None = None
        self._grouped_at: int | None = None

    # ------------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        # First, so the pass over the notes overlaps building the screen.
        self._group_obstacle_notes()
        yield Static("Codebook", id="codebook-title")
        with TabbedContent(initial="obstacles"):
            with TabPane("Obstacles (1)", id="obstacles"), Horizontal(classes="split"):
                tree = FittingTree("Codebook", id="obstacle-tree")
                tree.show_root = False
                tree.guide_depth = 3
                yield tree
                with VerticalScroll(classes="detail", id="obstacle-detail"):
                    yield DetailStatic(classes="detail-head", id="obstacle-head")
                    yield DetailStatic(classes="detail-text", id="obstacle-text")
                    yield DetailTimeline(id="obstacle-history")
                    yield Label("Memos", classes="section-title")
                    yield Static("No memos yet — w writes one.", classes="empty", id="memos-empty")
                    yield OptionList(id="obstacle-memos")
                    yield Label("Notes", classes="section-title")
                    yield Static("No notes tagged yet.", classes="empty", id="notes-empty")
                    yield OneLineOptionList(id="obstacle-notes")
            with TabPane("Principles (2)", id="principles"), Horizontal(classes="split"):
                principle_tree: Tree[str] = Tree("Frameworks", id="principle-tree")
                principle_tree.show_root = False
                principle_tree.guide_depth = 3
                yield principle_tree
                with VerticalScroll(classes="detail", id="principle-detail"):
                    yield DetailStatic(classes="detail-head", id="principle-head")
                    yield DetailStatic(classes="detail-text", id="principle-text")
                    yield Label("Notes", classes="section-title", id="principle-notes-title")
                    yield Static("No notes linked yet.", classes="empty", id="principle-empty")
                    yield OneLineOptionList(id="principle-notes")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Width first, without its watcher: the tree is built once on open, not once for the
        # default width and again when the first resize says how wide the screen is.
        self.set_reactive(CodebookScreen.wide, self.app.size.width >= WIDE_AT)
        self.set_class(self.wide, "-wide")
        self._refresh_all()

    def on_resize(self) -> None:
        self.wide = self.size.width >= WIDE_AT

    def watch_wide(self) -> None:
        self._refresh_all()

    def _refresh_all(self, select: str | None = None) -> None:
        try:
            self._build_obstacle_tree(select)
            if self._principles_built:
                self._build_principle_tree()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")

    def _build_principles_once(self) -> None:
        if self._principles_built:
            return
        self._principles_built = True
        try:
            self._build_principle_tree()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")

    # ------------------------------------------------------------------- events

    @on(Tree.NodeHighlighted, "#obstacle-tree")
    async def _obstacle_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        # Building the tree shows its cursor's obstacle at once; the highlights queued while
        # it was built (the cleared tree's first line, then the placement) would read the
        # notes again, twice.
        if event.node is event.control.cursor_node and event.node.data != self._obstacle_shown:
            self._show_obstacle(event.node.data)
            # The details just updated ask for a layout from their own message loops, which
            # run at the next turn of the event loop. Letting them run before this screen
            # goes idle puts the layout in the same frame as the tree's new cursor: one
            # frame per arrow instead of a repaint, then a layout a refresh tick later.
            await asyncio.sleep(0)
        # The footer rebuilds its keys on every refresh (tens of milliseconds): only when
        # what the keys can do has changed, which is whether an obstacle is selected.
        selected = self.selected_obstacle_id is not None
        if selected != self._bindings_for_selected:
            self._bindings_for_selected = selected
            self.refresh_bindings()

    @on(Tree.NodeHighlighted, "#principle-tree")
    def _principle_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if (
            event.node is event.control.cursor_node
            and event.node.data != self._principle_node_shown
        ):
            self._show_principle(event.node.data)

    # ------------------------------------------------------------------- opening notes

    @on(OptionList.OptionSelected, "#obstacle-notes")
    @on(OptionList.OptionSelected, "#principle-notes")
    def _open_note(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        self.app.push_screen(WriteUpScreen(self._notebook, event.option.id), self._after_edit)

    @on(OptionList.OptionSelected, "#obstacle-memos")
    def _open_memo(self, event: OptionList.OptionSelected) -> None:
        memo = next((m for m in self._memos if m.id == event.option.id), None)
        if memo is not None:
            self.app.push_screen(MemoEditorScreen(self._notebook, memo), self._after_edit)

    def _after_edit(self, _result: str | None) -> None:
        # Back from a note or a memo: counts, links and memos may have changed.
        self._refresh_all()

    # ------------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.OBSTACLE_ACTIONS or action in {"new_child", "new_top"}:
            if not self.is_mounted:
                return True
            on_obstacles = self.query_one(TabbedContent).active == "obstacles"
            if not on_obstacles:
                return False
            if action in self.OBSTACLE_ACTIONS:
                return self.selected_obstacle_id is not None
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "principles":
            self._build_principles_once()
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        if tab == "principles":
            self._build_principles_once()
        self.query_one(TabbedContent).active = tab
        self.query_one("#obstacle-tree" if tab == "obstacles" else "#principle-tree").focus()

    def action_close(self) -> None:
        self.dismiss(None)
