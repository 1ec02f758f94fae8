"""The obstacles tab: the tree with each obstacle's count and status, and the details of the
one under the cursor (its path, text, history and memos; its notes come from a worker)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.content import Content
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from fieldnotes.domain.model import Obstacle
from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.codebook.part import CodebookPart
from fieldnotes.tui.screens.codebook.tree import STATUS_MARKS, FittingTree, plural
from fieldnotes.tui.widgets.synthesis_style import STATUS_VARIABLES
from fieldnotes.tui.widgets.timeline import Timeline


class ObstacleTreePart(CodebookPart):
    """Builds the obstacle tree from the notebook and shows the selected obstacle."""

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
        # Notes or obstacles may have changed since the last build: worked out again (a
        # look-up in the notebook when nothing has).
        self._group_obstacle_notes()
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

    def _show_obstacle(self, obstacle_id: str | None) -> None:
        head = self.query_one("#obstacle-head", Static)
        text = self.query_one("#obstacle-text", Static)
        memo_list = self.query_one("#obstacle-memos", OptionList)
        notebook = self._notebook
        self._obstacle_shown = obstacle_id
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
        # Every obstacle's notes are known once the tree's worker has worked them out: then
        # this is a look-up and a row count, drawn in the same frame as the rest.
        self._fill_obstacle_notes(obstacle.id if obstacle is not None else None)

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
