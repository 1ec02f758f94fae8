"""The principles tab: each framework's principles with the notes honouring and putting each
at risk, and the details of the one under the cursor."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widgets import OptionList, Static, Tree
from textual.widgets.tree import TreeNode

from fieldnotes.domain.model import Principle
from fieldnotes.notebook import NoteFilter
from fieldnotes.tui.screens.codebook.part import CodebookPart


class PrincipleTreePart(CodebookPart):
    """Builds the principle tree from the notebook and shows the selected principle."""

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

    def _show_principle(self, principle_id: str | None) -> None:
        head = self.query_one("#principle-head", Static)
        text = self.query_one("#principle-text", Static)
        note_list = self.query_one("#principle-notes", OptionList)
        notebook = self._notebook
        self._principle_node_shown = principle_id
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
