"""What purged notes left an obstacle's evidence: counts only, shown apart from live evidence."""

from __future__ import annotations

from rich.text import Text

from fieldnotes.domain.retention import PurgedCounts, purged_line
from fieldnotes.tui.widgets.synthesis_style import Palette


def purged_text(counts: PurgedCounts | None, palette: Palette) -> Text:
    """One muted line under the live evidence, or nothing when no purged note counted here."""
    if counts is None or not counts.notes:
        return Text()
    text = Text("\nPurged   ", style="bold")
    text.append(purged_line(counts), style=palette.muted(italic=True))
    return text
