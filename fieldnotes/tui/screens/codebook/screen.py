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

from functools import partial
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Label,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tree,
)
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode
from textual.worker import get_current_worker

from fieldnotes.domain.model import Memo, Note, Obstacle, Principle
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.dialogs.codebook import (
    NameDialog,
    ObstacleFormDialog,
    ObstaclePickDialog,
    Picked,
)
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.memo import MemoEditorScreen, note_line
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.providers import CodebookCommands
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from fieldnotes.tui.widgets.one_line_list import OneLineOptionList
from fieldnotes.tui.widgets.synthesis_style import STATUS_VARIABLES
from fieldnotes.tui.widgets.timeline import Timeline

WIDE_AT = 120
"""Terminal width from which tree labels spell out each status."""

STATUS_MARKS: dict[str, str] = {
    "emerging": "○",
    "evidenced": "◐",
    "raised": "●",
    "change agreed": "◆",
    "resolved": "✓",
}


class FittingTree(Tree[str]):
    """A tree whose labels end in a tail (a count, a status) that is never cut off.

    A label too long for the tree loses the end of its name to an ellipsis instead, so the
    count stays beside every name however narrow the terminal.
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.tails: dict[str, int] = {}
        """Cells at the end of each node's label (by node data) that must stay visible."""

    def _guide_width(self, node: TreeNode[str]) -> int:
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        if self.show_root and node is not self.root:
            depth += 1
        return depth * self.guide_depth

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        tail = self.tails.get(node.data, 0) if node.data is not None else 0
        room = self.scrollable_content_region.width - self._guide_width(node)
        # Before the first layout the width is unknown; a resize draws the labels again.
        if not tail or label.cell_len <= room or room < tail + 4:
            return label
        cut = len(label) - tail
        head = label[:cut]
        head.truncate(room - tail, overflow="ellipsis")
        return Text.assemble(head, label[cut:])


def plural(count: int, word: str) -> str:
    if count == 0:
        return f"no {word}s"
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class CodebookScreen(Screen[None]):
    """Obstacles (tree, details, memos, notes) and principles (with the notes linked to each)."""

    DEFAULT_CSS = """
    CodebookScreen {
        layout: vertical;
    }
    CodebookScreen #codebook-title {
        height: 1;
        background: $panel;
        padding: 0 1;
        text-style: bold;
    }
    CodebookScreen TabbedContent {
        height: 1fr;
    }
    CodebookScreen TabPane {
        padding: 0;
    }
    CodebookScreen .split {
        height: 1fr;
    }
    CodebookScreen .split Tree {
        width: 45%;
        min-width: 30;
        height: 100%;
        border-right: vkey $foreground 20%;
        padding: 0 1 0 0;
    }
    CodebookScreen.-wide .split Tree {
        width: 55%;
    }
    CodebookScreen .detail {
        width: 1fr;
        height: 100%;
        padding: 0 1;
        /* Always room for the scrollbar: otherwise text that fits only without it, and needs
           it once wrapped one column narrower, is laid out either way depending on whether
           the previous obstacle's details had one (its notes arrive from a worker). */
        scrollbar-gutter: stable;
    }
    CodebookScreen .detail-head {
        text-style: bold;
    }
    CodebookScreen .detail-text {
        margin: 1 0 0 0;
    }
    CodebookScreen .section-title {
        text-style: bold;
        margin: 1 0 0 0;
        color: $text-accent;
    }
    CodebookScreen .detail OptionList {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CodebookScreen .detail OptionList:blur > .option-list--option-highlighted {
        background: transparent;
    }
    CodebookScreen .empty {
        color: $text-muted;
        text-style: italic;
    }
    """

    COMMANDS: ClassVar = {CodebookCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
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
        self._bindings_for_selected: bool | None = None

    # ------------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        yield Static("Codebook", id="codebook-title")
        with TabbedContent(initial="obstacles"):
            with TabPane("Obstacles (1)", id="obstacles"), Horizontal(classes="split"):
                tree = FittingTree("Codebook", id="obstacle-tree")
                tree.show_root = False
                tree.guide_depth = 3
                yield tree
                with VerticalScroll(classes="detail", id="obstacle-detail"):
                    yield Static(classes="detail-head", id="obstacle-head")
                    yield Static(classes="detail-text", id="obstacle-text")
                    yield Timeline(id="obstacle-history")
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
                    yield Static(classes="detail-head", id="principle-head")
                    yield Static(classes="detail-text", id="principle-text")
                    yield Label("Notes", classes="section-title", id="principle-notes-title")
                    yield Static("No notes linked yet.", classes="empty", id="principle-empty")
                    yield OneLineOptionList(id="principle-notes")
        yield Footer()

    def on_mount(self) -> None:
        # Width first, without its watcher: the tree is built once on open, not once for the
        # default width and again when the first resize says how wide the screen is.
        self.set_reactive(CodebookScreen.wide, self.app.size.width >= WIDE_AT)
        self.set_class(self.wide, "-wide")
        self._refresh_all()
        self.query_one("#obstacle-tree", Tree).focus()

    def on_resize(self) -> None:
        self.wide = self.size.width >= WIDE_AT

    def watch_wide(self) -> None:
        self._refresh_all()

    def _refresh_all(self, select: str | None = None) -> None:
        try:
            self._build_obstacle_tree(select)
            self._build_principle_tree()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")

    # -------------------------------------------------------------------- obstacle tree

    def _theme_style(self, variable: str, *, bold: bool = True) -> Style:
        """A Rich style in the theme's colour (tree labels are Rich text, not Textual markup)."""
        # Kept per theme: reading the CSS variables and parsing a colour costs about 2 ms,
        # once per label of a tree that is rebuilt after every change.
        key = (self.app.theme, variable, bold)
        known = self._styles.get(key)
        if known is not None:
            return known
        value = self.app.get_css_variables().get(variable, "")
        try:
            style = Style(bold=bold, color=Color.parse(value).rich_color)
        except ColorParseError:
            style = Style(bold=bold, dim=True)
        self._styles[key] = style
        return style

    def _obstacle_label(self, obstacle: Obstacle, count: int) -> Text:
        # Status mark first so it survives a narrow tree; the word only where there is room.
        style = self._theme_style(STATUS_VARIABLES.get(obstacle.status, "text-muted"))
        # Text(..., style=) would colour the whole label; only the mark and word are coloured.
        label = Text()
        label.append(f"{STATUS_MARKS.get(obstacle.status, '?')} ", style=style)
        label.append(obstacle.name)
        tail = Text(f"  {count}", style=Style(dim=True))
        if self.wide:
            tail.append(f"  {obstacle.status}", style=style)
        self.query_one("#obstacle-tree", FittingTree).tails[obstacle.id] = len(tail)
        return label + tail

    def _build_obstacle_tree(self, select: str | None = None) -> None:
        tree: Tree[str] = self.query_one("#obstacle-tree", Tree)
        current = select or self.selected_obstacle_id
        for obstacle_id, node in self._tree_nodes.items():
            if not node.is_expanded and node.children:
                self._collapsed.add(obstacle_id)
            else:
                self._collapsed.discard(obstacle_id)
        notebook = self._notebook
        counts = self._counts = notebook.obstacle_note_counts()
        tree.clear()
        self._tree_nodes = {}

        def add(parent: TreeNode[str], parent_id: str | None) -> None:
            for obstacle in notebook.obstacle_children(parent_id):
                label = self._obstacle_label(obstacle, counts.get(obstacle.id, 0))
                children = notebook.obstacle_children(obstacle.id)
                node = parent.add(
                    label,
                    data=obstacle.id,
                    expand=obstacle.id not in self._collapsed,
                    allow_expand=bool(children),
                )
                self._tree_nodes[obstacle.id] = node
                add(node, obstacle.id)

        add(tree.root, None)
        tree.root.expand()
        target = self._tree_nodes.get(current) if current else None
        if target is None and self._tree_nodes:
            target = next(iter(self._tree_nodes.values()))
        if target is not None:
            # Ancestors must be open for the cursor to land on the node.
            parent = target.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            # Placed now, not after the first paint: a key pressed as the codebook opens then
            # moves on from here instead of being undone by a later placement. Asking for a
            # line lays the tree's lines out, which gives the node its line number.
            tree.get_node_at_line(0)
            tree.move_cursor(target)
            self.call_after_refresh(self._scroll_tree_to, target)
        self._show_obstacle(target.data if target is not None else None)
        total = len(self._tree_nodes)
        self.query_one("#codebook-title", Static).update(
            Content(f"Codebook · {plural(total, 'obstacle')}")
        )

    def _scroll_tree_to(self, node: TreeNode[str]) -> None:
        # Scrolling needs the tree's new size, known only once it has been laid out.
        tree: Tree[str] = self.query_one("#obstacle-tree", Tree)
        if tree.cursor_node is node:
            tree.scroll_to_node(node, animate=False)

    @property
    def selected_obstacle_id(self) -> str | None:
        """The obstacle under the tree's cursor."""
        if not self.is_mounted:
            return None
        tree: Tree[str] = self.query_one("#obstacle-tree", Tree)
        node = tree.cursor_node
        return node.data if node is not None else None

    def _selected_obstacle(self) -> Obstacle | None:
        obstacle_id = self.selected_obstacle_id
        if obstacle_id is None:
            return None
        try:
            return self._notebook.obstacle(obstacle_id)
        except FieldnotesError:
            return None

    @on(Tree.NodeHighlighted, "#obstacle-tree")
    def _obstacle_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self._show_obstacle(event.node.data)
        # The footer rebuilds its keys on every refresh (tens of milliseconds): only when
        # what the keys can do has changed, which is whether an obstacle is selected.
        selected = self.selected_obstacle_id is not None
        if selected != self._bindings_for_selected:
            self._bindings_for_selected = selected
            self.refresh_bindings()

    def _show_obstacle(self, obstacle_id: str | None) -> None:
        head = self.query_one("#obstacle-head", Static)
        text = self.query_one("#obstacle-text", Static)
        memo_list = self.query_one("#obstacle-memos", OptionList)
        note_list = self.query_one("#obstacle-notes", OptionList)
        notebook = self._notebook
        obstacle = None
        if obstacle_id is not None:
            try:
                obstacle = notebook.obstacle(obstacle_id)
            except FieldnotesError:
                obstacle = None
        if obstacle is None:
            head.update("The codebook is empty." if not self._tree_nodes else "")
            text.update(Content("N adds a top-level category of obstacles."))
            self._memos = []
        else:
            head.update(self._obstacle_head(obstacle))
            text.update(self._obstacle_text(obstacle))
            self._memos = notebook.memos(obstacle_id=obstacle.id)
        history = notebook.obstacle_history(obstacle.id) if obstacle is not None else []
        self.query_one("#obstacle-history", Timeline).show(history)
        memo_list.set_options(
            Option(
                Content.from_markup(
                    "[$text-accent]$kind[/]  [b]$title[/]  [$text-muted]$first[/]",
                    kind=memo.kind,
                    title=memo.title or "(untitled)",
                    first=(memo.body.strip().splitlines() or [""])[0],
                ),
                id=memo.id,
            )
            for memo in self._memos
        )
        memo_list.display = bool(self._memos)
        self.query_one("#memos-empty").display = obstacle is not None and not self._memos
        # The count is known at once; the notes themselves are read in a worker, so an arrow
        # key never waits on thousands of them.
        tagged = self._counts.get(obstacle.id, 0) if obstacle is not None else 0
        note_list.clear_options()
        note_list.display = False
        self.query_one("#notes-empty").display = obstacle is not None and not tagged
        if obstacle is not None and tagged:
            self._read_notes("obstacle", obstacle.id, NoteFilter(obstacle_id=obstacle.id))

    def _read_notes(self, tab: str, shown_for: str, where: NoteFilter) -> None:
        """Fill the notes list of the obstacle or principle on screen from a worker.

        One worker per tab, exclusive: a newer highlight cancels the older reading, and a
        result that lands after all is dropped by `_notes_read` (the highlight moved on).
        """
        self.run_worker(
            partial(self._notes_worker, tab, shown_for, where),
            thread=True,
            exclusive=True,
            group=f"codebook-{tab}-notes",
        )

    def _notes_worker(self, tab: str, shown_for: str, where: NoteFilter) -> None:
        try:
            notes = self._notebook.notes(where)
        except FieldnotesError:
            return  # locked meanwhile: the screen is on its way out
        if tab == "obstacle":
            options = [Option(Content(note_line(note, 200)), id=note.id) for note in notes]
        else:
            options = [self._principle_option(note, shown_for) for note in notes]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._notes_read, tab, shown_for, options)

    def _notes_read(self, tab: str, shown_for: str, options: list[Option]) -> None:
        if not self.is_mounted:
            return
        if tab == "obstacle":
            if self.selected_obstacle_id != shown_for:
                return
            note_list = self.query_one("#obstacle-notes", OptionList)
            empty = self.query_one("#notes-empty")
        else:
            if self._principle_shown != shown_for:
                return
            note_list = self.query_one("#principle-notes", OptionList)
            empty = self.query_one("#principle-empty")
        note_list.set_options(options)
        note_list.display = bool(options)
        empty.display = not options

    def _obstacle_head(self, obstacle: Obstacle) -> Content:
        return Content.assemble(
            Content(self._notebook.obstacle_path(obstacle.id)),
            "  ",
            Content.from_markup(
                f"[b ${STATUS_VARIABLES.get(obstacle.status, 'text-muted')}]$mark $status[/]",
                mark=STATUS_MARKS.get(obstacle.status, "?"),
                status=obstacle.status,
            ),
        )

    def _obstacle_text(self, obstacle: Obstacle) -> Content:
        parts: list[Content] = []

        def section(title: str, body: str) -> None:
            if body.strip():
                parts.append(
                    Content.from_markup("[b $text-muted]$title[/]\n$body", title=title, body=body)
                )

        section("Description", obstacle.description or "(no description yet — e edits)")
        section("Ask of leadership", obstacle.ask)
        section("Decision", obstacle.decision)
        if obstacle.reobserve_on is not None:
            section("Re-observe on", obstacle.reobserve_on.isoformat())
        if obstacle.damaged_fields:
            section(
                "Damaged", "some fields could not be opened: " + ", ".join(obstacle.damaged_fields)
            )
        return Content("\n\n").join(parts)

    # ------------------------------------------------------------------ principle tree

    def _build_principle_tree(self) -> None:
        tree: Tree[str] = self.query_one("#principle-tree", Tree)
        current = tree.cursor_node.data if tree.cursor_node is not None else None
        notebook = self._notebook
        stances = self._stances = notebook.principle_stance_counts()
        good = self._theme_style("text-success")
        bad = self._theme_style("text-error")
        tree.clear()
        select: TreeNode[str] | None = None
        for framework in notebook.frameworks():
            label = Text()
            label.append(framework.short_name, style="bold")
            label.append(f"  {framework.name}", style=Style(dim=True))
            framework_node = tree.root.add(label, data=f"framework:{framework.id}", expand=True)
            for principle in framework.principles:
                # Counts first, fixed width, so they line up and survive a narrow tree.
                up, down = stances.get(principle.id, (0, 0))
                label = Text()
                label.append(f"▲{up:<2}", style=good if up else Style(dim=True))
                label.append(f" ▼{down:<2} ", style=bad if down else Style(dim=True))
                label.append(f"{principle.code} ", style="bold")
                label.append(principle.title)
                node = framework_node.add_leaf(label, data=principle.id)
                if principle.id == current or (select is None and current is None):
                    # First visit: land on the first principle so its notes show at once.
                    select = node
        tree.root.expand()
        if select is not None:
            self.call_after_refresh(tree.move_cursor, select)
        self._show_principle(select.data if select is not None else current)

    @on(Tree.NodeHighlighted, "#principle-tree")
    def _principle_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self._show_principle(event.node.data)

    def _show_principle(self, principle_id: str | None) -> None:
        head = self.query_one("#principle-head", Static)
        text = self.query_one("#principle-text", Static)
        note_list = self.query_one("#principle-notes", OptionList)
        notebook = self._notebook
        principle: Principle | None = None
        if principle_id is not None:
            principle = notebook.principles().get(principle_id)
        if principle is None:
            framework = next(
                (f for f in notebook.frameworks() if f"framework:{f.id}" == principle_id), None
            )
            if framework is not None:
                head.update(Content(framework.name))
                text.update(Content(framework.description))
            else:
                head.update(Content("Practice frameworks"))
                text.update(Content("Choose a principle to see the notes linked to it."))
        else:
            framework_name = next(
                (f.short_name for f in notebook.frameworks() if f.id == principle.framework_id),
                principle.framework_id,
            )
            head.update(Content(f"{framework_name} {principle.code} · {principle.title}"))
            text.update(Content(principle.description))
        self._principle_shown = principle.id if principle is not None else None
        linked = sum(self._stances.get(principle.id, (0, 0))) if principle is not None else 0
        note_list.clear_options()
        note_list.display = False
        self.query_one("#principle-notes-title").display = principle is not None
        self.query_one("#principle-empty").display = principle is not None and not linked
        if principle is not None and linked:
            self._read_notes("principle", principle.id, NoteFilter(principle_id=principle.id))

    @staticmethod
    def _principle_option(note: Note, principle_id: str) -> Option:
        stance = next(
            (link.stance for link in note.principles if link.principle_id == principle_id),
            "honoured",
        )
        badge = (
            Content.from_markup("[b $text-error]▼ at risk [/]")
            if stance == "at-risk"
            else Content.from_markup("[b $text-success]▲ honoured[/]")
        )
        return Option(Content.assemble(badge, "  ", Content(note_line(note, 200))), id=note.id)

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
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#obstacle-tree" if tab == "obstacles" else "#principle-tree").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def _apply(self, change: Any, *, select: str | None = None, done: str = "") -> None:
        """Run one façade call; on success rebuild and say what happened, else say why not."""
        try:
            result = change()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        chosen = select or (result.id if isinstance(result, Obstacle) else None)
        # Codebook changes never touch principle links, so only the obstacle tree is rebuilt.
        try:
            self._build_obstacle_tree(chosen)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
        if done:
            self.notify(done)

    def _create(self, parent_id: str | None) -> None:
        where = (
            f"under “{self._notebook.obstacle_path(parent_id)}”"
            if parent_id is not None
            else "as a new top-level category"
        )

        def named(name: str | None) -> None:
            if name:
                self._apply(
                    lambda: self._notebook.add_obstacle(name, parent_id=parent_id),
                    done=f"Added “{name}”.",
                )

        self.app.push_screen(
            NameDialog("New obstacle", f"Name the new obstacle {where}.", ok="Create"), named
        )

    def action_new_child(self) -> None:
        self._create(self.selected_obstacle_id)

    def action_new_top(self) -> None:
        self._create(None)

    def action_rename(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def named(name: str | None) -> None:
            if name and name != obstacle.name:
                self._apply(
                    lambda: self._notebook.rename_obstacle(obstacle.id, name),
                    done=f"Renamed to “{name}”.",
                )

        self.app.push_screen(
            NameDialog("Rename", f"A new name for “{obstacle.name}”.", obstacle.name, ok="Rename"),
            named,
        )

    def action_edit(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def edited(changes: dict[str, Any] | None) -> None:
            if not changes:
                return
            if "status" not in changes:
                save(changes, "")
                return

            def reasoned(why: str | None) -> None:
                if why is not None:
                    save(changes, why)

            status = changes["status"]
            self.app.push_screen(ReasonDialog(obstacle.name, obstacle.status, status), reasoned)

        def save(changes: dict[str, Any], why: str) -> None:
            self._apply(
                lambda: self._notebook.update_obstacle(obstacle.id, reason=why, **changes),
                done="Saved.",
            )

        path = self._notebook.obstacle_path(obstacle.id)
        self.app.push_screen(ObstacleFormDialog(obstacle, path), edited)

    def _candidates(self, obstacle: Obstacle, *, exclude_parent: bool) -> list[tuple[str, str]]:
        inside = self._notebook.obstacle_subtree(obstacle.id)
        return [
            (o.id, self._notebook.obstacle_path(o.id))
            for o in self._notebook.obstacles()
            if o.id not in inside and not (exclude_parent and o.id == obstacle.parent_id)
        ]

    def action_move(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def picked(choice: Picked | None) -> None:
            if choice is None:
                return
            where = (
                f"under “{self._notebook.obstacle_path(choice.obstacle_id)}”"
                if choice.obstacle_id
                else "to the top level"
            )
            self._apply(
                lambda: self._notebook.move_obstacle(obstacle.id, choice.obstacle_id),
                done=f"Moved “{obstacle.name}” {where}.",
            )

        self.app.push_screen(
            ObstaclePickDialog(
                "Move",
                f"Move “{obstacle.name}” under which obstacle?",
                self._candidates(obstacle, exclude_parent=True),
                top_level=obstacle.parent_id is not None,
                ok="Move",
            ),
            picked,
        )

    def action_merge(self) -> None:
        source = self._selected_obstacle()
        if source is None:
            return

        def picked(choice: Picked | None) -> None:
            if choice is None or choice.obstacle_id is None:
                return
            self._confirm_merge(source, choice.obstacle_id)

        self.app.push_screen(
            ObstaclePickDialog(
                "Merge",
                f"Merge “{source.name}” into which obstacle? It will be removed; "
                "nothing linked to it is lost.",
                self._candidates(source, exclude_parent=False),
                ok="Merge into…",
            ),
            picked,
        )

    def merge_summary(self, source_id: str, target_id: str) -> str:
        """What a merge will carry over, in words, for the confirmation."""
        text = self._notebook.merge_preview(source_id, target_id).summary
        return f"{text} {self._merge_keeps(source_id, target_id)}"

    def _merge_keeps(self, source_id: str, target_id: str) -> str:
        """What the merged obstacle keeps of each, so no status or date is dropped unseen."""
        notebook = self._notebook
        source = notebook.obstacle(source_id)
        target = notebook.obstacle(target_id)
        kept = notebook.merged_obstacle(source_id, target_id)
        text = f"It keeps the status “{kept.status}”"
        if source.status != target.status:
            text += f", the further along of “{source.status}” and “{target.status}”"
        text += "."
        if kept.reobserve_on is not None:
            text += f" Re-observe on {kept.reobserve_on.isoformat()}"
            if None not in (source.reobserve_on, target.reobserve_on) and (
                source.reobserve_on != target.reobserve_on
            ):
                text += ", the earlier date"
            text += "."
        added = [
            name
            for name, theirs, ours in (
                ("description", source.description, target.description),
                ("ask", source.ask, target.ask),
                ("decision", source.decision, target.decision),
            )
            if theirs.strip() and theirs.strip() not in ours
        ]
        if added:
            names = added[0] if len(added) == 1 else f"{', '.join(added[:-1])} and {added[-1]}"
            text += f" Its {names} {'is' if len(added) == 1 else 'are'} added to the target's."
        return text

    def _confirm_merge(self, source: Obstacle, target_id: str) -> None:
        target_path = self._notebook.obstacle_path(target_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: self._notebook.merge_obstacles(source.id, target_id),
                    select=target_id,
                    done=f"Merged “{source.name}” into “{target_path}”.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Merge “{source.name}”?",
                self.merge_summary(source.id, target_id),
                yes="Merge",
                no="Don't merge",
                cancel=None,
            ),
            answered,
        )

    def action_delete(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return
        notebook = self._notebook
        detail = notebook.delete_preview(obstacle.id).summary
        detail += " To keep the links, merge it instead (M)."
        parent = obstacle.parent_id

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: notebook.delete_obstacle(obstacle.id),
                    select=parent,
                    done=f"Deleted “{obstacle.name}”.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{obstacle.name}”?", detail, yes="Delete", no="Keep", cancel=None
            ),
            answered,
        )

    def action_memo(self) -> None:
        obstacle_id = self.selected_obstacle_id
        if obstacle_id is None:
            return
        self.app.push_screen(
            MemoEditorScreen(self._notebook, obstacle_ids=[obstacle_id], kind="code"),
            self._after_edit,
        )
