"""Did it change? The before/after comparison of an obstacle with an agreed change.

Takes a `Comparison` (or None, and then hides); holds no notebook.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from fieldnotes.domain.comparison import Comparison


def comparison_text(comparison: Comparison) -> Text:
    lines = comparison.sentences()
    text = Text()
    text.append("Did it change?", style="bold")
    text.append(f"  {lines[0]}", style="dim")
    for line in lines[1:]:
        text.append("\n")
        head, _, rest = line.partition(":")
        if rest and head in ("Before the change", "Since", "Observation effort"):
            text.append(f"{head}:", style="bold")
            text.append(rest)
        else:
            text.append(line, style="italic")
    return text


class ComparisonView(Static):
    """Hidden for an obstacle with nothing to compare (no change agreed on a known date)."""

    DEFAULT_CSS = """
    ComparisonView {
        height: auto;
        margin: 1 0;
        display: none;
        &.-shown { display: block; }
    }
    """

    def show(self, comparison: Comparison | None) -> None:
        self.set_class(comparison is not None, "-shown")
        self.update(comparison_text(comparison) if comparison is not None else "")
