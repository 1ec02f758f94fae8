"""The obstacle tree's widget and the words its labels are made of."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fieldnotes.tui.widgets.steady_scroll import SteadyScrollbars
from fieldnotes.tui.widgets.synthesis_style import STATUS_MARKS

WIDE_AT = 120
"""Terminal width from which tree labels spell out each status."""

__all__ = ["STATUS_MARKS", "WIDE_AT", "FittingTree", "plural"]


class FittingTree(SteadyScrollbars, Tree[str]):
    """A tree whose labels end in a tail (a count, a status) that is never cut off.

    A label too long for the tree loses the end of its name to an ellipsis instead, so the
    count stays beside every name however narrow the terminal.
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.tails: dict[str, int] = {}
        """Cells at the end of each node's label (by node data) that must stay visible."""

    def post_message(self, message: Message) -> bool:
        # A highlight goes straight to the screen, ahead of this tree's own repaint: the
        # screen then shows the obstacle's details before the next frame, and the cursor and
        # the details are drawn together. Bubbling up through the tabs, the highlight landed
        # after the tree's repaint had been drawn, and the details took a second frame,
        # aligned to the next refresh tick (up to 17 ms later). `@on(..., "#obstacle-tree")`
        # still matches: the message's control is this tree.
        if isinstance(message, Tree.NodeHighlighted) and self.is_attached:
            if not self.check_message_enabled(message):
                return False
            return self.screen.post_message(message)
        return super().post_message(message)

    def _on_resize(self, event: events.Resize) -> None:
        # `Tree` drops its lines and lays the screen out again on every resize, the first
        # (as the codebook opens) included. Here a new size changes only where labels are cut
        # (`render_label`), not the lines or the tree's scrollable size: a repaint will do.
        event.prevent_default()
        self._line_cache.grow(event.size.height)
        self._clear_line_cache()
        self._updates += 1
        self.refresh()

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
