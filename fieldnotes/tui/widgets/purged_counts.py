"""What purged notes left an obstacle's evidence: counts only, shown apart from live evidence."""

from __future__ import annotations

from rich.text import Text

from fieldnotes.domain.retention import PurgedCounts, purged_line
from fieldnotes.tui.widgets.synthesis_style import Palette


def purged_text(counts: PurgedCounts | None, palette: Palette) -> Text:
    """A section of its own under the live evidence, or nothing when no purged note counted."""
    if counts is None or not counts.notes:
        return Text()
    text = Text("\n\n")
    text.append("Purged under retention", style=palette.style("text-accent", bold=True))
    text.append("  not in the evidence above", style=palette.muted(italic=True))
    text.append("\n")
    text.append(purged_line(counts))
    return text
